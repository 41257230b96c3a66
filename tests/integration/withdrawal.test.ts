// Withdrawing consent (lib/appointments/withdrawal.ts), as the withdrawal link's form and `npm run outbox -- erase` do it,
// through the process's store (a SQLite file): a consultation still to happen is cancelled, the patron's details are
// erased at once, and two emails are written, the patron's acknowledgement (the only place their address is kept,
// encrypted, until it is sent) and the clinic's notice, which holds no patron detail.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsultationRequest } from "@/lib/booking/schema";
import type { Language } from "@/lib/i18n/languages";
import { indiaInstant } from "@/lib/india-time";
import type { ClinicStore } from "@/lib/store/clinic-store";
import { heldInClear } from "../support/past-the-store";

let withdrawConsent: typeof import("@/lib/appointments/withdrawal").withdrawConsent;
let changeAppointment: typeof import("@/lib/appointments").changeAppointment;
let store: ClinicStore;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-withdrawal-"));
const target = { engine: "sqlite" as const, path: path.join(dir, "clinic.db") };

beforeAll(async () => {
  Object.assign(process.env, {
    DATABASE_PATH: target.path,
    DATA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SITE_URL: "https://clinic.example.test",
  });
  // Imported after the environment is set: the configuration is read once, as in the server.
  ({ withdrawConsent } = await import("@/lib/appointments/withdrawal"));
  ({ changeAppointment } = await import("@/lib/appointments"));
  store = await (await import("@/lib/store")).getStore();
});

