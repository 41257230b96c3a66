// Sends what the outbox holds: each due email once, marked as it goes, so a retry never repeats one. A failure that
// may pass waits and tries again (30 s doubling up to an hour, by default) for three days; the patron's mail server
// refusing the address (a 5xx reply) gives up at once. An email to a patron given up on writes, in the same
// transaction, one email asking the clinic to call them. A refusal of the clinic's own mail settings is retried without
// end and logged loudly: fixing them must deliver everything owed. Emails that no longer apply when their time comes
// (a reminder for a moved or cancelled appointment) are dropped. Each pass records whether it reached the mail server,
// for the health check, and writes the day's agenda once it is due. Runs in every long-lived server and from GET
// /api/cron/deliver.
import { scheduleAgenda } from "./appointments";
import { getConfig } from "./config";
import { classifyDeliveryFailure, givenUpInWords } from "./mail/delivery-failure";
import { composeOutboxEmail, type EmailKind } from "./mail/outbox-email";
import { getMailTransport } from "./mail/transport";
import { processSingleton } from "./process-singleton";
import { getStore } from "./store";
import type { ClinicStore, FailedTry, MailServerOutcome, NewEmail, OutboxEmail } from "./store/clinic-store";

const GIVE_UP_AFTER_MS = 3 * 24 * 60 * 60 * 1000;
const BATCH = 20;
const LOOP_EVERY_MS = 5_000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/** What one delivery pass did, in emails. */
export interface DeliveryReport {
  sent: number;
  failed: number;
  undeliverable: number;
  /**
   * Emails no longer wanted: a reminder whose appointment was moved or cancelled as it was being sent, or has begun; an
   * agenda whose day is over.
   */
  dropped: number;
}

/** A pass as it goes: its report, and the mail server's worst answer (none while nothing was sent). */
type PassReport = DeliveryReport & { mailServer?: MailServerAnswer };

/** Whether the mail server was reached, and if not, why. */
interface MailServerAnswer {
  outcome: MailServerOutcome;
  detail: string | null;
}

/**
 * The wait before the next try after `failures` failed tries: the first wait, doubled each time, up to the longest.
 * `jitter` (0 to 1) adds up to a fifth more, so emails that failed together do not all retry in the same instant.
 */
export function retryDelay(failures: number, firstWaitMs: number, longestWaitMs: number, jitter = Math.random()): number {
  return Math.min(firstWaitMs * 2 ** Math.max(0, failures - 1), longestWaitMs) * (1 + jitter / 5);
}

/**
 * The clinic's email asking staff to call the patron whose email was given up on: one per email given up, by its key.
 * None for the acknowledgement of a withdrawal: the patron's number is erased by then.
 */
function pleaseCallEmails(email: OutboxEmail, reason: string): NewEmail[] {
  if (email.recipient !== "patron" || email.reference === null || email.kind === ("patron-withdrawn" satisfies EmailKind)) return [];
  return [
    {
      id: `${email.id}/clinic-undeliverable`,
      kind: "clinic-undeliverable" satisfies EmailKind,
      recipient: "clinic",
      details: { givenUp: { kind: email.kind, reason } },
    },
  ];
}

/** Gives up on `email`, telling the clinic when it was the mail that failed. */
async function giveUp(store: ClinicStore, email: OutboxEmail, failed: FailedTry, report: PassReport, now: Date): Promise<void> {
  const told = failed.failure === null ? [] : pleaseCallEmails(email, givenUpInWords(failed.failure, failed.error));
  // Another server may have given it up (or sent it) first: then it has told the clinic, once.
  if (!(await store.markEmailUndeliverable(email.id, failed, now, told))) return;
  report.undeliverable += 1;
  console.error(
    `[delivery] UNDELIVERABLE ${email.id}: ${failed.error}.` +
      (told.length > 0 ? " The clinic is emailed to call the patron." : " `npm run outbox` lists it."),
  );
}

async function deliver(store: ClinicStore, email: OutboxEmail, report: PassReport, now: Date): Promise<void> {
  const composed = await composeOutboxEmail(email, store, now);
  if ("giveUp" in composed) return giveUp(store, email, { error: composed.giveUp, failure: null }, report, now);
  if ("drop" in composed) {
    report.dropped += 1;
    return store.dropEmail(email.id);
  }
  await getMailTransport().send(composed.send);
  report.mailServer = worse(report.mailServer, { outcome: "reached", detail: null });
  await store.markEmailSent(email.id, now);
  report.sent += 1;
}

const SEVERITY: Record<MailServerOutcome, number> = { reached: 0, unreachable: 1, configuration: 2 };

/** Of two answers from the mail server in one pass, the one the health check must hear of. */
function worse(known: MailServerAnswer | undefined, answer: MailServerAnswer): MailServerAnswer {
  return known && SEVERITY[known.outcome] >= SEVERITY[answer.outcome] ? known : answer;
}

