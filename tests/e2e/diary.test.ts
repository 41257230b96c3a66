// The diary as patrons and the clinic meet it on the production build, with Chromium and a real SMTP server: the free
// times load beside the date with JavaScript on and come back with "Show free times" without it; a time picked is held,
// named on the receipt and in the clinic's email, and no longer offered; ten patrons sending the same time at once
// through two servers behind deploy/nginx.conf on PostgreSQL get one receipt and nine "just taken"; a day staff block
// (`npm run diary -- block`) offers nothing and points to the next day that has free times. Each test has a date of its
// own, so what one holds does not show in another.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openBookingPage, postBooking, receivedReference as referenceIn } from "../support/booking-http";
import { hydrated, launchChromium } from "../support/browser";
import { openDayAfter } from "../support/dates";
import { deployConfig, startNginx, type RunningNginx } from "../support/nginx";
import { psql, startPostgres, type RunningPostgres } from "../support/postgres";
import { freePort, newDatabasePath, startSite, type RunningSite } from "../support/site";
import { clinicEmailAbout, startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { until } from "../support/until";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CLINIC_INBOX = "clinic-inbox@example.test";
/** This machine may be running other tests at the same time: a patron's click may take a while to be answered. */
const PATIENCE_MS = 60_000;

let smtp: TestSmtpServer;
let site: RunningSite;
let database: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  database = newDatabasePath();
  site = await startSite({
    SMTP_URL: smtp.url,
    CLINIC_INBOX,
    DATABASE_PATH: database,
    // These tests book several times from one address, and fill the form faster than a person.
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

// ---- Dates and times as patrons read them ----------------------------------------------------------------------

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function parts(date: string) {
  const [year, month, day] = date.split("-").map(Number);
  return { year, month: MONTHS[month - 1], day, weekday: WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()] };
}

/** "Monday, 7 Dec 2026", as the form and the receipt write a date. */
function dateLabel(date: string): string {
  const { year, month, day, weekday } = parts(date);
  return `${weekday}, ${day} ${month} ${year}`;
}

/** "Mon 7 Dec", as the clinic's email subject writes a date. */
function shortDate(date: string): string {
  const { month, day, weekday } = parts(date);
  return `${weekday.slice(0, 3)} ${day} ${month}`;
}

/** The day after `date`, as YYYY-MM-DD. */
function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

// ---- The booking form ------------------------------------------------------------------------------------------

async function openForm(url: string, javaScript: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  contexts.push(context);
  context.setDefaultTimeout(PATIENCE_MS);
  const page = await context.newPage();
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  if (javaScript) await hydrated(page.locator("form.booking-form"));
  return page;
}

interface Patron {
  name: string;
  mobile: string;
  email: string;
}

const patron = (name: string, n: number): Patron => ({
  name,
  mobile: `98450 ${String(10000 + n).slice(-5)}`,
  email: `${name.toLowerCase().replace(/\W+/g, ".")}@example.test`,
});

const REASON = "Dark patches on the cheeks since the summer.";

/** Everything but the date and the time, as a patron answers a phone consultation. */
async function answerTheRest(page: Page, { name, mobile, email }: Patron): Promise<void> {
  await page.getByLabel("Full name", { exact: true }).fill(name);
  await page.getByLabel("Mobile number", { exact: true }).fill(mobile);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Tele consultation (phone call)", { exact: true }).check();
  await page.getByLabel("Reason for consultation", { exact: true }).fill(REASON);
  await page.getByLabel(/I agree that the clinic may contact me/).check();
}

/** The time field, "Time (India time)". */
const timeField = (page: Page) => page.getByRole("group", { name: "Time (India time)", exact: true });

/** The radio for `time` ("11:20 AM") under the part of the day `part`. */
const timeChoice = (page: Page, part: "Morning" | "Afternoon" | "Evening", time: string) =>
  timeField(page).getByRole("group", { name: part, exact: true }).getByRole("radio", { name: time, exact: true });

/** The times the form offers, as written beside their radios, without the last choice (to be called). */
async function offeredTimes(page: Page): Promise<string[]> {
  const labels = await timeField(page).locator("label").allInnerTexts();
  return labels.map((label) => label.trim()).filter((label) => !label.startsWith("None of these times"));
}

const receiptText = (page: Page) => page.locator(".receipt").innerText();

async function receivedReference(page: Page): Promise<string> {
  const reference = (await page.locator(".receipt__reference strong").textContent()) ?? "";
  expect(reference).toMatch(/^DS-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  return reference;
}

/** The clinic's emails that name `when` ("Mon 7 Dec, 11:20 AM") in their subject. */
const clinicEmailsAt = (server: TestSmtpServer, when: string) =>
  server.messages.filter((mail) => (mail.subject ?? "").includes(`: ${when} – `) && !mail.subject!.startsWith("Your consultation request"));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- The tests -------------------------------------------------------------------------------------------------

describe("picking a free time", () => {
  it("loads the date's free times without a reload, holds the time picked, and no longer offers it (JavaScript on)", async () => {
    const date = openDayAfter(10);
    const page = await openForm(`${site.url}/book`, true);
    await page.evaluate(() => Object.assign(window, { samePage: true }));
    const timesAsked: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/book/times")) timesAsked.push(new URL(request.url()).search);
    });
    await expect(timeField(page).innerText()).resolves.toContain("Choose a date to see its free times.");

    const kavya = patron("Kavya Menon", 1);
    await answerTheRest(page, kavya);
    await page.getByLabel("Preferred date", { exact: true }).fill(date);
    await timeChoice(page, "Morning", "11:20 AM").waitFor();

    // The same page, its script still running: the times came from GET /book/times, not from a new page.
    await expect(page.evaluate(() => (window as { samePage?: boolean }).samePage)).resolves.toBe(true);
    expect(timesAsked).toEqual([`?date=${date}`]);
    await expect(timeField(page).innerText()).resolves.toContain(`Free times on ${dateLabel(date)}.`);
    const times = await offeredTimes(page);
    expect(times[0]).toBe("10:00 AM");
    expect(times.at(-1)).toBe("6:40 PM");
    expect(times).toContain("11:20 AM");
    await expect(timeChoice(page, "Afternoon", "2:00 PM").count()).resolves.toBe(1);
    await expect(timeChoice(page, "Evening", "5:00 PM").count()).resolves.toBe(1);
    await expect(timeField(page).getByRole("radio", { name: /None of these times suits me: ask the clinic to call/ }).count()).resolves.toBe(1);

    await timeChoice(page, "Morning", "11:20 AM").check();
    await page.getByRole("button", { name: "Send request" }).click();
    await page.getByRole("heading", { name: "Request received" }).waitFor();
    const reference = await receivedReference(page);
    await expect(receiptText(page)).resolves.toContain(
      `Thank you, Kavya Menon. ${dateLabel(date)}, 11:20 AM is held for you; the clinic will confirm it by email.`,
    );
    await expect(receiptText(page)).resolves.toContain("11:20 AM (India time), held for you");

    const mail = await smtp.waitForMessage(clinicEmailAbout(reference), PATIENCE_MS);
    expect(mail.subject).toBe(`Tele (phone) consultation request: ${shortDate(date)}, 11:20 AM – Kavya Menon [${reference}]`);

    // Another patron, choosing the same date: the consultation held runs 11:20 to 11:40, so the times either side remain.
    const later = await openForm(`${site.url}/book`, true);
    await later.getByLabel("Preferred date", { exact: true }).fill(date);
    await timeChoice(later, "Morning", "11:40 AM").waitFor();
    const left = await offeredTimes(later);
    expect(left).not.toContain("11:20 AM");
    expect(left).toEqual(expect.arrayContaining(["11:00 AM", "11:40 AM"]));
    expect(left).toHaveLength(times.length - 1);
    const json = (await (await fetch(`${site.url}/book/times?date=${date}`)).json()) as { times: string[] };
    expect(json.times).not.toContain("11:20");
    expect(json.times).toContain("11:40");
  }, 180_000);

  it("loads the free times of a date chosen before the page's script arrived (a slow phone)", async () => {
    const date = openDayAfter(12);
    const context = await browser.newContext();
    contexts.push(context);
    context.setDefaultTimeout(PATIENCE_MS);
    const page = await context.newPage();
    // The page's script is held back until the patron has chosen a date.
    let release!: () => void;
    const chosen = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/_next/static/**/*.js", async (route) => {
      await chosen;
      await route.continue();
    });
    await page.goto(`${site.url}/book`, { waitUntil: "domcontentloaded" });
    await page.getByLabel("Preferred date", { exact: true }).fill(date);
    release();
    await hydrated(page.locator("form.booking-form"));

    await timeChoice(page, "Morning", "11:20 AM").waitFor();
    await expect(timeField(page).innerText()).resolves.toContain(`Free times on ${dateLabel(date)}.`);
  }, 120_000);

  it("shows the free times with every answer kept when the patron presses \"Show free times\" (JavaScript off)", async () => {
    const date = openDayAfter(14);
    const page = await openForm(`${site.url}/book`, false);
    const farida = patron("Farida Khan", 2);
    await page.getByLabel("Full name", { exact: true }).fill(farida.name);
    await page.getByLabel("Mobile number", { exact: true }).fill(farida.mobile);
    await page.getByLabel("Preferred date", { exact: true }).fill(date);
    await expect(offeredTimes(page)).resolves.toEqual([]);

    await page.getByRole("button", { name: "Show free times" }).click();
    await timeChoice(page, "Afternoon", "2:00 PM").waitFor();
    // The answers travelled in the POST's body (the reason is health information), not in the address.
    expect(page.url()).toBe(`${site.url}/book`);
    await expect(page.getByLabel("Full name", { exact: true }).inputValue()).resolves.toBe(farida.name);
    await expect(page.getByLabel("Mobile number", { exact: true }).inputValue()).resolves.toBe(farida.mobile);
    await expect(page.getByLabel("Preferred date", { exact: true }).inputValue()).resolves.toBe(date);
    await expect(timeField(page).innerText()).resolves.toContain(`Free times on ${dateLabel(date)}.`);
    await expect(page.locator(".error-summary").count()).resolves.toBe(0);
    await expect(offeredTimes(page)).resolves.toContain("11:20 AM");

    await answerTheRest(page, farida);
    await timeChoice(page, "Afternoon", "2:00 PM").check();
    await page.getByRole("button", { name: "Send request" }).click();
    await page.getByRole("heading", { name: "Request received" }).waitFor();
    const reference = await receivedReference(page);
    await expect(receiptText(page)).resolves.toContain(
      `Thank you, Farida Khan. ${dateLabel(date)}, 2:00 PM is held for you; the clinic will confirm it by email.`,
    );
    const mail = await smtp.waitForMessage(clinicEmailAbout(reference), PATIENCE_MS);
    expect(mail.subject).toContain(`${shortDate(date)}, 2:00 PM – Farida Khan`);
    // Showing the times stored nothing: this is Farida's one request.
    await pause(2_000);
    expect(smtp.messages.filter((each) => each.subject?.includes("Farida Khan"))).toHaveLength(1);
  }, 180_000);

  it("answers a date that is not one with a clear message, never an error page", async () => {
    for (const garbage of ["garbage", "2026-02-31", "31/12/2026", "", "%00", "<script>alert(1)</script>", "9999-99-99"]) {
      const response = await fetch(`${site.url}/book?date=${encodeURIComponent(garbage)}`);
      expect(response.status, garbage).toBe(200);
      const html = await response.text();
      expect(html, garbage).toContain("Choose the date you would like for the consultation");
      expect(html, garbage).toMatch(/The next day with free times is \w+day, \d+ \w{3} \d{4}/);
      expect(html, garbage).not.toContain("<script>alert(1)</script>");

      const times = await fetch(`${site.url}/book/times?date=${encodeURIComponent(garbage)}`);
      expect(times.status, garbage).toBe(200);
      expect(times.headers.get("content-type"), garbage).toContain("application/json");
      expect(times.headers.get("cache-control"), garbage).toContain("no-store");
      const body = (await times.json()) as { times: string[]; problem?: string };
      expect(body.times, garbage).toEqual([]);
      expect(body.problem, garbage).toBe("Choose the date you would like for the consultation");
    }
    // Asked twice, or not at all, the form simply opens.
    for (const query of ["date=2026-12-01&date=2026-12-02", "date", "other=1"]) {
      const response = await fetch(`${site.url}/book?${query}`);
      expect(response.status, query).toBe(200);
      await expect(response.text()).resolves.toContain("Send request");
    }
    const bare = await fetch(`${site.url}/book/times`);
    expect(bare.status).toBe(200);
    await expect(bare.json()).resolves.toMatchObject({ times: [] });
  });
});

