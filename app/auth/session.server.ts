import type { AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import {
  lucia,
  SESSION_LIFETIME,
  sessionAdapter,
  sessionCookieHeader,
  type AuthSession,
  type AuthUser,
} from "~/auth/lucia.server";
import { storedSessionId } from "~/auth/session-adapter.server";
import { getDb } from "~/db.server";
import type { Database } from "~/db/schema";

/**
 * Starts a new session for the user and returns its Set-Cookie value. Any
 * session the browser already had is ended, so the id changes on sign-in.
 */
export async function startSession(context: AppLoadContext, userId: string): Promise<string> {
  if (context.auth) await lucia.invalidateSession(context.auth.session.id);
  const session = await lucia.createSession(userId, {});
  return sessionCookieHeader(session.id, context.secure);
}

export async function endSession(context: AppLoadContext): Promise<string> {
  if (context.auth) await lucia.invalidateSession(context.auth.session.id);
  return sessionCookieHeader("", context.secure);
}

/**
 * The person a session id from a cookie belongs to, or null. This is
 * lucia's validateSession with the clock passed in, so that tests can move
 * time forward instead of waiting: a session expires 14 days after it was
 * last extended, and a request in the second half of that time extends it
 * (`fresh`: the cookie is sent again). So a session used at least once a
 * week stays; one left alone for 14 days ends.
 */
export async function validateSession(
  sessionId: string,
  now = new Date(),
): Promise<{ session: AuthSession; user: AuthUser } | null> {
  const [stored, storedUser] = await sessionAdapter.getSessionAndUser(sessionId);
  if (!stored || !storedUser) return null;
  if (stored.expiresAt.getTime() <= now.getTime()) {
    await sessionAdapter.deleteSession(sessionId);
    return null;
  }
  const lifetime = SESSION_LIFETIME.milliseconds();
  const session: AuthSession = { id: sessionId, userId: stored.userId, expiresAt: stored.expiresAt, fresh: false };
  if (stored.expiresAt.getTime() - now.getTime() < lifetime / 2) {
    session.expiresAt = new Date(now.getTime() + lifetime);
    session.fresh = true;
    await sessionAdapter.updateSessionExpiration(sessionId, session.expiresAt);
  }
  const user: AuthUser = {
    id: storedUser.id,
    email: storedUser.attributes.email,
    displayName: storedUser.attributes.display_name,
  };
  return { session, user };
}

export async function countOtherSessions(userId: string, currentSessionId: string): Promise<number> {
  const row = await getDb()
    .selectFrom("sessions")
    .select((eb) => eb.fn.countAll<number>().as("sessions"))
    .where("user_id", "=", userId)
    .where("id", "!=", storedSessionId(currentSessionId))
    .where("expires_at", ">", new Date().toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.sessions);
}

export async function endOtherSessions(userId: string, currentSessionId: string): Promise<void> {
  await endSessionsExcept(getDb(), userId, [storedSessionId(currentSessionId)]);
}

/**
 * Ends every session of the account but the ones named (by stored id): after
 * a password or email change, whoever else was signed in is signed out.
 * Takes the transaction the change is made in, so both happen or neither.
 */
export async function endSessionsExcept(db: Kysely<Database>, userId: string, keepStoredIds: readonly string[]): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepStoredIds.length > 0) query = query.where("id", "not in", keepStoredIds);
  await query.execute();
}
