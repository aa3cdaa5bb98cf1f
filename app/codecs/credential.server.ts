import { createHash, sign, type KeyObject } from "node:crypto";
import { gzipSync } from "node:zlib";
import { uuidV5 } from "~/codecs/case-identifier.server";
import { formatVerificationCode } from "~/codecs/verification-code.server";

/*
 * Completion records as Open Badges 3.0 credentials (an OpenBadgeCredential,
 * which is a W3C Verifiable Credential 2.0), signed as VC-JWTs, and the
 * revocation list that goes with them (W3C Bitstring Status List). Pure
 * functions: the caller brings the data and the key. See
 * docs/decisions/016-credential-signing.md.
 */

export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const CREDENTIAL_MEDIA_TYPE = "application/vc+ld+json";
export const JWT_MEDIA_TYPE = "application/vc+jwt";

/** Positions in each organization's revocation list. 131,072 bits is the spec's minimum, for herd privacy. */
export const STATUS_LIST_SIZE = 131_072;

// The same namespace idea as CASE identifiers: stable names for achievements.
const ACHIEVEMENT_NAMESPACE = "6f1d5a8e-2b8c-5c1f-9d0a-4e7b3c2a1f90";

/** Addresses the credentials point at. All are served by the app without sign-in. */
export const credentialUrls = {
  issuer: (origin: string, organizationId: string) => `${origin}/issuers/${organizationId}`,
  jwks: (origin: string, organizationId: string) => `${origin}/issuers/${organizationId}/jwks.json`,
  key: (origin: string, organizationId: string, keyId: string) => `${origin}/issuers/${organizationId}/keys/${keyId}`,
  statusList: (origin: string, organizationId: string) => `${origin}/issuers/${organizationId}/status/revocation`,
  verification: (origin: string, code: string) => `${origin}/verify/${formatVerificationCode(code)}`,
};

export interface IssuerProfile {
  id: string;
  type: ["Profile"];
  name: string;
  url: string;
}

export function issuerProfile(origin: string, organization: { id: string; name: string }): IssuerProfile {
  return { id: credentialUrls.issuer(origin, organization.id), type: ["Profile"], name: organization.name, url: origin };
}

export interface CredentialCompetency {
  code: string;
  title: string;
  frameworkTitle: string;
  /** A CASE CFItem address: the published package's item, or urn:uuid: for an organization's own framework. */
  caseUrl: string;
}

export interface CredentialInput {
  origin: string;
  organization: { id: string; name: string };
  programme: { id: string; version: number; title: string; description: string };
  holder: { name: string; email: string };
  verificationCode: string;
  criteriaNarrative: string;
  competencies: CredentialCompetency[];
  issuedAt: string;
  validUntil: string | null;
  statusListIndex: number;
  /** Random per record: the email hash cannot be matched across records or sites. */
  identitySalt: string;
}

/** SHA-256 of the salted value, as Open Badges writes an identityHash. */
export function identityHash(value: string, salt: string): string {
  return `sha256$${createHash("sha256").update(value + salt).digest("hex")}`;
}

