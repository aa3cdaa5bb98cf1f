import { sql, type Kysely } from "kysely";

/**
 * An imported framework is shown to trainees and trainers only once an admin
 * turns it on (`enabled_at`). Frameworks imported before this migration were
 * already in use, so they start on, as of their import.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("frameworks").addColumn("enabled_at", "text").execute();
  await sql`update frameworks set enabled_at = created_at where organization_id is not null`.execute(db);
}
