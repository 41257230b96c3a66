// When things happen around an appointment, in India time: the reminder the evening before, the last moment a patron
// may cancel online, the day's agenda, and which times staff may give an appointment.
import { formatDayHours, openDays, WEEKDAYS, type WeeklyHours } from "../diary";
import { addDays, dayOfWeek, formatClockTime, indiaClock, indiaInstant, minutesOfDay } from "../india-time";

const HOUR_MS = 60 * 60 * 1000;
/** Staff may confirm or propose a time up to this many days ahead. */
export const APPOINTMENT_DAYS_AHEAD = 90;

/** 18:00 India time on the evening before the appointment's day. */
export function reminderDueAt(startsAt: Date): Date {
  return indiaInstant(addDays(indiaClock(startsAt).date, -1), "18:00");
}

/** Patrons may cancel online until two hours before; after that they call, so the doctor is not left waiting. */
export function cancelDeadline(startsAt: Date): Date {
  return new Date(startsAt.getTime() - 2 * HOUR_MS);
}

/** The id of the day's agenda in the outbox: one per date, so it is written and sent once. */
export const agendaEmailId = (isoDate: string) => `agenda/${isoDate}`;

/** 08:30 India time on `isoDate`: when the clinic gets that day's agenda. */
export function agendaDueAt(isoDate: string): Date {
  return indiaInstant(isoDate, "08:30");
}

/** When `isoDate`'s consultations are over, by the week's hours (content/clinic.md); undefined on a closed day. */
export function consultationsEndAt(isoDate: string, hours: WeeklyHours): Date | undefined {
  const last = hours[dayOfWeek(isoDate)].at(-1);
  return last && indiaInstant(isoDate, last.closes);
}

/**
 * The day whose agenda is due at `now`, if any: a day the clinic is open, from 08:30 until its consultations are
 * over. A server down at 08:30 sends it when it comes back during the day; after closing it is no use.
 */
export function agendaDayAt(now: Date, hours: WeeklyHours): string | undefined {
  const { date, minutes } = indiaClock(now);
  const endsAt = consultationsEndAt(date, hours);
  if (!endsAt || minutes < minutesOfDay("08:30") || now >= endsAt) return undefined;
  return date;
}

/**
 * Why staff may not give an appointment at `time` on `date` (India time) lasting `minutes`, or undefined if they may:
 * within the week's hours (content/clinic.md), on or off the patrons' grid.
 */
export function consultationTimeProblem(date: string, time: string, minutes: number, now: Date, hours: WeeklyHours): string | undefined {
  const { date: today } = indiaClock(now);
  if (date < today) return "Choose today or a later date.";
  if (date > addDays(today, APPOINTMENT_DAYS_AHEAD)) return `Choose a date within the next ${APPOINTMENT_DAYS_AHEAD} days.`;
  const weekday = dayOfWeek(date);
  const ranges = hours[weekday];
  if (ranges.length === 0) return `The clinic is closed on ${WEEKDAYS[weekday]}s: choose a day from ${openDays(hours)}.`;
  const starts = minutesOfDay(time);
  if (!ranges.some((range) => starts >= minutesOfDay(range.opens) && starts + minutes <= minutesOfDay(range.closes))) {
    return ranges.length === 1
      ? `Choose a time from ${formatClockTime(ranges[0].opens)}, so that the ${minutes}-minute consultation ends by ${formatClockTime(ranges[0].closes)}.`
      : `Choose a time within the clinic's hours (${formatDayHours(ranges)}), so that the ${minutes}-minute consultation ends by closing.`;
  }
  if (indiaInstant(date, time) <= now) return "Choose a time that has not passed.";
  return undefined;
}
