// A real PostgreSQL server (Debian's) on 127.0.0.1 for tests and benchmarks: a scratch cluster in a temporary folder,
// the `postgres` binary started in the foreground and stopped by its own PID, then the folder removed.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./site";

export interface RunningPostgres {
  /** The superuser's URL for the `postgres` database: make databases with it, not tables. */
  url: string;
  port: number;
  /** The server's own PID (the postmaster), not a wrapper's; a new one after `resume`. */
  readonly pid: number;
  /** Creates an empty database of its own and returns its URL. */
  createDatabase(): Promise<string>;
  /** The server log, for a failing test's message. */
  output: () => string;
  /** Stops the server (fast shutdown), keeping its databases, as an outage would. */
  pause(): Promise<void>;
  /** Starts the stopped server again on the same port, with its databases. */
  resume(): Promise<void>;
  /** Fast shutdown (open connections are ended), then the cluster's folder is removed. */
  stop(): Promise<void>;
}

/** The folder with Debian's server binaries: `pg_config --bindir`, else the newest /usr/lib/postgresql/<n>/bin. */
function binDir(): string | undefined {
  const pgConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  const candidates = pgConfig.status === 0 ? [pgConfig.stdout.trim()] : [];
  const versions = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql") : [];
  versions.sort((a, b) => Number(b) - Number(a));
  candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  return candidates.find((dir) => fs.existsSync(path.join(dir, "initdb")));
}

/** initdb and postgres refuse to run as root, so as root they run as the `postgres` user the Debian package creates. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => {
    const result = spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`PostgreSQL will not run as root and there is no postgres user: ${result.stderr}`);
    return Number(result.stdout.trim());
  };
  return { uid: id("-u"), gid: id("-g") };
}

let databases = 0;

/** Creates an empty database on the server `adminUrl` points at (the injected `postgresUrl`) and returns its URL. */
export async function createDatabaseAt(adminUrl: string): Promise<string> {
  // The random part keeps names apart between test workers, which each count from 0.
  const name = `clinic_test_${++databases}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A PostgreSQL client program (psql, pg_dump, pg_restore) of the server's version, else the one on PATH. */
export function postgresProgram(name: string): string {
  const dir = binDir();
  return dir && fs.existsSync(path.join(dir, name)) ? path.join(dir, name) : name;
}

/** Runs one SQL string with psql (unaligned, tuples only) and returns its output without the final newline. */
export function psql(url: string, sql: string): string {
  const bin = postgresProgram("psql");
  const result = spawnSync(bin, ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], { encoding: "utf8" });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`psql exited (${result.status}): ${result.stderr}`);
  return result.stdout.replace(/\n$/, "");
}

/** `durable`: commits reach the disk, as in production (benchmarks); off by default, for tests. */
export async function startPostgres({ durable = false }: { durable?: boolean } = {}): Promise<RunningPostgres> {
  const bin = binDir();
  if (!bin) throw new Error("PostgreSQL's initdb not found: install Debian's server (apt-get install postgresql)");
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-postgres-"));
  // The folder is fresh and empty, so this is the whole tree; everything initdb writes is the user's own.
  if (user) fs.chownSync(dir, user.uid, user.gid);
  // cwd: the server's user may not be allowed into ours (/root).
  const as = { ...user, cwd: dir };

  const init = spawnSync(
    path.join(bin, "initdb"),
    ["-D", dir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
    { ...as, encoding: "utf8" },
  );
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status ?? init.error}):\n${init.stdout}${init.stderr}`);
  }

  const port = await freePort();
  let output = "";
  // Durability off for tests: a scratch cluster is thrown away, and fsyncs would only slow them down. A benchmark
  // asks for PostgreSQL's defaults, so that a commit costs what it costs in production.
  const settings = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: dir,
    ...(durable ? {} : { fsync: "off", synchronous_commit: "off", full_page_writes: "off" }),
    max_connections: "300",
  };
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;

  let child: ChildProcess;
  let exited: Promise<void>;
  const running = () => child.exitCode === null && child.signalCode === null;
  // Should the test process end without stop(), the server shuts itself down rather than outliving it.
  const onExit = () => running() && child.kill("SIGINT");
  process.on("exit", onExit);

  /** Starts the server on the cluster and waits until it accepts connections; on failure, leaves it stopped. */
  async function launch(): Promise<void> {
    child = spawn(
      path.join(bin!, "postgres"),
      ["-D", dir, ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`])],
      { ...as, stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    let spawnError: Error | undefined;
    child.once("error", (error) => (spawnError = error));
    exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!running() || spawnError) throw new Error(`postgres exited (${spawnError ?? child.exitCode ?? child.signalCode}):\n${output}`);
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        // Not listening yet, or "the database system is starting up".
        await client.end().catch(() => {});
      }
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        await exited;
        throw new Error(`postgres did not accept connections within 30 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGINT is PostgreSQL's fast shutdown: open connections are ended, then a clean checkpoint. */
  async function shutDown(): Promise<void> {
    if (running()) child.kill("SIGINT");
    await exited;
  }

  try {
    await launch();
  } catch (error) {
    process.off("exit", onExit);
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    get pid() {
      return child.pid!;
    },
    createDatabase: () => createDatabaseAt(url),
    output: () => output,
    pause: shutDown,
    resume: launch,
    stop: () =>
      (stopping ??= (async () => {
        await shutDown();
        process.off("exit", onExit);
        fs.rmSync(dir, { recursive: true, force: true });
      })()),
  };
}
