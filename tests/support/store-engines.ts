// The two engines a store suite runs on, each giving a new, empty database per test: a SQLite file in a folder of its
// own, and a database of its own on the run's PostgreSQL server (tests/support/postgres-global-setup.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import type { DatabaseTarget } from "@/lib/config";
import { createDatabaseAt } from "./postgres";

export const STORE_ENGINES = [
  {
    name: "SQLite",
    newTarget: async (): Promise<DatabaseTarget> => ({
      engine: "sqlite",
      path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-store-")), "clinic.db"),
    }),
  },
  {
    name: "PostgreSQL",
    newTarget: async (): Promise<DatabaseTarget> => ({ engine: "postgres", url: await createDatabaseAt(inject("postgresUrl")) }),
  },
];

/** Removes what a test's database left on disk (a PostgreSQL database goes with the server at the end of the run). */
export function removeTarget(target: DatabaseTarget): void {
  if (target.engine === "sqlite") fs.rmSync(path.dirname(target.path), { recursive: true, force: true });
}
