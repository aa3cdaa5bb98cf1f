import { type Kysely, sql } from "kysely";

/**
 * Programmes and completion records (issue 8).
 *
 * - organization_keys: each organization's RSA key pair for signing
 *   credentials; the private key is stored encrypted (AES-256-GCM under
 *   CREDENTIAL_KEY). A later key is a new row, so old credentials keep
 *   verifying against the key that signed them.
 * - programmes with their required modules and competencies: what completion
 *   means in one organization.
 * - programme_sign_offs: a trainer's sign-off, when a programme asks for one.
 * - completion_records: never edited and never deleted (triggers below);
 *   the only change allowed is revocation, once.
 * - verification_misses: unknown codes asked for, per address, to slow down
 *   anyone trying codes at random.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organization_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("algorithm", "text", (c) => c.notNull().check(sql`algorithm in ('RS256')`))
    .addColumn("public_jwk", "text", (c) => c.notNull())
    .addColumn("private_key_encrypted", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("retired_at", "text")
    .execute();
  await db.schema.createIndex("organization_keys_organization").on("organization_keys").columns(["organization_id", "created_at"]).execute();

  await db.schema
    .createTable("programmes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("requires_sign_off", "integer", (c) => c.notNull().check(sql`requires_sign_off in (0, 1)`))
    .addColumn("validity_months", "integer", (c) => c.check(sql`validity_months is null or validity_months between 1 and 120`))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("archived_at", "text")
    .execute();
  await db.schema.createIndex("programmes_organization").on("programmes").columns(["organization_id", "title"]).execute();

  await db.schema
    .createTable("programme_modules")
    .addColumn("programme_id", "text", (c) => c.notNull().references("programmes.id").onDelete("cascade"))
    .addColumn("module_slug", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("programme_modules_pk", ["programme_id", "module_slug"])
    .execute();

  await db.schema
    .createTable("programme_competencies")
    .addColumn("programme_id", "text", (c) => c.notNull().references("programmes.id").onDelete("cascade"))
    .addColumn("competency_id", "text", (c) => c.notNull().references("competencies.id"))
    .addColumn("min_level", "text", (c) => c.notNull().check(sql`min_level in ('developing', 'demonstrated', 'verified')`))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("programme_competencies_pk", ["programme_id", "competency_id"])
    .execute();

  await db.schema
    .createTable("programme_sign_offs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("programme_id", "text", (c) => c.notNull().references("programmes.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("signed_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("signed_at", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("withdrawn_at", "text")
    .addColumn("withdrawn_by", "text", (c) => c.references("users.id"))
    .execute();
  await db.schema
    .createIndex("programme_sign_offs_current")
    .on("programme_sign_offs")
    .columns(["programme_id", "user_id"])
    .unique()
    .where(sql.ref("withdrawn_at"), "is", null)
    .execute();

  await db.schema
    .createTable("completion_records")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("programme_id", "text", (c) => c.notNull().references("programmes.id"))
    .addColumn("verification_code", "text", (c) => c.notNull().unique())
    .addColumn("issued_at", "text", (c) => c.notNull())
    .addColumn("issued_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("valid_until", "text")
    .addColumn("holder_name", "text", (c) => c.notNull())
    .addColumn("programme_title", "text", (c) => c.notNull())
    .addColumn("organization_name", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("credential", "text", (c) => c.notNull())
    .addColumn("credential_jwt", "text", (c) => c.notNull())
    .addColumn("key_id", "text", (c) => c.notNull().references("organization_keys.id"))
    .addColumn("status_list_index", "integer", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("revoked_by", "text", (c) => c.references("users.id"))
    .addColumn("revoke_reason", "text")
    .addUniqueConstraint("completion_records_status_index", ["organization_id", "status_list_index"])
    .execute();
  await db.schema.createIndex("completion_records_organization").on("completion_records").columns(["organization_id", "issued_at"]).execute();
  await db.schema.createIndex("completion_records_holder").on("completion_records").columns(["organization_id", "user_id"]).execute();

  // A record is a statement the organization signed: it is never changed.
  // Revocation (once, with who and why) is the only update; nothing deletes one.
  await sql`create trigger completion_records_immutable
    before update on completion_records
    when old.revoked_at is not null
      or new.revoked_at is null
      or new.revoked_by is null
      or new.revoke_reason is null
      or new.id is not old.id
      or new.organization_id is not old.organization_id
      or new.user_id is not old.user_id
      or new.programme_id is not old.programme_id
      or new.verification_code is not old.verification_code
      or new.issued_at is not old.issued_at
      or new.issued_by is not old.issued_by
      or new.valid_until is not old.valid_until
      or new.holder_name is not old.holder_name
      or new.programme_title is not old.programme_title
      or new.organization_name is not old.organization_name
      or new.summary is not old.summary
      or new.credential is not old.credential
      or new.credential_jwt is not old.credential_jwt
      or new.key_id is not old.key_id
      or new.status_list_index is not old.status_list_index
    begin
      select raise(abort, 'completion records are immutable: revoke this one and issue a new record');
    end`.execute(db);
  await sql`create trigger completion_records_no_delete
    before delete on completion_records
    begin
      select raise(abort, 'completion records are never deleted: revoke instead');
    end`.execute(db);

  await db.schema
    .createTable("verification_misses")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("verification_misses_key_at").on("verification_misses").columns(["key", "at"]).execute();
}
