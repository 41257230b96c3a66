// Privacy as patrons and staff live it: the production build, a real SMTP server and Chromium with JavaScript on and
// off. Every email to a patron carries a signed "Withdraw consent and delete my details" link: opening it changes
// nothing; its form's POST cancels what is still to happen, erases the details at once and sends one acknowledgement.
// Staff do the same from the command line, and read the request's audit trail, which holds no personal detail. The
// database itself, the SQLite file with its WAL and PostgreSQL's rows, never holds a patron's details in clear.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { linkKey, signLink } from "@/lib/links";
import { dataKey } from "@/lib/privacy/encryption";
import { openStore } from "@/lib/store";
import { launchChromium } from "../support/browser";
import { bookOverHttp } from "../support/booking-http";
import { openDayAfter, openDaysFrom } from "../support/dates";
import { psql, startPostgres, type RunningPostgres } from "../support/postgres";
import { newDatabasePath, startSite, type RunningSite } from "../support/site";
import { linkIn, mailbox, startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { until } from "../support/until";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CLINIC_INBOX = "clinic-inbox@example.test";
const STAFF_LINK_SECRET = "withdrawal-e2e-secret-0123456789abcdefgh";
const DATA_ENCRYPTION_KEY = randomBytes(32).toString("base64");
const WITHDRAW = "Withdraw consent and delete my details";
/** The delivery loop runs every 5 s: waiting longer than that, an email that was going to be sent has been. */
const PAST_DELIVERY_LOOP_MS = 6_500;

let smtp: TestSmtpServer;
const { emailsTo, emailTo } = mailbox(() => smtp);
let site: RunningSite;
let browser: Browser;
const database = newDatabasePath();
const contexts: BrowserContext[] = [];
let patrons = 0;
/** So that each patron books a day of their own. */
const patronDays = openDaysFrom(6);

beforeAll(async () => {
  smtp = await startSmtpServer();
  site = await startSite({
    SMTP_URL: smtp.url,
    CLINIC_INBOX,
    STAFF_LINK_SECRET,
    DATA_ENCRYPTION_KEY,
    DATABASE_PATH: database,
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
  fs.rmSync(path.dirname(database), { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The method of an email's text/calendar part, or undefined when it has none. */
function calendarMethod(mail: ParsedMail): string | undefined {
  const part = mail.attachments.find((attachment) => attachment.contentType === "text/calendar");
  return part && /^METHOD:(\S+)/m.exec(part.content.toString("utf8"))?.[1];
}

interface Patron {
  reference: string;
  fullName: string;
  email: string;
  mobile: string;
  reason: string;
  date: string;
  receipt: ParsedMail;
  staffLink: string;
}

/** Books a tele consultation over HTTP with details of its own, and waits for the receipt and the clinic's email. */
async function book(): Promise<Patron> {
  patrons += 1;
  const fullName = `Withdrawing Patron ${"ABCDEFGHIJ"[patrons]}`;
  const email = `withdrawing-${patrons}@example.test`;
  const mobile = `98765${String(43210 + patrons).padStart(5, "0")}`;
  const reason = `Itchy rash on the left elbow number ${patrons}, worse at night.`;
  const date = patronDays();
  const reference = await bookOverHttp(site.url, { fullName, email, mobile, reason, preferredDate: date, timeWindow: "morning" });
  const receipt = await emailTo(email, reference, "Your consultation request");
  const request = await emailTo(CLINIC_INBOX, reference, "Tele (phone) consultation request");
  return { reference, fullName, email, mobile, reason, date, receipt, staffLink: linkIn(request, "Confirm or reschedule") };
}

/** What the site's database holds of a request, through the store with the site's key. */
async function stored(reference: string) {
  const { store } = await openStore({ engine: "sqlite", path: database }, [dataKey(DATA_ENCRYPTION_KEY)]);
  try {
    return { request: await store.findRequest(reference), emails: await store.emailsAbout(reference), trail: await store.auditTrail(reference) };
  } finally {
    await store.close();
  }
}

/** Runs a staff command (`npm run outbox -- …`) against the site's database, as staff would on the server. */
function staffCommand(...args: string[]): string {
  const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "lib/cli/outbox.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_PATH: database, DATA_ENCRYPTION_KEY, STAFF_LINK_SECRET, SITE_URL: site.url },
  });
  if (run.status !== 0) throw new Error(`npm run outbox -- ${args.join(" ")} failed:\n${run.stderr}`);
  return run.stdout;
}

async function open(url: string, javaScript: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  contexts.push(context);
  const page = await context.newPage();
  const response = await page.goto(url, { waitUntil: javaScript ? "networkidle" : "load" });
  expect(response?.status()).toBe(200);
  return page;
}

/** Confirms the request at 11:30 on its date from the staff page, with JavaScript off, and waits for the invitation. */
async function confirm(patron: Patron): Promise<void> {
  const page = await open(patron.staffLink, false);
  const form = page.getByRole("region", { name: "Confirm a time" });
  await form.getByLabel("Date", { exact: true }).fill(patron.date);
  await form.getByLabel("Time (India time)", { exact: true }).fill("11:30");
  await Promise.all([page.waitForURL(/[?&]done=/), form.getByRole("button", { name: "Confirm this time" }).click()]);
  await emailTo(patron.email, patron.reference, "Confirmed:");
}

/** No trace of the patron in `text`: name, email, mobile or reason. */
function expectNoDetailOf(patron: Patron, text: string, where: string): void {
  for (const detail of [patron.fullName, patron.email, patron.mobile, patron.reason]) {
    expect(text.includes(detail), `${where} holds "${detail}"`).toBe(false);
  }
}

describe("a patron withdraws consent from the link in their email", () => {
  for (const javaScript of [false, true]) {
    it(`cancels the appointment, erases the details and acknowledges once (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const patron = await book();
      await confirm(patron);
      const confirmation = await emailTo(patron.email, patron.reference, "Confirmed:");
      const patronLink = linkIn(confirmation, "Cancel or change the appointment");
      // Every email to the patron carries the link; the receipt's and the confirmation's open the same page.
      expect(linkIn(patron.receipt, WITHDRAW)).toMatch(new RegExp(`^${site.url}/privacy/withdraw/`));
      const withdrawLink = linkIn(confirmation, WITHDRAW);

      const page = await open(withdrawLink, javaScript);
      expect(await page.locator("main").innerText()).toContain("your consultation request is cancelled");
      const documentPosts: string[] = [];
      page.on("request", (request: Request) => {
        if (request.isNavigationRequest() && request.method() === "POST") documentPosts.push(request.url());
      });
      await Promise.all([page.waitForURL(/[?&]done=withdrawn/), page.getByRole("button", { name: WITHDRAW }).click()]);
      expect(documentPosts, "posted by the browser itself, or by the page's script").toHaveLength(javaScript ? 0 : 1);
      await expect.poll(() => page.getByRole("status").innerText()).toContain("Your consent is withdrawn and your details are deleted");

      const acknowledgement = await emailTo(patron.email, patron.reference, "Your details have been deleted");
      expect(acknowledgement.text).toContain("your consent is withdrawn and your details are deleted");
      expect(calendarMethod(acknowledgement)).toBe("CANCEL");
      const notice = await emailTo(CLINIC_INBOX, patron.reference, "Consent withdrawn");
      expect(calendarMethod(notice)).toBe("CANCEL");
      expectNoDetailOf(patron, `${notice.subject}\n${notice.text}\n${notice.html}`, "the clinic's notice");

      // Only the reference, the dates and the states remain; the acknowledgement's address goes once it is sent.
      await until(async () => (await stored(patron.reference)).emails.every((email) => email.status === "sent"), 15_000, "every email sent");
      const after = await stored(patron.reference);
      expect(after.request?.request).toBeNull();
      expect(after.request?.erasedAt).not.toBeNull();
      expect(after.request?.appointment.state).toBe("cancelled");
      expect(after.emails.map((email) => email.details)).toEqual(after.emails.map(() => null));
      const events = after.trail.map(({ event, actor }) => `${event} ${actor}`);
      expect(events.slice(events.indexOf("cancelled patron"))).toEqual(["cancelled patron", "erased patron", "email sent system", "email sent system"]);

      // The request's pages are gone for staff and patron alike; the withdrawal page says it is done.
      expect(await (await fetch(patron.staffLink)).text()).toContain("This request&#x27;s details were deleted");
      expect(await (await fetch(patronLink)).text()).toContain("This request&#x27;s details were deleted");
      const again = await open(withdrawLink, javaScript);
      expect(await again.getByRole("status").innerText()).toContain("already been deleted");
      expect(await again.getByRole("button", { name: WITHDRAW }).count()).toBe(0);

      await pause(PAST_DELIVERY_LOOP_MS);
      expect(emailsTo(patron.email, patron.reference, "Your details have been deleted")).toHaveLength(1);
      expect(emailsTo(CLINIC_INBOX, patron.reference, "Consent withdrawn")).toHaveLength(1);
    });
  }

  it("changes nothing and sends nothing when a mail scanner opens the link", async () => {
    const patron = await book();
    const withdrawLink = linkIn(patron.receipt, WITHDRAW);
    expect((await fetch(withdrawLink)).status).toBe(200);
    expect((await fetch(withdrawLink, { method: "HEAD" })).status).toBe(200);
    // A scanner that runs the page's scripts, as some do.
    await open(withdrawLink, true);
    await pause(PAST_DELIVERY_LOOP_MS);
    const after = await stored(patron.reference);
    expect(after.request?.request?.fullName).toBe(patron.fullName);
    expect(after.request?.appointment.state).toBe("requested");
    expect(emailsTo(patron.email, patron.reference, "Your details have been deleted")).toHaveLength(0);
    expect(emailsTo(CLINIC_INBOX, patron.reference, "Consent withdrawn")).toHaveLength(0);
  });

  it("answers a forged withdrawal link 404 and an expired one 410, with the clinic's phone", async () => {
    const patron = await book();
    const token = new URL(linkIn(patron.receipt, WITHDRAW)).pathname.split("/").pop()!;
    const forged = await fetch(`${site.url}/privacy/withdraw/${token.slice(0, -2)}xx`);
    expect(forged.status).toBe(404);
    expect(forged.headers.get("cache-control")).toBe("no-store");
    // A patron's appointment link is not a withdrawal link.
    const patronToken = signLink([linkKey(STAFF_LINK_SECRET)], "patron", patron.reference, new Date(Date.now() + 86_400_000));
    expect((await fetch(`${site.url}/privacy/withdraw/${patronToken}`)).status).toBe(404);
    const expired = await fetch(`${site.url}/privacy/withdraw/${signLink([linkKey(STAFF_LINK_SECRET)], "withdraw", patron.reference, new Date(Date.now() - 1000))}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("9620638388");
    expect((await stored(patron.reference)).request?.request).not.toBeNull();
  });
});

describe("staff erase a patron's details and read the audit trail from the command line", () => {
  it("erases at once, acknowledges, and the trail says what happened without a personal detail", async () => {
    const patron = await book();
    const erased = staffCommand("erase", patron.reference);
    expect(erased).toContain(`${patron.reference}: the patron's details are erased and the consultation is cancelled`);
    expect(staffCommand("erase", patron.reference)).toContain("already erased");

    const acknowledgement = await emailTo(patron.email, patron.reference, "Your details have been deleted");
    // Nothing was confirmed, so there is no invitation to take back.
    expect(calendarMethod(acknowledgement)).toBeUndefined();
    await emailTo(CLINIC_INBOX, patron.reference, "Consent withdrawn");
    await until(async () => (await stored(patron.reference)).emails.every((email) => email.status === "sent"), 15_000, "every email sent");

    const trail = staffCommand("audit", patron.reference);
    // The store's own start-up lines come first.
    const lines = trail.trim().split("\n").filter((line) => !line.startsWith("["));
    expect(lines[0]).toMatch(/request received · by the patron$/);
    expect(trail).toContain("email sent: receipt to the patron · by the site");
    expect(trail).toContain("email sent: request to the clinic · by the site");
    expect(trail).toMatch(/cancelled · by the clinic\n.*details erased · by the clinic/);
    expect(trail).toContain("email sent: details deleted, to the patron · by the site");
    expectNoDetailOf(patron, trail, "the audit trail");
    expect(staffCommand("audit", "DS-NONE-0000")).toContain("No record of DS-NONE-0000.");
  });
});

describe("the database never holds a patron's details in clear", () => {
  it("in the SQLite file and its WAL, after a booking and its emails", async () => {
    const patron = await book();
    await until(async () => (await stored(patron.reference)).emails.every((email) => email.status === "sent"), 15_000, "every email sent");
    const bytes = [database, `${database}-wal`]
      .filter((file) => fs.existsSync(file))
      .map((file) => fs.readFileSync(file).toString("latin1"))
      .join("\n");
    expect(bytes).toContain(patron.reference);
    expectNoDetailOf(patron, bytes, "the SQLite file or its WAL");
    // Still there for staff, through the key.
    expect((await stored(patron.reference)).request?.request?.email).toBe(patron.email);
  });

  describe("on PostgreSQL", () => {
    let postgres: RunningPostgres;
    let pgSite: RunningSite;
    let databaseUrl: string;

    beforeAll(async () => {
      postgres = await startPostgres();
      databaseUrl = await postgres.createDatabase();
      pgSite = await startSite({
        SMTP_URL: smtp.url,
        CLINIC_INBOX,
        STAFF_LINK_SECRET,
        DATA_ENCRYPTION_KEY,
        DATABASE_URL: databaseUrl,
        BOOKING_LIMIT: "off",
        BOOKING_MIN_SECONDS: "0",
      });
    });

    afterAll(async () => {
      await pgSite?.stop();
      await postgres?.stop();
    });

    it("in every row, read back with psql, after a booking, a decline and their emails", async () => {
      const fullName = "Postgres Patron Zeta";
      const email = "postgres-patron@example.test";
      const mobile = "9812345670";
      const reason = "Dark patches on both cheeks since the summer.";
      const reference = await bookOverHttp(pgSite.url, { fullName, email, mobile, reason, preferredDate: openDayAfter(20), timeWindow: "evening" });
      const request = await emailTo(CLINIC_INBOX, reference, "Tele (phone) consultation request");
      const page = await open(linkIn(request, "Confirm or reschedule"), false);
      const form = page.getByRole("region", { name: "Decline the request" });
      await form.getByLabel(/needs an examination in person/).check();
      await form.getByLabel(/Your own words to the patron/).fill("Please bring the cream Zeta used.");
      await Promise.all([page.waitForURL(/[?&]done=/), form.getByRole("button", { name: "Decline the request" }).click()]);
      await emailTo(email, reference, `Your consultation request ${reference} could not be confirmed`);

      const rows = ["consultation_requests", "outbox", "audit_events"]
        .map((table) => psql(databaseUrl, `SELECT t::text FROM ${table} t`))
        .join("\n");
      expect(rows).toContain(reference);
      for (const detail of [fullName, email, mobile, reason, "Please bring the cream Zeta used."]) {
        expect(rows.includes(detail), `PostgreSQL's rows hold "${detail}"`).toBe(false);
      }
    });
  });
});
