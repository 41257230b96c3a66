import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { generatedSecret } from "@/lib/generated-secret";
import { LINK_PAGES, linkKey, signLink, verifyLink, WITHDRAW_LINK_DAYS, type LinkKey, type LinkPurpose } from "@/lib/links";

const now = new Date("2026-11-25T06:00:00Z");
const expiresAt = new Date("2026-12-09T06:00:00Z"); // two weeks on
const reference = "DS-7KQ2-MX9P";
const key = linkKey("the clinic's first link secret, long enough to be one");
const otherKey = linkKey("somebody else's secret, just as long as the clinic's");
const keys = [key];

/** The token's six dot-separated fields, with `field` replaced by `value`. */
function withField(token: string, field: number, value: string): string {
  const parts = token.split(".");
  parts[field] = value;
  return parts.join(".");
}
const [VERSION, KEY_ID, PURPOSE, REFERENCE, EXPIRY, SIGNATURE] = [0, 1, 2, 3, 4, 5];

const FORGED = { valid: false, reason: "forged" };
const staffToken = () => signLink(keys, "staff", reference, expiresAt);

describe("a link's key", () => {
  it("has a short id derived from its secret that does not reveal it", () => {
    const { id, secret } = linkKey("the clinic's first link secret, long enough to be one");
    expect(id).toBe(key.id);
    expect(secret).toBe("the clinic's first link secret, long enough to be one");
    expect(id).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(otherKey.id).not.toBe(key.id);
  });
});

