// Who did what, by name: a change staff make from the staff area records the signed-in member in the audit trail
// (a change from an email's link, which needs no sign-in, records the clinic as before).
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("audit_events")
    .addColumn("staff_member_id", "text", (column) => column.references("staff_members.id"))
    .execute();
}
