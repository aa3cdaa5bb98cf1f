import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Competency frameworks: shipped ones (organization_id null) are synced from
  // content/frameworks; imported CASE packages belong to one organization.
  await db.schema
    .createTable("frameworks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.references("organizations.id").onDelete("cascade"))
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("publisher", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("licence", "text")
    .addColumn("case_identifier", "text", (c) => c.notNull().unique())
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('content', 'imported')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("competencies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("framework_id", "text", (c) => c.notNull().references("frameworks.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("behaviours", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("case_identifier", "text", (c) => c.notNull().unique())
    .addColumn("retired_at", "text")
    .addUniqueConstraint("competencies_code_per_framework", ["framework_id", "code"])
    .execute();

  // Append-only: a later rating is a new row, never an update.
  await db.schema
    .createTable("competency_evidence")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("competency_id", "text", (c) => c.notNull().references("competencies.id"))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('quiz', 'reflection', 'observation', 'self_assessment')`),
    )
    .addColumn("source_ref", "text", (c) => c.notNull())
    .addColumn("rating", "integer")
    .addColumn("note", "text")
    .addColumn("recorded_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("competency_evidence_learner")
    .on("competency_evidence")
    .columns(["organization_id", "user_id", "competency_id", "recorded_at"])
    .execute();

  await db.schema
    .createTable("cohorts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("starts_on", "text", (c) => c.notNull())
    .addColumn("ends_on", "text", (c) => c.notNull())
    .addColumn("archived_at", "text")
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("cohorts_organization").on("cohorts").columns(["organization_id", "starts_on"]).execute();

  await db.schema
    .createTable("cohort_members")
    .addColumn("cohort_id", "text", (c) => c.notNull().references("cohorts.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('trainer', 'trainee')`))
    .addColumn("added_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("cohort_members_pk", ["cohort_id", "user_id"])
    .execute();
  await db.schema.createIndex("cohort_members_user").on("cohort_members").columns(["user_id", "role"]).execute();

  await db.schema
    .createTable("assignments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("cohort_id", "text", (c) => c.notNull().references("cohorts.id").onDelete("cascade"))
    .addColumn("module_slug", "text", (c) => c.notNull())
    .addColumn("due_on", "text")
    .addColumn("assigned_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("assigned_at", "text", (c) => c.notNull())
    .addUniqueConstraint("assignments_one_per_module", ["cohort_id", "module_slug"])
    .execute();

  await db.schema.alterTable("invitations").addColumn("cohort_id", "text", (c) => c.references("cohorts.id").onDelete("set null")).execute();

  await db.schema
    .createTable("reflection_comments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("reflection_id", "text", (c) => c.notNull().references("reflections.id").onDelete("cascade"))
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("reflection_comments_reflection").on("reflection_comments").columns(["reflection_id", "created_at"]).execute();
}
