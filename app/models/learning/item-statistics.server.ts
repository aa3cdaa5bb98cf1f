import type { ExpressionBuilder } from "kysely";
import { cohortIdsTrainedBy } from "~/auth/cohort-scope.server";
import { findModule, listModules } from "~/content/catalog.server";
import type { CompiledModule, QuestionKind } from "~/content/types";
import { getDb } from "~/db.server";
import type { Database, Role } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { listCohortsForViewer } from "~/models/cohorts/cohort.server";
import { csvDocument } from "~/codecs/csv";
import { analyseItem, describeFlag, twoPlaces, type ItemAnalysis, type ItemResponse } from "~/models/learning/item-statistics";

/**
 * Whose answers the statistics count, as decided by requireItemStatisticsReach
 * (app/auth): the whole organization for an admin; for a trainer only the
 * trainees of cohorts they train; narrowed to one cohort when asked.
 */
export interface ItemStatisticsReach {
  organizationId: string;
  /** Set for a trainer: only trainees of cohorts this person trains count. */
  trainerId: string | null;
  cohortId: string | null;
}

type AttemptsExpression = ExpressionBuilder<Database, "quiz_attempts">;

/** The people whose attempts the reach covers: a subquery of user ids, or null when the whole organization counts. */
function peopleInReach(eb: AttemptsExpression, reach: ItemStatisticsReach) {
  if (!reach.trainerId && !reach.cohortId) return null;
  let trainees = eb
    .selectFrom("cohort_members as taught")
    .innerJoin("cohorts", "cohorts.id", "taught.cohort_id")
    // As for a trainee's own pages (canSeeLearner): people who left the organization are out of a trainer's sight.
    .innerJoin("memberships", (join) => join.onRef("memberships.user_id", "=", "taught.user_id").on("memberships.organization_id", "=", reach.organizationId))
    .select("taught.user_id")
    .where("cohorts.organization_id", "=", reach.organizationId)
    .where("taught.role", "=", "trainee");
  if (reach.cohortId) trainees = trainees.where("taught.cohort_id", "=", reach.cohortId);
  if (reach.trainerId) {
    trainees = trainees.where("taught.cohort_id", "in", cohortIdsTrainedBy(getDb(), { organizationId: reach.organizationId, userId: reach.trainerId }));
  }
  return trainees;
}

/**
 * Each person's first attempt at a quiz of a version, in reach. Later
 * attempts are left out: after an attempt the trainee has seen feedback, so
 * a retake measures memory of it rather than the question.
 */
function firstAttemptsInReach(eb: AttemptsExpression, reach: ItemStatisticsReach, moduleSlug: string) {
  const people = peopleInReach(eb, reach);
  return eb.and([
    eb("quiz_attempts.organization_id", "=", reach.organizationId),
    eb("quiz_attempts.module_slug", "=", moduleSlug),
    ...(people ? [eb("quiz_attempts.user_id", "in", people)] : []),
    eb.not(
      eb.exists(
        eb
          .selectFrom("quiz_attempts as earlier")
          .select("earlier.id")
          .whereRef("earlier.organization_id", "=", "quiz_attempts.organization_id")
          .whereRef("earlier.user_id", "=", "quiz_attempts.user_id")
          .whereRef("earlier.module_slug", "=", "quiz_attempts.module_slug")
          .whereRef("earlier.content_hash", "=", "quiz_attempts.content_hash")
          .whereRef("earlier.quiz_id", "=", "quiz_attempts.quiz_id")
          .where((e) =>
            e.or([
              e("earlier.submitted_at", "<", e.ref("quiz_attempts.submitted_at")),
              e.and([e("earlier.submitted_at", "=", e.ref("quiz_attempts.submitted_at")), e("earlier.id", "<", e.ref("quiz_attempts.id"))]),
            ]),
          ),
      ),
    ),
  ]);
}

