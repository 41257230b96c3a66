// What staff see of the emails still on their way (`npm run outbox`): each pending, failed or undeliverable email,
// with the patron's name only, and a way to send a request's emails again now.
import { formatIndiaTimestamp } from "./india-time";
import { EMAIL_KIND_NAMES, type EmailKind } from "./mail/outbox-email";
import type { ClinicStore, OutboxEmail } from "./store/clinic-store";

function state(email: OutboxEmail): string {
  if (email.status === "undeliverable") return "UNDELIVERABLE";
  return email.attempts === 0 ? "pending" : "failed, will retry";
}

export async function describeOutbox(store: ClinicStore): Promise<string[]> {
  const waiting = await store.listEmails(["pending", "undeliverable"]);
  if (waiting.length === 0) return ["Nothing waiting: every email has been delivered."];
  return Promise.all(
    waiting.map(async (email) => {
      const stored = email.reference === null ? undefined : await store.findRequest(email.reference);
      return [
        email.reference ?? email.id,
        EMAIL_KIND_NAMES[email.kind as EmailKind] ?? email.kind,
        state(email),
        `received ${formatIndiaTimestamp(email.createdAt)}`,
        stored?.request?.fullName ?? "(details erased)",
        `${email.attempts} failed ${email.attempts === 1 ? "try" : "tries"}`,
        email.status === "pending" ? `next try ${formatIndiaTimestamp(email.dueAt)}` : "",
        email.lastError ? `last error: ${email.lastError}` : "",
      ]
        .filter(Boolean)
        .join(" · ");
    }),
  );
}

/** Makes a request's unsent emails due now; a running site's delivery loop (or the next cron call) sends them. */
export async function retryRequest(store: ClinicStore, reference: string, now = new Date()): Promise<string> {
  const found = await store.findRequest(reference);
  if (!found) return `No request ${reference}.`;
  if (!found.request) return `${reference} cannot be sent: its details were erased.`;
  const retried = await store.retryEmails(reference, now);
  return retried === 0
    ? `${reference} was already delivered.`
    : `${reference}: ${retried} email${retried === 1 ? "" : "s"} will be sent again within seconds by the running site.`;
}
