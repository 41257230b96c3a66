// A patron who books in Kannada or Hindi hears back in that language: the built site, a real SMTP server and
// Chromium with JavaScript off. The patron books at /kn/book or /hi/book; staff act from the link in the clinic's
// email (in English, naming the patron's language); the email the patron then gets is in their language, its date
// written in it, and its link opens their page in it.
import type { ParsedMail } from "mailparser";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { openDayAfter } from "../support/dates";
import { startSite, type RunningSite } from "../support/site";
import { linkIn, startSmtpServer, type TestSmtpServer } from "../support/smtp";

const CLINIC_INBOX = "clinic-inbox@example.test";
/** The machine running this is shared and slow: an email may take a while to come. */
const EMAIL_WAIT_MS = 60_000;

let smtp: TestSmtpServer;
let site: RunningSite;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  site = await startSite({
    SMTP_URL: smtp.url,
    CLINIC_INBOX,
    STAFF_LINK_SECRET: "languages-emails-e2e-secret-0123456789abcdef",
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

const sentTo = (mail: ParsedMail, address: string) => [mail.to ?? []].flat().some((to) => to.value.some((one) => one.address === address));

/** Waits for the email about `reference` to `address` whose subject starts with `subject`. */
const emailTo = (address: string, reference: string, subject: string) =>
  smtp.waitForMessage((mail) => sentTo(mail, address) && (mail.subject ?? "").includes(reference) && mail.subject!.startsWith(subject), EMAIL_WAIT_MS);

async function open(url: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  contexts.push(context);
  const page = await context.newPage();
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  return page;
}

const WORDS = {
  kn: { send: "ಕೋರಿಕೆ ಕಳುಹಿಸಿ", received: "ಕೋರಿಕೆ ತಲುಪಿದೆ", dear: "ಆತ್ಮೀಯ Kavya Rao,", tag: "kn-IN", name: "Kannada" },
  hi: { send: "अनुरोध भेजें", received: "अनुरोध मिल गया", dear: "प्रिय Kavya Rao,", tag: "hi-IN", name: "Hindi" },
} as const;

/** Books a video consultation in the evening window of `date` at /<language>/book with JavaScript off. */
async function bookIn(language: "kn" | "hi", email: string, date: string): Promise<{ reference: string; staffLink: string }> {
  const page = await open(`${site.url}/${language}/book`);
  await page.locator("#fullName").fill("Kavya Rao");
  await page.locator("#mobile").fill("98450 12345");
  await page.locator("#email").fill(email);
  await page.locator('input[name="mode"][value="video"]').check();
  await page.locator("#preferredDate").fill(date);
  await page.locator('input[name="timeWindow"][value="evening"]').check();
  await page.locator("#reason").fill("Acne scars on both cheeks.");
  await page.locator("#consent").check();
  await page.getByRole("button", { name: WORDS[language].send }).click();
  await page.getByRole("heading", { name: WORDS[language].received }).waitFor({ timeout: EMAIL_WAIT_MS });
  const reference = (await page.locator(".receipt__reference strong").textContent()) ?? "";
  expect(reference).toMatch(/^DS-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const request = await emailTo(CLINIC_INBOX, reference, "Video consultation request");
  expect(request.text).toContain(`Language: ${WORDS[language].name}`);
  return { reference, staffLink: linkIn(request, "Confirm or reschedule") };
}

/** Staff choose a time in one of the staff page's forms and send it, JavaScript off: the page answers `?done=…`. */
async function actAsStaff(staffLink: string, section: string, button: string, date: string, time: string): Promise<void> {
  const page = await open(staffLink);
  const form = page.getByRole("region", { name: section });
  await form.getByLabel("Date", { exact: true }).fill(date);
  await form.getByLabel("Time (India time)", { exact: true }).fill(time);
  await Promise.all([page.waitForURL(/[?&]done=/, { timeout: EMAIL_WAIT_MS }), form.getByRole("button", { name: button, exact: true }).click()]);
}

/** The month and day of `date` as the language writes them, from Node's own ICU, with Latin digits. */
function monthIn(language: "kn" | "hi", date: string): string {
  return new Intl.DateTimeFormat(WORDS[language].tag, { month: "long", timeZone: "Asia/Kolkata" }).format(new Date(`${date}T12:00:00+05:30`));
}

/** The patron's page the email links to opens, in the language. */
async function expectPatronPageIn(language: "kn" | "hi", link: string): Promise<void> {
  expect(new URL(link).pathname.startsWith(`/${language}/`)).toBe(true);
  const response = await fetch(link);
  expect(response.status).toBe(200);
  expect(await response.text()).toMatch(new RegExp(`<html lang="${WORDS[language].tag}"`));
}

describe("the patron's emails after staff act, in the language the patron booked in", () => {
  it("confirms in Kannada a request made at /kn/book, with the date in Kannada and the patron's link under /kn/", { timeout: 240_000 }, async () => {
    const date = openDayAfter(5);
    const patron = "kavya.kn@example.test";
    const { reference, staffLink } = await bookIn("kn", patron, date);
    await actAsStaff(staffLink, "Confirm a time", "Confirm this time", date, "11:30");

    const confirmation = await emailTo(patron, reference, "ದೃಢೀಕರಿಸಲಾಗಿದೆ:");
    const day = String(Number(date.slice(8)));
    expect(confirmation.subject).toContain(monthIn("kn", date));
    expect(confirmation.subject).toContain(day);
    expect(confirmation.text).toContain(WORDS.kn.dear);
    expect(confirmation.text).not.toContain("Dear");
    expect(confirmation.text).not.toContain("consultation");
    await expectPatronPageIn("kn", linkIn(confirmation, "ಅಪಾಯಿಂಟ್‌ಮೆಂಟ್ ರದ್ದುಪಡಿಸಿ ಅಥವಾ ಬದಲಿಸಿ"));

    // The clinic's copy stays English and says which language the patron reads.
    const clinicCopy = await emailTo(CLINIC_INBOX, reference, "Confirmed:");
    expect(clinicCopy.text).toContain("Language: Kannada (ಕನ್ನಡ)");
  });

  it("proposes another time in Hindi for a request made at /hi/book, with the date in Hindi and the patron's link under /hi/", { timeout: 240_000 }, async () => {
    const date = openDayAfter(6);
    const proposed = openDayAfter(12);
    const patron = "kavya.hi@example.test";
    const { reference, staffLink } = await bookIn("hi", patron, date);
    await actAsStaff(staffLink, "Propose another time", "Propose this time", proposed, "16:40");

    const proposal = await emailTo(patron, reference, "आपके परामर्श के लिए एक समय:");
    expect(proposal.subject).toContain(monthIn("hi", proposed));
    expect(proposal.subject).toContain(String(Number(proposed.slice(8))));
    expect(proposal.text).toContain(WORDS.hi.dear);
    expect(proposal.text).not.toContain("Dear");
    expect(proposal.text).not.toContain("please accept or decline");
    await expectPatronPageIn("hi", linkIn(proposal, "यह समय स्वीकार करें या मना करें"));
  });
});
