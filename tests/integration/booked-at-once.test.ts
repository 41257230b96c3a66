// A time the patron picks, booked at once (BOOKING_CONFIRMATION=instant), and the patron moving it from their page:
// from the form to the inboxes through the real store (a SQLite file) and a real SMTP server.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BookingState } from "@/lib/booking/state";
import { indiaInstant } from "@/lib/india-time";
import type { ClinicStore } from "@/lib/store/clinic-store";
import { bookingFormData } from "../support/booking-form";
import { openDayAfter } from "../support/dates";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

let smtp: TestSmtpServer;
let store: ClinicStore;
let submit: (formData: FormData) => Promise<BookingState>;
let deliver: () => Promise<unknown>;
let actAsPatron: typeof import("@/lib/appointments/link-pages").actAsPatron;
let linkUrl: typeof import("@/lib/links").linkUrl;
let dayTimes: typeof import("@/lib/booking/free-times").dayTimes;

beforeAll(async () => {
  smtp = await startSmtpServer();
  Object.assign(process.env, {
    SMTP_URL: smtp.url,
    CLINIC_INBOX: "clinic-inbox@example.test",
    MAIL_FROM: "Clinic website <website@example.test>",
    SITE_URL: "https://clinic.example.test",
    DATABASE_PATH: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-instant-")), "clinic.db"),
    BOOKING_LIMIT: "off",
    BOOKING_CONFIRMATION: "instant",
  });
  // Imported after the environment is set: the configuration is read once, as in the server.
  const { submitConsultationRequest } = await import("@/lib/booking/submit");
  submit = (formData) => submitConsultationRequest(formData, "127.0.0.1", new Date());
  const { deliverDue } = await import("@/lib/delivery");
  deliver = () => deliverDue(new Date());
  ({ actAsPatron } = await import("@/lib/appointments/link-pages"));
  ({ linkUrl } = await import("@/lib/links"));
  ({ dayTimes } = await import("@/lib/booking/free-times"));
  store = await (await import("@/lib/store")).getStore();
});

afterAll(async () => {
  await store.close();
  await smtp.close();
});

