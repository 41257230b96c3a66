// The free times the booking form offers for a date, from the diary's rules (lib/diary: the week's hours, the grid,
// the notice, the horizon) and what the store holds (appointments' holds, staff's blocks). The check a picked time
// passes before it is stored is the same, so the form never offers a time the booking would refuse.
import { BOOKING_DAYS_AHEAD } from "./rules";
import type { DayTimes } from "./state";
import { getClinic } from "../clinic";
import { getConfig } from "../config";
import {
  freeTimes,
  nearestFreeTimes,
  nextDayWithFreeTimes,
  slotProblem,
  type DiaryDay,
  type DiaryRules,
  type SlotProblem,
} from "../diary";
import { appointmentDateIn, clockTimeIn } from "../i18n/dates";
import { DEFAULT_LANGUAGE, type Language } from "../i18n/languages";
import { addDays, indiaClock, indiaInstant, isCalendarDate } from "../india-time";
import { slotProblemIn } from "./form-text";
import type { ClinicStore, DiaryContents } from "../store/clinic-store";

/** The diary's rules as this server is configured. */
export function diaryRules(): DiaryRules {
  const { consultationMinutes, bookingNoticeMinutes } = getConfig();
  return { hours: getClinic().hours, consultationMinutes, noticeMinutes: bookingNoticeMinutes, horizonDays: BOOKING_DAYS_AHEAD };
}

/** What the store holds from the start of `first` to the end of `last` (India dates). */
export function diaryOf(store: ClinicStore, first: string, last: string): Promise<DiaryContents> {
  return store.diaryBetween(indiaInstant(first, "00:00"), indiaInstant(addDays(last, 1), "00:00"));
}

/** `date`'s holds and blocks, out of what was read for a stretch of days. */
export function dayOf(contents: DiaryContents, date: string): DiaryDay {
  const from = indiaInstant(date, "00:00");
  const to = indiaInstant(addDays(date, 1), "00:00");
  const overlaps = ({ startsAt, endsAt }: { startsAt: Date; endsAt: Date }) => startsAt < to && endsAt > from;
  return { date, holds: contents.holds.filter(overlaps), blocks: contents.blocks.filter(overlaps) };
}

/**
 * The free times of `date` as the form offers them, in `language`; when there are none, why, and the next day that
 * has some.
 */
export async function dayTimes(store: ClinicStore, date: string, now: Date, language: Language = DEFAULT_LANGUAGE): Promise<DayTimes> {
  const rules = diaryRules();
  const dateLabel = isCalendarDate(date) ? appointmentDateIn(language, date) : date;
  const today = indiaClock(now).date;
  const last = addDays(today, rules.horizonDays);
  // One read for the whole horizon: the day asked for, and the days after it for the next free one.
  const contents = await diaryOf(store, today, last);
  const day = isCalendarDate(date) ? dayOf(contents, date) : { date, holds: [], blocks: [] };
  const times = freeTimes(rules, day, now);
  const labels = Object.fromEntries(times.map((time) => [time, clockTimeIn(language, time)]));
  if (times.length > 0) return { date, dateLabel, times, labels };
  const nextDate = nextDayWithFreeTimes(rules, isCalendarDate(date) && date >= today ? date : addDays(today, -1), now, (each) =>
    dayOf(contents, each),
  );
  const problem = slotProblem(rules, day, "00:00", now);
  return {
    date,
    dateLabel,
    times,
    labels,
    ...(problem && problem.code !== "outside-hours" ? { problem: slotProblemIn(language, problem, date, rules, now) } : {}),
    ...(nextDate ? { nextDate, nextDateLabel: appointmentDateIn(language, nextDate) } : {}),
  };
}

/** Why the patron may not book `time` on `date` at `now`, as the diary stands, or undefined. */
export async function pickedTimeProblem(store: ClinicStore, date: string, time: string, now: Date): Promise<SlotProblem | undefined> {
  const day = isCalendarDate(date) ? dayOf(await diaryOf(store, date, date), date) : { date, holds: [], blocks: [] };
  return slotProblem(diaryRules(), day, time, now);
}

/** The free times of `date` nearest `time`, for a patron whose time was taken meanwhile. */
export async function nearestTimes(store: ClinicStore, date: string, time: string, now: Date): Promise<string[]> {
  return nearestFreeTimes(diaryRules(), dayOf(await diaryOf(store, date, date), date), time, now);
}
