// GET /api/health and GET /api/metrics on the production build, on PostgreSQL, directly and through
// deploy/nginx.conf: pass, warn while mail waits, fail (503) while the database is down and pass once it is back,
// never from a cache; the metrics behind their token, with counts that follow what happened.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBookingPage, postBooking, receivedReference } from "../support/booking-http";
import { deployConfig, startNginx, type RunningNginx } from "../support/nginx";
import { startPostgres, type RunningPostgres } from "../support/postgres";
import { freePort, startSite, type RunningSite } from "../support/site";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { until } from "../support/until";

const METRICS_TOKEN = randomBytes(32).toString("hex");
const MAIL_DELAY_SECONDS = 2;
const CHECKS = ["database:migration", "email:givenUp", "email:oldestOwed", "mailServer:reached"];

let postgres: RunningPostgres;
let databaseUrl: string;
let smtpPort: number;
let smtp: TestSmtpServer | undefined;
let site: RunningSite;
let proxy: RunningNginx;

/** The mail server, refusing for good any address at nobody.example.test, as a domain with no such mailbox does. */
async function startMailServer(): Promise<TestSmtpServer> {
  return startSmtpServer({
    port: smtpPort,
    answerRecipient: (address) => (address.endsWith("@nobody.example.test") ? "550 5.1.1 No such user here" : undefined),
  });
}

beforeAll(async () => {
  postgres = await startPostgres();
  databaseUrl = await postgres.createDatabase();
  smtpPort = await freePort();
  smtp = await startMailServer();
  const proxyPort = await freePort();
  site = await startSite({
    DATABASE_URL: databaseUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    SITE_URL: `http://127.0.0.1:${proxyPort}`,
    TRUSTED_PROXY: "true",
    METRICS_TOKEN,
    HEALTH_MAIL_DELAY_SECONDS: String(MAIL_DELAY_SECONDS),
    DELIVERY_RETRY_SECONDS: "1",
    DELIVERY_RETRY_MAX_SECONDS: "2",
    BOOKING_LIMIT: "off",
    BOOKING_MIN_SECONDS: "0",
  });
  const nextPort = Number(new URL(site.url).port);
  proxy = await startNginx(
    (listenPort, dir) => deployConfig({ listenPort, nextPorts: [nextPort, nextPort], cacheDir: path.join(dir, "cache") }),
    proxyPort,
  );
}, 90_000);

afterAll(async () => {
  await proxy?.stop();
  await site?.stop();
  await smtp?.close();
  await postgres?.stop();
});

interface Health {
  status: "pass" | "warn" | "fail";
  checks: Record<string, { status: string; observedValue?: unknown; output?: string }[]>;
}

async function health(base: string): Promise<{ status: number; headers: Headers; body: Health; text: string }> {
  const response = await fetch(`${base}/api/health`);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as Health, text };
}

async function book(fields: Record<string, string>): Promise<string> {
  const response = await postBooking(site.url, await openBookingPage(site.url), fields);
  const reference = receivedReference(response.html);
  if (!reference) throw new Error(`the booking was not received (${response.status})`);
  return reference;
}

