// The staff area as staff live it, in Chromium with a virtual authenticator (the DevTools protocol's WebAuthn domain)
// against the production build on http://localhost: enrol from the link `npm run staff -- invite` prints, land on
// /staff, sign out, sign in again, add a second passkey, remove the first; and everything that must be refused, each
// showing nothing of the staff area: no cookie, a forged or altered one, a signed-out session's old cookie, a removed
// member's live session, a session idle past 60 minutes (a second server under libfaketime shares the database),
// an enrolment link used twice or after its hour, an authenticator that does not verify the user, a passkey's answer
// for another origin, an action posted from a foreign Origin; and every /staff route in the build's own route list
// answers the sign-in page without a session. Every staff page is in English, outside the patrons' languages, with
// the site's stylesheet, and a reference or link that does not exist gets the staff area's own "Page not found".
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { newDatabasePath, startSite, type RunningSite } from "../support/site";
import {
  device as newDevice,
  enrol,
  inviteFromCommandLine,
  SESSION_COOKIE,
  sessionCookie,
  staffCommand as runStaffCommand,
  textOf,
  type Device,
} from "../support/staff-area";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATABASE_PATH = newDatabasePath();
const COMMON_ENV = {
  DATABASE_PATH,
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  STAFF_LINK_SECRET: "staff-e2e-secret-0123456789abcdef0123",
  MAIL_DIR: path.join(path.dirname(DATABASE_PATH), "mail"),
  DELIVERY_LOOP: "off",
};

let site: RunningSite;
let browser: Browser;

beforeAll(async () => {
  site = await startSite(COMMON_ENV, { siteHost: "localhost" });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** `npm run staff -- ARGS` against the site's database. */
const staffCommand = (args: string[], siteUrl = site.url) => runStaffCommand(COMMON_ENV, args, siteUrl);
const invite = (name: string, email: string, siteUrl = site.url) => inviteFromCommandLine(COMMON_ENV, name, email, siteUrl);
const device = (options?: { userVerified?: boolean }) => newDevice(browser, options);

async function signIn({ page }: Device) {
  await page.goto(`${site.url}/staff/sign-in`);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
}

/**
 * Changes the passkey options on their way to `page` to ask for no user verification. The browser itself refuses an
 * authenticator that cannot verify its user when the site requires it; so the site's own check is what refuses.
 */
async function askingForNoVerification(page: Page) {
  await page.route(/\/staff\/(enrol\/[^/]+|sign-in)$/, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const response = await route.fetch();
    const body = (await response.text()).replaceAll('"userVerification":"required"', '"userVerification":"discouraged"');
    await route.fulfill({ response, body });
  });
}

/** What the site answers a GET of `pathname` with this cookie: where it ended up and what it said. */
async function getWithCookie(pathname: string, cookie: string | undefined, base = site.url) {
  const response = await fetch(`${base.replace("localhost", "127.0.0.1")}${pathname}`, {
    headers: { Host: new URL(base).host, ...(cookie ? { Cookie: `${SESSION_COOKIE}=${cookie}` } : {}) },
    redirect: "manual",
  });
  // React separates adjacent text with empty comments; the text as a person reads it has none.
  return { status: response.status, location: response.headers.get("location"), body: (await response.text()).replaceAll("<!-- -->", "") };
}

/** Whether an answer is the sign-in page (or a redirect to it), with nothing of the staff area in it. */
function isSignInAnswer(answer: { status: number; location: string | null; body: string }, member = "Asha Rao") {
  const redirected = answer.status === 307 && answer.location?.endsWith("/staff/sign-in");
  return Boolean(redirected && !answer.body.includes(member) && !answer.body.includes("Signed in as"));
}

describe("a staff member with passkeys", () => {
  it("enrols from the command's link, lands on /staff, signs out, signs in again, adds a second passkey and removes the first", async () => {
    const phone = await device();
    const { page, context } = phone;
    const link = invite("Asha Rao", "asha@example.test");

    // Opening the link signs nobody in.
    await page.goto(link);
    expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe("Welcome, Asha Rao");
    expect(await sessionCookie(context)).toBeUndefined();

    await enrol(phone, link, "Asha's phone");
    await page.waitForURL(`${site.url}/staff?done=enrolled`);
    await page.getByText("Signed in as Asha Rao").waitFor();
    const first = await sessionCookie(context);
    expect(first).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect(first!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/staff\/sign-in/);
    expect(await sessionCookie(context)).toBeUndefined();
    // Its old cookie, sent again, opens nothing: the session ended on the server.
    expect(isSignInAnswer(await getWithCookie("/staff", first!.value))).toBe(true);

    await signIn(phone);
    await page.waitForURL(`${site.url}/staff`);
    await page.getByText("Signed in as Asha Rao").waitFor();
    const second = await sessionCookie(context);
    expect(second!.value).not.toBe(first!.value);

    // A security key as the second passkey; the phone's authenticator is set aside so the browser uses the key.
    const phoneCredentials = (await phone.cdp.send("WebAuthn.getCredentials", { authenticatorId: phone.authenticatorId })).credentials;
    expect(phoneCredentials).toHaveLength(1);
    await phone.cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: phone.authenticatorId });
    const { authenticatorId: keyId } = await phone.cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "usb", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    await page.goto(`${site.url}/staff/passkeys`);
    await page.getByLabel("Name this passkey (optional)").fill("Blue key");
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await page.waitForURL(`${site.url}/staff/passkeys?done=added`);
    await page.getByRole("heading", { level: 2, name: "Blue key" }).waitFor();

    await page.getByRole("button", { name: "Remove “Asha's phone”" }).click();
    await page.waitForURL(`${site.url}/staff/passkeys?done=removed`);
    expect(await page.getByRole("heading", { level: 2, name: "Asha's phone" }).count()).toBe(0);
    // The last passkey cannot be removed.
    expect(await page.getByRole("button", { name: "Remove “Blue key”" }).count()).toBe(0);

    // Signed out, the key signs her in; the phone's removed passkey no longer does.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/staff\/sign-in/);
    await signIn(phone);
    await page.waitForURL(`${site.url}/staff`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/staff\/sign-in/);

    await phone.cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: keyId });
    const { authenticatorId: oldPhone } = await phone.cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    await phone.cdp.send("WebAuthn.addCredential", { authenticatorId: oldPhone, credential: phoneCredentials[0] });
    await signIn(phone);
    expect(await textOf(page.locator(".passkey [role=alert]"))).toMatch(/did not sign you in/);
    expect(await sessionCookie(context)).toBeUndefined();

    // Who did what with her access, in words.
    const audit = staffCommand(["audit", "asha@example.test"]).stdout;
    for (const line of [/passkey created from the link "Asha's phone"/, /signed out/, /passkey added "Blue key"/, /passkey removed "Asha's phone"/]) {
      expect(audit).toMatch(line);
    }
    expect(audit.match(/ signed in/g)).toHaveLength(3);

    // The link was used: it creates nothing a second time.
    await page.goto(link);
    expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe("This link cannot be used");
    await page.getByText(/used already/).waitFor();
    await context.close();
  });
});

