// The consultation request: the one schema for its rules, its type and its messages,
// used by the server action and, through the state it returns, shown by the form.
import { z } from "zod";
import { isClockTime, openDays, WEEKDAYS, type WeeklyHours } from "../diary";
import { addDays, dayOfWeek, formatAppointmentDate, indiaClock, isCalendarDate, minutesOfDay } from "../india-time";
import {
  ASK_TO_CALL,
  BOOKING_DAYS_AHEAD,
  CONSULTATION_MODES,
  REASON_MAX_LENGTH,
  TIME_WINDOWS,
  type ConsultationMode,
  type TimeWindow,
} from "./rules";

// Control characters (other than line breaks and tabs in the reason) and bidirectional overrides
// have no place in a name or an email, and would let one line of a mail header become two.
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const LETTER = /\p{L}/u;

/** Spaces, dashes, dots and brackets people type inside phone numbers. */
const PHONE_PUNCTUATION = /[\s\-.()]/g;
const INDIAN_MOBILE = /^(?:\+91|0091|91|0)?([6-9]\d{9})$/;

const requiredText = (message: string) =>
  z.string({ error: message }).transform((value) => value.trim());

export const MESSAGES = {
  fullName: "Enter your full name",
  fullNameShape: "Enter your name using letters (up to 100 characters)",
  mobile: "Enter a 10-digit Indian mobile number, such as 98765 43210 (with or without +91 or 0)",
  email: "Enter an email address such as name@example.com",
  mode: "Choose a phone call or a video call",
  preferredDate: "Choose the date you would like for the consultation",
  pastDate: "Choose today or a later date",
  time: "Choose a time, or ask the clinic to call you to agree one",
  timeWindow: "Choose when the clinic may call you: morning, afternoon or evening",
  windowPassed: "This slot has already passed today: choose a later slot or another day",
  reason: "Tell us briefly why you would like a consultation",
  reasonTooLong: `Keep the reason to ${REASON_MAX_LENGTH.toLocaleString("en-IN")} characters or fewer`,
  consent: "Tick the box to agree that the clinic may contact you and use these details as its privacy notice says",
} as const;

/** "The clinic is closed on Sundays: choose a day from Monday to Saturday". */
export function closedDayMessage(date: string, hours: WeeklyHours): string {
  return `The clinic is closed on ${WEEKDAYS[dayOfWeek(date)]}s: choose a day from ${openDays(hours)}`;
}

export function farDateMessage(lastDate: string): string {
  return `Choose a date within the next ${BOOKING_DAYS_AHEAD} days (up to ${formatAppointmentDate(lastDate)})`;
}

/** The window of dates a patron may choose on the day `now` falls on in India. */
export function bookableDates(now: Date): { first: string; last: string } {
  const first = indiaClock(now).date;
  return { first, last: addDays(first, BOOKING_DAYS_AHEAD) };
}

/** The request's schema on the day `now` falls on in India, for a clinic open in the week's `hours` (content/clinic.md). */
export function consultationRequestSchema(now: Date, hours: WeeklyHours) {
  const clock = indiaClock(now);
  const { first, last } = bookableDates(now);

  return z
    .object({
      fullName: requiredText(MESSAGES.fullName)
        .pipe(z.string().min(1, { error: MESSAGES.fullName }))
        .pipe(
          z
            .string()
            .max(100, { error: MESSAGES.fullNameShape })
            .refine((name) => LETTER.test(name) && !CONTROL.test(name), { error: MESSAGES.fullNameShape }),
        ),
      mobile: z
        .string({ error: MESSAGES.mobile })
        .transform((value) => value.replace(PHONE_PUNCTUATION, ""))
        .pipe(z.string().regex(INDIAN_MOBILE, { error: MESSAGES.mobile }))
        .transform((value) => `+91${INDIAN_MOBILE.exec(value)![1]}`),
      email: requiredText(MESSAGES.email).pipe(z.email({ error: MESSAGES.email }).max(254, { error: MESSAGES.email })),
      mode: z.enum(Object.keys(CONSULTATION_MODES) as [ConsultationMode, ...ConsultationMode[]], {
        error: MESSAGES.mode,
      }),
      preferredDate: requiredText(MESSAGES.preferredDate)
        .pipe(z.string().refine(isCalendarDate, { error: MESSAGES.preferredDate, abort: true }))
        .superRefine((date, ctx) => {
          if (date < first) ctx.addIssue({ code: "custom", message: MESSAGES.pastDate });
          else if (date > last) ctx.addIssue({ code: "custom", message: farDateMessage(last) });
          else if (hours[dayOfWeek(date)].length === 0) ctx.addIssue({ code: "custom", message: closedDayMessage(date, hours) });
        }),
      // A time on the day's grid ("11:20"; the diary checks it against the day, lib/booking/free-times.ts), or
      // ASK_TO_CALL with a window. A form from before times were offered posts a window alone: it asks to be called.
      time: z
        .string({ error: MESSAGES.time })
        .refine((time) => time === ASK_TO_CALL || isClockTime(time), { error: MESSAGES.time })
        .optional(),
      timeWindow: z
        .enum(Object.keys(TIME_WINDOWS) as [TimeWindow, ...TimeWindow[]], { error: MESSAGES.timeWindow })
        .optional(),
      reason: requiredText(MESSAGES.reason)
        .pipe(z.string().min(1, { error: MESSAGES.reason }))
        .pipe(
          z
            .string()
            .max(REASON_MAX_LENGTH, { error: MESSAGES.reasonTooLong })
            .refine((reason) => !CONTROL.test(reason.replace(/[\r\n\t]/g, "")), {
              error: MESSAGES.reason,
            }),
        ),
      consent: z.literal("yes", { error: MESSAGES.consent }),
    })
    .superRefine(({ preferredDate, time, timeWindow }, ctx) => {
      if (time === undefined && timeWindow === undefined) {
        ctx.addIssue({ code: "custom", message: MESSAGES.time, path: ["time"] });
      } else if (time !== undefined && time !== ASK_TO_CALL) {
        return;
      } else if (timeWindow === undefined) {
        ctx.addIssue({ code: "custom", message: MESSAGES.timeWindow, path: ["timeWindow"] });
      } else if (preferredDate === clock.date && minutesOfDay(TIME_WINDOWS[timeWindow].ends) <= clock.minutes) {
        ctx.addIssue({ code: "custom", message: MESSAGES.windowPassed, path: ["timeWindow"] });
      }
    })
    // Exactly one of the two is kept: the time picked, or the window the clinic may call in.
    .transform(({ time, timeWindow, ...rest }): typeof rest & { time?: string; timeWindow?: TimeWindow } =>
      time !== undefined && time !== ASK_TO_CALL ? { ...rest, time } : { ...rest, timeWindow },
    );
}

export type ConsultationRequest = z.output<ReturnType<typeof consultationRequestSchema>>;
