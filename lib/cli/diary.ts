// `npm run diary [-- DAYS]` prints each day ahead (7 by default) as its times; `npm run diary -- block YYYY-MM-DD
// ["HH:MM-HH:MM"] "reason"` takes a whole day or some hours out of the diary; `npm run diary -- unblock ID` puts
// them back.
import { blockTime, describeDiary, unblockTime } from "../staff-diary";
import { getStore } from "../store";
import { runCommand } from "./run-command";

const USAGE = [
  "Usage: npm run diary [-- DAYS]                                  each day ahead as its times (7 days by default)",
  '       npm run diary -- block YYYY-MM-DD ["HH:MM-HH:MM"] "reason"   block a whole day, or some hours',
  "       npm run diary -- unblock ID                                 take a block away",
].join("\n");

runCommand(async () => {
  const [verb, ...rest] = process.argv.slice(2);
  const days = verb === undefined ? 7 : Number(verb);
  if (verb !== "block" && verb !== "unblock" && (!Number.isInteger(days) || days < 1 || days > 366)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const store = await getStore();
  try {
    const now = new Date();
    if (verb === "block") console.log(await blockTime(store, rest, now));
    else if (verb === "unblock") console.log(await unblockTime(store, rest[0]));
    else console.log(await describeDiary(store, days, now));
  } finally {
    await store.close();
  }
});
