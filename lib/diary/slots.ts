// One day of the clinic's diary: the grid of consultation times the week's hours give, and which of them a patron may
// book, given the notice, the horizon, the clinic's blocks and other appointments' holds. The caller brings the
// day's holds and blocks from the store, and "now" from the request.
import {
  addDays,
  dayOfWeek,
  formatAppointmentDate,
  indiaClock,
  indiaInstant,
  isCalendarDate,
  minutesOfDay,
} from "../india-time";
import { formatDayHours, isClockTime, openDays, WEEKDAYS, type WeeklyHours } from "./hours";

const MINUTE_MS = 60 * 1000;
const QUANTUM_MS = 5 * MINUTE_MS;

export interface DiaryRules {
  /** The week's consultation hours (content/clinic.md). */
  hours: WeeklyHours;
  /** A consultation's length, which is also the grid's step (CONSULTATION_MINUTES). */
  consultationMinutes: number;
  /** No time starting sooner than now plus this is offered, so the doctor is not surprised (BOOKING_NOTICE_MINUTES). */
  noticeMinutes: number;
  /** The last bookable date is today in India plus this many days. */
  horizonDays: number;
}

/** A stretch of time taken from the diary. */
export interface Busy {
  startsAt: Date;
  endsAt: Date;
}
/** An appointment's time. */
export type Hold = Busy & { reference: string };
/**
 * Time the clinic is not taking consultations; a whole-day block runs from midnight to midnight in India. `blockedBy`:
 * the staff member who blocked it, by name, when it was blocked in the staff area.
 */
export type Block = Busy & { id: string; reason: string; blockedBy?: string | null };

/** A date's holds and blocks: those overlapping it are enough. */
export interface DiaryDay {
  date: string;
  holds: Hold[];
  blocks: Block[];
}

/** "past": it has started or starts inside the notice. */
export type SlotStatus = "free" | "held" | "blocked" | "past";

/**
 * A time on the day's grid. Its status is the first that applies of held, blocked, past, free: staff must see an
 * appointment (to move it) even under a block or after it started. It carries the overlapping hold's reference and
 * block's id whatever its status.
 */
export interface Slot {
  time: string;
  startsAt: Date;
  endsAt: Date;
  status: SlotStatus;
  reference?: string;
  blockId?: string;
}

export type SlotProblemCode =
  | "not-a-date"
  | "past-date"
  | "beyond-horizon"
  | "closed"
  | "not-a-time"
  | "outside-hours"
  | "off-grid"
  | "too-soon"
  | "blocked"
  | "taken";

/** Why a patron may not book a time, in words for the patron. */
export interface SlotProblem {
  code: SlotProblemCode;
  message: string;
}

/** The day's grid: a time every consultationMinutes from each opening, the last ending by that range's closing. */
export function daySlots(rules: DiaryRules, day: DiaryDay, now: Date): Slot[] {
  if (!isBookableDate(rules, day.date, now)) return [];
  const earliest = earliestStart(rules, now);
  return gridTimes(rules, day.date).map((time) => {
    const startsAt = indiaInstant(day.date, time);
    const endsAt = new Date(startsAt.getTime() + rules.consultationMinutes * MINUTE_MS);
    const hold = day.holds.find((busy) => overlaps(busy, startsAt, endsAt));
    const block = day.blocks.find((busy) => overlaps(busy, startsAt, endsAt));
    const status: SlotStatus = hold ? "held" : block ? "blocked" : startsAt.getTime() < earliest ? "past" : "free";
    return {
      time,
      startsAt,
      endsAt,
      status,
      ...(hold && { reference: hold.reference }),
      ...(block && { blockId: block.id }),
    };
  });
}

/** The times a patron may book on the day, in order. */
export function freeTimes(rules: DiaryRules, day: DiaryDay, now: Date): string[] {
  return daySlots(rules, day, now)
    .filter((slot) => slot.status === "free")
    .map((slot) => slot.time);
}

/** Why a patron may not book `time` on the day, or undefined if they may. Checks the date before the time. */
export function slotProblem(rules: DiaryRules, day: DiaryDay, time: string, now: Date): SlotProblem | undefined {
  const { date } = day;
  if (!isCalendarDate(date)) {
    return { code: "not-a-date", message: "Choose the date you would like for the consultation" };
  }
  const { first, last } = bookableDates(rules, now);
  if (date < first) return { code: "past-date", message: "Choose today or a later date" };
  if (date > last) {
    const message = `Choose a date within the next ${rules.horizonDays} days (up to ${formatAppointmentDate(last)})`;
    return { code: "beyond-horizon", message };
  }
  const weekday = dayOfWeek(date);
  const ranges = rules.hours[weekday];
  if (!ranges.length) {
    const message = `The clinic is closed on ${WEEKDAYS[weekday]}s: choose a day from ${openDays(rules.hours)}`;
    return { code: "closed", message };
  }
  if (!isClockTime(time)) return { code: "not-a-time", message: "Choose a time for the consultation" };
  const start = minutesOfDay(time);
  if (!ranges.some((range) => minutesOfDay(range.opens) <= start && start < minutesOfDay(range.closes))) {
    const message = `Choose a time within the clinic's hours on ${WEEKDAYS[weekday]}s: ${formatDayHours(ranges)}`;
    return { code: "outside-hours", message };
  }
  const slot = daySlots(rules, day, now).find((candidate) => candidate.time === time);
  if (!slot) {
    const message = `Choose one of the times offered: a consultation starts every ${rules.consultationMinutes} minutes`;
    return { code: "off-grid", message };
  }
  if (slot.startsAt.getTime() < earliestStart(rules, now)) {
    const soonest = rules.noticeMinutes ? `at least ${duration(rules.noticeMinutes)} from now` : "that has not passed";
    return { code: "too-soon", message: `Choose a time ${soonest}, or another day` };
  }
  if (slot.status === "held") return { code: "taken", message: "That time has just been taken: choose another time" };
  if (slot.status === "blocked") {
    return { code: "blocked", message: "The clinic is not taking consultations at that time: choose another time" };
  }
  return undefined;
}