describe("a signed link", () => {
  it("verifies, for the request and the expiry it was signed for", () => {
    expect(verifyLink(keys, staffToken(), "staff", now)).toEqual({ valid: true, reference, expiresAt });
    expect(verifyLink(keys, signLink(keys, "patron", reference, expiresAt), "patron", now)).toEqual({ valid: true, reference, expiresAt });
  });

  it("carries only the version, the key's id, the purpose, the reference, the expiry and the signature, in URL-safe characters", () => {
    const token = signLink(keys, "patron", reference, expiresAt);
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
    const parts = token.split(".");
    expect(parts).toHaveLength(6);
    expect(parts.slice(0, 4)).toEqual(["v1", key.id, "patron", reference]);
    expect(parseInt(parts[EXPIRY], 36)).toBe(expiresAt.getTime());
    expect(token).not.toContain(key.secret);
  });

  it("is forged when its signature is another key's", () => {
    const signedByOther = signLink([otherKey], "staff", reference, expiresAt);
    expect(verifyLink(keys, withField(signedByOther, KEY_ID, key.id), "staff", now)).toEqual(FORGED);
  });

  it("is forged when a character of its signature is changed", () => {
    const token = staffToken();
    const signature = token.split(".")[SIGNATURE];
    const altered = signature.slice(0, 10) + (signature[10] === "A" ? "B" : "A") + signature.slice(11);
    expect(verifyLink(keys, withField(token, SIGNATURE, altered), "staff", now)).toEqual(FORGED);
  });

  it("has one spelling: the same signature with a stray character, padding or a changed spare bit is forged", () => {
    const token = staffToken();
    const signature = token.split(".")[SIGNATURE];
    // The last of 43 characters carries 4 bits of the signature and 2 spare ones: its neighbour decodes alike.
    const last = signature.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const neighbour = alphabet[alphabet.indexOf(last) ^ 1];
    for (const variant of [`${signature}=`, `${signature}!`, `${signature.slice(0, -1)}${neighbour}`]) {
      expect(verifyLink(keys, withField(token, SIGNATURE, variant), "staff", now)).toEqual(FORGED);
    }
  });

  it("is forged when its reference is changed to another request's", () => {
    expect(verifyLink(keys, withField(staffToken(), REFERENCE, "DS-7KQ2-MX9Q"), "staff", now)).toEqual(FORGED);
  });

  it("is forged when its expiry is moved later", () => {
    const later = new Date(expiresAt.getTime() + 365 * 24 * 60 * 60 * 1000).getTime().toString(36);
    expect(verifyLink(keys, withField(staffToken(), EXPIRY, later), "staff", now)).toEqual(FORGED);
  });

  it("is forged when its purpose is changed, so a patron's link cannot be made a staff link", () => {
    const patronToken = signLink(keys, "patron", reference, expiresAt);
    expect(verifyLink(keys, withField(patronToken, PURPOSE, "staff"), "staff", now)).toEqual(FORGED);
    expect(verifyLink(keys, withField(patronToken, PURPOSE, "admin"), "staff", now)).toEqual(FORGED);
  });

  it("is forged when its version is changed", () => {
    expect(verifyLink(keys, withField(staffToken(), VERSION, "v2"), "staff", now)).toEqual(FORGED);
  });

  it("opens only the page of its own purpose: a staff link is no patron's, and back", () => {
    expect(verifyLink(keys, staffToken(), "patron", now)).toEqual(FORGED);
    expect(verifyLink(keys, signLink(keys, "patron", reference, expiresAt), "staff", now)).toEqual(FORGED);
  });

  it("opens the withdrawal page only from a withdrawal link, and a withdrawal link opens no other page", () => {
    const tokens = Object.fromEntries(
      (["staff", "patron", "withdraw"] as const).map((purpose) => [purpose, signLink(keys, purpose, reference, expiresAt)]),
    ) as Record<LinkPurpose, string>;
    expect(verifyLink(keys, tokens.withdraw, "withdraw", now)).toEqual({ valid: true, reference, expiresAt });
    expect(verifyLink(keys, tokens.staff, "withdraw", now)).toEqual(FORGED);
    expect(verifyLink(keys, tokens.patron, "withdraw", now)).toEqual(FORGED);
    expect(verifyLink(keys, tokens.withdraw, "staff", now)).toEqual(FORGED);
    expect(verifyLink(keys, tokens.withdraw, "patron", now)).toEqual(FORGED);
    // Nor can a patron's or staff link be made a withdrawal link by changing its purpose.
    expect(verifyLink(keys, withField(tokens.patron, PURPOSE, "withdraw"), "withdraw", now)).toEqual(FORGED);
    expect(verifyLink(keys, withField(tokens.staff, PURPOSE, "withdraw"), "withdraw", now)).toEqual(FORGED);
    expect(verifyLink(keys, withField(tokens.withdraw, PURPOSE, "patron"), "patron", now)).toEqual(FORGED);
  });

  it("is forged when truncated", () => {
    const token = staffToken();
    for (const truncated of [token.slice(0, -1), token.slice(0, -8), token.slice(0, token.lastIndexOf(".")), token.slice(0, 20)]) {
      expect(verifyLink(keys, truncated, "staff", now)).toEqual(FORGED);
    }
  });

  it.each(["", "garbage", "......", "v1.a.staff.DS-7KQ2-MX9P.zz.zz", `${"x".repeat(500)}`, "v1.%00.staff.DS-7KQ2-MX9P.1.AAAA"])(
    "is forged when it is garbage: %j",
    (token) => {
      expect(verifyLink(keys, token, "staff", now)).toEqual(FORGED);
    },
  );

  it("is forged when signed with a key the server does not have", () => {
    expect(verifyLink(keys, signLink([otherKey], "staff", reference, expiresAt), "staff", now)).toEqual(FORGED);
  });

  it("has expired at its expiry, not a moment before", () => {
    expect(verifyLink(keys, staffToken(), "staff", new Date(expiresAt.getTime() - 1)).valid).toBe(true);
    expect(verifyLink(keys, staffToken(), "staff", expiresAt)).toEqual({ valid: false, reason: "expired" });
    expect(verifyLink(keys, staffToken(), "staff", new Date("2027-01-01T00:00:00Z"))).toEqual({ valid: false, reason: "expired" });
  });

  it("is forged, not expired, when an expired link has been altered", () => {
    const later = new Date("2027-01-01T00:00:00Z");
    expect(verifyLink(keys, withField(staffToken(), REFERENCE, "DS-7KQ2-MX9Q"), "staff", later)).toEqual(FORGED);
    expect(verifyLink(keys, signLink([otherKey], "staff", reference, expiresAt), "staff", later)).toEqual(FORGED);
  });
});

