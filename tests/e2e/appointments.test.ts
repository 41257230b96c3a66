// From request to appointment, as staff and patrons live it: the production build, a real SMTP server and Chromium
// with JavaScript on and off. Staff act from the link in the clinic's email, patrons from the links in theirs; every
// link is read out of the emails that arrived. Opening a link changes nothing; only a form's POST does, once.
import type { ParsedMail } from "mailparser";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dayOfWeek } from "@/lib/india-time";
import { linkKey, signLink } from "@/lib/links";
import { launchChromium } from "../support/browser";
import { bookOverHttp } from "../support/booking-http";
import { openDaysFrom } from "../support/dates";
import { startSite, type RunningSite } from "../support/site";
import { decodeHtml, linkIn, mailbox, startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { until } from "../support/until";

const CLINIC_INBOX = "clinic-inbox@example.test";
const STAFF_LINK_SECRET = "appointments-e2e-secret-0123456789abcdef";
const CLINIC_PHONE = "9620638388";
/** The delivery loop runs every 5 s: waiting longer than that, an email that was going to be sent has been. */
const PAST_DELIVERY_LOOP_MS = 6_500;
/** After the emails a change causes have arrived, long enough for a second copy to have followed. */
const SETTLE_MS = 2_000;

let smtp: TestSmtpServer;
const { emailsTo, emailTo } = mailbox(() => smtp);
let site: RunningSite;
let browser: Browser;
const contexts: BrowserContext[] = [];
let patrons = 0;
/** Each patron books a day of their own; the clinic proposes times on later days, each a day of its own too. */
const patronDays = openDaysFrom(5);
const proposalDays = openDaysFrom(31);

beforeAll(async () => {
  smtp = await startSmtpServer();
  site = await startSite({
    SMTP_URL: smtp.url,
    CLINIC_INBOX,
    STAFF_LINK_SECRET,
    BOOKING_LIMIT: "off",
    BOOKING_MIN_SECONDS: "0",
  });
  browser = await launchChromium();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await smtp?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- Dates and times, as the clinic writes them ----------------------------------------------------------------

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Sat 28 Nov 2026, 11:30 AM IST" for ("2026-11-28", "11:30"). */
function writtenOut(date: string, time: string): string {
  const [year, month, day] = date.split("-").map(Number);
  const [hours, minutes] = time.split(":").map(Number);
  const clock = `${((hours + 11) % 12) + 1}:${String(minutes).padStart(2, "0")} ${hours < 12 ? "AM" : "PM"}`;
  return `${WEEKDAYS[dayOfWeek(date)]} ${day} ${MONTHS[month - 1]} ${year}, ${clock} IST`;
}

/** The iCalendar UTC form of `time` on `date` in India: "20261128T060000Z" for ("2026-11-28", "11:30"). */
function icsUtc(date: string, time: string): string {
  return new Date(`${date}T${time}:00+05:30`).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

// ---- Emails ----------------------------------------------------------------------------------------------------

/** All emails about `reference`, to anyone. */
const emailsAbout = (reference: string) => smtp.messages.filter((mail) => (mail.subject ?? "").includes(reference));

interface CalendarPart {
  /** The `method` parameter of the part's Content-Type. */
  contentTypeMethod: string | undefined;
  method: string | undefined;
  uid: string | undefined;
  sequence: number;
  dtstart: string | undefined;
}

/** The text/calendar part of an email (the invitation, update or cancellation), read back. */
function calendarIn(mail: ParsedMail): CalendarPart {
  const part = mail.attachments.find((attachment) => attachment.contentType === "text/calendar");
  if (!part) throw new Error(`no text/calendar part in "${mail.subject}"`);
  const contentType = part.headers.get("content-type") as { value: string; params: Record<string, string> };
  const ics = part.content.toString("utf8").replace(/\r?\n[ \t]/g, "");
  const field = (name: string) => new RegExp(`^${name}:(.*?)\\r?$`, "m").exec(ics)?.[1];
  return {
    contentTypeMethod: contentType.params.method,
    method: field("METHOD"),
    uid: field("UID"),
    sequence: Number(field("SEQUENCE")),
    dtstart: field("DTSTART"),
  };
}

// ---- Booking, pages and buttons --------------------------------------------------------------------------------

interface Booked {
  reference: string;
  patron: string;
  date: string;
  /** The link in the clinic's email: "Confirm or reschedule". */
  staffLink: string;
}

/**
 * Books a morning tele consultation over HTTP, each on a day of its own (staff may not give two consultations
 * overlapping times), and reads the staff link out of the clinic's email.
 */
async function book(): Promise<Booked> {
  patrons += 1;
  const date = patronDays();
  const patron = `patron-${patrons}@example.test`;
  const reference = await bookOverHttp(site.url, { fullName: `Patron Number ${patrons}`, email: patron, preferredDate: date, timeWindow: "morning" });
  const request = await emailTo(CLINIC_INBOX, reference, "Tele (phone) consultation request");
  return { reference, patron, date, staffLink: linkIn(request, "Confirm or reschedule") };
}

/** Whether each page was opened with JavaScript. */
const withJavaScript = new WeakMap<Page, boolean>();

/** Opens a link in a browser of its own, with JavaScript on (once the page is hydrated) or off. */
async function open(url: string, { javaScript }: { javaScript: boolean }): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  contexts.push(context);
  return openIn(context, url, javaScript);
}

async function openIn(context: BrowserContext, url: string, javaScript: boolean): Promise<Page> {
  const page = await context.newPage();
  withJavaScript.set(page, javaScript);
  const response = await page.goto(url, { waitUntil: javaScript ? "networkidle" : "load" });
  expect(response?.status()).toBe(200);
  return page;
}

/** What a form shows when its POST changed nothing and the page did not move on: a refusal or a field's error. */
const FORM_REFUSED = "p.form-message[role=alert], p.field__error:not([hidden])";

/**
 * Presses a form's button and waits for the page the POST leads back to (`?done=…`), failing at once with the form's
 * own words if it was refused instead. With JavaScript the form is sent by the page's script, without it by the
 * browser itself: the test checks which, so that each mode is the one it says.
 */
async function press(page: Page, button: string, within?: string): Promise<void> {
  const scope = within ? page.getByRole("region", { name: within }) : page;
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
      scope.getByRole("button", { name: button, exact: true }).click(),
    ]);
    expect(answer, `the answer to "${button}"`).toBe("done");
  } finally {
    page.off("request", onRequest);
  }
  expect(documentPosts, "the form was posted by the browser, not the page's script").toHaveLength(withJavaScript.get(page) ? 0 : 1);
}

