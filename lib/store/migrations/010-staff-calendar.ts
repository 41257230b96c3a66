// Each staff member's private calendar feed: its address carries a token, kept here only as its SHA-256; replacing
// it ends the old address at once.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("staff_members").addColumn("calendar_token_hash", "text").execute();
  await db.schema.createIndex("staff_members_calendar_token").on("staff_members").column("calendar_token_hash").unique().execute();
}
