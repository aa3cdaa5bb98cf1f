import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("module_versions")
    .addColumn("module_slug", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("module_versions_pk", ["module_slug", "content_hash"])
    .execute();

  await db.schema
    .createTable("module_progress")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("module_slug", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("last_section", "text")
    .addColumn("sections_seen", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("completed_at", "text")
    .addPrimaryKeyConstraint("module_progress_pk", ["organization_id", "user_id", "module_slug"])
    .execute();
  await db.schema
    .createIndex("module_progress_user_updated")
    .on("module_progress")
    .columns(["organization_id", "user_id", "updated_at"])
    .execute();

  await db.schema
    .createTable("quiz_attempts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("module_slug", "text", (c) => c.notNull())
    .addColumn("quiz_id", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("score", "real", (c) => c.notNull())
    .addColumn("max_score", "real", (c) => c.notNull())
    .addColumn("passed", "integer", (c) => c.notNull().check(sql`passed in (0, 1)`))
    .addForeignKeyConstraint("quiz_attempts_version_fk", ["module_slug", "content_hash"], "module_versions", [
      "module_slug",
      "content_hash",
    ])
    .execute();
  await db.schema
    .createIndex("quiz_attempts_user_module")
    .on("quiz_attempts")
    .columns(["organization_id", "user_id", "module_slug", "submitted_at"])
    .execute();

  await db.schema
    .createTable("quiz_answers")
    .addColumn("attempt_id", "text", (c) => c.notNull().references("quiz_attempts.id").onDelete("cascade"))
    .addColumn("question_id", "text", (c) => c.notNull())
    .addColumn("answer", "text", (c) => c.notNull())
    .addColumn("score", "real", (c) => c.notNull())
    .addPrimaryKeyConstraint("quiz_answers_pk", ["attempt_id", "question_id"])
    .execute();

  await db.schema
    .createTable("reflections")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("module_slug", "text", (c) => c.notNull())
    .addColumn("prompt_id", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("visibility", "text", (c) => c.notNull().defaultTo("private").check(sql`visibility in ('private', 'shared')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("shared_at", "text")
    .addForeignKeyConstraint("reflections_version_fk", ["module_slug", "content_hash"], "module_versions", [
      "module_slug",
      "content_hash",
    ])
    .addUniqueConstraint("reflections_one_per_prompt", ["organization_id", "user_id", "module_slug", "prompt_id"])
    .execute();
}
