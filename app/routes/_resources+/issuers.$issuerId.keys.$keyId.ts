import type { LoaderFunctionArgs } from "@remix-run/node";
import { isId } from "~/ids";
import { findIssuer, publicJsonResponse } from "~/models/records/credential-issuer.server";
import { publicJwk } from "~/codecs/credential.server";
import { findOrganizationPublicKey } from "~/models/organizations/organization-key.server";

/**
 * GET /issuers/<organization id>/keys/<key id>: one public key as a JWK, the
 * document a credential's `kid` dereferences to (Open Badges 3.0, 8.2.3).
 */
export async function loader({ context, params }: LoaderFunctionArgs) {
  const organization = await findIssuer(params.issuerId);
  const key = organization && isId(params.keyId) ? await findOrganizationPublicKey(organization.id, params.keyId) : undefined;
  if (!organization || !key) return publicJsonResponse({ error: "There is no key with this id." }, { status: 404 });
  return publicJsonResponse(publicJwk(context.appOrigin, organization.id, key), { contentType: "application/jwk+json", maxAge: 300 });
}
