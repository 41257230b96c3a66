// The staff area from a test: `npm run staff` against a test site's database, browsers holding a virtual passkey
// authenticator (the DevTools protocol's WebAuthn domain), and enrolling from a link.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { expect } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const SESSION_COOKIE = "__Host-clinic-staff";

/** `npm run staff -- ARGS` with the site's settings `env`, as whoever runs the site would type it. */
export function staffCommand(env: Record<string, string>, args: string[], siteUrl: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "lib/cli/staff.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, SITE_URL: siteUrl, NODE_ENV: "production" },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Invites `name` from the command line and returns the one-time link it printed. */
export function inviteFromCommandLine(env: Record<string, string>, name: string, email: string, siteUrl: string): string {
  const { status, stdout, stderr } = staffCommand(env, ["invite", name, email], siteUrl);
  expect(status, stderr).toBe(0);
  const link = stdout.match(/http:\/\/localhost:\d+\/staff\/enrol\/[A-Za-z0-9_-]{43}/)?.[0];
  expect(link, stdout).toBeDefined();
  return link!;
}

export interface Device {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
}

/**
 * A browser with a phone-like passkey authenticator that verifies its user (fingerprint, face or PIN), or one that
 * cannot (a plain security key without a PIN).
 */
export async function device(browser: Browser, { userVerified = true, javaScriptEnabled = true } = {}): Promise<Device> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: userVerified, isUserVerified: userVerified },
  });
  return { context, page, cdp, authenticatorId };
}

/** The text of the first element `locator` finds, once it is there. */
export async function textOf(locator: ReturnType<Page["locator"]>): Promise<string> {
  await locator.first().waitFor();
  return ((await locator.first().textContent()) ?? "").trim();
}

export async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
}

/** Opens an enrolment link and creates a passkey named `name` from it. */
export async function enrol({ page }: Device, link: string, name: string) {
  await page.goto(link);
  await page.getByLabel("Name this passkey (optional)").fill(name);
  await page.getByRole("button", { name: "Create a passkey" }).click();
}
