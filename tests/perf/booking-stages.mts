// Where a booking's time goes, outside Next.js: the stages of lib/booking/submit.ts's submitConsultationRequest, each
// called on its own as submit calls it, one booking at a time, on a fresh database (DATABASE_PATH or DATABASE_URL, as
// the server reads them). Run by booking-latency.mts, one child process per engine since the store is one per process;
// prints its figures as JSON. Nothing in lib/ is changed or wrapped: only its exported functions are called and timed.
// Emails go to an SMTP server in this process that keeps them unparsed; parsing them, as the benchmark's test SMTP
// server does, is timed apart.
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const received: Buffer[] = [];
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  closeTimeout: 500,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      received.push(Buffer.concat(chunks));
      callback();
    });
  },
});
await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
process.env.SMTP_URL = `smtp://127.0.0.1:${(sink.server.address() as AddressInfo).port}`;

process.env.BOOKING_LIMIT = "off";
process.env.BOOKING_MIN_SECONDS = "0";
process.env.DATA_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.STAFF_LINK_SECRET ??= randomBytes(32).toString("hex");

const { requestedAppointment } = await import("@/lib/appointments/states");
const { dayTimes, diaryRules, nearestTimes, pickedTimeProblem } = await import("@/lib/booking/free-times");
const { guardBooking } = await import("@/lib/booking/guard");
const { newReference } = await import("@/lib/booking/reference");
const { consultationRequestSchema } = await import("@/lib/booking/schema");
const { bookingValuesFrom } = await import("@/lib/booking/state");
const { submitConsultationRequest } = await import("@/lib/booking/submit");
const { getClinic } = await import("@/lib/clinic");
const { getConfig } = await import("@/lib/config");
const { deliverDue } = await import("@/lib/delivery");
const { freeTimes } = await import("@/lib/diary/slots");
const { addDays, indiaInstant, todayInIndia } = await import("@/lib/india-time");
const { REQUEST_EMAILS } = await import("@/lib/mail/outbox-email");
const { getStore } = await import("@/lib/store");
const { openDatabase } = await import("@/lib/store/database");
const { percentile } = await import("./benchmarks-file.mjs");

const CALLS = Number(process.env.STAGE_CALLS ?? 200);
const WARM_UP = 20;

export interface StageFigure {
  stage: string;
  p50: number;
  p99: number;
}

const now = () => new Date();
const store = await getStore();

/** Free grid times from tomorrow on, one per booking, in order, never the same twice. */
const freeSlots = (() => {
  const rules = diaryRules();
  const today = todayInIndia(now());
  const slots: { date: string; time: string }[] = [];
  for (let offset = 1; offset <= rules.horizonDays; offset++) {
    const date = addDays(today, offset);
    for (const time of freeTimes(rules, { date, holds: [], blocks: [] }, now())) slots.push({ date, time });
  }
  let next = 0;
  const take = () => {
    if (next >= slots.length) throw new Error("the horizon has no free time left for the harness");
    return slots[next++];
  };
  return Object.assign(take, { firstDate: slots[0].date });
})();

