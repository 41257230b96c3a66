// A consultation request worded for people: the same words on the patron's confirmation and in the clinic's email.
import { appointmentDateIn, clockTimeIn } from "../i18n/dates";
import { DEFAULT_LANGUAGE, type Language } from "../i18n/languages";
import { MESSAGES } from "../i18n/messages";
import { indiaInstant } from "../india-time";
import { formatIndianMobile } from "../phone";
import { TIME_WINDOWS } from "./rules";
import type { ConsultationRequest } from "./schema";
import type { BookingReceipt } from "./state";

/**
 * `confirmed`: booked at once (BOOKING_CONFIRMATION=instant), not waiting for the clinic to confirm. In `language`
 * for the patron's receipt; the clinic's email reads it in English.
 */
export function describeRequest(
  request: ConsultationRequest,
  reference: string,
  confirmed = false,
  language: Language = DEFAULT_LANGUAGE,
): BookingReceipt {
  const words = MESSAGES[language].booking;
  return {
    reference,
    fullName: request.fullName,
    mobile: formatIndianMobile(request.mobile),
    email: request.email,
    mode: words.modes[request.mode],
    date: appointmentDateIn(language, request.preferredDate),
    time: request.time ? clockTimeIn(language, request.time) : words.windows[request.timeWindow!],
    held: request.time !== undefined,
    confirmed,
  };
}

/** When the patron asked for: the time they picked, or the start of the window the clinic may call in. */
export function requestedStart(request: Pick<ConsultationRequest, "preferredDate" | "time" | "timeWindow">): Date {
  return indiaInstant(request.preferredDate, request.time ?? TIME_WINDOWS[request.timeWindow!].starts);
}
