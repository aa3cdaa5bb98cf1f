import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  generateKeyPair,
  hkdfSync,
  randomBytes,
  type JsonWebKey,
  type KeyObject,
} from "node:crypto";
import { promisify } from "node:util";
import { generateId } from "~/auth/tokens.server";
import { getCredentialKey } from "~/config.server";
import { getDb, type Db } from "~/db.server";

/*
 * Each organization signs its completion records with its own RSA key pair
 * (RS256, the one algorithm every Open Badges 3.0 verifier supports). The
 * private key is kept in the database only in encrypted form: AES-256-GCM
 * under a key derived from CREDENTIAL_KEY, bound to its organization and key
 * id as additional data, so a row copied to another organization does not
 * decrypt. See docs/decisions/016-credential-signing.md.
 */

const generateRsaKeyPair = promisify(generateKeyPair);

const RSA_BITS = 2048;
const ENCRYPTION_VERSION = "v1";

/** A separate key for this one purpose, so CREDENTIAL_KEY itself never meets the cipher. */
function wrappingKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", getCredentialKey(), Buffer.alloc(0), "peer-support-training/organization-signing-key/v1", 32));
}

function additionalData(organizationId: string, keyId: string): Buffer {
  return Buffer.from(`organization_keys:${organizationId}:${keyId}`, "utf8");
}

export function encryptPrivateKey(pkcs8Der: Buffer, organizationId: string, keyId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", wrappingKey(), iv);
  cipher.setAAD(additionalData(organizationId, keyId));
  const ciphertext = Buffer.concat([cipher.update(pkcs8Der), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [ENCRYPTION_VERSION, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** Thrown when a stored key cannot be decrypted: CREDENTIAL_KEY is not the one it was stored with. */
export class SigningKeyUnavailableError extends Error {
  constructor(organizationId: string) {
    super(
      `The signing key of organization ${organizationId} cannot be decrypted. CREDENTIAL_KEY (or CREDENTIAL_KEY_FILE) is not the key it was stored with.`,
    );
    this.name = "SigningKeyUnavailableError";
  }
}

export function decryptPrivateKey(stored: string, organizationId: string, keyId: string): KeyObject {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== ENCRYPTION_VERSION || !iv || !tag || !ciphertext) throw new SigningKeyUnavailableError(organizationId);
  try {
    const decipher = createDecipheriv("aes-256-gcm", wrappingKey(), Buffer.from(iv, "base64url"));
    decipher.setAAD(additionalData(organizationId, keyId));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const der = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]);
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch {
    throw new SigningKeyUnavailableError(organizationId);
  }
}

export interface NewOrganizationKey {
  id: string;
  organization_id: string;
  algorithm: "RS256";
  public_jwk: string;
  private_key_encrypted: string;
  created_at: string;
  retired_at: null;
}

/**
 * A fresh key pair for the organization, ready to insert. Generating takes a
 * moment of CPU, so callers do it before opening their transaction.
 */
export async function createOrganizationKey(organizationId: string, now = new Date().toISOString()): Promise<NewOrganizationKey> {
  const { publicKey, privateKey } = await generateRsaKeyPair("rsa", { modulusLength: RSA_BITS, publicExponent: 0x10001 });
  const id = generateId();
  const jwk = publicKey.export({ format: "jwk" });
  return {
    id,
    organization_id: organizationId,
    algorithm: "RS256",
    public_jwk: JSON.stringify({ kty: jwk.kty, n: jwk.n, e: jwk.e }),
    private_key_encrypted: encryptPrivateKey(privateKey.export({ format: "der", type: "pkcs8" }), organizationId, id),
    created_at: now,
    retired_at: null,
  };
}

export async function insertOrganizationKey(db: Db, key: NewOrganizationKey): Promise<void> {
  await db.insertInto("organization_keys").values(key).execute();
}

export interface SigningKey {
  id: string;
  organizationId: string;
  privateKey: KeyObject;
  publicJwk: JsonWebKey;
}

async function currentKeyRow(db: Db, organizationId: string) {
  return db
    .selectFrom("organization_keys")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("retired_at", "is", null)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * The organization's current signing key, decrypted for this one use.
 * Organizations created before keys existed get theirs here, the first time
 * they issue a record.
 */
export async function loadSigningKey(organizationId: string): Promise<SigningKey> {
  let row = await currentKeyRow(getDb(), organizationId);
  if (!row) {
    const fresh = await createOrganizationKey(organizationId);
    row = await getDb()
      .transaction()
      .execute(async (trx) => {
        // Another request may have made one meanwhile: keep the first.
        const existing = await currentKeyRow(trx, organizationId);
        if (existing) return existing;
        await insertOrganizationKey(trx, fresh);
        return { ...fresh };
      });
  }
  return {
    id: row.id,
    organizationId,
    privateKey: decryptPrivateKey(row.private_key_encrypted, organizationId, row.id),
    publicJwk: JSON.parse(row.public_jwk) as JsonWebKey,
  };
}

export interface PublicKeyView {
  id: string;
  jwk: JsonWebKey;
  createdAt: string;
  retiredAt: string | null;
}

/** Every public key the organization has signed with, retired ones too (old records still verify). */
export async function listOrganizationPublicKeys(organizationId: string): Promise<PublicKeyView[]> {
  const rows = await getDb()
    .selectFrom("organization_keys")
    .select(["id", "public_jwk", "created_at", "retired_at"])
    .where("organization_id", "=", organizationId)
    .orderBy("created_at")
    .execute();
  return rows.map((row) => ({ id: row.id, jwk: JSON.parse(row.public_jwk) as JsonWebKey, createdAt: row.created_at, retiredAt: row.retired_at }));
}

export async function findOrganizationPublicKey(organizationId: string, keyId: string): Promise<PublicKeyView | undefined> {
  return (await listOrganizationPublicKeys(organizationId)).find((key) => key.id === keyId);
}