describe("a withdrawal link", () => {
  const DAY_MS = 24 * 60 * 60 * 1000;

  it("opens the withdrawal page, apart from the staff and patron pages", () => {
    expect(LINK_PAGES).toEqual({ staff: "/staff/requests", patron: "/appointments", withdraw: "/privacy/withdraw" });
  });

  it("lasts a year from its email, and expires then", () => {
    expect(WITHDRAW_LINK_DAYS).toBe(365);
    const sentAt = now;
    const yearOn = new Date(sentAt.getTime() + WITHDRAW_LINK_DAYS * DAY_MS);
    const token = signLink(keys, "withdraw", reference, yearOn);
    expect(verifyLink(keys, token, "withdraw", new Date(yearOn.getTime() - 1)).valid).toBe(true);
    expect(verifyLink(keys, token, "withdraw", yearOn)).toEqual({ valid: false, reason: "expired" });
  });
});

describe("rotating the link secret", () => {
  const oldKey = linkKey("last year's link secret, long enough to be one too");
  const newKey = linkKey("this year's link secret, long enough to be one too");
  const rotated: LinkKey[] = [newKey, oldKey];

  it("keeps links signed with the old secret working while it is still listed", () => {
    const sentLastYear = signLink([oldKey], "staff", reference, expiresAt);
    expect(verifyLink(rotated, sentLastYear, "staff", now)).toEqual({ valid: true, reference, expiresAt });
  });

  it("signs new links with the first secret listed", () => {
    const token = signLink(rotated, "patron", reference, expiresAt);
    expect(token.split(".")[KEY_ID]).toBe(newKey.id);
    expect(verifyLink([newKey], token, "patron", now).valid).toBe(true);
    expect(verifyLink([oldKey], token, "patron", now)).toEqual(FORGED);
  });

  it("makes links of a secret taken off the list forged", () => {
    const sentLastYear = signLink([oldKey], "staff", reference, expiresAt);
    expect(verifyLink([newKey], sentLastYear, "staff", now)).toEqual(FORGED);
  });
});

describe("a secret generated for the embedded default", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-secret-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is created once, in a file only the server's user may read", () => {
    const dir = path.join(tempDir(), "var");
    const first = generatedSecret("staff-link-secret", dir);
    expect(first.created).toBe(true);
    expect(first.file).toBe(path.join(dir, "staff-link-secret"));
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(first.file, "utf8").trim()).toBe(first.secret);
  });

  it("is the same secret the next time, and not created again", () => {
    const dir = tempDir();
    const first = generatedSecret("staff-link-secret", dir);
    const second = generatedSecret("staff-link-secret", dir);
    expect(second).toEqual({ secret: first.secret, file: first.file, created: false });
  });

  it("is a different secret in another folder, or under another name", () => {
    const dir = tempDir();
    const secrets = new Set([
      generatedSecret("staff-link-secret", dir).secret,
      generatedSecret("other-secret", dir).secret,
      generatedSecret("staff-link-secret", tempDir()).secret,
    ]);
    expect(secrets.size).toBe(3);
  });

  it("refuses a file that holds no usable secret, saying which file to delete", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "staff-link-secret"), "short\n");
    expect(() => generatedSecret("staff-link-secret", dir)).toThrow(path.join(dir, "staff-link-secret"));
  });

  it("is one secret for server processes that start together", async () => {
    const dir = tempDir();
    const modulePath = path.resolve("lib/generated-secret.ts");
    // Each process waits for the same moment, then asks for the secret.
    const startAt = Date.now() + 1000;
    const script = `import { generatedSecret } from ${JSON.stringify(modulePath)};
      while (Date.now() < ${startAt});
      console.log(JSON.stringify(generatedSecret("staff-link-secret", ${JSON.stringify(dir)})));`;
    const run = promisify(execFile);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        run(process.execPath, ["--no-warnings", "--input-type=module", "-e", script]).then(({ stdout }) => JSON.parse(stdout)),
      ),
    );
    expect(new Set(results.map(({ secret }) => secret)).size).toBe(1);
    expect(results.filter(({ created }) => created)).toHaveLength(1);
    expect(generatedSecret("staff-link-secret", dir).secret).toBe(results[0].secret);
  });
});
