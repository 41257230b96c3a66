// The privacy notice (content/privacy.md, shown at /privacy): read, checked and rendered once like an article; the
// values that come from the running server's settings (how long details are kept, whom to contact) are filled in each
// time it is shown, so the page never states a retention the server does not apply.
import path from "node:path";
import { z } from "zod";
import { renderMarkdown } from "../articles";
import type { ClinicSettings } from "../clinic";
import { CONTENT_DIR, ContentError, isoDateField, readContentFile } from "../content-file";
import { escapeHtml } from "../html";

export const PRIVACY_NOTICE_FILE = path.join(CONTENT_DIR, "privacy.md");

/** What each placeholder the notice may use is filled in with. Every one of them must appear in the notice. */
export const PRIVACY_PLACEHOLDERS = {
  retentionDays: "the number of days the server keeps a request's details (RETENTION_DAYS)",
  clinicEmail: "the clinic's email, as a link",
  clinicPhone: "the clinic's phone, as a link",
  privacyContact:
    "who answers questions about personal data (privacyContact in content/clinic.md), with their email and phone; " +
    "until the clinic names them, \"the clinic\" with its email and phone",
} as const;

export type PrivacyPlaceholder = keyof typeof PRIVACY_PLACEHOLDERS;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

const VERSION_ERROR = 'must be a short version such as "1" or "2026-11" (letters, digits, dots and hyphens; quote it if it has a dot, as "1.1")';

const frontmatterSchema = z.strictObject({
  title: z.string({ error: "is required (the page's heading, such as Privacy notice)" }).trim().min(1, { error: "must not be empty" }),
  description: z
    .string({ error: "is required (one sentence for search results)" })
    .trim()
    .min(1, { error: "must not be empty" }),
  // A whole number is accepted as YAML writes it (version: 2); any other number would lose digits (1.10 is 1.1).
  version: z
    .union([z.string(), z.int()], { error: VERSION_ERROR })
    .transform((value) => String(value).trim())
    .pipe(z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,18}[A-Za-z0-9])?$/, { error: VERSION_ERROR })),
  updated: isoDateField,
});

export interface PrivacyNotice {
  /** The notice's version as the clinic wrote it, such as "1" or "2026-11": what a patron agrees to is this version. */
  version: string;
  /** The date of this version, YYYY-MM-DD. */
  updated: string;
  title: string;
  description: string;
  /** The body as sanitized HTML, its placeholders not yet filled in: see fillPrivacyNotice. */
  html: string;
}

/** The values the placeholders are filled in with: the running server's retention and the clinic's settings. */
export interface PrivacyNoticeSettings {
  retentionDays: number;
  clinic: Pick<ClinicSettings, "email" | "phone" | "phoneDisplay" | "privacyContact">;
}

/** Reads and checks a notice file; a mistake throws a ContentError naming the file and what is wrong. */
export function readPrivacyNotice(file: string = PRIVACY_NOTICE_FILE): PrivacyNotice {
  const label = path.relative(process.cwd(), file) || file;
  const { data, body } = readContentFile(file, frontmatterSchema);
  if (body.trim() === "") throw new ContentError(`${label}: the notice's text (below the frontmatter) is empty`);

  const written = countPlaceholders(body);
  const known = Object.keys(PRIVACY_PLACEHOLDERS);
  const list = known.map((name) => `{{${name}}}`).join(", ");
  const problems: string[] = [];
  for (const name of written.keys()) {
    if (!known.includes(name)) problems.push(`${label}: unknown placeholder {{${name}}}; the placeholders are ${list}`);
  }
  for (const name of known) {
    if (!written.has(name)) {
      problems.push(`${label}: the notice must say {{${name}}} somewhere (${PRIVACY_PLACEHOLDERS[name as PrivacyPlaceholder]})`);
    }
  }
  if (problems.length > 0) throw new ContentError(problems.join("\n"));

  const html = renderMarkdown(body);
  // A placeholder in a link's address, an image or raw HTML does not survive rendering as text, and would be shown
  // unfilled or not at all.
  const rendered = countPlaceholders(html);
  for (const [name, count] of written) {
    if (rendered.get(name) !== count) {
      problems.push(`${label}: {{${name}}} can only be used in the text, not in a link's address, an image or HTML`);
    }
  }
  if (problems.length > 0) throw new ContentError(problems.join("\n"));
  return { ...data, html };
}

let notice: PrivacyNotice | undefined;

/** The clinic's privacy notice: read and checked on the first call, then kept. */
export function getPrivacyNotice(): PrivacyNotice {
  notice ??= readPrivacyNotice();
  return notice;
}

/** The notice's HTML with every placeholder filled in from `settings`, each value escaped. */
export function fillPrivacyNotice(notice: PrivacyNotice, { retentionDays, clinic }: PrivacyNoticeSettings): string {
  const contact = clinic.privacyContact;
  const reach = (email: string, phone: string, phoneDisplay: string) =>
    `${emailLink(email)} or ${phoneLink(phone, phoneDisplay)}`;
  const values: Record<PrivacyPlaceholder, string> = {
    retentionDays: String(retentionDays),
    clinicEmail: emailLink(clinic.email),
    clinicPhone: phoneLink(clinic.phone, clinic.phoneDisplay),
    privacyContact: contact
      ? `${escapeHtml(contact.name)}, at ${reach(
          contact.email ?? clinic.email,
          contact.phone ?? clinic.phone,
          contact.phone ?? clinic.phoneDisplay,
        )}`
      : `the clinic, at ${reach(clinic.email, clinic.phone, clinic.phoneDisplay)}`,
  };
  return notice.html.replace(PLACEHOLDER, (_match, name: string) => values[name as PrivacyPlaceholder]);
}

function countPlaceholders(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, name] of text.matchAll(PLACEHOLDER)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function emailLink(email: string): string {
  return `<a href="mailto:${escapeHtml(email)}">${escapeHtml(email)}</a>`;
}

function phoneLink(phone: string, display: string): string {
  return `<a href="tel:${escapeHtml(phone)}">${escapeHtml(display)}</a>`;
}
