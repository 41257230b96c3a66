// What staff read of a request's audit trail (`npm run outbox -- audit DS-XXXX-XXXX`): each thing that happened to it,
// when, and who caused it. The trail holds no personal detail, so it stays after the patron's details are erased.
import { actorWords } from "../appointments/describe";
import { formatIndiaTimestamp } from "../india-time";
import { EMAIL_KIND_NAMES, type EmailKind } from "../mail/outbox-email";
import type { AuditEvent, ClinicStore } from "../store/clinic-store";

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
  return detail ? `${words}: ${EMAIL_KIND_NAMES[detail as EmailKind] ?? detail}` : words;
}

export async function describeAuditTrail(store: ClinicStore, reference: string): Promise<string[]> {
  const trail = await store.auditTrail(reference);
  if (trail.length === 0) return [`No record of ${reference}.`];
  return trail.map((entry) => [formatIndiaTimestamp(entry.at), eventWords(entry), actorWords(entry.actor)].join(" · "));
}
