// The evening-before reminders and the clinic's morning agenda, through the real delivery pass of two server processes
// run at the same injected instants, on a SQLite file and on PostgreSQL, to a real SMTP server: each is sent exactly
// once, at its time, listing what it should; none for an appointment cancelled, none for one confirmed after 18:00 on
// the evening before, and no agenda on a Sunday. One story per engine, its steps in order: Thursday 26 Nov 2026 to
// Sunday 29 Nov, in India time. Last, a reminder the mail server refuses at 18:00 is tried again, not given up.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AppointmentChange } from "@/lib/appointments/states";
import type { ConsultationRequest } from "@/lib/booking/schema";
import type { DatabaseTarget } from "@/lib/config";
import type { DeliveryReport } from "@/lib/delivery";
import { indiaInstant } from "@/lib/india-time";
import { agendaEmailId } from "@/lib/appointments/schedule";
import { REQUEST_EMAILS } from "@/lib/mail/outbox-email";
import { openStore } from "@/lib/store";
import type { ClinicStore } from "@/lib/store/clinic-store";
import { changeInProcess, deliverInProcesses, NO_DELIVERY as ZERO, total, type ChangeOrder } from "../support/delivery-pass-worker";
import { createDatabaseAt } from "../support/postgres";
import { freePort } from "../support/site";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

const ENGINES = [
  {
    name: "a SQLite file",
    newTarget: async (): Promise<DatabaseTarget> => ({
      engine: "sqlite",
      path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-reminders-")), "clinic.db"),
    }),
  },
  {
    name: "PostgreSQL",
    newTarget: async (): Promise<DatabaseTarget> => ({ engine: "postgres", url: await createDatabaseAt(inject("postgresUrl")) }),
  },
];

/** The instant it is `time` on `date` in India. */
const ist = indiaInstant;

function patron(fullName: string, email: string, mode: ConsultationRequest["mode"]): ConsultationRequest {
  return {
    fullName,
    mobile: "+919900012345",
    email,
    mode,
    preferredDate: "2026-11-28",
    timeWindow: "morning",
    reason: "Itchy rash on the forearms for two weeks.",
    consent: "yes",
  };
}

// Stored in this order, under references that sort in neither the order of storing nor of the appointments' times.
const REQUESTS: Record<string, ConsultationRequest> = {
  // Saturday 28 Nov, 11:30: reminded on Friday at 18:00.
  "DS-SAT1-1130": patron("Asha Rao", "asha@example.test", "tele"),
  // Saturday 28 Nov, 10:00, cancelled by the patron on Thursday.
  "DS-SAT2-1000": patron("Bhavna Kulkarni", "bhavna@example.test", "video"),
  // Monday 30 Nov, 15:00: reminded on Sunday at 18:00.
  "DS-MON1-1500": patron("Chetan Gowda", "chetan@example.test", "tele"),
  // Saturday 28 Nov, 10:30, confirmed on Friday at 19:00, after the reminders went: none for it.
  "DS-SAT3-1030": patron("Farhan Sheikh", "farhan@example.test", "video"),
};

const confirm = (date: string, time: string): AppointmentChange => ({ type: "confirm", startsAt: ist(date, time), by: "staff" });


const isReminder = (mail: ParsedMail) => mail.subject?.startsWith("Reminder") ?? false;
const isAgenda = (mail: ParsedMail) => mail.subject?.startsWith("Today's consultations") ?? false;
const recipient = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0].address;

/** The environment a server on `target` sending through `smtpUrl` would have. */
function serverEnv(target: DatabaseTarget, smtpUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: target.engine === "postgres" ? target.url : "",
    DATABASE_PATH: target.engine === "sqlite" ? target.path : "",
    SMTP_URL: smtpUrl,
    CLINIC_INBOX: "clinic-inbox@example.test",
    MAIL_FROM: "Clinic website <website@example.test>",
    SITE_URL: "https://clinic.example.test",
    STAFF_LINK_SECRET: "reminders-and-agenda-test-secret-0123456789abcdef",
    VIDEO_LINK: "https://meet.example.test/{reference}",
    DELIVERY_RETRY_SECONDS: "1",
    DELIVERY_LEASE_SECONDS: "120",
    DELIVERY_LOOP: "off",
  };
}

