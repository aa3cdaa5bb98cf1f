import type { LoaderFunctionArgs } from "@remix-run/node";
import { findIssuer, publicJsonResponse } from "~/models/records/credential-issuer.server";
import { buildJwks } from "~/codecs/credential.server";
import { listOrganizationPublicKeys } from "~/models/organizations/organization-key.server";

/**
 * GET /issuers/<organization id>/jwks.json: the organization's public signing
 * keys (RFC 7517 JWK Set), retired ones too so that old records still verify.
 * Each key's `kid` is the address a credential's JWT header names.
 */
export async function loader({ context, params }: LoaderFunctionArgs) {
  const organization = await findIssuer(params.issuerId);
  if (!organization) return publicJsonResponse({ error: "There is no issuer with this id." }, { status: 404 });
  const keys = await listOrganizationPublicKeys(organization.id);
  return publicJsonResponse(buildJwks(context.appOrigin, organization.id, keys), { contentType: "application/jwk-set+json", maxAge: 300 });
}
