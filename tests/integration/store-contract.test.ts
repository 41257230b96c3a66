// What the clinic relies on from its store, as one suite run unchanged on both engines: a SQLite file and a
// PostgreSQL database, each new and empty for every test, opened and migrated by openStore as a server would.
import { requestedAppointment } from "@/lib/appointments/states";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import type { ConsultationRequest } from "@/lib/booking/schema";
import type { DatabaseTarget } from "@/lib/config";
import { openStore } from "@/lib/store";
import type { ClinicStore, NewEmail } from "@/lib/store/clinic-store";
import { runStoreWorkers } from "../support/claim-emails-worker";
import { createDatabaseAt, psql } from "../support/postgres";

const ENGINES = [
  {
    name: "SQLite",
    newTarget: async (): Promise<DatabaseTarget> => ({
      engine: "sqlite",
      path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-store-contract-")), "clinic.db"),
    }),
  },
  {
    name: "PostgreSQL",
    newTarget: async (): Promise<DatabaseTarget> => ({ engine: "postgres", url: await createDatabaseAt(inject("postgresUrl")) }),
  },
];

/** Every row of a table as the engine holds it, read past the store: what someone with the database would see. */
function rawRows(target: DatabaseTarget, table: string): Record<string, unknown>[] {
  if (target.engine === "postgres") {
    const lines = psql(target.url, `SELECT row_to_json(t) FROM "${table}" t`);
    return lines === "" ? [] : lines.split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  const db = new SqliteDatabase(target.path, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

function tableNames(target: DatabaseTarget): string[] {
  if (target.engine === "postgres") {
    return psql(target.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").split("\n");
  }
  const db = new SqliteDatabase(target.path, { readonly: true });
  try {
    return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  } finally {
    db.close();
  }
}

const MEERA: ConsultationRequest = {
  fullName: "Meera Iyer",
  mobile: "+919900012345",
  email: "meera@example.test",
  mode: "tele",
  preferredDate: "2026-12-02",
  timeWindow: "morning",
  reason: "Itchy rash on the forearms for two weeks.",
  consent: "yes",
};

/** The two emails a consultation request causes. */
const REQUEST_EMAILS: NewEmail[] = [
  { kind: "clinic-request", recipient: "clinic" },
  { kind: "patron-receipt", recipient: "patron" },
];

const T0 = new Date("2026-12-01T04:30:00Z");
/** `seconds` after T0. */
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LEASE_MS = 5 * MINUTE * 1000;
const ALL_STATUSES = ["pending", "sent", "undeliverable"] as const;

describe.each(ENGINES)("the clinic's store on $name", ({ newTarget }) => {
  let target: DatabaseTarget;
  let store: ClinicStore;

  beforeEach(async () => {
    target = await newTarget();
    ({ store } = await openStore(target));
  });

  afterEach(async () => {
    await store.close();
    if (target.engine === "sqlite") fs.rmSync(path.dirname(target.path), { recursive: true, force: true });
  });

  /** Stores a request received at `receivedAt` with its two emails, under a form key of its own. */
  async function book(reference: string, receivedAt = T0, request = MEERA) {
    return store.addRequest({ reference, requestKey: `key-${reference}`, request, receivedAt }, REQUEST_EMAILS);
  }

  const ids = (emails: { id: string }[]) => emails.map((email) => email.id).sort();

  describe("a consultation request", () => {
    it("is stored together with the two emails it causes, both waiting to be sent", async () => {
      const { stored, isNew } = await book("DS-AAAA-0001");
      expect(isNew).toBe(true);
      expect(stored).toEqual({ reference: "DS-AAAA-0001", request: MEERA, receivedAt: T0, erasedAt: null, appointment: requestedAppointment(T0) });
      expect(await store.findRequest("DS-AAAA-0001")).toEqual(stored);

      const emails = await store.emailsAbout("DS-AAAA-0001");
      expect(emails).toEqual([
        expect.objectContaining({ id: "DS-AAAA-0001/clinic-request", kind: "clinic-request", recipient: "clinic" }),
        expect.objectContaining({ id: "DS-AAAA-0001/patron-receipt", kind: "patron-receipt", recipient: "patron" }),
      ]);
      for (const email of emails) {
        expect(email).toMatchObject({ reference: "DS-AAAA-0001", status: "pending", attempts: 0, lastError: null, sentAt: null });
        expect(email.createdAt).toEqual(T0);
        expect(email.dueAt).toEqual(T0);
      }
      expect(ids(await store.listEmails(["pending"]))).toEqual(ids(emails));
    });

    it("is one request when the same form is posted twice: the first reference, and no second pair of emails", async () => {
      await store.addRequest({ reference: "DS-AAAA-0001", requestKey: "form-1", request: MEERA, receivedAt: T0 }, REQUEST_EMAILS);
      const again = await store.addRequest(
        { reference: "DS-BBBB-0002", requestKey: "form-1", request: { ...MEERA, reason: "Posted again." }, receivedAt: at(5) },
        REQUEST_EMAILS,
      );
      expect(again.isNew).toBe(false);
      expect(again.stored).toEqual({ reference: "DS-AAAA-0001", request: MEERA, receivedAt: T0, erasedAt: null, appointment: requestedAppointment(T0) });
      expect(await store.findRequest("DS-BBBB-0002")).toBeUndefined();
      expect(ids(await store.listEmails([...ALL_STATUSES]))).toEqual(["DS-AAAA-0001/clinic-request", "DS-AAAA-0001/patron-receipt"]);
    });

    it("is not stored at all when one of its emails cannot be", async () => {
      const sameEmailTwice = [REQUEST_EMAILS[0], REQUEST_EMAILS[0]];
      await expect(
        store.addRequest({ reference: "DS-AAAA-0001", requestKey: "form-1", request: MEERA, receivedAt: T0 }, sameEmailTwice),
      ).rejects.toThrow();
      expect(await store.findRequest("DS-AAAA-0001")).toBeUndefined();
      expect(await store.listEmails([...ALL_STATUSES])).toEqual([]);
    });
  });

  describe("sending from the outbox", () => {
    it("leases due emails: a second claim within the lease gets none of them, a claim after it gets them again", async () => {
      await book("DS-AAAA-0001");
      const first = await store.claimDueEmails(at(10), LEASE_MS, 10);
      expect(ids(first)).toEqual(["DS-AAAA-0001/clinic-request", "DS-AAAA-0001/patron-receipt"]);

      expect(await store.claimDueEmails(at(11), LEASE_MS, 10)).toEqual([]);
      expect(await store.claimDueEmails(at(10 + 5 * MINUTE - 1), LEASE_MS, 10)).toEqual([]);
      // The process that claimed them has gone quiet: once its lease runs out, another takes them over.
      expect(ids(await store.claimDueEmails(at(10 + 5 * MINUTE), LEASE_MS, 10))).toEqual(ids(first));
    });

    it("claims no more than the batch asked for, the longest waiting first", async () => {
      await book("DS-LATE-0002", at(30));
      await book("DS-EARL-0001", at(0));
      const batch = await store.claimDueEmails(at(60), LEASE_MS, 2);
      expect(ids(batch)).toEqual(["DS-EARL-0001/clinic-request", "DS-EARL-0001/patron-receipt"]);
      expect(ids(await store.claimDueEmails(at(61), LEASE_MS, 10))).toEqual(["DS-LATE-0002/clinic-request", "DS-LATE-0002/patron-receipt"]);
    });

    it("does not claim an email before it is due", async () => {
      await book("DS-AAAA-0001", at(HOUR));
      expect(await store.claimDueEmails(at(HOUR - 1), LEASE_MS, 10)).toEqual([]);
      expect(await store.claimDueEmails(at(HOUR), LEASE_MS, 10)).toHaveLength(2);
    });

    it("never claims an email again once it is sent", async () => {
      await book("DS-AAAA-0001");
      await store.claimDueEmails(at(10), LEASE_MS, 10);
      await store.markEmailSent("DS-AAAA-0001/clinic-request", at(12));

      const [sent, unsent] = await store.emailsAbout("DS-AAAA-0001");
      expect(sent).toMatchObject({ status: "sent", sentAt: at(12), lastError: null });
      expect(unsent).toMatchObject({ status: "pending", sentAt: null });
      expect(ids(await store.claimDueEmails(at(DAY), LEASE_MS, 10))).toEqual(["DS-AAAA-0001/patron-receipt"]);
    });

    it("counts a failed try, keeps its error, and waits until the next due time before trying again", async () => {
      await book("DS-AAAA-0001");
      await store.claimDueEmails(at(10), LEASE_MS, 10);
      await store.markEmailFailed("DS-AAAA-0001/patron-receipt", "Connection refused", at(2 * MINUTE));
      await store.markEmailSent("DS-AAAA-0001/clinic-request", at(11));

      const failed = (await store.emailsAbout("DS-AAAA-0001"))[1];
      expect(failed).toMatchObject({ status: "pending", attempts: 1, lastError: "Connection refused", sentAt: null });
      expect(failed.dueAt).toEqual(at(2 * MINUTE));
      // Failing ends the lease: only the due time holds it back.
      expect(await store.claimDueEmails(at(2 * MINUTE - 1), LEASE_MS, 10)).toEqual([]);
      const retried = await store.claimDueEmails(at(2 * MINUTE), LEASE_MS, 10);
      expect(ids(retried)).toEqual(["DS-AAAA-0001/patron-receipt"]);

      await store.markEmailFailed("DS-AAAA-0001/patron-receipt", "Greeting never received", at(10 * MINUTE));
      expect((await store.emailsAbout("DS-AAAA-0001"))[1]).toMatchObject({ attempts: 2, lastError: "Greeting never received" });
    });

    it("gives up on an undeliverable email and never claims it again", async () => {
      await book("DS-AAAA-0001");
      await store.claimDueEmails(at(10), LEASE_MS, 10);
      await store.markEmailSent("DS-AAAA-0001/clinic-request", at(11));
      await store.markEmailUndeliverable("DS-AAAA-0001/patron-receipt", "Mailbox unavailable");

      expect((await store.emailsAbout("DS-AAAA-0001"))[1]).toMatchObject({
        status: "undeliverable",
        attempts: 1,
        lastError: "Mailbox unavailable",
        sentAt: null,
      });
      expect(await store.claimDueEmails(at(30 * DAY), LEASE_MS, 10)).toEqual([]);
    });

    it("makes failed and undeliverable emails due at once on retry, and leaves sent ones sent", async () => {
      await book("DS-GAVE-0001");
      await book("DS-FAIL-0002");
      await store.claimDueEmails(at(10), LEASE_MS, 10);
      await store.markEmailSent("DS-GAVE-0001/clinic-request", at(11));
      await store.markEmailUndeliverable("DS-GAVE-0001/patron-receipt", "Mailbox unavailable");
      await store.markEmailFailed("DS-FAIL-0002/clinic-request", "Connection refused", at(DAY));
      await store.markEmailFailed("DS-FAIL-0002/patron-receipt", "Connection refused", at(DAY));

      expect(await store.retryEmails("DS-GAVE-0001", at(HOUR))).toBe(1);
      expect(await store.retryEmails("DS-FAIL-0002", at(HOUR))).toBe(2);
      const [sent, retried] = await store.emailsAbout("DS-GAVE-0001");
      expect(sent).toMatchObject({ status: "sent", sentAt: at(11) });
      expect(retried).toMatchObject({ status: "pending" });
      expect(retried.dueAt).toEqual(at(HOUR));
      expect(ids(await store.claimDueEmails(at(HOUR), LEASE_MS, 10))).toEqual([
        "DS-FAIL-0002/clinic-request",
        "DS-FAIL-0002/patron-receipt",
        "DS-GAVE-0001/patron-receipt",
      ]);
    });

    it("does not hand an email being sent to another process when staff ask to retry it", async () => {
      await book("DS-BUSY-0001");
      expect(await store.claimDueEmails(at(10), LEASE_MS, 10)).toHaveLength(2);
      expect(await store.retryEmails("DS-BUSY-0001", at(20))).toBe(2);
      // Still leased to the process sending them; due again only if that process dies and its lease runs out.
      expect(await store.claimDueEmails(at(30), LEASE_MS, 10)).toEqual([]);
      expect(await store.claimDueEmails(at(10 + LEASE_MS / 1000), LEASE_MS, 10)).toHaveLength(2);
    });

    it("keeps an email sent when a process whose lease ran out reports it failed or gives up on it", async () => {
      await book("DS-LATE-0001");
      await store.claimDueEmails(at(10), LEASE_MS, 10);
      await store.markEmailSent("DS-LATE-0001/clinic-request", at(11));
      await store.markEmailFailed("DS-LATE-0001/clinic-request", "Greeting never received", at(HOUR));
      await store.markEmailUndeliverable("DS-LATE-0001/clinic-request", "Mailbox unavailable");
      expect((await store.emailsAbout("DS-LATE-0001"))[0]).toMatchObject({ status: "sent", sentAt: at(11), lastError: null });
    });

    it("lists the emails in the statuses asked for", async () => {
      await book("DS-AAAA-0001");
      await book("DS-BBBB-0002");
      await store.markEmailSent("DS-AAAA-0001/clinic-request", at(11));
      await store.markEmailUndeliverable("DS-BBBB-0002/patron-receipt", "Mailbox unavailable");

      expect(ids(await store.listEmails(["sent"]))).toEqual(["DS-AAAA-0001/clinic-request"]);
      expect(ids(await store.listEmails(["undeliverable"]))).toEqual(["DS-BBBB-0002/patron-receipt"]);
      expect(ids(await store.listEmails(["pending"]))).toEqual(["DS-AAAA-0001/patron-receipt", "DS-BBBB-0002/clinic-request"]);
      expect(await store.listEmails(["sent", "undeliverable", "pending"])).toHaveLength(4);
      expect(await store.listEmails([])).toEqual([]);
    });
  });

  describe("erasing a patron's details after the retention period", () => {
    const CUT_OFF = at(30 * DAY);

    async function bookAndSendAll(reference: string, sentAt: Date) {
      await book(reference);
      for (const { kind } of REQUEST_EMAILS) await store.markEmailSent(`${reference}/${kind}`, sentAt);
    }

    it("erases a request whose every email was sent before the cut-off, and keeps its reference and dates", async () => {
      await bookAndSendAll("DS-OLD0-0001", at(MINUTE));
      const now = at(31 * DAY);
      expect(await store.erasePersonalData(CUT_OFF, now)).toBe(1);
      expect(await store.findRequest("DS-OLD0-0001")).toEqual({
        reference: "DS-OLD0-0001",
        request: null,
        receivedAt: T0,
        erasedAt: now,
        appointment: requestedAppointment(T0),
      });
      // The emails' record stays: what was sent, and when.
      expect(await store.emailsAbout("DS-OLD0-0001")).toEqual([
        expect.objectContaining({ status: "sent", sentAt: at(MINUTE) }),
        expect.objectContaining({ status: "sent", sentAt: at(MINUTE) }),
      ]);
      // Erased once: a later pass finds nothing more to erase.
      expect(await store.erasePersonalData(at(60 * DAY), at(61 * DAY))).toBe(0);
      expect((await store.findRequest("DS-OLD0-0001"))?.erasedAt).toEqual(now);
    });

    it("keeps the details of a request with an email unsent, given up on, or sent after the cut-off", async () => {
      await bookAndSendAll("DS-DONE-0001", at(MINUTE));
      await book("DS-HALF-0002");
      await store.markEmailSent("DS-HALF-0002/clinic-request", at(MINUTE));
      await book("DS-GAVE-0003");
      await store.markEmailSent("DS-GAVE-0003/clinic-request", at(MINUTE));
      await store.markEmailUndeliverable("DS-GAVE-0003/patron-receipt", "Mailbox unavailable");
      await bookAndSendAll("DS-RECE-0004", CUT_OFF);

      expect(await store.erasePersonalData(CUT_OFF, at(31 * DAY))).toBe(1);
      expect((await store.findRequest("DS-DONE-0001"))?.request).toBeNull();
      for (const reference of ["DS-HALF-0002", "DS-GAVE-0003", "DS-RECE-0004"]) {
        expect(await store.findRequest(reference)).toEqual({ reference, request: MEERA, receivedAt: T0, erasedAt: null, appointment: requestedAppointment(T0) });
      }
    });
  });

  describe("the booking limit shared by every server", () => {
    const FIVE_AN_HOUR = { requests: 5, seconds: HOUR };

    async function attempts(clientAddress: string, times: Date[], limit = FIVE_AN_HOUR) {
      const allowed: boolean[] = [];
      for (const time of times) allowed.push(await store.allowBookingAttempt(clientAddress, time, limit));
      return allowed;
    }

    it("allows the limit's number of attempts within its window and refuses the next", async () => {
      const times = [0, 1, 2, 3, 4, 5].map((minute) => at(minute * MINUTE));
      expect(await attempts("203.0.113.7", times)).toEqual([true, true, true, true, true, false]);
    });

    it("counts each client address on its own", async () => {
      await attempts("203.0.113.7", [0, 1, 2, 3, 4].map(at));
      expect(await attempts("203.0.113.8", [at(5)])).toEqual([true]);
      expect(await attempts("203.0.113.7", [at(6)])).toEqual([false]);
    });

    it("allows a client again once its attempts have left the window", async () => {
      await attempts("203.0.113.7", [0, 1, 2, 3, 4].map(at));
      expect(await attempts("203.0.113.7", [at(HOUR + 4)])).toEqual([true]);
    });

    it("keeps refusing a client that keeps trying, since refused attempts count too", async () => {
      // Every ten minutes for a day: only the first five in all that time get through.
      const times = Array.from({ length: (24 * HOUR) / (10 * MINUTE) }, (_, i) => at(i * 10 * MINUTE));
      const allowed = await attempts("203.0.113.7", times);
      expect(allowed.slice(0, 5)).toEqual([true, true, true, true, true]);
      expect(allowed.slice(5).filter(Boolean)).toEqual([]);
    });

    it("forgets clients not seen since the cut-off, and only those", async () => {
      const oncePerHour = { requests: 1, seconds: HOUR };
      await attempts("203.0.113.7", [at(0)], oncePerHour);
      await attempts("203.0.113.8", [at(10 * MINUTE)], oncePerHour);

      expect(await store.pruneBookingLimits(at(5 * MINUTE))).toBe(1);
      expect(rawRows(target, "booking_limits")).toHaveLength(1);
      // Forgotten: a fresh start, though its last attempt is still within the hour.
      expect(await attempts("203.0.113.7", [at(11 * MINUTE)], oncePerHour)).toEqual([true]);
      expect(await attempts("203.0.113.8", [at(11 * MINUTE)], oncePerHour)).toEqual([false]);
    });

    it("keeps a salted hash of a client's address, never the address itself", async () => {
      await attempts("203.0.113.7", [at(0)]);
      await attempts("2001:db8::7", [at(0)]);

      const everything = JSON.stringify(tableNames(target).map((table) => rawRows(target, table)));
      expect(everything).not.toContain("203.0.113.7");
      expect(everything).not.toContain("2001:db8::7");
      const hashes = rawRows(target, "booking_limits").map((row) => row.address_hash);
      expect(hashes).toEqual([expect.stringMatching(/^[\w-]{43}$/), expect.stringMatching(/^[\w-]{43}$/)]);
    });
  });

  describe("several server processes at once", () => {
    it("four delivery processes share 400 due emails between them, each claimed exactly once", async () => {
      const receivedAt = new Date(Date.now() - MINUTE * 1000);
      const owed: string[] = [];
      for (let i = 0; i < 200; i++) {
        const reference = `DS-MANY-${String(i).padStart(4, "0")}`;
        await book(reference, receivedAt);
        owed.push(...REQUEST_EMAILS.map(({ kind }) => `${reference}/${kind}`));
      }

      const claims = await runStoreWorkers(target, 4, { job: "claim", batch: 10, leaseMs: 10 * MINUTE * 1000 });
      const claimed = claims.flat();
      expect(claimed).toHaveLength(400);
      expect(new Set(claimed).size).toBe(400);
      expect(claimed.sort()).toEqual(owed.sort());
      expect(await store.listEmails(["pending"])).toEqual([]);
    });

    it("two servers counting one client's attempts together allow no more than the limit", async () => {
      const counts = await runStoreWorkers(target, 2, {
        job: "book",
        clientAddress: "198.51.100.23",
        attempts: 20,
        limit: { requests: 5, seconds: HOUR },
      });
      expect(counts.flat().filter(Boolean)).toHaveLength(5);
    });
  });
});
