// A consultation request worded for people: the same words on the patron's confirmation and in the clinic's email.
import { formatClockTime, formatAppointmentDate, indiaInstant } from "../india-time";
import { CONSULTATION_MODES, TIME_WINDOWS } from "./rules";
import type { ConsultationRequest } from "./schema";
import type { BookingReceipt } from "./state";

export function describeRequest(request: ConsultationRequest, reference: string): BookingReceipt {
  return {
    reference,
    fullName: request.fullName,
    mobile: request.mobile,
    email: request.email,
    mode: CONSULTATION_MODES[request.mode].label,
    date: formatAppointmentDate(request.preferredDate),
    time: request.time ? formatClockTime(request.time) : TIME_WINDOWS[request.timeWindow!].label,
    held: request.time !== undefined,
  };
}

/** When the patron asked for: the time they picked, or the start of the window the clinic may call in. */
export function requestedStart(request: Pick<ConsultationRequest, "preferredDate" | "time" | "timeWindow">): Date {
  return indiaInstant(request.preferredDate, request.time ?? TIME_WINDOWS[request.timeWindow!].starts);
}
