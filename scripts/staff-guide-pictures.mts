// Makes the pictures of the staff guide (docs/staff-guide/*.png) from the production build, so that they stay
// current: one made-up request booked, its email to the clinic, the staff page, a confirmation and the patron's email.
// Usage: npx next build && npm run docs:staff-guide
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressObject, ParsedMail } from "mailparser";
import type { Browser, Page } from "playwright-core";
import { escapeHtml } from "@/lib/html";
import { addDays, dayOfWeek, todayInIndia } from "@/lib/india-time";
import { bookOverHttp } from "../tests/support/booking-http";
import { launchChromium } from "../tests/support/browser";
import { startSite, type RunningSite } from "../tests/support/site";
import { clinicEmailAbout, startSmtpServer, type TestSmtpServer } from "../tests/support/smtp";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "docs", "staff-guide");
const WIDTH = 900;
const MAX_HEIGHT = 2000;
/** Shown in the pictures in place of the test site's local address, which changes with every run. */
const PUBLIC_SITE = "https://www.drdivyasharma.com";

const PATRON = {
  fullName: "Asha Rao",
  email: "asha.rao@example.com",
  mobile: "98765 43210",
  mode: "video",
  time: "17:20",
  reason: "Acne scars on both cheeks; I would like to know about microneedling.",
};