/** Chooses a date and time in one of the staff page's time forms ("Confirm a time", "Propose another time"). */
async function chooseTime(page: Page, section: string, date: string, time: string): Promise<void> {
  const form = page.getByRole("region", { name: section });
  await form.getByLabel("Date", { exact: true }).fill(date);
  await form.getByLabel("Time (India time)", { exact: true }).fill(time);
}

const notice = (page: Page) => page.getByRole("status");
const standing = (page: Page) => page.locator("p.lead");

/** Staff confirm the request at `time` on its preferred date, with JavaScript off; resolves once both emails came. */
async function confirmAsStaff(booked: Booked, time: string): Promise<{ invitation: ParsedMail }> {
  const page = await open(booked.staffLink, { javaScript: false });
  await chooseTime(page, "Confirm a time", booked.date, time);
  await press(page, "Confirm this time");
  await expect.poll(() => standing(page).innerText()).toContain(`Confirmed for ${writtenOut(booked.date, time)}`);
  await emailTo(CLINIC_INBOX, booked.reference, "Confirmed:");
  return { invitation: await emailTo(booked.patron, booked.reference, "Confirmed:") };
}

const MODES = [
  { javaScript: true, name: "JavaScript on" },
  { javaScript: false, name: "JavaScript off" },
];

// ---- The tests -------------------------------------------------------------------------------------------------

