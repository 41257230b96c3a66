// The staff area's bearer tokens (a session's cookie, an enrolment link): 256 random bits, base64url, kept in the
// database only as their SHA-256, so a copy of the database signs nobody in.
import { createHash, randomBytes } from "node:crypto";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Whether `value` has the shape of a token: anything else is refused before the database is asked. */
export function isToken(value: string | undefined): value is string {
  return value !== undefined && TOKEN.test(value);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
