// When mail fails, someone knows: a real SMTP server refuses one patron's address with 550 and another's with 450 (once),
// and two server processes deliver at the same injected instants, on a SQLite file and on PostgreSQL. The refused
// email is given up after one try and the clinic gets one "please call" email, however many servers; the deferred one
// is delivered on retry; the next agenda lists what was given up; `npm run outbox` and the health check show it. A 535
// (the clinic's own login refused) is retried past three days, shows in the health check, and nothing is given up.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ConsultationRequest } from "@/lib/booking/schema";
import type { DatabaseTarget } from "@/lib/config";
import { checkHealth } from "@/lib/health";
import { indiaInstant as ist } from "@/lib/india-time";
import { REQUEST_EMAILS } from "@/lib/mail/outbox-email";
import { describeAuditTrail, describeOutbox } from "@/lib/outbox";
import { openStore } from "@/lib/store";
import type { ClinicStore } from "@/lib/store/clinic-store";
import { MIGRATION_NAMES } from "@/lib/store/migrations";
import { deliverInProcesses, NO_DELIVERY, total } from "../support/delivery-pass-worker";
import { createDatabaseAt } from "../support/postgres";
import { decodeHtml, startSmtpServer, type TestSmtpServer } from "../support/smtp";

const ENGINES = [
  {
    name: "a SQLite file",
    newTarget: async (): Promise<DatabaseTarget> => ({
      engine: "sqlite",
      path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-mail-failures-")), "clinic.db"),
    }),
  },
  {
    name: "PostgreSQL",
    newTarget: async (): Promise<DatabaseTarget> => ({ engine: "postgres", url: await createDatabaseAt(inject("postgresUrl")) }),
  },
];

const TYPO = "asha.rao@gmial.com";
const BUSY = "ravi@busy.example.test";
const CLINIC_INBOX = "clinic-inbox@example.test";
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

function patron(fullName: string, email: string, mobile: string): ConsultationRequest {
  return {
    fullName,
    mobile,
    email,
    mode: "tele",
    preferredDate: "2026-12-10",
    timeWindow: "morning",
    reason: "Itchy rash on the forearms for two weeks.",
    consent: "yes",
  };
}

// Tuesday 8 Dec 2026 in India.
const RECEIVED = ist("2026-12-08", "10:00");
const REQUESTS: Record<string, ConsultationRequest> = {
  "DS-TYPO-0001": patron("Asha Rao", TYPO, "+919900011111"),
  "DS-BUSY-0002": patron("Ravi Kumar", BUSY, "+919900022222"),
  "DS-FINE-0003": patron("Chitra Nair", "chitra@example.test", "+919900033333"),
};

const isPleaseCall = (mail: ParsedMail) => mail.subject?.startsWith("We could not email the patron") ?? false;
const isAgenda = (mail: ParsedMail) => mail.subject?.startsWith("Today's consultations") ?? false;
const sentTo = (mail: ParsedMail, address: string) => [mail.to ?? []].flat().some((to) => to.value.some((one) => one.address === address));

/** The environment a server on `target` sending through `smtpUrl` would have. */
function serverEnv(target: DatabaseTarget, smtpUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: target.engine === "postgres" ? target.url : "",
    DATABASE_PATH: target.engine === "sqlite" ? target.path : "",
    SMTP_URL: smtpUrl,
    CLINIC_INBOX,
    MAIL_FROM: "Clinic website <website@example.test>",
    SITE_URL: "https://clinic.example.test",
    STAFF_LINK_SECRET: "mail-failures-test-secret-0123456789abcdef",
    DELIVERY_RETRY_SECONDS: "1",
    DELIVERY_LEASE_SECONDS: "120",
    DELIVERY_LOOP: "off",
  };
}

