// The process's one store, opened on first use from the configuration (DATABASE_URL, else DATABASE_PATH) and brought
// up to date by the migrations before anything reads or writes it.
import { getConfig, type DatabaseTarget } from "../config";
import { createClinicStore, type ClinicStore } from "./clinic-store";
import { openDatabase } from "./database";
import { migrateToLatest } from "./migrate";

/** Opens the store at `target`, runs the pending migrations, and says which ran. */
export async function openStore(target: DatabaseTarget): Promise<{ store: ClinicStore; migrated: string[] }> {
  const database = openDatabase(target);
  try {
    const migrated = await migrateToLatest(database);
    return { store: createClinicStore(database), migrated };
  } catch (error) {
    await database.close();
    throw error;
  }
}

let opening: Promise<ClinicStore> | undefined;

export function getStore(): Promise<ClinicStore> {
  opening ??= openStore(getConfig().database).then(
    ({ store, migrated }) => {
      if (migrated.length > 0) console.info(`[store] migrated the database: ${migrated.join(", ")}`);
      return store;
    },
    (error: unknown) => {
      // The next use tries again: the database may be back by then.
      opening = undefined;
      throw error;
    },
  );
  return opening;
}