async function recordFailure(
  store: ClinicStore,
  email: OutboxEmail,
  error: unknown,
  report: PassReport,
  now: Date,
): Promise<void> {
  // The reason for the failure, never the patron's details (addresses the server echoed are taken out).
  const { failure, outcome, reason } = classifyDeliveryFailure(error, email.recipient);
  report.mailServer = worse(report.mailServer, { outcome, detail: reason });
  const failures = email.attempts + 1;
  if (failure === "permanent") return giveUp(store, email, { error: reason, failure }, report, now);
  if (failure === "temporary" && now.getTime() - email.createdAt.getTime() >= GIVE_UP_AFTER_MS) {
    return giveUp(store, email, { error: `${failures} tries over three days failed (${reason})`, failure }, report, now);
  }
  const { deliveryRetryMs, deliveryRetryMaxMs } = getConfig();
  const wait = retryDelay(failures, deliveryRetryMs, deliveryRetryMaxMs);
  await store.markEmailFailed(email.id, { error: reason, failure }, new Date(now.getTime() + wait));
  report.failed += 1;
  const next = `next try in ${Math.round(wait / 1000)} s`;
  if (failure === "configuration") {
    console.error(
      `[delivery] THE MAIL SERVER REFUSES THE CLINIC'S MAIL SETTINGS (${reason}): check the login in SMTP_URL, MAIL_FROM ` +
        `and CLINIC_INBOX. Nothing is given up meanwhile; ${email.id} ${next}.`,
    );
  } else {
    console.warn(`[delivery] ${email.id}: try ${failures} failed (${reason}); ${next}`);
  }
}

/**
 * Writes the day's agenda when it is due, then sends every email due at `now`, batch by batch, and says what it did.
 * `now` is the clock's time; tests pass another to be at 18:00 or 08:30.
 */
export async function deliverDue(now: Date): Promise<DeliveryReport> {
  const store = await getStore();
  const { deliveryLeaseMs } = getConfig();
  const report: PassReport = { sent: 0, failed: 0, undeliverable: 0, dropped: 0 };
  await scheduleAgenda(store, now);
  for (;;) {
    const due = await store.claimDueEmails(now, deliveryLeaseMs, BATCH);
    if (due.length === 0) {
      const { mailServer, ...counts } = report;
      if (mailServer) await store.recordMailServerContact({ at: now, ...mailServer });
      return counts;
    }
    await Promise.all(
      due.map((email) =>
        deliver(store, email, report, now).catch((error: unknown) => recordFailure(store, email, error, report, now)),
      ),
    );
  }
}

/** What the hourly sweep did: requests whose personal details were erased, clients the booking limit forgot. */
export interface SweepReport {
  erased: number;
  forgotten: number;
}

/** Erases personal details past RETENTION_DAYS and forgets booking attempts older than the limit's window. */
export async function sweep(now: Date): Promise<SweepReport> {
  const store = await getStore();
  const { retentionDays, bookingLimit } = getConfig();
  const erased = await store.erasePersonalData(new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000), now);
  if (erased > 0) console.info(`[retention] erased the personal details of ${erased} request(s)`);
  const forgotten = await store.pruneBookingLimits(new Date(now.getTime() - (bookingLimit?.seconds ?? 0) * 1000));
  return { erased, forgotten };
}

// Shared by the loop (started from the instrumentation hook's bundle) and the actions' bundle.
const passes = processSingleton("delivery-pass", () => ({ running: undefined as Promise<void> | undefined, askedAgain: false }));

/**
 * One delivery pass at a time per process. Asked for while one runs (a booking just stored), it runs once more
 * afterwards, so an email stored after the running pass last looked is not left for the loop or the next cron call.
 */
function pass(): Promise<void> {
  if (passes.running) {
    passes.askedAgain = true;
    return passes.running;
  }
  passes.running = (async () => {
    do {
      passes.askedAgain = false;
      try {
        await deliverDue(new Date());
      } catch (error) {
        console.error(`[delivery] the delivery pass failed: ${(error as Error).message}`);
      }
    } while (passes.askedAgain);
    passes.running = undefined;
  })();
  return passes.running;
}

async function sweepLogged(): Promise<void> {
  try {
    await sweep(new Date());
  } catch (error) {
    console.error(`[retention] the sweep failed: ${(error as Error).message}`);
  }
}

/** Started once per long-lived server: sends what is due every few seconds and sweeps hourly. */
export function startDeliveryLoop(): void {
  void pass();
  setInterval(() => void pass(), LOOP_EVERY_MS).unref();
  void sweepLogged();
  setInterval(() => void sweepLogged(), SWEEP_EVERY_MS).unref();
}

/** Runs a delivery pass now, for the request just stored (the loop, or the cron, would reach it soon anyway). */
export const deliverSoon = pass;
