// The request store in one SQLite file: WAL with synchronous writes, so a request the patron was told about survives
// a crash, and several site processes on one machine can share the file. Claims are taken inside one immediate
// transaction, so two processes never lease the same request.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { ConsultationRequest } from "../booking/schema";
import type { DeliveryStatus, EmailPart, RequestStore, StoredRequest } from "./request-store";

interface Row {
  reference: string;
  status: DeliveryStatus;
  request_json: string | null;
  received_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  clinic_sent_at: number | null;
  patron_sent_at: number | null;
  sent_at: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS consultation_requests (
  reference       TEXT PRIMARY KEY,
  request_key     TEXT NOT NULL UNIQUE,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'undeliverable')),
  request_json    TEXT,
  received_at     INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until     INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  clinic_sent_at  INTEGER,
  patron_sent_at  INTEGER,
  sent_at         INTEGER,
  erased_at       INTEGER
);
CREATE INDEX IF NOT EXISTS consultation_requests_due ON consultation_requests (status, next_attempt_at);
`;

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

function toStored(row: Row): StoredRequest {
  return {
    reference: row.reference,
    status: row.status,
    request: row.request_json === null ? null : (JSON.parse(row.request_json) as ConsultationRequest),
    receivedAt: new Date(row.received_at),
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    clinicSentAt: date(row.clinic_sent_at),
    patronSentAt: date(row.patron_sent_at),
    sentAt: date(row.sent_at),
  };
}

export function openSqliteStore(file: string): RequestStore {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // FULL: a commit is on disk before the patron sees "received".
  db.pragma("synchronous = FULL");
  // Another process may hold the write lock for a moment: wait for it rather than fail.
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);

  const COLUMNS =
    "reference, status, request_json, received_at, attempts, next_attempt_at, last_error, clinic_sent_at, patron_sent_at, sent_at";
  const byReference = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM consultation_requests WHERE reference = ?`);
  const byKey = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM consultation_requests WHERE request_key = ?`);
  const insert = db.prepare(
    `INSERT INTO consultation_requests (reference, request_key, request_json, received_at, next_attempt_at)
     VALUES (@reference, @requestKey, @requestJson, @receivedAt, @receivedAt)
     ON CONFLICT (request_key) DO NOTHING`,
  );
  const claim = db.prepare<[{ now: number; leaseMs: number; limit: number }], Row>(
    `UPDATE consultation_requests SET lease_until = @now + @leaseMs
     WHERE reference IN (
       SELECT reference FROM consultation_requests
       WHERE status = 'pending' AND next_attempt_at <= @now AND lease_until <= @now
       ORDER BY next_attempt_at LIMIT @limit)
     RETURNING ${COLUMNS}`,
  );
  const emailSent = {
    clinic: db.prepare("UPDATE consultation_requests SET clinic_sent_at = ? WHERE reference = ?"),
    patron: db.prepare("UPDATE consultation_requests SET patron_sent_at = ? WHERE reference = ?"),
  };
  const sent = db.prepare(
    "UPDATE consultation_requests SET status = 'sent', sent_at = ?, lease_until = 0, last_error = NULL WHERE reference = ?",
  );
  const failed = db.prepare(
    `UPDATE consultation_requests SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_until = 0
     WHERE reference = ?`,
  );
  const undeliverable = db.prepare(
    `UPDATE consultation_requests SET status = 'undeliverable', attempts = attempts + 1, last_error = ?, lease_until = 0
     WHERE reference = ?`,
  );
  const retry = db.prepare(
    `UPDATE consultation_requests SET status = 'pending', next_attempt_at = ?, lease_until = 0
     WHERE reference = ? AND status != 'sent' AND request_json IS NOT NULL`,
  );
  const erase = db.prepare(
    `UPDATE consultation_requests SET request_json = NULL, erased_at = ?
     WHERE status = 'sent' AND sent_at < ? AND request_json IS NOT NULL`,
  );

  const claimDue = db.transaction((now: number, leaseMs: number, limit: number) => claim.all({ now, leaseMs, limit }));

  return {
    add({ reference, requestKey, request, receivedAt }) {
      const { changes } = insert.run({
        reference,
        requestKey,
        requestJson: JSON.stringify(request),
        receivedAt: receivedAt.getTime(),
      });
      const row = changes === 1 ? byReference.get(reference) : byKey.get(requestKey);
      return { stored: toStored(row!), isNew: changes === 1 };
    },
    claimDue: (now, leaseMs, limit) => claimDue.immediate(now.getTime(), leaseMs, limit).map(toStored),
    markEmailSent(reference: string, part: EmailPart, at: Date) {
      emailSent[part].run(at.getTime(), reference);
    },
    markSent(reference, at) {
      sent.run(at.getTime(), reference);
    },
    markFailed(reference, error, nextAttemptAt) {
      failed.run(error, nextAttemptAt.getTime(), reference);
    },
    markUndeliverable(reference, error) {
      undeliverable.run(error, reference);
    },
    retryNow: (reference, now) => retry.run(now.getTime(), reference).changes === 1,
    erasePersonalData: (sentBefore) => erase.run(Date.now(), sentBefore.getTime()).changes,
    find(reference) {
      const row = byReference.get(reference);
      return row && toStored(row);
    },
    list(statuses) {
      const marks = statuses.map(() => "?").join(", ");
      return db
        .prepare<string[], Row>(
          `SELECT ${COLUMNS} FROM consultation_requests WHERE status IN (${marks}) ORDER BY received_at`,
        )
        .all(...statuses)
        .map(toStored);
    },
    close: () => db.close(),
  };
}
