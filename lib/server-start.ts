// What the server checks when it starts: its configuration (a wrong value stops it with a message naming each one)
// and where booking emails will go, said once in the log.
import { ConfigError, getConfig } from "./config";
import { getMailTransport } from "./mail/transport";

export function checkServerAtStart(): void {
  try {
    getConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  getMailTransport();
}
