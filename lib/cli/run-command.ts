// Runs a staff command with the settings the server would have (the environment, then .env.local and the other
// .env files as `next start` loads them); what went wrong (a wrong setting, a database that cannot be reached) is one
// line and exit 1.
import { loadEnvConfig } from "@next/env";

export function runCommand(command: () => Promise<void>): void {
  loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
  command().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
