// A process of its own on the clinic's store, for tests of what several servers do at once. Started by
// runStoreWorkers, it says "ready", waits for "go" on stdin so that all of them start together, does its one job and
// prints the result as one line of JSON:
//   claim    claims due emails in batches until none is left, marks each sent, and prints the ids it claimed;
//   book     counts booking attempts from one client address, and prints whether each was allowed;
//   migrate  opens (and so migrates) the store only on "go", stores one request, and prints the migrations it ran;
//   hold     asks for one time again and again, each a request of its own, and prints whether each was stored.
// Processes, not promises: two SQLite connections in one process would block each other's event loop.
import type { DatabaseTarget } from "@/lib/config";
import { openStore } from "@/lib/store";
import type { BookingLimit, ClinicStore } from "@/lib/store/clinic-store";
import { runTogether, waitForGo } from "./worker-processes";

export type StoreWorkerJob =
  | { job: "claim"; batch: number; leaseMs: number }
  | { job: "book"; clientAddress: string; attempts: number; limit: BookingLimit }
  | { job: "migrate" }
  | { job: "hold"; startsAt: number; attempts: number };

interface StoreWorkerResults {
  claim: string[];
  book: boolean[];
  migrate: string[];
  hold: ("stored" | "taken")[];
}

/** What the migrate job stores, so that a test can find it: one request per worker. */
export const migrateWorkerReference = (worker: number) => `DS-MIGR-${String(worker).padStart(4, "0")}`;

/** What the hold job's attempt stores, if its time is free: one reference per worker and attempt. */
export const holdWorkerReference = (worker: number, attempt: number) => `DS-HOLD-${worker}${String(attempt).padStart(3, "0")}`;

const TARGET_ENV = "CLINIC_STORE_WORKER_TARGET";
const JOB_ENV = "CLINIC_STORE_WORKER_JOB";
const INDEX_ENV = "CLINIC_STORE_WORKER_INDEX";

/** Starts `count` workers on `target`, lets them go at once, and returns each one's result. */
export async function runStoreWorkers<J extends StoreWorkerJob>(
  target: DatabaseTarget,
  count: number,
  job: J,
): Promise<StoreWorkerResults[J["job"]][]> {
  const workers = Array.from({ length: count }, (_, index) => ({
    script: import.meta.filename,
    env: { ...process.env, [TARGET_ENV]: JSON.stringify(target), [JOB_ENV]: JSON.stringify(job), [INDEX_ENV]: String(index) },
    label: `store worker ${index} (${job.job})`,
  }));
  return (await runTogether(workers)) as StoreWorkerResults[J["job"]][];
}

async function claimUntilNoneIsLeft(store: ClinicStore, batch: number, leaseMs: number): Promise<string[]> {
  const claimed: string[] = [];
  for (;;) {
    const emails = await store.claimDueEmails(new Date(), leaseMs, batch);
    if (emails.length === 0) return claimed;
    for (const email of emails) {
      claimed.push(email.id);
      await store.markEmailSent(email.id, new Date());
    }
  }
}

/** A patron's request for `startsAt`, as the booking form stores it: the request holds the time from the start. */
async function askForOneTime(store: ClinicStore, worker: number, startsAt: Date, attempts: number): Promise<("stored" | "taken")[]> {
  const outcomes: ("stored" | "taken")[] = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    const reference = holdWorkerReference(worker, attempt);
    const receivedAt = new Date();
    const added = await store.addRequest(
      {
        reference,
        requestKey: `hold-worker-${reference}`,
        request: {
          fullName: "Holding Hema",
          mobile: "+919900012345",
          email: "hema@example.test",
          mode: "video",
          preferredDate: "2026-12-03",
          timeWindow: "morning",
          reason: "Asking for the same time as everyone else.",
          consent: "yes",
        },
        receivedAt,
        consent: { version: "1", givenAt: receivedAt },
        appointment: { state: "requested", startsAt, sequence: 0, changedAt: receivedAt, changedBy: "patron", message: null },
      },
      [{ kind: "clinic-request", recipient: "clinic" }],
    );
    outcomes.push(added === "taken" ? "taken" : "stored");
  }
  return outcomes;
}

async function work(): Promise<unknown> {
  const target = JSON.parse(process.env[TARGET_ENV]!) as DatabaseTarget;
  const job = JSON.parse(process.env[JOB_ENV]!) as StoreWorkerJob;
  if (job.job === "migrate") {
    console.log("ready");
    await waitForGo();
    const { store, migrated } = await openStore(target);
    try {
      const reference = migrateWorkerReference(Number(process.env[INDEX_ENV]));
      await store.addRequest(
        {
          reference,
          requestKey: `migrate-worker-${reference}`,
          request: {
            fullName: "Migrating Mohan",
            mobile: "+919900012345",
            email: "mohan@example.test",
            mode: "tele",
            preferredDate: "2026-12-01",
            timeWindow: "morning",
            reason: "Stored right after the migrations.",
            consent: "yes",
          },
          receivedAt: new Date(),
          consent: { version: "1", givenAt: new Date() },
        },
        [{ kind: "clinic-request", recipient: "clinic" }],
      );
      return migrated;
    } finally {
      await store.close();
    }
  }

  const { store } = await openStore(target);
  try {
    console.log("ready");
    await waitForGo();
    if (job.job === "claim") return await claimUntilNoneIsLeft(store, job.batch, job.leaseMs);
    if (job.job === "hold") return await askForOneTime(store, Number(process.env[INDEX_ENV]), new Date(job.startsAt), job.attempts);
    const allowed: boolean[] = [];
    for (let attempt = 0; attempt < job.attempts; attempt++) {
      allowed.push(await store.allowBookingAttempt(job.clientAddress, new Date(), job.limit));
    }
    return allowed;
  } finally {
    await store.close();
  }
}

if (process.env[JOB_ENV]) {
  work().then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
