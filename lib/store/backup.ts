// A consistent copy of the clinic's database, taken while the site runs: SQLite's online backup of the file, or
// pg_dump's snapshot of the PostgreSQL database. Backups hold patrons' details: keep them as safe as the database.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import type { DatabaseTarget } from "../config";

function stamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
}

async function backupSqlite(file: string, destination: string): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`there is no database at ${file} yet`);
  const source = new SqliteDatabase(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    // The online backup copies pages consistently while the site goes on writing, including what is still in the WAL.
    await source.backup(destination);
  } finally {
    source.close();
  }
}

function pgDump(url: string, destination: string, pgDumpPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let errors = "";
    const child = spawn(pgDumpPath, ["--format=custom", "--no-owner", `--file=${destination}`, `--dbname=${url}`], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr.on("data", (chunk) => (errors += chunk));
    child.on("error", (error) =>
      reject(new Error(`pg_dump could not be run (${error.message}); install PostgreSQL's client (apt-get install postgresql-client)`)),
    );
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pg_dump failed: ${errors.trim()}`))));
  });
}

/** Writes a backup of the database into `folder` and returns its path. */
export async function backupDatabase(
  target: DatabaseTarget,
  folder: string,
  { now, pgDumpPath = "pg_dump" }: { now: Date; pgDumpPath?: string },
): Promise<string> {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const destination = path.join(folder, `clinic-${stamp(now)}.${target.engine === "sqlite" ? "db" : "dump"}`);
  if (target.engine === "sqlite") await backupSqlite(target.path, destination);
  else await pgDump(target.url, destination, pgDumpPath);
  fs.chmodSync(destination, 0o600);
  return destination;
}
