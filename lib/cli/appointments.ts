// `npm run appointments` lists where recent requests stand: requested, proposed, confirmed, declined or cancelled,
// with the agreed time, newest first; `npm run appointments -- 90` looks back 90 days instead of 30.
import { describeRequests } from "../outbox";
import { getStore } from "../store";
import { runCommand } from "./run-command";

runCommand(async () => {
  const days = Number(process.argv[2] ?? 30);
  if (!Number.isInteger(days) || days < 1) {
    console.error("Usage: npm run appointments [-- DAYS]   (requests of the last DAYS days, 30 by default)");
    process.exitCode = 2;
    return;
  }
  const store = await getStore();
  try {
    console.log((await describeRequests(store, new Date(), days)).join("\n"));
  } finally {
    await store.close();
  }
});
