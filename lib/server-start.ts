// What the server checks when it starts, before it takes requests: its configuration (a wrong value stops it with a
// message naming each one), the database (unreachable or not migratable stops it, saying which database), and where
// booking emails will go and what signs the links in them, said once in the log.
import { ConfigError, getConfig } from "./config";
import { getLinkKeys } from "./links";
import { getMailTransport } from "./mail/transport";
import { getStore } from "./store";
import { describeDatabase } from "./store/database";

export async function checkServerAtStart(): Promise<void> {
  let config;
  try {
    config = getConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  try {
    await getStore();
  } catch (error) {
    console.error(
      `[store] The server cannot start with ${describeDatabase(config.database)}: ${(error as Error).message}. ` +
        "Check DATABASE_URL (or DATABASE_PATH) and that the database is running.",
    );
    process.exit(1);
  }
  getMailTransport();
  // Says now, not at the first email, where the link secret comes from when STAFF_LINK_SECRET is unset.
  getLinkKeys();
}
