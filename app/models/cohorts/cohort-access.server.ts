import { getDb } from "~/db.server";
import type { Role } from "~/db/schema";

/**
 * Whether a member of the organization may see this trainee's learning: an
 * admin sees every member; a trainer sees trainees who share a cohort where
 * they are the trainer; anyone sees themselves. Nobody else does.
 */
export async function canSeeLearner(input: {
  organizationId: string;
  viewerId: string;
  viewerRole: Role;
  learnerId: string;
}): Promise<boolean> {
  const db = getDb();
  const member = await db
    .selectFrom("memberships")
    .select("user_id")
    .where("organization_id", "=", input.organizationId)
    .where("user_id", "=", input.learnerId)
    .executeTakeFirst();
  if (!member) return false;
  if (input.viewerId === input.learnerId || input.viewerRole === "admin") return true;
  if (input.viewerRole !== "trainer") return false;
  const shared = await db
    .selectFrom("cohort_members as taught")
    .innerJoin("cohort_members as teaching", "teaching.cohort_id", "taught.cohort_id")
    .innerJoin("cohorts", "cohorts.id", "taught.cohort_id")
    .select("cohorts.id")
    .where("cohorts.organization_id", "=", input.organizationId)
    .where("taught.user_id", "=", input.learnerId)
    .where("taught.role", "=", "trainee")
    .where("teaching.user_id", "=", input.viewerId)
    .where("teaching.role", "=", "trainer")
    .limit(1)
    .executeTakeFirst();
  return shared !== undefined;
}

/** Whether the member may run this cohort: its trainers, and every admin of its organization. */
export async function canManageCohort(input: {
  organizationId: string;
  viewerId: string;
  viewerRole: Role;
  cohortId: string;
}): Promise<boolean> {
  const cohort = await getDb()
    .selectFrom("cohorts")
    .select("id")
    .where("id", "=", input.cohortId)
    .where("organization_id", "=", input.organizationId)
    .executeTakeFirst();
  if (!cohort) return false;
  if (input.viewerRole === "admin") return true;
  if (input.viewerRole !== "trainer") return false;
  const trainer = await getDb()
    .selectFrom("cohort_members")
    .select("user_id")
    .where("cohort_id", "=", input.cohortId)
    .where("user_id", "=", input.viewerId)
    .where("role", "=", "trainer")
    .executeTakeFirst();
  return trainer !== undefined;
}
