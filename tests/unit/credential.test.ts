import { createHash, generateKeyPairSync } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import {
  buildJwks,
  buildOpenBadgeCredential,
  buildStatusListCredential,
  credentialUrls,
  encodeStatusList,
  identityHash,
  signCredentialAsJwt,
  signJwt,
  STATUS_LIST_SIZE,
  type CredentialInput,
} from "~/codecs/credential.server";

/*
 * The credential as the Open Badges 3.0 and Bitstring Status List
 * specifications write it, and its signature checked with an independent
 * JOSE implementation (jose). The same through the real app and its JWKS:
 * tests/integration/records-credential.test.ts.
 */

const ORIGIN = "https://train.example.org";
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const KID = `${ORIGIN}/issuers/org-1/keys/key-1`;

const input: CredentialInput = {
  origin: ORIGIN,
  organization: { id: "org-1", name: "Riverside Peer Network" },
  programme: { id: "prog-1", version: 2, title: "Peer support foundations", description: "The foundations of peer support." },
  holder: { name: "Ana Lima", email: "Ana.Lima@Example.org" },
  verificationCode: "7K3MQ9TX2HCRVW8P",
  criteriaNarrative: "Completed every module.",
  competencies: [{ code: "PSC-1", title: "Listening", frameworkTitle: "Core skills", caseUrl: "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427" }],
  issuedAt: "2026-05-03T10:00:00.000Z",
  validUntil: "2028-05-03T10:00:00.000Z",
  statusListIndex: 4242,
  identitySalt: "salt-123",
};

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("the addresses a credential points at", () => {
  it("are the app's public issuer pages under its origin", () => {
    expect(credentialUrls.issuer(ORIGIN, "org-1")).toBe("https://train.example.org/issuers/org-1");
    expect(credentialUrls.jwks(ORIGIN, "org-1")).toBe("https://train.example.org/issuers/org-1/jwks.json");
    expect(credentialUrls.key(ORIGIN, "org-1", "key-1")).toBe(KID);
    expect(credentialUrls.statusList(ORIGIN, "org-1")).toBe("https://train.example.org/issuers/org-1/status/revocation");
    expect(credentialUrls.verification(ORIGIN, "7K3MQ9TX2HCRVW8P")).toBe("https://train.example.org/verify/7K3M-Q9TX-2HCR-VW8P");
  });
});

