// GET /api/cron/deliver on the production build, for hosts where no server process lives long enough to run the
// delivery loop: absent without CRON_SECRET, refused without the right bearer token, and with it one delivery pass
// that sends what is due once and says so. With DELIVERY_LOOP=off, nothing else sends.
import { randomBytes } from "node:crypto";
import type { ParsedMail } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "@/lib/store";
import type { OutboxEmail } from "@/lib/store/clinic-store";
import { openBookingPage, postBooking, receivedReference } from "../support/booking-http";
import { freePort, newDatabasePath, startSite, type RunningSite } from "../support/site";
import { startSmtpServer } from "../support/smtp";
import { until } from "../support/until";

const running: { close?: () => Promise<void>; stop?: () => Promise<void> }[] = [];

afterEach(async () => {
  for (const thing of running.splice(0).reverse()) await (thing.stop ?? thing.close)?.();
});

async function site(env: Record<string, string>): Promise<RunningSite> {
  const started = await startSite({
    BOOKING_LIMIT: "off",
    BOOKING_MIN_SECONDS: "0",
    DELIVERY_LOOP: "off",
    ...env,
  });
  running.push(started);
  return started;
}

const cron = (siteUrl: string, authorization?: string) =>
  fetch(`${siteUrl}/api/cron/deliver`, { headers: authorization === undefined ? {} : { Authorization: authorization } });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each email's kind and what became of it, for comparing the outbox before and after. */
const outcome = (emails: OutboxEmail[]) => emails.map(({ kind, status, attempts }) => ({ kind, status, attempts }));

function subjects(messages: ParsedMail[]): string[] {
  return messages.map((mail) => mail.subject ?? "").sort();
}

describe("GET /api/cron/deliver", () => {
  it("does not exist without CRON_SECRET", async () => {
    const clinic = await site({ CRON_SECRET: "" });
    const bare = await cron(clinic.url);
    const withToken = await cron(clinic.url, `Bearer ${"a".repeat(64)}`);
    expect(bare.status).toBe(404);
    expect(withToken.status).toBe(404);
  });

  it("sends a request whose first try failed exactly once, on the first authorized call after the mail server is back", async () => {
    const secret = randomBytes(32).toString("hex");
    const smtpPort = await freePort();
    const database = newDatabasePath();
    const clinic = await site({
      CRON_SECRET: secret,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      DATABASE_PATH: database,
      DELIVERY_RETRY_SECONDS: "1",
    });

    // The mail server is down: the try right after the answer fails, and the emails wait in the outbox.
    const response = await postBooking(clinic.url, await openBookingPage(clinic.url), { fullName: "Cron Chitra" });
    const reference = receivedReference(response.html);
    expect(reference).toBeDefined();
    const { store } = await openStore({ engine: "sqlite", path: database });
    try {
      const emails = () => store.emailsAbout(reference!);
      await until(
        async () => (await emails()).length === 2 && (await emails()).every((email) => email.attempts > 0),
        10_000,
        "a failed first try",
      );
      const afterFirstTry = outcome(await emails());
      expect(afterFirstTry.every(({ status }) => status === "pending")).toBe(true);

      // The mail server is back and the retry is due, yet with the loop off nothing sends: longer than a loop tick.
      const smtp = await startSmtpServer({ port: smtpPort });
      running.push(smtp);
      const dueBy = Math.max(...(await emails()).map((email) => email.dueAt.getTime()));
      await pause(Math.max(0, dueBy - Date.now()) + 6_000);
      expect(smtp.messages).toHaveLength(0);

      // Without the secret, or with another one, the route refuses and does nothing.
      const wrong = [undefined, "", `Bearer ${randomBytes(32).toString("hex")}`, secret, `Basic ${secret}`];
      for (const authorization of wrong) {
        const refused = await cron(clinic.url, authorization);
        expect(refused.status, String(authorization)).toBe(401);
        expect(refused.headers.get("www-authenticate")).toContain("Bearer");
        expect(await refused.json()).not.toHaveProperty("delivery");
      }
      await pause(1_000);
      expect(smtp.messages).toHaveLength(0);
      expect(outcome(await emails())).toEqual(afterFirstTry);

      // With it, one pass sends both emails, once, and says so.
      const first = await cron(clinic.url, `Bearer ${secret}`);
      expect(first.status).toBe(200);
      expect(first.headers.get("cache-control")).toContain("no-store");
      // On an open day's daytime the same pass writes and sends the day's agenda (kept apart by the mail server).
      expect((await first.json()).delivery).toEqual({ sent: 2 + smtp.agendas.length, failed: 0, undeliverable: 0, dropped: 0 });
      await until(async () => smtp.messages.length >= 2, 5_000, "both emails");
      expect(subjects(smtp.messages)).toEqual([
        expect.stringContaining(`Cron Chitra [${reference}]`),
        expect.stringMatching(new RegExp(`^Your consultation request ${reference}:`)),
      ]);
      expect((await emails()).every(({ status, sentAt }) => status === "sent" && sentAt !== null)).toBe(true);

      // A second pass finds nothing due.
      const second = await cron(clinic.url, `Bearer ${secret}`);
      expect(second.status).toBe(200);
      expect((await second.json()).delivery).toEqual({ sent: 0, failed: 0, undeliverable: 0, dropped: 0 });
      await pause(1_000);
      expect(smtp.messages).toHaveLength(2);
    } finally {
      await store.close();
    }
  }, 60_000);
});
