import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { decryptPrivateKey, encryptPrivateKey } from "~/models/organizations/organization-key.server";
import { createNamedMember, createTestCohort } from "../support/cohort-factories";
import { createTestOrganization } from "../support/factories";
import type { HttpClient } from "../support/http-client";
import { BASICS, createTestProgramme, issueTestRecord, makeEligible, statusBit } from "../support/record-factories";
import { waitForLogLine } from "../support/server-log";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Each record is an Open Badges 3.0 OpenBadgeCredential signed as a VC-JWT.
 * Checked here with an independent JOSE implementation (jose) against the
 * keys the app publishes, the way an employer's verifier would: only public
 * addresses, no sign-in.
 */

let server: TestServer;
let organization: { id: string; name: string; slug: string };
let admin: { id: string; email: string; password: string };
let trainee: Awaited<ReturnType<typeof createNamedMember>>;
let traineeClient: HttpClient;
let adminClient: HttpClient;
let programmeId = "";
let recordId = "";
let code = "";
let jwt = "";

beforeAll(async () => {
  server = await startTestServer();
  const created = await createTestOrganization("Northside Peer Collective");
  organization = created.organization;
  admin = created.admin;
  const trainer = await createNamedMember(organization.id, "Tess Trainer", "trainer");
  trainee = await createNamedMember(organization.id, "Zoë Łukasiewicz");
  await createTestCohort({ organizationId: organization.id, trainer, name: "Group" });
  const programme = await createTestProgramme({
    organizationId: organization.id,
    adminId: admin.id,
    title: "Peer Support Foundation",
    description: "Foundation training in peer support values and skills.",
    modules: [BASICS],
    competencies: [
      { code: "who.role-01", minLevel: "demonstrated" },
      { code: "psc.interpersonal-relations", minLevel: "developing" },
    ],
    validityMonths: 24,
  });
  programmeId = programme.id;
  await makeEligible({ organizationId: organization.id, trainee, trainer, programmeId });
  const issued = await issueTestRecord({ organization, admin, programmeId, trainee, origin: server.origin });
  recordId = issued.id;
  code = issued.code;
  traineeClient = await signedInClient(server.origin, trainee);
  adminClient = await signedInClient(server.origin, admin);
  jwt = await (await traineeClient.get(`/o/${organization.slug}/learn/records/${recordId}/jwt`)).text();
});
afterAll(() => server.stop());

/** The parts of an OpenBadgeCredential these tests read. */
interface CredentialPayload extends JWTPayload {
  "@context": string[];
  type: string[];
  id: string;
  name: string;
  issuer: { id: string; type: string[]; name: string; url: string };
  validFrom: string;
  validUntil: string;
  credentialSubject: {
    type: string[];
    identifier: { type: string; identityType: string; hashed: boolean; identityHash: string; salt?: string }[];
    achievement: {
      id: string;
      criteria: { narrative: string };
      alignment: { type: string[]; targetType: string; targetUrl: string; targetCode: string; targetName: string }[];
    };
  };
  credentialStatus: { id: string; type: string; statusPurpose: string; statusListIndex: string; statusListCredential: string };
}

const jwksUrl = () => new URL(`/issuers/${organization.id}/jwks.json`, server.origin);

