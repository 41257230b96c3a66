// Dates and times in a patron's language, through Intl (Node's full ICU): Kannada and Hindi names of days and months,
// India time whatever the server's zone, Latin digits (as the clinic writes phone numbers and references). English
// keeps the clinic's own forms (lib/india-time.ts), so English pages and emails read as before.
import type { OpeningRange, WeeklyHours } from "../diary/hours";
import { formatDayHours, hoursLines, openDays } from "../diary/hours";
import {
  dayOfWeek,
  formatAppointmentDate,
  formatAppointmentTime,
  formatClockTime,
  formatPostedDate,
  formatShortAppointmentTime,
  indiaInstant,
} from "../india-time";
import { LANGUAGE_TAGS, type Language } from "./languages";
import type { Translator } from "./messages";

const INDIA = "Asia/Kolkata";

function format(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(LANGUAGE_TAGS[language], { numberingSystem: "latn", timeZone: INDIA, ...options });
}

/** A calendar date at noon in India, so no zone moves it to another day. */
const noonOf = (isoDate: string) => indiaInstant(isoDate, "12:00");

/** An article's date: "Sep 02, 2022" in English. */
export function postedDateIn(language: Language, isoDate: string): string {
  if (language === "en") return formatPostedDate(isoDate);
  return format(language, { day: "numeric", month: "long", year: "numeric" }).format(noonOf(isoDate));
}

/** An appointment's date with its weekday: "Saturday, 28 Nov 2026" in English. */
export function appointmentDateIn(language: Language, isoDate: string): string {
  if (language === "en") return formatAppointmentDate(isoDate);
  return format(language, { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(noonOf(isoDate));
}

/** A clock time "HH:MM" in India: "11:20 AM" in English. */
export function clockTimeIn(language: Language, time: string): string {
  if (language === "en") return formatClockTime(time);
  return format(language, { hour: "numeric", minute: "2-digit" }).format(indiaInstant("2026-01-05", time));
}

/** An appointment's instant, written out: "Sat 28 Nov 2026, 11:30 AM IST" in English. */
export function appointmentTimeIn(language: Language, at: Date): string {
  if (language === "en") return formatAppointmentTime(at);
  return `${format(language, { weekday: "short", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit" }).format(at)} IST`;
}

/** A time soon enough that its year goes without saying, for subjects: "Mon 7 Dec, 11:20 AM" in English. */
export function shortAppointmentTimeIn(language: Language, at: Date): string {
  if (language === "en") return formatShortAppointmentTime(at);
  return format(language, { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }).format(at);
}

/** A weekday's name, 0 (Sunday) to 6 (Saturday). */
export function weekdayIn(language: Language, day: number): string {
  // 2026-01-04 is a Sunday.
  return format(language, { weekday: "long" }).format(noonOf(`2026-01-${String(4 + day).padStart(2, "0")}`));
}

export const weekdayOfDate = (language: Language, isoDate: string) => weekdayIn(language, dayOfWeek(isoDate));

function rangeIn(language: Language, t: Translator, range: OpeningRange): string {
  return t("hours.range", { opens: clockTimeIn(language, range.opens), closes: clockTimeIn(language, range.closes) });
}

/** A day's opening ranges: "10:00 AM to 7:00 PM" in English. */
export function dayHoursIn(language: Language, t: Translator, ranges: readonly OpeningRange[]): string {
  if (language === "en") return formatDayHours(ranges);
  return ranges.map((range) => rangeIn(language, t, range)).reduce((first, second) => t("hours.ranges", { first, second }));
}

/** The week's hours as runs of days: [{ days: "Monday to Saturday", times: "10:00 AM to 7:00 PM" }, …]. */
export function hoursLinesIn(language: Language, t: Translator, hours: WeeklyHours): { days: string; times: string | null }[] {
  if (language === "en") return hoursLines(hours);
  const lines: { days: number[]; key: string; ranges: readonly OpeningRange[] }[] = [];
  for (const day of [1, 2, 3, 4, 5, 6, 0]) {
    const key = hours[day].map((range) => `${range.opens}-${range.closes}`).join(",");
    const last = lines.at(-1);
    if (last && last.key === key) last.days.push(day);
    else lines.push({ days: [day], key, ranges: hours[day] });
  }
  return lines.map(({ days, ranges }) => ({
    days: daysIn(language, t, days),
    times: ranges.length === 0 ? null : dayHoursIn(language, t, ranges),
  }));
}

function daysIn(language: Language, t: Translator, days: number[]): string {
  const [first, last] = [weekdayIn(language, days[0]), weekdayIn(language, days[days.length - 1])];
  if (days.length === 1) return first;
  return days.length === 2 ? t("hours.twoDays", { first, last }) : t("hours.run", { first, last });
}

/** "Monday to Saturday, 10:00 AM to 7:00 PM; …": the days the clinic consults, and when. */
export function consultationHoursIn(language: Language, t: Translator, hours: WeeklyHours): string {
  return hoursLinesIn(language, t, hours)
    .filter((line) => line.times)
    .map((line) => `${line.days}, ${line.times}`)
    .join("; ");
}

/** "Monday to Saturday": the days the clinic is open, in the language. */
export function openDaysIn(language: Language, t: Translator, hours: WeeklyHours): string {
  if (language === "en") return openDays(hours);
  const names = hoursLinesIn(language, t, hours)
    .filter((line) => line.times)
    .map((line) => line.days);
  return names.length > 1 ? t("hours.list", { list: names.slice(0, -1).join(", "), last: names.at(-1)! }) : (names[0] ?? "");
}