export interface ModuleVersionSummary {
  contentHash: string;
  current: boolean;
  /** When this server first served it; null if it was never recorded. */
  publishedAt: string | null;
  /** People in reach with an attempt at this version. */
  people: number;
}

/** The module's versions with answers in reach, newest first, and always the current one. */
async function listVersions(reach: ItemStatisticsReach, module: CompiledModule): Promise<ModuleVersionSummary[]> {
  const rows = await getDb()
    .selectFrom("quiz_attempts")
    .leftJoin("module_versions", (join) =>
      join.onRef("module_versions.module_slug", "=", "quiz_attempts.module_slug").onRef("module_versions.content_hash", "=", "quiz_attempts.content_hash"),
    )
    .select((eb) => ["quiz_attempts.content_hash", eb.fn.max("module_versions.published_at").as("published_at"), eb.fn.count<number>("quiz_attempts.user_id").distinct().as("people")])
    .where((eb) => firstAttemptsInReach(eb, reach, module.slug))
    .groupBy("quiz_attempts.content_hash")
    .execute();
  const versions = rows.map((row) => ({
    contentHash: row.content_hash,
    current: row.content_hash === module.contentHash,
    publishedAt: row.published_at ?? null,
    people: Number(row.people),
  }));
  if (!versions.some((v) => v.current)) {
    const current = await getDb()
      .selectFrom("module_versions")
      .select("published_at")
      .where("module_slug", "=", module.slug)
      .where("content_hash", "=", module.contentHash)
      .executeTakeFirst();
    versions.push({ contentHash: module.contentHash, current: true, publishedAt: current?.published_at ?? null, people: 0 });
  }
  return versions.sort((a, b) => Number(b.current) - Number(a.current) || (b.publishedAt ?? "").localeCompare(a.publishedAt ?? ""));
}

export interface OptionStatistics {
  id: string;
  /** Null for an older version, whose text the server no longer has. */
  label: string | null;
  /** Null when not known (an older version). */
  right: boolean | null;
  chosen: number;
  /** chosen / answered; several-answer questions add up to more than 1. */
  share: number | null;
}

export interface QuestionStatistics extends Omit<ItemAnalysis, "options"> {
  id: string;
  /** 1-based, in the quiz's order (an older version: in id order). */
  number: number;
  kind: QuestionKind | null;
  prompt: string | null;
  options: OptionStatistics[];
}

export interface QuizStatistics {
  id: string;
  title: string | null;
  /** People whose first attempt at this quiz of this version counts. */
  people: number;
  questions: QuestionStatistics[];
}

export interface ModuleItemStatistics {
  module: { slug: string; title: string };
  version: ModuleVersionSummary;
  versions: ModuleVersionSummary[];
  /** Whether the questions' text and answer key are those of the version shown (only the current version's are kept). */
  textKnown: boolean;
  quizzes: QuizStatistics[];
}

interface AnswerRow {
  attempt_id: string;
  quiz_id: string;
  attempt_score: number;
  max_score: number;
  question_id: string;
  answer: string;
  score: number;
}

