// A process of its own on the clinic's store, for tests of what several servers do at once. Started by
// runStoreWorkers, it says "ready", waits for "go" on stdin so that all of them start together, does its one job and
// prints the result as one line of JSON:
//   claim    claims due emails in batches until none is left, marks each sent, and prints the ids it claimed;
//   book     counts booking attempts from one client address, and prints whether each was allowed;
//   migrate  opens (and so migrates) the store only on "go", stores one request, and prints the migrations it ran.
// Processes, not promises: two SQLite connections in one process would block each other's event loop.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { DatabaseTarget } from "@/lib/config";
import { openStore } from "@/lib/store";
import type { BookingLimit, ClinicStore } from "@/lib/store/clinic-store";

export type StoreWorkerJob =
  | { job: "claim"; batch: number; leaseMs: number }
  | { job: "book"; clientAddress: string; attempts: number; limit: BookingLimit }
  | { job: "migrate" };

interface StoreWorkerResults {
  claim: string[];
  book: boolean[];
  migrate: string[];
}

/** What the migrate job stores, so that a test can find it: one request per worker. */
export const migrateWorkerReference = (worker: number) => `DS-MIGR-${String(worker).padStart(4, "0")}`;

const ROOT = path.resolve(import.meta.dirname, "../..");
const TARGET_ENV = "CLINIC_STORE_WORKER_TARGET";
const JOB_ENV = "CLINIC_STORE_WORKER_JOB";
const INDEX_ENV = "CLINIC_STORE_WORKER_INDEX";

/** Starts `count` workers on `target`, lets them go at once, and returns each one's result. */
export async function runStoreWorkers<J extends StoreWorkerJob>(
  target: DatabaseTarget,
  count: number,
  job: J,
): Promise<StoreWorkerResults[J["job"]][]> {
  const workers = Array.from({ length: count }, (_, index) => startWorker(target, job, index));
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    for (const { child } of workers) child.stdin?.end("go\n");
    return (await Promise.all(workers.map((worker) => worker.result))) as StoreWorkerResults[J["job"]][];
  } finally {
    // A worker that failed must not leave the others waiting for "go" for ever.
    for (const { child } of workers) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

function startWorker(target: DatabaseTarget, job: StoreWorkerJob, index: number) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "claim-emails-worker.ts")], {
    cwd: ROOT,
    env: { ...process.env, [TARGET_ENV]: JSON.stringify(target), [JOB_ENV]: JSON.stringify(job), [INDEX_ENV]: String(index) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  });
  const failure = (code: number | null) => new Error(`store worker ${index} (${job.job}) exited (${code}):\n${stderr}`);
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      if (line === "ready") resolve();
    });
    exited.then((code) => reject(failure(code)), reject);
  });
  const result = exited.then((code) => {
    if (code !== 0) throw failure(code);
    return JSON.parse(lines.at(-1) ?? "null") as unknown;
  });
  // Either may be left unawaited when another worker fails first.
  ready.catch(() => {});
  result.catch(() => {});
  return { child, ready, result };
}

async function waitForGo(): Promise<void> {
  for await (const line of createInterface({ input: process.stdin })) if (line === "go") return;
  throw new Error("stdin closed before go");
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
