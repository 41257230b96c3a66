import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { nextOpenDay } from "../support/dates";
import { startSite, type RunningSite } from "../support/site";
import type { ParsedMail } from "mailparser";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

// Every patron's page in Kannada and Hindi: its status, <html lang>, the switcher, and no English left in the frame;
// and the booking form in each, JavaScript on and off, with the patron's receipt in that language and the clinic's
// email in English; a mistyped email address is asked about in the form's language.
const ARTICLE = "/articles/microneedling-benefits-and-side-effects";
const PAGES = ["/", "/articles", ARTICLE, "/book", "/privacy", "/service-unavailable"];
const TAGS = { en: "en-IN", kn: "kn-IN", hi: "hi-IN" } as const;
// English a Kannada or Hindi page may keep: the clinic's name and email, the notice's circular number, CLDR's AM/PM
// in Kannada and Hindi times, and the bots' hidden field.
const ALLOWED = new Set(["Dr", "Divya", "Sharma", "HFW", "CGM", "info", "drdivyasharma", "com", "AM", "PM", "am", "pm", "Your", "website"]);
// The translated privacy notice keeps a few names as they are officially written (the Data Protection Board of India,
// AES-GCM, a salted hash) and quotes the English emails' withdrawal link beside its own language's.
const ALLOWED_IN_NOTICE = new Set([
  ...ALLOWED,
  ...["Data", "Protection", "Board", "of", "India", "AES", "GCM", "salted", "hash"],
  ...["Withdraw", "consent", "and", "delete", "my", "details"],
]);

let smtp: TestSmtpServer;
let site: RunningSite;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtpServer();
  site = await startSite({ SMTP_URL: smtp.url, BOOKING_LIMIT: "off", BOOKING_MIN_SECONDS: "0" });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await smtp?.close();
});

