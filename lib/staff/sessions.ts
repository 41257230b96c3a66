// Staff sessions: a new 256-bit token at each sign-in, in a cookie the browser keeps to this site alone
// (`__Host-`, Secure, HttpOnly, SameSite=Lax, path /), and in the database as its hash. A session lasts 8 hours in
// all and ends after 60 minutes without use; both are checked here, on the server, at every page and action, with
// the "now" the edge passes in. Signing out ends it in the database, so its old cookie opens nothing.
import type { ClinicStore } from "../store/clinic-store";
import type { StaffMember } from "../store/staff-store";
import { hashToken, isToken } from "./tokens";

export const SESSION_COOKIE = "__Host-clinic-staff";
export const SESSION_MAX_MS = 8 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 60 * 60 * 1000;

/** The cookie's attributes; it also expires in the browser when the session would. */
export const SESSION_COOKIE_OPTIONS = {
  httpOnly: true,
  secure: true,
  sameSite: "lax",
  path: "/",
  maxAge: SESSION_MAX_MS / 1000,
} as const;

export interface StaffSession {
  member: StaffMember;
  /** The hash the session is kept under, to end it. */
  tokenHash: string;
}

/** The session a cookie's token opens at `now`, marked as seen; undefined if none, ended, too old or idle too long. */
export async function openSession(store: ClinicStore, token: string | undefined, now: Date): Promise<StaffSession | undefined> {
  if (!isToken(token)) return undefined;
  const tokenHash = hashToken(token);
  const found = await store.findStaffSession(tokenHash);
  if (!found || found.endedAt || found.member.removedAt) return undefined;
  if (now.getTime() - found.createdAt.getTime() >= SESSION_MAX_MS) return undefined;
  if (now.getTime() - found.lastSeenAt.getTime() >= SESSION_IDLE_MS) return undefined;
  await store.touchStaffSession(tokenHash, now);
  return { member: found.member, tokenHash };
}

/** Ends the session a cookie's token opens, if any. */
export async function endSession(store: ClinicStore, token: string | undefined, now: Date): Promise<void> {
  if (isToken(token)) await store.endStaffSession(hashToken(token), now);
}
