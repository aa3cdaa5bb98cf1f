import { type Kysely, sql } from "kysely";

/**
 * Mail waits here from the transaction that causes it until a server process
 * delivers it (decision 029). A message's body carries link tokens, so it is
 * stored sealed (AES-256-GCM under a key derived from CREDENTIAL_KEY) and
 * erased once delivered; the row stays as the record of who was sent what.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    // Null for mail about an account rather than an organization (password reset, sign-up, address change).
    .addColumn("organization_id", "text", (c) => c.references("organizations.id").onDelete("cascade"))
    .addColumn("recipient_user_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body_sealed", "text")
    // Set for mail that must go at most once per cause (a reminder for one due date): a second insert is ignored.
    .addColumn("idempotency_key", "text", (c) => c.unique())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('queued', 'sending', 'sent', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("lease_token", "text")
    .addColumn("lease_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("outbox_due").on("outbox").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("outbox_organization").on("outbox").columns(["organization_id", "status", "created_at"]).execute();
}