/** The page's words outside its scripts and outside parts marked as English (the clinic's articles). */
function frameWords(html: string): string[] {
  let body = html.replace(/<head>[\s\S]*?<\/head>/, "").replace(/<(script|style)[\s\S]*?<\/\1>/g, "");
  body = body.replace(/<(h1|h2|h3|p|div|a|article)[^>]*\slang="en(?:-IN)?"[^>]*>[\s\S]*?<\/\1>/g, "");
  const text = body.replace(/<[^>]+>/g, " ").replace(/&[a-z#0-9]+;/g, " ");
  return [...new Set(text.match(/[A-Za-z]{2,}/g) ?? [])];
}

describe("every page in every language", () => {
  for (const language of ["kn", "hi"] as const) {
    for (const path of PAGES) {
      it(`/${language}${path === "/" ? "" : path}: its language, the switcher and no English in the frame`, async () => {
        const response = await fetch(`${site.url}/${language}${path === "/" ? "" : path}`);
        expect(response.status).toBe(200);
        const html = await response.text();
        expect(html).toMatch(new RegExp(`<html lang="${TAGS[language]}"`));
        // The same page in each language, named in its own script and marked with its own language.
        // The unavailable page nginx shows for any address offers the other languages' home pages.
        const same = path === "/service-unavailable" ? "/" : path;
        for (const [other, name] of [["kn", "ಕನ್ನಡ"], ["hi", "हिन्दी"], ["en", "English"]] as const) {
          const href = other === "en" ? same : `/${other}${same === "/" ? "" : same}`;
          expect(html).toContain(`href="${href}" lang="${TAGS[other]}" hrefLang="${TAGS[other]}"`);
          expect(html).toContain(`>${name}</a>`);
        }
        const allowed = path === "/privacy" ? ALLOWED_IN_NOTICE : ALLOWED;
        expect(frameWords(html).filter((word) => !allowed.has(word))).toEqual([]);
      });
    }
    it(`answers an address under /${language} that no page has with a 404 in its language`, async () => {
      const response = await fetch(`${site.url}/${language}/no-such-page`);
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(html).toMatch(new RegExp(`<html lang="${TAGS[language]}"`));
      expect(frameWords(html).filter((word) => !ALLOWED.has(word))).toEqual([]);
    });
  }

  it("keeps English where it was, and /en/… is not a second address for it", async () => {
    const home = await fetch(`${site.url}/`);
    expect(await home.text()).toMatch(/<html lang="en-IN"/);
    const second = await fetch(`${site.url}/en/book`, { redirect: "manual" });
    expect(second.status).toBe(308);
    expect(second.headers.get("location")).toMatch(/\/book$/);
  });

  it("points an article's copies at the English page, and names the alternates only of pages in every language", async () => {
    const article = await (await fetch(`${site.url}/kn${ARTICLE}`)).text();
    // Addresses are the build's SITE_URL's.
    expect(article).toMatch(new RegExp(`<link rel="canonical" href="https?://[^/"]+${ARTICLE}"`));
    expect(article).not.toContain('hrefLang="kn-IN" href=');
    expect(article).toMatch(/<div class="prose" lang="en">/);
    const articles = await (await fetch(`${site.url}/hi/articles`)).text();
    expect(articles).toMatch(/<link rel="canonical" href="https?:\/\/[^/"]+\/hi\/articles"/);
    expect(articles).toMatch(/<link rel="alternate" hrefLang="kn-IN" href="https?:\/\/[^/"]+\/kn\/articles"/);
  });
});

/** The form filled by its fields' names, whatever the language of their labels; a window to be called in. */
async function fillByField(page: Page, patron: { name: string; mobile: string; email: string; date: string }) {
  await page.locator("#fullName").fill(patron.name);
  await page.locator("#mobile").fill(patron.mobile);
  await page.locator("#email").fill(patron.email);
  await page.locator('input[name="mode"][value="video"]').check();
  await page.locator("#preferredDate").fill(patron.date);
  await page.locator('input[name="timeWindow"][value="evening"]').check();
  await page.locator("#reason").fill("Acne scars on both cheeks.");
  await page.locator("#consent").check();
}

async function openForm(javaScript: boolean, language: "kn" | "hi"): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  await page.goto(`${site.url}/${language}/book`);
  return page;
}

const WORDS = {
  kn: {
    name: "ಪೂರ್ಣ ಹೆಸರು",
    mobile: "ಮೊಬೈಲ್ ಸಂಖ್ಯೆ",
    send: "ಕೋರಿಕೆ ಕಳುಹಿಸಿ",
    received: "ಕೋರಿಕೆ ತಲುಪಿದೆ",
    mobileError: "10 ಅಂಕಿಗಳ",
    receiptSubject: "ನಿಮ್ಮ ಸಮಾಲೋಚನೆಯ ಕೋರಿಕೆ",
    dear: "ಆತ್ಮೀಯ Kavya Rao,",
    english: "Kannada",
  },
  hi: {
    name: "पूरा नाम",
    mobile: "मोबाइल नंबर",
    send: "अनुरोध भेजें",
    received: "अनुरोध मिल गया",
    mobileError: "10 अंकों का",
    receiptSubject: "आपका परामर्श अनुरोध",
    dear: "प्रिय Kavya Rao,",
    english: "Hindi",
  },
} as const;

describe("booking in Kannada and Hindi", () => {
  for (const language of ["kn", "hi"] as const) {
    for (const javaScript of [true, false]) {
      it(`flags a wrong mobile beside the field in ${language} with the answers kept, then takes the request (JavaScript ${javaScript ? "on" : "off"})`, async () => {
        const words = WORDS[language];
        const page = await openForm(javaScript, language);
        await fillByField(page, { name: "Kavya Rao", mobile: "12345", email: "kavya@example.test", date: nextOpenDay() });
        await page.getByRole("button", { name: words.send }).click();
        const error = page.locator("#mobile-error");
        await error.waitFor({ state: "visible" });
        expect(await error.textContent()).toContain(words.mobileError);
        expect(await page.getByLabel(words.name, { exact: true }).inputValue()).toBe("Kavya Rao");
        expect(await page.locator("html").getAttribute("lang")).toBe(TAGS[language]);

        await page.getByLabel(words.mobile, { exact: true }).fill("98450 12345");
        await page.getByRole("button", { name: words.send }).click();
        await page.getByRole("heading", { name: words.received }).waitFor();
        const receipt = (await page.locator(".receipt").textContent()) ?? "";
        expect(receipt).toContain("+91 98450 12345");
        const reference = (await page.locator(".receipt__reference strong").textContent()) ?? "";
        expect(reference).toMatch(/^DS-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
        await page.context().close();

        // The patron's receipt in the language, its links opening that language's pages; the clinic's in English.
        const patronMail = await smtp.waitForMessage((mail) => mail.subject?.startsWith(words.receiptSubject) === true && mail.subject.includes(reference));
        expect(patronMail.text).toContain(words.dear);
        expect(patronMail.text).toContain("+91 98450 12345");
        expect(patronMail.text).toContain(`/${language}/privacy/withdraw/`);
        expect(patronMail.html).toContain(`<html lang="${TAGS[language]}"`);
        const toClinic = (mail: ParsedMail) =>
          (mail.subject?.includes(reference) ?? false) && !JSON.stringify(mail.to).includes("kavya@example.test");
        const clinicMail = await smtp.waitForMessage(toClinic);
        expect(clinicMail.text).toContain(`Language: ${words.english}`);
        expect(clinicMail.text).toContain("Evening, 4 PM to 7 PM (India time)");
      });
    }
  }
});

describe("a mistyped email address in Kannada and Hindi", () => {
  const QUESTIONS = {
    kn: { question: "ನೀವು kavya@gmail.com ಎಂದು ಬರೆಯಬೇಕೆಂದಿದ್ದಿರಾ?", use: "kavya@gmail.com ಬಳಸಿ", notSent: "ನಿಮ್ಮ ಕೋರಿಕೆಯನ್ನು ಇನ್ನೂ ಕಳುಹಿಸಿಲ್ಲ" },
    hi: { question: "क्या आपका मतलब kavya@gmail.com था?", use: "kavya@gmail.com इस्तेमाल करें", notSent: "आपका अनुरोध अभी भेजा नहीं गया है" },
  } as const;

  for (const language of ["kn", "hi"] as const) {
    it(`is asked about in ${language} by the server before anything is sent, and the address chosen is used (JavaScript off)`, async () => {
      const words = { ...WORDS[language], ...QUESTIONS[language] };
      const page = await openForm(false, language);
      await fillByField(page, { name: "Kavya Rao", mobile: "98450 12345", email: "kavya@gmial.com", date: nextOpenDay() });
      await page.getByRole("button", { name: words.send }).click();
      const hint = page.locator("#email-suggestion");
      await hint.waitFor({ state: "visible" });
      expect(await hint.textContent()).toContain(words.question);
      expect(await hint.textContent()).toContain(words.notSent);
      expect(await hint.textContent()).not.toMatch(/Did you mean|Use |Keep /);
      await page.getByRole("button", { name: words.use }).click();
      await page.getByRole("heading", { name: words.received }).waitFor();
      expect(await page.locator(".receipt").textContent()).toContain("kavya@gmail.com");
      await page.context().close();
    });
  }
});

describe("the sitemap", () => {
  it("lists the pages written in every language with their alternates, and each article once, in English", async () => {
    const sitemap = await (await fetch(`${site.url}/sitemap.xml`)).text();
    expect(sitemap).toMatch(/<xhtml:link rel="alternate" hreflang="kn-IN" href="https?:\/\/[^"]+\/kn\/book"/);
    expect(sitemap).toMatch(/<xhtml:link rel="alternate" hreflang="hi-IN" href="https?:\/\/[^"]+\/hi\/articles"/);
    expect(sitemap).not.toContain(`/kn${ARTICLE}`);
    expect(sitemap.match(new RegExp(`${ARTICLE}</loc>`, "g"))).toHaveLength(1);
  });
});

describe("a booking post turned away before the form reads it", () => {
  it("is told why in the form's language", async () => {
    const response = await fetch(`${site.url}/hi/book`, {
      method: "POST",
      headers: { Origin: "https://elsewhere.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "fullName=x",
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("बुकिंग केवल क्लिनिक के अपने बुकिंग पृष्ठ से भेजी जा सकती है। कृपया उसे खोलकर फिर कोशिश करें।");
  });
});
