// A consultation request worded for people: the same words on the patron's confirmation and in the clinic's email.
import { formatClockTime, formatAppointmentDate, indiaInstant } from "../india-time";
import { CONSULTATION_MODES, TIME_WINDOWS } from "./rules";
import type { ConsultationRequest } from "./schema";
import type { BookingReceipt } from "./state";

/** `confirmed`: booked at once (BOOKING_CONFIRMATION=instant), not waiting for the clinic to confirm. */
export function describeRequest(request: ConsultationRequest, reference: string, confirmed = false): BookingReceipt {
  return {
    reference,
    fullName: request.fullName,
    mobile: request.mobile,
    email: request.email,
    mode: CONSULTATION_MODES[request.mode].label,
    date: formatAppointmentDate(request.preferredDate),
    time: request.time ? formatClockTime(request.time) : TIME_WINDOWS[request.timeWindow!].label,
    held: request.time !== undefined,
    confirmed,
  };
}

/** When the patron asked for: the time they picked, or the start of the window the clinic may call in. */
export function requestedStart(request: Pick<ConsultationRequest, "preferredDate" | "time" | "timeWindow">): Date {
  return indiaInstant(request.preferredDate, request.time ?? TIME_WINDOWS[request.timeWindow!].starts);
}
