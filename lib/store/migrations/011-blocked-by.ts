// Who blocked time: a block made in the staff area names the signed-in member (one made with `npm run diary`, at the
// server's terminal, names nobody), so the diary says who took the doctor's time out.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("diary_blocks")
    .addColumn("blocked_by", "text", (column) => column.references("staff_members.id"))
    .execute();
}
