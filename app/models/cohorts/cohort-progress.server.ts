import { csvDocument } from "~/codecs/csv";
import { findModule } from "~/content/catalog.server";
import { getDb } from "~/db.server";
import { sortAssignments } from "~/models/cohorts/assignment.server";
import { requireCohortRow, todayUtc } from "~/models/cohorts/cohort.server";

/**
 * The progress of a cohort: its trainees against its assigned modules.
 *
 * Loaded in five queries whatever the cohort's size (cohort, assignments,
 * trainees, progress rows, quiz results grouped per trainee and module);
 * sorting, filtering, paging, the summary and the CSV all work on that in
 * memory. See docs/decisions/012-cohort-aggregates.md for what the summary
 * may count.
 */

export type CellStatus = "not-started" | "in-progress" | "completed" | "overdue";

export interface ProgressCell {
  status: CellStatus;
  /** Whether the trainee has opened the module (an overdue cell can be either). */
  started: boolean;
  /** When it was completed (a timestamp: pages show its day in the reader's time zone). */
  completedAt: string | null;
}

export interface QuizResult {
  /** Distinct quizzes of the module the trainee has tried, and passed at least once. */
  tried: number;
  passed: number;
}

export interface MatrixModule {
  slug: string;
  title: string;
  dueOn: string | null;
  quizzes: number;
}

export interface MatrixTrainee {
  id: string;
  name: string;
  email: string;
  cells: ProgressCell[];
  quiz: QuizResult[];
  completed: number;
  overdue: number;
  started: number;
}

export interface CohortProgress {
  cohortId: string;
  cohortName: string;
  today: string;
  modules: MatrixModule[];
  trainees: MatrixTrainee[];
}

export async function loadCohortProgress(input: { organizationId: string; cohortId: string; today?: string }): Promise<CohortProgress> {
  const db = getDb();
  const today = input.today ?? todayUtc();
  const cohort = await requireCohortRow(db, input);
  const traineeIds = db
    .selectFrom("cohort_members")
    .select("cohort_members.user_id")
    .where("cohort_members.cohort_id", "=", input.cohortId)
    .where("cohort_members.role", "=", "trainee");
  const [assignmentRows, traineeRows] = await Promise.all([
    db.selectFrom("assignments").select(["module_slug", "due_on"]).where("cohort_id", "=", input.cohortId).execute(),
    // Only people still in the organization: a trainer may no longer see anyone who left it.
    db
      .selectFrom("cohort_members")
      .innerJoin("users", "users.id", "cohort_members.user_id")
      .innerJoin("memberships", (join) =>
        join.onRef("memberships.user_id", "=", "cohort_members.user_id").on("memberships.organization_id", "=", input.organizationId),
      )
      .select(["users.id", "users.display_name", "users.email"])
      .where("cohort_members.cohort_id", "=", input.cohortId)
      .where("cohort_members.role", "=", "trainee")
      .execute(),
  ]);
  const modules: MatrixModule[] = sortAssignments(
    assignmentRows.map((row) => {
      const module = findModule(row.module_slug);
      return { slug: row.module_slug, title: module?.frontmatter.title ?? row.module_slug, dueOn: row.due_on, quizzes: module?.quizzes.length ?? 0 };
    }),
  );
  const slugs = modules.map((m) => m.slug);
  const [progressRows, quizRows] =
    slugs.length === 0 || traineeRows.length === 0
      ? [[], []]
      : await Promise.all([
          db
            .selectFrom("module_progress")
            .select(["user_id", "module_slug", "completed_at"])
            .where("organization_id", "=", input.organizationId)
            .where("module_slug", "in", slugs)
            .where("user_id", "in", traineeIds)
            .execute(),
          // One row per trainee, module and quiz tried; grouped in index order, so nothing is sorted.
          db
            .selectFrom("quiz_attempts")
            .select((eb) => ["user_id", "module_slug", "quiz_id", eb.fn.max("passed").as("passed")])
            .where("organization_id", "=", input.organizationId)
            .where("module_slug", "in", slugs)
            .where("user_id", "in", traineeIds)
            .groupBy(["user_id", "module_slug", "quiz_id"])
            .execute(),
        ]);

  const column = new Map(slugs.map((slug, index) => [slug, index]));
  const progressOf = new Map<string, Map<number, string | null>>();
  for (const row of progressRows) {
    let own = progressOf.get(row.user_id);
    if (!own) progressOf.set(row.user_id, (own = new Map()));
    own.set(column.get(row.module_slug)!, row.completed_at);
  }
  const quizOf = new Map<string, Map<number, QuizResult>>();
  for (const row of quizRows) {
    let own = quizOf.get(row.user_id);
    if (!own) quizOf.set(row.user_id, (own = new Map()));
    const index = column.get(row.module_slug)!;
    const result = own.get(index) ?? { tried: 0, passed: 0 };
    result.tried += 1;
    if (Number(row.passed) === 1) result.passed += 1;
    own.set(index, result);
  }

  const trainees = traineeRows.map((row): MatrixTrainee => {
    const progress = progressOf.get(row.id);
    const quizzes = quizOf.get(row.id);
    const cells = modules.map((module, index): ProgressCell => {
      const started = progress?.has(index) ?? false;
      const completedAt = progress?.get(index) ?? null;
      if (completedAt) return { status: "completed", started: true, completedAt };
      const overdue = module.dueOn !== null && module.dueOn < today;
      return { status: overdue ? "overdue" : started ? "in-progress" : "not-started", started, completedAt: null };
    });
    return {
      id: row.id,
      name: row.display_name,
      email: row.email,
      cells,
      quiz: modules.map((_, index) => quizzes?.get(index) ?? { tried: 0, passed: 0 }),
      completed: cells.filter((c) => c.status === "completed").length,
      overdue: cells.filter((c) => c.status === "overdue").length,
      started: cells.filter((c) => c.started).length,
    };
  });
  return { cohortId: cohort.id, cohortName: cohort.name, today, modules, trainees };
}

