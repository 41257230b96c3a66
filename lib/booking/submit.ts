// Handling a consultation request from the booking form: validate it with the one schema, check the time picked
// against the diary, store it (holding the time), and answer with what the form shows next; the delivery loop
// (lib/delivery.ts) sends the emails. Patron mistakes, and a time another patron took first, are values.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getClinic } from "../clinic";
import { outboxEmails } from "../appointments";
import { bookAtOnce, requestedAppointment } from "../appointments/states";
import { getConfig } from "../config";
import { clockTimeIn } from "../i18n/dates";
import { DEFAULT_LANGUAGE, type Language } from "../i18n/languages";
import { translator } from "../i18n/messages";
import type { ClinicStore } from "../store/clinic-store";
import { describeRequest, requestedStart } from "./describe";
import { fieldMessages, slotProblemIn } from "./form-text";
import { dayTimes, diaryRules, nearestTimes, pickedTimeProblem } from "./free-times";
import { guardBooking } from "./guard";
import { newReference } from "./reference";
import { REQUEST_EMAILS } from "../mail/outbox-email";
import { getPrivacyNotice } from "../privacy/notice";
import { getStore } from "../store";
import { keptAsTyped, suggestEmailAddress } from "./email-typo";
import { EMAIL_CHOICE_FIELD, EMAIL_KEPT_FIELD, REQUEST_KEY_FIELD, SHOW_DATE_FIELD, SHOW_TIMES_INTENT } from "./rules";
import { consultationRequestSchema } from "./schema";
import { bookingValuesFrom, type BookingErrors, type BookingState, type BookingValues } from "./state";

