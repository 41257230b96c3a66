// The booking form's words in a language, as plain data the server hands the form (a client component): the field
// messages the one schema uses (./schema.ts), and the labels, hints and receipt the form shows. Built from
// messages/<language>.json; templates keep their {placeholders} for lib/i18n/fill.ts to fill in the browser.
import type { DiaryRules, SlotProblem, WeeklyHours } from "../diary";
import { addDays, dayOfWeek, indiaClock } from "../india-time";
import { appointmentDateIn, dayHoursIn, openDaysIn, weekdayIn } from "../i18n/dates";
import type { Language } from "../i18n/languages";
import { MESSAGES, translator, type Messages } from "../i18n/messages";
import { BOOKING_DAYS_AHEAD, REASON_MAX_LENGTH, type ConsultationMode, type TimeWindow } from "./rules";

type ErrorKey = Exclude<keyof Messages["booking"]["errors"], "farDate" | "closedDay">;

/** The schema's message for each mistake, and the two that name dates. */
export type FieldMessages = Record<ErrorKey, string> & {
  farDate(lastDate: string): string;
  closedDay(date: string, hours: WeeklyHours): string;
};

export function fieldMessages(language: Language): FieldMessages {
  const t = translator(language);
  const count = (n: number) => n.toLocaleString("en-IN");
  const errors = MESSAGES[language].booking.errors;
  const fixed = Object.fromEntries(
    (Object.keys(errors) as (keyof typeof errors)[])
      .filter((key): key is ErrorKey => key !== "farDate" && key !== "closedDay")
      .map((key) => [key, key === "reasonTooLong" ? t("booking.errors.reasonTooLong", { count: count(REASON_MAX_LENGTH) }) : t(`booking.errors.${key}`)]),
  ) as Record<ErrorKey, string>;
  return {
    ...fixed,
    farDate: (lastDate) => t("booking.errors.farDate", { count: BOOKING_DAYS_AHEAD, date: appointmentDateIn(language, lastDate) }),
    closedDay: (date, hours) =>
      t("booking.errors.closedDay", { day: weekdayIn(language, dayOfWeek(date)), days: openDaysIn(language, t, hours) }),
  };
}

/** What the form shows, in the language. */
export interface BookingFormText {
  labels: Messages["booking"]["labels"];
  hints: { mobile: string; preferredDate: string; reason: string };
  /** Templates with {date}. */
  times: Messages["booking"]["times"];
  modes: Record<ConsultationMode, string>;
  windows: Record<TimeWindow, string>;
  summaryOne: string;
  /** With {count}. */
  summaryMany: string;
  submit: string;
  sending: string;
  /** With {phone}. */
  unreachable: string;
  /** Templates with {name}, {date}, {time}; notEmergencies with <call>{phone}</call>. */
  receipt: Messages["booking"]["receipt"];
  /** "Did you mean …?" beside the email field: templates with {address}, the question's in <strong>. */
  emailTypo: Messages["booking"]["emailTypo"];
}

export function bookingFormText(language: Language, hours: WeeklyHours): BookingFormText {
  const t = translator(language);
  const booking = MESSAGES[language].booking;
  return {
    labels: booking.labels,
    hints: {
      mobile: t("booking.hints.mobile"),
      preferredDate: t("booking.hints.preferredDate", { days: openDaysIn(language, t, hours), count: BOOKING_DAYS_AHEAD }),
      reason: t("booking.hints.reason", { count: REASON_MAX_LENGTH.toLocaleString("en-IN") }),
    },
    times: booking.times,
    modes: booking.modes,
    windows: booking.windows,
    summaryOne: booking.summaryOne,
    summaryMany: booking.summaryMany,
    submit: booking.submit,
    sending: booking.sending,
    unreachable: booking.refusals.unreachable,
    receipt: booking.receipt,
    emailTypo: booking.emailTypo,
  };
}

/** Why the diary refuses a date or time, in `language` (the diary's own words are English). */
export function slotProblemIn(language: Language, problem: SlotProblem, date: string, rules: DiaryRules, now: Date): string {
  if (language === "en") return problem.message;
  const t = translator(language);
  const field = fieldMessages(language);
  const weekday = () => weekdayIn(language, dayOfWeek(date));
  switch (problem.code) {
    case "not-a-date":
      return field.preferredDate;
    case "past-date":
      return field.pastDate;
    case "beyond-horizon":
      return field.farDate(addDays(indiaClock(now).date, rules.horizonDays));
    case "closed":
      return field.closedDay(date, rules.hours);
    case "not-a-time":
      return t("booking.slot.notATime");
    case "outside-hours":
      return t("booking.slot.outsideHours", {
        day: weekday(),
        hours: dayHoursIn(language, t, rules.hours[dayOfWeek(date)]),
      });
    case "off-grid":
      return t("booking.slot.offGrid", { minutes: rules.consultationMinutes });
    case "too-soon":
      return t("booking.slot.tooSoon", { minutes: rules.noticeMinutes });
    case "taken":
      return t("booking.slot.taken");
    case "blocked":
      return t("booking.slot.blocked");
  }
}