describe("staff confirm a request from the clinic's email", () => {
  for (const { javaScript, name } of MODES) {
    it(`sends the patron one confirmation with the time written out and a calendar invitation (${name})`, async () => {
      const booked = await book();
      const page = await open(booked.staffLink, { javaScript });
      const confirmForm = page.getByRole("region", { name: "Confirm a time" });
      await expect.poll(() => standing(page).innerText()).toBe("Requested: no time agreed yet");
      // The form starts at the requested window's start: the morning, 10 AM.
      expect(await confirmForm.getByLabel("Date", { exact: true }).inputValue()).toBe(booked.date);
      expect(await confirmForm.getByLabel("Time (India time)", { exact: true }).inputValue()).toBe("10:00");

      await chooseTime(page, "Confirm a time", booked.date, "11:30");
      await press(page, "Confirm this time");
      const when = writtenOut(booked.date, "11:30");
      await expect.poll(() => notice(page).innerText()).toMatch(/^Confirmed\./);
      await expect.poll(() => standing(page).innerText()).toBe(`Confirmed for ${when}`);

      const confirmation = await emailTo(booked.patron, booked.reference, "Confirmed:");
      const clinicCopy = await emailTo(CLINIC_INBOX, booked.reference, "Confirmed:");
      await pause(SETTLE_MS);
      expect(emailsTo(booked.patron, booked.reference, "Confirmed:")).toHaveLength(1);
      expect(emailsTo(CLINIC_INBOX, booked.reference, "Confirmed:")).toHaveLength(1);

      expect(confirmation.subject).toBe(`Confirmed: your tele (phone) consultation on ${when} [${booked.reference}]`);
      expect(confirmation.text).toContain(`When: ${when}`);
      const invitation = calendarIn(confirmation);
      expect(invitation.method).toBe("REQUEST");
      expect(invitation.contentTypeMethod).toBe("REQUEST");
      expect(invitation.uid).toBe(`${booked.reference}@consultation-requests`);
      expect(invitation.dtstart).toBe(icsUtc(booked.date, "11:30"));
      expect(linkIn(confirmation, "Cancel or change the appointment")).toMatch(new RegExp(`^${site.url}/appointments/`));

      expect(clinicCopy.subject).toContain(when);
      expect(calendarIn(clinicCopy)).toMatchObject({ method: "PUBLISH", contentTypeMethod: "PUBLISH", uid: invitation.uid });

      // Opened again from the email, the page says where the request stands and offers to move it.
      const again = await open(booked.staffLink, { javaScript });
      await expect.poll(() => standing(again).innerText()).toBe(`Confirmed for ${when}`);
      expect(await again.getByRole("heading", { name: "Move the appointment" }).count()).toBe(1);
      expect(await again.getByRole("button", { name: "Confirm the new time" }).count()).toBe(1);
    });
  }
});

describe("the clinic proposes another time and the patron accepts it", () => {
  for (const [staff, patron] of [MODES, [...MODES].reverse()]) {
    it(`confirms the proposed time for both (staff with ${staff.name}, patron with ${patron.name})`, async () => {
      const booked = await book();
      const proposedDate = proposalDays();
      const proposed = writtenOut(proposedDate, "16:40");

      const staffPage = await open(booked.staffLink, { javaScript: staff.javaScript });
      await chooseTime(staffPage, "Propose another time", proposedDate, "16:40");
      await press(staffPage, "Propose this time");
      await expect.poll(() => standing(staffPage).innerText()).toBe(`Proposed: ${proposed}, waiting for the patron's answer`);

      const proposal = await emailTo(booked.patron, booked.reference, "A time for your consultation:");
      expect(proposal.subject).toBe(`A time for your consultation: ${proposed}, please accept or decline [${booked.reference}]`);
      const patronPage = await open(linkIn(proposal, "Accept or decline this time"), { javaScript: patron.javaScript });
      await expect.poll(() => patronPage.locator("main").innerText()).toContain(`The clinic proposes ${proposed}`);
      expect(await patronPage.getByRole("button", { name: "Decline this time" }).count()).toBe(1);
      await press(patronPage, "Accept this time");
      await expect.poll(() => notice(patronPage).innerText()).toMatch(/^Thank you: your consultation is confirmed\./);

      const confirmation = await emailTo(booked.patron, booked.reference, "Confirmed:");
      expect(confirmation.subject).toContain(proposed);
      expect(confirmation.text).toContain(`When: ${proposed}`);
      expect(calendarIn(confirmation)).toMatchObject({ method: "REQUEST", dtstart: icsUtc(proposedDate, "16:40") });
      const clinicCopy = await emailTo(CLINIC_INBOX, booked.reference, "Confirmed:");
      expect(clinicCopy.text).toContain(`The patron accepted the time the clinic proposed: the consultation is confirmed for ${proposed}.`);

      await staffPage.reload();
      await expect.poll(() => standing(staffPage).innerText()).toBe(`Confirmed for ${proposed}`);
    });
  }
});

