// What the clinic relies on from its store, as one suite run unchanged on both engines: a SQLite file and a
// PostgreSQL database, each new and empty for every test, opened and migrated by openStore as a server would.
import {
  applyChange,
  requestedAppointment,
  type Appointment,
  type AppointmentChange,
  type ChangeOutcome,
} from "@/lib/appointments/states";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import type { ConsultationRequest } from "@/lib/booking/schema";
import type { DatabaseTarget } from "@/lib/config";
import { indiaClock, indiaInstant } from "@/lib/india-time";
import { dataKey, keyIdOf, type DataKey } from "@/lib/privacy/encryption";
import { openStore } from "@/lib/store";
import type { ClinicStore, NewEmail, NewRequest } from "@/lib/store/clinic-store";
import { holdWorkerReference, runStoreWorkers } from "../support/claim-emails-worker";
import { encryptedValues, executePastTheStore, heldInClear, rawRows, tableNames } from "../support/past-the-store";
import { createDatabaseAt } from "../support/postgres";

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

/** The patron's details a request holds, as someone reading the database would look for them. */
const detailsOf = ({ fullName, mobile, email, reason }: ConsultationRequest) => [fullName, mobile, email, reason];

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

const SUNIL: ConsultationRequest = {
  fullName: "Sunil Menon",
  mobile: "+919811122233",
  email: "sunil.menon@example.test",
  mode: "video",
  preferredDate: "2026-12-03",
  timeWindow: "evening",
  reason: "Dark patches on the neck since the summer.",
  consent: "yes",
};

/** The two emails a consultation request causes. */
const REQUEST_EMAILS: NewEmail[] = [
  { kind: "clinic-request", recipient: "clinic" },
  { kind: "patron-receipt", recipient: "patron" },
];

