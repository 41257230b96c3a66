// Booked at once and moved by the patron, as patrons and the clinic meet it on the production build, with Chromium
// (JavaScript on and off) and a real SMTP server. With BOOKING_CONFIRMATION=instant a time picked on /book is booked
// as it is sent: the receipt says so, the patron's one email is the confirmation with its invitation, and the clinic
// gets "Booked: …". From the link in their email the patron moves it to another free time: the old time is offered
// again, the new one is not, the patron gets the calendar update and the clinic is told. With staff confirming (the
// default), a moved time is held until staff confirm it from the clinic's email. Each test has a date of its own.
import ICAL from "ical.js";
import type { ParsedMail } from "mailparser";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bookOverHttp } from "../support/booking-http";
import { launchChromium } from "../support/browser";
import { openDayAfter } from "../support/dates";
import { startSite, type RunningSite } from "../support/site";
import { linkIn, mailbox, startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { until } from "../support/until";

const CLINIC_INBOX = "clinic-inbox@example.test";
/** This machine may be running other tests at the same time: a patron's click may take a while to be answered. */
const PATIENCE_MS = 60_000;
/** After the emails a change causes have arrived, long enough for one more to have followed (the loop runs every 5 s). */
const SETTLE_MS = 6_500;

let smtp: TestSmtpServer;
const { emailsTo } = mailbox(() => smtp);
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  browser = await launchChromium();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await smtp?.close();
});

/** A site of this test file's: each test books from one address, and fills the form faster than a person. */
const siteWith = (env: Record<string, string> = {}) =>
  startSite({ SMTP_URL: smtp.url, CLINIC_INBOX, BOOKING_LIMIT: "off", BOOKING_MIN_SECONDS: "0", ...env });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- Dates and times as patrons and the clinic read them -------------------------------------------------------

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function parts(date: string) {
  const [year, month, day] = date.split("-").map(Number);
  return { year, month: MONTHS[month - 1], day, weekday: WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()] };
}

/** "11:20 AM" for "11:20". */
function clock(time: string): string {
  const [hours, minutes] = time.split(":").map(Number);
  return `${((hours + 11) % 12) + 1}:${String(minutes).padStart(2, "0")} ${hours < 12 ? "AM" : "PM"}`;
}

/** "Monday, 7 Dec 2026", as the form and the receipt write a date. */
function dateLabel(date: string): string {
  const { year, month, day, weekday } = parts(date);
  return `${weekday}, ${day} ${month} ${year}`;
}

/** "Mon 7 Dec, 11:20 AM", as the clinic's first email writes a time. */
function shortWhen(date: string, time: string): string {
  const { month, day, weekday } = parts(date);
  return `${weekday.slice(0, 3)} ${day} ${month}, ${clock(time)}`;
}

/** "Mon 7 Dec 2026, 11:20 AM IST", as the pages and the emails after it write an appointment's time. */
function writtenOut(date: string, time: string): string {
  const { year, month, day, weekday } = parts(date);
  return `${weekday.slice(0, 3)} ${day} ${month} ${year}, ${clock(time)} IST`;
}

/** The instant it is `time` on `date` in India (UTC+05:30, no daylight saving). */
const inIndia = (date: string, time: string) => new Date(`${date}T${time}:00+05:30`);

// ---- Emails ----------------------------------------------------------------------------------------------------

/** All emails about `reference`, to anyone. */
const emailsAbout = (reference: string) => smtp.messages.filter((mail) => (mail.subject ?? "").includes(reference));

/** Waits, patiently, for the email about `reference` to `address` whose subject starts with `subject`. */
async function emailTo(address: string, reference: string, subject: string): Promise<ParsedMail> {
  await until(() => emailsTo(address, reference, subject).length > 0, PATIENCE_MS, `"${subject}…" [${reference}] to ${address}`);
  return emailsTo(address, reference, subject)[0];
}

