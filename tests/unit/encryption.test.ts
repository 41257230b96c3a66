import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { GENERATED_SECRETS_DIR } from "@/lib/generated-secret";
import { dataKey, decryptText, encryptText, keyIdOf, type DataKey } from "@/lib/privacy/encryption";
import { encryptedPlace } from "@/lib/store/tables";

// getDataKeys generates its key with generatedSecret into var/; here into a temporary folder instead, so that the
// test leaves the project's var/ alone. Which folder it asked for is recorded.
const generated = vi.hoisted(() => ({ dir: "", calls: [] as { name: string; dir: string | undefined }[] }));
vi.mock("@/lib/generated-secret", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/generated-secret")>();
  return {
    ...actual,
    generatedSecret: (name: string, dir?: string) => {
      generated.calls.push({ name, dir });
      return actual.generatedSecret(name, dir ?? generated.dir);
    },
  };
});

const base64Key = (fill: number) => Buffer.alloc(32, fill).toString("base64");
const key = dataKey(base64Key(1));
const keys = [key];

const reference = "DS-7KQ2-MX9P";
const place = encryptedPlace.patronDetails(reference);
const details = JSON.stringify({
  fullName: "Asha Rao",
  mobile: "+919876543210",
  email: "asha@example.com",
  reason: "Acne scars on both cheeks, since my teenage years.",
});

