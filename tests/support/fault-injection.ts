import { sql } from "kysely";
import { getDb } from "~/db.server";
import type { TableName } from "./row-counts";

export const INJECTED_FAULT = "injected fault";

/**
 * Runs `work` while every INSERT (or UPDATE, DELETE) into `table` fails, as
 * a full disk or a constraint would, then removes the fault. A write of
 * several rows is atomic when such a failure in a later statement leaves
 * no trace of the earlier ones: compare `rowCounts()` before and after.
 */
export async function withFailing<T>(
  table: TableName,
  work: () => Promise<T>,
  options: { event?: "INSERT" | "UPDATE" | "DELETE"; when?: string } = {},
): Promise<T> {
  const event = options.event ?? "INSERT";
  const trigger = sql.id(`inject_fault_${table}_${event.toLowerCase()}`);
  // `when` is test-written SQL over NEW/OLD, e.g. "NEW.module_slug = 'x'": only the second of two rows fails.
  const when = options.when ? sql` WHEN ${sql.raw(options.when)}` : sql``;
  await sql`CREATE TRIGGER ${trigger} BEFORE ${sql.raw(event)} ON ${sql.table(table)}${when} BEGIN SELECT RAISE(ABORT, ${sql.lit(INJECTED_FAULT)}); END`.execute(getDb());
  try {
    return await work();
  } finally {
    await sql`DROP TRIGGER IF EXISTS ${trigger}`.execute(getDb());
  }
}
