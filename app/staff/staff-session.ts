// The staff area's check at every page and action, on the server: the session the cookie opens now (lib/staff), and
// for an action also that it was posted from the site's own pages (its Origin is SITE_URL's). Without a session, a
// page answers with the sign-in page and an action changes nothing.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientAddress } from "@/lib/booking/guard";
import { getConfig } from "@/lib/config";
import { siteOrigin } from "@/lib/staff/origin";
import { openSession, SESSION_COOKIE, SESSION_COOKIE_OPTIONS, type StaffSession } from "@/lib/staff/sessions";
import { getStore } from "@/lib/store";

export const SIGN_IN_PAGE = "/staff/sign-in";

async function sessionAt(now: Date): Promise<StaffSession | undefined> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return openSession(await getStore(), token, now);
}

/** The signed-in member for a page rendered at `now`; anyone else is sent to the sign-in page. */
export async function staffOnPage(now: Date): Promise<StaffSession> {
  const session = await sessionAt(now);
  if (!session) redirect(SIGN_IN_PAGE);
  return session;
}

/** Whether the request was posted from this site's own pages, as SITE_URL names it (never as the request's headers do). */
export async function postedFromThisSite(): Promise<boolean> {
  return (await headers()).get("origin") === siteOrigin();
}

/** The signed-in member for an action posted at `now` from the site's own pages; anyone else changes nothing. */
export async function staffForAction(now: Date): Promise<StaffSession> {
  if (!(await postedFromThisSite())) redirect(SIGN_IN_PAGE);
  return staffOnPage(now);
}

/** Gives the browser a new session's token. */
export async function setSessionCookie(token: string): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, token, SESSION_COOKIE_OPTIONS);
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete({ name: SESSION_COOKIE, path: "/", secure: true, httpOnly: true, sameSite: "lax" });
}

/** The client's address as the booking limit reads it, for the sign-in limit. */
export async function requestClientAddress(): Promise<string> {
  return clientAddress((await headers()).get("x-forwarded-for"), getConfig().trustedProxy);
}