describe("the Open Badges credential of a completion record", () => {
  const credential = buildOpenBadgeCredential(input);
  const issuer = { id: "https://train.example.org/issuers/org-1", type: ["Profile"], name: "Riverside Peer Network", url: ORIGIN };

  it("is a verifiable credential named by its verification page, issued by the organization", () => {
    expect(credential["@context"]).toEqual(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]);
    expect(credential).toMatchObject({
      id: "https://train.example.org/verify/7K3M-Q9TX-2HCR-VW8P",
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      name: "Peer support foundations",
      description: "Ana Lima completed Peer support foundations with Riverside Peer Network.",
      issuer,
      validFrom: "2026-05-03T10:00:00.000Z",
      validUntil: "2028-05-03T10:00:00.000Z",
    });
  });

  it("has no end date when the programme's records do not expire", () => {
    expect("validUntil" in buildOpenBadgeCredential({ ...input, validUntil: null })).toBe(false);
  });

  it("names the holder in clear and carries their email only as a salted hash of its lower-case form", () => {
    const [name, email] = credential.credentialSubject.identifier;
    expect(credential.credentialSubject.type).toEqual(["AchievementSubject"]);
    expect(name).toEqual({ type: "IdentityObject", identityType: "name", hashed: false, identityHash: "Ana Lima" });
    expect(email).toEqual({ type: "IdentityObject", identityType: "emailAddress", hashed: true, identityHash: `sha256$${sha256("ana.lima@example.orgsalt-123")}`, salt: "salt-123" });
    expect(JSON.stringify(credential).toLowerCase()).not.toContain("ana.lima@example.org");
  });

  it("describes the achievement: the programme, its criteria and the competencies it aligns to", () => {
    const achievement = credential.credentialSubject.achievement;
    expect(achievement).toMatchObject({
      type: ["Achievement"],
      achievementType: "Certificate",
      name: "Peer support foundations",
      description: "The foundations of peer support.",
      criteria: { narrative: "Completed every module." },
      creator: issuer,
      alignment: [
        {
          type: ["Alignment"],
          targetType: "CFItem",
          targetUrl: "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
          targetCode: "PSC-1",
          targetName: "Listening",
          targetFramework: "Core skills",
        },
      ],
    });
    expect("alignment" in buildOpenBadgeCredential({ ...input, competencies: [] }).credentialSubject.achievement).toBe(false);
  });

  it("gives the achievement a UUID that stays with the programme version and changes with it", () => {
    const id = (changes: Partial<CredentialInput>) => buildOpenBadgeCredential({ ...input, ...changes }).credentialSubject.achievement.id;
    expect(id({})).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id({ holder: { name: "Someone else", email: "x@example.org" }, issuedAt: "2027-01-01T00:00:00.000Z" })).toBe(id({}));
    expect(id({ programme: { ...input.programme, version: 3 } })).not.toBe(id({}));
    expect(id({ programme: { ...input.programme, id: "prog-2" } })).not.toBe(id({}));
    expect(id({ organization: { ...input.organization, id: "org-2" } })).not.toBe(id({}));
  });

  it("points at its position in the organization's revocation list", () => {
    expect(credential.credentialStatus).toEqual({
      id: "https://train.example.org/issuers/org-1/status/revocation#4242",
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: "4242",
      statusListCredential: "https://train.example.org/issuers/org-1/status/revocation",
    });
  });
});

describe("identity hashes", () => {
  it("are SHA-256 of the value and salt, so another salt gives another hash", () => {
    expect(identityHash("a@example.org", "s1")).toBe(`sha256$${sha256("a@example.orgs1")}`);
    expect(identityHash("a@example.org", "s2")).not.toBe(identityHash("a@example.org", "s1"));
  });
});

describe("signing", () => {
  it("writes a JWS that an independent verifier accepts with the public key, naming the key", async () => {
    const jwt = signJwt({ hello: "world" }, { privateKey, kid: KID });
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: "RS256", typ: "JWT", kid: KID });
    const { payload } = await jwtVerify(jwt, publicKey);
    expect(payload).toEqual({ hello: "world" });
  });

  it("is refused by the verifier once the payload is changed", async () => {
    const [header, , signature] = signJwt({ role: "trainee" }, { privateKey, kid: KID }).split(".");
    const forged = `${header}.${Buffer.from(JSON.stringify({ role: "admin" })).toString("base64url")}.${signature}`;
    await expect(jwtVerify(forged, publicKey)).rejects.toThrow(/signature/);
  });

  it("carries the credential as a VC-JWT, with the registered claims taken from it", async () => {
    const credential = buildOpenBadgeCredential(input);
    const { payload } = await jwtVerify(signCredentialAsJwt(credential, { privateKey, kid: KID }), publicKey, {
      currentDate: new Date("2026-06-01T00:00:00.000Z"),
    });
    expect(payload).toEqual({
      ...JSON.parse(JSON.stringify(credential)),
      iss: "https://train.example.org/issuers/org-1",
      jti: "https://train.example.org/verify/7K3M-Q9TX-2HCR-VW8P",
      nbf: Date.parse("2026-05-03T10:00:00.000Z") / 1000,
      iat: Date.parse("2026-05-03T10:00:00.000Z") / 1000,
      exp: Date.parse("2028-05-03T10:00:00.000Z") / 1000,
    });
  });

  it("gives a credential without an end date no expiry, and whole seconds for a time with milliseconds", async () => {
    const credential = buildOpenBadgeCredential({ ...input, validUntil: null, issuedAt: "2026-05-03T10:00:00.999Z" });
    const { payload } = await jwtVerify(signCredentialAsJwt(credential, { privateKey, kid: KID }), publicKey);
    expect("exp" in payload).toBe(false);
    expect(payload.nbf).toBe(Date.parse("2026-05-03T10:00:00.000Z") / 1000);
  });
});

