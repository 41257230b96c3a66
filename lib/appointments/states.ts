// An appointment's states and the changes allowed between them, each with the emails it causes. The one place that
// says what may happen to a request once it has arrived:
//
//   requested ──confirm──▶ confirmed ──cancel──▶ cancelled
//       │  ▲                 ▲    │ (staff move it: confirm again at another time)
//  propose│  └decline-proposal┐   │
//       ▼                    │    │
//   proposed ──accept-proposal┘
//   requested, proposed ──decline──▶ declined ──confirm / propose──▶ (staff may still agree a time after a call)
//   any state ──withdraw──▶ cancelled, if it was still to happen (the patron withdrew consent; lib/appointments/withdrawal.ts)
//   requested at a time, confirmed ──move (the patron, until 2 h before)──▶ requested at the new time (staff confirm
//       it again), or confirmed at it when the site books at once (BOOKING_CONFIRMATION=instant)
//   a new request for a time the patron picked: requested, holding it; or, booked at once, confirmed (bookAtOnce)
//
// Pure: given the appointment as it is, a change and the time, it says what the appointment becomes and which emails
// to write, or why the change is refused. lib/appointments/index.ts writes both in one transaction.
import type { Appointment } from "../store/clinic-store";
import type { Actor, AppointmentState } from "../store/tables";
import type { BookingConfirmation } from "../booking/rules";
import { cancelDeadline, reminderDueAt } from "./schedule";

// The states and the appointment's record are the store's (what it keeps); the rules of changing them are here.
export { APPOINTMENT_STATES } from "../store/tables";
export type { Actor, AppointmentState } from "../store/tables";
export type { Appointment } from "../store/clinic-store";

export type AppointmentChange =
  | { type: "confirm"; startsAt: Date; by: "staff" }
  | { type: "propose"; startsAt: Date; by: "staff" }
  | { type: "accept-proposal"; by: "patron" }
  | { type: "decline-proposal"; by: "patron" }
  | { type: "decline"; message: string; by: "staff" }
  | { type: "cancel"; message: string | null; by: "staff" | "patron" }
  /** The patron withdrew consent (or staff did so for them): their details are erased with this change. */
  | { type: "withdraw"; by: "staff" | "patron" }
  /** The patron chose another free time; `confirmation` says whether staff confirm it again or it is booked at once. */
  | { type: "move"; startsAt: Date; by: "patron"; confirmation: BookingConfirmation };


/** The kinds of email a change can cause. */
export type AppointmentEmailKind =
  | "patron-confirmed"
  | "clinic-confirmed"
  | "patron-proposal"
  | "clinic-proposal-declined"
  | "patron-declined"
  | "clinic-declined"
  | "patron-cancelled"
  | "clinic-cancelled"
  | "patron-reminder"
  | "clinic-booked"
  | "patron-moved"
  | "clinic-moved"
  | WithdrawalEmailKind;

/** The emails a withdrawal of consent causes: the patron's acknowledgement, and the clinic's notice. */
export type WithdrawalEmailKind = "patron-withdrawn" | "clinic-withdrawn";

export interface AppointmentEmail {
  kind: AppointmentEmailKind;
  recipient: "patron" | "clinic";
  /** When it is to go: now, unless it is a reminder. */
  dueAt: Date;
}

/**
 * Why a change was refused, so that the patron's page can say it in their language (messages'
 * appointmentPage.refusals.why); `refusal` is the English words staff and English pages show.
 */
export type RefusalReason =
  | `notFrom.${AppointmentState}`
  | "timePassed"
  | "alreadyAtThatTime"
  | "proposalPassed"
  | "appointmentPassed"
  | "tooLateToCancel"
  | "noTimeToMove"
  | "tooLateToMove"
  | "sameTime";

export type ChangeOutcome =
  | { done: true; appointment: Appointment; emails: AppointmentEmail[] }
  | { done: false; refusal: string; why: RefusalReason };

