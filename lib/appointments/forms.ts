// What staff and patrons send from their pages, read and checked in one place: which action, the time chosen, the
// message to the patron, and the appointment's SEQUENCE as the page showed it (so a stale page changes nothing).
import { z } from "zod";
import { isCalendarDate, indiaInstant } from "../india-time";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "../i18n/languages";
import type { WeeklyHours } from "../diary";
import { consultationTimeProblem } from "./schedule";
import { DECLINE_ANSWERS, MESSAGE_MAX_LENGTH, type ActionFormState, type DeclineAnswer, type PatronIntent, type StaffIntent } from "./form-choices";
import type { AppointmentChange } from "./states";

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value.trim() : "";
};

/** What staff entered, to show again in the form when it changed nothing. */
export function formValues(formData: FormData): Required<ActionFormState["values"]> {
  return { date: text(formData, "date"), time: text(formData, "time"), answer: text(formData, "answer"), message: text(formData, "message") };
}

/** The language of the page the form was sent from (its hidden "language"), to answer in: English if none. */
export function readLanguage(formData: FormData): Language {
  const language = text(formData, "language");
  return isLanguage(language) ? language : DEFAULT_LANGUAGE;
}

/** The SEQUENCE the page was rendered with, or undefined for a form that did not come from the page. */
export function readSequence(formData: FormData): number | undefined {
  const parsed = z.coerce.number().int().min(0).safeParse(formData.get("sequence"));
  return parsed.success ? parsed.data : undefined;
}

const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

function readMessage(formData: FormData, required: boolean): { message: string | null } | { error: string } {
  const answer = text(formData, "answer");
  const own = text(formData, "message");
  if (own.length > MESSAGE_MAX_LENGTH) return { error: `Keep your message to ${MESSAGE_MAX_LENGTH} characters or fewer.` };
  if (CONTROL.test(own.replace(/[\r\n\t]/g, ""))) return { error: "Remove the unusual characters from your message." };
  const ready = answer in DECLINE_ANSWERS ? DECLINE_ANSWERS[answer as DeclineAnswer] : "";
  const message = [ready, own].filter(Boolean).join("\n\n");
  if (required && !message) return { error: "Choose a ready answer or write a few words to the patron." };
  return { message: message || null };
}

/** A staff form as the change it asks for, or what is wrong with it. */
export function readStaffForm(
  formData: FormData,
  consultationMinutes: number,
  now: Date,
  hours: WeeklyHours,
): { change: AppointmentChange } | { state: ActionFormState } {
  const intent = text(formData, "intent") as StaffIntent;
  const values = formValues(formData);
  const wrong = (errors: ActionFormState["errors"]) => ({ state: { intent, errors, values } });

  if (intent === "confirm" || intent === "propose") {
    if (!isCalendarDate(values.date)) return wrong({ date: "Choose the date of the consultation." });
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(values.time)) return wrong({ time: "Choose the time of the consultation, such as 11:30." });
    const problem = consultationTimeProblem(values.date, values.time, consultationMinutes, now, hours);
    if (problem) return wrong({ time: problem });
    return { change: { type: intent, startsAt: indiaInstant(values.date, values.time), by: "staff" } };
  }
  if (intent === "decline" || intent === "cancel") {
    const read = readMessage(formData, intent === "decline");
    if ("error" in read) return wrong({ message: read.error });
    return intent === "decline"
      ? { change: { type: "decline", message: read.message!, by: "staff" } }
      : { change: { type: "cancel", message: read.message, by: "staff" } };
  }
  return { state: { intent, errors: {}, refusal: "This form was not understood. Please open the link from the email again.", values } };
}

/** A patron's form as the change it asks for. */
export function readPatronForm(formData: FormData): AppointmentChange | undefined {
  switch (text(formData, "intent") as PatronIntent) {
    case "accept-proposal":
      return { type: "accept-proposal", by: "patron" };
    case "decline-proposal":
      return { type: "decline-proposal", by: "patron" };
    case "cancel":
      return { type: "cancel", message: null, by: "patron" };
    default:
      return undefined;
  }
}
