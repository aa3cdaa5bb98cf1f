import { type Kysely, sql } from "kysely";

/**
 * A paper is one attempt's draw: which questions were asked, in which order,
 * with each question's options in the order they were shown. It is written
 * when the trainee starts the quiz, before any answer, so that the server
 * grades against exactly what was shown and a review shows it again. An
 * attempt points at the paper it answered; the unique index lets a paper be
 * handed in once. Attempts from before papers keep paper_id null.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("quiz_papers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("module_slug", "text", (c) => c.notNull())
    .addColumn("quiz_id", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("questions", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addForeignKeyConstraint("quiz_papers_version_fk", ["module_slug", "content_hash"], "module_versions", ["module_slug", "content_hash"])
    .execute();
  await db.schema
    .createIndex("quiz_papers_user_quiz")
    .on("quiz_papers")
    .columns(["organization_id", "user_id", "module_slug", "quiz_id", "started_at"])
    .execute();
  await db.schema
    .alterTable("quiz_attempts")
    .addColumn("paper_id", "text", (c) => c.references("quiz_papers.id").onDelete("cascade"))
    .execute();
  await db.schema
    .createIndex("quiz_attempts_one_per_paper")
    .unique()
    .on("quiz_attempts")
    .column("paper_id")
    .where(sql.ref("paper_id"), "is not", null)
    .execute();
}
