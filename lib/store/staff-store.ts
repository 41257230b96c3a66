// The staff area's part of the store, on both engines: members, their passkeys, sessions, one-time enrolment links,
// passkey ceremonies' challenges and what each member did (migration 008). Tokens reach here only as SHA-256
// hashes; the rules of a session's life (8 hours, 60 minutes idle) are lib/staff's, given the times stored here.
import { randomUUID } from "node:crypto";
import { sql, type Kysely, type Selectable } from "kysely";
import type { NewEmail } from "./clinic-store";
import type { Engine } from "./database";
import type {
  StaffChallengePurpose,
  StaffEventName,
  StaffMembersTable,
  StaffPasskeysTable,
  Tables,
} from "./tables";

export type { StaffChallengePurpose, StaffEventName } from "./tables";

export interface StaffMember {
  id: string;
  name: string;
  email: string;
  createdAt: Date;
  removedAt: Date | null;
}

export interface StaffPasskey {
  credentialId: string;
  memberId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** A passkey to store, as its ceremony verified it. */
export type NewPasskey = Pick<StaffPasskey, "credentialId" | "publicKey" | "counter" | "transports" | "name">;

export interface StaffSessionRecord {
  member: StaffMember;
  createdAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
}

/** Why an enrolment link cannot be used: never issued (or altered), used already, past its hour, or its member removed. */
export type EnrolmentProblem = "unknown" | "used" | "expired";

export interface StaffEvent {
  at: Date;
  event: StaffEventName;
  member: string;
  /** The colleague who did it, when not the member themself; null for the member or the command line. */
  by: string | null;
  detail: string | null;
}

export interface Invitation {
  name: string;
  email: string;
  /** SHA-256 of the link's token. */
  tokenHash: string;
  now: Date;
  expiresAt: Date;
  /** The member who invited, or null from the command line. */
  by: string | null;
  /** The email with the link to the member, written in the same transaction (none when mail is not configured). */
  emails: NewEmail[];
}

export interface StaffStore {
  /**
   * Writes a one-time enrolment link for the live member with `email`, adding them when there is none (a new
   * colleague) or keeping their name (recovery). Their earlier unused links end: only the newest works.
   */
  inviteStaffMember(invitation: Invitation): Promise<{ member: StaffMember; isNew: boolean }>;
  /** Live members, by name, each with their passkeys, oldest first. */
  staffMembers(): Promise<(StaffMember & { passkeys: StaffPasskey[] })[]>;
  /** The member an enrolment link is for, if it can still be used at `now`. */
  findEnrolment(tokenHash: string, now: Date): Promise<{ member: StaffMember; expiresAt: Date } | { problem: EnrolmentProblem }>;
  saveStaffChallenge(challenge: { challenge: string; purpose: StaffChallengePurpose; owner: string | null; expiresAt: Date }): Promise<void>;
  /**
   * Takes a challenge once: returns its owner if it was issued for `purpose` and has not expired at `now`, and deletes
   * it either way (with every other expired one), so a response can never be verified twice.
   */
  takeStaffChallenge(challenge: string, purpose: StaffChallengePurpose, now: Date): Promise<{ owner: string | null } | undefined>;
  /**
   * Uses an enrolment link: stores the passkey, marks the link used and starts a session, all or nothing; undefined when
   * the link was used meanwhile, expired or its member removed (nothing is written).
   */
  enrolStaffPasskey(enrolmentHash: string, passkey: NewPasskey, sessionHash: string, now: Date): Promise<StaffMember | undefined>;
  /** Adds a passkey to a live member; false when the member is gone. */
  addStaffPasskey(memberId: string, passkey: NewPasskey, now: Date): Promise<boolean>;
  /** A live member's passkey by its credential id. */
  findStaffPasskey(credentialId: string): Promise<(StaffPasskey & { member: StaffMember }) | undefined>;
  /** Records a sign-in with a passkey at `now`: its new counter and a new session, all or nothing; false if the member or passkey is gone. */
  signInWithPasskey(credentialId: string, newCounter: number, sessionHash: string, now: Date): Promise<StaffMember | undefined>;
  renameStaffPasskey(memberId: string, credentialId: string, name: string, now: Date): Promise<boolean>;
  /** Removes one of a member's passkeys, never their last (they could not sign in again). */
  removeStaffPasskey(memberId: string, credentialId: string, now: Date): Promise<"removed" | "last" | "not-found">;
  findStaffSession(tokenHash: string): Promise<StaffSessionRecord | undefined>;
  /** Marks a live session as seen at `now` (its idle time starts again). */
  touchStaffSession(tokenHash: string, now: Date): Promise<void>;
  /** Ends a session at `now` (signing out); false when it had ended already. */
  endStaffSession(tokenHash: string, now: Date): Promise<boolean>;
  /** Removes the live member with `email` at `now`: their sessions end, passkeys and unused links go; undefined if none. */
  removeStaffMember(email: string, now: Date, by: string | null): Promise<StaffMember | undefined>;
  /** The members who have had `email`, the live one (if any) first, then those removed, latest first. */
  staffMembersByEmail(email: string): Promise<StaffMember[]>;
  /** A member's events, oldest first. */
  staffEvents(memberId: string): Promise<StaffEvent[]>;
  /** Gives a live member a new calendar feed token (its hash); the old one opens nothing from now on. */
  replaceCalendarToken(memberId: string, tokenHash: string): Promise<boolean>;
  /** The live member whose calendar feed token has this hash. */
  memberByCalendarToken(tokenHash: string): Promise<StaffMember | undefined>;
  /** Counts one sign-in attempt from this client address (as bookings are counted) and says whether it is within the limit. */
  allowStaffSignInAttempt(clientAddress: string, now: Date, limit: { requests: number; seconds: number }): Promise<boolean>;
}

const toMember = (row: Selectable<StaffMembersTable>): StaffMember => ({
  id: row.id,
  name: row.name,
  email: row.email,
  createdAt: new Date(row.created_at),
  removedAt: row.removed_at === null ? null : new Date(row.removed_at),
});

const toPasskey = (row: Selectable<StaffPasskeysTable>): StaffPasskey => ({
  credentialId: row.credential_id,
  memberId: row.member_id,
  publicKey: new Uint8Array(Buffer.from(row.public_key, "base64url")),
  counter: Number(row.counter),
  transports: JSON.parse(row.transports) as string[],
  name: row.name,
  createdAt: new Date(row.created_at),
  lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
});

type StaffEventEntry = { event: StaffEventName; by?: string | null; detail?: string | null };

/** Records `entries` as having happened to `memberId` at `at`, in their order (the id sorts them), in the caller's transaction. */
async function recordStaffEvents(trx: Kysely<Tables>, memberId: string, at: Date, entries: StaffEventEntry[]): Promise<void> {
  await trx
    .insertInto("staff_events")
    .values(
      entries.map(({ event, by, detail }, step) => ({
        id: `${at.getTime()}.${step}.${randomUUID()}`,
        member_id: memberId,
        at: at.getTime(),
        event,
        by_member_id: by ?? null,
        detail: detail ?? null,
      })),
    )
    .execute();
}

export function createStaffStore(
  db: Kysely<Tables>,
  engine: Engine,
  write: <T>(work: (trx: Kysely<Tables>) => Promise<T>) => Promise<T>,
  allowAttempt: (key: string, now: Date, limit: { requests: number; seconds: number }) => Promise<boolean>,
  writeEmails: (trx: Kysely<Tables>, emails: NewEmail[], now: Date) => Promise<void>,
): StaffStore {
  const passkeyRow = (memberId: string, passkey: NewPasskey, now: Date) => ({
    credential_id: passkey.credentialId,
    member_id: memberId,
    public_key: Buffer.from(passkey.publicKey).toString("base64url"),
    counter: passkey.counter,
    transports: JSON.stringify(passkey.transports),
    name: passkey.name,
    created_at: now.getTime(),
    last_used_at: null,
  });

  /** The live member `id`, locked on PostgreSQL for the rest of the transaction, so a removal waits or is seen. */
  const liveMember = (trx: Kysely<Tables>, id: string) =>
    trx
      .selectFrom("staff_members")
      .selectAll()
      .where("id", "=", id)
      .where("removed_at", "is", null)
      .$if(engine === "postgres", (query) => query.forUpdate())
      .executeTakeFirst();

  const startSession = (trx: Kysely<Tables>, memberId: string, sessionHash: string, now: Date) =>
    trx
      .insertInto("staff_sessions")
      .values({ token_hash: sessionHash, member_id: memberId, created_at: now.getTime(), last_seen_at: now.getTime(), ended_at: null })
      .execute();

  return {
    inviteStaffMember: ({ name, email, tokenHash, now, expiresAt, by, emails }) =>
      write(async (trx) => {
        const found = await trx
          .selectFrom("staff_members")
          .selectAll()
          .where("email", "=", email)
          .where("removed_at", "is", null)
          .$if(engine === "postgres", (query) => query.forUpdate())
          .executeTakeFirst();
        const member =
          found ??
          (await trx
            .insertInto("staff_members")
            .values({ id: randomUUID(), name, email, created_at: now.getTime(), removed_at: null, calendar_token_hash: null })
            .returningAll()
            .executeTakeFirstOrThrow());
        // Only the newest link works: an older one forwarded or left in an inbox is no way in.
        await trx.deleteFrom("staff_enrolments").where("member_id", "=", member.id).where("used_at", "is", null).execute();
        await trx
          .insertInto("staff_enrolments")
          .values({ token_hash: tokenHash, member_id: member.id, created_at: now.getTime(), expires_at: expiresAt.getTime(), used_at: null })
          .execute();
        await writeEmails(trx, emails, now);
        await recordStaffEvents(trx, member.id, now, [{ event: "invited", by }]);
        return { member: toMember(member), isNew: !found };
      }),

    async staffMembers() {
      const members = await db.selectFrom("staff_members").selectAll().where("removed_at", "is", null).orderBy("name").orderBy("id").execute();
      const passkeys = await db
        .selectFrom("staff_passkeys")
        .selectAll()
        .where(
          "member_id",
          "in",
          db.selectFrom("staff_members").select("id").where("removed_at", "is", null),
        )
        .orderBy("created_at")
        .orderBy("credential_id")
        .execute();
      return members.map((row) => ({
        ...toMember(row),
        passkeys: passkeys.filter((passkey) => passkey.member_id === row.id).map(toPasskey),
      }));
    },

    async findEnrolment(tokenHash, now) {
      const row = await db
        .selectFrom("staff_enrolments")
        .innerJoin("staff_members", "staff_members.id", "staff_enrolments.member_id")
        .selectAll("staff_members")
        .select(["staff_enrolments.expires_at", "staff_enrolments.used_at"])
        .where("staff_enrolments.token_hash", "=", tokenHash)
        .executeTakeFirst();
      if (!row || row.removed_at !== null) return { problem: "unknown" };
      if (row.used_at !== null) return { problem: "used" };
      if (now.getTime() >= row.expires_at) return { problem: "expired" };
      return { member: toMember(row), expiresAt: new Date(row.expires_at) };
    },

    async saveStaffChallenge({ challenge, purpose, owner, expiresAt }) {
      await write((trx) =>
        trx.insertInto("staff_challenges").values({ challenge, purpose, owner, expires_at: expiresAt.getTime() }).execute(),
      );
    },

    takeStaffChallenge: (challenge, purpose, now) =>
      write(async (trx) => {
        const taken = await trx.deleteFrom("staff_challenges").where("challenge", "=", challenge).returningAll().executeTakeFirst();
        await trx.deleteFrom("staff_challenges").where("expires_at", "<=", now.getTime()).execute();
        if (!taken || taken.purpose !== purpose || now.getTime() >= taken.expires_at) return undefined;
        return { owner: taken.owner };
      }),

    enrolStaffPasskey: (enrolmentHash, passkey, sessionHash, now) =>
      write(async (trx) => {
        const used = await trx
          .updateTable("staff_enrolments")
          .set({ used_at: now.getTime() })
          .where("token_hash", "=", enrolmentHash)
          .where("used_at", "is", null)
          .where("expires_at", ">", now.getTime())
          .returning("member_id")
          .executeTakeFirst();
        if (!used) return undefined;
        const member = await liveMember(trx, used.member_id);
        if (!member) return undefined;
        await trx.insertInto("staff_passkeys").values(passkeyRow(member.id, passkey, now)).execute();
        await startSession(trx, member.id, sessionHash, now);
        await recordStaffEvents(trx, member.id, now, [{ event: "enrolled", detail: passkey.name }, { event: "signed in" }]);
        return toMember(member);
      }),

    addStaffPasskey: (memberId, passkey, now) =>
      write(async (trx) => {
        if (!(await liveMember(trx, memberId))) return false;
        await trx.insertInto("staff_passkeys").values(passkeyRow(memberId, passkey, now)).execute();
        await recordStaffEvents(trx, memberId, now, [{ event: "passkey added", detail: passkey.name }]);
        return true;
      }),

    async findStaffPasskey(credentialId) {
      const row = await db
        .selectFrom("staff_passkeys")
        .innerJoin("staff_members", "staff_members.id", "staff_passkeys.member_id")
        .selectAll("staff_passkeys")
        .select(["staff_members.name as member_name", "staff_members.email", "staff_members.created_at as member_created_at"])
        .where("staff_passkeys.credential_id", "=", credentialId)
        .where("staff_members.removed_at", "is", null)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        ...toPasskey(row),
        member: { id: row.member_id, name: row.member_name, email: row.email, createdAt: new Date(row.member_created_at), removedAt: null },
      };
    },

    signInWithPasskey: (credentialId, newCounter, sessionHash, now) =>
      write(async (trx) => {
        const passkey = await trx.selectFrom("staff_passkeys").select("member_id").where("credential_id", "=", credentialId).executeTakeFirst();
        if (!passkey) return undefined;
        const member = await liveMember(trx, passkey.member_id);
        if (!member) return undefined;
        await trx
          .updateTable("staff_passkeys")
          .set({ counter: newCounter, last_used_at: now.getTime() })
          .where("credential_id", "=", credentialId)
          .execute();
        await startSession(trx, member.id, sessionHash, now);
        await recordStaffEvents(trx, member.id, now, [{ event: "signed in" }]);
        return toMember(member);
      }),

    renameStaffPasskey: (memberId, credentialId, name, now) =>
      write(async (trx) => {
        const renamed = await trx
          .updateTable("staff_passkeys")
          .set({ name })
          .where("credential_id", "=", credentialId)
          .where("member_id", "=", memberId)
          .executeTakeFirst();
        if (Number(renamed.numUpdatedRows) === 0) return false;
        await recordStaffEvents(trx, memberId, now, [{ event: "passkey renamed", detail: name }]);
        return true;
      }),

    removeStaffPasskey: (memberId, credentialId, now) =>
      write(async (trx) => {
        // The member's row is locked first on PostgreSQL, so two removals at once take turns and one finds the last.
        if (!(await liveMember(trx, memberId))) return "not-found";
        const passkeys = await trx.selectFrom("staff_passkeys").select(["credential_id", "name"]).where("member_id", "=", memberId).execute();
        const passkey = passkeys.find((each) => each.credential_id === credentialId);
        if (!passkey) return "not-found";
        if (passkeys.length === 1) return "last";
        await trx.deleteFrom("staff_passkeys").where("credential_id", "=", credentialId).execute();
        await recordStaffEvents(trx, memberId, now, [{ event: "passkey removed", detail: passkey.name }]);
        return "removed";
      }),

    async findStaffSession(tokenHash) {
      const row = await db
        .selectFrom("staff_sessions")
        .innerJoin("staff_members", "staff_members.id", "staff_sessions.member_id")
        .selectAll("staff_members")
        .select(["staff_sessions.created_at as session_created_at", "staff_sessions.last_seen_at", "staff_sessions.ended_at"])
        .where("staff_sessions.token_hash", "=", tokenHash)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        member: toMember(row),
        createdAt: new Date(row.session_created_at),
        lastSeenAt: new Date(row.last_seen_at),
        endedAt: row.ended_at === null ? null : new Date(row.ended_at),
      };
    },

