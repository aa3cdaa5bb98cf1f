import type { AppLoadContext } from "@remix-run/node";
import { lucia, sessionCookieHeader } from "~/auth/lucia.server";
import { getDb } from "~/db.server";

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

export async function countOtherSessions(userId: string, currentSessionId: string): Promise<number> {
  const row = await getDb()
    .selectFrom("sessions")
    .select((eb) => eb.fn.countAll<number>().as("sessions"))
    .where("user_id", "=", userId)
    .where("id", "!=", currentSessionId)
    .where("expires_at", ">", new Date().toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.sessions);
}

export async function endOtherSessions(userId: string, currentSessionId: string): Promise<void> {
  await getDb().deleteFrom("sessions").where("user_id", "=", userId).where("id", "!=", currentSessionId).execute();
}