/** The calendar event an email carries, read back with ical.js. */
function eventOf(mail: ParsedMail) {
  const part = mail.attachments.find((attachment) => attachment.contentType.startsWith("text/calendar"));
  if (!part) throw new Error(`no text/calendar part in "${mail.subject}"`);
  const calendar = new ICAL.Component(ICAL.parse(part.content.toString("utf8")));
  const event = calendar.getFirstSubcomponent("vevent")!;
  return {
    method: calendar.getFirstPropertyValue("method"),
    uid: event.getFirstPropertyValue("uid"),
    sequence: Number(event.getFirstPropertyValue("sequence")),
    status: event.getFirstPropertyValue("status"),
    start: (event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate(),
  };
}

const hasCalendar = (mail: ParsedMail) => mail.attachments.some((attachment) => attachment.contentType.startsWith("text/calendar"));

// ---- Pages -----------------------------------------------------------------------------------------------------

/** Whether each page was opened with JavaScript. */
const withJavaScript = new WeakMap<Page, boolean>();

/** Opens `url` in a browser of its own, with JavaScript on (once the page is hydrated) or off. */
async function open(url: string, javaScript: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  contexts.push(context);
  context.setDefaultTimeout(PATIENCE_MS);
  context.setDefaultNavigationTimeout(PATIENCE_MS);
  const page = await context.newPage();
  withJavaScript.set(page, javaScript);
  const response = await page.goto(url, { waitUntil: javaScript ? "networkidle" : "load" });
  expect(response?.status()).toBe(200);
  return page;
}

const mainText = (page: Page) => page.locator("main").innerText();
const notice = (page: Page) => page.getByRole("status");
const standing = (page: Page) => page.locator("p.lead");

/** What a form shows when its POST changed nothing and the page did not move on: a refusal or a field's error. */
const FORM_REFUSED = "p.form-message[role=alert], p.field__error:not([hidden])";

/**
 * Presses a form's button and waits for the page the POST leads back to (`?done=…`), failing at once with the form's
 * own words if it was refused instead. With JavaScript the form is sent by the page's script, without it by the
 * browser itself: the test checks which, so that each mode is the one it says.
 */
async function press(page: Page, button: string): Promise<void> {
  const documentPosts: string[] = [];
  const onRequest = (request: Request) => {
    if (request.isNavigationRequest() && request.method() === "POST") documentPosts.push(request.url());
  };
  page.on("request", onRequest);
  try {
    const [answer] = await Promise.all([
      Promise.race([
        page.waitForURL(/[?&]done=/).then(() => "done", () => "no answer"),
        page
          .locator(FORM_REFUSED)
          .first()
          .waitFor()
          .then(async () => `refused: ${await page.locator(FORM_REFUSED).first().innerText()}`, () => "no answer"),
      ]),
      page.getByRole("button", { name: button, exact: true }).click(),
    ]);
    expect(answer, `the answer to "${button}"`).toBe("done");
  } finally {
    page.off("request", onRequest);
  }
  expect(documentPosts, "the form was posted by the browser, not the page's script").toHaveLength(withJavaScript.get(page) ? 0 : 1);
}

// ---- The booking form ------------------------------------------------------------------------------------------

interface Patron {
  name: string;
  mobile: string;
  email: string;
}

const patron = (name: string, n: number): Patron => ({
  name,
  mobile: `98450 ${String(20000 + n).slice(-5)}`,
  email: `${name.toLowerCase().replace(/\W+/g, ".")}@example.test`,
});

const REASON = "Hair thinning at the crown for six months.";

/** Everything but the date and the time, as a patron answers a phone consultation. */
async function answerTheRest(page: Page, { name, mobile, email }: Patron): Promise<void> {
  await page.getByLabel("Full name", { exact: true }).fill(name);
  await page.getByLabel("Mobile number", { exact: true }).fill(mobile);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Tele consultation (phone call)", { exact: true }).check();
  await page.getByLabel("Reason for consultation", { exact: true }).fill(REASON);
  await page.getByLabel(/I agree that the clinic may contact me/).check();
}

/** The booking form's time field, "Time (India time)". */
const timeField = (page: Page) => page.getByRole("group", { name: "Time (India time)", exact: true });

/** The times the booking form offers, as written beside their radios, without the last choice (to be called). */
async function offeredTimes(page: Page): Promise<string[]> {
  const labels = await timeField(page).locator("label").allInnerTexts();
  return labels.map((label) => label.trim()).filter((label) => !label.startsWith("None of these times"));
}

/** The free times GET /book/times answers for `date` ("11:20", …). */
async function freeTimes(siteUrl: string, date: string): Promise<string[]> {
  const response = await fetch(`${siteUrl}/book/times?date=${date}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { times: string[] }).times;
}

/** The times /book offers on `date` in a browser: loaded as the date changes (JavaScript on), or opened on it (off). */
async function timesOnBookingPage(siteUrl: string, date: string, javaScript: boolean): Promise<string[]> {
  if (!javaScript) return offeredTimes(await open(`${siteUrl}/book?date=${date}`, false));
  const page = await open(`${siteUrl}/book`, true);
  await page.getByLabel("Preferred date", { exact: true }).fill(date);
  await timeField(page).getByText(`Free times on ${dateLabel(date)}.`).waitFor();
  return offeredTimes(page);
}

// ---- The patron's page -----------------------------------------------------------------------------------------

/** The patron's "Choose another time": types the date, shows its free times (a GET), picks `time` and moves there. */
async function moveTo(page: Page, date: string, time: string): Promise<void> {
  const section = page.getByRole("region", { name: "Choose another time" });
  await section.getByLabel("Date", { exact: true }).fill(date);
  await Promise.all([
    page.waitForURL((url) => url.searchParams.get("date") === date, { waitUntil: withJavaScript.get(page) ? "networkidle" : "load" }),
    section.getByRole("button", { name: "Show free times", exact: true }).click(),
  ]);
  const times = section.getByRole("group", { name: `Free times on ${dateLabel(date)} (India time)` });
  await times.getByRole("radio", { name: clock(time), exact: true }).check();
  await press(page, "Move to this time");
}

const MODES = [
  { javaScript: true, name: "JavaScript on" },
  { javaScript: false, name: "JavaScript off" },
];

// ---- The tests -------------------------------------------------------------------------------------------------

describe("booked at once (BOOKING_CONFIRMATION=instant)", () => {
  let site: RunningSite;

  beforeAll(async () => {
    site = await siteWith({ BOOKING_CONFIRMATION: "instant" });
  });

  afterAll(async () => {
    await site?.stop();
  });

  describe("a patron picking a time on /book", () => {
    for (const [i, { javaScript, name }] of MODES.entries()) {
      it(`is booked at once: the receipt says so, the patron's one email is the confirmation with its invitation, the clinic's says Booked (${name})`, async () => {
        const date = openDayAfter(10 + 4 * i);
        const time = javaScript ? "11:20" : "14:00";
        const when = writtenOut(date, time);
        const who = patron(javaScript ? "Anjali Rao" : "Vikram Shetty", i);

        const page = await open(`${site.url}/book`, javaScript);
        await answerTheRest(page, who);
        await page.getByLabel("Preferred date", { exact: true }).fill(date);
        if (!javaScript) await page.getByRole("button", { name: "Show free times" }).click();
        await timeField(page).getByRole("radio", { name: clock(time), exact: true }).check();
        await page.getByRole("button", { name: "Send request" }).click();

        const heading = page.locator("#receipt-heading");
        await heading.waitFor();
        await expect(heading.innerText()).resolves.toBe("Consultation booked");
        const receipt = await page.locator(".receipt").innerText();
        expect(receipt).toContain(
          `Thank you, ${who.name}. Your consultation is booked for ${dateLabel(date)}, ${clock(time)}: a confirmation with a calendar invitation is on its way to your email.`,
        );
        expect(receipt).not.toContain("held for you");
        const reference = (await page.locator(".receipt__reference strong").textContent()) ?? "";
        expect(reference).toMatch(/^DS-[A-Z0-9]{4}-[A-Z0-9]{4}$/);

        const confirmation = await emailTo(who.email, reference, "Confirmed:");
        const booked = await emailTo(CLINIC_INBOX, reference, "Booked:");
        await pause(SETTLE_MS);
        // The confirmation is the patron's first and only email (the reminder waits for the evening before).
        expect(emailsTo(who.email, reference).map((mail) => mail.subject)).toEqual([confirmation.subject]);
        expect(confirmation.subject).toBe(`Confirmed: your tele (phone) consultation on ${when} [${reference}]`);
        expect(confirmation.text).toContain(`When: ${when}`);
        const invitation = eventOf(confirmation);
        expect(invitation).toMatchObject({ method: "REQUEST", status: "CONFIRMED", uid: `${reference}@consultation-requests`, start: inIndia(date, time) });
        expect(linkIn(confirmation, "Cancel or change the appointment")).toMatch(new RegExp(`^${site.url}/appointments/`));

        // The clinic's one email: everything the request's would say, and the staff link to move or cancel it.
        expect(emailsTo(CLINIC_INBOX, reference).map((mail) => mail.subject)).toEqual([booked.subject]);
        expect(booked.subject).toBe(`Booked: Tele (phone) consultation ${shortWhen(date, time)} – ${who.name} [${reference}]`);
        expect(booked.text).toContain(REASON);
        const staffLink = linkIn(booked, "Move or cancel");
        expect(staffLink).toMatch(new RegExp(`^${site.url}/staff/requests/`));
        expect(eventOf(booked)).toMatchObject({ method: "PUBLISH", status: "CONFIRMED", uid: invitation.uid, start: inIndia(date, time) });
        const staffPage = await open(staffLink, javaScript);
        await expect(standing(staffPage).innerText()).resolves.toBe(`Confirmed for ${when}`);

        // The time is taken: no longer offered.
        expect(await freeTimes(site.url, date)).not.toContain(time);
        expect(await timesOnBookingPage(site.url, date, javaScript)).not.toContain(clock(time));
      }, 240_000);
    }
  });

  describe("the patron moving their time from the link in their email", () => {
    for (const [i, { javaScript, name }] of MODES.entries()) {
      it(`moves it: the page shows the new time, the patron gets the update (same UID, higher SEQUENCE), the clinic is told, and the old time is free again (${name})`, async () => {
        const date = openDayAfter(18 + 8 * i);
        // With JavaScript to a later time that day; without it to another day.
        const newDate = javaScript ? date : openDayAfter(22 + 8 * i);
        const [oldTime, newTime] = ["12:00", javaScript ? "15:00" : "16:40"];
        const [oldWhen, newWhen] = [writtenOut(date, oldTime), writtenOut(newDate, newTime)];
        const who = patron(javaScript ? "Lakshmi Nair" : "Rohan Das", 10 + i);
        const reference = await bookOverHttp(site.url, { fullName: who.name, email: who.email, preferredDate: date, time: oldTime });

        const confirmation = await emailTo(who.email, reference, "Confirmed:");
        const page = await open(linkIn(confirmation, "Cancel or change the appointment"), javaScript);
        await expect(mainText(page)).resolves.toContain(`Your tele consultation (phone call) is confirmed for ${oldWhen}.`);
        await expect(page.getByRole("region", { name: "Choose another time" }).innerText()).resolves.toContain("Your present time is released when you move.");

        await moveTo(page, newDate, newTime);
        await expect.poll(() => notice(page).innerText()).toBe("Your consultation is moved. An email with the new time is on its way to you.");
        await expect(mainText(page)).resolves.toContain(`Your tele consultation (phone call) is confirmed for ${newWhen}.`);
        await expect(mainText(page)).resolves.not.toContain(oldWhen);

        const moved = await emailTo(who.email, reference, "Moved");
        const told = await emailTo(CLINIC_INBOX, reference, "Moved by the patron");
        await pause(SETTLE_MS);
        expect(moved.subject).toBe(`Moved: your consultation is now ${newWhen} [${reference}]`);
        expect(moved.text).toContain(`As you asked, your consultation on ${oldWhen} is moved to ${newWhen}.`);
        const [before, after] = [eventOf(confirmation), eventOf(moved)];
        expect(after).toMatchObject({ method: "REQUEST", status: "CONFIRMED", uid: before.uid, start: inIndia(newDate, newTime) });
        expect(after.sequence).toBeGreaterThan(before.sequence);
        // The new email leads to the patron's page too.
        expect(linkIn(moved, "Cancel or change the appointment")).toMatch(new RegExp(`^${site.url}/appointments/`));
        // One email each for the move: no cancellation, nothing to confirm.
        expect(emailsTo(who.email, reference).map((mail) => mail.subject)).toEqual([confirmation.subject, moved.subject]);
        expect(emailsTo(CLINIC_INBOX, reference).map((mail) => mail.subject?.split(":")[0])).toEqual(["Booked", "Moved by the patron"]);
        expect(told.subject).toBe(`Moved by the patron: Tele (phone) consultation ${newWhen} – ${who.name} [${reference}]`);
        expect(told.text).toContain(`The patron moved their consultation from ${oldWhen} to ${newWhen}; it is booked`);
        expect(eventOf(told)).toMatchObject({ method: "PUBLISH", status: "CONFIRMED", uid: before.uid, start: inIndia(newDate, newTime) });

        // The old time is offered again to other patrons, and the new one is not.
        expect(await freeTimes(site.url, date)).toContain(oldTime);
        expect(await freeTimes(site.url, newDate)).not.toContain(newTime);
        expect(await timesOnBookingPage(site.url, date, javaScript)).toContain(clock(oldTime));
        expect(await timesOnBookingPage(site.url, newDate, javaScript)).not.toContain(clock(newTime));
      }, 240_000);
    }
  });
});

describe("staff confirming (the default)", () => {
  let site: RunningSite;

  beforeAll(async () => {
    site = await siteWith();
  });

  afterAll(async () => {
    await site?.stop();
  });

  it("holds the time the patron moved to until staff confirm it from the clinic's email, offering it first", async () => {
    const date = openDayAfter(34);
    const [oldWhen, newWhen] = [writtenOut(date, "12:00"), writtenOut(date, "15:00")];
    const who = patron("Sunita Kulkarni", 20);
    const reference = await bookOverHttp(site.url, { fullName: who.name, email: who.email, preferredDate: date, time: "12:00" });

    // The receipt of a held time leads to the patron's page.
    const receipt = await emailTo(who.email, reference, "Your consultation request");
    const patronPage = await open(linkIn(receipt, "Choose another time"), false);
    await expect(mainText(patronPage)).resolves.toContain(`${oldWhen} is held for your tele consultation (phone call); the clinic will confirm it by email.`);

    await moveTo(patronPage, date, "15:00");
    await expect.poll(() => notice(patronPage).innerText()).toBe("Your consultation is moved. An email with the new time is on its way to you.");
    await expect(mainText(patronPage)).resolves.toContain(`${newWhen} is held for your tele consultation (phone call); the clinic will confirm it by email.`);

    const told = await emailTo(CLINIC_INBOX, reference, "Moved by the patron, to confirm");
    expect(told.subject).toBe(`Moved by the patron, to confirm: Tele (phone) consultation ${newWhen} – ${who.name} [${reference}]`);
    expect(told.text).toContain(`The patron moved their consultation from ${oldWhen} to ${newWhen}, which is held for them.`);
    const moved = await emailTo(who.email, reference, "Moved, to be confirmed");
    expect(moved.subject).toBe(`Moved, to be confirmed: your consultation is now ${newWhen} [${reference}]`);
    // The patron had no invitation yet: nothing to update in their calendar.
    expect(hasCalendar(moved)).toBe(false);
    expect(await freeTimes(site.url, date)).toContain("12:00");
    expect(await freeTimes(site.url, date)).not.toContain("15:00");

    // Staff, from the clinic's email: the time the patron moved to is offered first.
    const staffPage = await open(linkIn(told, "Confirm or propose another time"), true);
    await expect(standing(staffPage).innerText()).resolves.toBe(`Requested for ${newWhen}, held until the clinic confirms it`);
    await expect(staffPage.locator("main form button[type=submit]").first().innerText()).resolves.toBe("Confirm 3:00 PM");
    await press(staffPage, "Confirm 3:00 PM");
    await expect.poll(() => standing(staffPage).innerText()).toBe(`Confirmed for ${newWhen}`);

    const confirmation = await emailTo(who.email, reference, "Confirmed:");
    expect(confirmation.subject).toBe(`Confirmed: your tele (phone) consultation on ${newWhen} [${reference}]`);
    expect(eventOf(confirmation)).toMatchObject({ method: "REQUEST", status: "CONFIRMED", start: inIndia(date, "15:00") });
    await emailTo(CLINIC_INBOX, reference, "Confirmed:");
    await pause(SETTLE_MS);
    expect(emailsTo(who.email, reference).map((mail) => mail.subject?.split(":")[0])).toEqual([
      `Your consultation request ${reference}`,
      "Moved, to be confirmed",
      "Confirmed",
    ]);
    expect(emailsAbout(reference)).toHaveLength(6);
  }, 240_000);
});
