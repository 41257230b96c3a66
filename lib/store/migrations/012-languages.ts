// The language a request was made in, so the patron's emails and the pages their links open speak it; and the
// language of the privacy notice the patron agreed to, beside its version. Requests stored before were made in
// English, and agreed to the English notice where they agreed to one.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("consultation_requests")
    .addColumn("language", "text", (column) => column.notNull().defaultTo("en"))
    .execute();
  await db.schema.alterTable("consultation_requests").addColumn("consent_notice_language", "text").execute();
  await sql`UPDATE consultation_requests SET consent_notice_language = 'en' WHERE consent_version IS NOT NULL`.execute(db);
}
