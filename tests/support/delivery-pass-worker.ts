// A server process's delivery, on its own, for tests of what several servers send at a given time of day. Run with
// tsx, it sets nothing itself: like a server it reads its configuration (DATABASE_URL or DATABASE_PATH, SMTP_URL,
// STAFF_LINK_SECRET, SITE_URL …) from its environment and uses the process's store and mail transport. It opens the
// store, says "ready", waits for "go" on stdin so that all of them start together, does its one job and prints the
// result as its last line, in JSON:
//   deliver <ISO instant> [passes]  runs the delivery pass, deliverDue, with the clock at that instant, `passes` times
//                                   (default 1), and prints each pass's report;
//   change <JSON>                   makes the changes given, in order, each at its own instant, through
//                                   changeAppointment as the staff and patron pages do, and prints each result.
// Processes, not promises: each has its own store, configuration and agenda schedule, as servers do.
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { changeAppointment, type ChangeResult } from "@/lib/appointments";
import type { AppointmentChange } from "@/lib/appointments/states";
import { deliverDue, type DeliveryReport } from "@/lib/delivery";
import { getStore } from "@/lib/store";

/** One change for the `change` job: made at `at`, from the appointment as it stood at `expectedSequence`. */
export interface ChangeOrder {
  reference: string;
  change: AppointmentChange;
  expectedSequence: number;
  at: Date;
}

/** What the `change` job says of each change: its result, with the appointment as it then stands. */
export interface ChangeSummary {
  status: ChangeResult["status"];
  refusal?: string;
  state?: string;
  sequence?: number;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Runs `processes` workers with the environment `env` at the clock's instant `at`, all at once, each making `passes`
 * delivery passes; returns each process's reports.
 */
export function deliverInProcesses(
  env: NodeJS.ProcessEnv,
  at: Date,
  { processes = 2, passes = 1 }: { processes?: number; passes?: number } = {},
): Promise<DeliveryReport[][]> {
  return runWorkers(env, processes, ["deliver", at.toISOString(), String(passes)]) as Promise<DeliveryReport[][]>;
}

/** Makes `changes` in one worker with the environment `env`, in order; returns what each did. */
export async function changeInProcess(env: NodeJS.ProcessEnv, changes: ChangeOrder[]): Promise<ChangeSummary[]> {
  const [summaries] = await runWorkers(env, 1, ["change", JSON.stringify(changes)]);
  return summaries as ChangeSummary[];
}

async function runWorkers(env: NodeJS.ProcessEnv, count: number, args: string[]): Promise<unknown[]> {
  const workers = Array.from({ length: count }, (_, index) => startWorker(env, args, index));
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    for (const { child } of workers) child.stdin?.end("go\n");
    return await Promise.all(workers.map((worker) => worker.result));
  } finally {
    // A worker that failed must not leave the others waiting for "go" for ever.
    for (const { child } of workers) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

function startWorker(env: NodeJS.ProcessEnv, args: string[], index: number) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", import.meta.filename, ...args], {
    cwd: ROOT,
    // V8's code cache for the modules every worker loads (Kysely, zod, pg, nodemailer …): it halves each one's start.
    env: { NODE_COMPILE_CACHE: path.join(os.tmpdir(), "clinic-tests-node-compile-cache"), ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let output = "";
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  });
  const failure = (code: number | null) =>
    new Error(`delivery worker ${index} (${args[0]} ${args[1]}) exited (${code}):\n${lines.join("\n")}\n${output}`);
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

async function work([job, ...args]: string[]): Promise<unknown> {
  // Opened (and migrated, if need be) before "go", as a server does when it starts.
  await getStore();
  console.log("ready");
  await waitForGo();
  switch (job) {
    case "deliver": {
      const [instant, passes = "1"] = args;
      const now = new Date(instant);
      if (Number.isNaN(now.getTime())) throw new Error(`not an instant: ${instant}`);
      const reports: DeliveryReport[] = [];
      for (let pass = 0; pass < Number(passes); pass++) reports.push(await deliverDue(now));
      return reports;
    }
    case "change": {
      const revive = (key: string, value: unknown) => (key === "at" || key === "startsAt" ? new Date(value as string) : value);
      const summaries: ChangeSummary[] = [];
      for (const { reference, change, expectedSequence, at } of JSON.parse(args[0], revive) as ChangeOrder[]) {
        const result = await changeAppointment(reference, change, expectedSequence, at);
        summaries.push(
          result.status === "not-found"
            ? { status: result.status }
            : {
                status: result.status,
                ...(result.status === "refused" ? { refusal: result.refusal } : {}),
                state: result.stored.appointment.state,
                sequence: result.stored.appointment.sequence,
              },
        );
      }
      return summaries;
    }
    default:
      throw new Error(`unknown job: ${job}`);
  }
}

if (process.argv[1] === import.meta.filename) {
  work(process.argv.slice(2)).then(
    async (result) => {
      await (await getStore()).close();
      // The mail transport's pooled connections would keep the process alive: it is done.
      process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
