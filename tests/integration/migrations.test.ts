// Upgrading a database in place: one written by release 944b267 (the last before migrations) keeps every request and
// sends each email still owed exactly once; and servers starting at once on an empty database migrate it once.
import { requestedAppointment } from "@/lib/appointments/states";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import type { ConsultationRequest } from "@/lib/booking/schema";
import type { DatabaseTarget } from "@/lib/config";
import { dataKey, keyIdOf } from "@/lib/privacy/encryption";
import { openStore } from "@/lib/store";
import type { ClinicStore, OutboxEmail } from "@/lib/store/clinic-store";
import { openDatabase } from "@/lib/store/database";
import { clinicMigrations, MIGRATION_NAMES } from "@/lib/store/migrations";
import { migrateWorkerReference, runStoreWorkers } from "../support/claim-emails-worker";
import { encryptedValues, heldInClear } from "../support/past-the-store";
import { createDatabaseAt, psql } from "../support/postgres";

const FIXTURE = path.join(import.meta.dirname, "../fixtures/release-944b267/clinic.db");
const ALL_MIGRATIONS = MIGRATION_NAMES;
const LEASE_MS = 5 * 60 * 1000;

const newSqlitePath = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clinic-migrations-")), "clinic.db");

/** The migrations the database records as run, read past the store. */
function migrationsRun(target: DatabaseTarget): string[] {
  if (target.engine === "postgres") return psql(target.url, "SELECT name FROM kysely_migration ORDER BY name").split("\n");
  const db = new SqliteDatabase(target.path, { readonly: true });
  try {
    return db.prepare("SELECT name FROM kysely_migration ORDER BY name").pluck().all() as string[];
  } finally {
    db.close();
  }
}

interface Release944b267Request {
  reference: string;
  request_key: string;
  request_json: string | null;
  received_at: number;
  erased_at: number | null;
}

const utc = (iso: string) => new Date(`${iso}Z`);

/** The patron's details a request holds, as someone reading the database would look for them. */
const detailsOf = ({ fullName, mobile, email, reason }: ConsultationRequest) => [fullName, mobile, email, reason];

