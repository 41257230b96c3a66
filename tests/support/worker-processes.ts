// Processes that start together, for tests of what several servers do at once: each worker script says "ready" on
// stdout once it is set up, waits for "go" on stdin (waitForGo), does its job and prints its result as the last line,
// in JSON. Processes, not promises: each has its own store connection and event loop, as servers do.
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface WorkerProcess {
  /** The worker's script, run with tsx. */
  script: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  /** How a failure names it. */
  label: string;
}

/** Starts every worker, lets them all go at once when all are ready, and returns each one's result. */
export async function runTogether(workers: WorkerProcess[]): Promise<unknown[]> {
  const started = workers.map(start);
  try {
    await Promise.all(started.map((worker) => worker.ready));
    for (const { child } of started) child.stdin?.end("go\n");
    return await Promise.all(started.map((worker) => worker.result));
  } finally {
    // A worker that failed must not leave the others waiting for "go" for ever.
    for (const { child } of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

function start({ script, args = [], env, label }: WorkerProcess) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    // V8's code cache for the modules every worker loads (Kysely, zod, pg, nodemailer …): it halves each one's start.
    env: { NODE_COMPILE_CACHE: path.join(os.tmpdir(), "clinic-tests-node-compile-cache"), ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  });
  const failure = (code: number | null) => new Error(`${label} exited (${code}):\n${lines.join("\n")}\n${stderr}`);
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

/** In a worker: resolves when the test says "go". */
export async function waitForGo(): Promise<void> {
  for await (const line of createInterface({ input: process.stdin })) if (line === "go") return;
  throw new Error("stdin closed before go");
}
