import type { Transaction } from "kysely";
import { generateId } from "~/auth/tokens.server";
import { findModule, listModules } from "~/content/catalog.server";
import { getDb } from "~/db.server";
import type { Database } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { requireCohortRow, todayUtc } from "~/models/cohorts/cohort.server";
import { getProgramme, listProgrammeModuleSets } from "~/models/records/programme.server";

export interface CohortAssignment {
  id: string;
  moduleSlug: string;
  title: string;
  dueOn: string | null;
  assignedAt: string;
}

/** The cohort's assigned modules, by due date (undated last), then by title. */
export async function listCohortAssignments(organizationId: string, cohortId: string): Promise<CohortAssignment[]> {
  await requireCohortRow(getDb(), { organizationId, cohortId });
  const rows = await getDb()
    .selectFrom("assignments")
    .select(["id", "module_slug", "due_on", "assigned_at"])
    .where("cohort_id", "=", cohortId)
    .execute();
  return sortAssignments(
    rows.map((row) => ({
      id: row.id,
      moduleSlug: row.module_slug,
      title: findModule(row.module_slug)?.frontmatter.title ?? row.module_slug,
      dueOn: row.due_on,
      assignedAt: row.assigned_at,
    })),
  );
}

export function sortAssignments<T extends { dueOn: string | null; title: string }>(rows: T[]): T[] {
  return [...rows].sort(
    (a, b) => (a.dueOn ?? "9999-12-31").localeCompare(b.dueOn ?? "9999-12-31") || a.title.localeCompare(b.title),
  );
}

function checkDueDate(dueOn: string | null, cohort: { starts_on: string; ends_on: string }) {
  if (dueOn !== null && (dueOn < cohort.starts_on || dueOn > cohort.ends_on)) {
    throw new DomainError(
      `Choose a due date between the cohort's start (${cohort.starts_on}) and end (${cohort.ends_on}), or leave it empty.`,
      400,
      "dueOn",
    );
  }
}

/** Assigns several modules at once with one due date (or none), all or nothing. */
export async function assignModules(input: {
  organizationId: string;
  cohortId: string;
  actorId: string;
  moduleSlugs: string[];
  dueOn: string | null;
}): Promise<void> {
  if (input.moduleSlugs.length === 0) throw new DomainError("Choose at least one module to assign.", 400, "moduleSlugs");
  const unknown = input.moduleSlugs.find((slug) => !findModule(slug));
  if (unknown) throw new DomainError("One of the chosen modules is no longer in the catalog. Reload the page and choose again.", 400, "moduleSlugs");
  if (new Set(input.moduleSlugs).size !== input.moduleSlugs.length) {
    throw new DomainError("A module was chosen twice. Reload the page and choose again.", 400, "moduleSlugs");
  }
  const now = new Date().toISOString();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const cohort = await requireCohortRow(trx, { organizationId: input.organizationId, cohortId: input.cohortId, forChange: true });
      checkDueDate(input.dueOn, cohort);
      const already = await trx
        .selectFrom("assignments")
        .select("module_slug")
        .where("cohort_id", "=", input.cohortId)
        .where("module_slug", "in", input.moduleSlugs)
        .execute();
      if (already.length > 0) {
        const titles = already.map((row) => `“${findModule(row.module_slug)?.frontmatter.title ?? row.module_slug}”`).join(", ");
        throw new DomainError(`Already assigned: ${titles}. Change a due date in the list of assigned modules instead.`, 409, "moduleSlugs");
      }
      await insertAssignments(trx, { ...input, now });
    });
}

/** One assignment row per module, all with the same due date, inside the caller's transaction. */
async function insertAssignments(
  trx: Transaction<Database>,
  input: { cohortId: string; actorId: string; moduleSlugs: string[]; dueOn: string | null; now: string },
): Promise<void> {
  if (input.moduleSlugs.length === 0) return;
  await trx
    .insertInto("assignments")
    .values(
      input.moduleSlugs.map((slug) => ({
        id: generateId(),
        cohort_id: input.cohortId,
        module_slug: slug,
        due_on: input.dueOn,
        assigned_by: input.actorId,
        assigned_at: input.now,
      })),
    )
    .execute();
}

export interface ProgrammeAssignment {
  programmeTitle: string;
  /** Titles of the modules assigned now, in the programme's order. */
  added: string[];
  /** Modules of the programme the cohort had already; they keep their due dates. */
  alreadyAssigned: number;
}

/**
 * Assigns every module of a programme that the cohort does not have yet, with
 * one due date (or none), in one transaction. Modules already assigned stay
 * as they are; modules that left the catalog are skipped.
 */
export async function assignProgrammeModules(input: {
  organizationId: string;
  cohortId: string;
  actorId: string;
  programmeId: string;
  dueOn: string | null;
}): Promise<ProgrammeAssignment> {
  const now = new Date().toISOString();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const cohort = await requireCohortRow(trx, { organizationId: input.organizationId, cohortId: input.cohortId, forChange: true });
      checkDueDate(input.dueOn, cohort);
      const programme = await getProgramme(input.organizationId, input.programmeId, trx).catch((error: unknown) => {
        if (error instanceof DomainError && error.status === 404) throw new DomainError("That programme was not found. Reload the page and choose again.", 404, "programmeId");
        throw error;
      });
      if (programme.archivedAt) throw new DomainError(`“${programme.title}” is archived. Choose a current programme.`, 409, "programmeId");
      const modules = programme.modules.filter((m) => m.available);
      if (modules.length === 0) throw new DomainError(`“${programme.title}” has no modules to assign.`, 409, "programmeId");
      const taken = new Set(
        (await trx.selectFrom("assignments").select("module_slug").where("cohort_id", "=", input.cohortId).execute()).map((row) => row.module_slug),
      );
      const toAdd = modules.filter((m) => !taken.has(m.slug));
      await insertAssignments(trx, { ...input, moduleSlugs: toAdd.map((m) => m.slug), now });
      return { programmeTitle: programme.title, added: toAdd.map((m) => m.title), alreadyAssigned: modules.length - toAdd.length };
    });
}

