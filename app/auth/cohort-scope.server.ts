import { sql, type SqlBool } from "kysely";
import { getDb, type Db } from "~/db.server";
import type { Role } from "~/db/schema";
import { managesEveryCohort } from "~/auth/roles";

/*
 * Who sees which cohorts and trainees, written once. A trainer sees the
 * cohorts they train and, through them, those cohorts' trainees; an admin
 * sees every cohort of the organization. Each rule is a subquery (Kysely's
 * reusable-helpers recipe) that models put into their own queries with
 * `where(column, "in", …)`, so a list is filtered by the database in the same
 * query and no model writes the trainer join again (decision 031). Every one
 * is scoped to one organization.
 */

export interface Viewer {
  organizationId: string;
  userId: string;
  role: Role;
}

/** Ids of the organization's cohorts where `userId` is a trainer. */
export function cohortIdsTrainedBy(db: Db, input: { organizationId: string; userId: string }) {
  return db
    .selectFrom("cohort_members as teaching")
    .innerJoin("cohorts as trained", "trained.id", "teaching.cohort_id")
    .select("teaching.cohort_id")
    .where("trained.organization_id", "=", input.organizationId)
    .where("teaching.user_id", "=", input.userId)
    .where("teaching.role", "=", "trainer");
}

/** Ids of the trainees in the cohorts `userId` trains in the organization. */
export function traineeIdsTaughtBy(db: Db, input: { organizationId: string; userId: string }) {
  return db
    .selectFrom("cohort_members as taught")
    .select("taught.user_id")
    .where("taught.role", "=", "trainee")
    .where("taught.cohort_id", "in", cohortIdsTrainedBy(db, input));
}

/** Ids of the cohorts the member may run: all of the organization's for an admin, their own for a trainer, none for a trainee. */
export function cohortIdsManagedBy(db: Db, viewer: Viewer) {
  const all = db.selectFrom("cohorts as managed").select("managed.id").where("managed.organization_id", "=", viewer.organizationId);
  if (managesEveryCohort(viewer.role)) return all;
  if (viewer.role === "trainer") return all.where("managed.id", "in", cohortIdsTrainedBy(db, viewer));
  return all.where(sql<SqlBool>`1 = 0`);
}

/**
 * Whether the member may see this trainee's learning: an admin sees every
 * member; a trainer sees the trainees of the cohorts they train; anyone sees
 * themselves. Nobody else does, and nobody outside the organization.
 */
export async function canSeeLearner(viewer: Viewer, learnerId: string): Promise<boolean> {
  const db = getDb();
  const member = await db
    .selectFrom("memberships")
    .select("user_id")
    .where("organization_id", "=", viewer.organizationId)
    .where("user_id", "=", learnerId)
    .executeTakeFirst();
  if (!member) return false;
  if (viewer.userId === learnerId || managesEveryCohort(viewer.role)) return true;
  if (viewer.role !== "trainer") return false;
  const taught = await db
    .selectFrom("users")
    .select("id")
    .where("id", "=", learnerId)
    .where("id", "in", traineeIdsTaughtBy(db, viewer))
    .executeTakeFirst();
  return taught !== undefined;
}

/** Whether the member may run this cohort: its trainers, and every admin of its organization. */
export async function canManageCohort(viewer: Viewer, cohortId: string): Promise<boolean> {
  const db = getDb();
  const cohort = await db.selectFrom("cohorts").select("id").where("id", "=", cohortId).where("id", "in", cohortIdsManagedBy(db, viewer)).executeTakeFirst();
  return cohort !== undefined;
}
