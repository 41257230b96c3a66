// The production build of the site, started with `next start` on 127.0.0.1 for end-to-end tests,
// and stopped by its own PID.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface RunningSite {
  url: string;
  output: () => string;
  stop(): Promise<void>;
  /** Ends the process at once, as a crash or the OOM killer would: no shutdown, no pending work finished. */
  kill(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A database file of its own for a test's site; pass it as DATABASE_PATH to share one between sites. */
export function newDatabasePath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-site-")), "clinic.db");
}

export interface SiteOptions {
  /** The host the site is known by (its SITE_URL): "localhost" for passkeys, which Chromium refuses on 127.0.0.1. */
  siteHost?: string;
  /** A command the server runs under, such as libfaketime's `faketime -f +1h`, to move its clock. */
  prefix?: string[];
}

export async function startSite(env: Record<string, string>, { siteHost = "127.0.0.1", prefix = [] }: SiteOptions = {}): Promise<RunningSite> {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` before the end-to-end tests.");
  }
  const port = await freePort();
  const url = `http://${siteHost}:${port}`;
  // It listens on 127.0.0.1 whatever it is called; "localhost" might first resolve to ::1 here.
  const listening = `http://127.0.0.1:${port}`;
  let output = "";
  const [command, ...commandArgs] = [...prefix, process.execPath];
  const child: ChildProcess = spawn(
    command,
    [...commandArgs, path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        // As in production, not vitest's NODE_ENV=test.
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        SITE_URL: url,
        ...env,
        DATABASE_PATH: env.DATABASE_PATH ?? newDatabasePath(),
      },
      stdio: "pipe",
    },
  );
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${listening}/`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`next start did not answer within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const signal = (name: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(name);
    });

  return {
    url,
    output: () => output,
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
  };
}
