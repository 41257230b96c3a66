// `npm run outbox` lists the requests not yet delivered; `npm run outbox -- retry DS-XXXX-XXXX` sends one again.
import { getRequestStore } from "../store";
import { describeOutbox, retryRequest } from "../outbox";

const [command, reference] = process.argv.slice(2);
const store = getRequestStore();
if (command === undefined || command === "list") {
  console.log(describeOutbox(store).join("\n"));
} else if (command === "retry" && reference) {
  console.log(retryRequest(store, reference.trim().toUpperCase()));
} else {
  console.error("Usage: npm run outbox [-- list | -- retry DS-XXXX-XXXX]");
  process.exitCode = 2;
}
store.close();
