// `npm run migrate`: brings the configured database (DATABASE_URL, else DATABASE_PATH) up to this release's schema,
// as a deploy step before the new release's servers start. Servers also migrate at start; this makes a failure show
// in the deploy rather than in a server that will not come up.
import { getConfig } from "../config";
import { openStore } from "../store";
import { runCommand } from "./run-command";

runCommand(async () => {
  const { store, migrated } = await openStore(getConfig().database);
  await store.close();
  console.log(migrated.length > 0 ? `Migrated: ${migrated.join(", ")}.` : "The database is up to date.");
});
