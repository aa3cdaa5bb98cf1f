import type { Kysely } from "kysely";
import { createSecretToken, hashToken } from "~/auth/tokens.server";
import type { Database } from "~/db/schema";

/** As long as the device cookie lives (see device-cookie.server.ts). */
export const DEVICE_REMEMBERED_DAYS = 365;

/** Whether this device token belongs to a browser that signed in to the account with this email before. */
export async function isKnownDevice(db: Kysely<Database>, deviceToken: string | undefined, email: string): Promise<boolean> {
  if (!deviceToken) return false;
  const row = await db
    .selectFrom("known_devices")
    .innerJoin("users", "users.id", "known_devices.user_id")
    .select("known_devices.user_id")
    .where("known_devices.token_hash", "=", hashToken(deviceToken))
    .where("users.email", "=", email)
    .executeTakeFirst();
  return !!row;
}

/**
 * Remembers that this browser signed in to the account, giving it a device
 * token if it has none yet; returns the token for its cookie. Only the
 * token's hash is stored.
 */
export async function rememberDevice(db: Kysely<Database>, userId: string, deviceToken: string | undefined, now: Date): Promise<string> {
  const token = deviceToken ?? createSecretToken().token;
  const at = now.toISOString();
  // A browser unused for longer than its cookie lives is no one's any more.
  await db
    .deleteFrom("known_devices")
    .where("user_id", "=", userId)
    .where("last_sign_in_at", "<", new Date(now.getTime() - DEVICE_REMEMBERED_DAYS * 86_400_000).toISOString())
    .execute();
  await db
    .insertInto("known_devices")
    .values({ token_hash: hashToken(token), user_id: userId, created_at: at, last_sign_in_at: at })
    .onConflict((oc) => oc.columns(["token_hash", "user_id"]).doUpdateSet({ last_sign_in_at: at }))
    .execute();
  return token;
}

/**
 * Forgets every browser the account signed in on but this one: after a new
 * password, a device someone else once signed in on must not keep its head
 * start for guessing the new one.
 */
export async function forgetOtherDevices(db: Kysely<Database>, userId: string, keepDeviceToken: string | undefined): Promise<void> {
  let query = db.deleteFrom("known_devices").where("user_id", "=", userId);
  if (keepDeviceToken) query = query.where("token_hash", "!=", hashToken(keepDeviceToken));
  await query.execute();
}
