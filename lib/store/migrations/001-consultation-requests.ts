// The schema release 944b267 created by itself at start, before there were migrations: on a database that release
// wrote, this finds the table there and does nothing, so every later migration starts from the same place.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("consultation_requests")
    .ifNotExists()
    .addColumn("reference", "text", (column) => column.primaryKey())
    .addColumn("request_key", "text", (column) => column.notNull().unique())
    .addColumn("status", "text", (column) =>
      column.notNull().defaultTo("pending").check(sql`status IN ('pending', 'sent', 'undeliverable')`),
    )
    .addColumn("request_json", "text")
    .addColumn("received_at", "bigint", (column) => column.notNull())
    .addColumn("attempts", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "bigint", (column) => column.notNull())
    .addColumn("lease_until", "bigint", (column) => column.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("clinic_sent_at", "bigint")
    .addColumn("patron_sent_at", "bigint")
    .addColumn("sent_at", "bigint")
    .addColumn("erased_at", "bigint")
    .execute();
  await db.schema
    .createIndex("consultation_requests_due")
    .ifNotExists()
    .on("consultation_requests")
    .columns(["status", "next_attempt_at"])
    .execute();
}
