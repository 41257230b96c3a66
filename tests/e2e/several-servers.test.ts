// Several servers, one database: two `next start` processes sharing a real PostgreSQL behind deploy/nginx.conf, with a
// real SMTP server. Whichever server takes a request, and even when one dies mid-way, a patron told "received" gets
// exactly one email to the clinic and one receipt, and the booking limit counts a client once for both.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getClinic } from "@/lib/clinic";
import { bookOverHttp, openBookingPage, postBooking, receivedReference } from "../support/booking-http";
import { deployConfig, startNginx, type RunningNginx } from "../support/nginx";
import { psql, startPostgres, type RunningPostgres } from "../support/postgres";
import { freePort, startSite, type RunningSite } from "../support/site";
import { emailsByReference, startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { until } from "../support/until";

const BOOKINGS = 200;
const BACKLOG = 40;

let postgres: RunningPostgres;
const running: { close?: () => Promise<void>; stop?: () => Promise<void> }[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
});

afterEach(async () => {
  for (const thing of running.splice(0).reverse()) await (thing.stop ?? thing.close)?.();
});

afterAll(async () => {
  await postgres?.stop();
});

async function smtpServer(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const server = await startSmtpServer(options);
  running.push(server);
  return server;
}

/** Two servers started together on one database; each that did start is stopped after the test, even if one did not. */
async function twoServers(env: Record<string, string>): Promise<[RunningSite, RunningSite]> {
  const started = await Promise.allSettled(
    [0, 1].map(() => startSite({ CLINIC_INBOX: "clinic-inbox@example.test", ...env })),
  );
  for (const result of started) if (result.status === "fulfilled") running.push(result.value);
  const failed = started.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return started.map((result) => (result as PromiseFulfilledResult<RunningSite>).value) as [RunningSite, RunningSite];
}

interface Proxied {
  servers: [RunningSite, RunningSite];
  proxy: RunningNginx;
  /** Each POST /book as nginx logged it: the servers it tried, in order. */
  posts: () => { upstreams: string[] }[];
}

/**
 * Two servers behind deploy/nginx.conf, as in production: the proxy's port is taken first, so that the servers know
 * their public address (SITE_URL) before nginx knows theirs. Besides the shipped configuration, nginx logs which
 * server took each request, so the test can tell how the requests were spread.
 */
async function behindNginx(env: Record<string, string>): Promise<Proxied> {
  const proxyPort = await freePort();
  const servers = await twoServers({ SITE_URL: `http://127.0.0.1:${proxyPort}`, TRUSTED_PROXY: "true", ...env });
  const [first, second] = servers.map((server) => Number(new URL(server.url).port));
  let upstreamLog = "";
  const proxy = await startNginx((listenPort, dir) => {
    upstreamLog = path.join(dir, "upstreams.log");
    return (
      `log_format upstreams '$request_method $uri $upstream_addr';\n` +
      `access_log ${upstreamLog} upstreams;\n` +
      deployConfig({ listenPort, nextPorts: [first, second], cacheDir: path.join(dir, "cache") })
    );
  }, proxyPort);
  running.push(proxy);
  const posts = () =>
    fs
      .readFileSync(upstreamLog, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("POST /book "))
      .map((line) => ({ upstreams: line.slice("POST /book ".length).split(", ") }));
  return { servers, proxy, posts };
}

/** Exactly one clinic email and one receipt for each reference, and no email about anything else. */
function expectEachOnce(messages: ParsedMail[], references: string[]): void {
  const counts = emailsByReference(messages);
  for (const reference of references) expect(counts.get(reference), reference).toEqual({ clinic: 1, patron: 1 });
  expect([...counts.keys()].filter((reference) => !references.includes(reference))).toEqual([]);
  expect(messages).toHaveLength(references.length * 2);
}

