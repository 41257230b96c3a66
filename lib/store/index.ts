// The process's one store, opened on first use from the configuration (DATABASE_URL, else DATABASE_PATH) and brought
// up to date by the migrations before anything reads or writes it.
import { sql } from "kysely";
import { getConfig, type DatabaseTarget } from "../config";
import { getDataKeys, type DataKey } from "../privacy/encryption";
import { processSingleton } from "../process-singleton";
import { createClinicStore, type ClinicStore } from "./clinic-store";
import { describeDatabase, openDatabase, type Database } from "./database";
import { migrateToLatest } from "./migrate";

/**
 * The ids of the keys stored values are encrypted under that `keys` lacks. Each value begins "v1.<key id>.", the id
 * eight characters long (lib/privacy/encryption.ts).
 */
async function missingKeyIds(database: Database, keys: readonly DataKey[]): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    SELECT DISTINCT substr(patron_details, 4, 8) AS id FROM consultation_requests WHERE patron_details IS NOT NULL
    UNION SELECT DISTINCT substr(staff_message, 4, 8) FROM consultation_requests WHERE staff_message IS NOT NULL
    UNION SELECT DISTINCT substr(details, 4, 8) FROM outbox WHERE details IS NOT NULL`.execute(database.db);
  return rows.map((row) => row.id).filter((id) => !keys.some((key) => key.id === id));
}

/**
 * Opens the store at `target`, with patrons' details encrypted under `keys` (the newest first) and appointments
 * holding `consultationMinutes` of the diary, runs the pending migrations, and says which ran.
 */
export async function openStore(
  target: DatabaseTarget,
  keys: readonly DataKey[] = getDataKeys(),
  consultationMinutes = getConfig().consultationMinutes,
): Promise<{ store: ClinicStore; migrated: string[] }> {
  const database = openDatabase(target);
  try {
    const migrated = await migrateToLatest(database, keys, consultationMinutes);
    // The WAL still holds the pages as they were before migration 005 encrypted them: write it back and empty it.
    if (migrated.includes("005-privacy") && target.engine === "sqlite") await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(database.db);
    // A server that could not read the details it holds would fail each email and page one by one: it stops instead.
    const missing = await missingKeyIds(database, keys);
    if (missing.length > 0) {
      throw new Error(
        `${database.describe} holds patrons' details encrypted under key ${missing.join(", ")}, which DATA_ENCRYPTION_KEY ` +
          "does not have: add that key after the newest (or restore var/data-encryption-key), then start again",
      );
    }
    return { store: createClinicStore(database, keys, consultationMinutes), migrated };
  } catch (error) {
    await database.close();
    throw error;
  }
}

// One per process, whichever bundle asks: two SQLite connections in one process would wait on each other's locks
// while blocking the one thread that could release them.
const opened = processSingleton("store", () => ({ store: undefined as Promise<ClinicStore> | undefined }));

export function getStore(): Promise<ClinicStore> {
  const target = getConfig().database;
  opened.store ??= openStore(target).then(
    ({ store, migrated }) => {
      if (migrated.length > 0) console.info(`[store] migrated the database: ${migrated.join(", ")}`);
      console.info(`[store] requests are kept in ${describeDatabase(target)}`);
      return store;
    },
    (error: unknown) => {
      // The next use tries again: the database may be back by then.
      opened.store = undefined;
      throw error;
    },
  );
  return opened.store;
}