export interface MatrixQuery {
  /** "name", "completed", or the slug of an assigned module. */
  sort: string;
  dir: "asc" | "desc";
  status: CellStatus | "all";
  /** "any", or the slug of an assigned module the status filter looks at. */
  module: string;
  q: string;
  page: number;
}

export const MATRIX_PAGE_SIZE = 100;

/** Whether a cell counts for a status filter: "not started" and "in progress" include overdue cells of that kind. */
function cellMatches(cell: ProgressCell, status: CellStatus): boolean {
  switch (status) {
    case "completed":
      return cell.status === "completed";
    case "overdue":
      return cell.status === "overdue";
    case "in-progress":
      return cell.started && cell.status !== "completed";
    case "not-started":
      return !cell.started;
  }
}

const cellRank: Record<CellStatus, number> = { overdue: 0, "not-started": 1, "in-progress": 2, completed: 3 };
const byName = (a: MatrixTrainee, b: MatrixTrainee) =>
  a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.email.localeCompare(b.email);

/** The trainees the query asks for, sorted; the page of them to show, or all of them when `page` is 0. */
export function selectMatrixRows(progress: CohortProgress, query: MatrixQuery) {
  const moduleIndex = progress.modules.findIndex((m) => m.slug === query.module);
  const needle = query.q.trim().toLowerCase();
  let rows = progress.trainees.filter((trainee) => {
    if (needle && !trainee.name.toLowerCase().includes(needle) && !trainee.email.includes(needle)) return false;
    if (query.status === "all") return true;
    const cells = moduleIndex >= 0 ? [trainee.cells[moduleIndex]!] : trainee.cells;
    return cells.some((cell) => cellMatches(cell, query.status as CellStatus));
  });
  const sortIndex = progress.modules.findIndex((m) => m.slug === query.sort);
  const compare =
    sortIndex >= 0
      ? (a: MatrixTrainee, b: MatrixTrainee) => {
          const ca = a.cells[sortIndex]!;
          const cb = b.cells[sortIndex]!;
          return cellRank[ca.status] - cellRank[cb.status] || (ca.completedAt ?? "").localeCompare(cb.completedAt ?? "");
        }
      : query.sort === "completed"
        ? (a: MatrixTrainee, b: MatrixTrainee) => a.completed - b.completed || a.started - b.started
        : () => 0;
  const direction = query.dir === "desc" ? -1 : 1;
  rows = [...rows].sort((a, b) => direction * compare(a, b) || direction * (query.sort === "name" ? byName(a, b) : 0) || byName(a, b));
  const pageCount = Math.max(1, Math.ceil(rows.length / MATRIX_PAGE_SIZE));
  const page = Math.min(Math.max(query.page, 1), pageCount);
  return {
    total: progress.trainees.length,
    matching: rows.length,
    page,
    pageCount,
    rows: query.page === 0 ? rows : rows.slice((page - 1) * MATRIX_PAGE_SIZE, page * MATRIX_PAGE_SIZE),
  };
}

