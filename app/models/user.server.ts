import { describePasswordProblem, hashPassword, verifyAgainstDecoy, verifyPassword } from "~/auth/password.server";
import { generateId } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
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
  if (await findUserByEmail(email)) {
    throw new DomainError(
      "An account with this email already exists. Sign in instead, or reset your password if you forgot it.",
      409,
      "email",
    );
  }
  const now = new Date().toISOString();
  const user = {
    id: generateId(),
    email,
    display_name: input.displayName.trim(),
    password_hash: await hashPassword(input.password),
    created_at: now,
    updated_at: now,
  };
  try {
    await getDb().insertInto("users").values(user).execute();
  } catch (error) {
    // Two sign-ups for one address at once: the unique index decides.
    if (String(error).includes("UNIQUE")) {
      throw new DomainError("An account with this email already exists. Sign in instead.", 409, "email");
    }
    throw error;
  }
  return { id: user.id, email, displayName: user.display_name };
}

export async function findUserByEmail(email: string): Promise<PublicUser | undefined> {
  const row = await getDb()
    .selectFrom("users")
    .select(["id", "email", "display_name"])
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  return row && { id: row.id, email: row.email, displayName: row.display_name };
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

async function requireCurrentPassword(userId: string, currentPassword: string): Promise<void> {
  const row = await getDb().selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirst();
  if (!row || !(await verifyPassword(row.password_hash, currentPassword))) {
    throw new DomainError("Your current password is not right. Check it and try again.", 400, "currentPassword");
  }
}

export async function changeEmail(userId: string, currentPassword: string, newEmail: string): Promise<void> {
  await requireCurrentPassword(userId, currentPassword);
  const email = normalizeEmail(newEmail);
  const holder = await findUserByEmail(email);
  if (holder && holder.id !== userId) {
    throw new DomainError("Another account already uses this email address.", 409, "email");
  }
  await getDb()
    .updateTable("users")
    .set({ email, updated_at: new Date().toISOString() })
    .where("id", "=", userId)
    .execute();
}

export async function changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
  await requireCurrentPassword(userId, currentPassword);
  await setPassword(userId, newPassword);
}

export async function setPassword(userId: string, newPassword: string): Promise<void> {
  const user = await getDb().selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow();
  const problem = describePasswordProblem(newPassword, user.email);
  if (problem) throw new DomainError(problem, 400, "newPassword");
  await getDb()
    .updateTable("users")
    .set({ password_hash: await hashPassword(newPassword), updated_at: new Date().toISOString() })
    .where("id", "=", userId)
    .execute();
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
