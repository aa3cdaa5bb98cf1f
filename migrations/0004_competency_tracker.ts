import { type Kysely, sql } from "kysely";

/**
 * Competency tracker (issue 6).
 *
 * 0003 made `case_identifier` unique across the whole database. A CASE
 * identifier names one published framework everywhere, so two organizations
 * importing the same package must both be able to hold it: identifiers become
 * unique per organization (frameworks) and per framework (competencies).
 * SQLite cannot drop a column's UNIQUE constraint, so both tables are rebuilt
 * the way SQLite documents (https://sqlite.org/lang_altertable.html, "making
 * other kinds of table schema changes"): foreign keys off outside the
 * transaction, copy, drop, rename, check, foreign keys back on. Evidence rows
 * point at competencies by `id`, which the copy keeps.
 *
 * Also added: a framework or competency can be retired (removed from its
 * source, its evidence kept), competencies know when they last changed (CASE
 * `lastChangeDateTime`), a framework keeps its attribution text, and evidence
 * refuses UPDATE: a later rating is a new row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await trx.schema
        .createTable("frameworks_next")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("organization_id", "text", (c) => c.references("organizations.id").onDelete("cascade"))
        .addColumn("slug", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("publisher", "text", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("licence", "text")
        .addColumn("attribution", "text")
        .addColumn("case_identifier", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('content', 'imported')`))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("retired_at", "text")
        .execute();
      await sql`insert into frameworks_next
        (id, organization_id, slug, title, publisher, description, licence, attribution, case_identifier, source, created_at, updated_at, retired_at)
        select id, organization_id, slug, title, publisher, description, licence, null, case_identifier, source, created_at, updated_at, null
        from frameworks`.execute(trx);
      await trx.schema.dropTable("frameworks").execute();
      await trx.schema.alterTable("frameworks_next").renameTo("frameworks").execute();
      // Shipped frameworks (no organization) share one namespace; each organization has its own.
      await trx.schema
        .createIndex("frameworks_shipped_case_identifier")
        .on("frameworks")
        .column("case_identifier")
        .unique()
        .where(sql.ref("organization_id"), "is", null)
        .execute();
      await trx.schema
        .createIndex("frameworks_imported_case_identifier")
        .on("frameworks")
        .columns(["organization_id", "case_identifier"])
        .unique()
        .where(sql.ref("organization_id"), "is not", null)
        .execute();

      await trx.schema
        .createTable("competencies_next")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("framework_id", "text", (c) => c.notNull().references("frameworks.id").onDelete("cascade"))
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("behaviours", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("case_identifier", "text", (c) => c.notNull())
        .addColumn("retired_at", "text")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("competencies_code_per_framework", ["framework_id", "code"])
        .addUniqueConstraint("competencies_case_identifier_per_framework", ["framework_id", "case_identifier"])
        .execute();
      await sql`insert into competencies_next
        (id, framework_id, code, title, description, behaviours, position, case_identifier, retired_at, updated_at)
        select c.id, c.framework_id, c.code, c.title, c.description, c.behaviours, c.position, c.case_identifier, c.retired_at, f.updated_at
        from competencies c join frameworks f on f.id = c.framework_id`.execute(trx);
      await trx.schema.dropTable("competencies").execute();
      await trx.schema.alterTable("competencies_next").renameTo("competencies").execute();

      const broken = await sql<{ table: string }>`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`foreign key check failed after rebuilding: ${JSON.stringify(broken.rows.slice(0, 5))}`);

      // Append-only, enforced below the application: a correction is a new row.
      // (DELETE stays possible so that removing a person or organization cascades.)
      await sql`create trigger competency_evidence_append_only
        before update on competency_evidence
        begin
          select raise(abort, 'competency evidence is append-only: record a new row instead');
        end`.execute(trx);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
