import { generateId } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
import type { LearnerScope } from "~/models/learning/module-progress.server";
import { recordAudit } from "~/models/organizations/audit.server";
import { findModule } from "~/content/catalog.server";

export interface AccommodationGrant {
  /** Null: every quiz. */
  quiz: { moduleSlug: string; quizId: string } | null;
  extraAttempts: number;
  timeMultiplier: number | null;
  extraMinutes: number | null;
}

export interface Accommodation extends AccommodationGrant {
  id: string;
  grantedAt: string;
  grantedBy: string;
}

/**
 * Grants a trainee extra attempts and extra time. The caller has been let
 * through `requireAccommodationGranter` (app/auth); granting oneself is
 * refused here too, since a trainer counts as able to see their own learning.
 * Audited in the same transaction; the audit entry holds what was granted,
 * never why.
 */
export async function grantAccommodation(input: { organizationId: string; granterId: string; traineeId: string; grant: AccommodationGrant }) {
  const { grant } = input;
  if (input.granterId === input.traineeId) throw new DomainError("You cannot grant yourself extra attempts or time. Ask another trainer or an admin.", 403);
  if (grant.quiz && !findModule(grant.quiz.moduleSlug)?.quizzes.some((q) => q.id === grant.quiz!.quizId)) {
    throw new DomainError("That quiz was not found. Choose one from the list.", 400, "quiz");
  }
  if (grant.extraAttempts === 0 && grant.timeMultiplier === null && grant.extraMinutes === null) {
    throw new DomainError("Grant extra attempts, extra time, or both.", 400);
  }
  const id = generateId();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto("accommodations")
        .values({
          id,
          organization_id: input.organizationId,
          user_id: input.traineeId,
          module_slug: grant.quiz?.moduleSlug ?? null,
          quiz_id: grant.quiz?.quizId ?? null,
          extra_attempts: grant.extraAttempts,
          time_multiplier: grant.timeMultiplier,
          extra_minutes: grant.extraMinutes,
          granted_by: input.granterId,
          granted_at: new Date().toISOString(),
          revoked_at: null,
          revoked_by: null,
        })
        .execute();
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.granterId,
        action: "accommodation.granted",
        subject: `user:${input.traineeId}`,
        data: { accommodationId: id, ...grant },
      });
    });
  return id;
}

/** Withdraws a grant of this trainee; another trainee's or organization's id is not found. */
export async function withdrawAccommodation(input: { organizationId: string; actorId: string; traineeId: string; accommodationId: string }) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const changed = await trx
        .updateTable("accommodations")
        .set({ revoked_at: new Date().toISOString(), revoked_by: input.actorId })
        .where("id", "=", input.accommodationId)
        .where("organization_id", "=", input.organizationId)
        .where("user_id", "=", input.traineeId)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) !== 1) throw new DomainError("That accommodation was not found, or was already withdrawn.", 404);
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "accommodation.withdrawn",
        subject: `user:${input.traineeId}`,
        data: { accommodationId: input.accommodationId },
      });
    });
}

/** The trainee's grants in force, newest first. */
export async function listAccommodations(scope: LearnerScope): Promise<Accommodation[]> {
  const rows = await getDb()
    .selectFrom("accommodations")
    .selectAll()
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId)
    .where("revoked_at", "is", null)
    .orderBy("granted_at", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    quiz: row.module_slug && row.quiz_id ? { moduleSlug: row.module_slug, quizId: row.quiz_id } : null,
    extraAttempts: row.extra_attempts,
    timeMultiplier: row.time_multiplier,
    extraMinutes: row.extra_minutes,
    grantedAt: row.granted_at,
    grantedBy: row.granted_by,
  }));
}

/** Extra attempts at one quiz: grants for that quiz and grants for every quiz, added up. */
export function extraAttemptsFor(accommodations: readonly Accommodation[], moduleSlug: string, quizId: string): number {
  return accommodations
    .filter((a) => a.quiz === null || (a.quiz.moduleSlug === moduleSlug && a.quiz.quizId === quizId))
    .reduce((sum, a) => sum + a.extraAttempts, 0);
}
