// The privacy notice (content/privacy.md, shown at /privacy, and its translations content/privacy.<language>.md at
// /kn/privacy, /hi/privacy): read, checked and rendered once like an article; the values that come from the running
// server's settings (how long details are kept, whom to contact) are filled in each time it is shown, so the page
// never states a retention the server does not apply. A translation says what the English notice says, so it must
// carry English's version: one behind stops the build rather than showing a patron an older notice.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { renderMarkdown } from "../articles";
import { shownLanguages, type ClinicSettings } from "../clinic";
import { CONTENT_DIR, ContentError, isoDateField, readContentFile } from "../content-file";
import { escapeHtml } from "../html";
import { DEFAULT_LANGUAGE, LANGUAGE_NAMES_IN_ENGLISH, type Language } from "../i18n/languages";
import { translator } from "../i18n/messages";

/** Where `language`'s notice is written: privacy.md for English, privacy.<language>.md for a translation. */
export function privacyNoticeFile(language: Language, contentDir: string = CONTENT_DIR): string {
  return path.join(contentDir, language === DEFAULT_LANGUAGE ? "privacy.md" : `privacy.${language}.md`);
}

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
  /** The language the notice is written in: what a patron agreed to is this language's text. */
  language: Language;
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
export function readPrivacyNotice(file: string, language: Language = DEFAULT_LANGUAGE): PrivacyNotice {
  const label = labelOf(file);
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
  return { language, ...data, html };
}

/** The notice in English and in each other language of `languages`. */
export type PrivacyNotices = { en: PrivacyNotice } & Partial<Record<Language, PrivacyNotice>>;

/**
 * Reads English's notice and the translation for each other language in `languages` (those content/clinic.md shows),
 * each checked against English's: a translation that is missing, of another version or date, or that fills in a
 * placeholder more or fewer times than English does, throws a ContentError naming the file and what is wrong.
 */
export function readPrivacyNotices(languages: readonly Language[], contentDir: string = CONTENT_DIR): PrivacyNotices {
  const englishFile = privacyNoticeFile(DEFAULT_LANGUAGE, contentDir);
  const english = readPrivacyNotice(englishFile);
  const englishLabel = labelOf(englishFile);
  const notices: PrivacyNotices = { en: english };
  const problems: string[] = [];
  for (const language of languages.filter((each) => each !== DEFAULT_LANGUAGE)) {
    const file = privacyNoticeFile(language, contentDir);
    const label = labelOf(file);
    const name = LANGUAGE_NAMES_IN_ENGLISH[language];
    if (!fs.existsSync(file)) {
      problems.push(
        `${label} is missing: ${name} is in content/clinic.md's languages, so its pages need the privacy notice in ` +
          `${name}. Translate ${englishLabel} (version "${english.version}") into ${label}, or take ${language} off languages.`,
      );
      continue;
    }
    const translation = readPrivacyNotice(file, language);
    const behind =
      `a translation must say what ${englishLabel} says: translate its changes into ${label} and give it version ` +
      `"${english.version}" and updated "${english.updated}", or take ${language} off content/clinic.md's languages`;
    if (translation.version !== english.version) {
      problems.push(`${label} is version "${translation.version}" but ${englishLabel} is version "${english.version}": ${behind}`);
    } else if (translation.updated !== english.updated) {
      problems.push(
        `${label} is updated "${translation.updated}" but ${englishLabel}'s version "${english.version}" is updated "${english.updated}": ${behind}`,
      );
    }
    const englishCounts = countPlaceholders(english.html);
    const counts = countPlaceholders(translation.html);
    for (const placeholder of Object.keys(PRIVACY_PLACEHOLDERS)) {
      const [theirs, ours] = [counts.get(placeholder) ?? 0, englishCounts.get(placeholder) ?? 0];
      if (theirs !== ours) {
        problems.push(`${label} says {{${placeholder}}} ${times(theirs)} but ${englishLabel} says it ${times(ours)}: the translation must say the same`);
      }
    }
    notices[language] = translation;
  }
  if (problems.length > 0) throw new ContentError(problems.join("\n"));
  return notices;
}

let notices: PrivacyNotices | undefined;

/**
 * The notice a patron reads in `language`: its translation while the clinic shows that language, English's otherwise.
 * Every language's notice is read and checked on the first call, then kept.
 */
export function getPrivacyNotice(language: Language): PrivacyNotice {
  notices ??= readPrivacyNotices(shownLanguages());
  return notices[language] ?? notices.en;
}

/** The notice's HTML with every placeholder filled in from `settings` in the notice's language, each value escaped. */
export function fillPrivacyNotice(notice: PrivacyNotice, { retentionDays, clinic }: PrivacyNoticeSettings): string {
  const t = translator(notice.language);
  const contact = clinic.privacyContact;
  const reach = (email: string, phone: string, phoneDisplay: string) =>
    t("privacy.reach", { email: emailLink(email), phone: phoneLink(phone, phoneDisplay) });
  const values: Record<PrivacyPlaceholder, string> = {
    retentionDays: String(retentionDays),
    clinicEmail: emailLink(clinic.email),
    clinicPhone: phoneLink(clinic.phone, clinic.phoneDisplay),
    privacyContact: contact
      ? t("privacy.personContact", {
          name: escapeHtml(contact.name),
          reach: reach(contact.email ?? clinic.email, contact.phone ?? clinic.phone, contact.phone ?? clinic.phoneDisplay),
        })
      : t("privacy.clinicContact", { reach: reach(clinic.email, clinic.phone, clinic.phoneDisplay) }),
  };
  return notice.html.replace(PLACEHOLDER, (_match, name: string) => values[name as PrivacyPlaceholder]);
}

function labelOf(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

const times = (count: number) => (count === 1 ? "once" : `${count} times`);

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
