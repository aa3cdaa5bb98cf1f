/**
 * `npm run db:backup -- <file>`: a consistent copy of the live database
 * (DATABASE_PATH), taken while the server runs and keeps writing.
 *
 * SQLite's online backup copies every page of the database inside one read
 * transaction, so the copy is the database as it was at one instant: every
 * transaction committed before that instant, none after, never half of one.
 * In WAL mode a reader does not block writers: the server goes on answering
 * while the copy is made. The copy is written next to the target under a
 * temporary name, switched to a self-contained file (no -wal beside it),
 * checked with `PRAGMA integrity_check`, and only then renamed to <file>: a
 * file at that name is always a complete, checked backup. An existing file
 * is never overwritten. How to restore: README.md, "Backups".
 */
import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import SQLite from "better-sqlite3";
import { getConfig } from "../app/config.server";
import { preparePrivateDatabaseFile } from "../app/db.server";

export interface BackupSummary {
  file: string;
  bytes: number;
  pages: number;
  seconds: number;
  rows: Record<string, number>;
}

/** Tables whose row counts the summary shows, so that a person can see the copy holds what they expect. */
const COUNTED = ["organizations", "users", "quiz_attempts", "reflections", "completion_records"];

export async function backupDatabase(source: string, target: string): Promise<BackupSummary> {
  const file = resolve(target);
  if (existsSync(file)) throw new Error(`${target} already exists: choose a new name (backups are never overwritten).`);
  if (!existsSync(dirname(file))) throw new Error(`The folder ${dirname(target)} does not exist.`);
  if (!existsSync(source)) throw new Error(`There is no database at ${source} (DATABASE_PATH).`);

  const started = performance.now();
  const partial = `${file}.partial-${process.pid}`;
  // A backup holds everything the database does: readable by this user only.
  preparePrivateDatabaseFile(partial);
  const live = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    live.pragma("busy_timeout = 5000");
    // All pages in one step: one read transaction, one instant. (Smaller steps would let the
    // server's writes restart the copy, again and again under steady load.)
    await live.backup(partial, { progress: () => 0x7fffffff });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    live.close();
  }

  const copy = new SQLite(partial, { fileMustExist: true });
  let summary: Omit<BackupSummary, "seconds" | "file" | "bytes">;
  try {
    // The copy carries the live file's WAL flag; a backup is better as one file that needs nothing beside it.
    copy.pragma("journal_mode = DELETE");
    const integrity = copy.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new Error(`The copy failed its integrity check: ${String(integrity)}`);
    const tables = new Set((copy.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]));
    const rows: Record<string, number> = {};
    for (const table of COUNTED.filter((t) => tables.has(t))) rows[table] = copy.prepare(`select count(*) from "${table}"`).pluck().get() as number;
    summary = { pages: copy.pragma("page_count", { simple: true }) as number, rows };
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
  copy.close();
  renameSync(partial, file);
  return { file, bytes: statSync(file).size, seconds: (performance.now() - started) / 1000, ...summary };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (!target || process.argv.length > 3) {
    console.error("Usage: npm run db:backup -- <file>   (copies DATABASE_PATH, default ./data/app.db, to a new file)");
    process.exit(2);
  }
  const source = getConfig().DATABASE_PATH;
  try {
    const summary = await backupDatabase(source, target);
    console.log(
      `Backed up ${source} to ${summary.file} in ${summary.seconds.toFixed(1)} s: ${(summary.bytes / 1_048_576).toFixed(1)} MB, ` +
        `integrity check ok, ${Object.entries(summary.rows)
          .map(([table, count]) => `${count.toLocaleString("en")} ${table.replace(/_/g, " ")}`)
          .join(", ")}.`,
    );
  } catch (error) {
    console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
