import { Cookie, Lucia, TimeSpan, type Session, type User } from "lucia";
import { KyselySessionAdapter } from "~/auth/session-adapter.server";
import { getDb } from "~/db.server";

export const SESSION_COOKIE_NAME = "pst_session";

/** A session unused for this long ends (see validateSession). */
export const SESSION_LIFETIME = new TimeSpan(14, "d");

/** Session ids are stored only as their SHA-256 (see the adapter). */
export const sessionAdapter = new KyselySessionAdapter(getDb);

export const lucia = new Lucia(sessionAdapter, {
  sessionExpiresIn: SESSION_LIFETIME,
  sessionCookie: {
    name: SESSION_COOKIE_NAME,
    // Secure is decided per request (see sessionCookieHeader): the same build
    // serves plain http on localhost and https behind a proxy.
    attributes: { sameSite: "lax", secure: false },
  },
  getUserAttributes: (attributes) => ({
    email: attributes.email,
    displayName: attributes.display_name,
  }),
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseUserAttributes: { email: string; display_name: string };
  }
}

export type AuthUser = User;
export type AuthSession = Session;

/** A Set-Cookie value for the session id ("" clears the cookie). */
export function sessionCookieHeader(sessionId: string, secure: boolean): string {
  const cookie = sessionId ? lucia.createSessionCookie(sessionId) : lucia.createBlankSessionCookie();
  return new Cookie(cookie.name, cookie.value, { ...cookie.attributes, secure }).serialize();
}
