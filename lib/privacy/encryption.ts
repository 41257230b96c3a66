// Patrons' details are stored encrypted (AES-256-GCM) under DATA_ENCRYPTION_KEY, so that a copied database file, a
// backup or a hosted database's operator reads nothing of them. Several keys may be set, newest first: values are
// written under the newest and read under the one they name, so a key can be rotated (`npm run rekey` re-encrypts
// everything under the newest; the old key can then go). Each value is bound to its place (table, row, column), so a
// value copied into another row does not decrypt there.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { getConfig } from "../config";
import { generatedSecret } from "../generated-secret";
import { processSingleton } from "../process-singleton";

export interface DataKey {
  /** Derived from the key, so nobody has to name keys; stored in clear with every value it encrypted. */
  id: string;
  key: Buffer;
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A key from its base64 text (32 bytes). */
export function dataKey(base64: string): DataKey {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32) throw new Error("a data encryption key must be 32 bytes, in base64");
  return { id: createHash("sha256").update("data key id:").update(key).digest("base64url").slice(0, 8), key };
}

/** `plaintext` encrypted under the newest key, for the place named by `context`: "v1.<key id>.<iv>.<ciphertext+tag>". */
export function encryptText(keys: readonly DataKey[], plaintext: string, context: string): string {
  const [newest] = keys;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", newest.key, iv);
  cipher.setAAD(Buffer.from(context));
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, newest.id, iv.toString("base64url"), sealed.toString("base64url")].join(".");
}

/** The id of the key `value` was encrypted under. */
export function keyIdOf(value: string): string {
  return value.split(".")[1] ?? "";
}

/** The plaintext of `value`, which must have been encrypted for `context`; a wrong key or place is an exception. */
export function decryptText(keys: readonly DataKey[], value: string, context: string): string {
  const parts = value.split(".");
  const [version, keyId, iv, sealed] = parts;
  // Exactly the four parts it was written with.
  if (parts.length !== 4 || version !== VERSION) {
    throw new Error(`${context} is not an encrypted value this release can read`);
  }
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) {
    throw new Error(`${context} is encrypted under key ${keyId}, which is not among DATA_ENCRYPTION_KEY's keys`);
  }
  const bytes = Buffer.from(sealed, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(`${context} does not decrypt under key ${keyId}: it was altered or moved`);
  }
}

const keys = processSingleton("data-keys", () => ({ loaded: undefined as DataKey[] | undefined }));

/** The server's data keys: DATA_ENCRYPTION_KEY's, or one generated into var/ (said once, in the log). */
export function getDataKeys(): DataKey[] {
  keys.loaded ??= (() => {
    const configured = getConfig().dataEncryptionKeys;
    if (configured) return configured.map(dataKey);
    const { secret, file, created } = generatedSecret("data-encryption-key");
    console.warn(
      `[privacy] DATA_ENCRYPTION_KEY is not set: patrons' details are encrypted with the key ${created ? "just generated into" : "kept in"} ${file}. ` +
        "In production set DATA_ENCRYPTION_KEY from a secret store, and keep a copy apart from the database's backups, as .env.example says.",
    );
    return [dataKey(secret)];
  })();
  return keys.loaded;
}