/** The appointment every request starts as: asked for at the time the patron picked, which it holds, or for none. */
export function requestedAppointment(receivedAt: Date, startsAt: Date | null = null): Appointment {
  return { state: "requested", startsAt, sequence: 0, changedAt: receivedAt, changedBy: "patron", message: null };
}

const REFUSALS: Record<Exclude<RefusalReason, `notFrom.${string}`>, string> = {
  timePassed: "Choose a time that has not passed.",
  alreadyAtThatTime: "The appointment is already confirmed at that time.",
  proposalPassed: "The proposed time has passed. Please call the clinic to agree another.",
  appointmentPassed: "This appointment's time has passed.",
  tooLateToCancel: "It is less than two hours to the appointment: please call the clinic to cancel or change it.",
  noTimeToMove: "This request has no time to move yet: the clinic will call you to agree one.",
  tooLateToMove: "It is less than two hours to the appointment: please call the clinic to change it.",
  sameTime: "That is already your appointment's time.",
};

const refuse = (why: keyof typeof REFUSALS): ChangeOutcome => ({ done: false, refusal: REFUSALS[why], why });

/** Whether withdrawing consent at `now` cancels the appointment: one asked for, offered, or confirmed and yet to come. */
export function withdrawalCancels(appointment: Appointment, now: Date): boolean {
  return (
    appointment.state === "requested" ||
    appointment.state === "proposed" ||
    (appointment.state === "confirmed" && appointment.startsAt !== null && appointment.startsAt > now)
  );
}

const ALLOWED_FROM: Record<AppointmentChange["type"], readonly AppointmentState[]> = {
  confirm: ["requested", "proposed", "declined", "confirmed"],
  propose: ["requested", "proposed", "declined"],
  "accept-proposal": ["proposed"],
  "decline-proposal": ["proposed"],
  decline: ["requested", "proposed"],
  cancel: ["confirmed"],
  withdraw: ["requested", "proposed", "confirmed", "declined", "cancelled"],
  move: ["requested", "confirmed"],
};

const NOT_FROM: Record<AppointmentState, string> = {
  requested: "The clinic has not yet offered a time for this request.",
  proposed: "This request is waiting for the patron to answer the time the clinic proposed.",
  confirmed: "This appointment is confirmed.",
  declined: "The clinic has declined this request.",
  cancelled: "This appointment was cancelled.",
};

function confirmed(current: Appointment, startsAt: Date, by: Actor, now: Date): ChangeOutcome {
  const emails: AppointmentEmail[] = [
    { kind: "patron-confirmed", recipient: "patron", dueAt: now },
    { kind: "clinic-confirmed", recipient: "clinic", dueAt: now },
  ];
  // No reminder when the confirmation itself comes after the evening before: it would arrive as a second email.
  const reminder = reminderDueAt(startsAt);
  if (now < reminder) emails.push({ kind: "patron-reminder", recipient: "patron", dueAt: reminder });
  return { done: true, appointment: next(current, "confirmed", startsAt, by, now, null), emails };
}

/**
 * A request for a time the patron picked, booked at once (BOOKING_CONFIRMATION=instant): confirmed as it is stored,
 * by the site. The patron's first email is the confirmation with its invitation; the clinic is told it was booked.
 */
export function bookAtOnce(requested: Appointment, now: Date): Extract<ChangeOutcome, { done: true }> {
  const outcome = confirmed(requested, requested.startsAt!, "system", now) as Extract<ChangeOutcome, { done: true }>;
  return {
    ...outcome,
    emails: outcome.emails.map((email) => (email.kind === "clinic-confirmed" ? { ...email, kind: "clinic-booked" } : email)),
  };
}

function next(current: Appointment, state: AppointmentState, startsAt: Date | null, by: Actor, now: Date, message: string | null): Appointment {
  return { state, startsAt, sequence: current.sequence + 1, changedAt: now, changedBy: by, message };
}

