import { type Kysely, sql } from "kysely";

/**
 * Accommodations a trainer or admin grants a trainee: extra attempts at
 * quizzes and extra time on timed assessments (a multiplier or minutes),
 * for one quiz (module_slug and quiz_id) or for all (both null). Never
 * edited: a grant is withdrawn by setting revoked_at, and both are audited.
 * No reason is stored: why someone needs more time is health information
 * the platform does not need to hold.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("accommodations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("module_slug", "text")
    .addColumn("quiz_id", "text")
    .addColumn("extra_attempts", "integer", (c) => c.notNull().check(sql`extra_attempts between 0 and 20`))
    .addColumn("time_multiplier", "real", (c) => c.check(sql`time_multiplier is null or time_multiplier between 1 and 4`))
    .addColumn("extra_minutes", "integer", (c) => c.check(sql`extra_minutes is null or extra_minutes between 1 and 600`))
    .addColumn("granted_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("granted_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("revoked_by", "text", (c) => c.references("users.id"))
    .addCheckConstraint("accommodations_scope", sql`(module_slug is null) = (quiz_id is null)`)
    .addCheckConstraint("accommodations_something", sql`extra_attempts > 0 or time_multiplier is not null or extra_minutes is not null`)
    .execute();
  await db.schema.createIndex("accommodations_trainee").on("accommodations").columns(["organization_id", "user_id"]).execute();
}