/** Longer than the lease, so that an email a dead server had claimed, and sent, would have been sent again by now. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 6_000));

describe("two servers sharing one PostgreSQL database behind nginx", () => {
  it(`delivers each of ${BOOKINGS} concurrent bookings once while one server is killed halfway and the mail server refuses 1 connection in 3`, async () => {
    const smtp = await smtpServer({ refuseEvery: 3 });
    const databaseUrl = await postgres.createDatabase();
    const { servers, proxy, posts } = await behindNginx({
      SMTP_URL: smtp.url,
      DATABASE_URL: databaseUrl,
      // Short waits and a short lease, so that the unlucky emails and the dead server's claims take seconds.
      DELIVERY_RETRY_SECONDS: "1",
      DELIVERY_RETRY_MAX_SECONDS: "4",
      DELIVERY_LEASE_SECONDS: "5",
      BOOKING_LIMIT: "off",
      BOOKING_MIN_SECONDS: "0",
    });
    const [survivorPort, killedPort] = servers.map((server) => new URL(server.url).port);

    const arrivals = smtp.arrivedAt;
    const startedAt = Date.now();
    let answered = 0;
    let killedAt = Infinity;
    let killing: Promise<void> | undefined;
    const outcomes = await Promise.all(
      Array.from({ length: BOOKINGS }, async (_, i) => {
        let stage = "GET";
        try {
          const page = await openBookingPage(proxy.url);
          stage = "POST";
          const response = await postBooking(proxy.url, page, { fullName: `Patron Number ${i}` });
          return { answer: `${response.status}`, reference: receivedReference(response.html) };
        } catch (error) {
          return { answer: `${stage} ${(error as Error).message}`, reference: undefined };
        } finally {
          // SIGKILL, as a crash or the OOM killer: whatever the server was doing is cut off mid-way.
          if (++answered === BOOKINGS / 2) {
            killedAt = performance.now();
            killing = servers[1].kill();
          }
        }
      }),
    );
    await killing;

    const accepted = outcomes.flatMap(({ reference }) => (reference ? [reference] : []));
    const notAccepted = outcomes.flatMap(({ answer, reference }, i) => (reference ? [] : [{ i, answer }]));
    const log = posts();
    const tookFirst = (port: string) => log.filter(({ upstreams }) => upstreams[0].endsWith(`:${port}`)).length;
    const passedOn = log.filter(({ upstreams }) => upstreams.length > 1).length;
    console.info(
      `[figure] two servers, one killed halfway: ${accepted.length} of ${BOOKINGS} bookings accepted; nginx sent` +
        ` ${tookFirst(survivorPort)} posts to the survivor and ${tookFirst(killedPort)} to the killed server first,` +
        ` and passed ${passedOn} on to the other; not accepted: ${JSON.stringify(notAccepted)}`,
    );
    expect(tookFirst(survivorPort)).toBeGreaterThan(BOOKINGS / 10);
    expect(tookFirst(killedPort)).toBeGreaterThan(BOOKINGS / 10);
    expect(passedOn).toBeGreaterThan(0);
    expect(new Set(accepted).size).toBe(accepted.length);
    // nginx passes on whatever the dead server had not begun to answer. Only an answer already under way is lost: Next
    // had sent its headers, so nginx can only end the connection mid-page. Nothing else is refused.
    expect(notAccepted.filter(({ answer }) => !/^(GET|POST) terminated$/.test(answer))).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(BOOKINGS * 0.85);

    // Done when every email the database holds is sent and has arrived.
    const outbox = () =>
      psql(databaseUrl, "SELECT status || ' ' || count(*) FROM outbox WHERE kind <> 'clinic-agenda' GROUP BY status ORDER BY status");
    await until(
      () => /^sent \d+$/.test(outbox()) && smtp.messages.length >= Number(outbox().split(" ")[1]),
      120_000,
      "every stored email sent",
      500,
    );
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    console.info(`[figure] first booking to all ${smtp.messages.length} emails: ${seconds} s`);
    await settle();

    // Each email's booking, by the patron's name in the clinic's copy, which the receipt shares a reference with.
    const bookingOf = new Map<string, number>();
    for (const mail of smtp.messages) {
      const [, number, reference] = mail.subject?.match(/Patron Number (\d+) \[(DS-[A-Z0-9]{4}-[A-Z0-9]{4})\]/) ?? [];
      if (reference) bookingOf.set(reference, Number(number));
    }
    const emailed = [...emailsByReference(smtp.messages).keys()];
    // An email only for a booking the patron was told about, or one whose answer was cut off by the kill after the
    // request was stored (the patron saw a broken page, then gets the receipt).
    const cutOffAndStored = emailed.filter((reference) => !accepted.includes(reference));
    for (const reference of cutOffAndStored) {
      expect(outcomes[bookingOf.get(reference) ?? -1]?.answer, reference).toBe("POST terminated");
    }
    console.info(`[figure] bookings stored whose answer the kill cut off, emailed anyway: ${cutOffAndStored.length}`);

    // The one email that may come twice: one the killed server had handed to the mail server but not yet marked sent
    // when it died (SMTP cannot do better: a sender that dies before the server's "250 OK" cannot know). Its lease
    // then lapses and the survivor sends it again: the mail server got the first copy by the time of the kill (or
    // just after, still reading it) and the second after it. At most the batch the dead server was sending (one
    // pass at a time, 20 emails: lib/delivery.ts). Any other second copy is a fault.
    const copies = new Map<string, number[]>();
    smtp.messages.forEach((mail, n) => copies.set(mail.subject ?? "", [...(copies.get(mail.subject ?? "") ?? []), n]));
    const twice = [...copies.entries()].filter(([, arrived]) => arrived.length > 1);
    console.info(`[figure] emails sent twice, the killed server's last ones: ${JSON.stringify(twice.map(([subject]) => subject))}`);
    const secondCopies = new Set<number>();
    for (const [subject, [first, ...others]] of twice) {
      expect(others, subject).toHaveLength(1);
      expect(arrivals[first] - killedAt, `${subject}: first copy, ms after the kill`).toBeLessThan(1_000);
      // Two live servers sending one email both (a claim not exclusive, a lease too short) is a fault.
      expect(arrivals[others[0]], `${subject}: second copy after the kill`).toBeGreaterThan(killedAt);
      secondCopies.add(others[0]);
    }
    expect(twice.length).toBeLessThanOrEqual(20);
    // Exactly one clinic email and one receipt for each, the database holding these requests and no other.
    expectEachOnce(smtp.messages.filter((_, n) => !secondCopies.has(n)), [...accepted, ...cutOffAndStored]);
    expect(Number(psql(databaseUrl, "SELECT count(*) FROM consultation_requests"))).toBe(emailed.length);
    expect(outbox()).toBe(`sent ${emailed.length * 2}`);
  }, 240_000);

  it("sends a backlog once when delivery passes run on both servers at the same time", async () => {
    const secret = randomBytes(32).toString("hex");
    const smtpPort = await freePort();
    const databaseUrl = await postgres.createDatabase();
    // No loop: the passes are the cron calls below, all at once, so that the two servers' claims overlap.
    const servers = await twoServers({
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      DATABASE_URL: databaseUrl,
      DELIVERY_LOOP: "off",
      CRON_SECRET: secret,
      // Long enough that no retry falls due while the tries right after the bookings still run: on a busy machine
      // those passes, still looping when the mail server came back, sent some of the backlog the cron passes count.
      DELIVERY_RETRY_SECONDS: "5",
      BOOKING_LIMIT: "off",
      BOOKING_MIN_SECONDS: "0",
    });
    // The mail server is down while the requests come in, so every email waits after its first try.
    const references = await Promise.all(
      Array.from({ length: BACKLOG }, (_, i) => bookOverHttp(servers[i % 2].url, { fullName: `Backlog Bhavna ${i}` })),
    );
    const waiting = () => psql(databaseUrl, "SELECT count(*) FROM outbox WHERE status = 'pending' AND attempts > 0 AND kind <> 'clinic-agenda'");
    await until(() => waiting() === String(BACKLOG * 2), 15_000, "a failed first try of every email", 250);
    const smtp = await smtpServer({ port: smtpPort });
    const dueBy = Number(psql(databaseUrl, "SELECT max(due_at) FROM outbox"));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueBy - Date.now()) + 200));

    const passes = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const response = await fetch(`${servers[i % 2].url}/api/cron/deliver`, {
          headers: { Authorization: `Bearer ${secret}` },
        });
        expect(response.status).toBe(200);
        return ((await response.json()) as { delivery: { sent: number } }).delivery.sent;
      }),
    );

    // On an open day's daytime the passes also send the day's agenda, once (kept apart by the mail server).
    expect(passes.reduce((sum, sent) => sum + sent, 0)).toBe(BACKLOG * 2 + smtp.agendas.length);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expectEachOnce(smtp.messages, references);
    expect(psql(databaseUrl, "SELECT status || ' ' || count(*) FROM outbox WHERE kind <> 'clinic-agenda' GROUP BY status")).toBe(
      `sent ${BACKLOG * 2}`,
    );
  });

  it("refuses a client's sixth booking with the request to call, whichever server took the first five", async () => {
    const smtp = await smtpServer();
    // The default limit, 5 in 600 s. Each server is posted to directly with the X-Forwarded-For nginx would set.
    const servers = await twoServers({
      SMTP_URL: smtp.url,
      DATABASE_URL: await postgres.createDatabase(),
      TRUSTED_PROXY: "true",
      BOOKING_MIN_SECONDS: "0",
    });
    const client = { "X-Forwarded-For": "198.51.100.23" };
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const server = servers[i % 2];
      const page = await openBookingPage(server.url, client);
      answers.push((await postBooking(server.url, page, { fullName: `Limited Lakshmi ${i}` }, client)).html);
    }

    expect(answers.slice(0, 5).map(receivedReference).every(Boolean)).toBe(true);
    expect(receivedReference(answers[5])).toBeUndefined();
    expect(answers[5]).toContain(`call the clinic on ${getClinic().phoneDisplay}`);
    // The same server still takes another client's booking: the limit is the client's, not the server's.
    const other = { "X-Forwarded-For": "198.51.100.24" };
    const response = await postBooking(servers[1].url, await openBookingPage(servers[1].url, other), {}, other);
    expect(receivedReference(response.html)).toBeDefined();
  });

  it("starts two servers together on an empty database: one migrates it, both come up and take a booking", async () => {
    const smtp = await smtpServer();
    const databaseUrl = await postgres.createDatabase();
    const tables = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'";
    expect(psql(databaseUrl, tables)).toBe("0");

    const servers = await twoServers({
      SMTP_URL: smtp.url,
      DATABASE_URL: databaseUrl,
      BOOKING_LIMIT: "off",
      BOOKING_MIN_SECONDS: "0",
    });
    const references = [await bookOverHttp(servers[0].url), await bookOverHttp(servers[1].url)];

    expect(servers.filter((server) => server.output().includes("[store] migrated the database"))).toHaveLength(1);
    await until(() => smtp.messages.length >= 4, 15_000, "4 emails");
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expectEachOnce(smtp.messages, references);
  });
});
