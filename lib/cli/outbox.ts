// `npm run outbox` lists the emails not yet delivered; `-- retry DS-XXXX-XXXX` sends a request's again; `-- erase
// DS-XXXX-XXXX` withdraws the patron's consent for them (cancels what is still to happen, erases their details, sends
// the acknowledgement); `-- audit DS-XXXX-XXXX` shows what happened to the request, when and by whom.
import { describeAuditTrail, describeOutbox, retryRequest } from "../outbox";
import { withdrawConsent } from "../appointments/withdrawal";
import { getStore } from "../store";
import { runCommand } from "./run-command";

async function erase(reference: string): Promise<string> {
  const result = await withdrawConsent(reference, "staff", new Date());
  switch (result.status) {
    case "not-found":
      return `No request ${reference}.`;
    case "already-erased":
      return `${reference}'s details were already erased.`;
    case "erased":
      return (
        `${reference}: the patron's details are erased${result.cancelled ? " and the consultation is cancelled" : ""}. ` +
        "The running site sends the patron a last email saying so, and tells the clinic's inbox."
      );
  }
}

runCommand(async () => {
  const [command, given] = process.argv.slice(2);
  const reference = given?.trim().toUpperCase();
  const store = await getStore();
  try {
    if (command === undefined || command === "list") {
      console.log((await describeOutbox(store)).join("\n"));
    } else if (command === "retry" && reference) {
      console.log(await retryRequest(store, reference, new Date()));
    } else if (command === "erase" && reference) {
      console.log(await erase(reference));
    } else if (command === "audit" && reference) {
      console.log((await describeAuditTrail(store, reference)).join("\n"));
    } else {
      console.error("Usage: npm run outbox [-- list | -- retry DS-XXXX-XXXX | -- erase DS-XXXX-XXXX | -- audit DS-XXXX-XXXX]");
      process.exitCode = 2;
    }
  } finally {
    await store.close();
  }
});
