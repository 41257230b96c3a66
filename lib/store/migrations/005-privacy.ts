// Privacy: the patron's details, what staff wrote to them and what emails recorded of a change are encrypted
// (lib/privacy/encryption.ts) where they were in clear; each request records the version of the privacy notice the
// patron agreed to and when; and an audit trail records what happened to each request, who caused it and when,
// without personal details. Values already stored are encrypted here, under the newest key.
import { sql, type Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import { encryptText, type DataKey } from "../../privacy/encryption";
import { encryptedPlace } from "../tables";

/** The columns this migration reads and writes, as it leaves them (later migrations may change them). */
interface TablesAt005 {
  consultation_requests: { reference: string; patron_details: string | null; staff_message: string | null };
  outbox: { id: string; details: string | null };
}

export function privacy(keys: readonly DataKey[]): Migration {
  return {
    async up(untyped: Kysely<unknown>) {
      const db = untyped as Kysely<TablesAt005>;
      await db.schema.alterTable("consultation_requests").renameColumn("request_json", "patron_details").execute();
      await db.schema.alterTable("consultation_requests").addColumn("consent_version", "text").execute();
      await db.schema.alterTable("consultation_requests").addColumn("consent_given_at", "bigint").execute();
      await db.schema.alterTable("outbox").renameColumn("details_json", "details").execute();

      const requests = await db
        .selectFrom("consultation_requests")
        .select(["reference", "patron_details", "staff_message"])
        .where((eb) => eb.or([eb("patron_details", "is not", null), eb("staff_message", "is not", null)]))
        .execute();
      for (const { reference, patron_details, staff_message } of requests) {
        await db
          .updateTable("consultation_requests")
          .set({
            patron_details: patron_details === null ? null : encryptText(keys, patron_details, encryptedPlace.patronDetails(reference)),
            staff_message: staff_message === null ? null : encryptText(keys, staff_message, encryptedPlace.staffMessage(reference)),
          })
          .where("reference", "=", reference)
          .execute();
      }
      const emails = await db.selectFrom("outbox").select(["id", "details"]).where("details", "is not", null).execute();
      for (const { id, details } of emails) {
        await db
          .updateTable("outbox")
          .set({ details: encryptText(keys, details!, encryptedPlace.emailDetails(id)) })
          .where("id", "=", id)
          .execute();
      }

      await db.schema
        .createTable("audit_events")
        .addColumn("reference", "text", (column) => column.notNull())
        .addColumn("at", "bigint", (column) => column.notNull())
        // Orders the events one transaction records at the same instant.
        .addColumn("step", "integer", (column) => column.notNull())
        .addColumn("event", "text", (column) => column.notNull())
        .addColumn("actor", "text", (column) => column.notNull().check(sql`actor IN ('patron', 'staff', 'system')`))
        .addColumn("detail", "text")
        .execute();
      await db.schema.createIndex("audit_events_reference").on("audit_events").columns(["reference", "at", "step"]).execute();
    },
  };
}