describe("GET /api/health", () => {
  it("passes with each check, as application/health+json, and is never cached by the browser or nginx", async () => {
    const direct = await health(site.url);
    expect(direct.status).toBe(200);
    expect(direct.headers.get("content-type")).toBe("application/health+json");
    expect(direct.headers.get("cache-control")).toBe("no-store");
    expect(direct.body.status).toBe("pass");
    expect(Object.keys(direct.body.checks).sort()).toEqual(CHECKS);

    for (let reading = 0; reading < 3; reading++) {
      const throughNginx = await health(proxy.url);
      expect(throughNginx.status).toBe(200);
      expect(throughNginx.body.status).toBe("pass");
      expect(throughNginx.headers.get("x-cache-status")).toBe("BYPASS");
    }
  });

  it("warns, still answering 200, while an email waits past HEALTH_MAIL_DELAY_SECONDS, and passes once it is sent", async () => {
    await smtp!.close();
    smtp = undefined;
    const reference = await book({ fullName: "Waiting Vasanthi", email: "vasanthi@example.test", mobile: "9876512345" });
    await new Promise((resolve) => setTimeout(resolve, (MAIL_DELAY_SECONDS + 1) * 1000));

    const late = await health(proxy.url);
    expect(late.status).toBe(200);
    expect(late.body.status).toBe("warn");
    expect(late.body.checks["email:oldestOwed"][0].status).toBe("warn");
    expect(late.body.checks["email:oldestOwed"][0].observedValue).toBeGreaterThan(MAIL_DELAY_SECONDS);
    expect(late.body.checks["mailServer:reached"][0]).toMatchObject({ status: "warn", observedValue: false });
    // Nothing of the patron's, nor of the database's address, in what any monitor may read.
    for (const secret of ["Vasanthi", "vasanthi@example.test", "98765", reference, databaseUrl, new URL(databaseUrl).pathname.slice(1)]) {
      expect(late.text).not.toContain(secret);
    }

    smtp = await startMailServer();
    await until(async () => (await health(site.url)).body.status === "pass", 30_000, "health passing once the email is sent");
    expect(smtp.messages.some((mail) => mail.subject?.includes(reference))).toBe(true);
  }, 60_000);

  it("fails with 503 while PostgreSQL is down, directly and through nginx, and passes again once it is back", async () => {
    await postgres.pause();
    try {
      for (const base of [site.url, proxy.url]) {
        const down = await health(base);
        expect(down.status, base).toBe(503);
        expect(down.headers.get("content-type"), base).toBe("application/health+json");
        expect(down.body.status).toBe("fail");
        expect(down.body.checks["database:migration"][0]).toMatchObject({ status: "fail", output: expect.stringContaining("cannot be reached") });
        expect(down.text).not.toContain(databaseUrl);
      }
    } finally {
      await postgres.resume();
    }
    await until(async () => (await health(site.url)).status === 200, 30_000, "health answering 200 again");
    const back = await health(proxy.url);
    expect([back.status, back.body.status, back.headers.get("x-cache-status")]).toEqual([200, "pass", "BYPASS"]);
  }, 60_000);
});

/** A metric's value in Prometheus' text format, 0 when absent. */
function metric(text: string, name: string, labels = ""): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

async function readMetrics(): Promise<string> {
  const response = await fetch(`${site.url}/api/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  return response.text();
}

describe("GET /api/metrics", () => {
  it("does not exist without METRICS_TOKEN", async () => {
    const bare = await startSite({});
    try {
      for (const headers of [{}, { Authorization: `Bearer ${METRICS_TOKEN}` }] as Record<string, string>[]) {
        expect((await fetch(`${bare.url}/api/metrics`, { headers })).status).toBe(404);
      }
    } finally {
      await bare.stop();
    }
  }, 60_000);

  it("refuses a missing or wrong token with 401", async () => {
    for (const authorization of [undefined, `Bearer ${randomBytes(32).toString("hex")}`, METRICS_TOKEN, `Basic ${METRICS_TOKEN}`]) {
      const response = await fetch(`${site.url}/api/metrics`, { headers: authorization ? { Authorization: authorization } : {} });
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(await response.text()).not.toContain("clinic_");
    }
  });

  it("counts the requests received, the emails sent and given up by kind, the backlog and this process's answers", async () => {
    const before = await readMetrics();
    const delivered = await book({ fullName: "Counted Chandra", email: "chandra@example.test" });
    const refused = await book({ fullName: "Refused Rekha", email: "rekha@nobody.example.test" });
    await until(
      async () => smtp!.messages.some((mail) => mail.subject?.includes(refused) && mail.subject.startsWith("We could not email")),
      30_000,
      "the 'please call' email",
    );
    await until(async () => metric(await readMetrics(), "clinic_outbox_backlog") === 0, 30_000, "an empty backlog");
    const after = await readMetrics();
    const grew = (name: string, labels = "") => metric(after, name, labels) - metric(before, name, labels);

    expect(grew("clinic_requests_received_total")).toBe(2);
    expect(grew("clinic_emails_sent_total", 'kind="clinic-request"')).toBe(2);
    expect(grew("clinic_emails_sent_total", 'kind="patron-receipt"')).toBe(1);
    expect(grew("clinic_emails_sent_total", 'kind="clinic-undeliverable"')).toBe(1);
    expect(grew("clinic_emails_given_up", 'kind="patron-receipt"')).toBe(1);
    expect(grew("clinic_emails_failed_total", 'kind="patron-receipt"')).toBe(1);
    expect(metric(after, "clinic_outbox_oldest_owed_seconds")).toBe(0);
    expect(grew("clinic_booking_answer_seconds_count", 'answer="received"')).toBe(2);
    expect(smtp!.messages.filter((mail) => mail.subject?.includes(delivered))).toHaveLength(2);
  }, 60_000);
});
