// `npm run rekey` re-encrypts every patron's details still under an older DATA_ENCRYPTION_KEY with the newest, while
// the site runs. Then the old key can be taken out of DATA_ENCRYPTION_KEY (keep it with the backups made before).
import { getStore } from "../store";
import { runCommand } from "./run-command";

runCommand(async () => {
  const store = await getStore();
  try {
    const { requests, emails } = await store.reencrypt();
    console.log(
      requests + emails === 0
        ? "Everything is already encrypted under the newest key."
        : `Re-encrypted under the newest key: ${requests} request${requests === 1 ? "" : "s"} and ${emails} email record${emails === 1 ? "" : "s"}.`,
    );
  } finally {
    await store.close();
  }
});
