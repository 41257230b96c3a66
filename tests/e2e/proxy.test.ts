// The production set-up: deploy/nginx.conf (Debian's nginx) in front of `next start`. Articles come from nginx's
// cache and the framework's files from disk, while booking still reaches Next and the clinic's inbox.
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getClinic } from "@/lib/clinic";
import { fillBooking, launchChromium } from "../support/browser";
import { bookOverHttp, openBookingPage, postBooking, receivedReference } from "../support/booking-http";
import { nextOpenDay } from "../support/dates";
import { deployConfig, startNginx, type RunningNginx } from "../support/nginx";
import { freePort, startSite, type RunningSite } from "../support/site";
import { clinicEmailAbout, linkIn, startSmtpServer, type TestSmtpServer } from "../support/smtp";

const ARTICLE = "/articles/microneedling-benefits-and-side-effects";
const BOOKING_LIMIT = 5;

let smtp: TestSmtpServer;
let site: RunningSite;
let proxy: RunningNginx;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtpServer();
  const proxyPort = await freePort();
  site = await startSite({
    SMTP_URL: smtp.url,
    // Patrons see the proxy's address; the site trusts the client address nginx forwards.
    SITE_URL: `http://127.0.0.1:${proxyPort}`,
    TRUSTED_PROXY: "true",
    BOOKING_LIMIT: `${BOOKING_LIMIT}/600`,
    BOOKING_MIN_SECONDS: "0",
  });
  const nextPort = Number(new URL(site.url).port);
  proxy = await startNginx(
    (listenPort, dir) => deployConfig({ listenPort, nextPorts: [nextPort, nextPort], cacheDir: path.join(dir, "cache") }),
    proxyPort,
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await proxy?.stop();
  await site?.stop();
  await smtp?.close();
});

