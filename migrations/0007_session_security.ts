import type { Kysely } from "kysely";

/**
 * Session and account security (issue 12; decisions 002 and 019).
 *
 * - sessions: the id column now holds the SHA-256 of the id in the cookie.
 *   Rows written before this migration hold raw ids, which any older copy of
 *   the database also holds, so they are deleted rather than converted:
 *   everyone signs in once more.
 * - known_devices: browsers that signed in to an account before, by the hash
 *   of their device cookie; they are spared the account's sign-in delay.
 * - mail_requests: each request that makes the site write to an address
 *   (reset link, sign-up, email change), by address typed and by caller, to
 *   limit how often anyone can make it write.
 * - sign_up_requests: a sign-up waiting for its address to be confirmed.
 *   Nothing becomes an account until the link sent to it is opened.
 * - email_changes: a new address waiting for confirmation; the account keeps
 *   its old address until then.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("sessions").execute();

  await db.schema
    .createTable("known_devices")
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_sign_in_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("known_devices_pk", ["token_hash", "user_id"])
    .execute();
  await db.schema.createIndex("known_devices_user").on("known_devices").column("user_id").execute();

  await db.schema
    .createTable("mail_requests")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("mail_requests_key_at").on("mail_requests").columns(["key", "at"]).execute();

  await db.schema
    .createTable("sign_up_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("redirect_to", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sign_up_requests_email").on("sign_up_requests").column("email").execute();

  await db.schema
    .createTable("email_changes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("new_email", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("requested_in_session", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("email_changes_user").on("email_changes").column("user_id").execute();
}
