// The clinic's settings (content/clinic.md): name, contact, hours and the notice, checked once and shared.
import path from "node:path";
import { z } from "zod";
import { CONTENT_DIR, readContentFile } from "./content-file";
import { isClockTime, type OpeningRange, type WeeklyHours } from "./diary/hours";
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from "./i18n/languages";

const DAY_HOURS_FORM = 'must be "closed" or times such as "10:00-19:00", several separated by commas';
const RANGE = /^(\d\d:\d\d)\s*-\s*(\d\d:\d\d)$/;

/** The range "HH:MM-HH:MM" in `text`, or why it is not one that may follow the day's `previous` range. */
function readRange(text: string, previous: OpeningRange | undefined): OpeningRange | string {
  const [, opens = "", closes = ""] = RANGE.exec(text) ?? [];
  if (!isClockTime(opens) || !isClockTime(closes)) return `${DAY_HOURS_FORM}, not "${text}"`;
  if (opens >= closes) return `"${text}" must open before it closes`;
  if (previous && opens < previous.closes) {
    return `"${text}" starts before the range before it ends: write the ranges in order, without overlapping`;
  }
  return { opens, closes };
}

/** A weekday's hours: "closed", or ranges separated by commas (a break between them). */
const dayHours = z.string({ error: DAY_HOURS_FORM }).transform((text, ctx): OpeningRange[] => {
  const ranges: OpeningRange[] = [];
  if (text.trim() === "closed") return ranges;
  for (const part of text.split(",").map((range) => range.trim())) {
    const range = readRange(part, ranges.at(-1));
    if (typeof range === "string") {
      ctx.addIssue({ code: "custom", message: range });
      return z.NEVER;
    }
    ranges.push(range);
  }
  return ranges;
});

/** Every weekday's hours, by name in the file; once checked, by weekday number, 0 (Sunday) to 6 (Saturday). */
export const weeklyHoursSchema = z
  .strictObject({
    monday: dayHours,
    tuesday: dayHours,
    wednesday: dayHours,
    thursday: dayHours,
    friday: dayHours,
    saturday: dayHours,
    sunday: dayHours,
  })
  .transform((week): WeeklyHours => [
    week.sunday,
    week.monday,
    week.tuesday,
    week.wednesday,
    week.thursday,
    week.friday,
    week.saturday,
  ]);

const noticeSchema = z.strictObject({
  show: z.boolean(),
  heading: z.string().min(1),
  text: z.string().min(1),
});

/** The clinic's own words, as they read in another language. */
const clinicWordsSchema = z.strictObject({
  specialty: z.string().min(1),
  locality: z.string().min(1),
  visits: z.string().min(1),
  closingLine: z.string().min(1),
  notice: noticeSchema.omit({ show: true }),
});
export type ClinicWords = z.output<typeof clinicWordsSchema>;

const clinicSettingsSchema = z.strictObject({
  name: z.string().min(1),
  specialty: z.string().min(1),
  locality: z.string().min(1),
  website: z.url({ protocol: /^https?$/ }),
  phone: z.string().regex(/^\+91[6-9]\d{9}$/, { error: "must be +91 followed by a 10-digit mobile number" }),
  phoneDisplay: z.string().min(1),
  email: z.email(),
  hours: weeklyHoursSchema,
  visits: z.string().min(1),
  closingLine: z.string().min(1),
  streetAddress: z.string().min(1).nullable(),
  qualifications: z.string().min(1).nullable(),
  // Who answers questions about patrons' personal data (DPDP Rules, rule 9); null until the clinic names them.
  privacyContact: z
    .strictObject({
      name: z.string().trim().min(1),
      email: z.email().optional(),
      phone: z.string().regex(/^\+91\d{10}$/, { error: "must be +91 followed by 10 digits" }).optional(),
    })
    .nullable(),
  notice: noticeSchema,
  // The languages the site is shown in; English always is.
  languages: z
    .array(z.enum(LANGUAGES))
    .refine((languages) => languages.includes(DEFAULT_LANGUAGE), { error: `must include ${DEFAULT_LANGUAGE}` }),
  translations: z.partialRecord(z.enum(LANGUAGES), clinicWordsSchema),
}).superRefine((clinic, ctx) => {
  for (const language of clinic.languages) {
    if (language !== DEFAULT_LANGUAGE && !clinic.translations[language]) {
      ctx.addIssue({ code: "custom", path: ["translations", language], message: `is needed, as ${language} is in languages` });
    }
  }
});

export type ClinicSettings = z.output<typeof clinicSettingsSchema>;

let settings: ClinicSettings | undefined;

export function getClinic(): ClinicSettings {
  settings ??= readContentFile(path.join(CONTENT_DIR, "clinic.md"), clinicSettingsSchema).data;
  return settings;
}

/** The clinic's settings with its own words in `language` (content/clinic.md's translations). */
export function clinicIn(language: Language): ClinicSettings {
  const clinic = getClinic();
  const words = language === DEFAULT_LANGUAGE ? undefined : clinic.translations[language];
  if (!words) return clinic;
  return { ...clinic, ...words, notice: { ...clinic.notice, ...words.notice } };
}

/** The languages the clinic shows, English first. */
export function shownLanguages(): Language[] {
  return LANGUAGES.filter((language) => getClinic().languages.includes(language));
}

/** The notice as the clinic wrote it, one paragraph a line. */
export function noticeParagraphs(notice: ClinicSettings["notice"]): string[] {
  return notice.text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}
