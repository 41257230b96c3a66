// A request from the form to the inboxes through the real store (a SQLite file) and a real SMTP server.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BookingState } from "@/lib/booking/state";
import type { Language } from "@/lib/i18n/languages";
import { formatAppointmentTime, indiaInstant } from "@/lib/india-time";
import type { ClinicStore } from "@/lib/store/clinic-store";
import { bookingFormData } from "../support/booking-form";
import { openDayAfter } from "../support/dates";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

let smtp: TestSmtpServer;
let smtpPort: number;
let submit: (formData: FormData, language?: Language) => Promise<BookingState>;
let delivery: typeof import("@/lib/delivery");
let store: ClinicStore;

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
  submit = (formData, language) => submitConsultationRequest(formData, "127.0.0.1", new Date(), language);
  delivery = await import("@/lib/delivery");
  store = await (await import("@/lib/store")).getStore();
  // On an open day the first pass also writes and sends the day's agenda: sent now, so each test counts its own.
  await delivery.deliverDue(new Date());
});

afterAll(async () => {
  await store.close();
  await smtp.close();
});

function received(state: BookingState): string {
  if (state.status !== "received") throw new Error(`expected success, got ${JSON.stringify(state)}`);
  return state.receipt.reference;
}

const about = (reference: string) => smtp.messages.filter((m) => m.subject?.includes(reference));
const ALL = ["pending", "sent", "undeliverable"] as const;
/** The request's emails by kind, each with its delivery state. */
async function emails(reference: string) {
  return Object.fromEntries((await store.emailsAbout(reference)).map((email) => [email.kind, email]));
}

