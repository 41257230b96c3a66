// A request from the form to the inboxes through the real store (a SQLite file) and a real SMTP server.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BookingState } from "@/lib/booking/state";
import type { RequestStore } from "@/lib/store/request-store";
import { bookingFormData } from "../support/booking-form";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

let smtp: TestSmtpServer;
let smtpPort: number;
let submit: (formData: FormData) => BookingState;
let delivery: typeof import("@/lib/delivery");
let store: RequestStore;

beforeAll(async () => {
  smtp = await startSmtpServer();
  smtpPort = Number(new URL(smtp.url).port);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-store-"));
  Object.assign(process.env, {
    SMTP_URL: smtp.url,
    CLINIC_INBOX: "clinic-inbox@example.test",
    MAIL_FROM: "Clinic website <website@example.test>",
    SITE_URL: "https://clinic.example.test",
    DATABASE_PATH: path.join(dir, "clinic.db"),
    DELIVERY_RETRY_SECONDS: "1",
    RETENTION_DAYS: "30",
    // These tests book more often than a person may; the limit has tests of its own.
    BOOKING_LIMIT: "off",
  });
  // Imported after the environment is set: the configuration is read once, as in the server.
  const { submitConsultationRequest } = await import("@/lib/booking/submit");
  submit = (formData) => submitConsultationRequest(formData, "127.0.0.1");
  delivery = await import("@/lib/delivery");
  store = (await import("@/lib/store")).getRequestStore();
});

afterAll(async () => {
  store.close();
  await smtp.close();
});

function received(state: BookingState): string {
  if (state.status !== "received") throw new Error(`expected success, got ${JSON.stringify(state)}`);
  return state.receipt.reference;
}

const about = (reference: string) => smtp.messages.filter((m) => m.subject?.includes(reference));
const ALL = ["pending", "sent", "undeliverable"] as const;