describe("a database written by release 944b267, upgraded in place", () => {
  let file: string;
  let before: Release944b267Request[];
  let store: ClinicStore;
  let migrated: string[];

  beforeEach(async () => {
    // A copy: opening the file writes next to it (-wal, -shm), and the upgrade changes it.
    file = newSqlitePath();
    fs.copyFileSync(FIXTURE, file);
    const old = new SqliteDatabase(file, { readonly: true });
    before = old.prepare("SELECT * FROM consultation_requests ORDER BY reference").all() as Release944b267Request[];
    old.close();
    ({ store, migrated } = await openStore({ engine: "sqlite", path: file }));
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  const waiting = (emails: OutboxEmail[]) =>
    emails.map(({ id, recipient, attempts, dueAt, lastError }) => ({ id, recipient, attempts, dueAt: dueAt.toISOString(), lastError }));

  it("runs every migration on it", () => {
    expect(migrated).toEqual(ALL_MIGRATIONS);
  });

  it("keeps every request's reference, answers and dates", async () => {
    expect(before.map((row) => row.reference)).toEqual([
      "DS-GAVE-6666",
      "DS-GONE-7777",
      "DS-HALF-3333",
      "DS-PEND-2222",
      "DS-SENT-5555",
      "DS-WAIT-4444",
    ]);
    for (const row of before) {
      expect(await store.findRequest(row.reference)).toEqual({
        reference: row.reference,
        request: row.request_json === null ? null : JSON.parse(row.request_json),
        receivedAt: new Date(row.received_at),
        erasedAt: row.erased_at === null ? null : new Date(row.erased_at),
        // Stored before consent was recorded.
        consent: null,
        language: "en",
        // Every request already stored becomes a requested appointment.
        appointment: requestedAppointment(new Date(row.received_at)),
      });
    }
    expect(await store.findRequest("DS-PEND-2222")).toMatchObject({
      request: { fullName: "Pending Priya", email: "pending.priya@example.test", preferredDate: "2026-11-27" },
      receivedAt: utc("2026-11-25T09:30:00"),
    });
  });

  it("still knows a form posted before the upgrade when it is posted again after it", async () => {
    const again = await store.addRequest(
      {
        reference: "DS-NEW0-0001",
        requestKey: "00000000-0000-4000-8000-000000000001",
        request: JSON.parse(before.find((row) => row.reference === "DS-PEND-2222")!.request_json!),
        receivedAt: utc("2026-11-26T08:00:00"),
        consent: { version: "1", givenAt: utc("2026-11-26T08:00:00"), noticeLanguage: "en" },
        language: "en",
      },
      [{ kind: "clinic-request", recipient: "clinic" }],
    );
    expect(again).toMatchObject({ isNew: false, stored: { reference: "DS-PEND-2222" } });
    expect(await store.emailsAbout("DS-NEW0-0001")).toEqual([]);
  });

  it("makes each email still owed one pending outbox row, with its tries, next due time and last error", async () => {
    expect(waiting(await store.listEmails(["pending"]))).toEqual([
      { id: "DS-PEND-2222/clinic-request", recipient: "clinic", attempts: 0, dueAt: "2026-11-25T09:30:00.000Z", lastError: null },
      { id: "DS-PEND-2222/patron-receipt", recipient: "patron", attempts: 0, dueAt: "2026-11-25T09:30:00.000Z", lastError: null },
      { id: "DS-HALF-3333/patron-receipt", recipient: "patron", attempts: 1, dueAt: "2026-11-25T10:00:00.000Z", lastError: "Connection refused" },
      { id: "DS-WAIT-4444/clinic-request", recipient: "clinic", attempts: 2, dueAt: "2026-11-25T11:00:00.000Z", lastError: "Greeting never received" },
      { id: "DS-WAIT-4444/patron-receipt", recipient: "patron", attempts: 2, dueAt: "2026-11-25T11:00:00.000Z", lastError: "Greeting never received" },
    ]);
  });

  it("keeps the emails already sent as sent, at the times they went", async () => {
    const sent = await store.listEmails(["sent"]);
    expect(sent.map(({ id, sentAt, lastError }) => ({ id, sentAt: sentAt?.toISOString(), lastError }))).toEqual([
      { id: "DS-GONE-7777/clinic-request", sentAt: "2026-11-20T11:00:02.000Z", lastError: null },
      { id: "DS-GONE-7777/patron-receipt", sentAt: "2026-11-20T11:00:03.000Z", lastError: null },
      { id: "DS-SENT-5555/clinic-request", sentAt: "2026-11-24T06:15:02.000Z", lastError: null },
      { id: "DS-SENT-5555/patron-receipt", sentAt: "2026-11-24T06:15:03.000Z", lastError: null },
      { id: "DS-HALF-3333/clinic-request", sentAt: "2026-11-25T09:59:01.000Z", lastError: null },
    ]);
  });

  it("keeps the request it gave up on undeliverable, and the erased request erased", async () => {
    const given = await store.listEmails(["undeliverable"]);
    expect(given.map(({ id, lastError }) => ({ id, lastError }))).toEqual([
      { id: "DS-GAVE-6666/clinic-request", lastError: "Mailbox unavailable" },
      { id: "DS-GAVE-6666/patron-receipt", lastError: "Mailbox unavailable" },
    ]);
    expect(await store.findRequest("DS-GONE-7777")).toEqual({
      reference: "DS-GONE-7777",
      request: null,
      receivedAt: utc("2026-11-20T11:00:00"),
      erasedAt: utc("2026-11-25T12:00:00"),
      consent: null,
      language: "en",
      appointment: requestedAppointment(utc("2026-11-20T11:00:00")),
    });
  });

  it("leaves the request only what it is, now with its appointment: none of the old delivery columns are there", () => {
    const db = new SqliteDatabase(file, { readonly: true });
    try {
      const columns = db.prepare("SELECT name FROM pragma_table_info('consultation_requests')").pluck().all();
      expect(columns).toEqual([
        "reference",
        "request_key",
        "patron_details",
        "received_at",
        "erased_at",
        "state",
        "starts_at",
        "calendar_sequence",
        "state_changed_at",
        "state_changed_by",
        "staff_message",
        "consent_version",
        "consent_given_at",
        "language",
        "consent_notice_language",
      ]);
    } finally {
      db.close();
    }
  });

  it("holds none of the patrons' details in clear once upgraded, in the file or its write-ahead log, and reads each back", async () => {
    const target = { engine: "sqlite" as const, path: file };
    const stored = before.filter((row) => row.request_json !== null);
    const details = stored.flatMap((row) => detailsOf(JSON.parse(row.request_json!) as ConsultationRequest));
    expect(details).toHaveLength(5 * 4);
    // Release 944b267 kept them in clear.
    expect(details.filter((text) => fs.readFileSync(FIXTURE).includes(text))).toEqual(details);

    expect(heldInClear(target, details)).toEqual([]);
    expect(encryptedValues(target).map((value) => value.slice(0, 3))).toEqual(stored.map(() => "v1."));
    for (const row of before) {
      expect((await store.findRequest(row.reference))?.request).toEqual(row.request_json === null ? null : JSON.parse(row.request_json));
    }
    // Closed, the write-ahead log is written back into the file: still nothing in clear there.
    await store.close();
    expect(heldInClear(target, details)).toEqual([]);
    ({ store } = await openStore(target));
    expect((await store.findRequest("DS-PEND-2222"))?.request?.fullName).toBe("Pending Priya");
  });

  it("runs no migration when it is opened again", async () => {
    await store.close();
    ({ store, migrated } = await openStore({ engine: "sqlite", path: file }));
    expect(migrated).toEqual([]);
    expect(migrationsRun({ engine: "sqlite", path: file })).toEqual(ALL_MIGRATIONS);
  });

  it("then delivers exactly the five emails still owed, each at its due time and each once", async () => {
    const ids = (emails: OutboxEmail[]) => emails.map((email) => email.id).sort();
    expect(await store.claimDueEmails(utc("2026-11-25T09:29:59"), LEASE_MS, 100)).toEqual([]);
    const first = await store.claimDueEmails(utc("2026-11-25T10:30:00"), LEASE_MS, 100);
    expect(ids(first)).toEqual(["DS-HALF-3333/patron-receipt", "DS-PEND-2222/clinic-request", "DS-PEND-2222/patron-receipt"]);
    for (const email of first) await store.markEmailSent(email.id, utc("2026-11-25T10:30:01"));
    const second = await store.claimDueEmails(utc("2026-11-25T11:00:00"), LEASE_MS, 100);
    expect(ids(second)).toEqual(["DS-WAIT-4444/clinic-request", "DS-WAIT-4444/patron-receipt"]);
    for (const email of second) await store.markEmailSent(email.id, utc("2026-11-25T11:00:01"));

    expect(await store.claimDueEmails(utc("2026-12-25T00:00:00"), LEASE_MS, 100)).toEqual([]);
    expect(await store.listEmails(["pending"])).toEqual([]);
    expect(await store.listEmails(["sent"])).toHaveLength(10);
  });
});

describe("a database written by release 42c1c42, upgraded in place (migration 006)", () => {
  /** tests/fixtures/release-42c1c42: the data key its clinic.db is encrypted under (made up; key id V1fBikFb). */
  const FIXTURE_DATA_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  const RELEASE_42C1C42 = path.join(import.meta.dirname, "../fixtures/release-42c1c42/clinic.db");
  /** How far apart release 42c1c42 kept confirmed times (CONSULTATION_MINUTES' default). */
  const CONSULTATION_MS = 20 * 60 * 1000;
  /** The fixture's eight requests, as its README lists them: state, time (ms, null for a window) and sequence. */
  const REQUESTS = [
    { reference: "DS-ASKD-2222", state: "requested", startsAt: null, sequence: 0, erased: false },
    { reference: "DS-DATE-3333", state: "confirmed", startsAt: 1799733000000, sequence: 1, erased: false },
    { reference: "DS-SKEW-4444", state: "confirmed", startsAt: 1799820300000, sequence: 1, erased: false },
    { reference: "DS-PRPS-5555", state: "proposed", startsAt: 1799923200000, sequence: 1, erased: false },
    { reference: "DS-NAYS-6666", state: "declined", startsAt: null, sequence: 1, erased: false },
    { reference: "DS-CNCD-7777", state: "cancelled", startsAt: 1799989800000, sequence: 2, erased: false },
    { reference: "DS-ERSD-8888", state: "cancelled", startsAt: 1800081000000, sequence: 2, erased: true },
    { reference: "DS-EVNG-9999", state: "requested", startsAt: null, sequence: 0, erased: false },
  ] as const;
  const startOf = (reference: string) => new Date(REQUESTS.find((row) => row.reference === reference)!.startsAt!);
  const heldFrom = (reference: string, state: string) => ({
    reference,
    state,
    startsAt: startOf(reference),
    endsAt: new Date(startOf(reference).getTime() + CONSULTATION_MS),
  });
  const patron: ConsultationRequest = {
    fullName: "Diary Dinesh",
    mobile: "+919800000099",
    email: "diary.dinesh@example.test",
    mode: "tele",
    preferredDate: "2027-01-13",
    timeWindow: "morning",
    reason: "Fixture: asked for a time after the upgrade.",
    consent: "yes",
  };
  const receivedAt = utc("2027-01-10T04:30:00");
  /** A request for `startsAt`, received after the upgrade: it holds that time from the start. */
  const askFor = (reference: string, startsAt: Date) =>
    store.addRequest(
      {
        reference,
        requestKey: `key-${reference}`,
        request: patron,
        receivedAt,
        consent: { version: "1", givenAt: receivedAt, noticeLanguage: "en" },
        language: "en",
        appointment: { ...requestedAppointment(receivedAt), startsAt },
      },
      [{ kind: "clinic-request", recipient: "clinic" }],
    );

  let file: string;
  let store: ClinicStore;
  let migrated: string[];

  beforeEach(async () => {
    // A copy: opening the file writes next to it (-wal, -shm), and the upgrade changes it.
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "release-42c1c42-")), "clinic.db");
    fs.copyFileSync(RELEASE_42C1C42, file);
    ({ store, migrated } = await openStore({ engine: "sqlite", path: file }, [dataKey(FIXTURE_DATA_KEY)], 20));
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it("runs only the migrations after it on it: the diary's and every one since", () => {
    expect(migrated).toEqual(ALL_MIGRATIONS.filter((name) => name >= "006-diary"));
  });

  it("keeps every request in its state, at its time, with its patron's details (or without, once erased)", async () => {
    for (const { reference, state, startsAt, sequence, erased } of REQUESTS) {
      const stored = await store.findRequest(reference);
      expect(stored?.appointment).toMatchObject({ state, startsAt: startsAt === null ? null : new Date(startsAt), sequence });
      expect(stored?.request === null).toBe(erased);
    }
    expect((await store.findRequest("DS-SKEW-4444"))?.request).toMatchObject({ fullName: "Sameer Kewalramani", preferredDate: "2027-01-13" });
  });

  it("makes the confirmed and proposed appointments hold exactly their times, off the grid too, and nothing else hold any", async () => {
    const diary = await store.diaryBetween(utc("2027-01-01T00:00:00"), utc("2027-02-01T00:00:00"));
    expect(diary).toEqual({
      holds: [
        heldFrom("DS-DATE-3333", "confirmed"),
        // 11:35 India time, between the 20-minute grid's 11:20 and 11:40.
        heldFrom("DS-SKEW-4444", "confirmed"),
        heldFrom("DS-PRPS-5555", "proposed"),
      ],
      blocks: [],
    });
    // The requests for a window, the declined, the cancelled and the erased one hold nothing.
    const db = new SqliteDatabase(file, { readonly: true });
    try {
      const holders = db.prepare("SELECT reference, count(*) AS quanta FROM diary_holds GROUP BY reference ORDER BY reference").all();
      expect(holders).toEqual([
        { reference: "DS-DATE-3333", quanta: 4 },
        { reference: "DS-PRPS-5555", quanta: 4 },
        { reference: "DS-SKEW-4444", quanta: 4 },
      ]);
    } finally {
      db.close();
    }
  });

  it("refuses a new request over the off-grid appointment, and takes one starting as it ends", async () => {
    const skewed = startOf("DS-SKEW-4444");
    expect(await askFor("DS-OVER-0001", new Date(skewed.getTime() + 5 * 60 * 1000))).toBe("taken");
    expect(await askFor("DS-OVER-0002", new Date(skewed.getTime() - 15 * 60 * 1000))).toBe("taken");
    expect(await store.findRequest("DS-OVER-0001")).toBeUndefined();
    expect(await store.emailsAbout("DS-OVER-0001")).toEqual([]);
    expect(await askFor("DS-NEXT-0003", new Date(skewed.getTime() + CONSULTATION_MS))).toMatchObject({ isNew: true });
    // The cancelled appointment's time is anyone's.
    expect(await askFor("DS-CNCD-0004", startOf("DS-CNCD-7777"))).toMatchObject({ isNew: true });
  });

  it("still owes the emails it owed: the two reminders, the proposal and the evening request's two", async () => {
    const pending = await store.listEmails(["pending"]);
    expect(pending.map(({ id, dueAt }) => [id, dueAt.toISOString()]).sort()).toEqual([
      ["DS-DATE-3333/patron-reminder/2027-01-12", "2027-01-11T12:30:00.000Z"],
      ["DS-EVNG-9999/clinic-request", "2027-01-09T13:00:00.000Z"],
      ["DS-EVNG-9999/patron-receipt", "2027-01-09T13:00:00.000Z"],
      ["DS-PRPS-5555/patron-proposal/1", "2027-01-07T12:15:00.000Z"],
      ["DS-SKEW-4444/patron-reminder/2027-01-13", "2027-01-12T12:30:00.000Z"],
    ]);
    expect(pending.find(({ id }) => id === "DS-PRPS-5555/patron-proposal/1")?.details).toEqual({
      startsAt: 1799923200000,
      sequence: 1,
      message: null,
      by: "staff",
    });
  });
});

describe.each([
  { name: "an empty SQLite file", newTarget: async (): Promise<DatabaseTarget> => ({ engine: "sqlite", path: newSqlitePath() }) },
  {
    name: "an empty PostgreSQL database",
    newTarget: async (): Promise<DatabaseTarget> => ({ engine: "postgres", url: await createDatabaseAt(inject("postgresUrl")) }),
  },
])("two servers starting at once on $name", ({ newTarget }) => {
  let target: DatabaseTarget;

  beforeEach(async () => {
    target = await newTarget();
  });

  afterEach(() => {
    if (target.engine === "sqlite") fs.rmSync(path.dirname(target.path), { recursive: true, force: true });
  });

  it("migrate it once between them, and both then take requests", async () => {
    const ran = await runStoreWorkers(target, 2, { job: "migrate" });

    // One ran the migrations and the other found them done: each ran once in all, and is recorded once.
    expect(ran.flat().sort()).toEqual(ALL_MIGRATIONS);
    expect(migrationsRun(target)).toEqual(ALL_MIGRATIONS);

    const { store, migrated } = await openStore(target);
    try {
      expect(migrated).toEqual([]);
      for (const worker of [0, 1]) {
        expect(await store.findRequest(migrateWorkerReference(worker))).toMatchObject({ reference: migrateWorkerReference(worker) });
      }
    } finally {
      await store.close();
    }
  });
});

describe.each([
  { name: "a SQLite file", newTarget: async (): Promise<DatabaseTarget> => ({ engine: "sqlite", path: newSqlitePath() }) },
  {
    name: "a PostgreSQL database",
    newTarget: async (): Promise<DatabaseTarget> => ({ engine: "postgres", url: await createDatabaseAt(inject("postgresUrl")) }),
  },
])("migration 005 on $name written before it, with details, staff messages and emails' records in clear", ({ newTarget }) => {
  const key = dataKey(randomBytes(32).toString("base64"));
  const patron: ConsultationRequest = {
    fullName: "Cleartext Kavya",
    mobile: "+919800000042",
    email: "cleartext.kavya@example.test",
    mode: "video",
    preferredDate: "2026-12-04",
    timeWindow: "afternoon",
    reason: "Fixture: eczema flaring on both hands.",
    consent: "yes",
  };
  // Other requests on the same pages: a value rewritten among others leaves its old bytes in the page's free space,
  // unless SQLite overwrites them (secure_delete).
  const others: ConsultationRequest[] = ["Bhargav", "Chitra"].map((name, i) => ({
    ...patron,
    fullName: `Cleartext ${name}`,
    mobile: `+91980000005${i}`,
    email: `cleartext.${name.toLowerCase()}@example.test`,
    reason: `Fixture: ${name}'s itchy scalp.`,
  }));
  const message = "Dr. Sharma has to travel that Friday; please call us for another day.";
  const startsAt = utc("2026-12-04T09:00:00");
  const confirmation = { startsAt: startsAt.getTime(), sequence: 1, message: null, by: "staff" };
  const cancellation = { startsAt: startsAt.getTime(), sequence: 2, message, by: "staff" };
  let target: DatabaseTarget;

  /** The database as release 004 left it: a request confirmed then cancelled by staff, with its emails' records. */
  beforeEach(async () => {
    target = await newTarget();
    const database = openDatabase(target);
    try {
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => clinicMigrations([key], 20) } });
      const { error } = await migrator.migrateTo("004-appointments");
      if (error) throw error;
      const at = utc("2026-12-01T05:00:00").getTime();
      await sql`
        INSERT INTO consultation_requests
          (reference, request_key, request_json, received_at, state, starts_at, calendar_sequence, state_changed_at, state_changed_by, staff_message)
        VALUES ('DS-CLEA-0001', 'key-clear', ${JSON.stringify(patron)}, ${at}, 'cancelled', ${startsAt.getTime()}, 2, ${at}, 'staff', ${message})`.execute(
        database.db,
      );
      for (const [i, other] of others.entries()) {
        await sql`
          INSERT INTO consultation_requests (reference, request_key, request_json, received_at, state_changed_at)
          VALUES (${`DS-CLEA-000${i + 2}`}, ${`key-clear-${i + 2}`}, ${JSON.stringify(other)}, ${at}, ${at})`.execute(database.db);
      }
      const emails = [
        ["DS-CLEA-0001/clinic-confirmed/1", "clinic-confirmed", "clinic", "sent", confirmation],
        ["DS-CLEA-0001/patron-cancelled/2", "patron-cancelled", "patron", "pending", cancellation],
      ] as const;
      for (const [id, kind, recipient, status, details] of emails) {
        await sql`
          INSERT INTO outbox (id, kind, reference, recipient, status, created_at, due_at, details_json)
          VALUES (${id}, ${kind}, 'DS-CLEA-0001', ${recipient}, ${status}, ${at}, ${at}, ${JSON.stringify(details)})`.execute(database.db);
      }
    } finally {
      await database.close();
    }
  });

  afterEach(() => {
    if (target.engine === "sqlite") fs.rmSync(path.dirname(target.path), { recursive: true, force: true });
  });

  it("encrypts every one of them under the key, leaves none in clear, and the store reads them back", async () => {
    const secrets = [...[patron, ...others].flatMap(detailsOf), message];
    // Not a vacuous search: before the upgrade they are there to find.
    expect(heldInClear(target, secrets).flatMap(({ found }) => found)).toEqual(expect.arrayContaining(secrets));

    const { store, migrated } = await openStore(target, [key]);
    try {
      expect(migrated).toEqual(ALL_MIGRATIONS.filter((name) => name >= "005-privacy"));
      expect(heldInClear(target, secrets)).toEqual([]);
      expect(encryptedValues(target).map(keyIdOf)).toEqual([key.id, key.id, key.id, key.id, key.id, key.id]);
      expect(await store.findRequest("DS-CLEA-0001")).toMatchObject({
        request: patron,
        consent: null,
        appointment: { state: "cancelled", startsAt, sequence: 2, message },
      });
      expect((await store.emailsAbout("DS-CLEA-0001")).map(({ id, details }) => [id, details])).toEqual([
        ["DS-CLEA-0001/clinic-confirmed/1", confirmation],
        ["DS-CLEA-0001/patron-cancelled/2", cancellation],
      ]);
      for (const [i, other] of others.entries()) expect((await store.findRequest(`DS-CLEA-000${i + 2}`))?.request).toEqual(other);
    } finally {
      await store.close();
    }
    // On SQLite, closing writes the write-ahead log back into the file: still nothing in clear there.
    expect(heldInClear(target, secrets)).toEqual([]);
  });
});

