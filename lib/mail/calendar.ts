// Every iCalendar part the clinic sends, written here and nowhere else. One UID per request and the appointment it
// becomes, so each calendar keeps one event for it: the clinic's tentative event for the requested window (PUBLISH),
// then the confirmed appointment (REQUEST to the patron, PUBLISH to the clinic), then its removal (CANCEL to both).
// The SEQUENCE stored with the appointment orders them; times are written in UTC, so no calendar's zone moves them.
import { createEvent, createEvents, type EventAttributes } from "ics";
import type { SendMailOptions } from "nodemailer";
import { describeRequest, requestedStart } from "../booking/describe";
import { CONSULTATION_MODES, TIME_WINDOWS } from "../booking/rules";
import type { ConsultationRequest } from "../booking/schema";
import { indiaInstant } from "../india-time";

export type CalendarMethod = "PUBLISH" | "REQUEST" | "CANCEL";

const PRODUCT_ID = "drdivyasharma.com/consultation-requests";

/** The one UID of a request's event in every calendar, from the tentative request to the cancelled appointment. */
export function appointmentUid(reference: string): string {
  return `${reference}@consultation-requests`;
}

/** The bare address of MAIL_FROM ("Name <a@b>" or "a@b"): Gmail updates an event in place only when it is the sender's. */
export function mailAddress(mailFrom: string): string {
  return (/<([^<>\s]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom).trim();
}

function written(attributes: EventAttributes): string {
  const { error, value } = createEvent({
    ...attributes,
    startInputType: "utc",
    startOutputType: "utc",
    endInputType: "utc",
    endOutputType: "utc",
    productId: PRODUCT_ID,
  } as EventAttributes);
  // Only a fault in this module can make an event fail to build.
  if (error || !value) throw error ?? new Error("the calendar event could not be built");
  return value;
}

/** The attachment nodemailer sends as text/calendar with the same `method` as the event's METHOD. */
export function calendarAttachment(method: CalendarMethod, reference: string, content: string): SendMailOptions["icalEvent"] {
  return { method, filename: `consultation-${reference}.ics`, content };
}

/**
 * The clinic's tentative event for a new request: the time the patron picked and the site holds for them, or the
 * window they asked to be called in; to be confirmed with the patron. RFC 5546 wants an ORGANIZER on a PUBLISH.
 */
export function requestedEvent(
  request: ConsultationRequest,
  reference: string,
  { minutes, organizer }: { minutes: number; organizer: { name: string; mailFrom: string } },
): string {
  const described = describeRequest(request, reference);
  const start = requestedStart(request);
  const end = request.time
    ? new Date(start.getTime() + minutes * 60_000)
    : indiaInstant(request.preferredDate, TIME_WINDOWS[request.timeWindow!].ends);
  return written({
    method: "PUBLISH",
    uid: appointmentUid(reference),
    sequence: 0,
    title: `${CONSULTATION_MODES[request.mode].short} consultation (requested): ${request.fullName} [${reference}]`,
    description: `${described.mode}, ${described.date}, ${described.time} (India time${described.held ? ", held for the patron" : ""}). Mobile ${request.mobile}, email ${request.email}. To be confirmed with the patron.`,
    start: start.getTime(),
    end: end.getTime(),
    status: "TENTATIVE",
    busyStatus: "TENTATIVE",
    organizer: { name: organizer.name, email: mailAddress(organizer.mailFrom) },
  });
}

export interface AppointmentEvent {
  method: CalendarMethod;
  reference: string;
  /** The patron, invited (REQUEST) or told (CANCEL); the clinic's own copy (PUBLISH) has no attendees. */
  attendee?: { name: string; email: string };
  startsAt: Date;
  minutes: number;
  sequence: number;
  /** The clinic, as it sends: its name and MAIL_FROM. */
  organizer: { name: string; mailFrom: string };
  title: string;
  description: string;
  /** The meeting link of a video consultation. */
  location?: string;
  /** Held for the patron but not yet confirmed by the clinic (a confirmed appointment the patron moved). */
  tentative?: boolean;
}

/** What an appointment's event says, whichever way it is sent: its one UID, SEQUENCE, time, state and organizer. */
function appointmentAttributes(event: Omit<AppointmentEvent, "attendee">): EventAttributes {
  const { method } = event;
  return {
    uid: appointmentUid(event.reference),
    sequence: event.sequence,
    title: event.title,
    description: event.description,
    ...(event.location ? { location: event.location, url: event.location } : {}),
    start: event.startsAt.getTime(),
    duration: { minutes: event.minutes },
    status: method === "CANCEL" ? "CANCELLED" : event.tentative ? "TENTATIVE" : "CONFIRMED",
    busyStatus: method === "CANCEL" ? "FREE" : event.tentative ? "TENTATIVE" : "BUSY",
    organizer: { name: event.organizer.name, email: mailAddress(event.organizer.mailFrom) },
  };
}

/**
 * The appointment as an event: confirmed (REQUEST, inviting the patron; PUBLISH, the clinic's own copy, which has no
 * attendees) or cancelled (CANCEL, which removes it from the calendars that have it).
 */
export function appointmentEvent(event: AppointmentEvent): string {
  const { method, attendee } = event;
  return written({
    method,
    ...appointmentAttributes(event),
    ...(!attendee
      ? {}
      : {
          attendees: [
            {
              name: attendee.name,
              email: attendee.email,
              role: "REQ-PARTICIPANT",
              partstat: method === "CANCEL" ? "DECLINED" : "ACCEPTED",
              rsvp: false,
            },
          ],
        }),
  });
}

/** One appointment in a staff member's calendar feed. */
export type FeedEvent = Pick<AppointmentEvent, "reference" | "startsAt" | "minutes" | "sequence" | "title" | "description" | "location" | "tentative">;

/**
 * A staff member's private calendar feed (a subscription, PUBLISH): the appointments held and confirmed, each under
 * the same UID and SEQUENCE as the emails' events, so a calendar that has both keeps one event.
 */
export function staffCalendarFeed(events: FeedEvent[], calendarName: string, organizer: { name: string; mailFrom: string }): string {
  const attributes = events.map(
    (event): EventAttributes => ({
      ...appointmentAttributes({ ...event, method: "PUBLISH", organizer }),
      startInputType: "utc",
      startOutputType: "utc",
      productId: PRODUCT_ID,
    }),
  );
  const { error, value } = createEvents(attributes, { method: "PUBLISH", calName: calendarName, productId: PRODUCT_ID });
  // Only a fault in this module can make a feed fail to build.
  if (error || !value) throw error ?? new Error("the calendar feed could not be built");
  return value;
}
