import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import type { Kysely } from "kysely";
import { hashToken } from "~/auth/tokens.server";
import type { Database } from "~/db/schema";

/**
 * What the sessions table stores for a session id: its SHA-256. The cookie
 * carries the id itself, so a copy of the database (a backup, a stolen
 * disk) holds no id anyone could sign in with. The id has 125 random bits,
 * so a plain hash cannot be reversed by guessing.
 */
export function storedSessionId(sessionId: string): string {
  return hashToken(sessionId);
}

/**
 * lucia's storage interface over Kysely, so that session SQL goes through the
 * same layer (and the same future PostgreSQL dialect) as everything else.
 * Every method takes the id from the cookie and looks up its hash. Replacing
 * lucia means replacing this file, lucia.server.ts and session.server.ts.
 */
export class KyselySessionAdapter implements Adapter {
  constructor(private readonly getDb: () => Kysely<Database>) {}

  async getSessionAndUser(
    sessionId: string,
  ): Promise<[session: DatabaseSession | null, user: DatabaseUser | null]> {
    const row = await this.getDb()
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select(["sessions.expires_at", "users.id as user_id", "users.email", "users.display_name"])
      .where("sessions.id", "=", storedSessionId(sessionId))
      .executeTakeFirst();
    if (!row) return [null, null];
    return [
      { id: sessionId, userId: row.user_id, expiresAt: new Date(row.expires_at), attributes: {} },
      { id: row.user_id, attributes: { email: row.email, display_name: row.display_name } },
    ];
  }

  /** The ids here are the stored hashes: the raw ids exist only in people's cookies. */
  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await this.getDb()
      .selectFrom("sessions")
      .select(["id", "expires_at"])
      .where("user_id", "=", userId)
      .execute();
    return rows.map((row) => ({ id: row.id, userId, expiresAt: new Date(row.expires_at), attributes: {} }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.getDb()
      .insertInto("sessions")
      .values({
        id: storedSessionId(session.id),
        user_id: session.userId,
        expires_at: session.expiresAt.toISOString(),
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.getDb()
      .updateTable("sessions")
      .set({ expires_at: expiresAt.toISOString() })
      .where("id", "=", storedSessionId(sessionId))
      .execute();
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.getDb().deleteFrom("sessions").where("id", "=", storedSessionId(sessionId)).execute();
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.getDb().deleteFrom("sessions").where("user_id", "=", userId).execute();
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.getDb().deleteFrom("sessions").where("expires_at", "<=", new Date().toISOString()).execute();
  }
}
