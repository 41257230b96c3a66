// The consultation request: the one schema for its rules, its type and its messages,
// used by the server action and, through the state it returns, shown by the form.
import { z } from "zod";
import { isClockTime, type WeeklyHours } from "../diary";
import { addDays, dayOfWeek, indiaClock, isCalendarDate, minutesOfDay } from "../india-time";
import { fieldMessages, type FieldMessages } from "./form-text";
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

/** The form's messages in English; fieldMessages(language) gives them in another (./form-text.ts). */
export const MESSAGES = fieldMessages("en");

/** "The clinic is closed on Sundays: choose a day from Monday to Saturday". */
export function closedDayMessage(date: string, hours: WeeklyHours): string {
  return MESSAGES.closedDay(date, hours);
}

export function farDateMessage(lastDate: string): string {
  return MESSAGES.farDate(lastDate);
}

/** The window of dates a patron may choose on the day `now` falls on in India. */
export function bookableDates(now: Date): { first: string; last: string } {
  const first = indiaClock(now).date;
  return { first, last: addDays(first, BOOKING_DAYS_AHEAD) };
}

/**
 * The request's schema on the day `now` falls on in India, for a clinic open in the week's `hours` (content/clinic.md),
 * its messages in the patron's language: the rules are the same in every language.
 */
export function consultationRequestSchema(now: Date, hours: WeeklyHours, messages: FieldMessages = MESSAGES) {
  const clock = indiaClock(now);
  const { first, last } = bookableDates(now);

  return z
    .object({
      fullName: requiredText(messages.fullName)
        .pipe(z.string().min(1, { error: messages.fullName }))
        .pipe(
          z
            .string()
            .max(100, { error: messages.fullNameShape })
            .refine((name) => LETTER.test(name) && !CONTROL.test(name), { error: messages.fullNameShape }),
        ),
      mobile: z
        .string({ error: messages.mobile })
        .transform((value) => value.replace(PHONE_PUNCTUATION, ""))
        .pipe(z.string().regex(INDIAN_MOBILE, { error: messages.mobile }))
        .transform((value) => `+91${INDIAN_MOBILE.exec(value)![1]}`),
      email: requiredText(messages.email).pipe(z.email({ error: messages.email }).max(254, { error: messages.email })),
      mode: z.enum(Object.keys(CONSULTATION_MODES) as [ConsultationMode, ...ConsultationMode[]], {
        error: messages.mode,
      }),
      preferredDate: requiredText(messages.preferredDate)
        .pipe(z.string().refine(isCalendarDate, { error: messages.preferredDate, abort: true }))
        .superRefine((date, ctx) => {
          if (date < first) ctx.addIssue({ code: "custom", message: messages.pastDate });
          else if (date > last) ctx.addIssue({ code: "custom", message: messages.farDate(last) });
          else if (hours[dayOfWeek(date)].length === 0) ctx.addIssue({ code: "custom", message: messages.closedDay(date, hours) });
        }),
      // A time on the day's grid ("11:20"; the diary checks it against the day, lib/booking/free-times.ts), or
      // ASK_TO_CALL with a window. A form from before times were offered posts a window alone: it asks to be called.
      time: z
        .string({ error: messages.time })
        .refine((time) => time === ASK_TO_CALL || isClockTime(time), { error: messages.time })
        .optional(),
      timeWindow: z
        .enum(Object.keys(TIME_WINDOWS) as [TimeWindow, ...TimeWindow[]], { error: messages.timeWindow })
        .optional(),
      reason: requiredText(messages.reason)
        .pipe(z.string().min(1, { error: messages.reason }))
        .pipe(
          z
            .string()
            .max(REASON_MAX_LENGTH, { error: messages.reasonTooLong })
            .refine((reason) => !CONTROL.test(reason.replace(/[\r\n\t]/g, "")), {
              error: messages.reason,
            }),
        ),
      consent: z.literal("yes", { error: messages.consent }),
    })
    .superRefine(({ preferredDate, time, timeWindow }, ctx) => {
      if (time === undefined && timeWindow === undefined) {
        ctx.addIssue({ code: "custom", message: messages.time, path: ["time"] });
      } else if (time !== undefined && time !== ASK_TO_CALL) {
        return;
      } else if (timeWindow === undefined) {
        ctx.addIssue({ code: "custom", message: messages.timeWindow, path: ["timeWindow"] });
      } else if (preferredDate === clock.date && minutesOfDay(TIME_WINDOWS[timeWindow].ends) <= clock.minutes) {
        ctx.addIssue({ code: "custom", message: messages.windowPassed, path: ["timeWindow"] });
      }
    })
    // Exactly one of the two is kept: the time picked, or the window the clinic may call in.
    .transform(({ time, timeWindow, ...rest }): typeof rest & { time?: string; timeWindow?: TimeWindow } =>
      time !== undefined && time !== ASK_TO_CALL ? { ...rest, time } : { ...rest, timeWindow },
    );
}

export type ConsultationRequest = z.output<ReturnType<typeof consultationRequestSchema>>;