const T0 = new Date("2026-12-01T04:30:00Z");
/** The privacy notice's version the patron agreed to, when they sent the form. */
const consentAt = (givenAt: Date) => ({ version: "1", givenAt, noticeLanguage: "en" as const });
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

  /** Stores `entry`, failing the test if its time was taken. */
  async function added(entry: NewRequest, emails = REQUEST_EMAILS) {
    const result = await store.addRequest(entry, emails);
    if (result === "taken") throw new Error(`${entry.reference}: its time was taken`);
    return result;
  }

  /** Stores a request received at `receivedAt` with its two emails, under a form key of its own. */
  async function book(reference: string, receivedAt = T0, request = MEERA) {
    return added({ reference, requestKey: `key-${reference}`, request, receivedAt, consent: consentAt(receivedAt) });
  }

  const ids = (emails: { id: string }[]) => emails.map((email) => email.id).sort();

  // T0 is Tuesday 1 Dec 2026, 10:00 in India; the appointments are later that week, in India time.
  const THURSDAY_1130 = indiaInstant("2026-12-03", "11:30");
  const confirm = (startsAt: Date): AppointmentChange => ({ type: "confirm", startsAt, by: "staff" });
  const cancel = (message: string | null = null): AppointmentChange => ({ type: "cancel", message, by: "staff" });

  /** The emails a change causes, keyed as lib/appointments/index.ts keys them: one set per change, one reminder a day. */
  function emailsOf(reference: string, outcome: Extract<ChangeOutcome, { done: true }>): NewEmail[] {
    const { startsAt, sequence, message, changedBy } = outcome.appointment;
    return outcome.emails.map(({ kind, recipient, dueAt }) => ({
      id: kind === "patron-reminder" ? `${reference}/${kind}/${indiaClock(startsAt!).date}` : `${reference}/${kind}/${sequence}`,
      kind,
      recipient,
      dueAt,
      details: { startsAt: startsAt?.getTime(), sequence, message, by: changedBy },
    }));
  }

  /**
   * Makes `change` at `now` as the site does: checked by the state machine against the appointment as `seen` (by
   * default as stored now), then written only if the appointment is still at the sequence seen.
   */
  async function change(reference: string, appointmentChange: AppointmentChange, now: Date, seen?: Appointment) {
    const from = seen ?? (await store.findRequest(reference))!.appointment;
    const outcome = applyChange(from, appointmentChange, now);
    if (!outcome.done) throw new Error(`refused: ${outcome.refusal}`);
    const written = await store.changeAppointment(reference, from.sequence, outcome.appointment, emailsOf(reference, outcome));
    return { changed: written === "changed", written, appointment: outcome.appointment };
  }

  describe("a consultation request", () => {
    it("is stored together with the two emails it causes, both waiting to be sent", async () => {
      const { stored, isNew } = await book("DS-AAAA-0001");
      expect(isNew).toBe(true);
      expect(stored).toEqual({
        reference: "DS-AAAA-0001",
        request: MEERA,
        receivedAt: T0,
        erasedAt: null,
        consent: consentAt(T0),
        language: "en",
        appointment: requestedAppointment(T0),
      });
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

    it("keeps the language it was made in and the language of the notice agreed to", async () => {
      const consent = { ...consentAt(T0), noticeLanguage: "kn" as const };
      await added({ reference: "DS-KANN-0001", requestKey: "key-kannada-0001", request: MEERA, receivedAt: T0, consent, language: "kn" });
      expect(await store.findRequest("DS-KANN-0001")).toMatchObject({ language: "kn", consent: { noticeLanguage: "kn" } });
    });

    it("is one request when the same form is posted twice: the first reference, and no second pair of emails", async () => {
      await store.addRequest({ reference: "DS-AAAA-0001", requestKey: "form-1", request: MEERA, receivedAt: T0, consent: consentAt(T0) }, REQUEST_EMAILS);
      const again = await added({
        reference: "DS-BBBB-0002",
        requestKey: "form-1",
        request: { ...MEERA, reason: "Posted again." },
        receivedAt: at(5),
        consent: consentAt(at(5)),
      });
      expect(again.isNew).toBe(false);
      // The first request's consent, too: nothing of the second post is kept.
      expect(again.stored).toEqual({
        reference: "DS-AAAA-0001",
        request: MEERA,
        receivedAt: T0,
        erasedAt: null,
        consent: consentAt(T0),
        language: "en",
        appointment: requestedAppointment(T0),
      });
      expect(await store.findRequest("DS-BBBB-0002")).toBeUndefined();
      expect(ids(await store.listEmails([...ALL_STATUSES]))).toEqual(["DS-AAAA-0001/clinic-request", "DS-AAAA-0001/patron-receipt"]);
    });

    it("is not stored at all when one of its emails cannot be", async () => {
      const sameEmailTwice = [REQUEST_EMAILS[0], REQUEST_EMAILS[0]];
      await expect(
        store.addRequest({ reference: "DS-AAAA-0001", requestKey: "form-1", request: MEERA, receivedAt: T0, consent: consentAt(T0) }, sameEmailTwice),
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
      await store.markEmailFailed("DS-AAAA-0001/patron-receipt", { error: "Connection refused", failure: "temporary" }, at(2 * MINUTE));
      await store.markEmailSent("DS-AAAA-0001/clinic-request", at(11));

      const failed = (await store.emailsAbout("DS-AAAA-0001"))[1];
      expect(failed).toMatchObject({ status: "pending", attempts: 1, lastError: "Connection refused", sentAt: null });
      expect(failed.dueAt).toEqual(at(2 * MINUTE));
      // Failing ends the lease: only the due time holds it back.
      expect(await store.claimDueEmails(at(2 * MINUTE - 1), LEASE_MS, 10)).toEqual([]);
      const retried = await store.claimDueEmails(at(2 * MINUTE), LEASE_MS, 10);
      expect(ids(retried)).toEqual(["DS-AAAA-0001/patron-receipt"]);

      await store.markEmailFailed("DS-AAAA-0001/patron-receipt", { error: "Greeting never received", failure: "temporary" }, at(10 * MINUTE));
      expect((await store.emailsAbout("DS-AAAA-0001"))[1]).toMatchObject({ attempts: 2, lastError: "Greeting never received" });
    });

    it("gives up on an undeliverable email and never claims it again", async () => {
      await book("DS-AAAA-0001");
      await store.claimDueEmails(at(10), LEASE_MS, 10);
      await store.markEmailSent("DS-AAAA-0001/clinic-request", at(11));
      await store.markEmailUndeliverable("DS-AAAA-0001/patron-receipt", { error: "Mailbox unavailable", failure: "permanent" }, at(12), []);

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
      await store.markEmailUndeliverable("DS-GAVE-0001/patron-receipt", { error: "Mailbox unavailable", failure: "permanent" }, at(12), []);
      await store.markEmailFailed("DS-FAIL-0002/clinic-request", { error: "Connection refused", failure: "temporary" }, at(DAY));
      await store.markEmailFailed("DS-FAIL-0002/patron-receipt", { error: "Connection refused", failure: "temporary" }, at(DAY));

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
      await store.markEmailFailed("DS-LATE-0001/clinic-request", { error: "Greeting never received", failure: "temporary" }, at(HOUR));
      await store.markEmailUndeliverable("DS-LATE-0001/clinic-request", { error: "Mailbox unavailable", failure: "permanent" }, at(HOUR), []);
      expect((await store.emailsAbout("DS-LATE-0001"))[0]).toMatchObject({ status: "sent", sentAt: at(11), lastError: null });
    });

    it("lists the emails in the statuses asked for", async () => {
      await book("DS-AAAA-0001");
      await book("DS-BBBB-0002");
      await store.markEmailSent("DS-AAAA-0001/clinic-request", at(11));
      await store.markEmailUndeliverable("DS-BBBB-0002/patron-receipt", { error: "Mailbox unavailable", failure: "permanent" }, at(12), []);

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
        consent: consentAt(T0),
        language: "en",
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
      await store.markEmailUndeliverable("DS-GAVE-0003/patron-receipt", { error: "Mailbox unavailable", failure: "permanent" }, at(MINUTE), []);
      await bookAndSendAll("DS-RECE-0004", CUT_OFF);

      expect(await store.erasePersonalData(CUT_OFF, at(31 * DAY))).toBe(1);
      expect((await store.findRequest("DS-DONE-0001"))?.request).toBeNull();
      for (const reference of ["DS-HALF-0002", "DS-GAVE-0003", "DS-RECE-0004"]) {
        expect(await store.findRequest(reference)).toEqual({
          reference,
          request: MEERA,
          receivedAt: T0,
          erasedAt: null,
          consent: consentAt(T0),
          language: "en",
          appointment: requestedAppointment(T0),
        });
      }
    });
  });

  describe("an appointment", () => {
    const REMINDER_FOR_THURSDAY = indiaInstant("2026-12-02", "18:00");

    const kinds = (emails: { kind: string }[]) => emails.map((email) => email.kind).sort();
    /** The emails about `reference` other than the request's own two. */
    const changeEmails = async (reference: string) =>
      (await store.emailsAbout(reference)).filter((email) => !REQUEST_EMAILS.some(({ kind }) => kind === email.kind));

    it("is changed together with the emails the change causes: state, time, sequence, who, when and message", async () => {
      await book("DS-AAAA-0001");
      const confirmed = await change("DS-AAAA-0001", confirm(THURSDAY_1130), at(HOUR));
      expect(confirmed.changed).toBe(true);
      const confirmedAppointment: Appointment = {
        state: "confirmed",
        startsAt: THURSDAY_1130,
        sequence: 1,
        changedAt: at(HOUR),
        changedBy: "staff",
        message: null,
      };
      expect(confirmed.appointment).toEqual(confirmedAppointment);
      expect((await store.findRequest("DS-AAAA-0001"))?.appointment).toEqual(confirmedAppointment);
      const confirmation = { startsAt: THURSDAY_1130.getTime(), sequence: 1, message: null, by: "staff" };
      const pending = { reference: "DS-AAAA-0001", status: "pending", attempts: 0, createdAt: at(HOUR) };
      expect(await changeEmails("DS-AAAA-0001")).toEqual([
        expect.objectContaining({
          ...pending,
          id: "DS-AAAA-0001/clinic-confirmed/1",
          recipient: "clinic",
          dueAt: at(HOUR),
          details: confirmation,
        }),
        expect.objectContaining({
          ...pending,
          id: "DS-AAAA-0001/patron-confirmed/1",
          recipient: "patron",
          dueAt: at(HOUR),
          details: confirmation,
        }),
        // The evening before, in India; its retries give up three days after that, not after it was written.
        expect.objectContaining({
          ...pending,
          id: "DS-AAAA-0001/patron-reminder/2026-12-03",
          kind: "patron-reminder",
          recipient: "patron",
          createdAt: REMINDER_FOR_THURSDAY,
          dueAt: REMINDER_FOR_THURSDAY,
          details: confirmation,
        }),
      ]);

      const message = "The doctor is away that morning; please book another day.";
      expect((await change("DS-AAAA-0001", cancel(message), at(2 * HOUR))).changed).toBe(true);
      expect(await store.findRequest("DS-AAAA-0001")).toEqual({
        reference: "DS-AAAA-0001",
        request: MEERA,
        receivedAt: T0,
        erasedAt: null,
        consent: consentAt(T0),
        language: "en",
        appointment: { state: "cancelled", startsAt: THURSDAY_1130, sequence: 2, changedAt: at(2 * HOUR), changedBy: "staff", message },
      });
      const cancellation = { startsAt: THURSDAY_1130.getTime(), sequence: 2, message, by: "staff" };
      const emails = await changeEmails("DS-AAAA-0001");
      expect(ids(emails)).toEqual([
        "DS-AAAA-0001/clinic-cancelled/2",
        "DS-AAAA-0001/clinic-confirmed/1",
        "DS-AAAA-0001/patron-cancelled/2",
        "DS-AAAA-0001/patron-confirmed/1",
      ]);
      // Each email keeps what its own change said.
      for (const email of emails) {
        expect(email.details).toEqual(email.kind.endsWith("cancelled") ? cancellation : confirmation);
      }
    });

    it("is not changed at all when one of the change's emails cannot be written", async () => {
      await book("DS-AAAA-0001");
      await change("DS-AAAA-0001", confirm(THURSDAY_1130), at(HOUR));
      const before = await store.findRequest("DS-AAAA-0001");
      const emailsBefore = await store.emailsAbout("DS-AAAA-0001");

      const outcome = applyChange(before!.appointment, cancel("Sorry."), at(2 * HOUR));
      if (!outcome.done) throw new Error(outcome.refusal);
      const unwritable = { id: "DS-AAAA-0001/no-recipient", kind: "clinic-cancelled", recipient: null as unknown as string };
      await expect(
        store.changeAppointment("DS-AAAA-0001", 1, outcome.appointment, [...emailsOf("DS-AAAA-0001", outcome), unwritable]),
      ).rejects.toThrow();
      // Still confirmed, its reminder still to go, and no cancellation in the outbox.
      expect(await store.findRequest("DS-AAAA-0001")).toEqual(before);
      expect(await store.emailsAbout("DS-AAAA-0001")).toEqual(emailsBefore);
    });

    it("is not changed, and no email written, when someone changed it after the page was shown", async () => {
      await book("DS-AAAA-0001");
      const shown = (await store.findRequest("DS-AAAA-0001"))!.appointment;
      await change("DS-AAAA-0001", confirm(THURSDAY_1130), at(HOUR));
      const meanwhile = await store.findRequest("DS-AAAA-0001");
      const emails = await store.emailsAbout("DS-AAAA-0001");

      const stale = await change("DS-AAAA-0001", { type: "decline", message: "Fully booked.", by: "staff" }, at(2 * HOUR), shown);
      expect(stale.changed).toBe(false);
      expect(await store.findRequest("DS-AAAA-0001")).toEqual(meanwhile);
      expect(await store.emailsAbout("DS-AAAA-0001")).toEqual(emails);
      // A change from where it stands now is made.
      expect((await change("DS-AAAA-0001", cancel(), at(2 * HOUR))).changed).toBe(true);
    });

    it("is not changed once the patron's details are erased, nor when there is no such request", async () => {
      await book("DS-GONE-0001");
      for (const { kind } of REQUEST_EMAILS) await store.markEmailSent(`DS-GONE-0001/${kind}`, at(MINUTE));
      expect(await store.erasePersonalData(at(HOUR), at(HOUR))).toBe(1);
      const outcome = applyChange(requestedAppointment(T0), confirm(THURSDAY_1130), at(2 * HOUR));
      if (!outcome.done) throw new Error(outcome.refusal);

      expect(await store.changeAppointment("DS-GONE-0001", 0, outcome.appointment, emailsOf("DS-GONE-0001", outcome))).toBe("stale");
      expect((await store.findRequest("DS-GONE-0001"))?.appointment).toEqual(requestedAppointment(T0));
      expect(await changeEmails("DS-GONE-0001")).toEqual([]);
      expect(await store.changeAppointment("DS-NONE-0002", 0, outcome.appointment, emailsOf("DS-NONE-0002", outcome))).toBe("stale");
      expect(await store.emailsAbout("DS-NONE-0002")).toEqual([]);
    });

    it("takes exactly one of two changes made at once from the same sequence, with only its emails", async () => {
      // Staff on two servers, one confirming and one declining, each from the page they opened: on PostgreSQL the
      // two transactions really race, on separate connections.
      const references = Array.from({ length: 8 }, (_, i) => `DS-RACE-${String(i).padStart(4, "0")}`);
      for (const reference of references) await book(reference);
      const outcomes = await Promise.all(
        references.map(async (reference) => {
          const shown = (await store.findRequest(reference))!.appointment;
          const [confirmed, declined] = await Promise.all([
            change(reference, confirm(THURSDAY_1130), at(HOUR), shown),
            change(reference, { type: "decline", message: "Fully booked.", by: "staff" }, at(HOUR), shown),
          ]);
          return { reference, confirmed, declined };
        }),
      );
      for (const { reference, confirmed, declined } of outcomes) {
        expect([confirmed.changed, declined.changed].filter(Boolean)).toHaveLength(1);
        const winner = confirmed.changed ? confirmed : declined;
        expect((await store.findRequest(reference))?.appointment).toEqual(winner.appointment);
        expect(kinds(await changeEmails(reference))).toEqual(
          confirmed.changed ? ["clinic-confirmed", "patron-confirmed", "patron-reminder"] : ["clinic-declined", "patron-declined"],
        );
      }
    });

    it("confirms only one of two overlapping times given at once to two requests: the doctor's diary stays clear", async () => {
      // Staff on two servers giving two patrons times ten minutes apart: on PostgreSQL the two transactions really
      // race, on separate connections, and the diary's key on each quantum refuses the second.
      const twenty = 20 * 60_000; // a consultation, in ms
      const pairs = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const day = indiaInstant(`2026-12-${String(7 + i).padStart(2, "0")}`, "11:30");
          const [first, second] = [`DS-DIAR-${i}00A`, `DS-DIAR-${i}00B`];
          await book(first);
          await book(second);
          const give = async (reference: string, startsAt: Date) => {
            const outcome = applyChange((await store.findRequest(reference))!.appointment, confirm(startsAt), at(HOUR));
            if (!outcome.done) throw new Error(outcome.refusal);
            return store.changeAppointment(reference, 0, outcome.appointment, emailsOf(reference, outcome));
          };
          return Promise.all([give(first, day), give(second, new Date(day.getTime() + 10 * 60_000))]);
        }),
      );
      for (const written of pairs) expect(written.sort()).toEqual(["changed", "taken"]);
      const confirmed = await store.confirmedAppointmentsBetween(indiaInstant("2026-12-07", "00:00"), indiaInstant("2026-12-15", "00:00"));
      expect(confirmed).toHaveLength(8);

      // Clear of it by the length of a consultation, a time is given.
      const [{ reference: taken, appointment }] = confirmed;
      const next = new Date(appointment.startsAt!.getTime() + twenty);
      const other = taken.endsWith("A") ? taken.replace(/A$/, "B") : taken.replace(/B$/, "A");
      const outcome = applyChange((await store.findRequest(other))!.appointment, confirm(next), at(HOUR));
      if (!outcome.done) throw new Error(outcome.refusal);
      expect(await store.changeAppointment(other, 0, outcome.appointment, emailsOf(other, outcome))).toBe("changed");
    });

    it("replaces its reminder still to go when moved, and takes it away when cancelled, leaving others' reminders", async () => {
      await book("DS-MOVE-0001");
      await book("DS-STAY-0002");
      await change("DS-MOVE-0001", confirm(THURSDAY_1130), at(HOUR));
      await change("DS-STAY-0002", confirm(indiaInstant("2026-12-03", "12:00")), at(HOUR));

      const friday = indiaInstant("2026-12-04", "10:00");
      expect((await change("DS-MOVE-0001", confirm(friday), at(2 * HOUR))).changed).toBe(true);
      const reminders = async (reference: string) =>
        (await store.emailsAbout(reference)).filter((email) => email.kind === "patron-reminder");
      expect(await reminders("DS-MOVE-0001")).toEqual([
        expect.objectContaining({
          id: "DS-MOVE-0001/patron-reminder/2026-12-04",
          status: "pending",
          dueAt: indiaInstant("2026-12-03", "18:00"),
          details: { startsAt: friday.getTime(), sequence: 2, message: null, by: "staff" },
        }),
      ]);

      expect((await change("DS-MOVE-0001", cancel(), at(3 * HOUR))).changed).toBe(true);
      expect(await reminders("DS-MOVE-0001")).toEqual([]);
      expect(await reminders("DS-STAY-0002")).toEqual([
        expect.objectContaining({ id: "DS-STAY-0002/patron-reminder/2026-12-03", status: "pending", dueAt: REMINDER_FOR_THURSDAY }),
      ]);
    });

    it("does not write again, nor take away, a reminder already sent for that day", async () => {
      await book("DS-AAAA-0001");
      await change("DS-AAAA-0001", confirm(THURSDAY_1130), at(HOUR));
      await store.markEmailSent("DS-AAAA-0001/patron-reminder/2026-12-03", at(2 * HOUR));
      const [sent] = (await store.emailsAbout("DS-AAAA-0001")).filter((email) => email.kind === "patron-reminder");

      // Moved within the day with a change that brings a reminder for that day again: the patron was reminded already.
      const later = await change("DS-AAAA-0001", confirm(indiaInstant("2026-12-03", "15:00")), at(3 * HOUR));
      expect(later.changed).toBe(true);
      expect(ids(await changeEmails("DS-AAAA-0001"))).toEqual([
        "DS-AAAA-0001/clinic-confirmed/1",
        "DS-AAAA-0001/clinic-confirmed/2",
        "DS-AAAA-0001/patron-confirmed/1",
        "DS-AAAA-0001/patron-confirmed/2",
        "DS-AAAA-0001/patron-reminder/2026-12-03",
      ]);
      const [reminder] = (await store.emailsAbout("DS-AAAA-0001")).filter((email) => email.kind === "patron-reminder");
      expect(reminder).toEqual(sent);
      expect(reminder).toMatchObject({ status: "sent", sentAt: at(2 * HOUR) });
    });

    it("is listed among the day's confirmed appointments in [from, to), earliest first, only while confirmed", async () => {
      const from = indiaInstant("2026-12-03", "00:00");
      const to = indiaInstant("2026-12-04", "00:00");
      // Booked in an order, and under references, other than the appointments' order.
      const appointments: [string, AppointmentChange[]][] = [
        ["DS-ZZZZ-0001", [confirm(indiaInstant("2026-12-03", "16:00"))]],
        ["DS-BBBB-0002", [confirm(to)]],
        ["DS-CCCC-0003", [confirm(indiaInstant("2026-12-03", "10:00"))]],
        ["DS-DDDD-0004", [confirm(from)]],
        ["DS-EEEE-0005", [confirm(indiaInstant("2026-12-03", "11:00")), cancel()]],
        ["DS-FFFF-0006", [{ type: "propose", startsAt: indiaInstant("2026-12-03", "12:00"), by: "staff" }]],
        ["DS-GGGG-0007", []],
        ["DS-HHHH-0008", [confirm(indiaInstant("2026-12-02", "18:59"))]],
        ["DS-IIII-0009", [confirm(indiaInstant("2026-12-03", "16:20"))]],
      ];
      for (const [reference, changes] of appointments) {
        await book(reference);
        for (const [i, appointmentChange] of changes.entries()) await change(reference, appointmentChange, at(HOUR + i * MINUTE));
      }

      const listed = await store.confirmedAppointmentsBetween(from, to);
      expect(listed.map(({ reference, appointment }) => [reference, appointment.startsAt])).toEqual([
        ["DS-DDDD-0004", from],
        ["DS-CCCC-0003", indiaInstant("2026-12-03", "10:00")],
        ["DS-ZZZZ-0001", indiaInstant("2026-12-03", "16:00")],
        ["DS-IIII-0009", indiaInstant("2026-12-03", "16:20")],
      ]);
      expect(listed[0]).toEqual(await store.findRequest("DS-DDDD-0004"));
      expect(await store.confirmedAppointmentsBetween(to, indiaInstant("2026-12-05", "00:00"))).toEqual([
        await store.findRequest("DS-BBBB-0002"),
      ]);
    });

    it("is among the recent requests when received since then or when its time is since then, latest received first", async () => {
      const since = at(-2 * DAY);
      await book("DS-OLD0-0001", at(-10 * DAY));
      await book("DS-OLDA-0002", at(-10 * DAY));
      await change("DS-OLDA-0002", confirm(THURSDAY_1130), at(-9 * DAY));
      await book("DS-OLDP-0003", at(-10 * DAY));
      await change("DS-OLDP-0003", confirm(at(-3 * DAY)), at(-9 * DAY));
      await book("DS-EDGE-0004", since);
      await book("DS-NEW1-0005", at(-1 * DAY));
      await book("DS-NEW0-0006", T0);

      expect((await store.recentRequests(since)).map(({ reference }) => reference)).toEqual([
        "DS-NEW0-0006",
        "DS-NEW1-0005",
        "DS-EDGE-0004",
        "DS-OLDA-0002",
      ]);
      const [latest] = await store.recentRequests(since);
      expect(latest).toEqual(await store.findRequest("DS-NEW0-0006"));
      expect(await store.recentRequests(at(DAY))).toEqual([await store.findRequest("DS-OLDA-0002")]);
    });

    it("keeps the patron's details until the appointment's time is older than the cut-off, then erases them and the staff message", async () => {
      const sendAll = async (reference: string, sentAt: Date) => {
        for (const { id } of await store.emailsAbout(reference)) await store.markEmailSent(id, sentAt);
      };
      // Confirmed weeks ahead: every email, the reminder too, sent long before the consultation.
      const january = indiaInstant("2027-01-10", "11:30");
      await book("DS-KEEP-0001");
      await change("DS-KEEP-0001", confirm(january), at(HOUR));
      await sendAll("DS-KEEP-0001", at(2 * HOUR));
      const message = "The doctor is away that morning; please book another day.";
      await book("DS-GONE-0002");
      await change("DS-GONE-0002", confirm(THURSDAY_1130), at(HOUR));
      await change("DS-GONE-0002", cancel(message), at(2 * HOUR));
      await sendAll("DS-GONE-0002", at(3 * HOUR));
      expect((await store.findRequest("DS-GONE-0002"))?.appointment.message).toBe(message);

      const retention = 30 * DAY * 1000;
      const sweepAt = (cutOff: Date) => store.erasePersonalData(cutOff, new Date(cutOff.getTime() + retention));
      expect(await sweepAt(at(30 * DAY))).toBe(1);
      expect(await store.findRequest("DS-KEEP-0001")).toMatchObject({ request: MEERA, erasedAt: null });
      expect(await store.findRequest("DS-GONE-0002")).toEqual({
        reference: "DS-GONE-0002",
        request: null,
        receivedAt: T0,
        erasedAt: at(60 * DAY),
        consent: consentAt(T0),
        language: "en",
        appointment: {
          state: "cancelled",
          startsAt: THURSDAY_1130,
          sequence: 2,
          changedAt: at(2 * HOUR),
          changedBy: "staff",
          message: null,
        },
      });
      expect(JSON.stringify(rawRows(target, "consultation_requests"))).not.toContain(message);

      // Not while its time is the cut-off itself; once it is older, erased.
      expect(await sweepAt(january)).toBe(0);
      expect((await store.findRequest("DS-KEEP-0001"))?.request).toEqual(MEERA);
      const justAfter = new Date(january.getTime() + 1);
      expect(await sweepAt(justAfter)).toBe(1);
      expect(await store.findRequest("DS-KEEP-0001")).toEqual({
        reference: "DS-KEEP-0001",
        request: null,
        receivedAt: T0,
        erasedAt: new Date(justAfter.getTime() + retention),
        consent: consentAt(T0),
        language: "en",
        appointment: { state: "confirmed", startsAt: january, sequence: 1, changedAt: at(HOUR), changedBy: "staff", message: null },
      });
    });

    // The message is also in the record the cancellation's emails keep of their change.
    it("leaves nothing of the staff message anywhere in the database once the patron's details are erased", async () => {
      const message = "As we discussed on the phone, Dr. Sharma will see your forearms at the clinic instead.";
      await book("DS-GONE-0001");
      await change("DS-GONE-0001", confirm(THURSDAY_1130), at(HOUR));
      await change("DS-GONE-0001", cancel(message), at(2 * HOUR));
      for (const { id } of await store.emailsAbout("DS-GONE-0001")) await store.markEmailSent(id, at(3 * HOUR));
      expect(await store.erasePersonalData(at(30 * DAY), at(60 * DAY))).toBe(1);
      expect((await store.findRequest("DS-GONE-0001"))?.appointment.message).toBeNull();

      const everything = JSON.stringify(tableNames(target).map((table) => rawRows(target, table)));
      expect(everything).not.toContain(message);
    });
  });

  describe("the patron's details at rest", () => {
    it("are nowhere in the database in clear, in its rows or (SQLite) its file and write-ahead log, and read back whole", async () => {
      const cancelled = "Dr. Sharma is away on Thursday; please call us to choose another day.";
      const declined = "A video call cannot show us this well enough: please come to the clinic.";
      await book("DS-PRIV-0001");
      await change("DS-PRIV-0001", confirm(THURSDAY_1130), at(HOUR));
      await change("DS-PRIV-0001", cancel(cancelled), at(2 * HOUR));
      await book("DS-PRIV-0002", T0, SUNIL);
      await change("DS-PRIV-0002", { type: "decline", message: declined, by: "staff" }, at(HOUR));
      const secrets = [...detailsOf(MEERA), ...detailsOf(SUNIL), cancelled, declined];

      if (target.engine === "sqlite") {
        // Not a vacuous search: the rows are still in the write-ahead log, their reference in clear.
        const wal = fs.readFileSync(`${target.path}-wal`);
        expect(wal.includes("DS-PRIV-0001")).toBe(true);
      }
      expect(heldInClear(target, secrets)).toEqual([]);

      expect(await store.findRequest("DS-PRIV-0001")).toMatchObject({ request: MEERA, appointment: { state: "cancelled", message: cancelled } });
      expect(await store.findRequest("DS-PRIV-0002")).toMatchObject({ request: SUNIL, appointment: { state: "declined", message: declined } });
      const emails = [...(await store.emailsAbout("DS-PRIV-0001")), ...(await store.emailsAbout("DS-PRIV-0002"))];
      expect(emails.filter((email) => email.details?.message).map((email) => [email.id, email.details?.message])).toEqual([
        ["DS-PRIV-0001/clinic-cancelled/2", cancelled],
        ["DS-PRIV-0001/patron-cancelled/2", cancelled],
        ["DS-PRIV-0002/clinic-declined/1", declined],
        ["DS-PRIV-0002/patron-declined/1", declined],
      ]);

      if (target.engine === "sqlite") {
        // Closed, its write-ahead log is written back into the file: still nothing in clear there.
        await store.close();
        expect(fs.existsSync(`${target.path}-wal`)).toBe(false);
        expect(heldInClear(target, secrets)).toEqual([]);
        ({ store } = await openStore(target));
        expect((await store.findRequest("DS-PRIV-0001"))?.request).toEqual(MEERA);
      }
    });

    it("record the version of the privacy notice the patron agreed to, in which language, and when", async () => {
      const consent = { version: "2026-11", givenAt: at(-90), noticeLanguage: "hi" as const };
      const { stored } = await added({ reference: "DS-CONS-0001", requestKey: "key-consent", request: MEERA, receivedAt: T0, consent });
      expect(stored.consent).toEqual(consent);
      expect((await store.findRequest("DS-CONS-0001"))?.consent).toEqual(consent);
      expect(rawRows(target, "consultation_requests")).toEqual([
        expect.objectContaining({
          reference: "DS-CONS-0001",
          consent_version: "2026-11",
          consent_given_at: at(-90).getTime(),
          consent_notice_language: "hi",
        }),
      ]);
    });
  });

  describe("the audit trail", () => {
    it("lists what happened to a request, in order, and who caused it: received, emails sent, confirmed, cancelled", async () => {
      await book("DS-AUDI-0001");
      await store.markEmailSent("DS-AUDI-0001/clinic-request", at(MINUTE));
      await store.markEmailSent("DS-AUDI-0001/patron-receipt", at(2 * MINUTE));
      const shown = (await store.findRequest("DS-AUDI-0001"))!.appointment;
      await change("DS-AUDI-0001", confirm(THURSDAY_1130), at(HOUR));
      // A change from a page shown before that one is not made, and not recorded.
      expect((await change("DS-AUDI-0001", { type: "decline", message: "Fully booked.", by: "staff" }, at(HOUR + 1), shown)).changed).toBe(false);
      await change("DS-AUDI-0001", { type: "cancel", message: null, by: "patron" }, at(2 * HOUR));

      const trail = [
        { at: T0, event: "received", actor: "patron", detail: null },
        { at: at(MINUTE), event: "email sent", actor: "system", detail: "clinic-request" },
        { at: at(2 * MINUTE), event: "email sent", actor: "system", detail: "patron-receipt" },
        { at: at(HOUR), event: "confirmed", actor: "staff", detail: null },
        { at: at(2 * HOUR), event: "cancelled", actor: "patron", detail: null },
      ];
      expect(await store.auditTrail("DS-AUDI-0001")).toEqual(trail);
      expect(await store.auditTrail("DS-NONE-0002")).toEqual([]);
      // Its rows name the request, what happened and who, never the patron.
      const rows = rawRows(target, "audit_events");
      expect(rows).toHaveLength(trail.length);
      expect(Object.keys(rows[0]).sort()).toEqual(["actor", "at", "detail", "event", "reference", "staff_member_id", "step"]);
      expect(detailsOf(MEERA).filter((text) => JSON.stringify(rows).includes(text))).toEqual([]);
      expect(heldInClear(target, detailsOf(MEERA))).toEqual([]);

      // Once every email is sent and the appointment long past, the details go; the trail stays, with the erasure.
      const unsent = (await store.emailsAbout("DS-AUDI-0001")).filter((email) => email.status === "pending");
      for (const [i, { id }] of unsent.entries()) await store.markEmailSent(id, at(3 * HOUR + i));
      expect(await store.erasePersonalData(at(30 * DAY), at(31 * DAY))).toBe(1);
      const afterErasure = await store.auditTrail("DS-AUDI-0001");
      expect(afterErasure.slice(0, trail.length)).toEqual(trail);
      expect(afterErasure.slice(trail.length)).toEqual([
        ...unsent.map(({ kind }, i) => ({ at: at(3 * HOUR + i), event: "email sent", actor: "system", detail: kind })),
        { at: at(31 * DAY), event: "erased", actor: "system", detail: null },
      ]);
    });

    it("records an email given up on, and nothing for an email about no one request", async () => {
      await book("DS-GAVE-0001");
      await store.markEmailUndeliverable("DS-GAVE-0001/patron-receipt", { error: "Mailbox unavailable", failure: "permanent" }, at(HOUR), []);
      await store.scheduleEmail({ id: "agenda/2026-12-03", kind: "clinic-agenda", recipient: "clinic" }, at(DAY));
      await store.markEmailSent("agenda/2026-12-03", at(DAY + 1));

      const [received, givenUp, ...more] = await store.auditTrail("DS-GAVE-0001");
      expect(received).toEqual({ at: T0, event: "received", actor: "patron", detail: null });
      expect(givenUp).toEqual({ at: at(HOUR), event: "email undeliverable", actor: "system", detail: "patron-receipt" });
      expect(more).toEqual([]);
      expect(rawRows(target, "audit_events").map((row) => row.reference)).toEqual(["DS-GAVE-0001", "DS-GAVE-0001"]);
    });
  });

  describe("erasing a request as its patron withdraws consent", () => {
    /**
     * Withdraws consent for `reference` at `now` as lib/appointments/withdrawal.ts does, from the appointment as `seen` (by
     * default as stored now): the acknowledgement keeps where to write to, the clinic's notice no patron detail.
     */
    async function withdraw(reference: string, by: "patron" | "staff", now: Date, seen?: Appointment) {
      const stored = await store.findRequest(reference);
      const from = seen ?? stored!.appointment;
      const outcome = applyChange(from, { type: "withdraw", by }, now);
      if (!outcome.done) throw new Error(`refused: ${outcome.refusal}`);
      const patron = stored?.request && { fullName: stored.request.fullName, email: stored.request.email, mode: stored.request.mode };
      const emails: NewEmail[] = outcome.emails.map(({ kind, recipient, dueAt }) => ({
        kind,
        recipient,
        dueAt,
        details: { sequence: outcome.appointment.sequence, by, ...(recipient === "patron" && patron ? { patron } : {}) },
      }));
      const erased = await store.eraseRequest(reference, from.sequence, outcome.appointment, emails, by, now);
      return { erased, appointment: outcome.appointment };
    }

    /** Everything the store says of a request, to show that nothing of it changed. */
    const everything = async (reference: string) => ({
      request: await store.findRequest(reference),
      emails: await store.emailsAbout(reference),
      trail: await store.auditTrail(reference),
    });

    it("cancels it and erases its details at once, deletes its emails still to go, and writes the acknowledgement", async () => {
      await book("DS-WITH-0001");
      await book("DS-KEEP-0002", T0, SUNIL);
      await store.markEmailSent("DS-WITH-0001/clinic-request", at(MINUTE));
      await store.markEmailSent("DS-WITH-0001/patron-receipt", at(MINUTE));
      await change("DS-WITH-0001", confirm(THURSDAY_1130), at(HOUR));
      await store.markEmailSent("DS-WITH-0001/clinic-confirmed/1", at(HOUR + MINUTE));
      // Given up on, it keeps what its change recorded until now, for staff to call the patron.
      await store.markEmailUndeliverable("DS-WITH-0001/patron-confirmed/1", { error: "Mailbox unavailable", failure: "permanent" }, at(HOUR + 2 * MINUTE), []);
      expect((await store.emailsAbout("DS-WITH-0001")).find(({ kind }) => kind === "patron-confirmed")?.details).not.toBeNull();
      const otherBefore = await everything("DS-KEEP-0002");

      const withdrawal = await withdraw("DS-WITH-0001", "patron", at(2 * HOUR));
      expect(withdrawal.erased).toBe(true);
      expect(await store.findRequest("DS-WITH-0001")).toEqual({
        reference: "DS-WITH-0001",
        request: null,
        receivedAt: T0,
        erasedAt: at(2 * HOUR),
        consent: consentAt(T0),
        language: "en",
        appointment: { state: "cancelled", startsAt: THURSDAY_1130, sequence: 2, changedAt: at(2 * HOUR), changedBy: "patron", message: null },
      });
      const acknowledgement = { sequence: 2, by: "patron", patron: { fullName: MEERA.fullName, email: MEERA.email, mode: MEERA.mode } };
      // The reminder still to go is gone; the sent and given-up emails stay on record, without what they recorded.
      expect(await store.emailsAbout("DS-WITH-0001")).toEqual([
        expect.objectContaining({ id: "DS-WITH-0001/clinic-confirmed/1", status: "sent", sentAt: at(HOUR + MINUTE), details: null }),
        expect.objectContaining({ id: "DS-WITH-0001/clinic-request", status: "sent", details: null }),
        expect.objectContaining({ id: "DS-WITH-0001/clinic-withdrawn", status: "pending", dueAt: at(2 * HOUR), details: { sequence: 2, by: "patron" } }),
        expect.objectContaining({ id: "DS-WITH-0001/patron-confirmed/1", status: "undeliverable", details: null }),
        expect.objectContaining({ id: "DS-WITH-0001/patron-receipt", status: "sent", details: null }),
        expect.objectContaining({ id: "DS-WITH-0001/patron-withdrawn", status: "pending", dueAt: at(2 * HOUR), details: acknowledgement }),
      ]);
      expect((await store.auditTrail("DS-WITH-0001")).slice(-2)).toEqual([
        { at: at(2 * HOUR), event: "cancelled", actor: "patron", detail: null },
        { at: at(2 * HOUR), event: "erased", actor: "patron", detail: null },
      ]);
      // Another patron's request is not touched.
      expect(await everything("DS-KEEP-0002")).toEqual(otherBefore);
      // The acknowledgement's address is in the outbox, encrypted, until it is sent; then it goes too.
      expect(heldInClear(target, [...detailsOf(MEERA), ...detailsOf(SUNIL)])).toEqual([]);
      await store.markEmailSent("DS-WITH-0001/patron-withdrawn", at(2 * HOUR + MINUTE));
      expect((await store.emailsAbout("DS-WITH-0001")).find(({ kind }) => kind === "patron-withdrawn")).toMatchObject({
        status: "sent",
        details: null,
      });
      expect(rawRows(target, "outbox").find((row) => row.id === "DS-WITH-0001/patron-withdrawn")).toMatchObject({ details: null });
    });

    it("erases nothing when the request changed since the page was shown, nor once its details are erased", async () => {
      await book("DS-WITH-0001");
      const shown = (await store.findRequest("DS-WITH-0001"))!.appointment;
      await change("DS-WITH-0001", confirm(THURSDAY_1130), at(HOUR));
      const before = await everything("DS-WITH-0001");

      expect((await withdraw("DS-WITH-0001", "patron", at(2 * HOUR), shown)).erased).toBe(false);
      expect(await everything("DS-WITH-0001")).toEqual(before);

      expect((await withdraw("DS-WITH-0001", "patron", at(2 * HOUR))).erased).toBe(true);
      const erased = await everything("DS-WITH-0001");
      const again = applyChange(erased.request!.appointment, { type: "withdraw", by: "staff" }, at(3 * HOUR));
      if (!again.done) throw new Error(again.refusal);
      const notice = [{ kind: "clinic-withdrawn", recipient: "clinic", id: "DS-WITH-0001/clinic-withdrawn/again" }];
      expect(await store.eraseRequest("DS-WITH-0001", erased.request!.appointment.sequence, again.appointment, notice, "staff", at(3 * HOUR))).toBe(false);
      expect(await everything("DS-WITH-0001")).toEqual(erased);

      expect(await store.eraseRequest("DS-NONE-0002", 0, again.appointment, notice, "staff", at(3 * HOUR))).toBe(false);
      expect(await everything("DS-NONE-0002")).toEqual({ request: undefined, emails: [], trail: [] });
    });

    it("erases nothing at all when one of its emails cannot be written", async () => {
      await book("DS-WITH-0001");
      await change("DS-WITH-0001", confirm(THURSDAY_1130), at(HOUR));
      const before = await everything("DS-WITH-0001");
      const outcome = applyChange(before.request!.appointment, { type: "withdraw", by: "patron" }, at(2 * HOUR));
      if (!outcome.done) throw new Error(outcome.refusal);
      const unwritable = { id: "DS-WITH-0001/no-recipient", kind: "clinic-withdrawn", recipient: null as unknown as string };
      await expect(
        store.eraseRequest("DS-WITH-0001", 1, outcome.appointment, [{ kind: "patron-withdrawn", recipient: "patron" }, unwritable], "patron", at(2 * HOUR)),
      ).rejects.toThrow();
      expect(await everything("DS-WITH-0001")).toEqual(before);
    });

    it("keeps a declined request declined, and records only the erasure, at the time of the withdrawal", async () => {
      await book("DS-DECL-0001");
      await change("DS-DECL-0001", { type: "decline", message: "Fully booked this week.", by: "staff" }, at(HOUR));
      for (const { id } of await store.emailsAbout("DS-DECL-0001")) await store.markEmailSent(id, at(HOUR + MINUTE));

      expect((await withdraw("DS-DECL-0001", "staff", at(3 * HOUR))).erased).toBe(true);
      expect(await store.findRequest("DS-DECL-0001")).toMatchObject({
        request: null,
        erasedAt: at(3 * HOUR),
        appointment: { state: "declined", sequence: 2, message: null },
      });
      const trail = await store.auditTrail("DS-DECL-0001");
      expect(trail.filter(({ event }) => event === "declined")).toHaveLength(1);
      expect(trail.at(-1)).toEqual({ at: at(3 * HOUR), event: "erased", actor: "staff", detail: null });
    });
  });

  describe("rotating the data encryption key", () => {
    const newKey = () => dataKey(randomBytes(32).toString("base64"));
    let A: DataKey;
    let B: DataKey;

    /** Closes the store and opens it again, as a server restarted with DATA_ENCRYPTION_KEY set to `keys`. */
    async function restartWith(keys: DataKey[]) {
      await store.close();
      ({ store } = await openStore(target, keys));
    }

    const REFERENCES = ["DS-ROTA-0001", "DS-ROTA-0002", "DS-ROTA-0003"];
    /** Everything the store reads of the requests and emails. */
    const readAll = async () => ({
      requests: await Promise.all(REFERENCES.map((reference) => store.findRequest(reference))),
      emails: await store.listEmails([...ALL_STATUSES]),
    });

    /**
     * Under key A: a request cancelled with a message (its details, the message and four emails' records), one only
     * booked, and one erased; one email sent, so with its record erased.
     */
    beforeEach(async () => {
      A = newKey();
      B = newKey();
      await restartWith([A]);
      await book("DS-ROTA-0001");
      await change("DS-ROTA-0001", confirm(THURSDAY_1130), at(HOUR));
      await change("DS-ROTA-0001", cancel("The doctor is away that morning."), at(2 * HOUR));
      await store.markEmailSent("DS-ROTA-0001/patron-cancelled/2", at(3 * HOUR));
      await book("DS-ROTA-0002", T0, SUNIL);
      await book("DS-ROTA-0003");
      for (const { id } of await store.emailsAbout("DS-ROTA-0003")) await store.markEmailSent(id, at(MINUTE));
      expect(await store.erasePersonalData(at(HOUR), at(HOUR))).toBe(1);
    });

    it("reads what the old key encrypted once the new key is first, and writes new values under the new key", async () => {
      const before = await readAll();
      expect(before.requests[0]?.appointment.message).toBe("The doctor is away that morning.");
      expect(before.emails.filter(({ details }) => details !== null)).toHaveLength(3);

      await restartWith([B, A]);
      expect(await readAll()).toEqual(before);
      await book("DS-ROTA-0004", T0, SUNIL);
      const [written] = rawRows(target, "consultation_requests").filter((row) => row.reference === "DS-ROTA-0004");
      expect(keyIdOf(written.patron_details as string)).toBe(B.id);
      expect((await store.findRequest("DS-ROTA-0004"))?.request).toEqual(SUNIL);
    });

    it("re-encrypts everything under the new key and says how many, after which the new key alone reads everything", async () => {
      const before = await readAll();
      await restartWith([B, A]);
      // Two requests (the erased one has nothing left) and the three emails not yet sent.
      expect(await store.reencrypt()).toEqual({ requests: 2, emails: 3 });
      expect(await store.reencrypt()).toEqual({ requests: 0, emails: 0 });
      const values = encryptedValues(target);
      expect(values).toHaveLength(2 + 1 + 3);
      expect(values.map(keyIdOf)).toEqual(values.map(() => B.id));

      await restartWith([B]);
      expect(await readAll()).toEqual(before);
      expect(heldInClear(target, [...detailsOf(MEERA), ...detailsOf(SUNIL), "The doctor is away that morning."])).toEqual([]);
    });

    it("does not open without the old key while values are under it, and says which key is missing", async () => {
      await store.close();
      await expect(openStore(target, [B])).rejects.toThrow(new RegExp(`encrypted under key ${A.id}, which DATA_ENCRYPTION_KEY does not have`));
      ({ store } = await openStore(target, [B, A]));
      await store.reencrypt();
      await restartWith([B]);
      expect((await store.findRequest("DS-ROTA-0002"))?.request).toEqual(SUNIL);
    });

    it("does not decrypt a value copied into another row or another column", async () => {
      const before = await readAll();
      executePastTheStore(
        target,
        `UPDATE consultation_requests SET patron_details = (SELECT patron_details FROM consultation_requests WHERE reference = 'DS-ROTA-0001')
         WHERE reference = 'DS-ROTA-0002'`,
      );
      await expect(store.findRequest("DS-ROTA-0002")).rejects.toThrow(
        /DS-ROTA-0002\/patron_details does not decrypt under key .*: it was altered or moved/,
      );
      expect(await store.findRequest("DS-ROTA-0001")).toEqual(before.requests[0]);

      executePastTheStore(target, "UPDATE consultation_requests SET patron_details = staff_message WHERE reference = 'DS-ROTA-0001'");
      await expect(store.findRequest("DS-ROTA-0001")).rejects.toThrow(/DS-ROTA-0001\/patron_details does not decrypt/);

      executePastTheStore(
        target,
        `UPDATE outbox SET details = (SELECT details FROM outbox WHERE id = 'DS-ROTA-0001/clinic-cancelled/2')
         WHERE id = 'DS-ROTA-0001/clinic-confirmed/1'`,
      );
      await expect(store.emailsAbout("DS-ROTA-0001")).rejects.toThrow(/outbox\/DS-ROTA-0001\/clinic-confirmed\/1\/details does not decrypt/);
    });
  });

  describe("an email about no one request: the day's agenda", () => {
    const AGENDA = { id: "agenda/2026-12-03", kind: "clinic-agenda", recipient: "clinic", dueAt: indiaInstant("2026-12-03", "08:30") };

    it("is written once, whoever writes it and however often", async () => {
      expect(await store.scheduleEmail(AGENDA, at(DAY))).toBe(true);
      expect(await store.scheduleEmail({ ...AGENDA, dueAt: at(3 * DAY) }, at(3 * DAY))).toBe(false);
      expect(await Promise.all([store.scheduleEmail(AGENDA, at(DAY)), store.scheduleEmail(AGENDA, at(DAY))])).toEqual([false, false]);
      expect(await store.listEmails([...ALL_STATUSES])).toEqual([
        {
          id: "agenda/2026-12-03",
          kind: "clinic-agenda",
          reference: null,
          recipient: "clinic",
          status: "pending",
          // Written ahead of its time here: it counts as written when it is first due.
          createdAt: AGENDA.dueAt,
          dueAt: AGENDA.dueAt,
          attempts: 0,
          lastError: null,
          failure: null,
          sentAt: null,
          givenUpAt: null,
          details: null,
        },
      ]);

      // Servers reaching the next day's agenda at once: one of them writes it.
      const friday = { ...AGENDA, id: "agenda/2026-12-04", dueAt: indiaInstant("2026-12-04", "08:30") };
      const written = await Promise.all([store.scheduleEmail(friday, at(2 * DAY)), store.scheduleEmail(friday, at(2 * DAY))]);
      expect(written.filter(Boolean)).toHaveLength(1);
      expect(ids(await store.listEmails([...ALL_STATUSES]))).toEqual(["agenda/2026-12-03", "agenda/2026-12-04"]);
    });

    it("is not written again once sent", async () => {
      await store.scheduleEmail(AGENDA, at(DAY));
      await store.markEmailSent(AGENDA.id, at(DAY + 1));
      expect(await store.scheduleEmail(AGENDA, at(DAY + 2))).toBe(false);
      expect(await store.listEmails([...ALL_STATUSES])).toEqual([
        expect.objectContaining({ id: AGENDA.id, status: "sent", sentAt: at(DAY + 1) }),
      ]);
      expect(await store.claimDueEmails(AGENDA.dueAt, LEASE_MS, 10)).toEqual([]);
    });
  });

  describe("dropping an email that no longer applies", () => {
    it("deletes it only while it is still to go: a sent or undeliverable email stays on record", async () => {
      await book("DS-AAAA-0001");
      await store.scheduleEmail({ id: "agenda/2026-12-03", kind: "clinic-agenda", recipient: "clinic" }, at(DAY));
      await store.markEmailSent("DS-AAAA-0001/clinic-request", at(MINUTE));
      await store.markEmailUndeliverable("DS-AAAA-0001/patron-receipt", { error: "Mailbox unavailable", failure: "permanent" }, at(MINUTE), []);

      await store.dropEmail("agenda/2026-12-03");
      await store.dropEmail("DS-AAAA-0001/clinic-request");
      await store.dropEmail("DS-AAAA-0001/patron-receipt");
      await store.dropEmail("no/such/email");
      expect(await store.listEmails([...ALL_STATUSES])).toEqual([
        expect.objectContaining({ id: "DS-AAAA-0001/clinic-request", status: "sent" }),
        expect.objectContaining({ id: "DS-AAAA-0001/patron-receipt", status: "undeliverable" }),
      ]);
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

  describe("the diary", () => {
    // Thursday 3 Dec 2026, in India. A consultation holds 20 minutes (CONSULTATION_MINUTES' default).
    const thursday = (time: string) => indiaInstant("2026-12-03", time);
    const FRIDAY = indiaInstant("2026-12-04", "00:00");
    const NOTHING = { request: undefined, emails: [], trail: [] };

    /** A patron's request for `startsAt`, as the booking form stores it: it holds that time from the start. */
    const askingFor = (reference: string, startsAt: Date, receivedAt = T0): NewRequest => ({
      reference,
      requestKey: `key-${reference}`,
      request: SUNIL,
      receivedAt,
      consent: consentAt(receivedAt),
      appointment: { ...requestedAppointment(receivedAt), startsAt },
    });
    const ask = (reference: string, startsAt: Date, on = store) => on.addRequest(askingFor(reference, startsAt), REQUEST_EMAILS);

    /** Who holds which time on Thursday, and in what state, earliest first. */
    const heldOnThursday = async () => (await store.diaryBetween(thursday("00:00"), FRIDAY)).holds;
    /** `reference`'s hold from `time` on Thursday, `length` minutes long. */
    const hold = (reference: string, state: Appointment["state"], time: string, length = 20) => ({
      reference,
      state,
      startsAt: thursday(time),
      endsAt: new Date(thursday(time).getTime() + length * MINUTE * 1000),
    });

    /** Everything the store says of a request, to show that nothing of it changed (or that there is nothing). */
    const everything = async (reference: string) => ({
      request: await store.findRequest(reference),
      emails: await store.emailsAbout(reference),
      trail: await store.auditTrail(reference),
    });

    /** The patron withdraws consent, as lib/appointments/withdrawal.ts does: the request is erased and cancelled. */
    async function withdraw(reference: string, now: Date) {
      const { appointment } = (await store.findRequest(reference))!;
      const outcome = applyChange(appointment, { type: "withdraw", by: "patron" }, now);
      if (!outcome.done) throw new Error(`refused: ${outcome.refusal}`);
      const emails = outcome.emails.map(({ kind, recipient, dueAt }) => ({ kind, recipient, dueAt }));
      return store.eraseRequest(reference, appointment.sequence, outcome.appointment, emails, "patron", now);
    }

    it("holds a requested time: a second request for any overlapping time is refused, whatever its length", async () => {
      expect(await ask("DS-FRST-0001", thursday("11:20"))).toMatchObject({ isNew: true });
      expect(await heldOnThursday()).toEqual([hold("DS-FRST-0001", "requested", "11:20")]);

      expect(await ask("DS-SAME-0002", thursday("11:20"))).toBe("taken");
      // Running into its end, and into its start.
      expect(await ask("DS-OVER-0003", thursday("11:30"))).toBe("taken");
      expect(await ask("DS-OVER-0004", thursday("11:05"))).toBe("taken");
      // Starting as it ends.
      expect(await ask("DS-NEXT-0005", thursday("11:40"))).toMatchObject({ isNew: true });

      // A server whose consultations last 30 minutes: its requests hold 30 minutes of the same diary.
      const { store: longer } = await openStore(target, undefined, 30);
      try {
        // 10:55 to 11:25 runs five minutes into 11:20.
        expect(await ask("DS-LONG-0006", thursday("10:55"), longer)).toBe("taken");
        // 10:50 to 11:20 ends as it starts.
        expect(await ask("DS-LONG-0007", thursday("10:50"), longer)).toMatchObject({ isNew: true });
      } finally {
        await longer.close();
      }
      expect(await heldOnThursday()).toEqual([
        hold("DS-LONG-0007", "requested", "10:50", 30),
        hold("DS-FRST-0001", "requested", "11:20"),
        hold("DS-NEXT-0005", "requested", "11:40"),
      ]);
      // A refused request leaves nothing behind: no request, no email to anyone, no audit event.
      for (const reference of ["DS-SAME-0002", "DS-OVER-0003", "DS-OVER-0004", "DS-LONG-0006"]) {
        expect(await everything(reference)).toEqual(NOTHING);
      }
      expect(rawRows(target, "consultation_requests")).toHaveLength(3);
    });

    it("50 attempts on one time from separate connections: exactly one holds it", async () => {
      // Five servers, each storing ten patrons' requests for Thursday 11:20 as fast as it can, all at once.
      const outcomes = await runStoreWorkers(target, 5, { job: "hold", startsAt: thursday("11:20").getTime(), attempts: 10 });
      const references = outcomes.flatMap((attempts, worker) => attempts.map((_, attempt) => holdWorkerReference(worker, attempt)));
      const stored = references.filter((_, i) => outcomes.flat()[i] === "stored");

      expect(outcomes.flat()).toHaveLength(50);
      expect(stored).toHaveLength(1);
      expect(outcomes.flat().filter((outcome) => outcome === "taken")).toHaveLength(49);
      expect(await heldOnThursday()).toEqual([hold(stored[0], "requested", "11:20")]);
      const kept: string[] = [];
      for (const reference of references) if (await store.findRequest(reference)) kept.push(reference);
      expect(kept).toEqual(stored);
      // Past the store, too: one request, its one email, and its four quanta.
      expect(rawRows(target, "consultation_requests")).toHaveLength(1);
      expect(rawRows(target, "outbox")).toHaveLength(1);
      expect(rawRows(target, "diary_holds")).toHaveLength(4);
    });

    it("declining, cancelling and withdrawing release the time, and another patron can then take it", async () => {
      await added(askingFor("DS-DECL-0001", thursday("10:00")));
      await book("DS-CNCL-0002");
      await change("DS-CNCL-0002", confirm(thursday("12:00")), at(HOUR));
      await book("DS-WDRN-0003");
      await change("DS-WDRN-0003", confirm(thursday("15:00")), at(HOUR));
      expect(await heldOnThursday()).toEqual([
        hold("DS-DECL-0001", "requested", "10:00"),
        hold("DS-CNCL-0002", "confirmed", "12:00"),
        hold("DS-WDRN-0003", "confirmed", "15:00"),
      ]);

      expect((await change("DS-DECL-0001", { type: "decline", message: "Fully booked.", by: "staff" }, at(2 * HOUR))).written).toBe("changed");
      expect((await change("DS-CNCL-0002", cancel("The doctor is away."), at(2 * HOUR))).written).toBe("changed");
      expect(await withdraw("DS-WDRN-0003", at(2 * HOUR))).toBe(true);
      // The cancelled ones keep their times on record, but not in the diary.
      expect((await store.findRequest("DS-CNCL-0002"))?.appointment).toMatchObject({ state: "cancelled", startsAt: thursday("12:00") });
      expect((await store.findRequest("DS-WDRN-0003"))?.appointment).toMatchObject({ state: "cancelled", startsAt: thursday("15:00") });
      expect(await heldOnThursday()).toEqual([]);

      for (const [reference, time] of [
        ["DS-TAKE-0004", "10:00"],
        ["DS-TAKE-0005", "12:00"],
        ["DS-TAKE-0006", "15:00"],
      ]) {
        expect(await ask(reference, thursday(time))).toMatchObject({ isNew: true });
      }
      expect(await heldOnThursday()).toEqual([
        hold("DS-TAKE-0004", "requested", "10:00"),
        hold("DS-TAKE-0005", "requested", "12:00"),
        hold("DS-TAKE-0006", "requested", "15:00"),
      ]);
    });

    it("a move is atomic: the old time is released and the new one held, or nothing changes", async () => {
      await book("DS-MOVE-0001");
      await change("DS-MOVE-0001", confirm(thursday("11:00")), at(HOUR));
      await added(askingFor("DS-HELD-0002", thursday("11:40")));
      const before = await everything("DS-MOVE-0001");

      // Onto the other's time, and partly over it: refused, and the appointment, its emails and its trail are as they were.
      for (const time of ["11:40", "11:30"]) {
        expect((await change("DS-MOVE-0001", confirm(thursday(time)), at(2 * HOUR))).written).toBe("taken");
        expect(await everything("DS-MOVE-0001")).toEqual(before);
        expect(await heldOnThursday()).toEqual([hold("DS-MOVE-0001", "confirmed", "11:00"), hold("DS-HELD-0002", "requested", "11:40")]);
      }

      expect((await change("DS-MOVE-0001", confirm(thursday("12:00")), at(2 * HOUR))).written).toBe("changed");
      expect(await heldOnThursday()).toEqual([hold("DS-HELD-0002", "requested", "11:40"), hold("DS-MOVE-0001", "confirmed", "12:00")]);
      // Its old time is free for another patron.
      expect(await ask("DS-TOOK-0003", thursday("11:00"))).toMatchObject({ isNew: true });
      // Ten minutes later, over part of its own time: nothing else holds that.
      expect((await change("DS-MOVE-0001", confirm(thursday("12:10")), at(3 * HOUR))).written).toBe("changed");
      expect(await heldOnThursday()).toEqual([
        hold("DS-TOOK-0003", "requested", "11:00"),
        hold("DS-HELD-0002", "requested", "11:40"),
        hold("DS-MOVE-0001", "confirmed", "12:10"),
      ]);
    });

    it("proposing holds the proposed time; a patron declining the proposal releases it", async () => {
      const propose = (startsAt: Date): AppointmentChange => ({ type: "propose", startsAt, by: "staff" });
      await book("DS-PROP-0001");
      expect((await change("DS-PROP-0001", propose(thursday("16:00")), at(HOUR))).written).toBe("changed");
      expect(await heldOnThursday()).toEqual([hold("DS-PROP-0001", "proposed", "16:00")]);
      expect(await ask("DS-WAIT-0002", thursday("16:10"))).toBe("taken");

      expect((await change("DS-PROP-0001", { type: "decline-proposal", by: "patron" }, at(2 * HOUR))).written).toBe("changed");
      expect(await heldOnThursday()).toEqual([]);
      // The same form again: the refused post left nothing, so this one is new.
      expect(await ask("DS-WAIT-0002", thursday("16:10"))).toMatchObject({ isNew: true });
      // And staff can no longer propose a time it now holds part of.
      expect((await change("DS-PROP-0001", propose(thursday("16:00")), at(3 * HOUR))).written).toBe("taken");
      expect((await store.findRequest("DS-PROP-0001"))?.appointment).toMatchObject({ state: "requested", startsAt: null });
    });

    it("a block over held times lists them and cancels nothing", async () => {
      await added(askingFor("DS-BLKA-0001", thursday("14:00")));
      await book("DS-BLKB-0002");
      await change("DS-BLKB-0002", confirm(thursday("15:40")), at(HOUR));
      // One ending as the block starts, one starting as it ends.
      await added(askingFor("DS-EARL-0003", thursday("13:40")));
      await added(askingFor("DS-LATE-0004", thursday("16:00")));
      const references = ["DS-BLKA-0001", "DS-BLKB-0002", "DS-EARL-0003", "DS-LATE-0004"];
      const heldBefore = await heldOnThursday();
      const before = await Promise.all(references.map(everything));

      const block = {
        id: "block-1",
        startsAt: thursday("14:00"),
        endsAt: thursday("16:00"),
        reason: "The doctor is at a conference.",
        createdAt: at(2 * HOUR),
      };
      expect(await store.blockTime(block, null)).toEqual(["DS-BLKA-0001", "DS-BLKB-0002"]);
      // Staff move or cancel each themselves: the block changed none of them.
      expect(await heldOnThursday()).toEqual(heldBefore);
      expect(await Promise.all(references.map(everything))).toEqual(before);
      expect(await store.diaryBetween(thursday("14:00"), thursday("16:00"))).toEqual({
        holds: [hold("DS-BLKA-0001", "requested", "14:00"), hold("DS-BLKB-0002", "confirmed", "15:40")],
        // Blocked at the server's terminal (npm run diary): by nobody named.
        blocks: [{ ...block, blockedBy: null }],
      });
      expect((await store.diaryBetween(thursday("16:00"), FRIDAY)).blocks).toEqual([]);

      expect(await store.unblockTime("block-1")).toBe(true);
      expect((await store.diaryBetween(thursday("00:00"), FRIDAY)).blocks).toEqual([]);
      expect(await store.unblockTime("block-1")).toBe(false);
      expect(await heldOnThursday()).toEqual(heldBefore);
    });

    it("refuses a staff confirmation of a request for a window at a time another request holds", async () => {
      await added(askingFor("DS-ASKD-0001", thursday("11:20")));
      await book("DS-WNDW-0002");
      const before = await everything("DS-WNDW-0002");

      expect((await change("DS-WNDW-0002", confirm(thursday("11:20")), at(HOUR))).written).toBe("taken");
      expect(await everything("DS-WNDW-0002")).toEqual(before);
      expect(await heldOnThursday()).toEqual([hold("DS-ASKD-0001", "requested", "11:20")]);

      expect((await change("DS-WNDW-0002", confirm(thursday("11:40")), at(HOUR))).written).toBe("changed");
      expect(await heldOnThursday()).toEqual([hold("DS-ASKD-0001", "requested", "11:20"), hold("DS-WNDW-0002", "confirmed", "11:40")]);
    });
  });
});
