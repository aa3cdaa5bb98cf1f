import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { getConfig } from "~/config.server";
import type { Database } from "~/db/schema";

export type { Database } from "~/db/schema";

/**
 * Opens the SQLite file with the settings every connection needs. This is the
 * only SQLite-specific code; everything else goes through Kysely so that a
 * PostgreSQL dialect can replace this function.
 */
export function openDatabase(path: string): Kysely<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
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
