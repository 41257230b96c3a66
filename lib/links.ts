// Links in emails are capabilities: each names one purpose and one request, expires, and is signed (HMAC-SHA256 over
// the version, the key id, the purpose, the reference and the expiry) with STAFF_LINK_SECRET. Several secrets may be
// set, newest first: links are signed with the newest and verified against any, so the secret can be rotated without
// breaking links already sent. A link only opens a page; what it may do is then checked against the request's state.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { getConfig } from "./config";
import { generatedSecret } from "./generated-secret";
import { DEFAULT_LANGUAGE, pathIn, type Language } from "./i18n/languages";
import { processSingleton } from "./process-singleton";

/**
 * Whose page a link opens: staff act on a request; the patron answers a proposed time or manages their appointment
 * (the page offers what the appointment's state allows), or withdraws consent and has their details deleted.
 */
export type LinkPurpose = "staff" | "patron" | "withdraw";
const PURPOSES: readonly LinkPurpose[] = ["staff", "patron", "withdraw"];

/** Where each purpose's page is. */
export const LINK_PAGES: Record<LinkPurpose, string> = {
  staff: "/staff/requests",
  patron: "/appointments",
  withdraw: "/privacy/withdraw",
};

const VERSION = "v1";
const REFERENCE = /^[A-Z0-9-]{4,40}$/;

/** Staff links last two weeks: long enough for a request's life, short enough that an old email is not a key. */
export const STAFF_LINK_DAYS = 14;

/** A withdrawal link lasts a year from its email: later, the details are long erased, and a call does the rest. */
export const WITHDRAW_LINK_DAYS = 365;

export interface LinkKey {
  id: string;
  secret: string;
}

export type LinkCheck =
  | { valid: true; reference: string; expiresAt: Date }
  /** "forged": not ours, altered, or for another purpose (404); "expired": ours, but too old (410). */
  | { valid: false; reason: "forged" | "expired" };

/** A key's id is derived from the secret, so that nobody has to name keys and no two secrets share one. */
export function linkKey(secret: string): LinkKey {
  return { id: createHash("sha256").update(`link key id:${secret}`).digest("base64url").slice(0, 8), secret };
}

function signature(key: LinkKey, payload: string): Buffer {
  return createHmac("sha256", key.secret).update(payload).digest();
}

/** The token for a link: its fields in clear (none personal) and their signature with the newest key. */
export function signLink(keys: LinkKey[], purpose: LinkPurpose, reference: string, expiresAt: Date): string {
  const [key] = keys;
  const payload = [VERSION, key.id, purpose, reference, expiresAt.getTime().toString(36)].join(".");
  return `${payload}.${signature(key, payload).toString("base64url")}`;
}

export function verifyLink(keys: LinkKey[], token: string, purpose: LinkPurpose, now: Date): LinkCheck {
  const forged = { valid: false, reason: "forged" } as const;
  const parts = token.split(".");
  if (parts.length !== 6) return forged;
  const [version, keyId, linkPurpose, reference, expiry, mac] = parts;
  const key = keys.find((candidate) => candidate.id === keyId);
  if (version !== VERSION || !key || !PURPOSES.includes(linkPurpose as LinkPurpose) || !REFERENCE.test(reference)) {
    return forged;
  }
  // Compared as text, not decoded: base64url decoding ignores stray characters and spare bits, so one signature would
  // have several spellings.
  const expected = Buffer.from(signature(key, parts.slice(0, 5).join(".")).toString("base64url"));
  const given = Buffer.from(mac);
  // Lengths first: timingSafeEqual throws on unequal lengths, and a length says nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return forged;
  // Checked after the signature, so that a purpose cannot be swapped in: a staff link is no patron's, and back.
  if (linkPurpose !== purpose) return forged;
  const expiresAt = new Date(parseInt(expiry, 36));
  if (!Number.isFinite(expiresAt.getTime())) return forged;
  if (now.getTime() >= expiresAt.getTime()) return { valid: false, reason: "expired" };
  return { valid: true, reference, expiresAt };
}

const keys = processSingleton("link-keys", () => ({ loaded: undefined as LinkKey[] | undefined }));

/** The server's link keys: STAFF_LINK_SECRET's, or one generated into var/ (said once, in the log). */
export function getLinkKeys(): LinkKey[] {
  keys.loaded ??= (() => {
    const configured = getConfig().staffLinkSecrets;
    if (configured) return configured.map(linkKey);
    const { secret, file, created } = generatedSecret("staff-link-secret");
    console.warn(
      `[links] STAFF_LINK_SECRET is not set: links in emails are signed with the secret ${created ? "just generated into" : "kept in"} ${file}. ` +
        "In production set STAFF_LINK_SECRET (the same on every server), as .env.example says.",
    );
    return [linkKey(secret)];
  })();
  return keys.loaded;
}

/**
 * The address of the page a link opens (LINK_PAGES), such as /staff/requests/… for staff; a patron's in the language
 * they booked in (/kn/appointments/…). Staff pages have one language, English.
 */
export function linkUrl(purpose: LinkPurpose, reference: string, expiresAt: Date, language: Language = DEFAULT_LANGUAGE): string {
  const token = signLink(getLinkKeys(), purpose, reference, expiresAt);
  const page = purpose === "staff" ? LINK_PAGES[purpose] : pathIn(language, LINK_PAGES[purpose]);
  return `${getConfig().siteUrl}${page}/${token}`;
}