describe("staff decline a request with a ready answer and their own words", () => {
  for (const { javaScript, name } of MODES) {
    it(`sends the patron both, and the page shows it declined (${name})`, async () => {
      const booked = await book();
      const page = await open(booked.staffLink, { javaScript });
      const form = page.getByRole("region", { name: "Decline the request" });
      await form.getByLabel(/needs an examination in person/).check();
      await form.getByLabel(/Your own words to the patron/).fill("Please bring your earlier prescriptions.");
      await press(page, "Decline the request", "Decline the request");
      await expect.poll(() => notice(page).innerText()).toMatch(/^Declined\./);
      await expect.poll(() => standing(page).innerText()).toMatch(/^Declined by the clinic · Message sent: .*Please bring your earlier prescriptions\./s);

      const declined = await emailTo(booked.patron, booked.reference, `Your consultation request ${booked.reference} could not be confirmed`);
      expect(declined.text).toContain("This needs an examination in person: please visit the clinic.");
      expect(declined.text).toContain("Please bring your earlier prescriptions.");
      const clinicCopy = await emailTo(CLINIC_INBOX, booked.reference, "Declined:");
      // The request's tentative event leaves the clinic's calendar.
      expect(calendarIn(clinicCopy)).toMatchObject({ method: "CANCEL", contentTypeMethod: "CANCEL" });

      const again = await open(booked.staffLink, { javaScript });
      await expect.poll(() => standing(again).innerText()).toMatch(/^Declined by the clinic/);
      expect(await again.getByRole("button", { name: "Decline the request" }).count()).toBe(0);
    });
  }
});

describe("the patron cancels a confirmed appointment from their email", () => {
  for (const { javaScript, name } of MODES) {
    it(`tells the clinic and takes the event out of both calendars (${name})`, async () => {
      const booked = await book();
      const { invitation } = await confirmAsStaff(booked, "12:00");
      const invited = calendarIn(invitation);
      const when = writtenOut(booked.date, "12:00");

      const page = await open(linkIn(invitation, "Cancel or change the appointment"), { javaScript });
      await expect.poll(() => page.locator("main").innerText()).toContain(`confirmed for ${when}`);
      await press(page, "Cancel the appointment");
      await expect.poll(() => notice(page).innerText()).toMatch(/^Your appointment is cancelled\./);
      expect(await page.getByRole("button", { name: "Cancel the appointment" }).count()).toBe(0);

      const toClinic = await emailTo(CLINIC_INBOX, booked.reference, "Cancelled");
      expect(toClinic.subject).toContain("Cancelled by the patron");
      const toPatron = await emailTo(booked.patron, booked.reference, "Cancelled:");
      for (const cancellation of [toClinic, toPatron]) {
        const calendar = calendarIn(cancellation);
        expect(calendar.method).toBe("CANCEL");
        expect(calendar.contentTypeMethod).toBe("CANCEL");
        expect(calendar.uid).toBe(invited.uid);
        expect(calendar.sequence).toBeGreaterThan(invited.sequence);
      }

      const staffPage = await open(booked.staffLink, { javaScript: false });
      expect(await standing(staffPage).innerText()).toBe(`Cancelled by the patron (was ${when})`);
    });
  }
});