function firstErrors(error: z.ZodError): BookingErrors {
  const errors: BookingErrors = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as keyof BookingErrors;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** The day's free times to show again beside a form with mistakes, when the patron had chosen a date. */
async function timesToShow(
  values: BookingValues,
  errors: BookingErrors,
  now: Date,
  language: Language,
): Promise<Pick<Extract<BookingState, { status: "editing" }>, "times">> {
  if (!values.preferredDate || errors.preferredDate) return {};
  try {
    return { times: await dayTimes(await getStore(), values.preferredDate, now, language) };
  } catch (error) {
    // The form still shows what to correct; the times come back with the next try.
    console.error(`[booking] the free times could not be read: ${(error as Error).message}`);
    return {};
  }
}

/** The form again for a patron whose time another patron took first, with the nearest free times that day. */
async function timeTaken(store: ClinicStore, values: BookingValues, date: string, time: string, now: Date, language: Language): Promise<BookingState> {
  const t = translator(language);
  const clock = (each: string) => clockTimeIn(language, each);
  const nearest = await nearestTimes(store, date, time, now);
  const others = nearest.length > 0 ? ` ${t("booking.slot.nearest", { times: nearest.map(clock).join(", ") })}` : "";
  return timeRefused(store, values, `${t("booking.slot.justTaken", { time: clock(time) })}${others}`, now, language);
}

/** The form again, with every answer and the day's free times as they stand now, and why the time was refused. */
async function timeRefused(store: ClinicStore, values: BookingValues, message: string, now: Date, language: Language): Promise<BookingState> {
  const times = await dayTimes(store, values.preferredDate ?? "", now, language);
  // The refused time is no longer offered, so it is not kept chosen.
  return { status: "editing", values: { ...values, time: undefined }, errors: { time: message }, times };
}

/**
 * The answers as posted, with the address the patron chose beside a "Did you mean …?" in place of the one typed,
 * and the address they probably meant when the one to use looks mistyped and they have not said to keep it.
 */
function answersWithEmailChoice(formData: FormData): { values: BookingValues; emailSuggestion?: string } {
  const values = bookingValuesFrom(formData);
  const choice = formData.get(EMAIL_CHOICE_FIELD);
  if (typeof choice === "string") values.email = choice;
  const kept = typeof choice === "string" ? choice : formData.get(EMAIL_KEPT_FIELD);
  const suggestion = values.email && !keptAsTyped(values.email, typeof kept === "string" ? kept : undefined)
    ? suggestEmailAddress(values.email)
    : undefined;
  return suggestion ? { values, emailSuggestion: suggestion } : { values };
}

/** The form's one-time key, or a fresh one when a script posted none (it then cannot be deduplicated). */
function readRequestKey(formData: FormData): string {
  const key = formData.get(REQUEST_KEY_FIELD);
  return typeof key === "string" && /^[A-Za-z0-9-]{16,64}$/.test(key) ? key : randomUUID();
}

/**
 * Validates a request and stores it, with the two emails it causes, before answering: once this returns "received",
 * the request survives a crash and the delivery loop will send both. The same form posted twice gets the first
 * answer again. The patron is answered in `language`, the form's.
 */
export async function submitConsultationRequest(
  formData: FormData,
  forwardedFor: string | null,
  receivedAt: Date,
  language: Language = DEFAULT_LANGUAGE,
): Promise<BookingState> {
  const { values, emailSuggestion } = answersWithEmailChoice(formData);
  const shownDate = formData.get(SHOW_DATE_FIELD);
  if (formData.get("intent") === SHOW_TIMES_INTENT || typeof shownDate === "string") {
    // The patron asked to see a date's free times (JavaScript off): their answers come back, nothing is stored.
    const date = typeof shownDate === "string" ? shownDate.slice(0, 10) : (values.preferredDate ?? "");
    const shown = { ...values, preferredDate: date };
    return { status: "editing", values: shown, errors: {}, ...(await timesToShow(shown, {}, receivedAt, language)) };
  }
  const parsed = consultationRequestSchema(receivedAt, getClinic().hours, fieldMessages(language)).safeParse(values);
  if (!parsed.success) {
    const errors = firstErrors(parsed.error);
    return { status: "editing", values, errors, emailSuggestion, ...(await timesToShow(values, errors, receivedAt, language)) };
  }
  // An address that looks mistyped is asked about before anything is stored: the patron keeps it or takes the one
  // suggested, and either sends the request. Asked before the booking limit counts, as a mistake to correct is.
  if (emailSuggestion) {
    return { status: "editing", values, errors: {}, emailSuggestion, ...(await timesToShow(values, {}, receivedAt, language)) };
  }

  try {
    const store = await getStore();
    const { time, preferredDate } = parsed.data;
    if (time) {
      // A time already held is left to the store to refuse: it may be held by this very form, posted twice.
      const problem = await pickedTimeProblem(store, preferredDate, time, receivedAt);
      if (problem && problem.code !== "taken") {
        const message = slotProblemIn(language, problem, preferredDate, diaryRules(), receivedAt);
        return timeRefused(store, values, message, receivedAt, language);
      }
    }
    // Checked once the answers are valid, so that a person correcting mistakes does not use up their requests.
    const guard = await guardBooking(formData, forwardedFor, receivedAt, language);
    if (guard.refusal) return { status: "editing", values, errors: {}, message: guard.refusal };
    // A bot sees what a person would, so it learns nothing; its request is neither stored nor sent.
    if (guard.silentlyDrop) return { status: "received", receipt: describeRequest(parsed.data, newReference(), false, language) };
    const reference = newReference();
    // A time picked is held for the patron from now on, by the database's key on each of its quanta; booked at once,
    // it is confirmed as it is stored, and the patron's first email is the confirmation.
    const requested = requestedAppointment(receivedAt, time ? requestedStart(parsed.data) : null);
    const booked = time && getConfig().bookingConfirmation === "instant" ? bookAtOnce(requested, receivedAt) : undefined;
    const notice = getPrivacyNotice(language);
    const added = await store.addRequest(
      {
        reference,
        requestKey: readRequestKey(formData),
        request: parsed.data,
        receivedAt,
        // The box the patron ticked agrees to the notice its link opens: this server's, in the form's language.
        consent: { version: notice.version, givenAt: receivedAt, noticeLanguage: notice.language },
        language,
        appointment: booked?.appointment ?? requested,
      },
      booked ? outboxEmails(reference, requested, booked) : REQUEST_EMAILS,
    );
    // Another patron's request holds it, or took it between the check above and this write: the database refused it.
    if (added === "taken") return timeTaken(store, values, preferredDate, time!, receivedAt, language);
    const { stored } = added;
    return {
      status: "received",
      receipt: describeRequest(stored.request ?? parsed.data, stored.reference, stored.appointment.state === "confirmed", language),
    };
  } catch (error) {
    // The reason for the failure, never the patron's details. The transaction wrote all or nothing.
    console.error(`[booking] a request could not be stored: ${(error as Error).message}`);
    const phone = getClinic().phoneDisplay;
    return { status: "editing", values, errors: {}, message: translator(language)("booking.refusals.notStored", { phone }) };
  }
}
