// Brings a database up to the schema this release needs, before the server takes requests (at start) or from a
// deploy step (`npm run migrate`). Two servers starting at once take turns: on PostgreSQL under Kysely's advisory
// lock, on SQLite inside one IMMEDIATE transaction, which the second process waits for.
import { Migrator } from "kysely/migration";
import type { DataKey } from "../privacy/encryption";
import type { Database } from "./database";
import { clinicMigrations } from "./migrations";

/**
 * Runs every pending migration, all or none, encrypting under `keys` and holding agreed appointments' times for
 * `consultationMinutes`; returns the names of those it ran.
 */
export async function migrateToLatest(database: Database, keys: readonly DataKey[], consultationMinutes: number): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => clinicMigrations(keys, consultationMinutes) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === "Error")?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${database.describe} could not be migrated${failed ? ` (migration ${failed})` : ""}: ${reason}`);
  }
  return results.filter((result) => result.status === "Success").map((result) => result.migrationName);
}