describe("a mail scanner that opens the links changes nothing", () => {
  it("GET, HEAD and a Chromium visit with JavaScript to the staff and patron links send nothing and leave the state", async () => {
    const booked = await book();
    const proposedDate = proposalDays();
    const proposed = writtenOut(proposedDate, "15:00");
    const staffPage = await open(booked.staffLink, { javaScript: false });
    await chooseTime(staffPage, "Propose another time", proposedDate, "15:00");
    await press(staffPage, "Propose this time");
    const patronLink = linkIn(await emailTo(booked.patron, booked.reference, "A time for your consultation:"), "Accept or decline this time");
    // The clinic's request, the patron's receipt and the proposal.
    await until(() => emailsAbout(booked.reference).length === 3, 15_000, "the request's three emails");
    const subjects = () => emailsAbout(booked.reference).map((mail) => mail.subject);
    const before = subjects();

    // The staff page offers to confirm, propose and decline; the patron's to accept and decline: none may be pressed.
    await Promise.all(
      [booked.staffLink, patronLink].map(async (link) => {
        for (const method of ["GET", "HEAD"]) {
          const response = await fetch(link, { method });
          expect(response.status, method).toBe(200);
          await response.arrayBuffer();
        }
        const scanner = await browser.newContext({ javaScriptEnabled: true });
        contexts.push(scanner);
        const page = await scanner.newPage();
        await page.goto(link, { waitUntil: "networkidle" });
        await page.waitForTimeout(2_000);
      }),
    );
    await pause(PAST_DELIVERY_LOOP_MS);

    expect(subjects(), "no email after the scanner's visits").toEqual(before);
    const staffView = await open(booked.staffLink, { javaScript: false });
    expect(await standing(staffView).innerText()).toBe(`Proposed: ${proposed}, waiting for the patron's answer`);
    const patronView = await open(patronLink, { javaScript: false });
    expect(await patronView.locator("main").innerText()).toContain(`The clinic proposes ${proposed}`);
    expect(await patronView.getByRole("button", { name: "Accept this time" }).count()).toBe(1);
  });
});

