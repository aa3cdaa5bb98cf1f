import type { LoaderFunctionArgs } from "@remix-run/node";
import { findIssuer, publicJsonResponse } from "~/models/records/credential-issuer.server";
import { loadStatusListCredential } from "~/models/records/record-listing.server";
import { CREDENTIAL_MEDIA_TYPE, credentialUrls, JWT_MEDIA_TYPE, signCredentialAsJwt } from "~/codecs/credential.server";
import { loadSigningKey } from "~/models/organizations/organization-key.server";

/**
 * GET /issuers/<organization id>/status/revocation: the organization's
 * revocation list as a W3C BitstringStatusListCredential, the
 * `statusListCredential` of every record it issued. JSON by default; signed
 * as a VC-JWT with the organization's key when asked for
 * `Accept: application/vc+jwt`. Never cached for long: a revocation must
 * show at once.
 */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const organization = await findIssuer(params.issuerId);
  const list = organization ? await loadStatusListCredential(organization.id, context.appOrigin) : undefined;
  if (!organization || !list) return publicJsonResponse({ error: "There is no issuer with this id." }, { status: 404 });
  if ((request.headers.get("accept") ?? "").includes(JWT_MEDIA_TYPE)) {
    const key = await loadSigningKey(organization.id);
    const jwt = signCredentialAsJwt(list.credential, { privateKey: key.privateKey, kid: credentialUrls.key(context.appOrigin, organization.id, key.id) });
    return new Response(jwt, {
      headers: { "Content-Type": JWT_MEDIA_TYPE, "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*", Vary: "Accept", "X-Content-Type-Options": "nosniff" },
    });
  }
  return publicJsonResponse(list.credential, { contentType: CREDENTIAL_MEDIA_TYPE, vary: "Accept" });
}
