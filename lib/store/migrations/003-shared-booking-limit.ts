// The booking limit moves from each server's memory into the database, so that several servers allow together what
// one would. Clients are known by a salted hash of their address (an address is personal data); the salt is made
// here, once, and shared by every server through the database.
import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("booking_limits")
    .addColumn("address_hash", "text", (column) => column.primaryKey())
    .addColumn("attempts_json", "text", (column) => column.notNull())
    .addColumn("last_attempt_at", "bigint", (column) => column.notNull())
    .execute();
  await db.schema.createIndex("booking_limits_last_attempt").on("booking_limits").column("last_attempt_at").execute();

  await db.schema
    .createTable("site_secrets")
    .addColumn("name", "text", (column) => column.primaryKey())
    .addColumn("value", "text", (column) => column.notNull())
    .execute();
  await sql`INSERT INTO site_secrets (name, value) VALUES ('client-address-salt', ${randomBytes(32).toString("base64")})`.execute(db);
}
