import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillBooking, launchChromium } from "../support/browser";
import { openBookingPage, postBooking, receivedReference } from "../support/booking-http";
import { nextOpenDay, nextSunday } from "../support/dates";
import { startSite, type RunningSite } from "../support/site";
import { clinicEmailAbout, startSmtpServer, type TestSmtpServer } from "../support/smtp";

const CLINIC_INBOX = "clinic-inbox@example.test";
const ARTICLE = "/articles/microneedling-benefits-and-side-effects";

let smtp: TestSmtpServer;
let site: RunningSite;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtpServer();
  site = await startSite({
    SMTP_URL: smtp.url,
    CLINIC_INBOX,
    MAIL_FROM: "Clinic website <website@example.test>",
    // These tests book many times from one address, and fill the form faster than a person: the booking guard has
    // its own tests (security.test.ts).
    BOOKING_LIMIT: "off",
    BOOKING_MIN_SECONDS: "0",
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await smtp?.close();
});

async function openPage(javaScript: boolean, path: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  const response = await page.goto(`${site.url}${path}`);
  expect(response?.status()).toBe(200);
  return page;
}

describe("starting the server", () => {
  it("refuses to start with a wrong configuration and names each wrong value", async () => {
    const started = startSite({ SMTP_URL: "http://mail.example.test", CLINIC_INBOX: "not-an-address" });
    await expect(started).rejects.toThrow(/SMTP_URL must be a nodemailer connection URL/);
    await expect(started).rejects.toThrow(/CLINIC_INBOX must be an email address/);
  });
});