/**
 * The day's free times closest to `time`, in time order; of two as close, the earlier. Offered when the time a patron
 * chose was taken meanwhile. A `time` that is not one counts from midnight: the day's first free times.
 */
export function nearestFreeTimes(rules: DiaryRules, day: DiaryDay, time: string, now: Date, count = 3): string[] {
  const target = isClockTime(time) ? minutesOfDay(time) : 0;
  return freeTimes(rules, day, now)
    .map((free) => ({ free, distance: Math.abs(minutesOfDay(free) - target) }))
    .sort((a, b) => a.distance - b.distance) // stable: of two as close, the earlier stays first
    .slice(0, count)
    .map(({ free }) => free)
    .sort();
}

/**
 * The first date after `fromDate`, up to the horizon, with a free time, or undefined. `busyOf` gives a date's holds
 * and blocks: the caller loads them for the whole horizon at once, as the store is asynchronous and this is not.
 */
export function nextDayWithFreeTimes(
  rules: DiaryRules,
  fromDate: string,
  now: Date,
  busyOf: (date: string) => DiaryDay,
): string | undefined {
  const { first, last } = bookableDates(rules, now);
  const next = addDays(fromDate, 1);
  for (let date = next > first ? next : first; date <= last; date = addDays(date, 1)) {
    if (freeTimes(rules, busyOf(date), now).length) return date;
  }
  return undefined;
}

/** Morning before 12:00, afternoon from 12:00 to 16:59, evening from 17:00: how the booking page groups times. */
export function partOfDay(time: string): "morning" | "afternoon" | "evening" {
  const minutes = minutesOfDay(time);
  if (minutes < 12 * 60) return "morning";
  return minutes < 17 * 60 ? "afternoon" : "evening";
}

/**
 * The 5-minute quanta an appointment covers, as the instants (ms since 1970) they start: from its start rounded down to
 * its end rounded up, so an off-grid time holds every quantum it touches. The store keeps one row per quantum under a
 * unique key, so two overlapping appointments of any lengths collide there. India is UTC+05:30, a whole number of
 * quanta, so they start at :00, :05 … on India's clock too.
 */
export function quantaOf(startsAt: Date, endsAt: Date): number[] {
  if (!(endsAt.getTime() > startsAt.getTime())) throw new RangeError("an appointment must end after it starts");
  const quanta: number[] = [];
  for (let at = Math.floor(startsAt.getTime() / QUANTUM_MS) * QUANTUM_MS; at < endsAt.getTime(); at += QUANTUM_MS) {
    quanta.push(at);
  }
  return quanta;
}

/** Today in India to the horizon. */
function bookableDates(rules: DiaryRules, now: Date): { first: string; last: string } {
  const first = indiaClock(now).date;
  return { first, last: addDays(first, rules.horizonDays) };
}

/** The earliest start a patron may book (ms since 1970): now plus the notice. */
function earliestStart(rules: DiaryRules, now: Date): number {
  return now.getTime() + rules.noticeMinutes * MINUTE_MS;
}

function isBookableDate(rules: DiaryRules, date: string, now: Date): boolean {
  if (!isCalendarDate(date)) return false;
  const { first, last } = bookableDates(rules, now);
  return first <= date && date <= last;
}

function gridTimes(rules: DiaryRules, date: string): string[] {
  const times: string[] = [];
  for (const range of rules.hours[dayOfWeek(date)]) {
    const [opens, closes, step] = [minutesOfDay(range.opens), minutesOfDay(range.closes), rules.consultationMinutes];
    for (let start = opens; start + step <= closes; start += step) {
      times.push(`${String(Math.floor(start / 60)).padStart(2, "0")}:${String(start % 60).padStart(2, "0")}`);
    }
  }
  return times;
}

function overlaps(busy: Busy, startsAt: Date, endsAt: Date): boolean {
  return busy.startsAt.getTime() < endsAt.getTime() && startsAt.getTime() < busy.endsAt.getTime();
}

/** "2 hours", "1 hour", "90 minutes": the notice, for the patron. */
function duration(minutes: number): string {
  if (minutes % 60) return `${minutes} minutes`;
  return minutes === 60 ? "1 hour" : `${minutes / 60} hours`;
}