describe.concurrent.each(ENGINES)("mail failures, delivered by two server processes on $name", ({ newTarget }) => {
  let target: DatabaseTarget;
  let store: ClinicStore;
  let smtp: TestSmtpServer;
  let env: NodeJS.ProcessEnv;
  const triesTo = new Map<string, number>();
  const health = (now: Date) => checkHealth(async () => store, now, { mailDelaySeconds: 900 });
  const emailsOf = async (reference: string) =>
    Object.fromEntries((await store.emailsAbout(reference)).map((email) => [email.kind, email]));

  beforeAll(async () => {
    target = await newTarget();
    ({ store } = await openStore(target));
    smtp = await startSmtpServer({
      agendasApart: false,
      answerRecipient(address) {
        triesTo.set(address, (triesTo.get(address) ?? 0) + 1);
        if (address === TYPO) return "550 5.1.1 <asha.rao@gmial.com>: Recipient address rejected: User unknown in virtual mailbox table";
        if (address === BUSY && triesTo.get(address) === 1) return "450 4.2.0 <ravi@busy.example.test>: Mailbox busy, try again later";
        return undefined;
      },
    });
    env = serverEnv(target, smtp.url);
    for (const [reference, request] of Object.entries(REQUESTS)) {
      const consent = { version: "1", givenAt: RECEIVED };
      await store.addRequest({ reference, requestKey: `key-${reference}`, request, receivedAt: RECEIVED, consent }, REQUEST_EMAILS);
    }
  });

  afterAll(async () => {
    await store?.close();
    await smtp?.close();
    if (target?.engine === "sqlite") fs.rmSync(path.dirname(target.path), { recursive: true, force: true });
  });

  // Each step starts worker processes through tsx, which take seconds each on a busy machine.
  describe("a 550 and a 450 on Tuesday 8 Dec 2026, then Wednesday's agenda", { concurrent: false, timeout: 60_000 }, () => {
    it("gives the refused receipt up after one try, and tells the clinic once, however many servers deliver", async () => {
      const report = total(await deliverInProcesses(env, new Date(RECEIVED.getTime() + 60_000), { processes: 2, passes: 2 }));
      expect(report.undeliverable).toBe(1);
      expect(triesTo.get(TYPO)).toBe(1);
      expect((await emailsOf("DS-TYPO-0001"))["patron-receipt"]).toMatchObject({ status: "undeliverable", failure: "permanent", attempts: 1 });
      expect(await describeAuditTrail(store, "DS-TYPO-0001")).toEqual(
        expect.arrayContaining([expect.stringContaining("email given up on (undeliverable): receipt to the patron")]),
      );

      const pleaseCall = smtp.messages.filter(isPleaseCall);
      expect(pleaseCall).toHaveLength(1);
      const [mail] = pleaseCall;
      expect(sentTo(mail, CLINIC_INBOX)).toBe(true);
      expect(mail.subject).toBe("We could not email the patron: please call Asha Rao [DS-TYPO-0001]");
      expect(mail.text).toContain("We could not email the patron: please call them on +919900011111.");
      expect(mail.text).toContain("Email not delivered: receipt to the patron");
      expect(mail.text).toContain("the patron's mail server says there is no such mailbox");
      expect(mail.text).toContain("550 5.1.1 <address>: Recipient address rejected");
      expect(decodeHtml(String(mail.html))).toContain('href="tel:+919900011111"');
    });

    it("keeps the 450'd receipt to try again, and delivers it on the retry; still one email to the clinic", async () => {
      expect((await emailsOf("DS-BUSY-0002"))["patron-receipt"]).toMatchObject({ status: "pending", attempts: 1, failure: "temporary" });
      const retry = total(await deliverInProcesses(env, new Date(RECEIVED.getTime() + 10 * 60_000), { processes: 2, passes: 2 }));
      expect(retry).toEqual({ ...NO_DELIVERY, sent: 1 });
      expect((await emailsOf("DS-BUSY-0002"))["patron-receipt"]).toMatchObject({ status: "sent", attempts: 1, failure: null });
      expect(smtp.messages.filter((mail) => sentTo(mail, BUSY))).toHaveLength(1);
      expect(smtp.messages.filter((mail) => sentTo(mail, TYPO))).toEqual([]);
      expect(smtp.messages.filter(isPleaseCall)).toHaveLength(1);
    });

    it("shows the refusal apart in `npm run outbox`, and the health check warns of it, the mail server reached", async () => {
      const outbox = await describeOutbox(store);
      expect(outbox[0]).toMatch(/^Given up at once: the patron's mail server refused the address/);
      expect(outbox[1]).toMatch(/^DS-TYPO-0001 · receipt to the patron · UNDELIVERABLE, refused · .* · Asha Rao · 1 failed try/);
      expect(outbox.join("\n")).not.toContain("DS-BUSY-0002");

      const now = new Date(RECEIVED.getTime() + HOUR);
      const report = await health(now);
      expect(report.status).toBe("warn");
      expect(report.checks["email:givenUp"][0]).toMatchObject({ status: "warn", observedValue: 1 });
      expect(report.checks["mailServer:reached"][0]).toMatchObject({ status: "pass", observedValue: true });
      expect(report.checks["database:migration"][0]).toMatchObject({ status: "pass", observedValue: MIGRATION_NAMES.at(-1) });
      expect(JSON.stringify(report)).not.toMatch(/asha|Rao|9900011111/i);
      // A day later the given-up email is no longer news to the health check (staff had their email).
      expect((await health(new Date(RECEIVED.getTime() + 2 * DAY))).status).toBe("pass");
    });

    it("lists the given-up email with the patron's number to call in Wednesday's agenda, and not in Thursday's", async () => {
      await deliverInProcesses(env, ist("2026-12-09", "08:31"), { processes: 2 });
      const [wednesday, ...more] = smtp.messages.filter((mail) => isAgenda(mail) && mail.subject!.includes("9 Dec"));
      expect(more).toEqual([]);
      expect(wednesday.subject).toBe("Today's consultations, Wednesday, 9 Dec 2026: 0 consultations; 1 patron to call, as their email failed");
      expect(wednesday.text).toContain("We could not email these patrons since the last agenda: please call them.");
      expect(wednesday.text).toMatch(/DS-TYPO-0001 · receipt to the patron · the patron's mail server says there is no such mailbox/);
      expect(decodeHtml(String(wednesday.html))).toContain('href="tel:+919900011111"');

      await deliverInProcesses(env, ist("2026-12-10", "08:31"), { processes: 1 });
      const thursday = smtp.messages.find((mail) => isAgenda(mail) && mail.subject!.includes("10 Dec"));
      expect(thursday?.subject).toBe("Today's consultations, Thursday, 10 Dec 2026: 0 consultations");
      expect(thursday?.text).not.toContain("DS-TYPO-0001");
    });
  });

  describe("a 535: the mail server refuses the clinic's own login", { concurrent: false, timeout: 60_000 }, () => {
    let refusing: TestSmtpServer;
    let refusingEnv: NodeJS.ProcessEnv;
    const RECEIVED_535 = ist("2026-12-11", "11:00");

    beforeAll(async () => {
      refusing = await startSmtpServer({ refuseLogins: true, agendasApart: false });
      refusingEnv = serverEnv(target, `smtp://clinic:wrong-password@127.0.0.1:${new URL(refusing.url).port}`);
      const request = patron("Deepa Shetty", "deepa@example.test", "+919900044444");
      const consent = { version: "1", givenAt: RECEIVED_535 };
      await store.addRequest({ reference: "DS-AUTH-0004", requestKey: "key-auth", request, receivedAt: RECEIVED_535, consent }, REQUEST_EMAILS);
    });

    afterAll(async () => {
      await refusing?.close();
    });

    it("retries, gives nothing up, and the health check says the clinic's mail settings are refused", async () => {
      const report = total(await deliverInProcesses(refusingEnv, new Date(RECEIVED_535.getTime() + 60_000), { processes: 2 }));
      expect(report.undeliverable).toBe(0);
      expect(report.failed).toBeGreaterThanOrEqual(2);
      const emails = await emailsOf("DS-AUTH-0004");
      for (const kind of ["clinic-request", "patron-receipt"]) expect(emails[kind]).toMatchObject({ status: "pending", failure: "configuration" });
      expect(refusing.messages).toEqual([]);

      const checks = (await health(new Date(RECEIVED_535.getTime() + 2 * 60_000))).checks;
      expect(checks["mailServer:reached"][0]).toMatchObject({ status: "warn", observedValue: false });
      expect(checks["mailServer:reached"][0].output).toMatch(/refuses the clinic's mail settings.*535/);
    });

    it("still gives nothing up four days later, and delivers everything once the login is right", async () => {
      const later = new Date(RECEIVED_535.getTime() + 4 * DAY);
      expect(total(await deliverInProcesses(refusingEnv, later, { processes: 1 })).undeliverable).toBe(0);
      expect((await emailsOf("DS-AUTH-0004"))["patron-receipt"]).toMatchObject({ status: "pending", failure: "configuration" });

      const fixed = total(await deliverInProcesses(env, new Date(later.getTime() + HOUR), { processes: 2 }));
      expect(fixed.undeliverable).toBe(0);
      const emails = await emailsOf("DS-AUTH-0004");
      for (const kind of ["clinic-request", "patron-receipt"]) expect(emails[kind]).toMatchObject({ status: "sent" });
      expect(smtp.messages.filter((mail) => sentTo(mail, "deepa@example.test"))).toHaveLength(1);
      expect((await health(new Date(later.getTime() + HOUR + 60_000))).checks["mailServer:reached"][0]).toMatchObject({
        status: "pass",
        observedValue: true,
      });
    });
  });
});
