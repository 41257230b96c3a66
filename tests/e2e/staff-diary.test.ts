// The staff area's diary in Chromium, JavaScript off once signed in (only the passkey ceremony needs it): requests
// waiting, oldest first; the week's times with each appointment's patron, mode and number; an appointment opening
// the same actions as the email's page, which confirm it; blocking a day taking its free times off /book at once and
// unblocking putting them back, with the appointments a block covers listed; finding a request by reference, name
// or mobile.
import { spawnSync } from "node:child_process";
import path from "node:path";
import ICAL from "ical.js";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAppointmentDate } from "@/lib/india-time";
import { launchChromium } from "../support/browser";
import { bookOverHttp } from "../support/booking-http";
import { openDayAfter } from "../support/dates";
import { newDatabasePath, startSite, type RunningSite } from "../support/site";
import { device, enrol, inviteFromCommandLine, textOf } from "../support/staff-area";

const DATABASE_PATH = newDatabasePath();
const ENV = {
  DATABASE_PATH,
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
  STAFF_LINK_SECRET: "staff-diary-e2e-secret-0123456789abcdef",
  MAIL_DIR: path.join(path.dirname(DATABASE_PATH), "mail"),
  DELIVERY_LOOP: "off",
  BOOKING_LIMIT: "off",
  BOOKING_MIN_SECONDS: "0",
};

let site: RunningSite;
let browser: Browser;
/** Signed in, with JavaScript off. */
let staff: BrowserContext;
let page: Page;