/** What `change` does to `current` at `now`: the appointment it becomes and the emails it causes, or a refusal. */
export function applyChange(current: Appointment, change: AppointmentChange, now: Date): ChangeOutcome {
  if (!ALLOWED_FROM[change.type].includes(current.state)) return { done: false, refusal: NOT_FROM[current.state], why: `notFrom.${current.state}` };
  switch (change.type) {
    case "confirm":
      if (change.startsAt <= now) return refuse("timePassed");
      if (current.state === "confirmed" && current.startsAt?.getTime() === change.startsAt.getTime()) {
        return refuse("alreadyAtThatTime");
      }
      return confirmed(current, change.startsAt, change.by, now);
    case "propose":
      if (change.startsAt <= now) return refuse("timePassed");
      return {
        done: true,
        appointment: next(current, "proposed", change.startsAt, change.by, now, null),
        emails: [{ kind: "patron-proposal", recipient: "patron", dueAt: now }],
      };
    case "accept-proposal":
      if (!current.startsAt || current.startsAt <= now) {
        return refuse("proposalPassed");
      }
      return confirmed(current, current.startsAt, change.by, now);
    case "decline-proposal":
      // The patron still wants a consultation, only not then: the request stands and the clinic is told.
      return {
        done: true,
        appointment: next(current, "requested", null, change.by, now, null),
        emails: [{ kind: "clinic-proposal-declined", recipient: "clinic", dueAt: now }],
      };
    case "decline":
      return {
        done: true,
        appointment: next(current, "declined", null, change.by, now, change.message),
        emails: [
          { kind: "patron-declined", recipient: "patron", dueAt: now },
          // Takes the request's tentative event out of the clinic's calendar.
          { kind: "clinic-declined", recipient: "clinic", dueAt: now },
        ],
      };
    case "cancel": {
      const startsAt = current.startsAt!;
      if (startsAt <= now) return refuse("appointmentPassed");
      if (change.by === "patron" && now > cancelDeadline(startsAt)) {
        return refuse("tooLateToCancel");
      }
      return {
        done: true,
        appointment: next(current, "cancelled", startsAt, change.by, now, change.message),
        emails: [
          { kind: "patron-cancelled", recipient: "patron", dueAt: now },
          { kind: "clinic-cancelled", recipient: "clinic", dueAt: now },
        ],
      };
    }
    case "move": {
      if (!current.startsAt) return refuse("noTimeToMove");
      if (now > cancelDeadline(current.startsAt)) {
        return refuse("tooLateToMove");
      }
      if (change.startsAt <= now) return refuse("timePassed");
      if (change.startsAt.getTime() === current.startsAt.getTime()) return refuse("sameTime");
      const booked = change.confirmation === "instant";
      const emails: AppointmentEmail[] = [
        { kind: "patron-moved", recipient: "patron", dueAt: now },
        { kind: "clinic-moved", recipient: "clinic", dueAt: now },
      ];
      if (booked && now < reminderDueAt(change.startsAt)) {
        emails.push({ kind: "patron-reminder", recipient: "patron", dueAt: reminderDueAt(change.startsAt) });
      }
      // With staff confirming, the new time waits for them again, held for the patron meanwhile.
      return { done: true, appointment: next(current, booked ? "confirmed" : "requested", change.startsAt, change.by, now, null), emails };
    }
    case "withdraw": {
      // Whatever the time: the details the consultation needs are erased with this change. The clinic is told, and
      // the patron's acknowledgement goes to the address the outbox keeps until it is sent.
      return {
        done: true,
        appointment: withdrawalCancels(current, now)
          ? next(current, "cancelled", current.startsAt, change.by, now, null)
          : { ...current, sequence: current.sequence + 1, message: null },
        emails: [
          { kind: "patron-withdrawn", recipient: "patron", dueAt: now },
          { kind: "clinic-withdrawn", recipient: "clinic", dueAt: now },
        ],
      };
    }
  }
}