describe("the staff area's pages", () => {
  let uma: Device;
  let umaCookie: string;

  beforeAll(async () => {
    uma = await device();
    await enrol(uma, invite("Uma Nair", "uma@example.test"), "Uma's phone");
    await uma.page.waitForURL(/\/staff\?done=enrolled/);
    umaCookie = (await sessionCookie(uma.context))!.value;
  });

  afterAll(async () => {
    await uma?.context.close();
  });

  it("are in English, outside the patrons' languages, with the site's stylesheet", async () => {
    const enrolment = new URL(invite("Vani Rao", "vani@example.test")).pathname;
    const pages: [string, string | undefined][] = [
      ["/staff", umaCookie],
      ["/staff/passkeys", umaCookie],
      ["/staff/members", umaCookie],
      ["/staff/sign-in", undefined],
      [enrolment, undefined],
    ];
    for (const [pathname, cookie] of pages) {
      const answer = await getWithCookie(pathname, cookie);
      expect(answer.status, pathname).toBe(200);
      expect(answer.body, pathname).toMatch(/^<!DOCTYPE html><html lang="en-IN">/);
      // globals.css, inlined as every page's.
      expect(answer.body, pathname).toMatch(/<style[^>]*>[^<]*\.staff-nav\{/);
      // No language switcher: the staff area has no Kannada or Hindi page to switch to.
      expect(answer.body.replace(/<script[\s\S]*?<\/script>/g, ""), pathname).not.toMatch(/hrefLang|ಕನ್ನಡ|हिन्दी/);
    }
    // Under a language prefix, the staff area is no page.
    expect((await getWithCookie("/kn/staff", umaCookie)).status).toBe(404);
  });

  it("answer a reference or an enrolment link that does not exist with the staff area's 'Page not found'", async () => {
    for (const pathname of ["/staff/appointments/DS-NONE-0000", "/staff/enrol/no-such-link"]) {
      const answer = await uma.page.goto(`${site.url}${pathname}`);
      expect(answer?.status(), pathname).toBe(404);
      // Drawn by the browser: Next.js 16.4 sends an empty document for a notFound() under a layout drawing <html>.
      await uma.page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
      expect(await uma.page.locator("html").getAttribute("lang"), pathname).toBe("en-IN");
      expect(await uma.page.getByRole("link", { name: "Go to the diary" }).getAttribute("href"), pathname).toBe("/staff");
    }
  });
});

describe("refused, with nothing of the staff area shown", () => {
  let ravi: Device;
  let raviCookie: string;

  beforeAll(async () => {
    ravi = await device();
    await enrol(ravi, invite("Ravi Kumar", "ravi@example.test"), "Ravi's phone");
    await ravi.page.waitForURL(/\/staff\?done=enrolled/);
    raviCookie = (await sessionCookie(ravi.context))!.value;
  });

  afterAll(async () => {
    await ravi?.context.close();
  });

  it("no cookie, a forged cookie and an altered one", async () => {
    const live = await getWithCookie("/staff", raviCookie);
    expect(live.status).toBe(200);
    expect(live.body).toContain("Ravi Kumar");
    const altered = `${raviCookie.slice(0, 20)}${raviCookie[20] === "A" ? "B" : "A"}${raviCookie.slice(21)}`;
    for (const cookie of [undefined, "forged", "A".repeat(43), altered, `${raviCookie}=`]) {
      expect(isSignInAnswer(await getWithCookie("/staff", cookie), "Ravi Kumar"), `cookie ${cookie}`).toBe(true);
    }
  });

  it("every /staff route in the build's own route list answers the sign-in page without a session", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/app-paths-manifest.json"), "utf8")) as Record<string, string>;
    const staffRoutes = Object.keys(manifest)
      .filter((route) => route === "/staff/page" || route.startsWith("/staff/"))
      .map((route) => route.replace(/\/(page|route)$/, ""));
    // Pages of their own key, not of a session: the sign-in page, an enrolment link's, the email links' pages (signed
    // links for one request, checked by proxy.ts; tests/e2e/appointments.test.ts) and a member's calendar feed (its
    // token; tests/e2e/staff-diary.test.ts).
    const ownKey = ["/staff/sign-in", "/staff/enrol/[token]", "/staff/requests/[token]", "/staff/calendar/[file]"];
    const guarded = staffRoutes.filter((route) => !ownKey.includes(route));
    expect(guarded).toEqual(expect.arrayContaining(["/staff", "/staff/passkeys", "/staff/members"]));
    for (const route of guarded) {
      const pathname = route.replace(/\[[^\]]+\]/g, "x");
      const answer = await getWithCookie(pathname, undefined);
      expect(isSignInAnswer(answer), `${pathname}: ${answer.status} ${answer.location}`).toBe(true);
      const followed = await fetch(`${site.url.replace("localhost", "127.0.0.1")}${pathname}`, { headers: { Host: new URL(site.url).host } });
      expect(await followed.text()).toContain("<h1>Staff sign in</h1>");
    }
  });

  it("an action posted from a foreign Origin, or with none", async () => {
    invite("Meena Pillai", "meena@example.test");
    const form = new FormData();
    form.set("email", "meena@example.test");
    for (const origin of ["http://evil.example", "null", undefined]) {
      const response = await fetch(`${site.url.replace("localhost", "127.0.0.1")}/staff/members`, {
        method: "POST",
        headers: { Host: new URL(site.url).host, Cookie: `${SESSION_COOKIE}=${raviCookie}`, ...(origin ? { Origin: origin } : {}) },
        body: form,
      });
      expect(response.status, `Origin ${origin}`).toBe(403);
    }
    expect(staffCommand([]).stdout).toContain("Meena Pillai");
  });

  it("a removed member's live session, at once", async () => {
    const kiran = await device();
    await enrol(kiran, invite("Kiran Shetty", "kiran@example.test"), "Kiran's phone");
    await kiran.page.waitForURL(/\/staff\?done=enrolled/);
    const cookie = (await sessionCookie(kiran.context))!.value;
    expect((await getWithCookie("/staff", cookie)).status).toBe(200);

    expect(staffCommand(["remove", "kiran@example.test"]).stdout).toContain("Removed Kiran Shetty");
    expect(isSignInAnswer(await getWithCookie("/staff", cookie), "Kiran Shetty")).toBe(true);
    await kiran.page.goto(`${site.url}/staff/passkeys`);
    expect(kiran.page.url()).toBe(`${site.url}/staff/sign-in`);
    await kiran.context.close();
  });

  it("an authenticator that does not verify its user creates no passkey and signs nobody in", async () => {
    const unverified = await device({ userVerified: false });
    await askingForNoVerification(unverified.page);
    const link = invite("Lata Nair", "lata@example.test");
    await enrol(unverified, link, "Lata's phone");
    expect(await textOf(unverified.page.locator(".passkey [role=alert]"))).toMatch(/could not be checked, so nothing was saved/);
    expect(await sessionCookie(unverified.context)).toBeUndefined();
    expect(unverified.page.url()).toBe(link);
    expect(staffCommand([]).stdout).toMatch(/Lata Nair <lata@example.test>.*\n {2}no passkey yet/);

    // Ravi's passkey, on a phone that does not verify him this time, does not sign him in either.
    const before = (await sessionCookie(ravi.context))!.value;
    await askingForNoVerification(ravi.page);
    await ravi.cdp.send("WebAuthn.setUserVerified", { authenticatorId: ravi.authenticatorId, isUserVerified: false });
    try {
      await signIn(ravi);
      expect(await textOf(ravi.page.locator(".passkey [role=alert]"))).toMatch(/did not sign you in/);
      expect((await sessionCookie(ravi.context))!.value).toBe(before);
    } finally {
      await ravi.cdp.send("WebAuthn.setUserVerified", { authenticatorId: ravi.authenticatorId, isUserVerified: true });
      await ravi.page.unrouteAll();
    }
    await unverified.context.close();
  });

  it("a passkey's answer made for another origin", async () => {
    // The same build and database at another origin: the passkey (rpID localhost) answers there, and that answer,
    // with a challenge this site issued, is sent to this site.
    const other = await startSite(COMMON_ENV, { siteHost: "localhost" });
    try {
      const page = ravi.page;
      let captured: { headers: Record<string, string>; body: string } | undefined;
      await page.route(`${other.url}/staff/sign-in`, async (route) => {
        const request = route.request();
        const body = request.postData() ?? "";
        if (request.method() === "POST" && body.includes("clientDataJSON")) {
          captured = { headers: request.headers(), body };
          await route.abort();
        } else await route.continue();
      });
      await page.goto(`${other.url}/staff/sign-in`);
      await page.getByRole("button", { name: "Sign in with a passkey" }).click();
      const deadline = Date.now() + 15_000;
      while (!captured && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(captured).toBeDefined();
      const response = await fetch(`${site.url.replace("localhost", "127.0.0.1")}/staff/sign-in`, {
        method: "POST",
        headers: { ...captured!.headers, host: new URL(site.url).host, origin: site.url, cookie: "" },
        body: captured!.body,
      });
      const answer = await response.text();
      expect(answer).toContain("did not sign you in");
      expect(response.headers.get("set-cookie") ?? "").not.toContain(SESSION_COOKIE);
    } finally {
      await ravi.page.unrouteAll();
      await other.stop();
    }
  });

  it("a session idle for more than 60 minutes, and an enrolment link after its hour, on a server whose clock is 61 minutes on", async () => {
    const link = invite("Anil Das", "anil@example.test");
    const later = await startSite(COMMON_ENV, { siteHost: "localhost", prefix: ["/usr/bin/faketime", "-f", "+3660"] });
    try {
      expect(isSignInAnswer(await getWithCookie("/staff", raviCookie, later.url), "Ravi Kumar")).toBe(true);
      const expired = await getWithCookie(new URL(link).pathname, undefined, later.url);
      expect(expired.body).toContain("This link has expired");
      expect(expired.body).not.toContain("Create a passkey");
      // Now, on the site's own clock, both are still good: it was the hour that ended them.
      expect((await getWithCookie("/staff", raviCookie)).status).toBe(200);
      expect((await getWithCookie(new URL(link).pathname, undefined)).body).toContain("Welcome, Anil Das");
    } finally {
      await later.stop();
    }
  });
});