describe("the signed credential", () => {
  it("downloads as a compact JWS whose header names an RS256 key by a URL that serves it", async () => {
    expect(jwt).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const header = decodeProtectedHeader(jwt);
    expect(header).toMatchObject({ alg: "RS256", typ: "JWT" });
    expect(header.jwk).toBeUndefined();
    expect(header.kid).toMatch(new RegExp(`^${server.origin}/issuers/${organization.id}/keys/[a-z2-7]{16}$`));
    const key = await fetch(header.kid!);
    expect(key.status).toBe(200);
    expect(key.headers.get("access-control-allow-origin")).toBe("*");
    const jwk = await key.json();
    expect(jwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: header.kid });
  });

  it("verifies with jose against the JWKS the app serves, and the JWKS holds no private key material", async () => {
    const response = await fetch(jwksUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/jwk-set+json");
    const jwks = await response.json();
    expect(jwks.keys).toHaveLength(1);
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
      expect(Buffer.from(key.n, "base64url").length * 8).toBeGreaterThanOrEqual(2048);
    }
    const { payload, protectedHeader } = await jwtVerify(jwt, createRemoteJWKSet(jwksUrl()), {
      algorithms: ["RS256"],
      issuer: `${server.origin}/issuers/${organization.id}`,
    });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload.jti).toBe(`${server.origin}/verify/${code.match(/.{4}/g)!.join("-")}`);
  });

  it("carries every field Open Badges 3.0 requires, with the JWT claims mapped from the credential", async () => {
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(await (await fetch(jwksUrl())).json()));
    const vc = payload as CredentialPayload;
    expect(vc["@context"]).toEqual(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]);
    expect(vc.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(vc.id).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/verify\/[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(vc.name).toBe("Peer Support Foundation");
    expect(vc.issuer).toEqual({ id: `${server.origin}/issuers/${organization.id}`, type: ["Profile"], name: "Northside Peer Collective", url: server.origin });
    expect(new Date(vc.validFrom).toISOString()).toBe(vc.validFrom);
    expect(vc.validUntil).toBeDefined();
    // JWT claims (OB 3.0 section 8.2.4): iss, jti, nbf from the credential; exp from validUntil.
    expect(vc.iss).toBe(vc.issuer.id);
    expect(vc.jti).toBe(vc.id);
    expect(vc.nbf).toBe(Math.floor(Date.parse(vc.validFrom) / 1000));
    expect(vc.exp).toBe(Math.floor(Date.parse(vc.validUntil) / 1000));
    expect(Date.parse(vc.validUntil) - Date.parse(vc.validFrom)).toBeGreaterThan(700 * 86_400_000);

    const subject = vc.credentialSubject;
    expect(subject.type).toEqual(["AchievementSubject"]);
    // Identified without an email in the clear: the name as written, the email as a salted hash.
    expect(subject.identifier).toEqual([
      { type: "IdentityObject", identityType: "name", hashed: false, identityHash: "Zoë Łukasiewicz" },
      { type: "IdentityObject", identityType: "emailAddress", hashed: true, identityHash: expect.stringMatching(/^sha256\$[0-9a-f]{64}$/), salt: expect.stringMatching(/^[0-9a-f]{32}$/) },
    ]);
    const { createHash } = await import("node:crypto");
    const email = subject.identifier[1]!;
    expect(email.identityHash).toBe(`sha256$${createHash("sha256").update(trainee.email.toLowerCase() + email.salt).digest("hex")}`);
    expect(JSON.stringify(vc)).not.toContain(trainee.email);

    const achievement = subject.achievement;
    expect(achievement).toMatchObject({
      type: ["Achievement"],
      achievementType: "Certificate",
      name: "Peer Support Foundation",
      description: "Foundation training in peer support values and skills.",
    });
    expect(achievement.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(achievement.criteria.narrative).toContain("completed this module:\n  - What peer support is");
    expect(achievement.criteria.narrative).toContain("Engage in collaborative and caring relationships (who.role-01): Demonstrated");
    expect(achievement.criteria.narrative).toContain("valid for 24 months");
    expect(achievement.alignment).toHaveLength(2);
    for (const alignment of achievement.alignment) {
      expect(alignment).toMatchObject({ type: ["Alignment"], targetType: "CFItem" });
      expect(alignment.targetName).toBeTruthy();
      expect(alignment.targetCode).toMatch(/^(who|psc)\./);
    }

    expect(vc.credentialStatus).toMatchObject({
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListCredential: `${server.origin}/issuers/${organization.id}/status/revocation`,
    });
    expect(vc.credentialStatus.id).toBe(`${vc.credentialStatus.statusListCredential}#${vc.credentialStatus.statusListIndex}`);
  });

  it("points each alignment at the competency's item in the CASE package the app publishes", async () => {
    const { payload } = await jwtVerify(jwt, createRemoteJWKSet(jwksUrl()));
    const alignments = (payload as CredentialPayload).credentialSubject.achievement.alignment;
    for (const alignment of alignments) {
      const [packageUrl, itemId] = alignment.targetUrl.split("#");
      expect(packageUrl).toMatch(new RegExp(`^${server.origin}/case/frameworks/[0-9a-f-]{36}\\.json$`));
      const casePackage = await (await fetch(packageUrl!)).json();
      const item = casePackage.CFItems.find((i: { identifier: string }) => i.identifier === itemId);
      expect(item, alignment.targetCode).toMatchObject({ uri: alignment.targetUrl, humanCodingScheme: alignment.targetCode, abbreviatedStatement: alignment.targetName });
    }
  });

  it("the .json download is the same credential, as application/vc+ld+json", async () => {
    const response = await traineeClient.get(`/o/${organization.slug}/learn/records/${recordId}/json`);
    expect(response.headers.get("content-type")).toContain("application/vc+ld+json");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="peer-support-foundation-[0-9a-z]{16}\.json"/);
    const credential = await response.json();
    const { payload } = await jwtVerify(jwt, createRemoteJWKSet(jwksUrl()));
    const { iss: _iss, jti: _jti, nbf: _nbf, iat: _iat, exp: _exp, ...fromJwt } = payload;
    expect(fromJwt).toEqual(credential);
  });

  it("a tampered token fails: a changed claim, a changed signature, another algorithm, another key", async () => {
    const keys = createLocalJWKSet(await (await fetch(jwksUrl())).json());
    const [header, body, signature] = jwt.split(".");
    const claims = JSON.parse(Buffer.from(body!, "base64url").toString());
    claims.credentialSubject.identifier[0].identityHash = "Someone Else";
    const changedClaims = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    await expect(jwtVerify(changedClaims, keys)).rejects.toThrow(/signature verification failed/);
    const flipped = signature!.slice(0, 10) + (signature![10] === "A" ? "B" : "A") + signature!.slice(11);
    await expect(jwtVerify(`${header}.${body}.${flipped}`, keys)).rejects.toThrow(/signature verification failed/);
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${body}.`;
    await expect(jwtVerify(none, keys)).rejects.toThrow();
    // Another organization's key does not verify this organization's record.
    const other = await createTestOrganization("Elsewhere Peers");
    const otherKeys = createRemoteJWKSet(new URL(`/issuers/${other.organization.id}/jwks.json`, server.origin));
    await expect(jwtVerify(jwt, otherKeys)).rejects.toThrow(/no applicable key found/);
  });

  it("the issuer profile is served where issuer.id points", async () => {
    const response = await fetch(`${server.origin}/issuers/${organization.id}`);
    expect(response.status).toBe(200);
    const profile = await response.json();
    expect(profile).toMatchObject({ id: `${server.origin}/issuers/${organization.id}`, type: ["Profile"], name: "Northside Peer Collective", jwks: jwksUrl().href });
    expect((await fetch(`${server.origin}/issuers/aaaaaaaaaaaaaaaa`)).status).toBe(404);
    expect((await fetch(`${server.origin}/issuers/aaaaaaaaaaaaaaaa/jwks.json`)).status).toBe(404);
    expect((await fetch(`${server.origin}/issuers/${organization.id}/keys/aaaaaaaaaaaaaaaa`)).status).toBe(404);
    expect((await fetch(`${server.origin}/issuers/<script>/status/revocation`)).status).toBe(404);
  });
});

describe("revocation is published in the status list", () => {
  async function statusOf(index: number) {
    const response = await fetch(`${server.origin}/issuers/${organization.id}/status/revocation`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/vc+ld+json");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const list = await response.json();
    expect(list).toMatchObject({
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      credentialSubject: { type: "BitstringStatusList", statusPurpose: "revocation" },
    });
    return statusBit(list.credentialSubject.encodedList, index);
  }

  it("the record's bit is 0 while valid and 1 once revoked; the signed list verifies with the same keys", async () => {
    const { payload } = await jwtVerify(jwt, createRemoteJWKSet(jwksUrl()));
    const index = Number((payload as CredentialPayload).credentialStatus.statusListIndex);
    expect(await statusOf(index)).toBe(false);
    const revoked = await adminClient.post(`/o/${organization.slug}/admin/records/${recordId}`, { intent: "revoke", reason: "Issued in error." });
    expect(revoked.status).toBe(302);
    expect(await statusOf(index)).toBe(true);
    // Other positions stay 0.
    expect(await statusOf(index === 0 ? 1 : index - 1)).toBe(false);
    const signed = await fetch(`${server.origin}/issuers/${organization.id}/status/revocation`, { headers: { accept: "application/vc+jwt" } });
    expect(signed.headers.get("content-type")).toBe("application/vc+jwt");
    const { payload: list } = await jwtVerify(await signed.text(), createRemoteJWKSet(jwksUrl()), { algorithms: ["RS256"] });
    expect(statusBit((list as { credentialSubject: { encodedList: string } }).credentialSubject.encodedList, index)).toBe(true);
    // The credential itself still verifies (a signature is not a status): a verifier must read the list it names.
    const { payload: still } = await jwtVerify(jwt, createRemoteJWKSet(jwksUrl()), { issuer: `${server.origin}/issuers/${organization.id}` });
    const stillSays = still as CredentialPayload;
    expect(stillSays.credentialStatus).toMatchObject({ statusPurpose: "revocation", statusListIndex: String(index), statusListCredential: `${server.origin}/issuers/${organization.id}/status/revocation` });
    expect(stillSays.credentialSubject.identifier[0]!.identityHash).toBe("Zoë Łukasiewicz");
    // A revoked record's files can no longer be downloaded by the holder.
    expect((await traineeClient.get(`/o/${organization.slug}/learn/records/${recordId}/jwt`)).status).toBe(410);
  });
});

describe("signing keys", () => {
  it("every organization gets its own key pair when it is created, the private half stored encrypted", async () => {
    const rows = await getDb().selectFrom("organization_keys").selectAll().where("organization_id", "=", organization.id).execute();
    expect(rows).toHaveLength(1);
    const stored = rows[0]!.private_key_encrypted;
    expect(stored).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain("PRIVATE KEY");
    expect(JSON.parse(rows[0]!.public_jwk)).toEqual({ kty: "RSA", n: expect.any(String), e: "AQAB" });
    // Bound to its organization and id: moved to another row, it does not decrypt.
    expect(() => decryptPrivateKey(stored, organization.id, rows[0]!.id)).not.toThrow();
    expect(() => decryptPrivateKey(stored, "bbbbbbbbbbbbbbbb", rows[0]!.id)).toThrow(/cannot be decrypted/);
    const tampered = stored.slice(0, -4) + (stored.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(() => decryptPrivateKey(tampered, organization.id, rows[0]!.id)).toThrow(/cannot be decrypted/);
    expect(encryptPrivateKey(Buffer.from("same"), organization.id, "k")).not.toBe(encryptPrivateKey(Buffer.from("same"), organization.id, "k"));
  });

  it("an organization from before keys existed gets one when it first issues", async () => {
    const older = await createTestOrganization("Older Peer Group");
    await getDb().deleteFrom("organization_keys").where("organization_id", "=", older.organization.id).execute();
    const trainer = await createNamedMember(older.organization.id, "Old Trainer", "trainer");
    const holder = await createNamedMember(older.organization.id, "Old Holder");
    const programme = await createTestProgramme({ organizationId: older.organization.id, adminId: older.admin.id, modules: [BASICS] });
    await makeEligible({ organizationId: older.organization.id, trainee: holder, trainer, programmeId: programme.id });
    expect((await (await fetch(`${server.origin}/issuers/${older.organization.id}/jwks.json`)).json()).keys).toEqual([]);
    await issueTestRecord({ organization: older.organization, admin: older.admin, programmeId: programme.id, trainee: holder, origin: server.origin });
    const [row] = await getDb().selectFrom("completion_records").select("credential_jwt").where("user_id", "=", holder.id).execute();
    const keys = createRemoteJWKSet(new URL(`/issuers/${older.organization.id}/jwks.json`, server.origin));
    const { payload } = await jwtVerify(row!.credential_jwt, keys, { issuer: `${server.origin}/issuers/${older.organization.id}` });
    const vc = payload as CredentialPayload;
    expect(vc.issuer).toMatchObject({ id: `${server.origin}/issuers/${older.organization.id}`, name: "Older Peer Group" });
    expect(vc.name).toBe(programme.title);
    expect(vc.credentialSubject.identifier[0]).toMatchObject({ identityType: "name", identityHash: "Old Holder" });
  });

  it("no key, token or code reaches the server log", async () => {
    await fetch(`${server.origin}/verify/${code.match(/.{4}/g)!.join("-")}`);
    await waitForLogLine(server, (line) => line.includes('"path":"/verify/[redacted]"'));
    const log = server.logLines.join("\n");
    expect(log).not.toContain(jwt.split(".")[2]!.slice(0, 20));
    expect(log).not.toContain(code.match(/.{4}/g)!.join("-"));
    expect(log).not.toContain(code);
    expect(log).not.toMatch(/PRIVATE KEY|private_key/);
  });
});

describe("the credential key in production", () => {
  it("the server refuses to start without one, and says how to make one", async () => {
    await expect(startTestServer({ CREDENTIAL_KEY: "" })).rejects.toThrow(/CREDENTIAL_KEY: required in production.*openssl rand -base64 32/);
    await expect(startTestServer({ CREDENTIAL_KEY: "too-short" })).rejects.toThrow(/must be 32 random bytes/);
    await expect(startTestServer({ CREDENTIAL_KEY: "", CREDENTIAL_KEY_FILE: "/nonexistent/credential-key" })).rejects.toThrow(/cannot read \/nonexistent\/credential-key/);
  });

  it("reads it from CREDENTIAL_KEY_FILE, and signs with the keys it decrypts", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "pst-key-")), "credential-key");
    writeFileSync(file, `${process.env.CREDENTIAL_KEY}\n`, { mode: 0o600 });
    const fromFile = await startTestServer({ CREDENTIAL_KEY: "", CREDENTIAL_KEY_FILE: file });
    try {
      const list = await fetch(`${fromFile.origin}/issuers/${organization.id}/status/revocation`, { headers: { accept: "application/vc+jwt" } });
      expect(list.status).toBe(200);
      const keys = createRemoteJWKSet(new URL(`/issuers/${organization.id}/jwks.json`, fromFile.origin));
      const { payload } = await jwtVerify(await list.text(), keys, { algorithms: ["RS256"] });
      expect(payload.iss).toMatch(new RegExp(`/issuers/${organization.id}$`));
      expect(payload).toMatchObject({
        type: ["VerifiableCredential", "BitstringStatusListCredential"],
        issuer: { id: payload.iss, name: "Northside Peer Collective" },
        credentialSubject: { type: "BitstringStatusList", statusPurpose: "revocation" },
      });
    } finally {
      await fromFile.stop();
    }
  });
});
