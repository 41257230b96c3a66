// Every email becomes a row of the outbox, written with the change that causes it, instead of two "sent" columns on
// the request. A request's two emails move over as they were: sent ones as sent, the rest with their tries, their
// next try and their last error, so an upgrade sends each email still owed exactly once. The request keeps only
// what it is: its reference, its one-time key, the patron's answers and its dates.
import { sql, type Kysely } from "kysely";

const EMAILS_OF_RELEASE_944B267 = [
  { kind: "clinic-request", recipient: "clinic", sentColumn: "clinic_sent_at" },
  { kind: "patron-receipt", recipient: "patron", sentColumn: "patron_sent_at" },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("id", "text", (column) => column.primaryKey())
    .addColumn("kind", "text", (column) => column.notNull())
    .addColumn("reference", "text")
    .addColumn("recipient", "text", (column) => column.notNull())
    .addColumn("status", "text", (column) =>
      column.notNull().defaultTo("pending").check(sql`status IN ('pending', 'sent', 'undeliverable')`),
    )
    .addColumn("created_at", "bigint", (column) => column.notNull())
    .addColumn("due_at", "bigint", (column) => column.notNull())
    .addColumn("attempts", "integer", (column) => column.notNull().defaultTo(0))
    .addColumn("lease_until", "bigint", (column) => column.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("sent_at", "bigint")
    .execute();
  await db.schema.createIndex("outbox_due").on("outbox").columns(["status", "due_at"]).execute();
  await db.schema.createIndex("outbox_reference").on("outbox").column("reference").execute();

  for (const { kind, recipient, sentColumn } of EMAILS_OF_RELEASE_944B267) {
    const sentAt = sql`COALESCE(${sql.ref(sentColumn)}, CASE WHEN status = 'sent' THEN sent_at END)`;
    await sql`
      INSERT INTO outbox (id, kind, reference, recipient, status, created_at, due_at, attempts, lease_until, last_error, sent_at)
      SELECT reference || ${sql.lit(`/${kind}`)}, ${sql.lit(kind)}, reference, ${sql.lit(recipient)},
             CASE WHEN ${sentAt} IS NOT NULL THEN 'sent' WHEN status = 'undeliverable' THEN 'undeliverable' ELSE 'pending' END,
             received_at, next_attempt_at, attempts, 0,
             CASE WHEN ${sentAt} IS NOT NULL THEN NULL ELSE last_error END,
             ${sentAt}
      FROM consultation_requests`.execute(db);
  }

  await db.schema
    .createTable("consultation_requests_new")
    .addColumn("reference", "text", (column) => column.primaryKey())
    .addColumn("request_key", "text", (column) => column.notNull().unique())
    .addColumn("request_json", "text")
    .addColumn("received_at", "bigint", (column) => column.notNull())
    .addColumn("erased_at", "bigint")
    .execute();
  await sql`
    INSERT INTO consultation_requests_new (reference, request_key, request_json, received_at, erased_at)
    SELECT reference, request_key, request_json, received_at, erased_at FROM consultation_requests`.execute(db);
  await db.schema.dropTable("consultation_requests").execute();
  await db.schema.alterTable("consultation_requests_new").renameTo("consultation_requests").execute();
}
