// The site's figures for a monitoring server (GET /api/metrics, Prometheus' text format): requests received, emails
// sent, failed and given up by kind, the outbox's backlog and its oldest email, all counted in the database so that
// every server reports the same totals; and this process's booking answer times, which only it can know.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { processSingleton } from "./process-singleton";
import type { ClinicStore } from "./store/clinic-store";

/** This process's own figures; one registry per process, whichever bundle observes or reads it. */
const processFigures = processSingleton("metrics", () => {
  const registry = new Registry();
  const bookingAnswers = new Histogram({
    name: "clinic_booking_answer_seconds",
    help: "Time this process took to answer a post of the booking form, by what the answer was",
    labelNames: ["answer"] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, bookingAnswers };
});

/** Records that this process answered a booking post (`answer`: received, invalid, refused, …) in `seconds`. */
export function recordBookingAnswer(answer: string, seconds: number): void {
  processFigures.bookingAnswers.observe({ answer }, seconds);
}

/** The figures at `now`, in Prometheus' text format, with its content type. */
export async function describeMetrics(store: ClinicStore, now: Date): Promise<{ text: string; contentType: string }> {
  const totals = await store.deliveryTotals(now);
  // Made afresh for each reading from the database's totals: no state shared between two readings at once.
  const shared = new Registry();
  const registers = [shared];
  new Counter({ name: "clinic_requests_received_total", help: "Consultation requests received, by every server", registers }).inc(
    totals.requests,
  );
  const sent = new Counter({ name: "clinic_emails_sent_total", help: "Emails delivered to the mail server, by kind", labelNames: ["kind"], registers });
  const failed = new Counter({
    name: "clinic_emails_failed_total",
    help: "Failed tries at delivering emails, by kind (most are retried and then delivered)",
    labelNames: ["kind"],
    registers,
  });
  const givenUp = new Gauge({
    name: "clinic_emails_given_up",
    help: "Emails given up on, by kind (staff may send one again, which takes it off this count)",
    labelNames: ["kind"],
    registers,
  });
  for (const { kind, status, emails, failedTries } of totals.emails) {
    if (status === "sent") sent.inc({ kind }, emails);
    if (status === "undeliverable") givenUp.inc({ kind }, emails);
    failed.inc({ kind }, failedTries);
  }
  new Gauge({ name: "clinic_outbox_backlog", help: "Emails due and not yet delivered", registers }).set(totals.backlog);
  new Gauge({
    name: "clinic_outbox_oldest_owed_seconds",
    help: "How long the email owed longest has waited since it was first due (0 when none is owed)",
    registers,
  }).set(totals.oldestOwedSince ? Math.max(0, (now.getTime() - totals.oldestOwedSince.getTime()) / 1000) : 0);

  const merged = Registry.merge([shared, processFigures.registry]);
  return { text: await merged.metrics(), contentType: merged.contentType };
}