export async function changeAssignmentDueDate(input: {
  organizationId: string;
  cohortId: string;
  assignmentId: string;
  dueOn: string | null;
}): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const cohort = await requireCohortRow(trx, { organizationId: input.organizationId, cohortId: input.cohortId, forChange: true });
      checkDueDate(input.dueOn, cohort);
      const changed = await trx
        .updateTable("assignments")
        .set({ due_on: input.dueOn })
        .where("id", "=", input.assignmentId)
        .where("cohort_id", "=", input.cohortId)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) throw new DomainError("That assigned module was not found. Reload the page.", 404);
    });
}

/** Takes a module off the cohort's list; the trainees' own progress in it is kept. */
export async function removeAssignment(input: { organizationId: string; cohortId: string; assignmentId: string }): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await requireCohortRow(trx, { organizationId: input.organizationId, cohortId: input.cohortId, forChange: true });
      const removed = await trx
        .deleteFrom("assignments")
        .where("id", "=", input.assignmentId)
        .where("cohort_id", "=", input.cohortId)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw new DomainError("That assigned module was not found. Reload the page.", 404);
    });
}

export interface LearnerAssignment {
  moduleSlug: string;
  title: string;
  minutes: number;
  /** The earliest due date when several of the trainee's cohorts assign the module. */
  dueOn: string | null;
  cohorts: string[];
  status: "not-started" | "in-progress" | "completed";
  completedAt: string | null;
  overdue: boolean;
}

/**
 * The modules assigned to a trainee in their cohorts that are not archived,
 * with their own status: what needs doing first (overdue, then by due date),
 * completed ones last. Two queries.
 */
export async function listAssignedModulesForLearner(
  scope: { organizationId: string; userId: string },
  today = todayUtc(),
): Promise<LearnerAssignment[]> {
  const rows = await getDb()
    .selectFrom("assignments")
    .innerJoin("cohorts", "cohorts.id", "assignments.cohort_id")
    .innerJoin("cohort_members", "cohort_members.cohort_id", "cohorts.id")
    .select(["assignments.module_slug", "assignments.due_on", "cohorts.name"])
    .where("cohorts.organization_id", "=", scope.organizationId)
    .where("cohorts.archived_at", "is", null)
    .where("cohort_members.user_id", "=", scope.userId)
    .where("cohort_members.role", "=", "trainee")
    .execute();
  if (rows.length === 0) return [];
  const progress = await getDb()
    .selectFrom("module_progress")
    .select(["module_slug", "completed_at"])
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId)
    .where("module_slug", "in", [...new Set(rows.map((r) => r.module_slug))])
    .execute();
  const bySlug = new Map<string, LearnerAssignment>();
  for (const row of rows) {
    const module = findModule(row.module_slug);
    if (!module) continue;
    const existing = bySlug.get(row.module_slug);
    if (existing) {
      if (row.due_on && (!existing.dueOn || row.due_on < existing.dueOn)) existing.dueOn = row.due_on;
      if (!existing.cohorts.includes(row.name)) existing.cohorts.push(row.name);
      continue;
    }
    const own = progress.find((p) => p.module_slug === row.module_slug);
    bySlug.set(row.module_slug, {
      moduleSlug: row.module_slug,
      title: module.frontmatter.title,
      minutes: module.frontmatter.minutes,
      dueOn: row.due_on,
      cohorts: [row.name],
      status: own?.completed_at ? "completed" : own ? "in-progress" : "not-started",
      completedAt: own?.completed_at ?? null,
      overdue: false,
    });
  }
  const list = [...bySlug.values()].map((a) => ({ ...a, overdue: a.status !== "completed" && a.dueOn !== null && a.dueOn < today }));
  const rank = (a: LearnerAssignment) => (a.status === "completed" ? 2 : a.overdue ? 0 : 1);
  return list.sort((a, b) => rank(a) - rank(b) || (a.dueOn ?? "9999-12-31").localeCompare(b.dueOn ?? "9999-12-31") || a.title.localeCompare(b.title));
}

/** What the cohort's modules page shows: the assigned modules and the rest of the catalog to pick from. */
export async function getCohortModulesPage(organizationId: string, cohortId: string) {
  const cohort = await requireCohortRow(getDb(), { organizationId, cohortId });
  const [assigned, programmes] = await Promise.all([listCohortAssignments(organizationId, cohortId), listProgrammeModuleSets(organizationId)]);
  const taken = new Set(assigned.map((a) => a.moduleSlug));
  return {
    archived: cohort.archived_at !== null,
    startsOn: cohort.starts_on,
    endsOn: cohort.ends_on,
    today: todayUtc(),
    assigned,
    programmes: programmes.map((p) => {
      const inCatalog = p.moduleSlugs.filter((slug) => findModule(slug));
      return { id: p.id, title: p.title, modules: inCatalog.length, notAssigned: inCatalog.filter((slug) => !taken.has(slug)).length };
    }),
    assignable: listModules()
      .filter((module) => !taken.has(module.slug))
      .map((module) => ({ slug: module.slug, title: module.frontmatter.title, track: module.frontmatter.track, minutes: module.frontmatter.minutes })),
  };
}
