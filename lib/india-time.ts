// Calendar dates and clock times as the clinic sees them: in India (Asia/Kolkata), whatever the server's zone.
// A calendar date is an ISO string "YYYY-MM-DD"; arithmetic on it is done at UTC midnight, where no zone shifts it.

const CLINIC_TIME_ZONE = "Asia/Kolkata";

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const indiaParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: CLINIC_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** The date and the minutes since midnight in India at the instant `now`. */
export function indiaClock(now: Date): { date: string; minutes: number } {
  const parts = Object.fromEntries(indiaParts.formatToParts(now).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

export function todayInIndia(now: Date): string {
  return indiaClock(now).date;
}

/** The UTC-midnight instant of a real calendar date, or null for "2026-02-30" and other non-dates. */
function utcMidnight(isoDate: string): Date | null {
  const match = ISO_DATE.exec(isoDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const roundTrips =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return roundTrips ? date : null;
}

export function isCalendarDate(value: string): boolean {
  return utcMidnight(value) !== null;
}

export function addDays(isoDate: string, days: number): string {
  const start = utcMidnight(isoDate);
  if (!start) throw new RangeError(`not a calendar date: ${isoDate}`);
  return new Date(start.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(isoDate: string): number {
  const date = utcMidnight(isoDate);
  if (!date) throw new RangeError(`not a calendar date: ${isoDate}`);
  return date.getUTCDay();
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** "Sep 02, 2022": the way the clinic writes the date of an article. */
export function formatPostedDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${MONTHS[Number(month) - 1]} ${day}, ${year}`;
}

/** "Saturday, 28 Nov 2026": an appointment date, with its weekday so nobody mistakes it. */
export function formatAppointmentDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${WEEKDAYS[dayOfWeek(isoDate)]}, ${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}

/** "25 Nov 2026, 14:05 IST": an instant, for the clinic's records. */
export function formatIndiaTimestamp(now: Date): string {
  const { date, minutes } = indiaClock(now);
  const [year, month, day] = date.split("-");
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}, ${hh}:${mm} IST`;
}

/** "10:00" → "10:00 AM", "19:00" → "7:00 PM". */
export function formatClockTime(time: string): string {
  const [hours, minutes] = time.split(":").map(Number);
  const suffix = hours < 12 ? "AM" : "PM";
  return `${((hours + 11) % 12) + 1}:${String(minutes).padStart(2, "0")} ${suffix}`;
}

export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours * 60 + minutes;
}

/** The instant it is `time` ("HH:MM") on `isoDate` in India. India keeps no daylight saving: always UTC+05:30. */
export function indiaInstant(isoDate: string, time: string): Date {
  return new Date(`${isoDate}T${time}:00+05:30`);
}

/** "HH:MM" in India at the instant `at`. */
export function indiaTimeOfDay(at: Date): string {
  const { minutes } = indiaClock(at);
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const SHORT_WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** "Mon 7 Dec, 11:20 AM": a time soon enough that its year goes without saying, where space is short (subjects). */
export function formatShortAppointmentTime(at: Date): string {
  const { date } = indiaClock(at);
  const [, month, day] = date.split("-");
  return `${SHORT_WEEKDAYS[dayOfWeek(date)]} ${Number(day)} ${MONTHS[Number(month) - 1]}, ${formatClockTime(indiaTimeOfDay(at))}`;
}

/** "Sat 28 Nov 2026, 11:30 AM IST": an appointment's time, written out for the patron and staff. */
export function formatAppointmentTime(at: Date): string {
  const { date } = indiaClock(at);
  const [year, month, day] = date.split("-");
  return `${SHORT_WEEKDAYS[dayOfWeek(date)]} ${Number(day)} ${MONTHS[Number(month) - 1]} ${year}, ${formatClockTime(indiaTimeOfDay(at))} IST`;
}