// The two engines' stories run side by side (most of each is waiting for worker processes); each in its own order.
describe.concurrent.each(ENGINES)("reminders and the day's agenda sent by two server processes on $name", ({ newTarget }) => {
  let target: DatabaseTarget;
  let store: ClinicStore;
  let smtp: TestSmtpServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    target = await newTarget();
    ({ store } = await openStore(target));
    smtp = await startSmtpServer({ agendasApart: false });
    env = serverEnv(target, smtp.url);
  });

  afterAll(async () => {
    await store?.close();
    await smtp?.close();
    if (target?.engine === "sqlite") fs.rmSync(path.dirname(target.path), { recursive: true, force: true });
  });

  /**
   * Both processes' delivery passes at `at`, two each, all at once: what they did together, and the emails that
   * reached the SMTP server meanwhile (each pass waits for the server to accept what it sends).
   */
  async function deliverAt(at: Date) {
    const before = smtp.messages.length;
    const reports = await deliverInProcesses(env, at, { processes: 2, passes: 2 });
    return { report: total(reports), mail: smtp.messages.slice(before) };
  }

  /** Every email the outbox holds, whatever its state. */
  const outboxIds = async () => (await store.listEmails(["pending", "sent", "undeliverable"])).map(({ id }) => id);

  // Each step starts worker processes (through tsx), which take seconds each on a machine busy with other runs: a
  // step that takes 10 s alone went past 30 s there.
  describe("from Thursday 26 to Sunday 29 Nov 2026", { concurrent: false, timeout: 60_000 }, () => {
    it("on Thursday 26 Nov, stores the requests and makes the changes: three confirmed, one of them then cancelled", async () => {
      for (const [reference, request] of Object.entries(REQUESTS)) {
        const requestKey = `key-${reference}`;
        const receivedAt = ist("2026-11-26", "09:00");
        await store.addRequest({ reference, requestKey, request, receivedAt, consent: { version: "1", givenAt: receivedAt } }, REQUEST_EMAILS);
      }
      const changes: ChangeOrder[] = [
        { reference: "DS-SAT1-1130", change: confirm("2026-11-28", "11:30"), expectedSequence: 0, at: ist("2026-11-26", "10:00") },
        { reference: "DS-SAT2-1000", change: confirm("2026-11-28", "10:00"), expectedSequence: 0, at: ist("2026-11-26", "10:01") },
        { reference: "DS-MON1-1500", change: confirm("2026-11-30", "15:00"), expectedSequence: 0, at: ist("2026-11-26", "10:02") },
        {
          reference: "DS-SAT2-1000",
          change: { type: "cancel", message: null, by: "patron" },
          expectedSequence: 1,
          at: ist("2026-11-26", "10:10"),
        },
      ];
      expect(await changeInProcess(env, changes)).toEqual([
        { status: "changed", state: "confirmed", sequence: 1 },
        { status: "changed", state: "confirmed", sequence: 1 },
        { status: "changed", state: "confirmed", sequence: 1 },
        { status: "changed", state: "cancelled", sequence: 2 },
      ]);

      const reminders = (await store.listEmails(["pending"])).filter((email) => email.kind === "patron-reminder");
      expect(reminders.map(({ id, dueAt }) => [id, dueAt])).toEqual([
        ["DS-SAT1-1130/patron-reminder/2026-11-28", ist("2026-11-27", "18:00")],
        ["DS-MON1-1500/patron-reminder/2026-11-30", ist("2026-11-29", "18:00")],
      ]);
    });

    it("sends the requests' and the changes' emails once, with Thursday's agenda (empty), and no reminder", async () => {
      const { report, mail } = await deliverAt(ist("2026-11-26", "10:15"));
      // 4 requests × 2, 3 confirmations × 2, 1 cancellation × 2, and the agenda of the day.
      expect(report).toEqual({ ...ZERO, sent: 17 });
      expect(mail).toHaveLength(17);
      expect(new Set(mail.map((m) => m.messageId)).size).toBe(17);
      expect(mail.filter(isReminder)).toEqual([]);
      expect(mail.filter(isAgenda).map((m) => m.subject)).toEqual(["Today's consultations, Thursday, 26 Nov 2026: 0 consultations"]);
    });

    it("sends no reminder at 17:59 on Friday, the evening before: only Friday's agenda, once", async () => {
      const { report, mail } = await deliverAt(ist("2026-11-27", "17:59"));
      expect(report).toEqual({ ...ZERO, sent: 1 });
      expect(mail.map((m) => m.subject)).toEqual(["Today's consultations, Friday, 27 Nov 2026: 0 consultations"]);
    });

    it("sends the Saturday appointment's reminder once at 18:00, between two processes, and not again at 18:05", async () => {
      const at18 = await deliverAt(ist("2026-11-27", "18:00"));
      expect(at18.report).toEqual({ ...ZERO, sent: 1 });
      expect(at18.mail.map((m) => m.subject)).toEqual([
        "Reminder: your tele (phone) consultation tomorrow, Sat 28 Nov 2026, 11:30 AM IST [DS-SAT1-1130]",
      ]);
      expect(recipient(at18.mail[0])).toBe("asha@example.test");
      expect(at18.mail[0].text).toContain("The doctor will call you on +91 99000 12345 at that time.");

      const at1805 = await deliverAt(ist("2026-11-27", "18:05"));
      expect(at1805.report).toEqual(ZERO);
      expect(at1805.mail).toEqual([]);
      // Once in all: none for the cancelled appointment at 10:00.
      expect(smtp.messages.filter(isReminder)).toHaveLength(1);
      expect(smtp.messages.filter((m) => m.subject?.includes("DS-SAT2-1000") && isReminder(m))).toEqual([]);
    });

    it("confirms an appointment at 19:00 on Friday for Saturday without a reminder: it would come as a second email", async () => {
      const late: ChangeOrder = {
        reference: "DS-SAT3-1030",
        change: confirm("2026-11-28", "10:30"),
        expectedSequence: 0,
        at: ist("2026-11-27", "19:00"),
      };
      expect(await changeInProcess(env, [late])).toEqual([{ status: "changed", state: "confirmed", sequence: 1 }]);
      expect((await store.emailsAbout("DS-SAT3-1030")).map((email) => email.kind).sort()).toEqual([
        "clinic-confirmed",
        "clinic-request",
        "patron-confirmed",
        "patron-receipt",
      ]);

      const { report, mail } = await deliverAt(ist("2026-11-27", "19:05"));
      expect(report).toEqual({ ...ZERO, sent: 2 });
      expect(mail.map((m) => m.subject).sort()).toEqual([
        "Confirmed: Video consultation Sat 28 Nov 2026, 10:30 AM IST – Farhan Sheikh [DS-SAT3-1030]",
        "Confirmed: your video consultation on Sat 28 Nov 2026, 10:30 AM IST [DS-SAT3-1030]",
      ]);
      expect(smtp.messages.filter(isReminder)).toHaveLength(1);
    });

    it("sends no agenda at 08:00 on Saturday, before it is due", async () => {
      const { report, mail } = await deliverAt(ist("2026-11-28", "08:00"));
      expect(report).toEqual(ZERO);
      expect(mail).toEqual([]);
      expect(await outboxIds()).not.toContain(agendaEmailId("2026-11-28"));
    });

    it("sends Saturday's agenda once at 08:30, the confirmed consultations in time order, and not again at 09:00", async () => {
      const at0830 = await deliverAt(ist("2026-11-28", "08:30"));
      expect(at0830.report).toEqual({ ...ZERO, sent: 1 });
      expect(at0830.mail.map((m) => m.subject)).toEqual(["Today's consultations, Saturday, 28 Nov 2026: 2 consultations"]);
      const [agenda] = at0830.mail;
      expect(recipient(agenda)).toBe("clinic-inbox@example.test");
      const text = agenda.text ?? "";
      const farhan = text.indexOf("10:30 AM · Video · Farhan Sheikh · +919900012345 · DS-SAT3-1030");
      const asha = text.indexOf("11:30 AM · Tele (phone) · Asha Rao · +919900012345 · DS-SAT1-1130");
      expect(farhan).toBeGreaterThan(-1);
      expect(asha).toBeGreaterThan(farhan);
      expect(text).toContain("https://meet.example.test/DS-SAT3-1030");
      // Not the cancelled one, nor Monday's.
      expect(text).not.toContain("DS-SAT2-1000");
      expect(text).not.toContain("Bhavna Kulkarni");
      expect(text).not.toContain("DS-MON1-1500");

      const at0900 = await deliverAt(ist("2026-11-28", "09:00"));
      expect(at0900.report).toEqual(ZERO);
      expect(at0900.mail).toEqual([]);
      expect(smtp.messages.filter((m) => m.subject?.startsWith("Today's consultations, Saturday"))).toHaveLength(1);
      expect(await store.listEmails(["pending", "sent", "undeliverable"])).toContainEqual(
        expect.objectContaining({ id: "agenda/2026-11-28", status: "sent", dueAt: ist("2026-11-28", "08:30") }),
      );
    });

    it("sends no agenda on Sunday 29 Nov, and the Monday appointment's reminder once at 18:00", async () => {
      const morning = await deliverAt(ist("2026-11-29", "08:30"));
      expect(morning.report).toEqual(ZERO);
      expect(morning.mail).toEqual([]);
      expect(await outboxIds()).not.toContain(agendaEmailId("2026-11-29"));

      const evening = await deliverAt(ist("2026-11-29", "18:00"));
      expect(evening.report).toEqual({ ...ZERO, sent: 1 });
      expect(evening.mail.map((m) => m.subject)).toEqual([
        "Reminder: your tele (phone) consultation tomorrow, Mon 30 Nov 2026, 3:00 PM IST [DS-MON1-1500]",
      ]);
      expect(recipient(evening.mail[0])).toBe("chetan@example.test");

      // Over the four days: two reminders and three agendas, each once; nothing else pending.
      expect(smtp.messages.filter(isReminder)).toHaveLength(2);
      expect(smtp.messages.filter(isAgenda)).toHaveLength(3);
      expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(smtp.messages.length);
      expect(await store.listEmails(["pending", "undeliverable"])).toEqual([]);
    });
  });
});