const about = (reference: string) => smtp.messages.filter((m) => m.subject?.includes(reference));
const toPatron = (reference: string) => about(reference).filter((m) => JSON.stringify(m.to).includes("meera@example.test"));
const toClinic = (reference: string) => about(reference).filter((m) => JSON.stringify(m.to).includes("clinic-inbox"));
/** The calendar event an email carries, read back with ical.js. */
function eventOf(message: { attachments: { contentType: string; content: Buffer }[] } | undefined) {
  const ics = message?.attachments.find((a) => a.contentType.startsWith("text/calendar"))?.content.toString() ?? "";
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const event = calendar.getFirstSubcomponent("vevent")!;
  return {
    method: calendar.getFirstPropertyValue("method"),
    uid: event.getFirstPropertyValue("uid"),
    sequence: Number(event.getFirstPropertyValue("sequence")),
    status: event.getFirstPropertyValue("status"),
    start: (event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate(),
  };
}

async function bookAt(date: string, time: string) {
  const state = await submit(bookingFormData({ preferredDate: date, time, timeWindow: undefined }));
  if (state.status !== "received") throw new Error(`expected a booking, got ${JSON.stringify(state)}`);
  return state;
}

/** The patron's "Choose another time" form, as their page posts it. */
function moveForm(reference: string, sequence: number, date: string, time: string, startsAt: Date) {
  const formData = new FormData();
  for (const [name, value] of Object.entries({ intent: "move", sequence: String(sequence), date, time })) formData.set(name, value);
  const token = new URL(linkUrl("patron", reference, startsAt)).pathname.split("/").pop()!;
  return { token, formData };
}

describe("a time booked at once", () => {
  it("is confirmed as it is stored: the patron's first email is the confirmation with its invitation, the clinic's says Booked", async () => {
    const date = openDayAfter(10);
    const { receipt } = await bookAt(date, "11:20");
    expect(receipt).toMatchObject({ time: "11:20 AM", held: true, confirmed: true });
    const stored = await store.findRequest(receipt.reference);
    expect(stored?.appointment).toMatchObject({ state: "confirmed", startsAt: indiaInstant(date, "11:20"), sequence: 1, changedBy: "system" });
    expect((await store.emailsAbout(receipt.reference)).map((email) => email.kind).sort()).toEqual(["clinic-booked", "patron-confirmed", "patron-reminder"]);

    await deliver();
    const [confirmation] = toPatron(receipt.reference);
    expect(toPatron(receipt.reference)).toHaveLength(1);
    expect(confirmation.subject).toMatch(/^Confirmed: your tele \(phone\) consultation on/);
    expect(eventOf(confirmation)).toMatchObject({ method: "REQUEST", status: "CONFIRMED", sequence: 1, start: indiaInstant(date, "11:20") });
    const [booked] = toClinic(receipt.reference);
    expect(booked.subject).toMatch(/^Booked: Tele \(phone\) consultation \w{3} \d{1,2} \w{3}, 11:20 AM – Meera Iyer/);
    // Everything the request's email would have said: the reason, and a link to move or cancel.
    expect(booked.text).toContain("Itchy rash on the forearms for two weeks.");
    expect(booked.text).toMatch(/Move or cancel: https:\/\/clinic\.example\.test\/staff\/requests\//);
    expect(eventOf(booked)).toMatchObject({ method: "PUBLISH", status: "CONFIRMED", uid: eventOf(confirmation).uid });
    expect((await dayTimes(store, date, new Date())).times).not.toContain("11:20");
  });
});

describe("the patron moving their appointment", () => {
  it("releases the old time and holds the new one in one change, and updates the invitation (same UID, higher SEQUENCE)", async () => {
    const date = openDayAfter(14);
    const { receipt } = await bookAt(date, "12:00");
    await deliver();
    const { token, formData } = moveForm(receipt.reference, 1, date, "15:00", indiaInstant(date, "12:00"));
    expect(await actAsPatron(token, formData, "9620638388", new Date())).toEqual({ showPage: `/appointments/${token}?done=moved` });

    expect((await store.findRequest(receipt.reference))?.appointment).toMatchObject({ state: "confirmed", startsAt: indiaInstant(date, "15:00"), sequence: 2 });
    const times = (await dayTimes(store, date, new Date())).times;
    expect(times).toContain("12:00");
    expect(times).not.toContain("15:00");
    await deliver();
    const moved = toPatron(receipt.reference).find((m) => m.subject?.startsWith("Moved"));
    expect(moved?.subject).toMatch(/^Moved: your consultation is now \w{3} \d{1,2} \w{3} \d{4}, 3:00 PM IST/);
    const original = eventOf(toPatron(receipt.reference).find((m) => m.subject?.startsWith("Confirmed")));
    expect(eventOf(moved)).toMatchObject({ method: "REQUEST", status: "CONFIRMED", uid: original.uid, sequence: 2, start: indiaInstant(date, "15:00") });
    expect(toClinic(receipt.reference).find((m) => m.subject?.startsWith("Moved by the patron"))?.text).toMatch(/from .*12:00 PM IST to .*3:00 PM IST/);
    // Only the new day's reminder is still to go.
    const reminders = (await store.emailsAbout(receipt.reference)).filter((email) => email.kind === "patron-reminder" && email.status === "pending");
    expect(reminders.map((email) => email.details?.startsAt)).toEqual([indiaInstant(date, "15:00").getTime()]);
  });

  it("is refused, with nothing changed, for a time another patron holds or one the diary does not offer", async () => {
    const date = openDayAfter(18);
    const { receipt } = await bookAt(date, "10:00");
    await bookAt(date, "10:40");
    const before = await store.findRequest(receipt.reference);
    for (const [time, error] of [
      ["10:40", /just been taken|just taken/],
      ["10:50", /Choose one of the times offered/],
    ] as const) {
      const { token, formData } = moveForm(receipt.reference, 1, date, time, indiaInstant(date, "10:00"));
      const outcome = await actAsPatron(token, formData, "9620638388", new Date());
      expect("state" in outcome && outcome.state.errors.time).toMatch(error);
    }
    expect(await store.findRequest(receipt.reference)).toEqual(before);
  });
});
