// Debian's Chromium driven by playwright-core (Playwright's own browser download does not work offline).
import fs from "node:fs";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags that let Debian's Chromium run headless here: no sandbox (root, containers), GPU, QUIC or background calls. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
  });
}

/**
 * Waits until React has hydrated `element` (it attaches its fiber to the elements it hydrated). A field filled before
 * then fires its change event into nothing, so a test that types at once would wait for times that are never asked.
 */
export async function hydrated(element: Locator, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await element.evaluate((el) => Object.keys(el).some((key) => key.startsWith("__react"))))) {
    if (Date.now() > until) throw new Error(`the page's script did not take over ${element} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Fills the booking form as a patron would: a video consultation in the evening. */
export async function fillBooking(page: Page, patron: { name: string; mobile: string; email: string; date: string }) {
  await page.getByLabel("Full name", { exact: true }).fill(patron.name);
  await page.getByLabel("Mobile number", { exact: true }).fill(patron.mobile);
  await page.getByLabel("Email", { exact: true }).fill(patron.email);
  await page.getByLabel("Video consultation", { exact: true }).check();
  await page.getByLabel("Preferred date", { exact: true }).fill(patron.date);
  await page.getByLabel("Evening, 4 PM to 7 PM", { exact: true }).check();
  await page.getByLabel("Reason for consultation", { exact: true }).fill("Acne scars on both cheeks; asking about microneedling.");
  await page.getByLabel(/I agree that the clinic may contact me/).check();
}