describe("a day the clinic blocked", () => {
  /** Blocks a whole day as staff do on the server: `npm run diary -- block DATE "reason"`, on the site's database. */
  function blockDay(date: string, reason: string): string {
    const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "lib/cli/diary.ts", "block", date, reason], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, DATABASE_PATH: database },
    });
    if (run.status !== 0) throw new Error(`npm run diary -- block ${date} failed:\n${run.stderr}`);
    return run.stdout;
  }

  it("offers no time on it, says so, and offers the next day that has free times", async () => {
    const blocked = openDayAfter(18);
    const next = openDayAfter(0, new Date(Date.parse(`${dayAfter(blocked)}T12:00:00+05:30`)));
    const said = blockDay(blocked, "Clinic holiday");
    expect(said).toContain(`Blocked all of ${dateLabel(blocked)} (Clinic holiday)`);

    const page = await openForm(`${site.url}/book`, true);
    const meena = patron("Meena Pillai", 3);
    await answerTheRest(page, meena);
    await page.getByLabel("Preferred date", { exact: true }).fill(blocked);
    const field = timeField(page);
    await field.getByText(`No free times on ${dateLabel(blocked)}.`).waitFor();
    await expect(field.innerText()).resolves.toContain(`The next day with free times is ${dateLabel(next)}.`);
    await expect(offeredTimes(page)).resolves.toEqual([]);
    // Only the choice to be called is left.
    await expect(field.getByRole("radio").count()).resolves.toBe(1);

    // The patron takes the offer: the next day's times, with every answer kept.
    await field.getByRole("button", { name: `Show ${dateLabel(next)}`, exact: true }).click();
    await timeChoice(page, "Morning", "10:00 AM").waitFor();
    await expect(field.innerText()).resolves.toContain(`Free times on ${dateLabel(next)}.`);
    await expect(page.getByLabel("Preferred date", { exact: true }).inputValue()).resolves.toBe(next);
    await expect(page.getByLabel("Full name", { exact: true }).inputValue()).resolves.toBe(meena.name);
    await expect(page.getByLabel("Reason for consultation", { exact: true }).inputValue()).resolves.toBe(REASON);

    // The same without JavaScript.
    const plain = await openForm(`${site.url}/book?date=${blocked}`, false);
    await expect(timeField(plain).innerText()).resolves.toContain(`No free times on ${dateLabel(blocked)}.`);
    await expect(timeField(plain).getByRole("button", { name: `Show ${dateLabel(next)}`, exact: true }).count()).resolves.toBe(1);
    const times = (await (await fetch(`${site.url}/book/times?date=${blocked}`)).json()) as { times: string[]; nextDate?: string };
    expect(times).toMatchObject({ times: [], nextDate: next });

    // A time on it sent anyway (a form opened before the block, or a script) is refused beside the time field.
    const sent = await postBooking(site.url, await openBookingPage(site.url), { fullName: "Blocked Bina", preferredDate: blocked, time: "11:20" });
    expect(sent.status).toBe(200);
    expect(referenceIn(sent.html)).toBeUndefined();
    expect(sent.html).toMatch(/<p id="time-error"[^>]*>The clinic is not taking consultations at that time: choose another time<\/p>/);
    expect(sent.html).toContain('value="Blocked Bina"');
  }, 180_000);
});