/** The OpenBadgeCredential of one completion record, unsigned. */
export function buildOpenBadgeCredential(input: CredentialInput) {
  const issuer = issuerProfile(input.origin, input.organization);
  const statusList = credentialUrls.statusList(input.origin, input.organization.id);
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: credentialUrls.verification(input.origin, input.verificationCode),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: input.programme.title,
    description: `${input.holder.name} completed ${input.programme.title} with ${input.organization.name}.`,
    issuer,
    validFrom: input.issuedAt,
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [
        // The name is what an employer compares with the person in front of them.
        { type: "IdentityObject", identityType: "name", hashed: false, identityHash: input.holder.name },
        // The email only as a salted hash: the holder can prove it is theirs, nobody can read it.
        {
          type: "IdentityObject",
          identityType: "emailAddress",
          hashed: true,
          identityHash: identityHash(input.holder.email.toLowerCase(), input.identitySalt),
          salt: input.identitySalt,
        },
      ],
      achievement: {
        id: `urn:uuid:${uuidV5(ACHIEVEMENT_NAMESPACE, `${input.organization.id}/programme/${input.programme.id}/v${input.programme.version}`)}`,
        type: ["Achievement"],
        achievementType: "Certificate",
        name: input.programme.title,
        description: input.programme.description,
        criteria: { narrative: input.criteriaNarrative },
        creator: issuer,
        ...(input.competencies.length > 0
          ? {
              alignment: input.competencies.map((c) => ({
                type: ["Alignment"],
                targetType: "CFItem",
                targetUrl: c.caseUrl,
                targetCode: c.code,
                targetName: c.title,
                targetFramework: c.frameworkTitle,
              })),
            }
          : {}),
      },
    },
    credentialStatus: {
      id: `${statusList}#${input.statusListIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(input.statusListIndex),
      statusListCredential: statusList,
    },
  };
}

export type OpenBadgeCredential = ReturnType<typeof buildOpenBadgeCredential>;

const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

/**
 * JWS compact serialization with RS256 (RSASSA-PKCS1-v1_5 over SHA-256,
 * RFC 7518 section 3.3). The header names the key by a URL that serves it.
 */
export function signJwt(payload: object, key: { privateKey: KeyObject; kid: string }): string {
  const header = { alg: "RS256", typ: "JWT", kid: key.kid };
  const signingInput = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  const signature = sign("sha256", Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${signature.toString("base64url")}`;
}

/**
 * The VC-JWT of a credential (Open Badges 3.0, section 8.2): the credential is
 * the payload, with the registered claims a JWT verifier reads mapped from it.
 */
export function signCredentialAsJwt(credential: { id: string; issuer: { id: string }; validFrom: string; validUntil?: string }, key: { privateKey: KeyObject; kid: string }): string {
  return signJwt(
    {
      ...credential,
      iss: credential.issuer.id,
      jti: credential.id,
      nbf: seconds(credential.validFrom),
      iat: seconds(credential.validFrom),
      ...(credential.validUntil ? { exp: seconds(credential.validUntil) } : {}),
    },
    key,
  );
}

/**
 * The revocation list as Bitstring Status List's `encodedList`: a bit per
 * position (the first position is the leftmost bit of the first byte), 1 for
 * revoked, gzipped, base64url with the multibase prefix "u".
 */
export function encodeStatusList(revokedIndexes: readonly number[], size = STATUS_LIST_SIZE): string {
  const bits = Buffer.alloc(size / 8);
  for (const index of revokedIndexes) {
    if (index < 0 || index >= size) continue;
    bits[index >> 3]! |= 0x80 >> (index & 7);
  }
  return `u${gzipSync(bits).toString("base64url")}`;
}

/** The BitstringStatusListCredential an organization's credentials point at. */
export function buildStatusListCredential(input: { origin: string; organization: { id: string; name: string }; revokedIndexes: readonly number[]; now?: Date }) {
  const id = credentialUrls.statusList(input.origin, input.organization.id);
  return {
    "@context": [VC_CONTEXT],
    id,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: issuerProfile(input.origin, input.organization),
    validFrom: (input.now ?? new Date()).toISOString(),
    credentialSubject: {
      id: `${id}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: encodeStatusList(input.revokedIndexes),
    },
  };
}

/** A JWK Set of public keys, each named by the URL a `kid` points at. */
export function buildJwks(origin: string, organizationId: string, keys: readonly { id: string; jwk: object }[]) {
  return {
    keys: keys.map((key) => publicJwk(origin, organizationId, key)),
  };
}

export function publicJwk(origin: string, organizationId: string, key: { id: string; jwk: object }) {
  const { kty, n, e } = key.jwk as { kty: string; n: string; e: string };
  return { kty, n, e, kid: credentialUrls.key(origin, organizationId, key.id), alg: "RS256", use: "sig" };
}
