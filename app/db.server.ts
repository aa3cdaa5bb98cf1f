import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type Transaction,
} from "kysely";
import { getConfig } from "~/config.server";
import type { Database } from "~/db/schema";

export type { Database } from "~/db/schema";

/** Where a query runs: the database itself, or the transaction of a write in progress. */
export type Db = Kysely<Database> | Transaction<Database>;

/**
 * Opens the SQLite file with the settings every connection needs. This is the
 * only SQLite-specific code; everything else goes through Kysely so that a
 * PostgreSQL dialect can replace this function.
 */
export function openDatabase(path: string): Kysely<Database> {
  if (path !== ":memory:") preparePrivateDatabaseFile(path);
  const sqlite = new SQLite(path);
  // Deleted means deleted: freed pages are overwritten with zeros, so the
  // text of a deleted reflection does not linger in the file (issue 12).
  sqlite.pragma("secure_delete = ON");
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Database>({ dialect: new AppSqliteDialect({ database: withStatementCache(sqlite) }) });
}

/**
 * Makes the database file readable by this user only, before SQLite opens
 * it: a folder it has to create is made 0700 and the file 0600, and SQLite
 * gives its -wal and -shm files the database file's permissions. An
 * existing folder keeps its own (it may be shared, like /tmp); an existing
 * file we own is narrowed to 0600.
 */
export function preparePrivateDatabaseFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600);
    } catch {
      // Missing, or another user's file: SQLite reports what matters when it opens it.
    }
  }
}

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE), not at
 * their first write. With several server processes on one WAL file, a
 * transaction that reads, then writes after another process has committed,
 * would otherwise fail at once with SQLITE_BUSY_SNAPSHOT, without waiting.
 * Beginning immediately makes it wait its turn (busy_timeout) instead.
 */
class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class AppSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.settings);
  }
}

/** Distinct SQL texts whose compiled statements are kept per connection. */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles the SQL
 * again on every prepare(). This keeps the compiled statement of each
 * distinct SQL text (parameters are bound per run), the most recently used
 * first, so a query the app has run before skips compiling: about 20-30 µs
 * per query (docs/decisions/018-performance.md). Safe because Kysely runs
 * one query at a time on the connection and binds all parameters each time.
 */
export function withStatementCache(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= size) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement as ReturnType<SqliteDatabase["prepare"]>;
    },
  };
}

let instance: Kysely<Database> | undefined;

/** The process-wide database, opened on first use at DATABASE_PATH. */
export function getDb(): Kysely<Database> {
  instance ??= openDatabase(getConfig().DATABASE_PATH);
  return instance;
}

export async function closeDb(): Promise<void> {
  if (!instance) return;
  const closing = instance;
  instance = undefined;
  await closing.destroy();
}