afterAll(async () => {
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const T0 = new Date("2026-12-01T04:30:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const THURSDAY_1130 = indiaInstant("2026-12-03", "11:30");

let booked = 0;
/** Stores a request from a patron of their own, with its two emails; returns its reference and the patron. */
async function book(overrides: Partial<ConsultationRequest> = {}, language?: Language) {
  const reference = `DS-WDRW-${String(++booked).padStart(4, "0")}`;
  const request: ConsultationRequest = {
    fullName: `Withdrawing Waheeda ${booked}`,
    mobile: `+91990001${String(booked).padStart(4, "0")}`,
    email: `waheeda.${booked}@example.test`,
    mode: "video",
    preferredDate: "2026-12-03",
    timeWindow: "afternoon",
    reason: `Reason number ${booked}: a rash that keeps coming back.`,
    consent: "yes",
    ...overrides,
  };
  await store.addRequest({ reference, requestKey: `key-${reference}`, request, receivedAt: T0, consent: { version: "1", givenAt: T0 }, language }, [
    { kind: "clinic-request", recipient: "clinic" },
    { kind: "patron-receipt", recipient: "patron" },
  ]);
  return { reference, request };
}

const emailOf = async (reference: string, kind: string) => (await store.emailsAbout(reference)).find((email) => email.kind === kind);

describe("withdrawing consent", () => {
  it("cancels a confirmed consultation still to happen, erases the details, and acknowledges to the patron's address", async () => {
    const { reference, request } = await book();
    expect(await changeAppointment(reference, { type: "confirm", startsAt: THURSDAY_1130, by: "staff" }, 0, at(60))).toMatchObject({
      status: "changed",
    });

    expect(await withdrawConsent(reference, "patron", at(120))).toEqual({ status: "erased", reference, cancelled: true });
    expect(await store.findRequest(reference)).toMatchObject({
      request: null,
      erasedAt: at(120),
      appointment: { state: "cancelled", startsAt: THURSDAY_1130, sequence: 2, changedBy: "patron" },
    });
    const said = { startsAt: THURSDAY_1130.getTime(), sequence: 2, by: "patron", cancelledFrom: "confirmed" };
    expect(await emailOf(reference, "patron-withdrawn")).toMatchObject({
      status: "pending",
      recipient: "patron",
      details: { ...said, patron: { fullName: request.fullName, email: request.email, mode: "video" } },
    });
    expect((await emailOf(reference, "clinic-withdrawn"))?.details).toEqual(said);
    // The reminder still to go is gone, and no patron detail is anywhere in clear.
    expect(await emailOf(reference, "patron-reminder")).toBeUndefined();
    const { fullName, mobile, email, reason } = request;
    expect(heldInClear(target, [fullName, mobile, email, reason])).toEqual([]);
  });

  it("cancels a request not yet answered: the calendars had the start of the window the patron asked for", async () => {
    const { reference } = await book({ preferredDate: "2026-12-04", timeWindow: "evening" });
    expect(await withdrawConsent(reference, "staff", at(30))).toEqual({ status: "erased", reference, cancelled: true });
    expect((await emailOf(reference, "clinic-withdrawn"))?.details).toEqual({
      startsAt: indiaInstant("2026-12-04", "16:00").getTime(),
      sequence: 1,
      by: "staff",
      cancelledFrom: "requested",
    });
  });

  it("keeps the language the patron booked in with the acknowledgement, which is written after the request is erased", async () => {
    const { reference } = await book({}, "kn");
    await withdrawConsent(reference, "patron", at(30));
    expect((await emailOf(reference, "patron-withdrawn"))?.details).toMatchObject({ language: "kn" });
    expect((await emailOf(reference, "clinic-withdrawn"))?.details).not.toHaveProperty("language");
  });

  it("erases a declined request without cancelling it", async () => {
    const { reference } = await book();
    await changeAppointment(reference, { type: "decline", message: "Fully booked this week.", by: "staff" }, 0, at(60));
    expect(await withdrawConsent(reference, "staff", at(120))).toEqual({ status: "erased", reference, cancelled: false });
    expect(await store.findRequest(reference)).toMatchObject({ request: null, appointment: { state: "declined", sequence: 2, message: null } });
    expect((await emailOf(reference, "patron-withdrawn"))?.details).not.toHaveProperty("cancelledFrom");
  });

  it("says when the details are already erased, or there is no such request", async () => {
    const { reference } = await book();
    await withdrawConsent(reference, "patron", at(10));
    const emails = await store.emailsAbout(reference);
    expect(await withdrawConsent(reference, "patron", at(20))).toEqual({ status: "already-erased", reference });
    expect(await store.emailsAbout(reference)).toEqual(emails);
    expect(await withdrawConsent("DS-NONE-0000", "patron", at(20))).toEqual({ status: "not-found" });
  });

  it("erases once and acknowledges once when the patron and staff withdraw at the same moment", async () => {
    const { reference } = await book();
    const outcomes = await Promise.all([withdrawConsent(reference, "patron", at(10)), withdrawConsent(reference, "staff", at(10))]);
    expect(outcomes.map(({ status }) => status).sort()).toEqual(["already-erased", "erased"]);
    expect((await store.emailsAbout(reference)).filter(({ kind }) => kind.endsWith("-withdrawn"))).toHaveLength(2);
    expect((await store.auditTrail(reference)).filter(({ event }) => event === "erased")).toHaveLength(1);
  });

  it("lets staff send an acknowledgement given up on again, as it keeps its own address, but nothing else of the request", async () => {
    const { retryRequest } = await import("@/lib/outbox");
    const { reference } = await book();
    await store.markEmailUndeliverable(`${reference}/patron-receipt`, { error: "Mailbox unavailable", failure: "permanent" }, at(5), []);
    await withdrawConsent(reference, "patron", at(10));
    await store.markEmailUndeliverable(`${reference}/patron-withdrawn`, { error: "Mailbox unavailable", failure: "permanent" }, at(20), []);
    await store.markEmailSent(`${reference}/clinic-withdrawn`, at(20));
    expect(await retryRequest(store, reference, at(30))).toContain("will be sent again");
    expect((await emailOf(reference, "patron-withdrawn"))?.status).toBe("pending");

    const { reference: other } = await book();
    await withdrawConsent(other, "patron", at(10));
    for (const { id } of await store.emailsAbout(other)) await store.markEmailSent(id, at(20));
    expect(await retryRequest(store, other, at(30))).toBe(`${other} cannot be sent: its details were erased.`);
  });
});
