import { type Kysely, sql } from "kysely";

/**
 * Scheduled work (decision 029): one row per job, which any server process
 * may take when it is due by writing a lease into it in a transaction; and
 * a row per run, for the admin's view and for proving each run happened once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("jobs")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("next_run_at", "text", (c) => c.notNull())
    .addColumn("lease_token", "text")
    .addColumn("lease_until", "text")
    .execute();
  await db.schema
    .createTable("job_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("job_name", "text", (c) => c.notNull().references("jobs.name").onDelete("cascade"))
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome in ('running', 'ok', 'failed')`))
    // What the run did, in words ("12 delivered mails forgotten"), or why it failed; never personal data.
    .addColumn("detail", "text")
    // Which server process ran it (its pid), to show that any one of them may.
    .addColumn("process", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("job_runs_recent").on("job_runs").columns(["started_at"]).execute();
}