describe("ten patrons sending the same time at once, through two servers behind nginx on one PostgreSQL", () => {
  let postgres: RunningPostgres;
  let databaseUrl: string;
  let mail: TestSmtpServer;
  let proxy: RunningNginx;
  let upstreamLog: string;
  const servers: RunningSite[] = [];

  beforeAll(async () => {
    [postgres, mail] = await Promise.all([startPostgres(), startSmtpServer()]);
    databaseUrl = await postgres.createDatabase();
    // The proxy's port first, so that both servers know their public address.
    const proxyPort = await freePort();
    const started = await Promise.allSettled(
      [0, 1].map(() =>
        startSite({
          SITE_URL: `http://127.0.0.1:${proxyPort}`,
          TRUSTED_PROXY: "true",
          SMTP_URL: mail.url,
          CLINIC_INBOX,
          DATABASE_URL: databaseUrl,
          BOOKING_LIMIT: "off",
          BOOKING_MIN_SECONDS: "0",
        }),
      ),
    );
    for (const result of started) if (result.status === "fulfilled") servers.push(result.value);
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    const ports = servers.map((server) => Number(new URL(server.url).port)) as [number, number];
    proxy = await startNginx((listenPort, dir) => {
      upstreamLog = path.join(dir, "upstreams.log");
      return (
        `log_format upstreams '$request_method $uri $msec $request_time $upstream_addr';\n` +
        `access_log ${upstreamLog} upstreams;\n` +
        deployConfig({ listenPort, nextPorts: ports, cacheDir: path.join(dir, "cache") })
      );
    }, proxyPort);
  }, 180_000);

  afterAll(async () => {
    await proxy?.stop();
    for (const server of servers) await server.stop();
    await mail?.close();
    await postgres?.stop();
  });

  it("gives one patron the time and tells the nine others, beside the time field, that it was just taken, every answer kept", async () => {
    const date = openDayAfter(22);
    const when = `${shortDate(date)}, 3:00 PM`;
    // Half with JavaScript (the form calls the server action), half without (the browser posts the form).
    const patrons = Array.from({ length: 10 }, (_, i) => ({ ...patron(`Racing Patron ${"ABCDEFGHIJ"[i]}`, 10 + i), javaScript: i % 2 === 0 }));
    const pages = await Promise.all(
      patrons.map(async (each) => {
        const page = await openForm(`${proxy.url}/book?date=${date}`, each.javaScript);
        await answerTheRest(page, each);
        await timeChoice(page, "Afternoon", "3:00 PM").check();
        return page;
      }),
    );

    // Each browser's post is held back until all ten are on their way, then they go together.
    const held: Route[] = [];
    let releaseAll = () => {};
    const allHeld = new Promise<void>((resolve) => (releaseAll = resolve));
    for (const page of pages) {
      await page.route(
        (url) => url.pathname === "/book",
        async (route) => {
          if (route.request().method() !== "POST") return route.fallback();
          if (held.push(route) === pages.length) releaseAll();
          await allHeld;
          await route.continue();
        },
      );
    }
    await Promise.all(pages.map((page) => page.getByRole("button", { name: "Send request" }).click()));
    const outcomes = await Promise.all(
      pages.map(async (page) => {
        await page.locator("#receipt-heading, #time-error:not([hidden])").first().waitFor({ timeout: 2 * PATIENCE_MS });
        return (await page.locator("#receipt-heading").count()) > 0 ? "received" : "taken";
      }),
    );

    expect(outcomes.filter((outcome) => outcome === "received")).toHaveLength(1);
    // A race indeed: both servers took posts, and they were under way together (each as nginx logged it: when it
    // ended and how long it took, in seconds).
    const posts = fs
      .readFileSync(upstreamLog, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("POST /book "))
      .map((line) => {
        const [, , end, took, upstream] = line.split(" ");
        return { start: Number(end) - Number(took), end: Number(end), upstream };
      });
    expect(posts).toHaveLength(10);
    for (const server of servers) expect(posts.some(({ upstream }) => upstream.endsWith(`:${new URL(server.url).port}`))).toBe(true);
    // The most posts under way at one instant: one of them began when as many others had begun and none had ended.
    const together = Math.max(...posts.map(({ start }) => posts.filter((other) => other.start <= start && other.end > start).length));
    const spread = Math.max(...posts.map(({ start }) => start)) - Math.min(...posts.map(({ start }) => start));
    console.info(`[figure] 10 posts of one time began within ${Math.round(spread * 1000)} ms; at most ${together} were under way together`);
    expect(together).toBeGreaterThanOrEqual(5);

    const winner = outcomes.indexOf("received");
    const reference = await receivedReference(pages[winner]);
    await expect(receiptText(pages[winner])).resolves.toContain(`${dateLabel(date)}, 3:00 PM is held for you`);

    for (const [i, page] of pages.entries()) {
      if (i === winner) continue;
      const who = patrons[i].name;
      const error = page.locator("#time-error");
      // Next to the other free times nearest it: the held consultation runs 3:00 to 3:20 PM.
      await expect(error.innerText(), who).resolves.toBe(
        "3:00 PM was just taken by another patron: choose another time. The nearest free times that day: 2:20 PM, 2:40 PM, 3:20 PM.",
      );
      await expect(timeField(page).getAttribute("aria-describedby"), who).resolves.toContain("time-error");
      await expect(page.getByLabel("Full name", { exact: true }).inputValue(), who).resolves.toBe(who);
      await expect(page.getByLabel("Email", { exact: true }).inputValue(), who).resolves.toBe(patrons[i].email);
      await expect(page.getByLabel("Reason for consultation", { exact: true }).inputValue(), who).resolves.toBe(REASON);
      await expect(page.getByLabel("Tele consultation (phone call)", { exact: true }).isChecked(), who).resolves.toBe(true);
      await expect(page.getByLabel(/I agree that the clinic may contact me/).isChecked(), who).resolves.toBe(true);
      const left = await offeredTimes(page);
      expect(left, who).not.toContain("3:00 PM");
      expect(left, who).toContain("3:20 PM");
    }

    // One request stored, and one email to the clinic for that time.
    await mail.waitForMessage(clinicEmailAbout(reference), PATIENCE_MS);
    await until(() => mail.messages.length >= 2, PATIENCE_MS, "the patron's receipt too");
    await pause(6_000);
    expect(clinicEmailsAt(mail, when).map((each) => each.subject)).toEqual([
      `Tele (phone) consultation request: ${when} – ${patrons[winner].name} [${reference}]`,
    ]);
    expect(mail.messages).toHaveLength(2);
    expect(psql(databaseUrl, "SELECT count(*) FROM consultation_requests")).toBe("1");
  }, 300_000);
});
