import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getClinic } from "@/lib/clinic";
import { hydrated, launchChromium } from "../support/browser";
import { openBookingPage, postBooking, receivedReference, VALID_BOOKING } from "../support/booking-http";
import { nextOpenDay } from "../support/dates";
import { startSite, type RunningSite } from "../support/site";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

const PAGES = ["/", "/articles", "/articles/microneedling-benefits-and-side-effects", "/book", "/no-such-page"];

let smtp: TestSmtpServer;
/** The booking guard as a clinic runs it (3 s minimum), without the rate limit so that tests can book often. */
let site: RunningSite;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtpServer();
  site = await startSite({ SMTP_URL: smtp.url, CLINIC_INBOX: "clinic-inbox@example.test", BOOKING_LIMIT: "off" });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await smtp?.close();
});

/** A form shown a minute ago, as a person's would have been. */
const aMinuteAgo = () => String(Date.now() - 60_000);

/** The number of emails once earlier bookings' emails (sent after each answer) have all arrived. */
async function settledEmailCount(): Promise<number> {
  let seen = -1;
  while (seen !== smtp.messages.length) {
    seen = smtp.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return seen;
}

/** Waits long enough for an email to arrive if one were going to, then says how many arrived since `before`. */
async function emailsSince(before: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return smtp.messages.length - before;
}

describe("security headers", () => {
  it.each(PAGES)("are on %s", async (path) => {
    const response = await fetch(`${site.url}${path}`);
    expect(response.status).toBe(path === "/no-such-page" ? 404 : 200);
    const csp = response.headers.get("content-security-policy") ?? "";
    for (const directive of [
      "default-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "base-uri 'self'",
      "object-src 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("permissions-policy")).toBe("camera=(), microphone=(), geolocation=()");
    expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8}/);
  });

  it("let the pages hydrate and the booking form work with JavaScript, with no policy violations", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/content security policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) =>
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });

    await page.goto(`${site.url}/articles/microneedling-benefits-and-side-effects`);
    await page.getByRole("link", { name: "Book a consultation", exact: true }).first().click();
    await page.waitForURL("**/book");
    const shownAt = Date.now();
    await hydrated(page.locator("form.booking-form"));

    const name = "Policy Priya";
    await page.getByLabel("Full name", { exact: true }).fill(name);
    await page.getByLabel("Mobile number", { exact: true }).fill("98765 43210");
    await page.getByLabel("Email", { exact: true }).fill("priya@example.test");
    await page.getByLabel("Tele consultation (phone call)", { exact: true }).check();
    await page.getByLabel("Preferred date", { exact: true }).fill(nextOpenDay());
    await page.getByLabel("Morning, 10 AM to 1 PM", { exact: true }).check();
    await page.getByLabel("Reason for consultation", { exact: true }).fill("Dry patches on the elbows.");
    await page.getByLabel(/I agree that the clinic may contact me/).check();
    // A person takes more than the 3 seconds the guard expects.
    await page.waitForTimeout(Math.max(0, 3500 - (Date.now() - shownAt)));
    await page.getByRole("button", { name: "Send request" }).click();
    await page.getByRole("heading", { name: "Request received" }).waitFor();
    await smtp.waitForMessage((m) => m.subject?.includes(name) ?? false);

    expect(violations).toEqual([]);
    await context.close();
  });
});

describe("cross-site and oversized requests", () => {
  it("refuses a booking posted from another site, and sends nothing", async () => {
    const before = await settledEmailCount();
    const page = await openBookingPage(site.url);
    const response = await postBooking(
      site.url,
      page,
      { fullName: "Cross Site Chandra", renderedAt: aMinuteAgo() },
      { Origin: "https://evil.example" },
    );
    expect(receivedReference(response.html)).toBeUndefined();
    expect(response.status).toBe(403);
    expect(response.html).toContain("clinic's own booking page");
    expect(await emailsSince(before)).toBe(0);
  });

  it("refuses a body of no declared length (a chunked upload) with a 411, and sends nothing", async () => {
    const before = await settledEmailCount();
    const page = await openBookingPage(site.url);
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...page.hidden, ...VALID_BOOKING, preferredDate: nextOpenDay() })) {
      form.append(name, value);
    }
    const encoded = new Response(form);
    const response = await fetch(`${site.url}/book`, {
      method: "POST",
      headers: { Origin: site.url, "Content-Type": encoded.headers.get("content-type")! },
      body: encoded.body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(411);
    expect(await emailsSince(before)).toBe(0);
  });

  it("refuses a 1 MB reason with a clear 413 before reading it, and sends nothing", async () => {
    const before = await settledEmailCount();
    const page = await openBookingPage(site.url);
    const response = await postBooking(site.url, page, { reason: "x".repeat(1024 * 1024), renderedAt: aMinuteAgo() });
    expect(response.status).toBe(413);
    expect(response.html).toContain("far larger than a booking can be");
    expect(await emailsSince(before)).toBe(0);
  });
});

