// `npm run bench:privacy`: what encrypting patrons' details costs. Encrypting and decrypting one request's answers
// (AES-256-GCM, lib/privacy/encryption.ts); upgrading a database of REQUESTS requests already in clear, each with two
// sent emails and one recorded change, through migration 005 (which encrypts them: the upgrade's downtime); and
// `npm run rekey` re-encrypting all of them under a new key, on SQLite and on PostgreSQL (durable settings). Prints a
// table and writes it into docs/benchmarks.md as the "## Encryption of patrons' details" section.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator } from "kysely/migration";
import type { DatabaseTarget } from "@/lib/config";
import { dataKey, decryptText, encryptText } from "@/lib/privacy/encryption";
import { createClinicStore } from "@/lib/store/clinic-store";
import { openDatabase } from "@/lib/store/database";
import { migrateToLatest } from "@/lib/store/migrate";
import { clinicMigrations } from "@/lib/store/migrations";
import { startPostgres } from "../support/postgres";
import { describeMachine, markdownTable, writeBenchmarkSections } from "./benchmarks-file.mjs";

const REQUESTS = Number(process.env.REQUESTS ?? 10_000);
const ROUNDS = 100_000;

const ANSWERS = JSON.stringify({
  fullName: "Meera Iyer",
  mobile: "+919900012345",
  email: "meera@example.test",
  mode: "tele",
  preferredDate: "2026-12-01",
  timeWindow: "morning",
  reason: "Itchy rash on the forearms for two weeks, worse at night, not better with the cream from the chemist.",
  consent: "yes",
});

function microseconds(work: () => void): number {
  const start = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round++) work();
  return Number(process.hrtime.bigint() - start) / 1000 / ROUNDS;
}

/** A database as release 5f7c3a3 left it (migrations 001 to 004), holding REQUESTS requests in clear. */
async function databaseInClear(target: DatabaseTarget) {
  const database = openDatabase(target);
  const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => clinicMigrations([], 20) } });
  const { error } = await migrator.migrateTo("004-appointments");
  if (error) throw error;
  const db = database.db as unknown as import("kysely").Kysely<Record<string, Record<string, unknown>>>;
  const now = Date.now();
  for (let first = 0; first < REQUESTS; first += 500) {
    const references = Array.from({ length: Math.min(500, REQUESTS - first) }, (_, i) => `DS-BNCH-${String(first + i).padStart(6, "0")}`);
    await db
      .insertInto("consultation_requests")
      .values(references.map((reference) => ({ reference, request_key: `key-${reference}`, request_json: ANSWERS, received_at: now, state_changed_at: now })))
      .execute();
    await db
      .insertInto("outbox")
      .values(
        references.flatMap((reference) =>
          ["clinic-request", "patron-receipt"].map((kind) => ({
            id: `${reference}/${kind}`,
            kind,
            reference,
            recipient: kind.startsWith("clinic") ? "clinic" : "patron",
            status: "sent",
            created_at: now,
            due_at: now,
            sent_at: now,
            details_json: JSON.stringify({ startsAt: now, sequence: 1, message: "Please bring your earlier prescriptions.", by: "staff" }),
          })),
        ),
      )
      .execute();
  }
  return database;
}

async function measureEngine(target: DatabaseTarget): Promise<{ migrate: number; rekey: number }> {
  const oldKey = dataKey(randomBytes(32).toString("base64"));
  const newKey = dataKey(randomBytes(32).toString("base64"));
  const database = await databaseInClear(target);
  let start = performance.now();
  await migrateToLatest(database, [oldKey], 20);
  const migrate = (performance.now() - start) / 1000;
  const store = createClinicStore(database, [newKey, oldKey], 20);
  start = performance.now();
  const { requests } = await store.reencrypt();
  const rekey = (performance.now() - start) / 1000;
  if (requests !== REQUESTS) throw new Error(`re-encrypted ${requests} requests, not ${REQUESTS}`);
  await store.close();
  return { migrate, rekey };
}

const keys = [dataKey(randomBytes(32).toString("base64"))];
const place = "consultation_requests/DS-BNCH-000000/patron_details";
const sealed = encryptText(keys, ANSWERS, place);
const encryptMicros = microseconds(() => encryptText(keys, ANSWERS, place));
const decryptMicros = microseconds(() => decryptText(keys, sealed, place));
console.log(`encrypt ${encryptMicros.toFixed(1)} µs, decrypt ${decryptMicros.toFixed(1)} µs (${ANSWERS.length} characters)`);

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "clinic-privacy-bench-"));
const sqlite = await measureEngine({ engine: "sqlite", path: path.join(folder, "clinic.db") });
fs.rmSync(folder, { recursive: true, force: true });
console.log(`SQLite: migration 005 ${sqlite.migrate.toFixed(2)} s, rekey ${sqlite.rekey.toFixed(2)} s`);
const postgres = await startPostgres({ durable: true });
let pg: { migrate: number; rekey: number };
try {
  pg = await measureEngine({ engine: "postgres", url: await postgres.createDatabase() });
} finally {
  await postgres.stop();
}
console.log(`PostgreSQL: migration 005 ${pg.migrate.toFixed(2)} s, rekey ${pg.rekey.toFixed(2)} s`);

const perSecond = (seconds: number) => Math.round(REQUESTS / seconds).toLocaleString("en");
writeBenchmarkSections(
  [
    "## Encryption of patrons' details",
    "",
    `\`npm run bench:privacy\`. One request's answers (${ANSWERS.length} characters of JSON) take ` +
      `${encryptMicros.toFixed(1)} µs to encrypt and ${decryptMicros.toFixed(1)} µs to decrypt with AES-256-GCM ` +
      "(mean of 100,000): next to a booking's answer time in milliseconds, nothing. Upgrading a database of " +
      `${REQUESTS.toLocaleString("en")} requests stored in clear (each with two sent emails) through migration 005, ` +
      "which encrypts them in one transaction (the upgrade's downtime), and re-encrypting all of them under a new key " +
      "with `npm run rekey` (one row per transaction, while the site runs):",
    "",
    ...markdownTable(
      ["engine", "migration 005 (s)", "requests/s", "npm run rekey (s)", "requests/s"],
      1,
      [
        ["SQLite", sqlite.migrate.toFixed(2), perSecond(sqlite.migrate), sqlite.rekey.toFixed(2), perSecond(sqlite.rekey)],
        ["PostgreSQL (fsync on)", pg.migrate.toFixed(2), perSecond(pg.migrate), pg.rekey.toFixed(2), perSecond(pg.rekey)],
      ],
    ),
    "",
    ...describeMachine([]).map((line) => `- ${line}`),
  ].join("\n"),
);
console.log("Written to docs/benchmarks.md.");