    async touchStaffSession(tokenHash, now) {
      await write((trx) =>
        trx
          .updateTable("staff_sessions")
          .set({ last_seen_at: now.getTime() })
          .where("token_hash", "=", tokenHash)
          .where("ended_at", "is", null)
          .where("last_seen_at", "<", now.getTime())
          .execute(),
      );
    },

    endStaffSession: (tokenHash, now) =>
      write(async (trx) => {
        const ended = await trx
          .updateTable("staff_sessions")
          .set({ ended_at: now.getTime() })
          .where("token_hash", "=", tokenHash)
          .where("ended_at", "is", null)
          .returning("member_id")
          .executeTakeFirst();
        if (!ended) return false;
        await recordStaffEvents(trx, ended.member_id, now, [{ event: "signed out" }]);
        return true;
      }),

    removeStaffMember: (email, now, by) =>
      write(async (trx) => {
        const removed = await trx
          .updateTable("staff_members")
          .set({ removed_at: now.getTime() })
          .where("email", "=", email)
          .where("removed_at", "is", null)
          .returningAll()
          .executeTakeFirst();
        if (!removed) return undefined;
        await trx.updateTable("staff_sessions").set({ ended_at: now.getTime() }).where("member_id", "=", removed.id).where("ended_at", "is", null).execute();
        await trx.deleteFrom("staff_passkeys").where("member_id", "=", removed.id).execute();
        await trx.deleteFrom("staff_enrolments").where("member_id", "=", removed.id).where("used_at", "is", null).execute();
        await trx.deleteFrom("staff_challenges").where("owner", "=", removed.id).execute();
        await recordStaffEvents(trx, removed.id, now, [{ event: "removed", by }]);
        return toMember(removed);
      }),