function bookingForm(date: string, time?: string): FormData {
  const form = new FormData();
  const fields: Record<string, string> = {
    fullName: "Meera Iyer",
    mobile: "+91 99000 12345",
    email: "meera@example.test",
    mode: "tele",
    preferredDate: date,
    ...(time ? { time } : { timeWindow: "morning" }),
    reason: "Itchy rash on the forearms for two weeks.",
    consent: "yes",
    requestKey: randomUUID(),
    renderedAt: String(Date.now() - 60_000),
    website: "",
  };
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

const durations = new Map<string, number[]>();
let recording = false;

async function timed<T>(stage: string, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await work();
  if (recording) durations.set(stage, [...(durations.get(stage) ?? []), performance.now() - start]);
  return result;
}

function newEntry(form: FormData, at: Date) {
  // Called as submit calls it: the clinic's hours as the second argument (one is ignored by a schema that takes only now).
  const parsed = (consultationRequestSchema as (now: Date, hours: unknown) => ReturnType<typeof consultationRequestSchema>)(at, getClinic().hours).safeParse(
    bookingValuesFrom(form),
  );
  if (!parsed.success) throw new Error(`the harness's form is not valid: ${parsed.error.message}`);
  return parsed.data;
}

/** One accepted booking, stage by stage, in submit's order. */
async function acceptedInStages(): Promise<{ date: string; time: string }> {
  const { date, time } = freeSlots();
  const form = bookingForm(date, time);
  const at = now();
  const request = await timed("validate the answers (zod)", () => newEntry(form, at));
  const problem = await timed("check the time against the day's diary (one read)", () => pickedTimeProblem(store, date, time, at));
  if (problem) throw new Error(`${date} ${time}: ${problem.message}`);
  await timed("guard (BOOKING_LIMIT off: no database)", () => guardBooking(form, null, at));
  const added = await timed("store: one transaction (request, 4 hold rows, 2 emails, audit)", () =>
    store.addRequest(
      {
        reference: newReference(),
        requestKey: form.get("requestKey") as string,
        request,
        receivedAt: at,
        consent: { version: "bench", givenAt: at },
        appointment: requestedAppointment(at, indiaInstant(date, time)),
      },
      REQUEST_EMAILS,
    ),
  );
  if (added === "taken") throw new Error(`${date} ${time} was taken`);
  return { date, time };
}

async function run(): Promise<StageFigure[]> {
  const held: { date: string; time: string }[] = [];
  const database = openDatabase(getConfig().database);
  await sql`CREATE TABLE bench_scratch (id TEXT PRIMARY KEY)`.execute(database.db);
  for (const record of [false, true]) {
    recording = record;
    const calls = record ? CALLS : WARM_UP;
    for (let i = 0; i < calls; i++) held.push(await acceptedInStages());
    for (let i = 0; i < calls; i++) {
      const at = now();
      await timed("store: the same for a window request (no hold rows)", () =>
        store.addRequest(
          {
            reference: newReference(),
            requestKey: randomUUID(),
            request: newEntry(bookingForm(freeSlots.firstDate), at),
            receivedAt: at,
            consent: { version: "bench", givenAt: at },
            appointment: requestedAppointment(at, null),
          },
          REQUEST_EMAILS,
        ),
      );
      await timed("a write transaction of one row, for comparison", () =>
        database.db.transaction().execute((trx) => sql`INSERT INTO bench_scratch (id) VALUES (${randomUUID()})`.execute(trx)),
      );
      await timed("guard's write when BOOKING_LIMIT is on (allowBookingAttempt)", () =>
        store.allowBookingAttempt(`198.51.100.${i % 250}`, at, { requests: 1_000_000, seconds: 600 }),
      );
    }
    // A time another patron holds: found by the check (as most losers are), and refused by the database's key (the
    // loser of a true race), each answered with the nearest free times and the day's times again.
    for (let i = 0; i < calls; i++) {
      const { date, time } = held[(i * 7) % held.length];
      const at = now();
      await timed("taken, found by the check: the check's read", () => pickedTimeProblem(store, date, time, at));
      await timed("taken: nearest free times (one day's read)", () => nearestTimes(store, date, time, at));
      await timed("taken: the day's times again (dayTimes: the 60 days' read)", () => dayTimes(store, date, at));
      const raced = await timed("taken, refused by the database: the failed transaction", () =>
        store.addRequest(
          {
            reference: newReference(),
            requestKey: randomUUID(),
            request: newEntry(bookingForm(date, time), at),
            receivedAt: at,
            consent: { version: "bench", givenAt: at },
            appointment: requestedAppointment(at, indiaInstant(date, time)),
          },
          REQUEST_EMAILS,
        ),
      );
      if (raced !== "taken") throw new Error(`${date} ${time} was not refused`);
    }
    // The emails of the bookings above, untimed, so that each pass below sends one booking's two.
    await deliverDue(now());
    for (let i = 0; i < calls; i++) {
      const { date, time } = freeSlots();
      const state = await timed("whole submitConsultationRequest, accepted", () => submitConsultationRequest(bookingForm(date, time), null, now()));
      if (state.status !== "received") throw new Error(`${date} ${time} was not received`);
      const before = received.length;
      const report = await timed("after the answer: the delivery pass sending its 2 emails (same process)", () => deliverDue(now()));
      if (report.sent !== 2) throw new Error(`the delivery pass sent ${report.sent} emails, not 2`);
      const emails = received.slice(before);
      await timed("the benchmark's test SMTP server parsing those 2 emails (mailparser)", () => Promise.all(emails.map((raw) => simpleParser(raw))));
      const again = await timed("whole submitConsultationRequest, taken", () => submitConsultationRequest(bookingForm(date, time), null, now()));
      if (again.status !== "editing" || !again.errors.time) throw new Error(`${date} ${time} was not refused`);
    }
  }
  await database.close();
  await store.close();
  return [...durations].map(([stage, values]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { stage, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  });
}

const figures = await run();
await new Promise<void>((resolve) => sink.close(() => resolve()));
// The mail transport's pooled connection would keep the process alive; the figures are written out first.
process.stdout.write(`${JSON.stringify(figures)}\n`, () => process.exit(0));