describe("reading through nginx", () => {
  it("serves an article from nginx's cache after its first reading, with the site's security headers", async () => {
    const first = await fetch(`${proxy.url}${ARTICLE}`);
    const second = await fetch(`${proxy.url}${ARTICLE}`);
    const fromNext = await fetch(`${site.url}${ARTICLE}`);
    expect(first.status).toBe(200);
    expect(second.headers.get("x-cache-status")).toBe("HIT");
    expect(await second.text()).toBe(await fromNext.text());
    expect(second.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(second.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("serves the framework's JavaScript from disk, compressed and cacheable for a year", async () => {
    const html = await (await fetch(`${proxy.url}${ARTICLE}`)).text();
    const script = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const response = await fetch(`${proxy.url}${script}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("content-encoding")).toBe("gzip");
    // nginx's own answer: Next's would carry the site's Content-Security-Policy.
    expect(response.headers.get("content-security-policy")).toBeNull();
  });

  it("never caches the booking page: each patron gets a form of their own", async () => {
    const first = await fetch(`${proxy.url}/book`);
    const second = await fetch(`${proxy.url}/book`);
    expect(second.headers.get("x-cache-status")).not.toBe("HIT");
    expect(second.headers.get("cache-control")).toContain("no-store");
    expect(await first.text()).not.toBe(await second.text());
  });
});

describe("a staff link through nginx", () => {
  it("opens the staff page, never from nginx's cache, and confirms with JavaScript off; a forged link is 404 each time", async () => {
    const reference = await bookOverHttp(proxy.url, { fullName: "Proxy Pallavi", preferredDate: nextOpenDay() });
    const staffLink = linkIn(await smtp.waitForMessage(clinicEmailAbout(reference)), "Confirm or reschedule");
    expect(staffLink.startsWith(`${proxy.url}/staff/requests/`)).toBe(true);
    for (const link of [staffLink, `${staffLink}x`]) {
      const answers = [await fetch(link), await fetch(link)];
      expect(answers.map((answer) => answer.status)).toEqual(link === staffLink ? [200, 200] : [404, 404]);
      for (const answer of answers) {
        expect(answer.headers.get("x-cache-status")).not.toBe("HIT");
        expect(answer.headers.get("cache-control")).toBe("no-store");
      }
    }

    // The page sends no Referer, so its form's Origin is "null": it must still reach the action through nginx.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(staffLink);
    await page.getByLabel("Time (India time)").first().fill("11:30");
    await page.getByRole("button", { name: "Confirm this time" }).click();
    await page.getByText("Confirmed for").waitFor();
    const confirmation = await smtp.waitForMessage((mail) => (mail.subject ?? "").startsWith("Confirmed: your") && (mail.subject ?? "").includes(reference));
    expect(confirmation.subject).toContain("11:30 AM IST");
    await context.close();
  });
});

describe("booking through nginx", () => {
  for (const javaScript of [true, false]) {
    const mode = javaScript ? "on" : "off";
    it(`delivers a request to the clinic with JavaScript ${mode}`, async () => {
      const context = await browser.newContext({ javaScriptEnabled: javaScript });
      const page = await context.newPage();
      await page.goto(`${proxy.url}/book`);
      const name = `Proxy Patron JS-${mode}`;
      await fillBooking(page, { name, mobile: "98450 12345", email: `proxy.${mode}@example.test`, date: nextOpenDay() });
      await page.getByRole("button", { name: "Send request" }).click();
      await page.getByRole("heading", { name: "Request received" }).waitFor();
      const reference = (await page.locator(".receipt__reference strong").textContent()) ?? "";
      expect(reference).toMatch(/^DS-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      const mail = await smtp.waitForMessage(clinicEmailAbout(reference));
      expect(mail.subject).toContain(name);
      expect(mail.replyTo?.value[0].address).toBe(`proxy.${mode}@example.test`);
      await context.close();
    });
  }

  it("refuses a body over the booking limit at nginx, before Next reads it", async () => {
    const page = await openBookingPage(proxy.url);
    const response = await postBooking(proxy.url, page, { reason: "x".repeat(100 * 1024) });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-security-policy")).toBeNull();
  });

  it("counts bookings by the address nginx saw, whatever X-Forwarded-For a client sends", async () => {
    // Earlier tests booked from this address too, so the limit is reached by the last of these at the latest.
    const answers: string[] = [];
    for (let i = 0; i <= BOOKING_LIMIT; i++) {
      const page = await openBookingPage(proxy.url);
      const response = await postBooking(proxy.url, page, { fullName: `Forged Address ${i}` }, {
        "X-Forwarded-For": `203.0.113.${i + 1}`,
      });
      answers.push(response.html);
    }
    expect(receivedReference(answers.at(-1)!)).toBeUndefined();
    expect(answers.at(-1)).toContain(`call the clinic on ${getClinic().phoneDisplay}`);
  });
});

describe("while Next is down", () => {
  it("still serves cached articles and the framework's files, and gives patrons the clinic's phone elsewhere", async () => {
    const html = await (await fetch(`${proxy.url}${ARTICLE}`)).text();
    const script = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)![1];
    // A patron who opened the form before the site went down, and sends it after.
    const context = await browser.newContext();
    const patron = await context.newPage();
    await patron.goto(`${proxy.url}/book`);
    await fillBooking(patron, { name: "Outage Omana", mobile: "98450 99999", email: "omana@example.test", date: nextOpenDay() });
    await site.stop();

    const article = await fetch(`${proxy.url}${ARTICLE}`);
    expect(article.status).toBe(200);
    expect(await article.text()).toContain("Microneedling");
    expect((await fetch(`${proxy.url}${script}`)).status).toBe(200);

    const booking = await fetch(`${proxy.url}/book`);
    expect(booking.status).toBe(502);
    const page = await booking.text();
    expect(page).toContain("it has not been sent");
    expect(page).toContain(getClinic().phoneDisplay);
    expect(page).toContain(getClinic().email);
    // In the language of the address asked for (deploy/nginx.conf's map): Kannada's and Hindi's own pages.
    const kannada = await fetch(`${proxy.url}/kn/book`);
    expect(kannada.status).toBe(502);
    const kannadaPage = await kannada.text();
    expect(kannadaPage).toContain('<html lang="kn-IN"');
    expect(kannadaPage).toContain("ವೆಬ್‌ಸೈಟ್ ಸ್ವಲ್ಪ ಸಮಯ ಲಭ್ಯವಿಲ್ಲ");
    expect(kannadaPage).toContain(getClinic().phoneDisplay);
    expect(await (await fetch(`${proxy.url}/hi`)).text()).toContain('<html lang="hi-IN"');

    await patron.getByRole("button", { name: "Send request" }).click();
    const alert = patron.locator(".form-message[role=alert]");
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`call the clinic on ${getClinic().phoneDisplay}`);
    expect(await patron.getByLabel("Full name", { exact: true }).inputValue()).toBe("Outage Omana");
    expect(await patron.getByLabel("Mobile number", { exact: true }).inputValue()).toBe("98450 99999");
    await context.close();
  });
});
