// A consultation request worded for people: the same words on the patron's confirmation and in the clinic's email.
import { formatAppointmentDate } from "../india-time";
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
    timeWindow: TIME_WINDOWS[request.timeWindow].label,
  };
}
