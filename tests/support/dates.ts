// Dates relative to today in India, so tests hold whatever day and time zone they run in.
import { addDays, dayOfWeek, todayInIndia } from "@/lib/india-time";

/** The first Monday-to-Saturday date after today in India. */
export function nextOpenDay(now = new Date()): string {
  let date = addDays(todayInIndia(now), 1);
  while (dayOfWeek(date) === 0) date = addDays(date, 1);
  return date;
}

/** The first Sunday after today in India. */
export function nextSunday(now = new Date()): string {
  let date = addDays(todayInIndia(now), 1);
  while (dayOfWeek(date) !== 0) date = addDays(date, 1);
  return date;
}

/** A Monday-to-Saturday date at least `days` days after today in India. */
export function openDayAfter(days: number, now = new Date()): string {
  let date = addDays(todayInIndia(now), days);
  while (dayOfWeek(date) === 0) date = addDays(date, 1);
  return date;
}

/**
 * Monday-to-Saturday dates, each the open day after the one before, the first at least `days` days after today in
 * India. For tests that give each patron a day of their own: `openDayAfter(n + patrons)` skips a Sunday onto the
 * Monday the next patron also gets, so two patrons' times would overlap in some weeks and not others.
 */
export function openDaysFrom(days: number, now = new Date()): () => string {
  let next = openDayAfter(days, now);
  return () => {
    const date = next;
    next = openDayAfter(1, new Date(Date.parse(`${date}T12:00:00+05:30`)));
    return date;
  };
}
