// The privacy notice at /privacy, as a patron and a search engine see it from the production build: every part the
// law asks for, the retention of the server that answers (not the build's), and the links to it from every page's
// footer and from the booking form's consent box.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { startSite, type RunningSite } from "../support/site";

const ARTICLE = "/articles/microneedling-benefits-and-side-effects";

let site: RunningSite;
let browser: Browser;

beforeAll(async () => {
  // Not the default (30): the page must show what this server is configured with.
  site = await startSite({ RETENTION_DAYS: "45" });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

async function openPage(javaScript: boolean, path: string, on = site): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  const response = await page.goto(`${on.url}${path}`);
  expect(response?.status()).toBe(200);
  return page;
}

/** The words of the page's main part, on one line. */
async function mainText(page: Page): Promise<string> {
  return ((await page.locator("main").textContent()) ?? "").replace(/\s+/g, " ");
}

describe("the privacy notice", () => {
  let text: string;

  beforeAll(async () => {
    const page = await openPage(false, "/privacy");
    await expect(page.locator("h1").textContent()).resolves.toBe("Privacy notice");
    text = await mainText(page);
    await page.context().close();
  });

  it("shows its version and date", () => {
    expect(text).toMatch(/Version \S+, updated on [A-Z][a-z]{2} \d{2}, \d{4}/);
  });

  it("says how long details are kept with this server's RETENTION_DAYS", () => {
    expect(text).toContain("45 days after the last email about your request was sent");
    expect(text).toContain("45 days after the time agreed for your consultation");
    expect(text).not.toContain("30 days");
    expect(text).not.toMatch(/\{\{|\}\}/);
  });

  it("names each detail collected, and that the reason is health information", () => {
    for (const detail of [
      "your name",
      "your mobile number",
      "your email address",
      "the type of consultation you want",
      "your preferred date and time",
      "the reason for the consultation",
    ]) {
      expect(text).toContain(detail);
    }
    expect(text).toContain("This is information about your health");
  });

  it("gives the purpose, who receives the details and where they are kept", () => {
    expect(text).toContain("Only to arrange and hold the tele or video consultation you asked for");
    expect(text).toContain("to email you about it");
    expect(text).toContain("The clinic's staff");
    expect(text).toContain("The clinic's mail provider");
    expect(text).toContain("In the clinic's booking database, on the server that runs this website");
    expect(text).toContain("encrypted (AES-256-GCM)");
  });

  it("lists the patron's rights, nomination and grievances included", () => {
    for (const right of [
      "see the details we hold about you",
      "correct them",
      "have them erased",
      "withdraw your consent at any time, as easily as you gave it",
      "nominate someone to use these rights for you",
      "have a grievance heard",
    ]) {
      expect(text).toContain(right);
    }
  });

  it("says how to use them: the withdraw link in every email, or the clinic's email and phone", async () => {
    expect(text).toContain('"Withdraw consent and delete my details"');
    const page = await openPage(false, "/privacy");
    const main = page.locator("main");
    await expect(main.locator('a[href="mailto:info@drdivyasharma.com"]').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(main.locator('a[href="tel:+919620638388"]').count()).resolves.toBeGreaterThanOrEqual(2);
    await page.context().close();
  });

  it("names whom to contact with a grievance, and the Data Protection Board of India", () => {
    expect(text).toContain("grievances, are answered by the clinic, at info@drdivyasharma.com or 9620638388");
    expect(text).toContain("you may complain to the Data Protection Board of India");
  });

  it("is never kept in a shared cache, so a changed RETENTION_DAYS shows at once", async () => {
    const response = await fetch(`${site.url}/privacy`);
    expect(response.status).toBe(200);
    const cacheControl = response.headers.get("cache-control") ?? "";
    expect(cacheControl).toContain("no-store");
    expect(cacheControl).not.toContain("s-maxage");
  });

  it("shows another server's own retention, from the same build", async () => {
    const other = await startSite({ RETENTION_DAYS: "7" });
    try {
      const page = await openPage(false, "/privacy", other);
      const otherText = await mainText(page);
      expect(otherText).toContain("7 days after the last email about your request was sent");
      expect(otherText).not.toContain("45 days");
      await page.context().close();
    } finally {
      await other.stop();
    }
  });

  it("is in the sitemap, with its canonical address and a description", async () => {
    // The sitemap is written at build time from the build's SITE_URL: compare addresses by their path.
    const sitemap = await (await fetch(`${site.url}/sitemap.xml`)).text();
    const paths = [...sitemap.matchAll(/<loc>(.*?)<\/loc>/g)].map((match) => new URL(match[1]).pathname);
    expect(paths).toContain("/privacy");
    const html = await (await fetch(`${site.url}/privacy`)).text();
    const canonical = html.match(/<link rel="canonical" href="([^"]+)"/)?.[1];
    expect(canonical && new URL(canonical).pathname).toBe("/privacy");
    expect(html).toMatch(/<meta name="description" content="What Dr. Divya Sharma&#x27;s clinic does with the details/);
  });
});

describe("links to the notice", () => {
  it.each(["/", "/articles", ARTICLE, "/book", "/privacy", "/no-such-page"])(
    "are in the footer of %s",
    async (path) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${site.url}${path}`);
      const link = page.locator("footer").getByRole("link", { name: "Privacy notice", exact: true });
      await expect(link.count()).resolves.toBe(1);
      await expect(link.getAttribute("href")).resolves.toBe("/privacy");
      await context.close();
    },
  );

  it("leads from the footer to the notice", async () => {
    const page = await openPage(true, "/");
    await page.locator("footer").getByRole("link", { name: "Privacy notice" }).click();
    await page.waitForURL("**/privacy");
    await expect(page.locator("h1").textContent()).resolves.toBe("Privacy notice");
    await page.context().close();
  });

  it.each([false, true])(
    "are in the booking form's consent label, opening the notice in a new tab (JavaScript %s)",
    async (javaScript) => {
      const page = await openPage(javaScript, "/book");
      const consent = page.getByRole("checkbox", { name: /as its privacy notice \(opens in a new tab\) says/ });
      await expect(consent.count()).resolves.toBe(1);
      await page.getByLabel("Full name", { exact: true }).fill("Asha Rao");
      const link = page.locator('label[for="consent"] a[href="/privacy"]');
      const [notice] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
      await notice.waitForLoadState();
      expect(new URL(notice.url()).pathname).toBe("/privacy");
      await expect(notice.locator("h1").textContent()).resolves.toBe("Privacy notice");
      // The form stays as the patron left it, and following the link did not tick the box.
      await expect(page.getByLabel("Full name", { exact: true }).inputValue()).resolves.toBe("Asha Rao");
      await expect(consent.isChecked()).resolves.toBe(false);
      await page.context().close();
    },
  );
});
