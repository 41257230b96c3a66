// Sends what the store holds: each due request's email to the clinic and confirmation to the patron, each marked as
// it goes so a retry never repeats one. A failure waits and tries again (30 s doubling up to an hour, by default)
// for three days; then the request is marked undeliverable and logged loudly for staff to call the patron.
import type { SendMailOptions } from "nodemailer";
import { getClinic } from "./clinic";
import { getConfig } from "./config";
import { composeBookingEmail } from "./mail/booking-email";
import { composeConfirmationEmail } from "./mail/confirmation-email";
import { getMailTransport } from "./mail/transport";
import { getRequestStore } from "./store";
import type { EmailPart, StoredRequest } from "./store/request-store";

const GIVE_UP_AFTER_MS = 3 * 24 * 60 * 60 * 1000;
const BATCH = 20;
const LOOP_EVERY_MS = 5_000;
const ERASE_EVERY_MS = 60 * 60 * 1000;

/**
 * The wait before the next try after `failures` failed tries: the first wait, doubled each time, up to the longest.
 * `jitter` (0 to 1) adds up to a fifth more, so requests that failed together do not all retry in the same instant.
 */
export function retryDelay(failures: number, firstWaitMs: number, longestWaitMs: number, jitter = Math.random()): number {
  return Math.min(firstWaitMs * 2 ** Math.max(0, failures - 1), longestWaitMs) * (1 + jitter / 5);
}

function compose(part: EmailPart, stored: StoredRequest): SendMailOptions {
  const request = stored.request!;
  const clinic = getClinic();
  const config = getConfig();
  return part === "clinic"
    ? composeBookingEmail(request, { reference: stored.reference, receivedAt: stored.receivedAt, clinic, config })
    : composeConfirmationEmail(request, { reference: stored.reference, clinic, config });
}

async function deliver(stored: StoredRequest): Promise<void> {
  const store = getRequestStore();
  const transport = getMailTransport();
  for (const part of ["clinic", "patron"] as const) {
    if ((part === "clinic" ? stored.clinicSentAt : stored.patronSentAt) !== null) continue;
    await transport.send(compose(part, stored));
    store.markEmailSent(stored.reference, part, new Date());
  }
  store.markSent(stored.reference, new Date());
}

function recordFailure(stored: StoredRequest, error: unknown, now: Date): void {
  const store = getRequestStore();
  // The reason for the failure, never the patron's details.
  const reason = error instanceof Error ? error.message : String(error);
  const failures = stored.attempts + 1;
  if (now.getTime() - stored.receivedAt.getTime() >= GIVE_UP_AFTER_MS) {
    store.markUndeliverable(stored.reference, reason);
    console.error(
      `[delivery] UNDELIVERABLE ${stored.reference}: ${failures} tries over three days failed (${reason}). ` +
        "Call the patron: `npm run outbox` lists it.",
    );
    return;
  }
  const { deliveryRetryMs, deliveryRetryMaxMs } = getConfig();
  const wait = retryDelay(failures, deliveryRetryMs, deliveryRetryMaxMs);
  store.markFailed(stored.reference, reason, new Date(now.getTime() + wait));
  console.warn(`[delivery] ${stored.reference}: try ${failures} failed (${reason}); next try in ${Math.round(wait / 1000)} s`);
}

/** Sends everything due now, batch by batch; returns how many requests were completed. */
export async function deliverDue(): Promise<number> {
  const store = getRequestStore();
  const { deliveryLeaseMs } = getConfig();
  let delivered = 0;
  for (;;) {
    const due = store.claimDue(new Date(), deliveryLeaseMs, BATCH);
    if (due.length === 0) return delivered;
    await Promise.all(
      due.map(async (stored) => {
        try {
          await deliver(stored);
          delivered += 1;
        } catch (error) {
          recordFailure(stored, error, new Date());
        }
      }),
    );
  }
}

export function erasePersonalDataPastRetention(now = new Date()): number {
  const { retentionDays } = getConfig();
  const erased = getRequestStore().erasePersonalData(new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000));
  if (erased > 0) console.info(`[retention] erased the personal details of ${erased} sent request(s)`);
  return erased;
}

let running = false;

async function pass(): Promise<void> {
  if (running) return;
  running = true;
  try {
    await deliverDue();
  } catch (error) {
    console.error(`[delivery] the delivery pass failed: ${(error as Error).message}`);
  } finally {
    running = false;
  }
}

/** Started once per server: sends what is due every few seconds and erases expired personal data hourly. */
export function startDeliveryLoop(): void {
  void pass();
  setInterval(() => void pass(), LOOP_EVERY_MS).unref();
  erasePersonalDataPastRetention();
  setInterval(() => erasePersonalDataPastRetention(), ERASE_EVERY_MS).unref();
}

/** Runs a delivery pass now, for the request just stored (the loop would reach it within seconds anyway). */
export const deliverSoon = pass;