describe.each([
  { name: "a SQLite file", newTarget: async (): Promise<DatabaseTarget> => ({ engine: "sqlite", path: newSqlitePath() }) },
  {
    name: "a PostgreSQL database",
    newTarget: async (): Promise<DatabaseTarget> => ({ engine: "postgres", url: await createDatabaseAt(inject("postgresUrl")) }),
  },
])("migration 007 on $name with emails given up on before it", ({ newTarget }) => {
  const key = dataKey(randomBytes(32).toString("base64"));
  const triedAt = utc("2026-12-01T05:00:00").getTime();
  const gaveUpAt = utc("2026-12-04T05:00:00").getTime();
  let target: DatabaseTarget;

  /** The database as release 976edba left it: a receipt given up after three days, another still being retried. */
  beforeEach(async () => {
    target = await newTarget();
    const database = openDatabase(target);
    try {
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => clinicMigrations([key], 20) } });
      const { error } = await migrator.migrateTo("006-diary");
      if (error) throw error;
      const rows = [
        ["DS-GAVE-0007/patron-receipt", "undeliverable", 40, gaveUpAt],
        ["DS-TRYS-0007/patron-receipt", "pending", 3, gaveUpAt + 60_000],
      ] as const;
      for (const [id, status, attempts, dueAt] of rows) {
        await sql`
          INSERT INTO outbox (id, kind, reference, recipient, status, created_at, due_at, attempts, last_error)
          VALUES (${id}, 'patron-receipt', ${id.slice(0, 12)}, 'patron', ${status}, ${triedAt}, ${dueAt}, ${attempts}, 'Greeting never received')`.execute(
          database.db,
        );
      }
    } finally {
      await database.close();
    }
  });

  afterEach(() => {
    if (target.engine === "sqlite") fs.rmSync(path.dirname(target.path), { recursive: true, force: true });
  });

  it("counts each given up at its last try, with no kind of failure it cannot know; the one still retried stays so", async () => {
    const { store, migrated } = await openStore(target, [key]);
    try {
      expect(migrated).toEqual(ALL_MIGRATIONS.filter((name) => name >= "007-mail-failures"));
      const byId = Object.fromEntries((await store.listEmails(["pending", "undeliverable"])).map((email) => [email.id, email]));
      expect(byId["DS-GAVE-0007/patron-receipt"]).toMatchObject({ status: "undeliverable", givenUpAt: new Date(gaveUpAt), failure: null });
      expect(byId["DS-TRYS-0007/patron-receipt"]).toMatchObject({ status: "pending", givenUpAt: null, failure: null, attempts: 3 });
      // The health check's count of the last day, and the next agenda, see it.
      expect((await store.deliveryHealth(new Date(gaveUpAt + 1000), new Date(gaveUpAt - 1000))).givenUp).toBe(1);
      expect((await store.emailsGivenUpSinceLastAgenda(new Date(gaveUpAt + 3_600_000))).map((email) => email.id)).toEqual([
        "DS-GAVE-0007/patron-receipt",
      ]);
    } finally {
      await store.close();
    }
  });
});