describe("a consultation request, stored and then delivered", () => {
  it("is stored before the answer, then sends the clinic its email and the patron a confirmation", async () => {
    const reference = received(submit(bookingFormData()));
    expect(store.find(reference)?.status).toBe("pending");
    expect(about(reference)).toHaveLength(0);

    await delivery.deliverDue();
    expect(store.find(reference)?.status).toBe("sent");
    const clinicMail = about(reference).find((m) => m.subject?.startsWith("Tele (phone) consultation request"));
    expect(clinicMail?.subject).toMatch(/Morning, 10 AM to 1 PM – Meera Iyer \[DS-/);
    expect(clinicMail?.replyTo?.value[0]).toEqual({ address: "meera@example.test", name: "Meera Iyer" });
    expect(clinicMail?.text).toContain("Mobile: +919900012345");
    expect(clinicMail?.text).toContain("Itchy rash on the forearms for two weeks.");
    expect(clinicMail?.html).toContain('href="tel:+919900012345"');
    const calendar = clinicMail?.attachments.find((a) => a.contentType.startsWith("text/calendar"));
    const ics = calendar?.content.toString() ?? "";
    expect(ics).toContain("STATUS:TENTATIVE");
    // The morning window, 10:00 to 13:00 in India, is 04:30 to 07:30 UTC.
    expect(ics).toMatch(/DTSTART:\d{8}T043000Z/);
    expect(ics).toMatch(/DTEND:\d{8}T073000Z/);

    const confirmation = about(reference).find((m) => m.subject?.startsWith("Your consultation request"));
    const to = Array.isArray(confirmation?.to) ? confirmation?.to[0] : confirmation?.to;
    expect(to?.value[0].address).toBe("meera@example.test");
    expect(confirmation?.text).toContain(reference);
    expect(confirmation?.text).toContain("Morning, 10 AM to 1 PM (India time)");
    expect(confirmation?.text).toContain("will call or write to you to confirm");
    expect(confirmation?.text).toContain("9620638388");
    expect(confirmation?.text).toContain("not for emergencies");
    expect(about(reference)).toHaveLength(2);
  });

  it("stores nothing for an invalid request and says what is wrong", () => {
    const before = store.list([...ALL]).length;
    const state = submit(bookingFormData({ mobile: "555", consent: undefined }));
    expect(state.status).toBe("editing");
    if (state.status !== "editing") return;
    expect(Object.keys(state.errors).sort()).toEqual(["consent", "mobile"]);
    expect(state.values.mobile).toBe("555");
    expect(store.list([...ALL])).toHaveLength(before);
  });

  it("takes the same form posted twice as one request with one reference", async () => {
    const form = bookingFormData({ requestKey: "a2c4e6f8-0000-4000-8000-000000000001", fullName: "Twice Tara" });
    const first = received(submit(form));
    const second = received(submit(form));
    expect(second).toBe(first);
    await delivery.deliverDue();
    expect(about(first)).toHaveLength(2);
  });

  it("keeps a request while the mail server is down and delivers it, once, when it is back", async () => {
    await smtp.close();
    const reference = received(submit(bookingFormData({ fullName: "Kiran Shetty" })));
    await delivery.deliverDue();
    const failed = store.find(reference);
    expect(failed?.status).toBe("pending");
    expect(failed?.attempts).toBe(1);
    expect(failed?.lastError).toBeTruthy();

    smtp = await startSmtpServer({ port: smtpPort });
    // Not due before its retry time (one second here, plus up to a fifth) has passed.
    await delivery.deliverDue();
    expect(about(reference)).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    await delivery.deliverDue();
    expect(store.find(reference)?.status).toBe("sent");
    expect(about(reference)).toHaveLength(2);
  });

  it("erases a sent request's personal details after the retention period and keeps its reference", async () => {
    const reference = received(submit(bookingFormData({ fullName: "Old Request Omkar" })));
    await delivery.deliverDue();
    expect(delivery.erasePersonalDataPastRetention(new Date())).toBe(0);
    expect(store.find(reference)?.request?.fullName).toBe("Old Request Omkar");

    const in31Days = new Date(Date.now() + 31 * 24 * 60 * 60 * 1000);
    expect(delivery.erasePersonalDataPastRetention(in31Days)).toBeGreaterThanOrEqual(1);
    const erased = store.find(reference);
    expect(erased?.request).toBeNull();
    expect(erased?.reference).toBe(reference);
    expect(erased?.receivedAt).toBeInstanceOf(Date);
    expect(erased?.sentAt).toBeInstanceOf(Date);
  });
});

describe("the outbox staff can read (npm run outbox)", () => {
  it("lists a failed request with the patron's name only, and makes it due again on retry", async () => {
    const { describeOutbox, retryRequest } = await import("@/lib/outbox");
    const reference = received(submit(bookingFormData({ fullName: "Outbox Uma", mobile: "9876501234" })));
    const inAnHour = new Date(Date.now() + 3_600_000);
    store.markFailed(reference, "Connection refused", inAnHour);

    const line = describeOutbox(store).find((l) => l.startsWith(reference)) ?? "";
    expect(line).toContain("failed, will retry");
    expect(line).toContain("Outbox Uma");
    expect(line).toContain("last error: Connection refused");
    for (const personal of ["9876501234", "meera@example.test", "Itchy rash"]) expect(line).not.toContain(personal);

    expect(retryRequest(store, reference)).toContain("will be sent again");
    expect(store.find(reference)!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    await delivery.deliverDue();
    expect(retryRequest(store, reference)).toContain("already delivered");
    expect(retryRequest(store, "DS-NONE-NONE")).toBe("No request DS-NONE-NONE.");
  });
});

describe("retry waits", () => {
  it("start at the first wait, double, and stop at the longest", () => {
    const hour = 3_600_000;
    expect([1, 2, 3, 4].map((n) => delivery.retryDelay(n, 30_000, hour, 0))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(delivery.retryDelay(12, 30_000, hour, 0)).toBe(hour);
  });

  it("spread requests that failed together by up to a fifth of the wait", () => {
    expect(delivery.retryDelay(1, 30_000, 3_600_000, 1)).toBe(36_000);
  });
});
