// Requests become appointments: each has a state (requested, proposed, confirmed, declined, cancelled), the agreed or
// proposed time, the calendar SEQUENCE its invitations carry, and who changed it last and when. Requests already
// stored start as requested. Emails about a change keep what the change said (time, sequence, staff's message), so
// an email composed later still tells of that change and not of a newer one.
import { sql, type ColumnDefinitionBuilder, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite adds columns one at a time.
  const add = (
    column: string,
    type: "text" | "bigint" | "integer",
    build = (c: ColumnDefinitionBuilder) => c,
  ) =>
    db.schema.alterTable("consultation_requests").addColumn(column, type, build).execute();
  await add("state", "text", (c) =>
    c.notNull().defaultTo("requested").check(sql`state IN ('requested', 'proposed', 'confirmed', 'declined', 'cancelled')`),
  );
  await add("starts_at", "bigint");
  await add("calendar_sequence", "integer", (c) => c.notNull().defaultTo(0));
  await add("state_changed_at", "bigint");
  await add("state_changed_by", "text", (c) => c.notNull().defaultTo("patron"));
  await add("staff_message", "text");
  await sql`UPDATE consultation_requests SET state_changed_at = received_at`.execute(db);
  await db.schema.createIndex("consultation_requests_agenda").on("consultation_requests").columns(["state", "starts_at"]).execute();
  await db.schema.alterTable("outbox").addColumn("details_json", "text").execute();
}
