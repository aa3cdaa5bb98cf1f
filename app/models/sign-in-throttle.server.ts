import { getDb } from "~/db.server";

export const SIGN_IN_FAILURE_LIMIT = 10;
export const SIGN_IN_WINDOW_MINUTES = 15;

function keysFor(email: string, address: string): string[] {
  return [`account:${email.toLowerCase()}`, `address:${address}`];
}

function windowStart(now: Date): string {
  return new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000).toISOString();
}

/**
 * True when the account or the address has failed too often lately. Counts
 * live in the database so that every server process sees the same numbers.
 */
export async function isSignInThrottled(email: string, address: string, now = new Date()): Promise<boolean> {
  const rows = await getDb()
    .selectFrom("sign_in_failures")
    .select(["key", (eb) => eb.fn.countAll<number>().as("failures")])
    .where("key", "in", keysFor(email, address))
    .where("at", ">", windowStart(now))
    .groupBy("key")
    .execute();
  return rows.some((row) => Number(row.failures) >= SIGN_IN_FAILURE_LIMIT);
}

export async function recordSignInFailure(email: string, address: string, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await getDb()
    .insertInto("sign_in_failures")
    .values(keysFor(email, address).map((key) => ({ key, at })))
    .execute();
  await getDb().deleteFrom("sign_in_failures").where("at", "<=", windowStart(now)).execute();
}

/** A successful sign-in forgives the account's failures (not the address's). */
export async function clearAccountSignInFailures(email: string): Promise<void> {
  await getDb()
    .deleteFrom("sign_in_failures")
    .where("key", "=", `account:${email.toLowerCase()}`)
    .execute();
}