describe("bots", () => {
  it("are shown the usual receipt when they fill the hidden website field, and nothing is sent", async () => {
    const before = await settledEmailCount();
    const page = await openBookingPage(site.url);
    const response = await postBooking(site.url, page, { website: "https://cheap-pills.example", renderedAt: aMinuteAgo() });
    expect(response.status).toBe(200);
    expect(receivedReference(response.html)).toBeDefined();
    expect(await emailsSince(before)).toBe(0);
  });

  it("are shown the usual receipt when they submit the moment the form is shown, and nothing is sent", async () => {
    const before = await settledEmailCount();
    const page = await openBookingPage(site.url);
    const response = await postBooking(site.url, page);
    expect(response.status).toBe(200);
    expect(receivedReference(response.html)).toBeDefined();
    expect(await emailsSince(before)).toBe(0);
  });

  it("do not stop a person who took their time", async () => {
    const page = await openBookingPage(site.url);
    const response = await postBooking(site.url, page, { fullName: "Patient Parvati", renderedAt: aMinuteAgo() });
    const reference = receivedReference(response.html);
    expect(reference).toBeDefined();
    await smtp.waitForMessage((m) => m.subject?.includes(reference!) ?? false);
  });
});

describe("hostile answers", () => {
  it.each([
    ["name", { fullName: "Evil\r\nBcc: victim@evil.test" }, "fullName"],
    ["name", { fullName: "Evil\nBcc: victim@evil.test" }, "fullName"],
    ["name", { fullName: "Evil\rBcc: victim@evil.test" }, "fullName"],
    ["email", { email: "evil@example.test\r\nBcc: victim@evil.test" }, "email"],
    ["email", { email: "evil@example.test\nCc: victim@evil.test" }, "email"],
    ["email", { email: "evil@example.test%0d%0aBcc:victim@evil.test" }, "email"],
  ])("refuses a line break in the %s that would add a mail header, and sends nothing", async (_what, fields, field) => {
    const before = await settledEmailCount();
    const page = await openBookingPage(site.url);
    const response = await postBooking(site.url, page, { ...fields, renderedAt: aMinuteAgo() });
    expect(response.status).toBe(200);
    expect(receivedReference(response.html)).toBeUndefined();
    expect(response.html).toContain(`id="${field}-error"`);
    expect(response.html).toMatch(new RegExp(`<p id="${field}-error" class="field__error">[^<]+</p>`));
    expect(await emailsSince(before)).toBe(0);
    expect(smtp.messages.some((m) => JSON.stringify(m.headers).includes("victim@evil.test"))).toBe(false);
  });

  const SCRIPT = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

  it("shows HTML typed into every field as text when the form comes back", async () => {
    const page = await openBookingPage(site.url);
    const fields = Object.fromEntries(Object.keys(VALID_BOOKING).map((field) => [field, SCRIPT]));
    const response = await postBooking(site.url, page, { ...fields, preferredDate: SCRIPT, renderedAt: aMinuteAgo() });
    expect(response.status).toBe(200);
    expect(response.html).not.toContain("<script>alert(1)");
    expect(response.html).not.toContain("<img src=x");
    expect(response.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("shows HTML in a name as text on the receipt", async () => {
    const page = await openBookingPage(site.url);
    const name = "Asha <script>alert(1)</script><b>Rao</b>";
    const response = await postBooking(site.url, page, { fullName: name, renderedAt: aMinuteAgo() });
    expect(receivedReference(response.html)).toBeDefined();
    expect(response.html).not.toContain("<script>alert(1)");
    expect(response.html).not.toContain("<b>Rao");
    expect(response.html).toContain("Asha &lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Rao&lt;/b&gt;");
  });
});

describe("the patron's personal data", () => {
  it("never reaches the server's log", async () => {
    const patron = {
      fullName: "Loggable Lakshmi Narayan",
      mobile: "+91 91234 56780",
      email: "lakshmi.private@example.test",
      reason: "A very private reason about a mole on the back.",
    };
    const page = await openBookingPage(site.url);
    const response = await postBooking(site.url, page, { ...patron, renderedAt: aMinuteAgo() });
    const reference = receivedReference(response.html);
    expect(reference).toBeDefined();
    await smtp.waitForMessage((m) => m.subject?.includes(reference!) ?? false);

    const log = site.output();
    for (const secret of [...Object.values(patron), "9123456780", "Lakshmi", "lakshmi.private", "mole on the back"]) {
      expect(log).not.toContain(secret);
    }
  });
});

describe("the rate limit", () => {
  let limited: RunningSite;

  beforeAll(async () => {
    limited = await startSite({ SMTP_URL: smtp.url, BOOKING_LIMIT: "5/600" });
  });

  afterAll(async () => {
    await limited?.stop();
  });

  it("takes five requests from one address in ten minutes, then asks the sixth to call the clinic", async () => {
    // A person correcting mistakes does not use up their requests.
    for (let i = 0; i < 3; i++) {
      const response = await postBooking(limited.url, await openBookingPage(limited.url), { mobile: "12", renderedAt: aMinuteAgo() });
      expect(response.html).toContain('id="mobile-error"');
      expect(receivedReference(response.html)).toBeUndefined();
    }
    for (let i = 1; i <= 5; i++) {
      const page = await openBookingPage(limited.url);
      const response = await postBooking(limited.url, page, { fullName: `Repeat Ramesh ${"I".repeat(i)}`, renderedAt: aMinuteAgo() });
      expect(receivedReference(response.html)).toBeDefined();
    }
    const before = await settledEmailCount();
    const page = await openBookingPage(limited.url);
    const response = await postBooking(limited.url, page, { fullName: "Repeat Ramesh VI", renderedAt: aMinuteAgo() });
    expect(response.status).toBe(200);
    expect(receivedReference(response.html)).toBeUndefined();
    expect(response.html).toContain("several requests from your connection");
    expect(response.html).toContain(getClinic().phoneDisplay);
    expect(response.html).toContain('value="Repeat Ramesh VI"');
    expect(await emailsSince(before)).toBe(0);
  });
});
