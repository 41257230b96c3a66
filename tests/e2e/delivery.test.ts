// No request is lost and none is sent twice: the production build with a real database file and a real SMTP server
// that is down, flaky, or outlives a killed site process.
import type { ParsedMail } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "@/lib/store";
import { bookOverHttp, openBookingPage, postBooking, receivedReference } from "../support/booking-http";
import { freePort, newDatabasePath, startSite, type RunningSite } from "../support/site";
import { emailsByReference, startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { until } from "../support/until";

const running: { close?: () => Promise<void>; stop?: () => Promise<void> }[] = [];

afterEach(async () => {
  for (const thing of running.splice(0).reverse()) await (thing.stop ?? thing.close)?.();
});

async function smtpServer(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const server = await startSmtpServer(options);
  running.push(server);
  return server;
}

async function site(env: Record<string, string>): Promise<RunningSite> {
  // Load and speed are what these tests are about: no rate limit, no minimum fill time.
  const started = await startSite({
    CLINIC_INBOX: "clinic-inbox@example.test",
    BOOKING_LIMIT: "off",
    BOOKING_MIN_SECONDS: "0",
    ...env,
  });
  running.push(started);
  return started;
}

function expectEachOnce(messages: ParsedMail[], references: string[]): void {
  const counts = emailsByReference(messages);
  for (const reference of references) expect(counts.get(reference), reference).toEqual({ clinic: 1, patron: 1 });
  expect(messages).toHaveLength(references.length * 2);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));

describe("a request the patron was told about always arrives, once", () => {
  it("arrives within a minute when the mail server was down at submit time and comes back", async () => {
    const smtpPort = await freePort();
    const database = newDatabasePath();
    const clinic = await site({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, DATABASE_PATH: database });
    const submittedAt = Date.now();
    const reference = await bookOverHttp(clinic.url);
    const { store } = await openStore({ engine: "sqlite", path: database });
    try {
      await until(
        async () => {
          const emails = await store.emailsAbout(reference);
          return emails.length > 0 && emails.every((email) => email.attempts > 0);
        },
        10_000,
        "a failed first try",
      );
    } finally {
      await store.close();
    }

    const smtp = await smtpServer({ port: smtpPort });
    await until(() => smtp.messages.length >= 2, 60_000, "both emails");
    console.info(`[figure] submit to both emails, mail server down at first: ${((Date.now() - submittedAt) / 1000).toFixed(1)} s`);
    await settle();
    expectEachOnce(smtp.messages, [reference]);
  }, 90_000);

  it("arrives after the site is killed with SIGKILL right after answering, once the site is started again", async () => {
    const smtp = await smtpServer();
    const env = { SMTP_URL: smtp.url, DATABASE_PATH: newDatabasePath(), DELIVERY_LEASE_SECONDS: "5" };
    const first = await site(env);
    const reference = await bookOverHttp(first.url, { fullName: "Killed Kamala" });
    await first.kill();

    await site(env);
    await until(() => smtp.messages.length >= 2, 30_000, "both emails after the restart");
    await settle();
    expectEachOnce(smtp.messages, [reference]);
  }, 60_000);

  it("delivers 200 concurrent requests through a mail server that refuses 1 connection in 3: 400 emails, none twice", async () => {
    const smtp = await smtpServer({ refuseEvery: 3 });
    const database = newDatabasePath();
    // Short waits between retries, so that the test's unlucky requests need seconds, not an hour.
    const clinic = await site({
      SMTP_URL: smtp.url,
      DATABASE_PATH: database,
      DELIVERY_RETRY_SECONDS: "1",
      DELIVERY_RETRY_MAX_SECONDS: "4",
    });

    const pages = await Promise.all(Array.from({ length: 200 }, () => openBookingPage(clinic.url)));
    const responses = await Promise.all(
      pages.map((page, i) => postBooking(clinic.url, page, { fullName: `Patron Number ${i}` })),
    );
    const references = responses.map((r) => receivedReference(r.html));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(references.every(Boolean)).toBe(true);
    expect(new Set(references).size).toBe(200);

    await until(() => smtp.messages.length >= 400, 120_000, "400 emails");
    await settle();
    expectEachOnce(smtp.messages, references as string[]);
    const { store } = await openStore({ engine: "sqlite", path: database });
    try {
      // The requests' emails: on an open day's daytime the site also sends the day's agenda.
      const requestEmails = async (statuses: ("pending" | "sent" | "undeliverable")[]) =>
        (await store.listEmails(statuses)).filter((email) => email.kind !== "clinic-agenda");
      expect(await requestEmails(["sent"])).toHaveLength(400);
      expect(await requestEmails(["pending", "undeliverable"])).toHaveLength(0);
    } finally {
      await store.close();
    }
  }, 180_000);

  it("never sends a request twice when two site processes share one database", async () => {
    const smtpPort = await freePort();
    const env = { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, DATABASE_PATH: newDatabasePath(), DELIVERY_RETRY_SECONDS: "1" };
    const [one, two] = [await site(env), await site(env)];
    // With the mail server down, requests pile up; when it comes back both processes race for them.
    const references = await Promise.all(
      Array.from({ length: 40 }, (_, i) => bookOverHttp(i % 2 ? one.url : two.url, { fullName: `Shared Shanti ${i}` })),
    );
    const smtp = await smtpServer({ port: smtpPort });
    await until(() => smtp.messages.length >= 80, 60_000, "80 emails");
    await settle();
    expectEachOnce(smtp.messages, references);
  }, 120_000);

  it("takes the same form posted twice as one request: one reference, one pair of emails", async () => {
    const smtp = await smtpServer();
    const clinic = await site({ SMTP_URL: smtp.url });
    const page = await openBookingPage(clinic.url);
    const first = receivedReference((await postBooking(clinic.url, page, { fullName: "Resubmit Rekha" })).html);
    const second = receivedReference((await postBooking(clinic.url, page, { fullName: "Resubmit Rekha" })).html);
    expect(first).toBeDefined();
    expect(second).toBe(first);
    await until(() => smtp.messages.length >= 2, 15_000, "both emails");
    await settle();
    expectEachOnce(smtp.messages, [first!]);
  });

  it("keeps one database connection and one mail pool per server process, for the action and the loop alike", async () => {
    const smtp = await smtpServer();
    const clinic = await site({ SMTP_URL: smtp.url });
    // The booking's emails go out from the action's pass; the loop and the start-up check live in another bundle.
    const reference = await bookOverHttp(clinic.url, { fullName: "Single Sunil" });
    await until(() => smtp.messages.length >= 2, 15_000, "both emails");
    expectEachOnce(smtp.messages, [reference]);
    const count = (line: string) => clinic.output().split("\n").filter((l) => l.includes(line)).length;
    expect(count("[mail] booking emails go to")).toBe(1);
    expect(count("[store] requests are kept in")).toBe(1);
  });
});
