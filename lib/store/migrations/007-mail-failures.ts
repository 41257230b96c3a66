// Mail failures told apart: each failed email records whether its last failure was temporary (retried), permanent
// (the patron's mail server refused the address: given up at once) or the clinic's own configuration (retried, said
// loudly), and when it was given up, for the clinic's "please call" email, the agenda and the health check. The mail
// server's last answer is kept where every server can read it. Emails given up before this release count as given up
// at their last try.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("outbox")
    .addColumn("failure", "text", (column) => column.check(sql`failure IN ('temporary', 'permanent', 'configuration')`))
    .execute();
  await db.schema.alterTable("outbox").addColumn("given_up_at", "bigint").execute();
  await sql`UPDATE outbox SET given_up_at = due_at WHERE status = 'undeliverable'`.execute(db);
  await db.schema.createIndex("outbox_given_up").on("outbox").columns(["status", "given_up_at"]).execute();
  // The oldest email still owed, for the health check, without reading the outbox.
  await db.schema.createIndex("outbox_waiting").on("outbox").columns(["status", "created_at"]).execute();
  await db.schema
    .createTable("mail_server_contact")
    .addColumn("name", "text", (column) => column.primaryKey())
    .addColumn("at", "bigint", (column) => column.notNull())
    .addColumn("outcome", "text", (column) => column.notNull().check(sql`outcome IN ('reached', 'unreachable', 'configuration')`))
    .addColumn("detail", "text")
    .execute();
}