// A reminder is written when the appointment is confirmed, often days before it is due; a mail server that fails at
// 18:00 should cost it one retry, as it does any email, not the reminder itself.
const REFUSED_REMINDER = "a reminder the mail server refuses at 18:00, for an appointment confirmed a week ahead, on a SQLite file";
// Alongside the two stories above.
describe(REFUSED_REMINDER, { concurrent: true }, () => {
  let target: DatabaseTarget;
  let store: ClinicStore;
  let smtp: TestSmtpServer;
  let env: NodeJS.ProcessEnv;
  let refused: DeliveryReport;
  const REMINDER = "DS-WEEK-1130/patron-reminder/2026-11-28";

  beforeAll(async () => {
    target = await ENGINES[0].newTarget();
    ({ store } = await openStore(target));
    smtp = await startSmtpServer({ agendasApart: false });
    env = serverEnv(target, smtp.url);
    const request = patron("Asha Rao", "asha@example.test", "tele");
    const receivedAt = ist("2026-11-20", "09:00");
    const consent = { version: "1", givenAt: receivedAt };
    await store.addRequest({ reference: "DS-WEEK-1130", requestKey: "key-week", request, receivedAt, consent }, REQUEST_EMAILS);
    const week: ChangeOrder = {
      reference: "DS-WEEK-1130",
      change: confirm("2026-11-28", "11:30"),
      expectedSequence: 0,
      at: ist("2026-11-20", "10:00"),
    };
    expect(await changeInProcess(env, [week])).toEqual([{ status: "changed", state: "confirmed", sequence: 1 }]);
    // The request's and the confirmation's emails, and Friday 20 Nov's agenda.
    expect(total(await deliverInProcesses(env, ist("2026-11-20", "10:05"), { processes: 1 }))).toEqual({ ...ZERO, sent: 5 });

    // At 18:00 on the 27th nothing listens where the mail server was.
    const refusing = serverEnv(target, `smtp://127.0.0.1:${await freePort()}`);
    refused = total(await deliverInProcesses(refusing, ist("2026-11-27", "18:00"), { processes: 1 }));
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await smtp?.close();
    if (target?.engine === "sqlite") fs.rmSync(path.dirname(target.path), { recursive: true, force: true });
  });

  describe("at 18:00 on the evening before, then when the mail server is back", { concurrent: false }, () => {
    it("tries the reminder at 18:00 and sends nothing", async () => {
      expect(refused.sent).toBe(0);
      expect(refused.failed + refused.undeliverable).toBe(2);
      expect((await store.listEmails(["pending"])).map(({ id }) => id)).toContain(agendaEmailId("2026-11-27"));
      expect(smtp.messages.filter(isReminder)).toEqual([]);
    });

    // Retries give up three days after an email is first due, not after it was written: here seven days before.
    it("keeps the reminder to try again, and sends it once the mail server is back", async () => {
      expect(refused).toEqual({ ...ZERO, failed: 2 });
      expect((await store.listEmails(["pending", "sent", "undeliverable"])).find(({ id }) => id === REMINDER)).toMatchObject({
        status: "pending",
        attempts: 1,
      });
      const back = total(await deliverInProcesses(env, ist("2026-11-27", "18:05"), { processes: 2 }));
      expect(back).toEqual({ ...ZERO, sent: 2 });
      expect(smtp.messages.filter(isReminder)).toHaveLength(1);
    });
  });
});