function parseSelected(answer: string): string[] {
  try {
    const parsed: unknown = JSON.parse(answer);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Item statistics of one version of a module (the current one unless
 * `contentHash` names another with answers in reach): three queries,
 * whatever the number of questions or attempts. Versions are never added
 * together: a question rewritten in a later version keeps its id, so its
 * answers would mix two different questions.
 */
export async function loadItemStatistics(reach: ItemStatisticsReach, module: CompiledModule, contentHash: string | null = null): Promise<ModuleItemStatistics> {
  const versions = await listVersions(reach, module);
  const version = versions.find((v) => v.contentHash === (contentHash ?? module.contentHash));
  if (!version) throw new DomainError("Nobody you can see answered that version of the module. Choose a version from the list.", 404);
  const rows: AnswerRow[] = await getDb()
    .selectFrom("quiz_attempts")
    .innerJoin("quiz_answers", "quiz_answers.attempt_id", "quiz_attempts.id")
    .select([
      "quiz_attempts.id as attempt_id",
      "quiz_attempts.quiz_id",
      "quiz_attempts.score as attempt_score",
      "quiz_attempts.max_score",
      "quiz_answers.question_id",
      "quiz_answers.answer",
      "quiz_answers.score",
    ])
    .where((eb) => firstAttemptsInReach(eb, reach, module.slug))
    .where("quiz_attempts.content_hash", "=", version.contentHash)
    .execute();

  const byQuiz = new Map<string, { attempts: Set<string>; questions: Map<string, ItemResponse[]> }>();
  for (const row of rows) {
    const quiz = byQuiz.get(row.quiz_id) ?? { attempts: new Set(), questions: new Map() };
    byQuiz.set(row.quiz_id, quiz);
    quiz.attempts.add(row.attempt_id);
    const responses = quiz.questions.get(row.question_id) ?? [];
    quiz.questions.set(row.question_id, responses);
    responses.push({ attemptScore: row.max_score > 0 ? row.attempt_score / row.max_score : 0, itemScore: row.score, selected: parseSelected(row.answer) });
  }

  const textKnown = version.current;
  const quizzes: QuizStatistics[] = textKnown
    ? module.quizzes.map((quiz) => {
        const answered = byQuiz.get(quiz.id);
        return {
          id: quiz.id,
          title: quiz.title,
          people: answered?.attempts.size ?? 0,
          questions: quiz.questions.map((question, index) => {
            const analysis = analyseItem(
              question.options.map((o) => o.id),
              answered?.questions.get(question.id) ?? [],
            );
            const options = analysis.options.map((choice) => {
              const option = question.options.find((o) => o.id === choice.optionId);
              return describeOption(choice, analysis.answered, option?.label ?? null, option ? option.correct : null);
            });
            return { ...analysis, id: question.id, number: index + 1, kind: question.kind, prompt: question.prompt, options };
          }),
        };
      })
    : [...byQuiz.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([quizId, answered]) => ({
          id: quizId,
          title: null,
          people: answered.attempts.size,
          questions: [...answered.questions.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([questionId, responses], index) => {
              const analysis = analyseItem(null, responses);
              const options = analysis.options.map((choice) => describeOption(choice, analysis.answered, null, null));
              return { ...analysis, id: questionId, number: index + 1, kind: null, prompt: null, options };
            }),
        }));
  return { module: { slug: module.slug, title: module.frontmatter.title }, version, versions, textKnown, quizzes };
}

function describeOption(choice: { optionId: string; chosen: number }, answered: number, label: string | null, right: boolean | null): OptionStatistics {
  return { id: choice.optionId, label, right, chosen: choice.chosen, share: answered > 0 ? choice.chosen / answered : null };
}

/**
 * For the list of modules: how many people in reach answered a quiz of each
 * module's current version (first attempts), in one grouped query.
 */
export async function countPeopleAnsweringModules(reach: ItemStatisticsReach, modules: readonly CompiledModule[]): Promise<Map<string, number>> {
  if (modules.length === 0) return new Map();
  const rows = await getDb()
    .selectFrom("quiz_attempts")
    .select((eb) => ["quiz_attempts.module_slug", eb.fn.count<number>("quiz_attempts.user_id").distinct().as("people")])
    .where((eb) => {
      const people = peopleInReach(eb, reach);
      return eb.and([
        eb("quiz_attempts.organization_id", "=", reach.organizationId),
        eb.or(modules.map((m) => eb.and([eb("quiz_attempts.module_slug", "=", m.slug), eb("quiz_attempts.content_hash", "=", m.contentHash)]))),
        ...(people ? [eb("quiz_attempts.user_id", "in", people)] : []),
      ]);
    })
    .groupBy("quiz_attempts.module_slug")
    .execute();
  return new Map(rows.map((row) => [row.module_slug, Number(row.people)]));
}

const TOO_FEW = "too few answers";

/**
 * The statistics as CSV for a spreadsheet: one row per option, with its
 * question's figures repeated so the rows can be filtered and sorted. UTF-8
 * with a BOM; cells escaped (and formulas defused) by the shared CSV helper.
 */
export function itemStatisticsAsCsv(stats: ModuleItemStatistics): string {
  const header = [
    "Module",
    "Version",
    "Quiz",
    "Question number",
    "Question id",
    "Question",
    "Kind",
    "Answered",
    "Facility",
    "Discrimination",
    "Flags",
    "Option id",
    "Option",
    "Right answer",
    "Chosen",
    "Share chosen",
  ];
  const lines: string[][] = [];
  for (const quiz of stats.quizzes) {
    for (const question of quiz.questions) {
      const questionCells = [
        stats.module.title,
        stats.version.contentHash,
        quiz.title ?? quiz.id,
        String(question.number),
        question.id,
        question.prompt ?? "",
        question.kind ?? "",
        String(question.answered),
        question.facility === null ? TOO_FEW : twoPlaces(question.facility),
        question.discrimination === null ? TOO_FEW : twoPlaces(question.discrimination),
        question.flags.map(describeFlag).join(" "),
      ];
      const options = question.options.length > 0 ? question.options : [null];
      for (const option of options) {
        lines.push([
          ...questionCells,
          option?.id ?? "",
          option?.label ?? "",
          option?.right === null || !option ? "" : option.right ? "yes" : "no",
          option ? String(option.chosen) : "",
          option?.share == null ? "" : twoPlaces(option.share),
        ]);
      }
    }
  }
  return csvDocument([header, ...lines]);
}

/** A module with quizzes, or a 404 a person can act on. */
export function findModuleWithQuizzes(moduleSlug: string | undefined): CompiledModule {
  const module = moduleSlug ? findModule(moduleSlug) : undefined;
  if (!module || module.quizzes.length === 0) throw new DomainError("We could not find a module with a quiz at that address. Choose one from the list of modules.", 404);
  return module;
}

/** The cohorts the viewer may narrow the statistics to (the same as they may run), by name, and the one chosen. */
async function cohortChoices(reach: ItemStatisticsReach, viewer: { id: string; role: Role }) {
  const cohorts = await listCohortsForViewer({ organizationId: reach.organizationId, userId: viewer.id, role: viewer.role });
  const choices = cohorts.map((c) => ({ id: c.id, name: c.name, archived: c.phase === "archived" }));
  return { cohorts: choices, cohort: choices.find((c) => c.id === reach.cohortId) ?? null };
}

/** Everything the statistics page of one module shows. */
export async function loadItemStatisticsPage(input: { reach: ItemStatisticsReach; viewer: { id: string; role: Role }; moduleSlug: string | undefined; version: string | null }) {
  const module = findModuleWithQuizzes(input.moduleSlug);
  const [stats, choices] = await Promise.all([loadItemStatistics(input.reach, module, input.version), cohortChoices(input.reach, input.viewer)]);
  return { ...stats, ...choices };
}

/** The list of modules with a quiz, in catalog order, with how many people in reach answered each one's current version. */
export async function loadItemStatisticsIndex(input: { reach: ItemStatisticsReach; viewer: { id: string; role: Role } }) {
  const modules = listModules().filter((m) => m.quizzes.length > 0);
  const [people, choices] = await Promise.all([countPeopleAnsweringModules(input.reach, modules), cohortChoices(input.reach, input.viewer)]);
  return {
    ...choices,
    modules: modules.map((m) => ({
      slug: m.slug,
      title: m.frontmatter.title,
      track: m.frontmatter.track,
      questions: m.quizzes.reduce((sum, quiz) => sum + quiz.questions.length, 0),
      people: people.get(m.slug) ?? 0,
    })),
  };
}
