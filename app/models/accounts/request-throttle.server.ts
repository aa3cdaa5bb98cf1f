import type { Kysely } from "kysely";
import { hashToken } from "~/auth/tokens.server";
import type { Database } from "~/db/schema";

/** Tables of timestamped events by key, counted to slow down repeated requests. */
type ThrottleTable = "sign_in_failures" | "mail_requests";

/**
 * The key an email address or a network address is counted under. Only a
 * truncated hash is stored: the counts need no one's address in the clear.
 */
export function throttleKey(kind: string, value: string): string {
  return `${kind}:${hashToken(value).slice(0, 32)}`;
}

/** The times of a key's events since `since`, oldest first. */
export async function eventTimesSince(db: Kysely<Database>, table: ThrottleTable, key: string, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom(table)
    .select("at")
    .where("key", "=", key)
    .where("at", ">", since.toISOString())
    .orderBy("at")
    .execute();
  return rows.map((row) => new Date(row.at));
}

/**
 * Seconds until fewer than `limit` of these events (oldest first) fall in
 * the window, or 0 when there are fewer already.
 */
export function secondsUntilUnderLimit(times: readonly Date[], limit: number, windowMs: number, now: Date): number {
  if (times.length < limit) return 0;
  const leaving = times[times.length - limit]!;
  return Math.max(1, Math.ceil((leaving.getTime() + windowMs - now.getTime()) / 1000));
}

export async function recordEvents(db: Kysely<Database>, table: ThrottleTable, keys: readonly string[], now: Date): Promise<number[]> {
  const at = now.toISOString();
  const rows = await db
    .insertInto(table)
    .values(keys.map((key) => ({ key, at })))
    .returning("id")
    .execute();
  return rows.map((row) => row.id);
}

export async function forgetEventsBefore(db: Kysely<Database>, table: ThrottleTable, before: Date): Promise<void> {
  await db.deleteFrom(table).where("at", "<=", before.toISOString()).execute();
}

/** "40 seconds", "1 minute", "12 minutes": how long to wait, in words. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}
