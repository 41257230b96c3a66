// Next.js's own floor for the booking benchmark: a temporary copy of the site (never committed, removed afterwards)
// whose /book is the same page and form with its server action replaced by one that checks nothing, writes nothing
// and returns a constant. Built with `next build` and served with `next start` like the real site, so the difference
// between the two is what the booking action does. The copy links node_modules rather than copying it.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, newDatabasePath, type RunningSite } from "../support/site";

const ROOT = path.resolve(import.meta.dirname, "../..");
// Build output, local state, history and the local Node install are not part of the site's source.
const NOT_COPIED = new Set(["node_modules", ".next", "out", "var", ".git", "test-results", ".node"]);

const BARE_ACTION = `"use server";
// The benchmark's floor (tests/perf/floor-site.mts): the booking form's action, checking nothing and writing nothing.
import { EMPTY_BOOKING_STATE, type BookingState } from "@/lib/booking/state";

export async function requestConsultation(_previous: BookingState, _formData: FormData): Promise<BookingState> {
  return EMPTY_BOOKING_STATE;
}
`;

export interface FloorSite {
  /** How long `next build` of the copy took, in seconds. */
  buildSeconds: number;
  start(env: Record<string, string>): Promise<RunningSite>;
  remove(): void;
}

function commonAncestor(a: string, b: string): string {
  const left = a.split(path.sep);
  const right = b.split(path.sep);
  let shared = 0;
  while (shared < left.length && left[shared] === right[shared]) shared++;
  return left.slice(0, shared).join(path.sep) || path.sep;
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  });
}

export async function buildFloorSite(): Promise<FloorSite> {
  const temp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-floor-")));
  const remove = () => fs.rmSync(temp, { recursive: true, force: true });
  try {
    const site = path.join(temp, "site");
    fs.cpSync(ROOT, site, { recursive: true, filter: (source) => path.dirname(source) !== ROOT || !NOT_COPIED.has(path.basename(source)) });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(site, "node_modules"), "dir");
    fs.writeFileSync(path.join(site, "app/book/actions.ts"), BARE_ACTION);
    const env = {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      // Turbopack compiles only files under the project's root, and the linked node_modules resolves outside the
      // copy; the directory holding both is the root (as tests/perf/build-scaling.mts does).
      NEXT_PRIVATE_OUTPUT_TRACE_ROOT: commonAncestor(site, fs.realpathSync(path.join(ROOT, "node_modules"))),
    };
    const log = path.join(temp, "build.log");
    const out = fs.openSync(log, "w");
    const started = performance.now();
    const code = await exitCode(spawn(process.execPath, ["node_modules/next/dist/bin/next", "build"], { cwd: site, env, stdio: ["ignore", out, out] })).finally(
      () => fs.closeSync(out),
    );
    if (code !== 0) throw new Error(`next build of the floor's copy exited with ${code}:\n${fs.readFileSync(log, "utf8").split("\n").slice(-40).join("\n")}`);
    const buildSeconds = (performance.now() - started) / 1000;
    return { buildSeconds, start: (siteEnv) => startCopy(site, { ...env, ...siteEnv }), remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** `next start` in the copy, as tests/support/site.ts starts the real site. */
async function startCopy(site: string, env: NodeJS.ProcessEnv): Promise<RunningSite> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: site,
    env: { ...env, NODE_ENV: "production", SITE_URL: url, DATABASE_PATH: env.DATABASE_PATH ?? newDatabasePath() },
    stdio: "pipe",
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start (floor) exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`next start (floor) did not answer within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const signal = (name: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(name);
    });
  return { url, output: () => output, stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL") };
}