/** The first Monday-to-Saturday date at least two days after today in India. */
function preferredDate(): string {
  let date = addDays(todayInIndia(new Date()), 2);
  while (dayOfWeek(date) === 0) date = addDays(date, 1);
  return date;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string {
  return (Array.isArray(field) ? field : field ? [field] : []).map((address) => address.text).join(", ");
}

/** The email as a mail client shows it: its headers in a block, and its HTML below. */
function mailClientPage(mail: ParsedMail, siteUrl: string): string {
  if (!mail.html) throw new Error(`The email "${mail.subject}" has no HTML body.`);
  const headers: [string, string][] = [
    ["From", mail.from?.text ?? ""],
    ["To", addresses(mail.to)],
    ...(mail.replyTo ? ([["Reply-To", mail.replyTo.text]] as [string, string][]) : []),
    ["Subject", mail.subject ?? ""],
  ];
  // A calendar invitation is both an alternative body and a named file; clients show the file.
  const files = mail.attachments.flatMap((attachment) => (attachment.filename ? [attachment.filename] : []));
  if (files.length) headers.push(["Attached", files.join(", ")]);
  return `<!doctype html>
<html><head><style>
  body { margin: 0; padding-bottom: 16px; font-family: system-ui, sans-serif; background: #fff; }
  table { width: 100%; background: #f1f3f4; border-bottom: 1px solid #d0d4d8; padding: 12px 14px; font-size: 14px; color: #333; }
  th { width: 80px; padding: 2px 6px; text-align: left; vertical-align: top; color: #666; font-weight: 600; }
  td { padding: 2px 6px; }
  .subject td { font-size: 17px; color: #111; font-weight: 600; }
  iframe { display: block; width: 100%; border: 0; padding: 0 12px; box-sizing: border-box; }
</style></head><body>
<table>
${headers.map(([name, value]) => `<tr${name === "Subject" ? ' class="subject"' : ""}><th>${name}</th><td>${escapeHtml(value)}</td></tr>`).join("\n")}
</table>
<iframe title="Message" srcdoc="${escapeHtml(mail.html.replaceAll(siteUrl, PUBLIC_SITE))}"></iframe>
</body></html>`;
}

/** Lays out the email and fits its frame to its content; returns the frame, to look inside. */
async function showEmail(page: Page, mail: ParsedMail, siteUrl: string) {
  await page.setContent(mailClientPage(mail, siteUrl), { waitUntil: "load" });
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  if (!frame) throw new Error("The email's frame did not load.");
  const height = await frame.evaluate(() => document.documentElement.scrollHeight);
  await page.locator("iframe").evaluate((element, pixels) => ((element as HTMLIFrameElement).style.height = `${pixels}px`), height);
  return frame;
}

const written: string[] = [];

/**
 * A full-page PNG as tall as the content (not the window), at most MAX_HEIGHT: a longer page is cut below the last
 * block of its main content (a heading, paragraph, form part) that fits, so that no field is cut in half.
 */
async function screenshot(page: Page, name: string): Promise<void> {
  const { height, cut } = await page.evaluate((max) => {
    const height = document.body.scrollHeight;
    const blocks = document.querySelectorAll("main > *, main section > *, main form > *, main fieldset > *");
    const bottoms = [...blocks].map((block) => block.getBoundingClientRect().bottom + window.scrollY).filter((bottom) => bottom <= max - 24);
    return { height, cut: bottoms.length ? Math.ceil(Math.max(...bottoms)) + 24 : max };
  }, MAX_HEIGHT);
  const file = path.join(OUT, name);
  await page.screenshot({
    path: file,
    type: "png",
    fullPage: true,
    clip: { x: 0, y: 0, width: WIDTH, height: height > MAX_HEIGHT ? cut : height },
  });
  if (height > MAX_HEIGHT) console.warn(`${name}: the page is ${height} px tall; cut at ${cut} px`);
  written.push(file);
}

const temp = fs.mkdtempSync(path.join(os.tmpdir(), "staff-guide-"));
let smtp: TestSmtpServer | undefined;
let site: RunningSite | undefined;
let browser: Browser | undefined;
try {
  smtp = await startSmtpServer();
  site = await startSite({
    SMTP_URL: smtp.url,
    STAFF_LINK_SECRET: "staff-guide-pictures-secret-0123456789ab",
    DATABASE_PATH: path.join(temp, "clinic.db"),
    VIDEO_LINK: "https://meet.example.com/drdivyasharma",
    // The request is posted at once, not typed in: no minimum fill time.
    BOOKING_MIN_SECONDS: "0",
  });
  const reference = await bookOverHttp(site.url, { ...PATRON, preferredDate: preferredDate() });
  const clinicEmail = await smtp.waitForMessage(clinicEmailAbout(reference), 30_000);

  fs.mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") console.warn(`[browser] ${message.text()}`);
  });
  page.on("pageerror", (error) => console.warn(`[browser] ${error.message}`));

  // 1. The clinic's email about the request.
  const emailFrame = await showEmail(page, clinicEmail, site.url);
  // The picture shows the public address; the page is opened on the test site.
  const staffLink = (await emailFrame.locator("a", { hasText: "Confirm" }).first().getAttribute("href"))?.replace(PUBLIC_SITE, site.url);
  if (!staffLink) throw new Error("The clinic's email has no link to confirm the request.");
  await screenshot(page, "1-clinic-email.png");

  // 2. The staff page that link opens.
  const response = await page.goto(staffLink);
  if (response?.status() !== 200) throw new Error(`The staff page answered ${response?.status()}: ${staffLink}`);
  await screenshot(page, "2-staff-page.png");

  // 3. A time confirmed on it.
  const confirmForm = page.locator("form", { has: page.getByRole("button", { name: "Confirm this time" }) });
  await confirmForm.getByLabel("Time (India time)", { exact: true }).fill("17:30");
  await confirmForm.getByRole("button", { name: "Confirm this time" }).click();
  await page.getByRole("status").filter({ hasText: "Confirmed." }).waitFor({ timeout: 15_000 });
  await screenshot(page, "3-confirmed.png");

  // 4. The patron's confirmation.
  const patronEmail = await smtp.waitForMessage(
    (mail) => (mail.subject?.startsWith("Confirmed:") ?? false) && addresses(mail.to).includes(PATRON.email),
    30_000,
  );
  await showEmail(page, patronEmail, site.url);
  await screenshot(page, "4-patron-confirmation.png");
} catch (error) {
  if (site) console.error(`The site's output:\n${site.output()}`);
  throw error;
} finally {
  await browser?.close();
  await site?.stop();
  await smtp?.close();
  fs.rmSync(temp, { recursive: true, force: true });
}

for (const file of written) {
  console.log(`${path.relative(ROOT, file)}  ${(fs.statSync(file).size / 1024).toFixed(1)} KB`);
}
