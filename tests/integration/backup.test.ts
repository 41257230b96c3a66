// `npm run backup`: a snapshot taken while the site runs holds every request, and restores to a working store,
// on both engines (the SQLite file's online backup; pg_dump, restored with pg_restore).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { DatabaseTarget } from "@/lib/config";
import { backupDatabase } from "@/lib/store/backup";
import type { ClinicStore } from "@/lib/store/clinic-store";
import { openStore } from "@/lib/store";
import { createDatabaseAt, postgresProgram } from "../support/postgres";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-backup-"));
const opened: ClinicStore[] = [];
afterAll(async () => {
  for (const store of opened) await store.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function open(target: DatabaseTarget): Promise<ClinicStore> {
  const { store } = await openStore(target);
  opened.push(store);
  return store;
}

const request = (fullName: string) => ({
  fullName,
  mobile: "+919900012345",
  email: "backup@example.test",
  mode: "video" as const,
  preferredDate: "2026-12-01",
  timeWindow: "afternoon" as const,
  reason: "Backed up",
  consent: "yes" as const,
});

async function bookSome(store: ClinicStore, prefix: string, count: number): Promise<string[]> {
  const references: string[] = [];
  for (let i = 0; i < count; i++) {
    const reference = `DS-${prefix}-${String(2000 + i)}`;
    await store.addRequest(
      {
        reference,
        requestKey: `backup-key-${prefix}-${i}-0000`,
        request: request(`Backup Bina ${i}`),
        receivedAt: new Date(),
        consent: { version: "1", givenAt: new Date() },
      },
      [{ kind: "clinic-request", recipient: "clinic" }],
    );
    references.push(reference);
  }
  return references;
}

describe("a backup of the SQLite file", () => {
  it("holds every request written before it, also those still in the write-ahead log, and opens as a store", async () => {
    const target = { engine: "sqlite" as const, path: path.join(scratch, "live", "clinic.db") };
    const live = await open(target);
    const references = await bookSome(live, "SQLT", 30);
    // The site keeps the file open and writing; the backup is taken beside it.
    const file = await backupDatabase(target, path.join(scratch, "backups"), { now: new Date("2026-11-25T10:00:00Z") });
    expect(path.basename(file)).toBe("clinic-2026-11-25T10-00-00Z.db");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await bookSome(live, "LATE", 1);

    const restored = await open({ engine: "sqlite", path: file });
    for (const reference of references) expect((await restored.findRequest(reference))?.request?.fullName).toMatch(/^Backup Bina/);
    expect(await restored.findRequest("DS-LATE-2000")).toBeUndefined();
    expect(await restored.emailsAbout(references[0])).toHaveLength(1);
  });

  it("says so when there is no database to back up", async () => {
    await expect(
      backupDatabase({ engine: "sqlite", path: path.join(scratch, "none", "clinic.db") }, path.join(scratch, "b2"), { now: new Date("2026-11-25T10:00:00Z") }),
    ).rejects.toThrow(/no database at/);
  });
});

describe("a backup of the PostgreSQL database", () => {
  it("is a pg_dump that pg_restore turns back into the same requests", async () => {
    const target = { engine: "postgres" as const, url: await createDatabaseAt(inject("postgresUrl")) };
    const live = await open(target);
    const references = await bookSome(live, "PGSQ", 10);
    const file = await backupDatabase(target, path.join(scratch, "pg-backups"), { now: new Date("2026-11-25T10:00:00Z"), pgDumpPath: postgresProgram("pg_dump") });
    expect(file).toMatch(/clinic-.*\.dump$/);

    const copy = await createDatabaseAt(inject("postgresUrl"));
    const restore = spawnSync(postgresProgram("pg_restore"), ["--no-owner", `--dbname=${copy}`, file], { encoding: "utf8" });
    expect(restore.stderr).toBe("");
    const restored = await open({ engine: "postgres", url: copy });
    for (const reference of references) expect((await restored.findRequest(reference))?.request?.fullName).toMatch(/^Backup Bina/);
  });

  it("says what to install when pg_dump is missing", async () => {
    const target = { engine: "postgres" as const, url: inject("postgresUrl") };
    await expect(
      backupDatabase(target, path.join(scratch, "pg-none"), { now: new Date("2026-11-25T10:00:00Z"), pgDumpPath: path.join(scratch, "no-pg-dump-here") }),
    ).rejects.toThrow(/apt-get install postgresql-client/);
  });
});
