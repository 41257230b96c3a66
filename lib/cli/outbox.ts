// `npm run outbox` lists the emails not yet delivered; `npm run outbox -- retry DS-XXXX-XXXX` sends a request's again.
import { describeOutbox, retryRequest } from "../outbox";
import { getStore } from "../store";
import { runCommand } from "./run-command";

runCommand(async () => {
  const [command, reference] = process.argv.slice(2);
  const store = await getStore();
  try {
    if (command === undefined || command === "list") {
      console.log((await describeOutbox(store)).join("\n"));
    } else if (command === "retry" && reference) {
      console.log(await retryRequest(store, reference.trim().toUpperCase()));
    } else {
      console.error("Usage: npm run outbox [-- list | -- retry DS-XXXX-XXXX]");
      process.exitCode = 2;
    }
  } finally {
    await store.close();
  }
});