describe.each([
  { name: "a SQLite file", newTarget: async (): Promise<DatabaseTarget> => ({ engine: "sqlite", path: newSqlitePath() }) },
  {
    name: "a PostgreSQL database",
    newTarget: async (): Promise<DatabaseTarget> => ({ engine: "postgres", url: await createDatabaseAt(inject("postgresUrl")) }),
  },
])("migration 012 on $name with requests made before it", ({ newTarget }) => {
  const key = dataKey(randomBytes(32).toString("base64"));
  const receivedAt = utc("2026-12-01T05:00:00").getTime();
  let target: DatabaseTarget;

  /** The database as migration 011 left it: one request with the consent it recorded, one from before consent. */
  beforeEach(async () => {
    target = await newTarget();
    const database = openDatabase(target);
    try {
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => clinicMigrations([key], 20) } });
      const { error } = await migrator.migrateTo("011-blocked-by");
      if (error) throw error;
      await sql`
        INSERT INTO consultation_requests (reference, request_key, received_at, consent_version, consent_given_at)
        VALUES ('DS-CONS-0009', 'key-consent-0009', ${receivedAt}, '2026-11', ${receivedAt}),
               ('DS-OLDR-0009', 'key-older-00009', ${receivedAt}, NULL, NULL)`.execute(database.db);
    } finally {
      await database.close();
    }
  });

  afterEach(() => {
    if (target.engine === "sqlite") fs.rmSync(path.dirname(target.path), { recursive: true, force: true });
  });

  it("reads them as made in English, the consent given to the English notice; new requests keep their language", async () => {
    const { store, migrated } = await openStore(target, [key]);
    try {
      expect(migrated).toEqual(["012-languages"]);
      const consented = await store.findRequest("DS-CONS-0009");
      expect(consented).toMatchObject({ language: "en", consent: { version: "2026-11", noticeLanguage: "en" } });
      expect(await store.findRequest("DS-OLDR-0009")).toMatchObject({ language: "en", consent: null });
    } finally {
      await store.close();
    }
  });
});
