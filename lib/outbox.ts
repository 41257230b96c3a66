// What staff see from the command line: the emails still on their way (`npm run outbox`), each pending, failed or
// undeliverable one with the patron's name only, and a way to send a request's emails again now; where recent
// requests stand (`npm run appointments`); and what happened to a request (`npm run outbox -- audit`).
import { actorWords, describeAppointment } from "./appointments/describe";
import { CONSULTATION_MODES } from "./booking/rules";
import { formatIndiaTimestamp } from "./india-time";
import { emailKindName } from "./mail/outbox-email";
import type { AuditEvent, ClinicStore, OutboxEmail } from "./store/clinic-store";

/** How the outbox is shown to staff: the emails given up on first, permanent refusals apart from temporary failures. */
const OUTBOX_SECTIONS: { heading: string; state: string; holds: (email: OutboxEmail) => boolean }[] = [
  {
    heading: "Given up at once: the patron's mail server refused the address (the clinic was emailed to call them)",
    state: "UNDELIVERABLE, refused",
    holds: (email) => email.status === "undeliverable" && email.failure === "permanent",
  },
  {
    heading: "Given up after three days of temporary failures (the clinic was emailed to call them)",
    state: "UNDELIVERABLE after three days",
    holds: (email) => email.status === "undeliverable" && email.failure === "temporary",
  },
  {
    heading: "Given up: nothing left to send (the request's details are gone)",
    state: "UNDELIVERABLE, nothing to send",
    holds: (email) => email.status === "undeliverable" && email.failure !== "permanent" && email.failure !== "temporary",
  },
  {
    heading: "Retrying: the mail server refuses the clinic's own mail settings (check SMTP_URL's login, MAIL_FROM and CLINIC_INBOX)",
    state: "failed, will retry (the clinic's mail settings)",
    holds: (email) => email.status === "pending" && email.failure === "configuration",
  },
  {
    heading: "Retrying: temporary failures (the mail server busy or unreachable)",
    state: "failed, will retry (temporary)",
    holds: (email) => email.status === "pending" && email.attempts > 0 && email.failure !== "configuration",
  },
  { heading: "Waiting to be sent", state: "pending", holds: (email) => email.status === "pending" && email.attempts === 0 },
];

export async function describeOutbox(store: ClinicStore): Promise<string[]> {
  const waiting = await store.listEmails(["pending", "undeliverable"]);
  if (waiting.length === 0) return ["Nothing waiting: every email has been delivered."];
  const line = async (email: OutboxEmail, state: string) => {
    const stored = email.reference === null ? undefined : await store.findRequest(email.reference);
    return [
      email.reference ?? email.id,
      emailKindName(email.kind),
      state,
      `first due ${formatIndiaTimestamp(email.createdAt)}`,
      // The day's agenda is about no one request.
      email.reference === null ? "" : (stored?.request?.fullName ?? "(details erased)"),
      `${email.attempts} failed ${email.attempts === 1 ? "try" : "tries"}`,
      email.status === "pending" ? `next try ${formatIndiaTimestamp(email.dueAt)}` : "",
      email.givenUpAt ? `given up ${formatIndiaTimestamp(email.givenUpAt)}` : "",
      email.lastError ? `last error: ${email.lastError}` : "",
    ]
      .filter(Boolean)
      .join(" · ");
  };
  const sections = await Promise.all(
    OUTBOX_SECTIONS.map(async ({ heading, state, holds }) => {
      const emails = waiting.filter(holds);
      return emails.length === 0 ? [] : [`${heading}:`, ...(await Promise.all(emails.map((email) => line(email, state)))), ""];
    }),
  );
  return sections.flat().slice(0, -1);
}

/** Makes a request's unsent emails due now; a running site's delivery loop (or the next cron call) sends them. */
export async function retryRequest(store: ClinicStore, reference: string, now: Date): Promise<string> {
  const found = await store.findRequest(reference);
  if (!found) return `No request ${reference}.`;
  // Once the details are erased, only the emails that kept what they need (a withdrawal's) can go.
  if (!found.request) {
    const selfContained = (await store.emailsAbout(reference)).some((email) => email.status !== "sent" && email.details !== null);
    if (!selfContained) return `${reference} cannot be sent: its details were erased.`;
  }
  const retried = await store.retryEmails(reference, now);
  return retried === 0
    ? `${reference} was already delivered.`
    : `${reference}: ${retried} email${retried === 1 ? "" : "s"} will be sent again within seconds by the running site.`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What staff see of recent requests (`npm run appointments`): each one received in the last `days` days, or with an
 * appointment from today on, with where it stands (requested, proposed, confirmed, declined, cancelled) and its time.
 */
export async function describeRequests(store: ClinicStore, now: Date, days = 30): Promise<string[]> {
  const requests = await store.recentRequests(new Date(now.getTime() - days * DAY_MS));
  if (requests.length === 0) return [`No requests in the last ${days} days.`];
  return requests.map(({ reference, request, receivedAt, appointment }) =>
    [
      reference,
      describeAppointment(appointment),
      request ? CONSULTATION_MODES[request.mode].short : "",
      request?.fullName ?? "(details erased)",
      `received ${formatIndiaTimestamp(receivedAt)}`,
      appointment.state === "requested" ? "" : `changed ${formatIndiaTimestamp(appointment.changedAt)} ${actorWords(appointment.changedBy)}`,
    ]
      .filter(Boolean)
      .join(" · "),
  );
}

const EVENT_WORDS: Record<string, string> = {
  received: "request received",
  requested: "proposed time declined: waiting for another",
  proposed: "time proposed",
  confirmed: "confirmed",
  declined: "declined",
  cancelled: "cancelled",
  erased: "details erased",
  "email sent": "email sent",
  "email undeliverable": "email given up on (undeliverable)",
};

function eventWords({ event, detail }: AuditEvent): string {
  const words = EVENT_WORDS[event] ?? event;
  return detail ? `${words}: ${emailKindName(detail)}` : words;
}

/** A request's audit trail for staff (`npm run outbox -- audit DS-XXXX-XXXX`): what happened, when, and by whom. */
export async function describeAuditTrail(store: ClinicStore, reference: string): Promise<string[]> {
  const trail = await store.auditTrail(reference);
  if (trail.length === 0) return [`No record of ${reference}.`];
  return trail.map((entry) =>
    [formatIndiaTimestamp(entry.at), eventWords(entry), entry.member ? `by ${entry.member} (staff area)` : actorWords(entry.actor)].join(" · "),
  );
}