describe("a consultation request, stored and then delivered", () => {
  it("is stored before the answer, then sends the clinic its email and the patron a confirmation", async () => {
    const reference = received(await submit(bookingFormData()));
    const stored = await emails(reference);
    expect(Object.keys(stored).sort()).toEqual(["clinic-request", "patron-receipt"]);
    expect(stored["clinic-request"].status).toBe("pending");
    expect(about(reference)).toHaveLength(0);

    expect(await delivery.deliverDue(new Date())).toMatchObject({ sent: 2, failed: 0 });
    const sent = await emails(reference);
    expect([sent["clinic-request"].status, sent["patron-receipt"].status]).toEqual(["sent", "sent"]);
    const clinicMail = about(reference).find((m) => m.subject?.startsWith("Tele (phone) consultation request"));
    expect(clinicMail?.subject).toMatch(/Morning, 10 AM to 1 PM – Meera Iyer \[DS-/);
    expect(clinicMail?.replyTo?.value[0]).toEqual({ address: "meera@example.test", name: "Meera Iyer" });
    expect(clinicMail?.text).toContain("Mobile: +919900012345");
    expect(clinicMail?.text).toContain("Itchy rash on the forearms for two weeks.");
    expect(clinicMail?.html).toContain('href="tel:+919900012345"');
    // One Message-ID per outbox row: were it ever sent twice, mail programs would show it once.
    expect(clinicMail?.messageId).toBe(`<${reference}.clinic-request@example.test>`);
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

  it("stores nothing for an invalid request and says what is wrong", async () => {
    const before = (await store.listEmails([...ALL])).length;
    const state = await submit(bookingFormData({ mobile: "555", consent: undefined }));
    expect(state.status).toBe("editing");
    if (state.status !== "editing") return;
    expect(Object.keys(state.errors).sort()).toEqual(["consent", "mobile"]);
    expect(state.values.mobile).toBe("555");
    expect(await store.listEmails([...ALL])).toHaveLength(before);
  });

  it("takes the same form posted twice as one request with one reference", async () => {
    const form = bookingFormData({ requestKey: "a2c4e6f8-0000-4000-8000-000000000001", fullName: "Twice Tara" });
    const first = received(await submit(form));
    const second = received(await submit(form));
    expect(second).toBe(first);
    expect(await store.emailsAbout(first)).toHaveLength(2);
    await delivery.deliverDue(new Date());
    expect(about(first)).toHaveLength(2);
  });

  it("keeps a request while the mail server is down and delivers it, once, when it is back", async () => {
    await smtp.close();
    const reference = received(await submit(bookingFormData({ fullName: "Kiran Shetty" })));
    expect(await delivery.deliverDue(new Date())).toMatchObject({ sent: 0, failed: 2 });
    for (const failed of Object.values(await emails(reference))) {
      expect(failed.status).toBe("pending");
      expect(failed.attempts).toBe(1);
      expect(failed.lastError).toBeTruthy();
    }

    smtp = await startSmtpServer({ port: smtpPort });
    // Not due before its retry time (one second here, plus up to a fifth) has passed.
    await delivery.deliverDue(new Date());
    expect(about(reference)).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    await delivery.deliverDue(new Date());
    expect(Object.values(await emails(reference)).map((email) => email.status)).toEqual(["sent", "sent"]);
    expect(about(reference)).toHaveLength(2);
  });

  it("erases a sent request's personal details after the retention period and keeps its reference", async () => {
    const reference = received(await submit(bookingFormData({ fullName: "Old Request Omkar" })));
    await delivery.deliverDue(new Date());
    expect((await delivery.sweep(new Date())).erased).toBe(0);
    expect((await store.findRequest(reference))?.request?.fullName).toBe("Old Request Omkar");

    const in31Days = new Date(Date.now() + 31 * 24 * 60 * 60 * 1000);
    expect((await delivery.sweep(in31Days)).erased).toBeGreaterThanOrEqual(1);
    const erased = await store.findRequest(reference);
    expect(erased?.request).toBeNull();
    expect(erased?.reference).toBe(reference);
    expect(erased?.receivedAt).toBeInstanceOf(Date);
    expect(erased?.erasedAt).toBeInstanceOf(Date);
    expect((await store.emailsAbout(reference)).every((email) => email.sentAt instanceof Date)).toBe(true);
  });
});

describe("the consent a patron gives", () => {
  it("records the notice of the form's language, and tells the clinic which language's notice it was", async () => {
    const { getPrivacyNotice } = await import("@/lib/privacy/notice");
    const kannada = received(await submit(bookingFormData({ fullName: "Kannada Kavitha" }), "kn"));
    const english = received(await submit(bookingFormData({ fullName: "English Esther" })));
    expect(await store.findRequest(kannada)).toMatchObject({
      language: "kn",
      consent: { version: getPrivacyNotice("kn").version, noticeLanguage: "kn" },
    });
    expect((await store.findRequest(english))?.consent).toMatchObject({ noticeLanguage: "en" });

    await delivery.deliverDue(new Date());
    const clinicMail = (reference: string) => about(reference).find((m) => m.subject?.startsWith("Tele (phone) consultation request"));
    expect(clinicMail(kannada)?.text).toContain(
      `Consent: The patron agreed to the privacy notice, version ${getPrivacyNotice("kn").version} (Kannada notice, https://clinic.example.test/kn/privacy), on `,
    );
    expect(clinicMail(english)?.text).toContain("(English notice, https://clinic.example.test/privacy)");
  });
});

describe("an email address that looks mistyped", () => {
  it("is asked about before anything is stored, with every answer kept", async () => {
    const before = (await store.listEmails([...ALL])).length;
    const state = await submit(bookingFormData({ email: "asha@gmial.com", fullName: "Typo Tanvi" }));
    expect(state).toMatchObject({ status: "editing", errors: {}, emailSuggestion: "asha@gmail.com" });
    if (state.status !== "editing") return;
    expect(state.values).toMatchObject({ email: "asha@gmial.com", fullName: "Typo Tanvi", consent: "yes" });
    expect(await store.listEmails([...ALL])).toHaveLength(before);
  });

  it("is asked about beside other mistakes too", async () => {
    const state = await submit(bookingFormData({ email: "asha@yaho.com", mobile: "555" }));
    expect(state).toMatchObject({ status: "editing", emailSuggestion: "asha@yahoo.com", errors: { mobile: expect.any(String) } });
  });

  it("sends the request to the address suggested when the patron takes it", async () => {
    const reference = received(
      await submit(bookingFormData({ email: "asha@gmial.com", emailChoice: "asha@gmail.com", fullName: "Corrected Chaitra" })),
    );
    await delivery.deliverDue(new Date());
    const receipt = about(reference).find((mail) => mail.subject?.startsWith("Your consultation request"));
    expect(receipt?.to).toMatchObject({ value: [{ address: "asha@gmail.com" }] });
  });

  it("sends the request to the address as typed when the patron keeps it, from the question or from the form", async () => {
    const fromQuestion = received(
      await submit(bookingFormData({ email: "asha@gmial.com", emailChoice: "asha@gmial.com", fullName: "Kept Kavya" })),
    );
    const fromForm = received(
      await submit(bookingFormData({ email: "ravi@hotmial.com", emailKept: "ravi@hotmial.com", fullName: "Kept Kumar" })),
    );
    const stored = await store.findRequest(fromQuestion);
    expect(stored?.request?.email).toBe("asha@gmial.com");
    expect((await store.findRequest(fromForm))?.request?.email).toBe("ravi@hotmial.com");
  });

  it("is asked about again when the address changed after the patron said to keep another", async () => {
    const state = await submit(bookingFormData({ email: "ravi@hotmal.com", emailKept: "ravi@hotmial.com" }));
    expect(state).toMatchObject({ status: "editing", emailSuggestion: "ravi@hotmail.com" });
  });
});

describe("the outbox staff can read (npm run outbox)", () => {
  it("lists a failed request with the patron's name only, and makes it due again on retry", async () => {
    const { describeOutbox, retryRequest } = await import("@/lib/outbox");
    const reference = received(await submit(bookingFormData({ fullName: "Outbox Uma", mobile: "9876501234" })));
    const inAnHour = new Date(Date.now() + 3_600_000);
    await store.markEmailFailed(`${reference}/patron-receipt`, { error: "Connection refused", failure: "temporary" }, inAnHour);

    const lines = (await describeOutbox(store)).filter((l) => l.startsWith(reference));
    expect(lines).toHaveLength(2);
    const line = lines.find((l) => l.includes("receipt to the patron")) ?? "";
    expect(line).toContain("failed, will retry");
    expect(line).toContain("Outbox Uma");
    expect(line).toContain("last error: Connection refused");
    for (const personal of ["9876501234", "meera@example.test", "Itchy rash"]) expect(line).not.toContain(personal);

    expect(await retryRequest(store, reference, new Date())).toContain("2 emails will be sent again");
    for (const email of await store.emailsAbout(reference)) expect(email.dueAt.getTime()).toBeLessThanOrEqual(Date.now());
    await delivery.deliverDue(new Date());
    expect(await retryRequest(store, reference, new Date())).toContain("already delivered");
    expect(await retryRequest(store, "DS-NONE-NONE", new Date())).toBe("No request DS-NONE-NONE.");
  });
});

describe("where requests stand (npm run appointments)", () => {
  it("lists each recent request's state and agreed time with the patron's name only, newest first", async () => {
    const { describeRequests } = await import("@/lib/outbox");
    const { changeAppointment } = await import("@/lib/appointments");
    const waiting = received(await submit(bookingFormData({ fullName: "Waiting Wasim", mobile: "9876505555" })));
    const agreed = received(await submit(bookingFormData({ fullName: "Agreed Anjali", mobile: "9876506666" })));
    const at = new Date(Date.now() + 3 * 24 * 3_600_000);
    expect((await changeAppointment(agreed, { type: "confirm", startsAt: at, by: "staff" }, 0, new Date())).status).toBe("changed");

    const lines = await describeRequests(store, new Date());
    const agreedLine = lines.find((line) => line.startsWith(agreed)) ?? "";
    const waitingLine = lines.find((line) => line.startsWith(waiting)) ?? "";
    expect(agreedLine).toContain(`Confirmed for ${formatAppointmentTime(at)}`);
    expect(agreedLine).toContain("Agreed Anjali");
    expect(agreedLine).toContain("by the clinic");
    expect(waitingLine).toContain("Requested: no time agreed yet");
    expect(lines.indexOf(agreedLine)).toBeLessThan(lines.indexOf(waitingLine));
    for (const personal of ["9876505555", "9876506666", "meera@example.test", "Itchy rash"]) {
      expect(lines.join("\n")).not.toContain(personal);
    }
  });
});

describe("the doctor's diary", () => {
  it("refuses staff a time that overlaps another consultation's, naming it, and allows the next free one", async () => {
    const { changeAppointment } = await import("@/lib/appointments");
    const first = received(await submit(bookingFormData({ fullName: "First Farah" })));
    const second = received(await submit(bookingFormData({ fullName: "Second Sunil" })));
    // A consultation lasts 20 minutes by default (CONSULTATION_MINUTES).
    const at = indiaInstant(openDayAfter(3), "11:30");
    const minutes = (n: number) => new Date(at.getTime() + n * 60_000);
    expect((await changeAppointment(first, { type: "confirm", startsAt: at, by: "staff" }, 0, new Date())).status).toBe("changed");

    for (const startsAt of [at, minutes(19), minutes(-19)]) {
      for (const type of ["confirm", "propose"] as const) {
        const result = await changeAppointment(second, { type, startsAt, by: "staff" }, 0, new Date());
        expect(result).toMatchObject({ status: "refused", refusal: expect.stringContaining(`(${first}, confirmed)`) });
      }
    }
    expect(await store.emailsAbout(second)).toHaveLength(2);
    expect((await changeAppointment(second, { type: "confirm", startsAt: minutes(20), by: "staff" }, 0, new Date())).status).toBe("changed");
    // Moving an appointment within its own time is no clash with itself.
    expect((await changeAppointment(first, { type: "confirm", startsAt: minutes(-5), by: "staff" }, 1, new Date())).status).toBe("changed");
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

describe("a time the patron picks", () => {
  // A day of its own for each test, two or more days apart, so that skipping a Sunday never makes two the same.
  it("is held for them: the receipt and the clinic's email name it, and it is offered to no one else", async () => {
    const { dayTimes } = await import("@/lib/booking/free-times");
    const date = openDayAfter(10);
    expect((await dayTimes(store, date, new Date())).times).toContain("11:20");
    const state = await submit(bookingFormData({ preferredDate: date, time: "11:20", timeWindow: undefined, fullName: "Picked Padma" }));
    const reference = received(state);
    if (state.status === "received") expect(state.receipt).toMatchObject({ time: "11:20 AM", held: true });
    expect((await dayTimes(store, date, new Date())).times).not.toContain("11:20");
    expect((await store.findRequest(reference))?.appointment).toMatchObject({ state: "requested", startsAt: indiaInstant(date, "11:20") });

    await delivery.deliverDue(new Date());
    const clinicMail = about(reference).find((m) => m.to && JSON.stringify(m.to).includes("clinic-inbox"));
    expect(clinicMail?.subject).toMatch(/^Tele \(phone\) consultation request: \w{3} \d{1,2} \w{3}, 11:20 AM – Picked Padma/);
    expect(clinicMail?.text).toMatch(/^\w{3} \d{1,2} \w{3}, 11:20 AM \(India time\) is held/);
    const ics = clinicMail?.attachments.find((a) => a.contentType.startsWith("text/calendar"))?.content.toString() ?? "";
    // 11:20 in India is 05:50 UTC; the tentative event lasts one consultation, and names its organizer.
    expect(ics).toMatch(/DTSTART:\d{8}T055000Z/);
    expect(ics).toMatch(/DTEND:\d{8}T061000Z/);
    expect(ics).toContain("ORGANIZER");
    const receipt = about(reference).find((m) => m.subject?.startsWith("Your consultation request"));
    expect(receipt?.text).toContain("This time is held for you");
  });

  it("taken by another patron first is refused beside the time, with the nearest free times and every answer kept", async () => {
    const date = openDayAfter(14);
    received(await submit(bookingFormData({ preferredDate: date, time: "12:00", timeWindow: undefined, fullName: "First Fatima" })));
    const before = (await store.listEmails(["pending", "sent", "undeliverable"])).length;
    const late = await submit(bookingFormData({ preferredDate: date, time: "12:00", timeWindow: undefined, fullName: "Late Lakshmi" }));
    expect(late.status).toBe("editing");
    if (late.status !== "editing") return;
    expect(late.errors.time).toBe("12:00 PM was just taken by another patron: choose another time. The nearest free times that day: 11:20 AM, 11:40 AM, 12:20 PM.");
    expect(late.values).toMatchObject({ fullName: "Late Lakshmi", preferredDate: date, reason: "Itchy rash on the forearms for two weeks." });
    expect(late.times?.times).not.toContain("12:00");
    expect((await store.listEmails(["pending", "sent", "undeliverable"])).length).toBe(before);
  });

  it("is one request with one reference when the same form with a time is posted twice", async () => {
    const date = openDayAfter(30);
    const form = bookingFormData({ preferredDate: date, time: "16:00", timeWindow: undefined, requestKey: "a2c4e6f8-0000-4000-8000-000000000016" });
    const first = received(await submit(form));
    expect(received(await submit(form))).toBe(first);
    expect(await store.emailsAbout(first)).toHaveLength(2);
  });

  it("is refused beside the field, with nothing stored, when it is not one the diary offers", async () => {
    const date = openDayAfter(18);
    const before = (await store.listEmails(["pending", "sent", "undeliverable"])).length;
    for (const [time, error] of [
      ["11:25", "Choose one of the times offered: a consultation starts every 20 minutes"],
      ["09:00", /Choose a time within the clinic's hours/],
      ["19:00", /Choose a time within the clinic's hours/],
    ] as const) {
      const state = await submit(bookingFormData({ preferredDate: date, time, timeWindow: undefined }));
      expect(state.status).toBe("editing");
      if (state.status === "editing") expect(state.errors.time).toMatch(error);
    }
    expect((await store.listEmails(["pending", "sent", "undeliverable"])).length).toBe(before);
  });

  it("is not offered, nor taken, on a day staff blocked", async () => {
    const { dayTimes } = await import("@/lib/booking/free-times");
    const date = openDayAfter(22);
    await store.blockTime({ id: "TEST-BLOCK", startsAt: indiaInstant(date, "00:00"), endsAt: indiaInstant(date, "23:59"), reason: "Clinic holiday", createdAt: new Date() }, null);
    const day = await dayTimes(store, date, new Date());
    expect(day.times).toEqual([]);
    expect(day.nextDate! > date).toBe(true);
    const state = await submit(bookingFormData({ preferredDate: date, time: "11:20", timeWindow: undefined }));
    expect(state.status === "editing" && state.errors.time).toBe("The clinic is not taking consultations at that time: choose another time");
    await store.unblockTime("TEST-BLOCK");
  });

  it("'Show free times' answers with the date's times and the answers so far, and stores nothing", async () => {
    const date = openDayAfter(26);
    const before = (await store.listEmails(["pending", "sent", "undeliverable"])).length;
    const state = await submit(bookingFormData({ preferredDate: date, intent: "show-times", fullName: "Browsing Bina", consent: undefined }));
    expect(state).toMatchObject({ status: "editing", errors: {}, values: { fullName: "Browsing Bina", preferredDate: date } });
    if (state.status === "editing") expect(state.times?.times[0]).toBe("10:00");
    expect((await store.listEmails(["pending", "sent", "undeliverable"])).length).toBe(before);
  });
});
