// What staff see of the requests still on their way (`npm run outbox`): pending, failed and undeliverable ones,
// with the patron's name only, and a way to send one again now.
import { formatIndiaTimestamp } from "./india-time";
import type { RequestStore, StoredRequest } from "./store/request-store";

function state(request: StoredRequest): string {
  if (request.status === "undeliverable") return "UNDELIVERABLE";
  return request.attempts === 0 ? "pending" : "failed, will retry";
}

export function describeOutbox(store: RequestStore): string[] {
  const waiting = store.list(["pending", "undeliverable"]);
  if (waiting.length === 0) return ["Nothing waiting: every request has been delivered."];
  return waiting.map((request) =>
    [
      request.reference,
      state(request),
      `received ${formatIndiaTimestamp(request.receivedAt)}`,
      request.request?.fullName ?? "(details erased)",
      `${request.attempts} failed ${request.attempts === 1 ? "try" : "tries"}`,
      request.status === "pending" ? `next try ${formatIndiaTimestamp(request.nextAttemptAt)}` : "",
      request.lastError ? `last error: ${request.lastError}` : "",
    ]
      .filter(Boolean)
      .join(" · "),
  );
}

/** Makes one request due now; the running site's delivery loop sends it within seconds. */
export function retryRequest(store: RequestStore, reference: string, now = new Date()): string {
  const found = store.find(reference);
  if (!found) return `No request ${reference}.`;
  if (found.status === "sent") return `${reference} was already delivered.`;
  return store.retryNow(reference, now)
    ? `${reference} will be sent again within seconds by the running site.`
    : `${reference} cannot be sent: its details were erased.`;
}
