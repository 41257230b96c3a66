// When things happen around an appointment, in India time: the reminder the evening before, the last moment a patron
// may cancel online, the day's agenda, and which times staff may give an appointment.
import { addDays, dayOfWeek, indiaClock, indiaInstant, minutesOfDay } from "../india-time";
import { SUNDAY } from "../booking/rules";

const HOUR_MS = 60 * 60 * 1000;

/** The clinic's consultation hours (content/clinic.md): an appointment starts and ends inside them. */
export const CONSULTATION_HOURS = { opens: "10:00", closes: "19:00" } as const;
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

/**
 * The day whose agenda is due at `now`, if any: a consultation day (Monday to Saturday) from 08:30 until the clinic
 * closes. A server down at 08:30 sends it when it comes back during the day; after closing it is no use.
 */
export function agendaDayAt(now: Date): string | undefined {
  const { date, minutes } = indiaClock(now);
  if (dayOfWeek(date) === SUNDAY) return undefined;
  if (minutes < minutesOfDay("08:30") || minutes >= minutesOfDay(CONSULTATION_HOURS.closes)) return undefined;
  return date;
}

/** Why staff may not give an appointment at `time` on `date` (India time) lasting `minutes`, or undefined if they may. */
export function consultationTimeProblem(date: string, time: string, minutes: number, now: Date): string | undefined {
  const { date: today } = indiaClock(now);
  if (date < today) return "Choose today or a later date.";
  if (date > addDays(today, APPOINTMENT_DAYS_AHEAD)) return `Choose a date within the next ${APPOINTMENT_DAYS_AHEAD} days.`;
  if (dayOfWeek(date) === SUNDAY) return "The clinic is closed on Sundays: choose a day from Monday to Saturday.";
  const starts = minutesOfDay(time);
  if (starts < minutesOfDay(CONSULTATION_HOURS.opens) || starts + minutes > minutesOfDay(CONSULTATION_HOURS.closes)) {
    return `Choose a time from 10:00 AM, so that the ${minutes}-minute consultation ends by 7:00 PM.`;
  }
  if (indiaInstant(date, time) <= now) return "Choose a time that has not passed.";
  return undefined;
}
