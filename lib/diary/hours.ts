// The clinic's weekly consultation hours (content/clinic.md, checked by lib/clinic.ts) and how patrons read them.
// Here rather than in lib/clinic.ts, which reads files: the diary, the pages and any client component can use it.
import { formatClockTime } from "../india-time";

/** One stretch of consultation hours, "HH:MM" in India, opening before it closes. */
export interface OpeningRange {
  opens: string;
  closes: string;
}

/** Per weekday, 0 (Sunday) to 6 (Saturday): its ranges, in order and not overlapping; none on a closed day. */
export type WeeklyHours = readonly (readonly OpeningRange[])[];

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** The week as the clinic writes it: Monday first, so "Monday to Saturday" is one run and Sunday comes last. */
export const WEEK_FROM_MONDAY = [1, 2, 3, 4, 5, 6, 0] as const;

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "HH:MM" on the 24-hour clock, and nothing else ("25:00" and "10:20; DROP" are not). */
export function isClockTime(value: string): boolean {
  return CLOCK_TIME.test(value);
}

/** "10:00 AM to 7:00 PM", or "10:00 AM to 1:00 PM and 2:00 PM to 7:00 PM" around a break. */
export function formatDayHours(ranges: readonly OpeningRange[]): string {
  return ranges.map((range) => `${formatClockTime(range.opens)} to ${formatClockTime(range.closes)}`).join(" and ");
}

/** A line of the week's hours: "Monday to Saturday" with "10:00 AM to 7:00 PM", or "Sunday" with null (closed). */
export interface HoursLine {
  days: string;
  times: string | null;
}

/** The week's hours as patrons read them: consecutive weekdays (Monday first) with the same hours share a line. */
export function hoursLines(hours: WeeklyHours): HoursLine[] {
  return runs((day) => formatDayHours(hours[day])).map((run) => ({ days: nameDays(run.days), times: run.key || null }));
}

/** "Monday to Saturday": the days the clinic is open, for a patron who chose a closed one. */
export function openDays(hours: WeeklyHours): string {
  const names = runs((day) => (hours[day].length ? "open" : ""))
    .filter((run) => run.key)
    .map((run) => nameDays(run.days));
  return names.length > 1 ? `${names.slice(0, -1).join(", ")}, or ${names.at(-1)}` : (names[0] ?? "");
}

/** The week, Monday first, cut into runs of consecutive days with the same key. */
function runs(key: (day: number) => string): { days: number[]; key: string }[] {
  const result: { days: number[]; key: string }[] = [];
  for (const day of WEEK_FROM_MONDAY) {
    const last = result.at(-1);
    if (last && last.key === key(day)) last.days.push(day);
    else result.push({ days: [day], key: key(day) });
  }
  return result;
}

function nameDays(days: number[]): string {
  const [first, last] = [WEEKDAYS[days[0]], WEEKDAYS[days[days.length - 1]]];
  if (days.length === 1) return first;
  return days.length === 2 ? `${first} and ${last}` : `${first} to ${last}`;
}
