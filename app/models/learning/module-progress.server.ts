import { isModuleComplete, moduleProgressFraction, type LearnerState } from "~/content/completion";
import type { CompiledModule } from "~/content/types";
import { getDb, type Db } from "~/db.server";
import { DomainError } from "~/domain-error";

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

type ModuleState = LearnerState & { row?: { last_section: string | null; completed_at: string | null; updated_at: string } };

function overviewOf(module: CompiledModule, state: ModuleState | undefined): ModuleOverview {
  const row = state?.row;
  return {
    slug: module.slug,
    status: row?.completed_at ? "completed" : row ? "in-progress" : "not-started",
    fraction: row?.completed_at ? 1 : state ? moduleProgressFraction(module, state) : 0,
    lastSection: row?.last_section ?? null,
    completedAt: row?.completed_at ?? null,
    updatedAt: row?.updated_at ?? null,
  };
}

/** Status and progress of every given module for one trainee, in three queries whatever the count. */
export async function listModuleOverviews(scope: LearnerScope, modules: CompiledModule[]): Promise<ModuleOverview[]> {
  const states = await learnerStates(getDb(), scope);
  return modules.map((module) => overviewOf(module, states.get(module.slug)));
}

export type ModuleOpening =
  | { view: "notes" }
  | { view: "section"; index: number; progress: ModuleOverview };

/**
 * Where a trainee lands on opening a module. Before they start one that has
 * content notes, the notes come first, with a way around them
 * (trauma-informed); otherwise the part they asked for, or where they left
 * off, or the first part. Opening a part records the visit, and the progress
 * returned counts it. A part that does not exist is a 404 refusal.
 */
export async function openModule(scope: LearnerScope, module: CompiledModule, requested: string | null): Promise<ModuleOpening> {
  const state = (await learnerStates(getDb(), scope, module.slug)).get(module.slug);
  const before = overviewOf(module, state);
  if (!requested && module.frontmatter.contentNotes.length > 0 && before.status === "not-started") return { view: "notes" };
  const sectionId = requested ?? before.lastSection ?? module.sections[0]!.id;
  const index = module.sections.findIndex((s) => s.id === sectionId);
  if (index < 0) throw new DomainError("That part of the module does not exist.", 404);
  await recordSectionVisit(scope, module, sectionId);
  // The visit changes only the sections seen and the place to resume; the rest is as read above.
  const now = new Date().toISOString();
  const after: ModuleState = {
    sectionsSeen: new Set([...(state?.sectionsSeen ?? []), sectionId]),
    passedQuizzes: state?.passedQuizzes ?? new Set(),
    answeredReflections: state?.answeredReflections ?? new Set(),
    row: { last_section: sectionId, completed_at: state?.row?.completed_at ?? null, updated_at: now },
  };
  return { view: "section", index, progress: overviewOf(module, after) };
}
