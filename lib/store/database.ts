// Opens the clinic's database on either engine behind one query builder (Kysely): a SQLite file, the embedded
// default, or PostgreSQL for several servers. Everything the engines do differently at the connection is here.
import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type SqliteDatabase as KyselySqliteDatabase,
  type SqliteDialectConfig,
} from "kysely";
import pg from "pg";
import type { DatabaseTarget } from "../config";
import type { Tables } from "./tables";

export type Engine = DatabaseTarget["engine"];

export interface Database {
  db: Kysely<Tables>;
  engine: Engine;
  /** Where the data is, for messages (describeDatabase). */
  describe: string;
  close(): Promise<void>;
}

/** How long a SQLite connection waits for another process's write before it gives up. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * SQLite write transactions begin IMMEDIATE: they take the write lock at once, so a second process waits for it
 * (busy_timeout) instead of failing when its deferred transaction tries to upgrade to a write.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

/** SQLite does roll back schema changes with the transaction, so migrations run inside one (Kysely assumes not). */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ClinicSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.settings);
  }
  override createAdapter() {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * WAL lets readers and the writer work at once. It is kept in the file, so only a new file needs it set; switching
 * needs the file to itself and SQLite does not wait for that (no busy timeout), so when a second process opens the
 * new file at the same moment, try again for as long as the busy timeout.
 */
function switchToWriteAheadLog(connection: SqliteDatabase.Database): void {
  const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      if (connection.pragma("journal_mode = WAL", { simple: true }) === "wal") return;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error("the SQLite file could not be switched to WAL");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

/**
 * Kysely prepares every query anew; the store asks the same few dozen, so each is prepared once per connection.
 * Measured under `npm run bench:booking`, preparing took about 2 % of the server's time.
 */
function withPreparedStatementCache(connection: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => connection.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        // A bound on what is kept, should queries ever be built with a varying shape.
        if (statements.size >= 500) statements.clear();
        statement = connection.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

function openSqlite(file: string): Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const connection = new SqliteDatabase(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  switchToWriteAheadLog(connection);
  // FULL: a commit is on disk before the patron sees "received".
  connection.pragma("synchronous = FULL");
  connection.pragma("foreign_keys = ON");
  // Erased or re-encrypted values are overwritten in the file, not left in its free space.
  connection.pragma("secure_delete = ON");
  const db = new Kysely<Tables>({ dialect: new ClinicSqliteDialect({ database: withPreparedStatementCache(connection) }) });
  return { db, engine: "sqlite", describe: describeDatabase({ engine: "sqlite", path: file }), close: () => db.destroy() };
}

const INT8 = 20;

function openPostgres(url: string): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A patron waits on the answer: a database that does not answer is an error within seconds, not minutes.
    connectionTimeoutMillis: 5_000,
    // Times are stored as milliseconds in BIGINT columns; they fit a JavaScript number exactly.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server dropped must not take the process down; the next query opens a new one.
  pool.on("error", (error) => console.error(`[store] PostgreSQL connection lost: ${error.message}`));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: "postgres",
    describe: describeDatabase({ engine: "postgres", url }),
    close: () => db.destroy(),
  };
}

/** Where the data is, for messages: the file, or the server and database without user or password. */
export function describeDatabase(target: DatabaseTarget): string {
  if (target.engine === "sqlite") return `the SQLite file ${target.path}`;
  const { hostname, port, pathname } = new URL(target.url);
  return `the PostgreSQL database ${decodeURIComponent(pathname.slice(1)) || "(default)"} on ${hostname}:${port || 5432}`;
}

export function openDatabase(target: DatabaseTarget): Database {
  return target.engine === "postgres" ? openPostgres(target.url) : openSqlite(target.path);
}