/** The bit of a position, read as a verifier reads Bitstring Status List. */
function bitAt(encodedList: string, index: number): boolean {
  expect(encodedList.startsWith("u")).toBe(true);
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), "base64url"));
  return ((bytes[index >> 3]! >> (7 - (index % 8))) & 1) === 1;
}

describe("the revocation list", () => {
  it("sets exactly the bits of revoked positions, the first position being the leftmost bit of the first byte", () => {
    const revoked = [0, 7, 8, 13, 4242, STATUS_LIST_SIZE - 1];
    const encoded = encodeStatusList(revoked);
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), "base64url"));
    expect(bytes).toHaveLength(STATUS_LIST_SIZE / 8);
    expect(bytes[0]).toBe(0b1000_0001);
    expect(bytes[1]).toBe(0b1000_0100);
    for (const index of [...revoked, 1, 6, 9, 12, 14, 4241, 4243, STATUS_LIST_SIZE - 2]) expect(bitAt(encoded, index), String(index)).toBe(revoked.includes(index));
    expect(bytes.reduce((count, byte) => count + byte.toString(2).replaceAll("0", "").length, 0)).toBe(revoked.length);
  });

  it("has 131,072 positions by default (the specification's minimum), and ignores positions outside the list", () => {
    expect(STATUS_LIST_SIZE).toBe(131_072);
    const small = encodeStatusList([-1, 16, 15], 16);
    const bytes = gunzipSync(Buffer.from(small.slice(1), "base64url"));
    expect([...bytes]).toEqual([0, 1]);
  });

  it("is published as a status list credential of the organization", () => {
    const now = new Date("2026-06-01T00:00:00.000Z");
    const list = buildStatusListCredential({ origin: ORIGIN, organization: input.organization, revokedIndexes: [4242], now });
    expect(list).toEqual({
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      id: "https://train.example.org/issuers/org-1/status/revocation",
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      issuer: { id: "https://train.example.org/issuers/org-1", type: ["Profile"], name: "Riverside Peer Network", url: ORIGIN },
      validFrom: "2026-06-01T00:00:00.000Z",
      credentialSubject: {
        id: "https://train.example.org/issuers/org-1/status/revocation#list",
        type: "BitstringStatusList",
        statusPurpose: "revocation",
        encodedList: encodeStatusList([4242]),
      },
    });
    expect(bitAt(list.credentialSubject.encodedList, 4242)).toBe(true);
  });

  it("is valid from the moment it is built when no time is given", () => {
    const before = Date.now();
    const list = buildStatusListCredential({ origin: ORIGIN, organization: input.organization, revokedIndexes: [] });
    expect(Date.parse(list.validFrom)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(list.validFrom)).toBeLessThanOrEqual(Date.now());
  });
});

describe("the public keys (JWKS)", () => {
  it("hold only the public parts of each key, named by the address its kid points at, and verify a signature", async () => {
    const jwk = privateKey.export({ format: "jwk" });
    const jwks = buildJwks(ORIGIN, "org-1", [{ id: "key-1", jwk }]);
    expect(jwks.keys).toHaveLength(1);
    const [key] = jwks.keys;
    expect(Object.keys(key!).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
    expect(key).toMatchObject({ kty: "RSA", n: jwk.n, e: jwk.e, kid: KID, alg: "RS256", use: "sig" });
    const jwt = signJwt({ ok: true }, { privateKey, kid: KID });
    await expect(jwtVerify(jwt, await importJWK(key!, "RS256"))).resolves.toMatchObject({ payload: { ok: true } });
  });
});