/** Below this many trainees, the summary gives counts only, never percentages (decision 012). */
export const SMALL_COHORT = 5;

export interface ModuleSummary {
  slug: string;
  title: string;
  dueOn: string | null;
  completed: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  hasQuiz: boolean;
  quizTried: number;
  quizPassed: number;
}

export interface CohortSummary {
  trainees: number;
  small: boolean;
  cells: number;
  completedCells: number;
  modules: ModuleSummary[];
  notStartedAny: { id: string; name: string }[];
}

/**
 * Figures about the whole cohort. They count exactly the trainees the
 * matrix lists and only what it (or a trainee's page) already shows to the
 * viewer: module status and quiz results, never anything about private
 * reflections. Filters do not change them.
 */
export function summarizeCohortProgress(progress: CohortProgress): CohortSummary {
  const { trainees } = progress;
  const modules = progress.modules.map((module, index): ModuleSummary => {
    const cells = trainees.map((t) => t.cells[index]!);
    const quiz = trainees.map((t) => t.quiz[index]!);
    return {
      slug: module.slug,
      title: module.title,
      dueOn: module.dueOn,
      completed: cells.filter((c) => c.status === "completed").length,
      inProgress: cells.filter((c) => c.started && c.status !== "completed").length,
      notStarted: cells.filter((c) => !c.started).length,
      overdue: cells.filter((c) => c.status === "overdue").length,
      hasQuiz: module.quizzes > 0,
      quizTried: quiz.filter((q) => q.tried > 0).length,
      // Passed means every quiz of the module passed at least once.
      quizPassed: quiz.filter((q) => q.tried > 0 && q.passed >= module.quizzes).length,
    };
  });
  return {
    trainees: trainees.length,
    small: trainees.length < SMALL_COHORT,
    cells: trainees.length * progress.modules.length,
    completedCells: trainees.reduce((sum, t) => sum + t.completed, 0),
    modules,
    notStartedAny: progress.modules.length === 0 ? [] : trainees.filter((t) => t.started === 0).sort(byName).map((t) => ({ id: t.id, name: t.name })),
  };
}

export function describeCell(cell: ProgressCell): string {
  switch (cell.status) {
    case "completed":
      return `Completed ${cell.completedAt?.slice(0, 10) ?? ""}`;
    case "in-progress":
      return "In progress";
    case "not-started":
      return "Not started";
    case "overdue":
      return cell.started ? "Overdue, in progress" : "Overdue, not started";
  }
}

/** The matrix as CSV, sorted and filtered like the page but with every row; UTF-8 with a BOM so spreadsheets read names right. */
export function cohortProgressAsCsv(progress: CohortProgress, query: MatrixQuery): string {
  const { rows } = selectMatrixRows(progress, { ...query, page: 0 });
  const header = [
    "Trainee",
    "Email",
    `Completed (of ${progress.modules.length})`,
    ...progress.modules.map((m) => (m.dueOn ? `${m.title} (due ${m.dueOn})` : m.title)),
  ];
  const lines = [header, ...rows.map((t) => [t.name, t.email, String(t.completed), ...t.cells.map(describeCell)])];
  return csvDocument(lines);
}

/**
 * Everything the progress page shows: the summary of the whole cohort and
 * the page of the table the query asks for, in the compact shape sent to
 * the browser (one short tuple per cell).
 */
export async function loadCohortProgressPage(input: { organizationId: string; cohortId: string; query: MatrixQuery }) {
  const progress = await loadCohortProgress(input);
  const selection = selectMatrixRows(progress, input.query);
  const known = (slug: string) => progress.modules.some((m) => m.slug === slug);
  return {
    today: progress.today,
    modules: progress.modules.map(({ slug, title, dueOn }) => ({ slug, title, dueOn })),
    summary: summarizeCohortProgress(progress),
    query: {
      ...input.query,
      sort: input.query.sort === "name" || input.query.sort === "completed" || known(input.query.sort) ? input.query.sort : "name",
      module: known(input.query.module) ? input.query.module : "any",
      page: selection.page,
    },
    total: selection.total,
    pageSize: MATRIX_PAGE_SIZE,
    matching: selection.matching,
    pageCount: selection.pageCount,
    rows: selection.rows.map((t) => ({
      id: t.id,
      name: t.name,
      email: t.email,
      completed: t.completed,
      cells: t.cells.map((c) => [c.status, c.started ? 1 : 0, c.completedAt] as const),
    })),
  };
}
