import { type Kysely, sql } from "kysely";

/**
 * Joining a cohort needs the trainee's consent (issue 12, finding 2; decision 021).
 *
 * - cohort_requests: a trainer's request to add an existing member to a
 *   cohort, and its answer. A request is never a cohort membership: the
 *   person is in `cohort_members` (and visible to the cohort's trainers) only
 *   once they accept, so no access rule can mistake a request for a member.
 *   Answered requests stay, so a trainer cannot ask again after a "no".
 * - invitations.superseded_by: an invitation settled because the person
 *   accepted another invitation to the same organization for the same address.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("cohort_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("cohort_id", "text", (c) => c.notNull().references("cohorts.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("requested_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("requested_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'accepted', 'declined', 'withdrawn')`))
    .addColumn("answered_at", "text")
    .addColumn("answered_by", "text", (c) => c.references("users.id"))
    .addCheckConstraint("cohort_requests_answered", sql`(status = 'pending') = (answered_at is null)`)
    .execute();
  // At most one open request per person and cohort.
  await db.schema
    .createIndex("cohort_requests_open")
    .on("cohort_requests")
    .columns(["cohort_id", "user_id"])
    .unique()
    .where(sql.ref("status"), "=", "pending")
    .execute();
  // A trainee's own open requests, on their home page.
  await db.schema.createIndex("cohort_requests_user").on("cohort_requests").columns(["user_id", "organization_id", "status"]).execute();

  await db.schema.alterTable("invitations").addColumn("superseded_by", "text", (c) => c.references("invitations.id")).execute();
}
