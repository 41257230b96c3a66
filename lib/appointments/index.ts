// Changing an appointment: the change is checked against the state machine (./states.ts), then the new state and the
// emails it causes are written in one transaction, only if no one changed the appointment since the page that asked
// for it was shown. So a double press, or an old link after a change, changes nothing and sends nothing again.
import { getClinic } from "../clinic";
import { getConfig } from "../config";
import { formatAppointmentTime, indiaClock } from "../india-time";
import { processSingleton } from "../process-singleton";
import { getStore } from "../store";
import type { ClinicStore, NewEmail, StoredRequest } from "../store/clinic-store";
import { agendaDayAt, agendaDueAt, agendaEmailId } from "./schedule";
import {
  applyChange,
  type Appointment,
  type AppointmentChange,
  type AppointmentEmail,
  type ChangeOutcome,
  type RefusalReason,
} from "./states";

export type ChangeResult =
  | { status: "changed"; stored: StoredRequest }
  /**
   * The change is not allowed as things stand; `refusal` says why in English, for the person who asked, and `why` for
   * a page in another language ("taken": another appointment took the time meanwhile).
   */
  | { status: "refused"; refusal: string; why: RefusalReason | "taken"; stored: StoredRequest }
  /** Someone changed it after the page that asked was shown (or this is a second press): nothing was done. */
  | { status: "stale"; stored: StoredRequest }
  | { status: "not-found" };

/** The outbox rows of a change's emails, each with its own key and what the change said. */
export function outboxEmails(reference: string, before: Appointment, outcome: Extract<ChangeOutcome, { done: true }>): NewEmail[] {
  const { appointment } = outcome;
  const details = {
    // The time the change is about: the new one, or, when it leaves none (a declined proposal), the one it was.
    startsAt: (appointment.startsAt ?? before.startsAt)?.getTime(),
    sequence: appointment.sequence,
    message: appointment.message,
    by: appointment.changedBy,
    ...(outcome.emails.some((email) => email.kind === "patron-moved") && before.startsAt
      ? { movedFrom: { state: before.state, startsAt: before.startsAt.getTime() } }
      : {}),
  };
  return outcome.emails.map(({ kind, recipient, dueAt }: AppointmentEmail) => ({
    // Each change's emails have their own key; a reminder has one per appointment day, so a day is reminded of once.
    id:
      kind === "patron-reminder"
        ? `${reference}/${kind}/${indiaClock(appointment.startsAt!).date}`
        : `${reference}/${kind}/${appointment.sequence}`,
    kind,
    recipient,
    dueAt,
    details,
  }));
}

/**
 * Makes `change` to the request `reference`, as it stood at `expectedSequence` (the sequence the page showed).
 * Changes and emails are stored together; the delivery loop sends the emails.
 */
export async function changeAppointment(
  reference: string,
  change: AppointmentChange,
  expectedSequence: number,
  now: Date,
  /** The signed-in staff member making it (the staff area), named in the audit trail. */
  memberId?: string,
): Promise<ChangeResult> {
  const store = await getStore();
  const stored = await store.findRequest(reference);
  if (!stored || !stored.request) return { status: "not-found" };
  if (stored.appointment.sequence !== expectedSequence) return { status: "stale", stored };
  const outcome = applyChange(stored.appointment, change, now);
  if (!outcome.done) return { status: "refused", refusal: outcome.refusal, why: outcome.why, stored };
  const emails = outboxEmails(reference, stored.appointment, outcome);
  // The store moves the appointment's hold on the diary with the change, under the database's key on each quantum.
  const written = await store.changeAppointment(reference, expectedSequence, outcome.appointment, emails, memberId);
  if (written === "changed") return { status: "changed", stored: { ...stored, appointment: outcome.appointment } };
  const current = (await store.findRequest(reference)) ?? stored;
  if (written === "taken") {
    // Patrons are not told whose appointment it is.
    const refusal =
      change.by === "patron"
        ? "That time was just taken by another patron: choose another time."
        : await takenRefusal(store, reference, outcome.appointment.startsAt!);
    return { status: "refused", refusal, why: "taken", stored: current };
  }
  // Another server (or a second press) made its change between our read and our write: ours was not made.
  return { status: "stale", stored: current };
}

/** Why staff may not give `reference` the time from `startsAt`: the appointments that hold part of it. */
async function takenRefusal(store: ClinicStore, reference: string, startsAt: Date): Promise<string> {
  const endsAt = new Date(startsAt.getTime() + getConfig().consultationMinutes * 60_000);
  const others = (await store.diaryBetween(startsAt, endsAt)).holds.filter((hold) => hold.reference !== reference);
  const named = others.map((hold) => `${formatAppointmentTime(hold.startsAt)} (${hold.reference}, ${hold.state})`).join(" and ");
  return `${named ? `Another consultation holds ${named}` : "Another consultation holds part of that time"}. Choose a time that does not overlap it.`;
}

const agendas = processSingleton("agenda-schedule", () => ({ scheduledFor: undefined as string | undefined }));

/**
 * Writes the day's agenda into the outbox once it is due (08:30 India time, Monday to Saturday). Its id is the date,
 * so every server may try: one row is written and one email sent.
 */
export async function scheduleAgenda(store: ClinicStore, now: Date): Promise<void> {
  const date = agendaDayAt(now, getClinic().hours);
  if (!date || agendas.scheduledFor === date) return;
  await store.scheduleEmail({ id: agendaEmailId(date), kind: "clinic-agenda", recipient: "clinic", dueAt: agendaDueAt(date) }, now);
  agendas.scheduledFor = date;
}