describe("a link that is not the clinic's", () => {
  /** The words of the page's main part (the site's header and footer carry the phone on every page). */
  const mainText = (html: string) =>
    decodeHtml((/<main\b[\s\S]*?<\/main>/.exec(html)?.[0] ?? html).replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();

  /** Kept out of caches, search engines and Referer headers, as the link in the address is a capability. */
  const expectLinkPageHeaders = (response: Response, what: string) => {
    expect(response.headers.get("cache-control"), what).toContain("no-store");
    expect(response.headers.get("x-robots-tag"), what).toContain("noindex");
    expect(response.headers.get("referrer-policy"), what).toBe("no-referrer");
  };

  it("is answered 404 'This link is not valid' with the clinic's phone: forged, mistyped, another purpose or garbage", async () => {
    const booked = await book();
    const valid = await fetch(booked.staffLink);
    expect(valid.status).toBe(200);
    expect(mainText(await valid.text())).toMatch(/^Consultation request/);
    expectLinkPageHeaders(valid, "the valid link");

    const token = new URL(booked.staffLink).pathname.split("/").pop()!;
    const parts = token.split(".");
    const signature = parts[5];
    const middle = Math.floor(signature.length / 2);
    const oneCharacterChanged = [
      ...parts.slice(0, 5),
      `${signature.slice(0, middle)}${signature[middle] === "A" ? "B" : "A"}${signature.slice(middle + 1)}`,
    ].join(".");
    const anotherSecret = signLink([linkKey("a-secret-that-is-not-the-clinics-0123456789")], "staff", booked.reference, new Date(Date.now() + 86_400_000));
    const forged = {
      "one character of the signature changed": `/staff/requests/${oneCharacterChanged}`,
      "another reference under the same signature": `/staff/requests/${token.replace(booked.reference, "DS-AAAA-BBBB")}`,
      "signed with another secret": `/staff/requests/${anotherSecret}`,
      "the staff link used as the patron's": `/appointments/${token}`,
      "garbage for staff": "/staff/requests/garbage",
      "garbage for a patron": "/appointments/not.a.token",
    };
    for (const [what, path] of Object.entries(forged)) {
      const response = await fetch(`${site.url}${path}`);
      expect(response.status, what).toBe(404);
      const page = mainText(await response.text());
      expect(page, what).toMatch(/^This link is not valid/);
      expect(page, what).toContain(CLINIC_PHONE);
      expectLinkPageHeaders(response, what);
    }
  });

  it("is answered 410 'This link has expired' with the clinic's phone when it is the clinic's but too old", async () => {
    const booked = await book();
    const expired = signLink([linkKey(STAFF_LINK_SECRET)], "staff", booked.reference, new Date(Date.now() - 60_000));
    const response = await fetch(`${site.url}/staff/requests/${expired}`);
    expect(response.status).toBe(410);
    const page = mainText(await response.text());
    expect(page).toMatch(/^This link has expired/);
    expect(page).toContain(CLINIC_PHONE);
    expectLinkPageHeaders(response, "the expired link");
  });
});

describe("pressing twice confirms once", () => {
  it("with JavaScript off, the same form sent from two tabs: the second shows 'Nothing was changed', one email goes out", async () => {
    const booked = await book();
    const when = writtenOut(booked.date, "10:00");
    const first = await open(booked.staffLink, { javaScript: false });
    const second = await openIn(first.context(), booked.staffLink, false);
    // A third tab, opened before the confirmation too, asks for another time: were it not stale, it would move it.
    const stale = await openIn(first.context(), booked.staffLink, false);

    await press(first, "Confirm this time");
    await expect.poll(() => standing(first).innerText()).toBe(`Confirmed for ${when}`);
    await press(second, "Confirm this time");
    expect(second.url()).toMatch(/[?&]done=unchanged$/);
    expect(await notice(second).innerText()).toMatch(/^Nothing was changed/);
    expect(await standing(second).innerText()).toBe(`Confirmed for ${when}`);
    await chooseTime(stale, "Confirm a time", booked.date, "14:00");
    await press(stale, "Confirm this time");
    expect(await notice(stale).innerText()).toMatch(/^Nothing was changed/);
    expect(await standing(stale).innerText()).toBe(`Confirmed for ${when}`);

    await emailTo(booked.patron, booked.reference, "Confirmed:");
    await pause(PAST_DELIVERY_LOOP_MS);
    expect(emailsTo(booked.patron, booked.reference, "Confirmed:")).toHaveLength(1);
    expect(emailsTo(CLINIC_INBOX, booked.reference, "Confirmed:")).toHaveLength(1);
  });

  it("with JavaScript on, a quick double click sends one confirmation, and a second tab's press shows 'Nothing was changed'", async () => {
    const booked = await book();
    const when = writtenOut(booked.date, "10:00");
    const page = await open(booked.staffLink, { javaScript: true });
    const otherTab = await openIn(page.context(), booked.staffLink, true);

    await Promise.all([page.waitForURL(/[?&]done=/), page.getByRole("button", { name: "Confirm this time" }).dblclick()]);
    await expect.poll(() => standing(page).innerText()).toBe(`Confirmed for ${when}`);
    await press(otherTab, "Confirm this time");
    expect(otherTab.url()).toMatch(/[?&]done=unchanged$/);
    await expect.poll(() => notice(otherTab).innerText()).toMatch(/^Nothing was changed/);
    expect(await standing(otherTab).innerText()).toBe(`Confirmed for ${when}`);

    await emailTo(booked.patron, booked.reference, "Confirmed:");
    await pause(PAST_DELIVERY_LOOP_MS);
    expect(emailsTo(booked.patron, booked.reference, "Confirmed:")).toHaveLength(1);
    expect(emailsTo(CLINIC_INBOX, booked.reference, "Confirmed:")).toHaveLength(1);
  });
});
