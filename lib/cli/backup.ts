// `npm run backup [-- FOLDER]`: a consistent snapshot of the configured database into FOLDER (default var/backups),
// taken while the site runs. Restore a SQLite one by putting it in place of DATABASE_PATH with the site stopped; a
// PostgreSQL one with pg_restore.
import path from "node:path";
import { getConfig } from "../config";
import { backupDatabase } from "../store/backup";
import { runCommand } from "./run-command";

runCommand(async () => {
  const folder = path.resolve(process.argv[2] ?? "var/backups");
  const file = await backupDatabase(getConfig().database, folder, { now: new Date() });
  console.log(`Backup written: ${file}`);
});
