// Secrets the embedded default needs and nobody set: generated once into var/ and kept there, so the site works out
// of the box and keeps working across restarts. Production sets them instead (README, .env.example).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** The folder generated secrets are kept in, beside the default database and mail folder. */
export const GENERATED_SECRETS_DIR = path.resolve("var");

/**
 * The secret kept in `dir/name`, generated (32 random bytes, base64url) when the file is missing. Two processes
 * starting together agree: the file appears once, whole, and the one that loses the race reads the winner's.
 */
export function generatedSecret(name: string, dir = GENERATED_SECRETS_DIR): { secret: string; file: string; created: boolean } {
  const file = path.join(/* turbopackIgnore: true */ dir, name);
  // Read at run time only: the build must not trace the folder.
  fs.mkdirSync(/* turbopackIgnore: true */ dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  // Written whole under a name of this process's own, then linked into place in one step, which fails if the file
  // exists: another process never reads a half-written secret.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  fs.writeFileSync(/* turbopackIgnore: true */ draft, `${secret}\n`, { mode: 0o600 });
  try {
    fs.linkSync(/* turbopackIgnore: true */ draft, file);
    return { secret, file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(/* turbopackIgnore: true */ draft, { force: true });
  }
  const kept = fs.readFileSync(/* turbopackIgnore: true */ file, "utf8").trim();
  if (kept.length < 32) throw new Error(`${file} holds no usable secret: delete it and restart to generate another`);
  return { secret: kept, file, created: false };
}