/** The error `decrypt` throws; fails the test if it decrypts. */
function refusal(decrypt: () => string): string {
  let plaintext: string;
  try {
    plaintext = decrypt();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected the value to be refused, but it decrypted to ${JSON.stringify(plaintext)}`);
}

describe("a data encryption key", () => {
  it("is 32 bytes from base64 or base64url, with a short id derived from it that does not reveal it", () => {
    const text = Buffer.from(Array.from({ length: 32 }, (_, i) => 250 - i)).toString("base64");
    const fromBase64 = dataKey(text);
    const fromBase64url = dataKey(Buffer.from(text, "base64").toString("base64url"));
    expect(fromBase64.key).toHaveLength(32);
    expect(fromBase64.key.equals(Buffer.from(text, "base64"))).toBe(true);
    expect(fromBase64url).toEqual(fromBase64);
    expect(fromBase64.id).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(text).not.toContain(fromBase64.id);
    expect(dataKey(base64Key(2)).id).not.toBe(key.id);
  });

  it.each([
    ["empty", ""],
    ["16 bytes", Buffer.alloc(16, 1).toString("base64")],
    ["31 bytes", Buffer.alloc(31, 1).toString("base64")],
    ["33 bytes", Buffer.alloc(33, 1).toString("base64")],
    ["64 bytes", Buffer.alloc(64, 1).toString("base64")],
    ["32 bytes written in hex", Buffer.alloc(32, 1).toString("hex")],
  ])("is refused when it is %s", (_, text) => {
    expect(() => dataKey(text)).toThrow("a data encryption key must be 32 bytes, in base64");
  });
});

describe("an encrypted value", () => {
  it("decrypts to what was encrypted", () => {
    for (const plaintext of [details, "", "Å", "देवनागरी और emoji 🙂", "x".repeat(100_000)]) {
      expect(decryptText(keys, encryptText(keys, plaintext, place), place)).toBe(plaintext);
    }
  });

  it("is the version, the key's id, the IV and the ciphertext with its tag, in URL-safe characters", () => {
    const value = encryptText(keys, details, place);
    const parts = value.split(".");
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe("v1");
    expect(parts[1]).toBe(key.id);
    expect(keyIdOf(value)).toBe(key.id);
    expect(Buffer.from(parts[2], "base64url")).toHaveLength(12);
    // AES-GCM's ciphertext is as long as the plaintext, and the 16-byte tag follows it.
    expect(Buffer.from(parts[3], "base64url")).toHaveLength(Buffer.byteLength(details) + 16);
    expect(value).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it("contains nothing of the plaintext, in clear or encoded", () => {
    const value = encryptText(keys, details, place);
    const plain = Buffer.from(details);
    for (const encoded of [details, plain.toString("base64"), plain.toString("base64url"), plain.toString("hex")]) {
      expect(value).not.toContain(encoded.slice(0, 12));
    }
    // No word of six letters or more: a random text holds one by chance about once in a billion.
    for (const word of details.match(/[A-Za-z0-9+@.]{6,}/g)!) expect(value).not.toContain(word);
    for (const part of value.split(".")) expect(Buffer.from(part, "base64url").includes(plain.subarray(0, 8))).toBe(false);
    expect(value).not.toContain(key.key.toString("base64url"));
  });

  it("differs each time the same text is encrypted (a fresh IV), and each decrypts", () => {
    const values = Array.from({ length: 20 }, () => encryptText(keys, details, place));
    expect(new Set(values).size).toBe(20);
    expect(new Set(values.map((value) => value.split(".")[2])).size).toBe(20);
    for (const value of values) expect(decryptText(keys, value, place)).toBe(details);
  });

  it.each([
    ["another request's row", encryptedPlace.patronDetails("DS-7KQ2-MX9Q")],
    ["another column of the same row", encryptedPlace.staffMessage(reference)],
    ["an outbox row", encryptedPlace.emailDetails(`${reference}/patron-withdrawn`)],
    ["no place at all", ""],
  ])("decrypts only in its own place, not when moved to %s", (_, elsewhere) => {
    const value = encryptText(keys, details, place);
    expect(refusal(() => decryptText(keys, value, elsewhere))).toBe(
      `${elsewhere} does not decrypt under key ${key.id}: it was altered or moved`,
    );
  });

  it("is refused when any one of its characters is changed", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const value = encryptText(keys, details, place);
    for (let at = 0; at < value.length; at += 1) {
      // The other half of the alphabet changes the character's highest bit, never one of the spare bits at the end.
      const changed = value[at] === "." ? "A" : alphabet[alphabet.indexOf(value[at]) ^ 32];
      const tampered = value.slice(0, at) + changed + value.slice(at + 1);
      expect(tampered).not.toBe(value);
      refusal(() => decryptText(keys, tampered, place));
    }
  });

  it("is refused when cut short, lengthened or spliced with another value's parts", () => {
    const value = encryptText(keys, details, place);
    const other = encryptText(keys, "Ravi Kumar", place).split(".");
    const [version, keyId, iv, sealed] = value.split(".");
    for (const tampered of [
      value.slice(0, -1),
      value.slice(0, -22), // the tag gone
      `${value}AAAA`,
      [version, keyId, other[2], sealed].join("."),
      [version, keyId, iv, other[3]].join("."),
    ]) {
      expect(refusal(() => decryptText(keys, tampered, place))).toContain(place);
    }
  });

  it.each(["Asha Rao", "", "v1", "v2.abc.def.ghi", `v1.${key.id}`])("is refused when it is not one at all: %j", (value) => {
    expect(refusal(() => decryptText(keys, value, place))).toBe(`${place} is not an encrypted value this release can read`);
  });

  it("is refused under a key that is not in the list, naming the key it needs", () => {
    const stranger = dataKey(base64Key(9));
    const value = encryptText([stranger], details, place);
    expect(refusal(() => decryptText(keys, value, place))).toBe(
      `${place} is encrypted under key ${stranger.id}, which is not among DATA_ENCRYPTION_KEY's keys`,
    );
  });

  it("is refused under another key given the first key's id", () => {
    const impostor: DataKey = { id: key.id, key: dataKey(base64Key(9)).key };
    const value = encryptText(keys, details, place);
    expect(refusal(() => decryptText([impostor], value, place))).toBe(`${place} does not decrypt under key ${key.id}: it was altered or moved`);
  });
});

