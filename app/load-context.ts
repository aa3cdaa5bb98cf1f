import type { AuthSession, AuthUser } from "~/auth/lucia.server";

/** What the HTTP server hands every loader and action. */
export interface RequestContext {
  /** The signed-in person, validated once per request by the server. */
  auth: { user: AuthUser; session: AuthSession } | null;
  /** Nonce of this response's Content-Security-Policy, for inline scripts. */
  cspNonce: string;
  /** The caller's address, for sign-in throttling. */
  clientAddress: string;
  /** The site's origin (scheme, host, port), for links in mail. */
  appOrigin: string;
  /** Whether the request arrived over https (decides the cookie's Secure flag). */
  secure: boolean;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
  interface Future {
    v3_singleFetch: true;
  }
}
