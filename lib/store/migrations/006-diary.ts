// The diary: an appointment that is asked for at a time, proposed or confirmed holds that time as one row per 5-minute
// quantum it covers, keyed by the quantum, so the database itself refuses a second appointment over any part of it,
// whatever its length and whichever server writes it. Blocks are the times staff take out of the diary (leave,
// holidays). Appointments already confirmed or proposed hold their times from here on, off the grid or not; requests
// for a window hold nothing, as before.
import { sql, type Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import { quantaOf } from "../../diary";

/** The columns this migration reads and writes, as it leaves them (later migrations may change them). */
interface TablesAt006 {
  consultation_requests: { reference: string; state: string; starts_at: number | null };
  diary_holds: { quantum_at: number; reference: string };
}

export function diary(consultationMinutes: number): Migration {
  return {
    async up(untyped: Kysely<unknown>) {
      const db = untyped as Kysely<TablesAt006>;
      await db.schema
        .createTable("diary_holds")
        .addColumn("quantum_at", "bigint", (column) => column.primaryKey())
        .addColumn("reference", "text", (column) => column.notNull().references("consultation_requests.reference"))
        .execute();
      await db.schema.createIndex("diary_holds_reference").on("diary_holds").column("reference").execute();
      await db.schema
        .createTable("diary_blocks")
        .addColumn("id", "text", (column) => column.primaryKey())
        .addColumn("starts_at", "bigint", (column) => column.notNull())
        .addColumn("ends_at", "bigint", (column) => column.notNull())
        .addColumn("reason", "text", (column) => column.notNull())
        .addColumn("created_at", "bigint", (column) => column.notNull())
        .addCheckConstraint("diary_blocks_ends_after_start", sql`ends_at > starts_at`)
        .execute();
      await db.schema.createIndex("diary_blocks_time").on("diary_blocks").columns(["starts_at", "ends_at"]).execute();

      // Confirmed appointments first: where an older release let a proposal overlap one, the confirmed one keeps the
      // time and the proposal holds what is left of its own.
      const held = await db
        .selectFrom("consultation_requests")
        .select(["reference", "starts_at"])
        .where("state", "in", ["confirmed", "proposed"])
        .where("starts_at", "is not", null)
        .orderBy(sql`CASE state WHEN 'confirmed' THEN 0 ELSE 1 END`)
        .orderBy("starts_at")
        .orderBy("reference")
        .execute();
      for (const { reference, starts_at } of held) {
        const quanta = quantaOf(new Date(starts_at!), new Date(starts_at! + consultationMinutes * 60_000));
        await db
          .insertInto("diary_holds")
          .values(quanta.map((quantum_at) => ({ quantum_at, reference })))
          .onConflict((conflict) => conflict.column("quantum_at").doNothing())
          .execute();
      }
    },
  };
}