    async staffMembersByEmail(email) {
      const rows = await db
        .selectFrom("staff_members")
        .selectAll()
        .where("email", "=", email)
        .orderBy(sql`CASE WHEN removed_at IS NULL THEN 0 ELSE 1 END`)
        .orderBy("created_at", "desc")
        .execute();
      return rows.map(toMember);
    },

    async staffEvents(memberId) {
      const rows = await db
        .selectFrom("staff_events")
        .innerJoin("staff_members as member", "member.id", "staff_events.member_id")
        .leftJoin("staff_members as by", "by.id", "staff_events.by_member_id")
        .select(["staff_events.at", "staff_events.event", "staff_events.detail", "member.name as member", "by.name as by"])
        .where("staff_events.member_id", "=", memberId)
        .orderBy("staff_events.at")
        .orderBy("staff_events.id")
        .execute();
      return rows.map((row) => ({ at: new Date(row.at), event: row.event, member: row.member, by: row.by, detail: row.detail }));
    },

    async replaceCalendarToken(memberId, tokenHash) {
      const result = await write((trx) =>
        trx
          .updateTable("staff_members")
          .set({ calendar_token_hash: tokenHash })
          .where("id", "=", memberId)
          .where("removed_at", "is", null)
          .executeTakeFirst(),
      );
      return Number(result.numUpdatedRows) > 0;
    },

    async memberByCalendarToken(tokenHash) {
      const row = await db
        .selectFrom("staff_members")
        .selectAll()
        .where("calendar_token_hash", "=", tokenHash)
        .where("removed_at", "is", null)
        .executeTakeFirst();
      return row && toMember(row);
    },

    allowStaffSignInAttempt: (clientAddress, now, limit) => allowAttempt(`staff sign-in\n${clientAddress}`, now, limit),
  };
}
