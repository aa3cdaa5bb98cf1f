import { findModule, listModules } from "~/content/catalog.server";
import { cohortIdsManagedBy, type Viewer } from "~/auth/cohort-scope.server";
import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
import { sortAssignments } from "~/models/cohorts/assignment.server";
import { todayUtc } from "~/models/cohorts/cohort.server";
import { listModuleOverviews } from "~/models/learning/module-progress.server";
import { listSharedReflections, type SharedReflection } from "~/models/learning/reflection-comment.server";

export interface TraineeModuleRow {
  slug: string;
  title: string;
  dueOn: string | null;
  status: "not-started" | "in-progress" | "completed";
  overdue: boolean;
  fraction: number;
  completedAt: string | null;
}

export interface TraineeAttempt {
  id: string;
  moduleTitle: string;
  quizTitle: string;
  submittedAt: string;
  score: number;
  maxScore: number;
  passed: boolean;
}

export interface TraineeOverview {
  learner: { id: string; name: string; email: string };
  cohorts: { id: string; name: string; archived: boolean }[];
  assigned: TraineeModuleRow[];
  otherModules: TraineeModuleRow[];
  attempts: TraineeAttempt[];
  reflections: SharedReflection[];
}

/** How many quiz attempts the page lists, newest first. */
const ATTEMPT_LIMIT = 300;

/**
 * One trainee as a trainer or admin sees them, after the permission module
 * has said they may: the cohorts they share (for an admin, every cohort of
 * the trainee), the modules those cohorts assign and any others started,
 * quiz attempts with scores, and only the reflections the trainee shared.
 */
export async function getTraineeOverview(viewer: Viewer, learnerId: string): Promise<TraineeOverview> {
  const db = getDb();
  const learner = await db.selectFrom("users").select(["id", "display_name", "email"]).where("id", "=", learnerId).executeTakeFirst();
  if (!learner) throw new DomainError("We could not find that trainee among the people you support.", 404);
  const cohortQuery = db
    .selectFrom("cohorts")
    .innerJoin("cohort_members as taught", "taught.cohort_id", "cohorts.id")
    .select(["cohorts.id", "cohorts.name", "cohorts.archived_at"])
    .where("cohorts.id", "in", cohortIdsManagedBy(db, viewer))
    .where("taught.user_id", "=", learnerId)
    .where("taught.role", "=", "trainee");
  const cohorts = await cohortQuery.orderBy("cohorts.starts_on", "desc").execute();
  const scope = { organizationId: viewer.organizationId, userId: learnerId };
  const [assignments, overviews, attempts, reflections] = await Promise.all([
    cohorts.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom("assignments")
          .select(["module_slug", "due_on"])
          .where(
            "cohort_id",
            "in",
            cohorts.map((c) => c.id),
          )
          .execute(),
    listModuleOverviews(scope, listModules()),
    db
      .selectFrom("quiz_attempts")
      .select(["id", "module_slug", "quiz_id", "submitted_at", "score", "max_score", "passed"])
      .where("organization_id", "=", viewer.organizationId)
      .where("user_id", "=", learnerId)
      .orderBy("submitted_at", "desc")
      .limit(ATTEMPT_LIMIT)
      .execute(),
    listSharedReflections(viewer.organizationId, learnerId),
  ]);

  const today = todayUtc();
  const due = new Map<string, string | null>();
  for (const row of assignments) {
    const earlier = due.get(row.module_slug);
    if (!due.has(row.module_slug) || (row.due_on && (!earlier || row.due_on < earlier))) due.set(row.module_slug, row.due_on);
  }
  const rows = overviews.map((overview): TraineeModuleRow & { assigned: boolean } => {
    const dueOn = due.get(overview.slug) ?? null;
    return {
      slug: overview.slug,
      title: findModule(overview.slug)?.frontmatter.title ?? overview.slug,
      dueOn,
      status: overview.status,
      overdue: overview.status !== "completed" && dueOn !== null && dueOn < today,
      fraction: overview.fraction,
      completedAt: overview.completedAt ?? null,
      assigned: due.has(overview.slug),
    };
  });
  const strip = ({ assigned: _assigned, ...row }: TraineeModuleRow & { assigned: boolean }): TraineeModuleRow => row;
  return {
    learner: { id: learner.id, name: learner.display_name, email: learner.email },
    cohorts: cohorts.map((c) => ({ id: c.id, name: c.name, archived: c.archived_at !== null })),
    assigned: sortAssignments(rows.filter((r) => r.assigned).map(strip)),
    otherModules: rows.filter((r) => !r.assigned && r.status !== "not-started").map(strip),
    attempts: attempts.map((a) => {
      const module = findModule(a.module_slug);
      return {
        id: a.id,
        moduleTitle: module?.frontmatter.title ?? a.module_slug,
        quizTitle: module?.quizzes.find((q) => q.id === a.quiz_id)?.title ?? a.quiz_id,
        submittedAt: a.submitted_at,
        score: a.score,
        maxScore: a.max_score,
        passed: a.passed === 1,
      };
    }),
    reflections,
  };
}
