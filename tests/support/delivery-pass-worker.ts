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
import { changeAppointment, type ChangeResult } from "@/lib/appointments";
import type { AppointmentChange } from "@/lib/appointments/states";
import { deliverDue, type DeliveryReport } from "@/lib/delivery";
import { getStore } from "@/lib/store";
import { runTogether, waitForGo } from "./worker-processes";

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


/** A report of passes that did nothing. */
export const NO_DELIVERY: DeliveryReport = { sent: 0, failed: 0, undeliverable: 0, dropped: 0 };

/** Every pass's report of every process, added up. */
export const total = (reports: DeliveryReport[][]): DeliveryReport =>
  reports.flat().reduce(
    (sum, report) => ({
      sent: sum.sent + report.sent,
      failed: sum.failed + report.failed,
      undeliverable: sum.undeliverable + report.undeliverable,
      dropped: sum.dropped + report.dropped,
    }),
    NO_DELIVERY,
  );

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

function runWorkers(env: NodeJS.ProcessEnv, count: number, args: string[]): Promise<unknown[]> {
  return runTogether(
    Array.from({ length: count }, (_, index) => ({
      script: import.meta.filename,
      args,
      env,
      label: `delivery worker ${index} (${args[0]} ${args[1]})`,
    })),
  );
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
