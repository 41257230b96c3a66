// `npm run bench:confirm`: what staff wait for when they confirm a request from the clinic's email, in Chromium with
// JavaScript off and on: opening the staff page from the link, pressing "Confirm this time" until the page shows the
// confirmation, and until the patron's confirmation (with its invitation) reaches the mail server. One member of
// staff at a time, against the production build (`npm run build` first) on SQLite with a local SMTP server. Prints a
// table and writes it into docs/benchmarks.md as the "## Confirming from the email" section.
import type { Page } from "playwright-core";
import { addDays, dayOfWeek, formatClockTime, todayInIndia } from "@/lib/india-time";
import { bookOverHttp } from "../support/booking-http";
import { launchChromium } from "../support/browser";
import { startSite } from "../support/site";
import { clinicEmailAbout, linkIn, startSmtpServer } from "../support/smtp";
import { describeMachine, markdownTable, percentile, writeBenchmarkSections } from "./benchmarks-file.mjs";

const CONFIRMS = Number(process.env.CONFIRMS ?? 40);
const WARM_UP = Number(process.env.WARM_UP ?? 5);
const SLOTS_A_DAY = 24; // 10:00 to 18:00, every 20 minutes: no two confirmations overlap.

interface Timing {
  open: number;
  answer: number;
  email: number;
}

/** Distinct consultation slots, day after day from tomorrow, Monday to Saturday. */
function slots(count: number): { date: string; time: string }[] {
  const found: { date: string; time: string }[] = [];
  let date = todayInIndia(new Date());
  while (found.length < count) {
    date = addDays(date, 1);
    if (dayOfWeek(date) === 0) continue;
    for (let slot = 0; slot < SLOTS_A_DAY && found.length < count; slot++) {
      const minutes = 10 * 60 + slot * 20;
      found.push({ date, time: `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}` });
    }
  }
  return found;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

const smtp = await startSmtpServer();
const site = await startSite({
  SMTP_URL: smtp.url,
  STAFF_LINK_SECRET: "confirm-benchmark-secret-0123456789abcdef",
  BOOKING_LIMIT: "off",
  BOOKING_MIN_SECONDS: "0",
});
const browser = await launchChromium();
const rows: string[][] = [];
try {
  const total = 2 * (WARM_UP + CONFIRMS);
  const times = slots(total);
  const requests: { reference: string; staffLink: string; date: string; time: string }[] = [];
  for (const slot of times) {
    const reference = await bookOverHttp(site.url, { preferredDate: slot.date });
    const staffLink = linkIn(await smtp.waitForMessage(clinicEmailAbout(reference)), "Confirm or reschedule");
    requests.push({ reference, staffLink, ...slot });
  }

  for (const javaScript of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    const page: Page = await context.newPage();
    const timings: Timing[] = [];
    for (const [index, { reference, staffLink, date, time }] of requests.splice(0, WARM_UP + CONFIRMS).entries()) {
      const opened = performance.now();
      await page.goto(staffLink);
      const open = performance.now() - opened;
      const form = page.locator("section", { has: page.getByRole("heading", { name: "Confirm a time" }) });
      await form.getByLabel("Date").fill(date);
      await form.getByLabel("Time (India time)").fill(time);
      const pressed = performance.now();
      await form.getByRole("button", { name: "Confirm this time" }).click();
      await page.getByText("Confirmed for").waitFor();
      const answer = performance.now() - pressed;
      const confirmation = await smtp.waitForMessage(
        (mail) => (mail.subject ?? "").startsWith("Confirmed: your") && (mail.subject ?? "").includes(reference),
      );
      if (!confirmation.subject?.includes(formatClockTime(time))) throw new Error(`confirmed at another time: ${confirmation.subject}`);
      const email = smtp.arrivedAt[smtp.messages.indexOf(confirmation)] - pressed;
      if (index >= WARM_UP) timings.push({ open, answer, email });
    }
    await context.close();
    const figures = (pick: (timing: Timing) => number) => {
      const values = sorted(timings.map(pick));
      return [percentile(values, 50), percentile(values, 99)].map((value) => value.toFixed(0)).join(" / ");
    };
    rows.push([
      javaScript ? "on (the page's script calls the action)" : "off (the browser posts the form)",
      figures((timing) => timing.open),
      figures((timing) => timing.answer),
      figures((timing) => timing.email),
    ]);
  }
} finally {
  await browser.close();
  await site.stop();
  await smtp.close();
}

const table = markdownTable(
  ["JavaScript", "open the staff page", "press Confirm until the page says so", "press Confirm until the patron's confirmation reaches the mail server"],
  1,
  rows,
);
console.log(table.join("\n"));
writeBenchmarkSections(
  [
    "## Confirming from the email",
    "",
    ...describeMachine(["SQLite (the default store)", "Debian's Chromium"]).map((line) => `- ${line}`),
    "",
    `One member of staff confirms ${CONFIRMS} requests one after another, each at its own time, from the link in the ` +
      `clinic's email, in Chromium with JavaScript off and then on (${WARM_UP} untimed first, each way). The page's ` +
      "answer is the POST, the redirect and the page it shows; the patron's confirmation is sent by the pass that runs " +
      "after the answer, not by the 5-second loop. Figures are p50 / p99 in milliseconds.",
    "",
    ...table,
    "",
  ].join("\n"),
);