/** The site as fetch reaches it: it listens on 127.0.0.1, named localhost. */
const direct = () => site.url.replace("localhost", "127.0.0.1");
/** The events of a calendar feed, read back with ical.js; undefined when the address opens nothing. */
async function feedEvents(link: string) {
  const response = await fetch(link.replace("localhost", "127.0.0.1"));
  if (response.status !== 200) return { status: response.status, events: undefined };
  expect(response.headers.get("content-type")).toMatch(/^text\/calendar/);
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
  const events = calendar.getAllSubcomponents("vevent").map((event) => ({
    uid: String(event.getFirstPropertyValue("uid")),
    summary: String(event.getFirstPropertyValue("summary")),
    description: String(event.getFirstPropertyValue("description")),
    status: String(event.getFirstPropertyValue("status")),
    sequence: Number(event.getFirstPropertyValue("sequence")),
    start: (event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate(),
  }));
  return { status: response.status, events };
}

const freeTimes = async (date: string) => ((await (await fetch(`${direct()}/book/times?date=${date}`)).json()) as { times: string[] }).times;

beforeAll(async () => {
  site = await startSite(ENV, { siteHost: "localhost" });
  browser = await launchChromium();
  const phone = await device(browser);
  await enrol(phone, inviteFromCommandLine(ENV, "Asha Rao", "asha@example.test", site.url), "Asha's phone");
  await phone.page.waitForURL(/\/staff\?done=enrolled/);
  staff = await browser.newContext({ javaScriptEnabled: false });
  await staff.addCookies(await phone.context.cookies());
  await phone.context.close();
  page = await staff.newPage();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** The day's section of the week on /staff. */
const daySection = (date: string) => page.locator("section.diary-day", { has: page.getByRole("heading", { name: formatAppointmentDate(date) }) }).first();

describe("the staff area's diary", () => {
  const date = openDayAfter(3);
  let kavya: string;
  let nikhil: string;

  beforeAll(async () => {
    kavya = await bookOverHttp(direct(), { fullName: "Kavya Menon", mobile: "+91 98450 12345", preferredDate: date, time: "11:20", timeWindow: undefined as unknown as string });
    nikhil = await bookOverHttp(direct(), { fullName: "Nikhil Rao", mobile: "+91 90080 55555", preferredDate: date, timeWindow: "evening" });
  });

  it("lists requests waiting oldest first and the week's times; an appointment opens the email page's actions, which confirm it", async () => {
    await page.goto(`${site.url}/staff?week=${date}`);
    const waiting = await page.locator(".request-list").first().locator("li").allTextContents();
    expect(waiting[0]).toContain("Kavya Menon");
    expect(waiting[0]).toContain(kavya);
    expect(waiting[1]).toContain("Nikhil Rao");

    const slot = daySection(date).locator("li.diary-slot", { hasText: "11:20 AM" });
    expect(await textOf(slot)).toMatch(/11:20 AM\s*Held, to confirm · Kavya Menon · phone · \+919845012345/);
    expect(await slot.getByRole("link", { name: "+919845012345" }).getAttribute("href")).toBe("tel:+919845012345");
    expect(await textOf(daySection(date).locator("li.diary-slot", { hasText: "11:40 AM" }))).toMatch(/Free/);

    await slot.getByRole("link", { name: "Kavya Menon" }).click();
    expect(page.url()).toBe(`${site.url}/staff/appointments/${kavya}`);
    await page.getByRole("button", { name: "Confirm 11:20 AM" }).click();
    expect(page.url()).toBe(`${site.url}/staff/appointments/${kavya}?done=confirmed`);
    expect(await textOf(page.getByRole("status"))).toMatch(/^Confirmed\./);

    // The audit trail names who confirmed it.
    const audit = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "lib/cli/outbox.ts", "audit", kavya], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, ...ENV, SITE_URL: site.url },
      encoding: "utf8",
    });
    expect(audit.stdout).toMatch(/Confirmed[^\n]* · by Asha Rao \(staff area\)/i);

    await page.goto(`${site.url}/staff?week=${date}`);
    expect(await textOf(daySection(date).locator("li.diary-slot", { hasText: "11:20 AM" }))).toMatch(/Confirmed · Kavya Menon/);
    const stillWaiting = await page.locator(".request-list").first().locator("li").allTextContents();
    expect(stillWaiting.join("\n")).not.toContain("Kavya Menon");
    expect(stillWaiting.join("\n")).toContain("Nikhil Rao");
  });

  it("blocking a day takes its free times off /book at once, listing the appointments it covers; unblocking puts them back", async () => {
    const before = await freeTimes(date);
    expect(before.length).toBeGreaterThan(0);
    expect(before).not.toContain("11:20");

    await page.goto(`${site.url}/staff?week=${date}`);
    await page.getByLabel("Date", { exact: true }).fill(date);
    await page.getByLabel("Reason").fill("Doctor on leave");
    await page.getByRole("button", { name: "Block time" }).click();
    expect(await textOf(page.getByRole("status"))).toMatch(/Blocked: patrons are no longer offered times in it/);
    const covered = await page.getByRole("status").getByRole("link").allTextContents();
    expect(covered).toEqual([kavya]);
    expect(await freeTimes(date)).toEqual([]);
    expect(await textOf(daySection(date).locator(".diary-block"))).toMatch(/Blocked all day: Doctor on leave \(blocked by Asha Rao\)/);
    // The confirmed appointment keeps its time, and shows under the block.
    expect(await textOf(daySection(date).locator("li.diary-slot", { hasText: "11:20 AM" }))).toMatch(/Confirmed · Kavya Menon/);

    await daySection(date).getByRole("button", { name: /^Unblock B-/ }).click();
    expect(await textOf(page.getByRole("status"))).toMatch(/^Unblocked/);
    expect(await freeTimes(date)).toEqual(before);
  });

  it("blocking some hours leaves the rest of the day's times offered", async () => {
    const before = await freeTimes(date);
    await page.goto(`${site.url}/staff?week=${date}`);
    await page.getByLabel("Date", { exact: true }).fill(date);
    await page.getByLabel("From (optional)").fill("16:00");
    await page.getByLabel("To (optional)").fill("17:00");
    await page.getByLabel("Reason").fill("Staff meeting");
    await page.getByRole("button", { name: "Block time" }).click();
    const after = await freeTimes(date);
    expect(after).toEqual(before.filter((time) => time < "16:00" || time >= "17:00"));
    expect(after.length).toBeLessThan(before.length);
  });

  it("finds a request by reference, by the patron's name and by mobile", async () => {
    for (const query of [nikhil.toLowerCase(), "nikhil", "90080 55555", "9008055555"]) {
      await page.goto(`${site.url}/staff?q=${encodeURIComponent(query)}`);
      const found = await page.locator(".request-list").nth(1).locator("li").allTextContents();
      expect(found, query).toHaveLength(1);
      expect(found[0], query).toContain("Nikhil Rao");
    }
    await page.goto(`${site.url}/staff?q=nobody`);
    expect(await textOf(page.getByText("Nothing found for “nobody”."))).toBeTruthy();
  });

  it("a member's private calendar follows a confirm, a move and a cancel, and a new address ends the old one", async () => {
    await page.goto(`${site.url}/staff`);
    await page.getByRole("button", { name: "Make a new calendar address" }).click();
    const link = (await textOf(page.getByRole("link", { name: /calendar/ }).filter({ hasText: ".ics" }))).replace(/^.*: /, "");
    expect(link).toMatch(/^http:\/\/localhost:\d+\/staff\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

    const uid = `${kavya}@consultation-requests`;
    const confirmed = (await feedEvents(link)).events!.find((event) => event.uid === uid)!;
    expect(confirmed).toMatchObject({ status: "CONFIRMED", summary: `Tele (phone) consultation: Kavya [${kavya}]` });
    expect(confirmed.start).toEqual(new Date(`${date}T11:20:00+05:30`));
    expect(confirmed.description).toContain(`/staff/appointments/${kavya}`);
    for (const text of ["Menon", "Itchy rash", "98450"]) expect(confirmed.description + confirmed.summary).not.toContain(text);

    await page.goto(`${site.url}/staff/appointments/${kavya}`);
    await page.getByLabel("Time (India time)").first().fill("12:00");
    await page.getByRole("button", { name: "Confirm the new time" }).click();
    const moved = (await feedEvents(link)).events!.find((event) => event.uid === uid)!;
    expect(moved.start).toEqual(new Date(`${date}T12:00:00+05:30`));
    expect(moved.sequence).toBeGreaterThan(confirmed.sequence);

    await page.getByRole("button", { name: "Cancel the appointment" }).click();
    expect((await feedEvents(link)).events!.map((event) => event.uid)).not.toContain(uid);

    await page.goto(`${site.url}/staff`);
    await page.getByRole("button", { name: "Make a new calendar address" }).click();
    const replaced = (await textOf(page.getByRole("link", { name: /calendar/ }).filter({ hasText: ".ics" }))).replace(/^.*: /, "");
    expect(replaced).not.toBe(link);
    expect((await feedEvents(link)).status).toBe(404);
    expect((await feedEvents(replaced)).status).toBe(200);
  });
});