describe("reading", () => {
  it("shows the clinic, its notice, navigation and contact on the home page", async () => {
    const page = await openPage(true, "/");
    await expect(page.locator("h1").textContent()).resolves.toContain("Dr. Divya Sharma");
    await expect(page.getByText("HFW54 CGM 2020").count()).resolves.toBe(1);
    for (const name of ["Home", "Articles", "Book a consultation"]) {
      await expect(page.getByRole("navigation").getByRole("link", { name, exact: true }).count()).resolves.toBe(1);
    }
    await expect(page.locator('footer a[href="tel:+919620638388"]').count()).resolves.toBe(1);
    await expect(page.locator('footer a[href="mailto:info@drdivyasharma.com"]').count()).resolves.toBe(1);
    await expect(page.locator("footer").textContent()).resolves.toContain("10:00 AM to 7:00 PM");
    await expect(page.locator("main").count()).resolves.toBe(1);
    await page.context().close();
  });

  it("opens the microneedling article from the home page", async () => {
    const page = await openPage(true, "/");
    await page.getByRole("link", { name: "Microneedling benefits and side effects/risks" }).click();
    await page.waitForURL(`**${ARTICLE}`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Microneedling benefits and side effects/risks");
    await expect(page.locator("article").textContent()).resolves.toContain("Posted date on Sep 02, 2022");
    const sections = await page.locator("article h2").allTextContents();
    expect(sections).toEqual(
      expect.arrayContaining([
        "What is Microneedling?",
        "Benefits of microneedling",
        "Side effects/risks of microneedling",
        "What to do after microneedling?",
      ]),
    );
    // After the move in the page, the home's canonical link leaves the head a moment after the article's arrives.
    const canonical = page.locator('link[rel="canonical"]');
    await expect.poll(() => canonical.count(), { timeout: 10_000 }).toBe(1);
    await expect(canonical.getAttribute("href")).resolves.toMatch(new RegExp(`${ARTICLE}$`));
    await page.context().close();
  });

  it("answers an unknown article with a real 404 page", async () => {
    const response = await fetch(`${site.url}/articles/no-such-article`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });
});

describe("booking", () => {
  it("takes a request posted as a plain HTTP form, as a browser without JavaScript sends it", async () => {
    const page = await openBookingPage(site.url);
    const response = await postBooking(site.url, page, { fullName: "Plain Form Padma" });
    expect(response.status).toBe(200);
    const reference = receivedReference(response.html);
    expect(reference).toBeDefined();
    const mail = await smtp.waitForMessage(clinicEmailAbout(reference!));
    expect(mail.subject).toContain("Plain Form Padma");
  });

  it("sends one request, not two, when the patron double-clicks the button", async () => {
    const page = await openPage(true, "/book");
    const name = "Double Click Devi";
    await fillBooking(page, { name, mobile: "9123456789", email: "devi@example.test", date: nextOpenDay() });
    await page.getByRole("button", { name: "Send request" }).dblclick();
    await page.getByRole("heading", { name: "Request received" }).waitFor();
    await smtp.waitForMessage((m) => m.subject?.includes(name) ?? false);
    // Give a second submission time to arrive if one was made.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.messages.filter((m) => m.subject?.includes(name))).toHaveLength(1);
    await page.context().close();
  });

  for (const javaScript of [true, false]) {
    const mode = javaScript ? "on" : "off";

    it(`sends a request to the clinic with JavaScript ${mode}`, async () => {
      const page = await openPage(javaScript, "/book");
      const name = `Asha Rao JS-${mode}`;
      await fillBooking(page, { name, mobile: "98765 43210", email: `asha.${mode}@example.test`, date: nextOpenDay() });
      await page.getByRole("button", { name: "Send request" }).click();

      const heading = page.getByRole("heading", { name: "Request received" });
      await heading.waitFor();
      const reference = (await page.locator(".receipt__reference strong").textContent()) ?? "";
      expect(reference).toMatch(/^DS-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      // The mobile as Indians write it (issue 20); the clinic's email keeps the number to dial.
      await expect(page.locator(".receipt").textContent()).resolves.toContain("+91 98765 43210");

      const mail = await smtp.waitForMessage(clinicEmailAbout(reference));
      expect(mail.subject).toContain(name);
      expect(mail.subject).toContain("Video");
      expect(mail.replyTo?.value[0]).toMatchObject({ address: `asha.${mode}@example.test`, name });
      expect(mail.text).toContain("+919876543210");
      expect(mail.html).toContain(reference);
      expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0].address).toBe(CLINIC_INBOX);
      await page.context().close();
    });

    it(`asks about a mistyped email address before sending, and sends with the address chosen, JavaScript ${mode}`, async () => {
      const page = await openPage(javaScript, "/book");
      const before = smtp.messages.length;
      const typed = `asha.typo.${mode}@gmial.com`;
      const meant = `asha.typo.${mode}@gmail.com`;
      await fillBooking(page, { name: `Typo Tara JS-${mode}`, mobile: "98765 43210", email: typed, date: nextOpenDay() });
      const question = page.locator("#email-suggestion");
      // With JavaScript the question comes as the patron leaves the field; they send the form without answering it.
      if (javaScript) await expect(question.textContent()).resolves.toContain(`Did you mean ${meant}?`);
      await page.getByRole("button", { name: "Send request" }).click();

      await page.getByText("Your request is not sent yet").waitFor();
      await expect(question.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      await expect(page.getByLabel("Full name", { exact: true }).inputValue()).resolves.toBe(`Typo Tara JS-${mode}`);
      await expect(page.getByLabel("Email", { exact: true }).inputValue()).resolves.toBe(typed);
      expect(smtp.messages.length).toBe(before);

      // One way keeps the address typed, the other takes the one suggested: either sends the request.
      const chosen = javaScript ? meant : typed;
      await page.getByRole("button", { name: javaScript ? `Use ${meant}` : `Keep ${typed}` }).click();
      await page.getByRole("heading", { name: "Request received" }).waitFor();
      const reference = (await page.locator(".receipt__reference strong").textContent()) ?? "";
      const receipt = await smtp.waitForMessage((mail) => mail.subject?.startsWith(`Your consultation request ${reference}`) ?? false);
      expect((Array.isArray(receipt.to) ? receipt.to[0] : receipt.to)?.value[0].address).toBe(chosen);
      await page.context().close();
    });

    it(`shows errors beside the wrong fields and keeps what was typed, JavaScript ${mode}`, async () => {
      const page = await openPage(javaScript, "/book");
      const before = smtp.messages.length;
      await fillBooking(page, { name: "Ravi Kumar", mobile: "12345", email: "ravi@example.test", date: nextSunday() });
      await page.getByLabel(/I agree that the clinic may contact me/).uncheck();
      await page.getByRole("button", { name: "Send request" }).click();

      const summary = page.locator(".error-summary");
      await summary.waitFor();
      await expect(summary.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

      const mobile = page.getByLabel("Mobile number", { exact: true });
      await expect(mobile.getAttribute("aria-invalid")).resolves.toBe("true");
      const describedBy = (await mobile.getAttribute("aria-describedby")) ?? "";
      const errorText = await page.locator(`[id="${describedBy.split(" ").at(-1)}"]`).textContent();
      expect(errorText).toContain("10-digit Indian mobile number");
      await expect(page.locator("#preferredDate-error").textContent()).resolves.toContain("closed on Sundays");
      await expect(page.locator("#consent-error").textContent()).resolves.toContain("Tick the box");

      await expect(mobile.inputValue()).resolves.toBe("12345");
      await expect(page.getByLabel("Full name", { exact: true }).inputValue()).resolves.toBe("Ravi Kumar");
      await expect(page.getByLabel("Video consultation", { exact: true }).isChecked()).resolves.toBe(true);
      await expect(page.getByLabel("Reason for consultation", { exact: true }).inputValue()).resolves.toContain("Acne scars");
      await expect(page.getByLabel("Full name", { exact: true }).getAttribute("aria-invalid")).resolves.toBeNull();

      expect(smtp.messages.length).toBe(before);
      await page.context().close();
    });
  }
});
