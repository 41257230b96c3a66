// What the staff area relies on from the store, as one suite run unchanged on a SQLite file and a PostgreSQL
// database (migration 008): members, one-time enrolment links, passkeys, sessions, challenges taken once, removal
// ending everything at once, and the constraints the database itself enforces.
import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "@/lib/config";
import { openStore } from "@/lib/store";
import type { ClinicStore } from "@/lib/store/clinic-store";
import type { NewPasskey } from "@/lib/store/staff-store";
import { executePastTheStore, rawRows } from "../support/past-the-store";
import { removeTarget, STORE_ENGINES } from "../support/store-engines";

const T0 = new Date("2026-12-07T04:30:00Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(T0.getTime() + ms);
const hash = (token: string) => createHash("sha256").update(token).digest("base64url");
const token = () => randomBytes(32).toString("base64url");

const passkey = (name = "Phone"): NewPasskey => ({
  credentialId: randomBytes(16).toString("base64url"),
  publicKey: new Uint8Array(randomBytes(77)),
  counter: 0,
  transports: ["internal", "hybrid"],
  name,
});

describe.each(STORE_ENGINES)("the staff area's store on $name", ({ newTarget }) => {
  let target: DatabaseTarget;
  let store: ClinicStore;

  beforeEach(async () => {
    target = await newTarget();
    ({ store } = await openStore(target));
  });

  afterEach(async () => {
    await store.close();
    removeTarget(target);
  });

  /** Invites Asha at `now` and returns the link's token with her member record. */
  async function invite(now = T0, email = "asha@example.test", name = "Asha Rao") {
    const link = token();
    const { member, isNew } = await store.inviteStaffMember({ name, email, tokenHash: hash(link), now, expiresAt: new Date(now.getTime() + HOUR), by: null, emails: [] });
    return { link, member, isNew };
  }

  /** Invites and enrols Asha with one passkey; returns her session's token and the passkey. */
  async function enrolled(now = T0) {
    const { link, member } = await invite(now);
    const key = passkey();
    const session = token();
    expect(await store.enrolStaffPasskey(hash(link), key, hash(session), at(MINUTE))).toMatchObject({ id: member.id });
    return { member, key, session };
  }

  describe("an enrolment link", () => {
    it("names the member it was made for until it is used, and not after", async () => {
      const { link, member, isNew } = await invite();
      expect(isNew).toBe(true);
      expect(member).toMatchObject({ name: "Asha Rao", email: "asha@example.test", removedAt: null });
      expect(await store.findEnrolment(hash(link), at(59 * MINUTE))).toEqual({ member, expiresAt: at(HOUR) });

      const session = token();
      expect(await store.enrolStaffPasskey(hash(link), passkey(), hash(session), at(MINUTE))).toEqual(member);
      expect(await store.findEnrolment(hash(link), at(2 * MINUTE))).toEqual({ problem: "used" });
    });

    it("works once: a second use stores no passkey and starts no session", async () => {
      const { link, member } = await invite();
      const [first, second] = await Promise.all([
        store.enrolStaffPasskey(hash(link), passkey("Phone"), hash(token()), at(MINUTE)),
        store.enrolStaffPasskey(hash(link), passkey("Laptop"), hash(token()), at(MINUTE)),
      ]);
      expect([first, second].filter(Boolean)).toEqual([member]);
      expect(await store.enrolStaffPasskey(hash(link), passkey("Tablet"), hash(token()), at(2 * MINUTE))).toBeUndefined();
      expect(rawRows(target, "staff_passkeys")).toHaveLength(1);
      expect(rawRows(target, "staff_sessions")).toHaveLength(1);
    });

    it("ends after one hour", async () => {
      const { link } = await invite();
      expect(await store.findEnrolment(hash(link), at(HOUR))).toEqual({ problem: "expired" });
      expect(await store.enrolStaffPasskey(hash(link), passkey(), hash(token()), at(HOUR))).toBeUndefined();
      expect(rawRows(target, "staff_passkeys")).toEqual([]);
    });

    it("is unknown when altered, and an older one stops working when a new one is made", async () => {
      const first = await invite();
      expect(await store.findEnrolment(hash(`${first.link}x`), at(MINUTE))).toEqual({ problem: "unknown" });
      const second = await invite(at(5 * MINUTE), "asha@example.test", "Someone Else");
      expect(second.isNew).toBe(false);
      expect(second.member).toEqual(first.member);
      expect(await store.findEnrolment(hash(first.link), at(6 * MINUTE))).toEqual({ problem: "unknown" });
      expect(await store.findEnrolment(hash(second.link), at(6 * MINUTE))).toMatchObject({ member: first.member });
    });

    it("is refused by the database itself when it would last more than an hour", async () => {
      const { member } = await invite();
      expect(() =>
        executePastTheStore(
          target,
          `INSERT INTO staff_enrolments (token_hash, member_id, created_at, expires_at) VALUES ('${hash("x")}', '${member.id}', 0, 3600001)`,
        ),
      ).toThrow(/staff_enrolments_one_hour|CHECK constraint/);
    });
  });

  describe("members", () => {
    it("has one live member per email, enforced by the database", async () => {
      const { member } = await invite();
      expect(() =>
        executePastTheStore(
          target,
          `INSERT INTO staff_members (id, name, email, created_at) VALUES ('other', 'Other', '${member.email}', 0)`,
        ),
      ).toThrow(/staff_members_live_email|UNIQUE constraint/);
    });

    it("lists live members with their passkeys, and a removed member's email can be invited again as someone new", async () => {
      const { member, key } = await enrolled();
      expect(await store.staffMembers()).toEqual([
        { ...member, passkeys: [expect.objectContaining({ credentialId: key.credentialId, name: "Phone", counter: 0, transports: ["internal", "hybrid"] })] },
      ]);
      expect((await store.staffMembers())[0].passkeys[0].publicKey).toEqual(key.publicKey);

      expect(await store.removeStaffMember("asha@example.test", at(HOUR), null)).toMatchObject({ id: member.id, removedAt: at(HOUR) });
      expect(await store.staffMembers()).toEqual([]);
      expect(await store.removeStaffMember("asha@example.test", at(HOUR), null)).toBeUndefined();
      const again = await invite(at(2 * HOUR));
      expect(again.isNew).toBe(true);
      expect(again.member.id).not.toBe(member.id);
    });

    it("removing a member ends their sessions at once and their passkeys and links stop working", async () => {
      const { member, key, session } = await enrolled();
      const pending = await invite(at(2 * MINUTE));
      expect(pending.member.id).toBe(member.id);
      await store.removeStaffMember(member.email, at(3 * MINUTE), null);

      expect((await store.findStaffSession(hash(session)))?.endedAt).toEqual(at(3 * MINUTE));
      expect(await store.findStaffPasskey(key.credentialId)).toBeUndefined();
      expect(await store.signInWithPasskey(key.credentialId, 1, hash(token()), at(4 * MINUTE))).toBeUndefined();
      expect(await store.findEnrolment(hash(pending.link), at(4 * MINUTE))).toEqual({ problem: "unknown" });
      expect(await store.enrolStaffPasskey(hash(pending.link), passkey(), hash(token()), at(4 * MINUTE))).toBeUndefined();
    });
  });

  describe("passkeys and sessions", () => {
    it("a sign-in saves the passkey's new counter and starts a new session; signing out ends it once", async () => {
      const { member, key, session } = await enrolled();
      expect(await store.findStaffPasskey(key.credentialId)).toMatchObject({ member, counter: 0 });
      const second = token();
      expect(await store.signInWithPasskey(key.credentialId, 7, hash(second), at(HOUR))).toEqual(member);
      expect(await store.findStaffPasskey(key.credentialId)).toMatchObject({ counter: 7, lastUsedAt: at(HOUR) });
      expect(await store.findStaffSession(hash(second))).toEqual({ member, createdAt: at(HOUR), lastSeenAt: at(HOUR), endedAt: null });

      await store.touchStaffSession(hash(second), at(HOUR + 10 * MINUTE));
      expect((await store.findStaffSession(hash(second)))?.lastSeenAt).toEqual(at(HOUR + 10 * MINUTE));
      expect(await store.endStaffSession(hash(second), at(2 * HOUR))).toBe(true);
      expect(await store.endStaffSession(hash(second), at(2 * HOUR))).toBe(false);
      await store.touchStaffSession(hash(second), at(3 * HOUR));
      expect(await store.findStaffSession(hash(second))).toMatchObject({ lastSeenAt: at(HOUR + 10 * MINUTE), endedAt: at(2 * HOUR) });
      // The first session is its own.
      expect((await store.findStaffSession(hash(session)))?.endedAt).toBeNull();
      expect(await store.findStaffSession(hash(token()))).toBeUndefined();
    });

    it("keeps only the hashes of session tokens", async () => {
      const { session } = await enrolled();
      expect(JSON.stringify(rawRows(target, "staff_sessions"))).not.toContain(session);
      expect(() => executePastTheStore(target, `INSERT INTO staff_sessions (token_hash, member_id, created_at, last_seen_at) VALUES ('short', 'x', 0, 0)`)).toThrow();
    });

    it("adds, renames and removes a member's passkeys, never the last", async () => {
      const { member, key } = await enrolled();
      const laptop = passkey("Laptop");
      expect(await store.addStaffPasskey(member.id, laptop, at(HOUR))).toBe(true);
      expect(await store.renameStaffPasskey(member.id, laptop.credentialId, "Work laptop", at(HOUR))).toBe(true);
      expect(await store.renameStaffPasskey("someone-else", laptop.credentialId, "Mine", at(HOUR))).toBe(false);
      expect(await store.removeStaffPasskey("someone-else", key.credentialId, at(HOUR))).toBe("not-found");
      expect(await store.removeStaffPasskey(member.id, key.credentialId, at(2 * HOUR))).toBe("removed");
      expect(await store.removeStaffPasskey(member.id, laptop.credentialId, at(2 * HOUR))).toBe("last");
      expect((await store.staffMembers())[0].passkeys.map((each) => each.name)).toEqual(["Work laptop"]);
      // One passkey per credential, whoever adds it.
      await expect(store.addStaffPasskey(member.id, laptop, at(3 * HOUR))).rejects.toThrow();
    });

    it("records what happened to a member, in order, naming who did it", async () => {
      const colleague = await invite(T0, "divya@example.test", "Dr. Divya Sharma");
      const { member, session } = await enrolled(at(1));
      await store.endStaffSession(hash(session), at(HOUR));
      await store.removeStaffMember(member.email, at(2 * HOUR), colleague.member.id);
      expect((await store.staffEvents(member.id)).map(({ event, by, detail }) => ({ event, by, detail }))).toEqual([
        { event: "invited", by: null, detail: null },
        { event: "enrolled", by: null, detail: "Phone" },
        { event: "signed in", by: null, detail: null },
        { event: "signed out", by: null, detail: null },
        { event: "removed", by: "Dr. Divya Sharma", detail: null },
      ]);
    });
  });

  it("names the member who blocked time in the staff area, and nobody for a block made at the server's terminal", async () => {
    const { member } = await invite();
    const day = (hour: number) => new Date(Date.UTC(2026, 11, 10, hour));
    await store.blockTime({ id: "B-ASHA", startsAt: day(4), endsAt: day(6), reason: "The doctor's leave.", createdAt: T0 }, member.id);
    await store.blockTime({ id: "B-TERM", startsAt: day(8), endsAt: day(9), reason: "Clinic meeting.", createdAt: T0 }, null);
    const { blocks } = await store.diaryBetween(day(0), day(12));
    expect(blocks.map(({ id, blockedBy }) => ({ id, blockedBy }))).toEqual([
      { id: "B-ASHA", blockedBy: "Asha Rao" },
      { id: "B-TERM", blockedBy: null },
    ]);
    // The database keeps who, by a key to the member: not a name anyone could type.
    await expect(
      store.blockTime({ id: "B-NONE", startsAt: day(9), endsAt: day(10), reason: "x", createdAt: T0 }, "no-such-member"),
    ).rejects.toThrow();
  });

  describe("passkey ceremonies' challenges", () => {
    it("are taken once, for their own purpose, before they expire", async () => {
      await store.saveStaffChallenge({ challenge: "c-sign-in", purpose: "sign-in", owner: null, expiresAt: at(5 * MINUTE) });
      await store.saveStaffChallenge({ challenge: "c-enrol", purpose: "enrol", owner: "link-hash", expiresAt: at(5 * MINUTE) });
      await store.saveStaffChallenge({ challenge: "c-late", purpose: "sign-in", owner: null, expiresAt: at(5 * MINUTE) });

      expect(await store.takeStaffChallenge("c-sign-in", "sign-in", at(MINUTE))).toEqual({ owner: null });
      expect(await store.takeStaffChallenge("c-sign-in", "sign-in", at(MINUTE))).toBeUndefined();
      // Presented for another purpose, it is used up all the same.
      expect(await store.takeStaffChallenge("c-enrol", "sign-in", at(MINUTE))).toBeUndefined();
      expect(await store.takeStaffChallenge("c-enrol", "enrol", at(MINUTE))).toBeUndefined();
      expect(await store.takeStaffChallenge("c-late", "sign-in", at(5 * MINUTE))).toBeUndefined();
      expect(rawRows(target, "staff_challenges")).toEqual([]);
    });

    it("a sign-in challenge has no owner and the others have one, by the database's constraint", async () => {
      await expect(store.saveStaffChallenge({ challenge: "x", purpose: "enrol", owner: null, expiresAt: at(MINUTE) })).rejects.toThrow();
      await expect(store.saveStaffChallenge({ challenge: "y", purpose: "sign-in", owner: "someone", expiresAt: at(MINUTE) })).rejects.toThrow();
    });
  });

  it("limits sign-in attempts per client address, apart from bookings", async () => {
    const limit = { requests: 3, seconds: 600 };
    const tries = [];
    for (let i = 0; i < 4; i++) tries.push(await store.allowStaffSignInAttempt("203.0.113.9", at(i * 1000), limit));
    expect(tries).toEqual([true, true, true, false]);
    expect(await store.allowStaffSignInAttempt("198.51.100.4", at(5000), limit)).toBe(true);
    expect(await store.allowBookingAttempt("203.0.113.9", at(5000), limit)).toBe(true);
    expect(await store.allowStaffSignInAttempt("203.0.113.9", at(601_000), limit)).toBe(true);
  });
});

describe.each(STORE_ENGINES)("the audit trail naming staff members on $name", ({ newTarget }) => {
  it("names the signed-in member who made a change, and the clinic for a change from an email's link", async () => {
    const target = await newTarget();
    const { store } = await openStore(target);
    try {
      const { member } = await store.inviteStaffMember({
        name: "Asha Rao",
        email: "asha@example.test",
        tokenHash: hash(token()),
        now: T0,
        expiresAt: at(HOUR),
        by: null,
        emails: [],
      });
      const request = {
        fullName: "Meera Iyer",
        mobile: "+919900012345",
        email: "meera@example.test",
        mode: "tele" as const,
        preferredDate: "2026-12-09",
        timeWindow: "morning" as const,
        reason: "Itchy rash.",
        consent: "yes" as const,
      };
      await store.addRequest(
        { reference: "DS-NAME-0001", requestKey: "k1", request, receivedAt: T0, consent: { version: "1", givenAt: T0 } },
        [],
      );
      const startsAt = new Date("2026-12-09T05:30:00Z");
      const confirmed = { state: "confirmed" as const, startsAt, sequence: 1, changedAt: at(MINUTE), changedBy: "staff" as const, message: null };
      expect(await store.changeAppointment("DS-NAME-0001", 0, confirmed, [], member.id)).toBe("changed");
      const moved = { ...confirmed, startsAt: new Date(startsAt.getTime() + HOUR), sequence: 2, changedAt: at(2 * MINUTE) };
      expect(await store.changeAppointment("DS-NAME-0001", 1, moved, [])).toBe("changed");
      expect((await store.auditTrail("DS-NAME-0001")).map(({ event, actor, member: by }) => ({ event, actor, by }))).toEqual([
        { event: "received", actor: "patron", by: undefined },
        { event: "confirmed", actor: "staff", by: "Asha Rao" },
        { event: "confirmed", actor: "staff", by: undefined },
      ]);
    } finally {
      await store.close();
      removeTarget(target);
    }
  });
});
