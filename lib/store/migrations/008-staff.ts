// The staff area: staff members, their passkeys, their sessions, the one-time enrolment links that let a member
// create a passkey, the challenges of passkey ceremonies in progress, and what each member did. Nothing here is a
// secret a copy of the database would give away: sessions and enrolment links are kept as SHA-256 hashes of their
// tokens, passkeys as public keys. What two servers could break is a constraint: one live member per email, one
// passkey per credential id, a link used once and lasting an hour at most, a challenge taken once.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("staff_members")
    .addColumn("id", "text", (column) => column.primaryKey())
    .addColumn("name", "text", (column) => column.notNull().check(sql`length(name) BETWEEN 1 AND 100`))
    .addColumn("email", "text", (column) => column.notNull().check(sql`email = lower(email) AND email LIKE '%_@_%'`))
    .addColumn("created_at", "bigint", (column) => column.notNull())
    .addColumn("removed_at", "bigint")
    .execute();
  // A removed member's row stays, so the audit trail still names them; the same email may be invited again.
  await db.schema
    .createIndex("staff_members_live_email")
    .on("staff_members")
    .column("email")
    .unique()
    .where(sql.ref("removed_at"), "is", null)
    .execute();

  await db.schema
    .createTable("staff_passkeys")
    // The credential's id as the browser gives it (base64url): sign-in finds the passkey by it.
    .addColumn("credential_id", "text", (column) => column.primaryKey())
    .addColumn("member_id", "text", (column) => column.notNull().references("staff_members.id"))
    // The COSE public key, base64url.
    .addColumn("public_key", "text", (column) => column.notNull())
    .addColumn("counter", "bigint", (column) => column.notNull().check(sql`counter >= 0`))
    // JSON array of the transports the authenticator named ("internal", "hybrid", "usb", …).
    .addColumn("transports", "text", (column) => column.notNull())
    .addColumn("name", "text", (column) => column.notNull().check(sql`length(name) BETWEEN 1 AND 60`))
    .addColumn("created_at", "bigint", (column) => column.notNull())
    .addColumn("last_used_at", "bigint")
    .execute();
  await db.schema.createIndex("staff_passkeys_member").on("staff_passkeys").column("member_id").execute();

  await db.schema
    .createTable("staff_sessions")
    // SHA-256 of the cookie's 256-bit token, base64url: never the token.
    .addColumn("token_hash", "text", (column) => column.primaryKey().check(sql`length(token_hash) = 43`))
    .addColumn("member_id", "text", (column) => column.notNull().references("staff_members.id"))
    .addColumn("created_at", "bigint", (column) => column.notNull())
    .addColumn("last_seen_at", "bigint", (column) => column.notNull())
    .addColumn("ended_at", "bigint")
    .addCheckConstraint("staff_sessions_seen_after_start", sql`last_seen_at >= created_at`)
    .execute();
  await db.schema.createIndex("staff_sessions_member").on("staff_sessions").column("member_id").execute();

  await db.schema
    .createTable("staff_enrolments")
    .addColumn("token_hash", "text", (column) => column.primaryKey().check(sql`length(token_hash) = 43`))
    .addColumn("member_id", "text", (column) => column.notNull().references("staff_members.id"))
    .addColumn("created_at", "bigint", (column) => column.notNull())
    .addColumn("expires_at", "bigint", (column) => column.notNull())
    .addColumn("used_at", "bigint")
    // An hour at most, whatever the code that writes it says.
    .addCheckConstraint("staff_enrolments_one_hour", sql`expires_at > created_at AND expires_at - created_at <= 3600000`)
    .addCheckConstraint("staff_enrolments_used_in_time", sql`used_at IS NULL OR used_at < expires_at`)
    .execute();
  await db.schema.createIndex("staff_enrolments_member").on("staff_enrolments").column("member_id").execute();

  await db.schema
    .createTable("staff_challenges")
    // The challenge itself (base64url): the browser's response names it, and it is taken (deleted) once.
    .addColumn("challenge", "text", (column) => column.primaryKey())
    .addColumn("purpose", "text", (column) => column.notNull().check(sql`purpose IN ('sign-in', 'enrol', 'add-passkey')`))
    // Whose ceremony it is: the enrolment link's hash, or the signed-in member adding a passkey; none for sign-in.
    .addColumn("owner", "text")
    .addColumn("expires_at", "bigint", (column) => column.notNull())
    .addCheckConstraint("staff_challenges_owned", sql`(purpose = 'sign-in') = (owner IS NULL)`)
    .execute();
  await db.schema.createIndex("staff_challenges_expiry").on("staff_challenges").column("expires_at").execute();

  await db.schema
    .createTable("staff_events")
    .addColumn("id", "text", (column) => column.primaryKey())
    .addColumn("member_id", "text", (column) => column.notNull().references("staff_members.id"))
    .addColumn("at", "bigint", (column) => column.notNull())
    .addColumn("event", "text", (column) =>
      column
        .notNull()
        .check(sql`event IN ('invited', 'enrolled', 'signed in', 'signed out', 'passkey added', 'passkey renamed', 'passkey removed', 'removed')`),
    )
    // The member who did it, when not the member themself (a colleague's invitation or removal); null from the command line.
    .addColumn("by_member_id", "text", (column) => column.references("staff_members.id"))
    // The passkey's name, for a passkey's events.
    .addColumn("detail", "text")
    .execute();
  await db.schema.createIndex("staff_events_member").on("staff_events").columns(["member_id", "at"]).execute();
}