describe("rotating the data encryption key", () => {
  const oldKey = dataKey(base64Key(3));
  const newKey = dataKey(base64Key(4));
  const rotated = [newKey, oldKey];

  it("encrypts new values under the newest key", () => {
    const value = encryptText(rotated, details, place);
    expect(keyIdOf(value)).toBe(newKey.id);
    expect(decryptText([newKey], value, place)).toBe(details);
    expect(refusal(() => decryptText([oldKey], value, place))).toContain(`key ${newKey.id}`);
  });

  it("still reads values encrypted under the old key while it is listed", () => {
    const written = encryptText([oldKey], details, place);
    expect(keyIdOf(written)).toBe(oldKey.id);
    expect(decryptText(rotated, written, place)).toBe(details);
    expect(decryptText([oldKey, newKey], written, place)).toBe(details);
  });

  it("cannot read them once the old key is taken off the list, and says which key they need", () => {
    const written = encryptText([oldKey], details, place);
    expect(refusal(() => decryptText([newKey], written, place))).toContain(`encrypted under key ${oldKey.id}`);
  });
});

describe("the server's data keys", () => {
  const SINGLETON = Symbol.for("drdivyasharma-clinic.data-keys");
  let warn: MockInstance<typeof console.warn>;

  /** getDataKeys as a freshly started server process has it: nothing loaded, the configuration read anew. */
  async function startedServer() {
    vi.resetModules();
    delete (globalThis as Record<symbol, unknown>)[SINGLETON];
    return (await import("@/lib/privacy/encryption")).getDataKeys;
  }

  beforeEach(() => {
    generated.dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-data-key-")), "var");
    generated.calls = [];
    vi.stubEnv("DATA_ENCRYPTION_KEY", "");
    warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  });

  afterEach(() => {
    warn.mockRestore();
    vi.unstubAllEnvs();
    delete (globalThis as Record<symbol, unknown>)[SINGLETON];
    fs.rmSync(path.dirname(generated.dir), { recursive: true, force: true });
  });

  it("are one key generated into var/ when DATA_ENCRYPTION_KEY is not set, said once in the log", async () => {
    const getDataKeys = await startedServer();
    const loaded = getDataKeys();
    // Asked for in the default folder, var/, which the mock above moved to a temporary one.
    expect(generated.calls).toEqual([{ name: "data-encryption-key", dir: undefined }]);
    expect(GENERATED_SECRETS_DIR).toBe(path.resolve("var"));
    const file = path.join(generated.dir, "data-encryption-key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loaded).toEqual([dataKey(fs.readFileSync(file, "utf8").trim())]);
    expect(loaded[0].key).toHaveLength(32);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain("DATA_ENCRYPTION_KEY is not set");
    expect(warn.mock.calls[0][0]).toContain(`just generated into ${file}`);

    expect(getDataKeys()).toBe(loaded);
    expect(generated.calls).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(decryptText(loaded, encryptText(loaded, details, place), place)).toBe(details);
  });

  it("are the same key after a restart, read back from var/", async () => {
    const first = (await startedServer())();
    const value = encryptText(first, details, place);
    const afterRestart = (await startedServer())();
    expect(afterRestart).toEqual(first);
    expect(decryptText(afterRestart, value, place)).toBe(details);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1][0]).toContain(`kept in ${path.join(generated.dir, "data-encryption-key")}`);
  });

  it("are DATA_ENCRYPTION_KEY's, newest first, when it is set, and nothing is generated", async () => {
    vi.stubEnv("DATA_ENCRYPTION_KEY", `${base64Key(4)} ${base64Key(3)}`);
    const loaded = (await startedServer())();
    expect(loaded).toEqual([dataKey(base64Key(4)), dataKey(base64Key(3))]);
    expect(generated.calls).toEqual([]);
    expect(fs.existsSync(generated.dir)).toBe(false);
    expect(warn).not.toHaveBeenCalled();
  });
});
