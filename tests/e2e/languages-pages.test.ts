// The patron's own pages in Kannada and Hindi, as a patron who booked in that language lives them: the production
// build, a real SMTP server and Chromium with JavaScript on and off. The links in the patron's receipt open their
// appointment page and withdrawal page under /kn/… or /hi/…: where the appointment stands, its buttons, moving it to
// another free time, cancelling it and withdrawing consent, each answered in that language, with no English left in
// the page's main part beyond the clinic's name, references and times' "IST".
import type { ParsedMail } from "mailparser";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appointmentTimeIn, clockTimeIn } from "@/lib/i18n/dates";
import { indiaInstant } from "@/lib/india-time";
import { launchChromium } from "../support/browser";
import { hiddenFields, receivedReference } from "../support/booking-http";
import { openDaysFrom } from "../support/dates";
import { englishWords, mainText } from "../support/page-words";
import { startSite, type RunningSite } from "../support/site";
import { linkIn, mailbox, startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { until } from "../support/until";

const CLINIC_INBOX = "clinic-inbox@example.test";
const TAGS = { kn: "kn-IN", hi: "hi-IN" } as const;
// English the patron's pages may keep: the clinic's name and email, "IST" after a time, and CLDR's AM/PM.
const ALLOWED = new Set(["Dr", "Divya", "Sharma", "info", "drdivyasharma", "com", "IST", "AM", "PM", "am", "pm"]);

/** What the patron reads and presses, in each language, as messages/<language>.json writes it. */
const WORDS = {
  kn: {
    receiptSubject: "ನಿಮ್ಮ ಸಮಾಲೋಚನೆಯ ಕೋರಿಕೆ",
    heading: "ನಿಮ್ಮ ಸಮಾಲೋಚನೆ",
    held: (when: string) => `ಈ ಸಮಯವನ್ನು ಕಾಯ್ದಿರಿಸಲಾಗಿದೆ: ${when}; ಕ್ಲಿನಿಕ್ ಇಮೇಲ್ ಮೂಲಕ ದೃಢೀಕರಿಸುತ್ತದೆ`,
    moveHeading: "ಬೇರೆ ಸಮಯವನ್ನು ಆರಿಸಿ",
    date: "ದಿನಾಂಕ",
    showTimes: "ಖಾಲಿ ಸಮಯಗಳನ್ನು ತೋರಿಸಿ",
    morning: "ಬೆಳಿಗ್ಗೆ",
    move: "ಈ ಸಮಯಕ್ಕೆ ಬದಲಿಸಿ",
    moved: "ನಿಮ್ಮ ಸಮಾಲೋಚನೆಯನ್ನು ಹೊಸ ಸಮಯಕ್ಕೆ ಬದಲಾಯಿಸಲಾಗಿದೆ.",
    confirmed: (when: string) => `ದೃಢೀಕರಿಸಲಾಗಿದೆ: ${when}`,
    cancel: "ಸಮಾಲೋಚನೆಯನ್ನು ರದ್ದುಪಡಿಸಿ",
    cancelled: "ನಿಮ್ಮ ಸಮಾಲೋಚನೆಯನ್ನು ರದ್ದುಪಡಿಸಲಾಗಿದೆ.",
    ifYouWithdraw: "ನೀವು ನಿಮ್ಮ ಒಪ್ಪಿಗೆಯನ್ನು ಹಿಂಪಡೆದರೆ:",
    cancelledByYou: "ನೀವು ರದ್ದುಪಡಿಸಿದ್ದೀರಿ",
    withdraw: "ಒಪ್ಪಿಗೆ ಹಿಂಪಡೆದು ನನ್ನ ವಿವರಗಳನ್ನು ಅಳಿಸಿ",
    withdrawn: "ನಿಮ್ಮ ಒಪ್ಪಿಗೆಯನ್ನು ಹಿಂಪಡೆಯಲಾಗಿದೆ ಮತ್ತು ನಿಮ್ಮ ವಿವರಗಳನ್ನು ಅಳಿಸಲಾಗಿದೆ.",
  },
  hi: {
    receiptSubject: "आपका परामर्श अनुरोध",
    heading: "आपका परामर्श",
    held: (when: string) => `${when} रोका गया है; क्लिनिक ईमेल से पक्का करेगा`,
    moveHeading: "दूसरा समय चुनें",
    date: "तारीख़",
    showTimes: "खाली समय दिखाएँ",
    morning: "सुबह",
    move: "इस समय पर बदलें",
    moved: "आपका परामर्श नए समय पर कर दिया गया है।",
    confirmed: (when: string) => `${when} के लिए पक्का है`,
    cancel: "परामर्श रद्द करें",
    cancelled: "आपका परामर्श रद्द हो गया है।",
    ifYouWithdraw: "अगर आप अपनी सहमति वापस लेते हैं:",
    cancelledByYou: "आपने रद्द किया",
    withdraw: "सहमति वापस लें और मेरे विवरण मिटाएँ",
    withdrawn: "आपकी सहमति वापस ले ली गई है और आपके विवरण मिटा दिए गए हैं।",
  },
} as const;

let smtp: TestSmtpServer;
const { emailTo } = mailbox(() => smtp);
let site: RunningSite;
let browser: Browser;
const contexts: BrowserContext[] = [];
let patrons = 0;
/** So that each patron holds 11:00 on a day of their own. */
const patronDays = openDaysFrom(7);

beforeAll(async () => {
  smtp = await startSmtpServer();
  site = await startSite({ SMTP_URL: smtp.url, CLINIC_INBOX, BOOKING_LIMIT: "off", BOOKING_MIN_SECONDS: "0" });
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

interface Booked {
  reference: string;
  email: string;
  date: string;
  receipt: ParsedMail;
  staffLink: string;
}

/** The address in an email's plain text that starts with `path` on the site. */
function addressIn(mail: ParsedMail, path: string): string {
  const found = new RegExp(`${site.url}${path}[^\\s"<>]+`).exec(String(mail.text))?.[0];
  if (!found) throw new Error(`no ${path}… link in "${mail.subject}"`);
  return found;
}

/**
 * Books a tele consultation at 11:00 through /<language>/book as a browser without JavaScript posts it, on a day of
 * its own; returns the patron's receipt and the staff link in the clinic's email.
 */
async function bookIn(language: "kn" | "hi"): Promise<Booked> {
  patrons += 1;
  const date = patronDays();
  const email = `pages-${language}-${patrons}@example.test`;
  const form = await fetch(`${site.url}/${language}/book`);
  const body = new FormData();
  const fields = {
    ...hiddenFields(await form.text()),
    fullName: "Kavya Rao",
    mobile: "98450 12345",
    email,
    mode: "tele",
    preferredDate: date,
    time: "11:00",
    reason: "Itchy rash on the forearms for two weeks.",
    consent: "yes",
  };
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  const answer = await fetch(`${site.url}/${language}/book`, { method: "POST", body, headers: { Origin: site.url } });
  const reference = receivedReference(await answer.text());
  if (answer.status !== 200 || !reference) throw new Error(`the ${language} booking was not received (${answer.status})`);
  const receipt = await emailTo(email, reference, WORDS[language].receiptSubject);
  await until(() => smtp.messages.some((mail) => isClinicRequest(mail, reference)), 15_000, `the clinic's email about ${reference}`);
  const request = smtp.messages.find((mail) => isClinicRequest(mail, reference))!;
  return { reference, email, date, receipt, staffLink: linkIn(request, "Confirm or reschedule") };
}

const isClinicRequest = (mail: ParsedMail, reference: string) =>
  JSON.stringify(mail.to).includes(CLINIC_INBOX) && (mail.subject ?? "").includes(`request: `) && (mail.subject ?? "").includes(reference);

async function open(url: string, javaScript: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  contexts.push(context);
  const page = await context.newPage();
  const response = await page.goto(url, { waitUntil: javaScript ? "networkidle" : "load" });
  expect(response?.status()).toBe(200);
  return page;
}

/**
 * Presses `button` and waits for the page the POST leads back to (`?done=…`); with JavaScript the page's script sends
 * the form, without it the browser itself, and the test checks which.
 */
async function press(page: Page, button: string, javaScript: boolean): Promise<void> {
  const documentPosts: string[] = [];
  const onRequest = (request: Request) => {
    if (request.isNavigationRequest() && request.method() === "POST") documentPosts.push(request.url());
  };
  page.on("request", onRequest);
  try {
    await Promise.all([page.waitForURL(/[?&]done=/), page.getByRole("button", { name: button, exact: true }).click()]);
  } finally {
    page.off("request", onRequest);
  }
  expect(documentPosts, "posted by the browser itself, or by the page's script").toHaveLength(javaScript ? 0 : 1);
}

/** The page's language, its main part in that language and unmarked, and no English in it beyond the allowed. */
async function expectInLanguage(page: Page, language: "kn" | "hi"): Promise<void> {
  expect(await page.locator("html").getAttribute("lang")).toBe(TAGS[language]);
  const html = await page.content();
  const main = /<main\b[\s\S]*?<\/main>/.exec(html)?.[0] ?? "";
  expect(main, "the main part is not marked as English").not.toMatch(/\slang="en/);
  expect(englishWords(mainText(html), ALLOWED), `English on ${new URL(page.url()).pathname.split("/").slice(0, 3).join("/")}/…`).toEqual([]);
}

/** Staff confirm the time the patron picked from the clinic's email, in English, with JavaScript off. */
async function confirmAsStaff(booked: Booked): Promise<void> {
  const page = await open(booked.staffLink, false);
  const form = page.getByRole("region", { name: /^Confirm the time the patron picked/ });
  await Promise.all([page.waitForURL(/[?&]done=/), form.getByRole("button").click()]);
}

describe("the patron's pages in Kannada and Hindi", () => {
  for (const language of ["kn", "hi"] as const) {
    for (const javaScript of [true, false]) {
      it(`opens the receipt's links in ${language}, moves, cancels and withdraws in ${language} (JavaScript ${javaScript ? "on" : "off"})`, async () => {
        const words = WORDS[language];
        const booked = await bookIn(language);
        const patronLink = addressIn(booked.receipt, `/${language}/appointments/`);
        const withdrawLink = addressIn(booked.receipt, `/${language}/privacy/withdraw/`);
        const at = (time: string) => appointmentTimeIn(language, indiaInstant(booked.date, time));

        // The time held, written out in the language, and another free time to move to, its labels the booking form's.
        const page = await open(patronLink, javaScript);
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(`${words.heading} ${booked.reference}`);
        expect(await page.locator("main").innerText()).toContain(words.held(at("11:00")));
        await expectInLanguage(page, language);
        const moveForm = page.getByRole("region", { name: words.moveHeading });
        await moveForm.getByLabel(words.date, { exact: true }).fill(booked.date);
        await Promise.all([page.waitForURL(/[?&]date=/), moveForm.getByRole("button", { name: words.showTimes }).click()]);
        await page.getByRole("group", { name: words.morning }).waitFor();
        const later = page.getByLabel(clockTimeIn(language, "11:40"), { exact: true });
        await later.check();
        await expectInLanguage(page, language);
        await press(page, words.move, javaScript);
        expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/${language}/appointments/`));
        await expect.poll(() => page.getByRole("status").innerText()).toContain(words.moved);
        expect(await page.locator("main").innerText()).toContain(at("11:40"));
        await expectInLanguage(page, language);

        // Confirmed by staff, it can be cancelled from the same link, and the page says so in the language.
        await confirmAsStaff(booked);
        const confirmed = await open(patronLink, javaScript);
        expect(await confirmed.locator("main").innerText()).toContain(words.confirmed(at("11:40")));
        await expectInLanguage(confirmed, language);
        await press(confirmed, words.cancel, javaScript);
        expect(new URL(confirmed.url()).pathname).toMatch(new RegExp(`^/${language}/appointments/`));
        await expect.poll(() => confirmed.getByRole("status").innerText()).toContain(words.cancelled);
        expect(await confirmed.getByRole("button", { name: words.cancel }).count()).toBe(0);
        await expectInLanguage(confirmed, language);

        // The withdrawal page: what withdrawing does, where the request stands, and the "done" page.
        const withdrawal = await open(withdrawLink, javaScript);
        const explained = await withdrawal.locator("main").innerText();
        expect(explained).toContain(words.ifYouWithdraw);
        expect(explained).toContain(words.cancelledByYou);
        await expectInLanguage(withdrawal, language);
        await press(withdrawal, words.withdraw, javaScript);
        expect(new URL(withdrawal.url()).pathname).toMatch(new RegExp(`^/${language}/privacy/withdraw/`));
        await expect.poll(() => withdrawal.getByRole("status").innerText()).toContain(words.withdrawn);
        await expectInLanguage(withdrawal, language);
      });
    }
  }
});
