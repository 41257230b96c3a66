// The requested consultation as a calendar event for the clinic's email: tentative, because the clinic still has to
// confirm the slot, and placed at the requested window in India time whatever the reader's calendar zone.
import { createEvent } from "ics";
import { describeRequest } from "../booking/describe";
import { CONSULTATION_MODES, TIME_WINDOWS } from "../booking/rules";
import type { ConsultationRequest } from "../booking/schema";

const indiaTime = (date: string, time: string) => Date.parse(`${date}T${time}:00+05:30`);

export function consultationCalendarEvent(request: ConsultationRequest, reference: string): string {
  const window = TIME_WINDOWS[request.timeWindow];
  const described = describeRequest(request, reference);
  const { error, value } = createEvent({
    uid: `${reference}@consultation-requests`,
    title: `${CONSULTATION_MODES[request.mode].short} consultation (requested): ${request.fullName} [${reference}]`,
    description: `${described.mode}, ${described.timeWindow} (India time). Mobile ${request.mobile}, email ${request.email}. To be confirmed with the patron.`,
    start: indiaTime(request.preferredDate, window.starts),
    end: indiaTime(request.preferredDate, window.ends),
    startInputType: "utc",
    startOutputType: "utc",
    endInputType: "utc",
    endOutputType: "utc",
    status: "TENTATIVE",
    busyStatus: "TENTATIVE",
    productId: "drdivyasharma.com/consultation-requests",
  });
  // Only a fault in this module can make a valid request's event fail to build.
  if (error || !value) throw error ?? new Error("the calendar event could not be built");
  return value;
}
