import type { Kysely, Transaction } from "kysely";
import { isModuleComplete, moduleProgressFraction, type LearnerState } from "~/content/completion";
import type { CompiledModule } from "~/content/types";
import { getDb } from "~/db.server";
import type { Database } from "~/db/schema";

type Db = Kysely<Database> | Transaction<Database>;

export interface LearnerScope {
  organizationId: string;
  userId: string;
}

export type ModuleStatus = "not-started" | "in-progress" | "completed";

/** Notes that the trainee opened a section: starts the module, remembers where to resume. */
export async function recordSectionVisit(scope: LearnerScope, module: CompiledModule, sectionId: string): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const row = await ensureProgressRow(trx, scope, module.slug);
      const seen = new Set<string>(JSON.parse(row.sections_seen) as string[]);
      seen.add(sectionId);
      await trx
        .updateTable("module_progress")
        .set({ last_section: sectionId, sections_seen: JSON.stringify([...seen]), updated_at: new Date().toISOString() })
        .where("organization_id", "=", scope.organizationId)
        .where("user_id", "=", scope.userId)
        .where("module_slug", "=", module.slug)
        .execute();
    });
}

export async function ensureProgressRow(db: Db, scope: LearnerScope, moduleSlug: string) {
  const now = new Date().toISOString();
  await db
    .insertInto("module_progress")
    .values({
      organization_id: scope.organizationId,
      user_id: scope.userId,
      module_slug: moduleSlug,
      started_at: now,
      updated_at: now,
      last_section: null,
      sections_seen: "[]",
      completed_at: null,
    })
    .onConflict((oc) => oc.columns(["organization_id", "user_id", "module_slug"]).doNothing())
    .execute();
  return db
    .selectFrom("module_progress")
    .selectAll()
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId)
    .where("module_slug", "=", moduleSlug)
    .executeTakeFirstOrThrow();
}

async function learnerStates(db: Db, scope: LearnerScope, moduleSlug?: string) {
  let progressQuery = db
    .selectFrom("module_progress")
    .select(["module_slug", "sections_seen", "last_section", "completed_at", "started_at", "updated_at"])
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId);
  let passedQuery = db
    .selectFrom("quiz_attempts")
    .select(["module_slug", "quiz_id"])
    .distinct()
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId)
    .where("passed", "=", 1);
  let reflectionQuery = db
    .selectFrom("reflections")
    .select(["module_slug", "prompt_id"])
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId);
  if (moduleSlug) {
    progressQuery = progressQuery.where("module_slug", "=", moduleSlug);
    passedQuery = passedQuery.where("module_slug", "=", moduleSlug);
    reflectionQuery = reflectionQuery.where("module_slug", "=", moduleSlug);
  }
  const [progress, passed, reflections] = await Promise.all([
    progressQuery.execute(),
    passedQuery.execute(),
    reflectionQuery.execute(),
  ]);
  const states = new Map<string, LearnerState & { row?: (typeof progress)[number] }>();
  const stateOf = (slug: string) => {
    let state = states.get(slug);
    if (!state) {
      state = { sectionsSeen: new Set(), passedQuizzes: new Set(), answeredReflections: new Set() };
      states.set(slug, state);
    }
    return state as { sectionsSeen: Set<string>; passedQuizzes: Set<string>; answeredReflections: Set<string>; row?: (typeof progress)[number] };
  };
  for (const row of progress) {
    const state = stateOf(row.module_slug);
    state.row = row;
    for (const id of JSON.parse(row.sections_seen) as string[]) state.sectionsSeen.add(id);
  }
  for (const row of passed) stateOf(row.module_slug).passedQuizzes.add(row.quiz_id);
  for (const row of reflections) stateOf(row.module_slug).answeredReflections.add(row.prompt_id);
  return states;
}

/**
 * Records completion the first time the module's rules are met; a later
 * change (a deleted reflection, a failed retake) never moves the date.
 */
export async function completeModuleIfDone(db: Db, scope: LearnerScope, module: CompiledModule): Promise<void> {
  const state = (await learnerStates(db, scope, module.slug)).get(module.slug);
  if (!state || state.row?.completed_at || !isModuleComplete(module, state)) return;
  await ensureProgressRow(db, scope, module.slug);
  await db
    .updateTable("module_progress")
    .set({ completed_at: new Date().toISOString() })
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId)
    .where("module_slug", "=", module.slug)
    .where("completed_at", "is", null)
    .execute();
}

export interface ModuleOverview {
  slug: string;
  status: ModuleStatus;
  fraction: number;
  lastSection: string | null;
  completedAt: string | null;
  updatedAt: string | null;
}

/** Status and progress of every given module for one trainee, in three queries whatever the count. */
export async function listModuleOverviews(scope: LearnerScope, modules: CompiledModule[]): Promise<ModuleOverview[]> {
  const states = await learnerStates(getDb(), scope);
  return modules.map((module) => {
    const state = states.get(module.slug);
    const row = state?.row;
    return {
      slug: module.slug,
      status: row?.completed_at ? "completed" : row ? "in-progress" : "not-started",
      fraction: row?.completed_at ? 1 : state ? moduleProgressFraction(module, state) : 0,
      lastSection: row?.last_section ?? null,
      completedAt: row?.completed_at ?? null,
      updatedAt: row?.updated_at ?? null,
    };
  });
}
