import { getDb } from "~/db.server";
import { isId } from "~/ids";

/*
 * The public, machine-readable side of an organization as an issuer of
 * credentials: its profile, keys and revocation list are served without
 * sign-in to anyone, including verifiers running in a browser (hence CORS).
 */

/** The organization by id, for the issuer documents; undefined for anything else. */
export async function findIssuer(issuerId: string | undefined): Promise<{ id: string; name: string } | undefined> {
  if (!isId(issuerId)) return undefined;
  return getDb().selectFrom("organizations").select(["id", "name"]).where("id", "=", issuerId).executeTakeFirst();
}

export function publicJsonResponse(
  body: unknown,
  options: { status?: number; contentType?: string; maxAge?: number; vary?: string } = {},
): Response {
  return new Response(JSON.stringify(body, null, 2), {
    status: options.status ?? 200,
    headers: {
      "Content-Type": `${options.contentType ?? "application/json"}; charset=utf-8`,
      "Cache-Control": options.maxAge ? `public, max-age=${options.maxAge}` : "no-cache",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
      ...(options.vary ? { Vary: options.vary } : {}),
    },
  });
}
