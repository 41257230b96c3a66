// The database as someone holding it would read it, past the store and without its keys: its rows (with psql on
// PostgreSQL, with better-sqlite3 on a SQLite file) and a SQLite file's bytes, for tests that no patron detail is
// there in clear. Also a statement run past the store, as someone with write access could.
import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import type { DatabaseTarget } from "@/lib/config";
import { psql } from "./postgres";

/** Every row of a table as the engine holds it, read past the store: what someone with the database would see. */
export function rawRows(target: DatabaseTarget, table: string): Record<string, unknown>[] {
  if (target.engine === "postgres") {
    const lines = psql(target.url, `SELECT row_to_json(t) FROM "${table}" t`);
    return lines === "" ? [] : lines.split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  const db = new SqliteDatabase(target.path, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

export function tableNames(target: DatabaseTarget): string[] {
  if (target.engine === "postgres") {
    return psql(target.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").split("\n");
  }
  const db = new SqliteDatabase(target.path, { readonly: true });
  try {
    return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/**
 * What someone holding the database reads of it without the key: every table's rows as text (with psql, on
 * PostgreSQL), and on SQLite the bytes of the file and of its write-ahead log, which holds the latest pages until a
 * checkpoint writes them back.
 */
export function readPastTheStore(target: DatabaseTarget): { where: string; content: Buffer }[] {
  if (target.engine === "postgres") {
    return tableNames(target).map((table) => ({
      where: `${table} (psql)`,
      content: Buffer.from(psql(target.url, `SELECT t::text FROM "${table}" t`)),
    }));
  }
  const rows = { where: "rows", content: Buffer.from(JSON.stringify(tableNames(target).map((table) => rawRows(target, table)))) };
  const files = [target.path, `${target.path}-wal`]
    .filter((file) => fs.existsSync(file))
    .map((file) => ({ where: path.basename(file), content: fs.readFileSync(file) }));
  return [rows, ...files];
}

/** The places past the store that hold any of `texts` in clear, with those they hold: none, when all is well. */
export function heldInClear(target: DatabaseTarget, texts: string[]): { where: string; found: string[] }[] {
  return readPastTheStore(target)
    .map(({ where, content }) => ({ where, found: texts.filter((text) => content.includes(text)) }))
    .filter(({ found }) => found.length > 0);
}

/** Runs one SQL statement past the store, as someone with write access to the database could. */
export function executePastTheStore(target: DatabaseTarget, statement: string): void {
  if (target.engine === "postgres") {
    psql(target.url, statement);
    return;
  }
  const db = new SqliteDatabase(target.path);
  try {
    db.exec(statement);
  } finally {
    db.close();
  }
}

/** Every encrypted value the database holds (the patron's details, staff messages, emails' records), read past the store. */
export function encryptedValues(target: DatabaseTarget): string[] {
  const requests = rawRows(target, "consultation_requests").flatMap((row) => [row.patron_details, row.staff_message]);
  const emails = rawRows(target, "outbox").map((row) => row.details);
  return [...requests, ...emails].filter((value): value is string => typeof value === "string");
}
