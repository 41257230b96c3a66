// Runs a staff command: what went wrong (a wrong setting, a database that cannot be reached) is one line and exit 1.
export function runCommand(command: () => Promise<void>): void {
  command().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
