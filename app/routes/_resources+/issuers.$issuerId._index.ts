import type { LoaderFunctionArgs } from "@remix-run/node";
import { findIssuer, publicJsonResponse } from "~/models/records/credential-issuer.server";
import { credentialUrls, issuerProfile } from "~/codecs/credential.server";

/**
 * GET /issuers/<organization id>: the organization as an Open Badges issuer
 * Profile, the `issuer.id` every credential it signs points at. Public.
 */
export async function loader({ context, params }: LoaderFunctionArgs) {
  const organization = await findIssuer(params.issuerId);
  if (!organization) return publicJsonResponse({ error: "There is no issuer with this id." }, { status: 404 });
  return publicJsonResponse(
    {
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
      ...issuerProfile(context.appOrigin, organization),
      // Where verifiers find the keys and the revocation list.
      jwks: credentialUrls.jwks(context.appOrigin, organization.id),
      revocationList: credentialUrls.statusList(context.appOrigin, organization.id),
    },
    { contentType: "application/ld+json" },
  );
}
