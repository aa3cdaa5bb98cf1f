import type { Kysely } from "kysely";
import { describePasswordProblem, hashPassword, verifyAgainstDecoy, verifyPassword } from "~/auth/password.server";
import { storedSessionId } from "~/auth/session-adapter.server";
import { endSessionsExcept } from "~/auth/session.server";
import { generateId } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import type { Database } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { passwordChangedNotice } from "~/models/accounts/account-notice.server";
import { deliverPromptly } from "~/models/mail/mail-delivery.server";
import { queueMail } from "~/models/mail/outbox.server";
import { forgetOtherDevices } from "~/models/accounts/known-device.server";
import { canonicalTimeZone } from "~/time-format";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface PublicUser {
  id: string;
  email: string;
  displayName: string;
}

export async function createUser(input: { email: string; displayName: string; password: string }): Promise<PublicUser> {
  const email = normalizeEmail(input.email);
  const problem = describePasswordProblem(input.password, email);
  if (problem) throw new DomainError(problem, 400, "password");
  return insertUser(getDb(), { email, displayName: input.displayName, passwordHash: await hashPassword(input.password) });
}

const accountExistsMessage =
  "An account with this email address already exists. Sign in with it, or reset its password if you forgot it.";

/**
 * Stores a new account whose password is already hashed (a confirmed
 * sign-up). Two sign-ups for one address at once: the unique index decides.
 */
export async function insertUser(
  db: Kysely<Database>,
  input: { email: string; displayName: string; passwordHash: string },
): Promise<PublicUser> {
  const email = normalizeEmail(input.email);
  const now = new Date().toISOString();
  const user = {
    id: generateId(),
    email,
    display_name: input.displayName.trim(),
    password_hash: input.passwordHash,
    created_at: now,
    updated_at: now,
  };
  try {
    await db.insertInto("users").values(user).execute();
  } catch (error) {
    if (String(error).includes("UNIQUE")) throw new DomainError(accountExistsMessage, 409, "email");
    throw error;
  }
  return { id: user.id, email, displayName: user.display_name };
}

/** The user for this email and password, or null; takes as long either way. */
export async function authenticateUser(email: string, password: string): Promise<PublicUser | null> {
  const row = await getDb()
    .selectFrom("users")
    .select(["id", "email", "display_name", "password_hash"])
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  if (!row) {
    await verifyAgainstDecoy(password);
    return null;
  }
  if (!(await verifyPassword(row.password_hash, password))) return null;
  return { id: row.id, email: row.email, displayName: row.display_name };
}

export async function updateDisplayName(userId: string, displayName: string): Promise<void> {
  await getDb()
    .updateTable("users")
    .set({ display_name: displayName.trim(), updated_at: new Date().toISOString() })
    .where("id", "=", userId)
    .execute();
}

export async function requireCurrentPassword(userId: string, currentPassword: string): Promise<void> {
  const row = await getDb().selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirst();
  if (!row || !(await verifyPassword(row.password_hash, currentPassword))) {
    throw new DomainError("Your current password is not right. Check it and try again.", 400, "currentPassword");
  }
}

/**
 * Changes the password of a signed-in person. Everyone else signed in to the
 * account is signed out and every other browser forgotten (decision 019), in
 * the same transaction; this session stays. The address gets a notice.
 */
export async function changePassword(input: {
  userId: string;
  currentPassword: string;
  newPassword: string;
  sessionId: string;
  deviceToken: string | undefined;
  appOrigin: string;
}): Promise<void> {
  await requireCurrentPassword(input.userId, input.currentPassword);
  await replacePassword({
    userId: input.userId,
    newPassword: input.newPassword,
    field: "newPassword",
    keepSessionIds: [storedSessionId(input.sessionId)],
    deviceToken: input.deviceToken,
    appOrigin: input.appOrigin,
  });
}

/**
 * Sets a new password after checking its strength. `extra` runs last in the
 * same transaction (a reset spends its link there; if it throws, nothing changes). Sessions other than
 * `keepSessionIds` end, and browsers other than this one are forgotten.
 * The address gets a notice, queued in the same transaction.
 */
export async function replacePassword(input: {
  userId: string;
  newPassword: string;
  field: string;
  keepSessionIds: readonly string[];
  deviceToken: string | undefined;
  appOrigin: string;
  extra?: (trx: Kysely<Database>) => Promise<void>;
}): Promise<void> {
  const user = await getDb().selectFrom("users").select("email").where("id", "=", input.userId).executeTakeFirstOrThrow();
  const problem = describePasswordProblem(input.newPassword, user.email);
  if (problem) throw new DomainError(problem, 400, input.field);
  // Hashed before the transaction: argon2 takes tens of milliseconds, too long to hold the write lock.
  const passwordHash = await hashPassword(input.newPassword);
  const notice = await getDb()
    .transaction()
    .execute(async (trx) => {
      await trx
        .updateTable("users")
        .set({ password_hash: passwordHash, updated_at: new Date().toISOString() })
        .where("id", "=", input.userId)
        .execute();
      await endSessionsExcept(trx, input.userId, input.keepSessionIds);
      await forgetOtherDevices(trx, input.userId, input.deviceToken);
      await input.extra?.(trx);
      return queueMail(trx, passwordChangedNotice({ to: user.email, userId: input.userId, appOrigin: input.appOrigin }));
    });
  await deliverPromptly([notice]);
}

/** The person's time zone as stored, or null when neither their browser nor they have told us yet. */
export async function findTimeZoneOfUser(userId: string): Promise<string | null> {
  const row = await getDb().selectFrom("users").select("time_zone").where("id", "=", userId).executeTakeFirst();
  return row?.time_zone ? canonicalTimeZone(row.time_zone) : null;
}

function requireTimeZone(value: string): string {
  const zone = canonicalTimeZone(value);
  if (!zone) throw new DomainError("Choose a time zone from the list.", 400, "timeZone");
  return zone;
}

/** The person chose a time zone in their settings: it replaces whatever was stored. */
export async function chooseTimeZone(userId: string, timeZone: string): Promise<string> {
  const zone = requireTimeZone(timeZone);
  await getDb().updateTable("users").set({ time_zone: zone, updated_at: new Date().toISOString() }).where("id", "=", userId).execute();
  return zone;
}

/**
 * The browser reported its time zone. Kept only while nothing is stored, so
 * a laptop on a trip never overrides what the person chose. Returns whether
 * it was kept.
 */
export async function rememberDetectedTimeZone(userId: string, timeZone: string): Promise<boolean> {
  const zone = requireTimeZone(timeZone);
  const result = await getDb()
    .updateTable("users")
    .set({ time_zone: zone, updated_at: new Date().toISOString() })
    .where("id", "=", userId)
    .where("time_zone", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
