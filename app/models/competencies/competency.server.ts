import { getCatalog, findModule } from "~/content/catalog.server";
import type { Catalog, CompiledModule, RenderNode } from "~/content/types";
import { getDb } from "~/db.server";
import type { EvidenceKind } from "~/db/schema";
import {
  deriveCompetencyLevel,
  LEVELS,
  observationRatingLabel,
  selfRatingLabel,
  summarizeSelfAssessment,
  type CompetencyLevel,
  type DerivedLevel,
  type SelfAssessmentSummary,
} from "~/models/competencies/competency-level";
import { frameworkInUseBy } from "~/models/competencies/framework.server";
import type { LearnerScope } from "~/models/learning/module-progress.server";

export type EvidenceSource =
  | {
      type: "quiz";
      moduleSlug: string;
      moduleTitle: string;
      quizId: string;
      quizTitle: string;
      sectionId: string | null;
      attemptId: string;
      scorePercent: number | null;
    }
  | { type: "reflection"; moduleSlug: string; moduleTitle: string; promptId: string; prompt: string; sectionId: string | null }
  /** A reflection the trainee later deleted: the evidence stays, with nothing to link to. */
  | { type: "deleted-reflection" }
  | { type: "observation" }
  | { type: "self_assessment" };

export interface EvidenceView {
  id: string;
  kind: EvidenceKind;
  recordedAt: string;
  rating: number | null;
  ratingLabel: string | null;
  note: string | null;
  recordedBy: { id: string; name: string };
  source: EvidenceSource;
}

export interface CompetencyView {
  id: string;
  code: string;
  title: string;
  description: string | null;
  behaviours: string[];
  caseIdentifier: string;
  retired: boolean;
  taughtInModules: boolean;
  derived: DerivedLevel;
  self: SelfAssessmentSummary;
  /** Newest first. For a trainer, without the reflections the trainee has not shared. */
  evidence: EvidenceView[];
  /**
   * For a trainer: how many reflections counted for this competency that the
   * trainee kept private (or deleted). Nothing else about them leaves the
   * server: not the prompt, not the date. Always 0 for the trainee themselves.
   */
  privateReflections: number;
}

/** Who the record is shown to: the trainee themselves, or one of their trainers (or an admin). */
export type RecordAudience = "owner" | "trainer";

export interface FrameworkView {
  id: string;
  slug: string;
  title: string;
  publisher: string;
  licence: string | null;
  attribution: string | null;
  source: "content" | "imported";
  caseIdentifier: string;
  retired: boolean;
  competencies: CompetencyView[];
  /** How many current competencies are at each level. */
  counts: Record<CompetencyLevel, number>;
}

export interface CompetencyRecord {
  frameworks: FrameworkView[];
}

/** Which section of a module holds each quiz and reflection, for links straight to them. */
const sectionIndex = new WeakMap<CompiledModule, Map<string, string>>();
function sectionOf(module: CompiledModule, kind: "Quiz" | "Reflection", id: string): string | null {
  let index = sectionIndex.get(module);
  if (!index) {
    index = new Map();
    for (const section of module.sections) {
      const visit = (node: RenderNode) => {
        if (typeof node === "string") return;
        if (node.t === "Quiz" || node.t === "Reflection") index!.set(`${node.t}:${String(node.p?.id)}`, section.id);
        node.c?.forEach(visit);
      };
      section.tree.forEach(visit);
    }
    sectionIndex.set(module, index);
  }
  return index.get(`${kind}:${id}`) ?? null;
}

/** Every competency code some module teaches (frontmatter, question or reflection). */
const taughtCodes = new WeakMap<Catalog, Set<string>>();
function codesTaught(): Set<string> {
  const catalog = getCatalog();
  let codes = taughtCodes.get(catalog);
  if (!codes) {
    codes = new Set();
    for (const module of catalog.modules) {
      module.frontmatter.competencies.forEach((c) => codes!.add(c));
      module.quizzes.forEach((quiz) => quiz.questions.forEach((q) => q.competencies.forEach((c) => codes!.add(c))));
      module.reflections.forEach((r) => r.competencies.forEach((c) => codes!.add(c)));
    }
    taughtCodes.set(catalog, codes);
  }
  return codes;
}

function refId(sourceRef: string, prefix: string): string | null {
  return sourceRef.startsWith(`${prefix}:`) ? sourceRef.slice(prefix.length + 1) : null;
}

/**
 * One trainee's competencies in every framework their organization uses,
 * each with its derived level, self-assessment and evidence. A fixed number
 * of queries (at most four) whatever the size of the organization or the
 * record: frameworks with competencies, evidence with who recorded it, and
 * the quiz attempts and reflections the evidence points at. Reflection text
 * is never read here: evidence says a prompt was answered, not what was
 * written. Of a reflection the trainee did not share, a trainer learns only
 * that it counts: not its prompt, not its date, because the trainee is told
 * that their trainers see only how many they answered.
 */
export async function loadCompetencyRecord(scope: LearnerScope, audience: RecordAudience = "owner"): Promise<CompetencyRecord> {
  const db = getDb();
  const [competencyRows, evidenceRows] = await Promise.all([
    db
      .selectFrom("competencies")
      .innerJoin("frameworks", "frameworks.id", "competencies.framework_id")
      .select([
        "frameworks.id as framework_id",
        "frameworks.slug as framework_slug",
        "frameworks.title as framework_title",
        "frameworks.publisher",
        "frameworks.licence",
        "frameworks.attribution",
        "frameworks.source",
        "frameworks.case_identifier as framework_case_identifier",
        "frameworks.retired_at as framework_retired_at",
        "competencies.id",
        "competencies.code",
        "competencies.title",
        "competencies.description",
        "competencies.behaviours",
        "competencies.case_identifier",
        "competencies.retired_at",
      ])
      .where(frameworkInUseBy(scope.organizationId))
      .orderBy("frameworks.source")
      .orderBy("frameworks.title")
      .orderBy("competencies.position")
      .execute(),
    db
      .selectFrom("competency_evidence")
      .innerJoin("users", "users.id", "competency_evidence.recorded_by")
      .select([
        "competency_evidence.id",
        "competency_evidence.competency_id",
        "competency_evidence.kind",
        "competency_evidence.source_ref",
        "competency_evidence.rating",
        "competency_evidence.note",
        "competency_evidence.recorded_by",
        "competency_evidence.recorded_at",
        "users.display_name as recorded_by_name",
      ])
      .where("competency_evidence.organization_id", "=", scope.organizationId)
      .where("competency_evidence.user_id", "=", scope.userId)
      .orderBy("competency_evidence.recorded_at")
      .execute(),
  ]);

  const attemptIds = [...new Set(evidenceRows.flatMap((e) => (e.kind === "quiz" ? [refId(e.source_ref, "quiz_attempt")] : [])).filter((id): id is string => !!id))];
  const reflectionIds = [...new Set(evidenceRows.flatMap((e) => (e.kind === "reflection" ? [refId(e.source_ref, "reflection")] : [])).filter((id): id is string => !!id))];
  const [attempts, reflections] = await Promise.all([
    attemptIds.length
      ? db
          .selectFrom("quiz_attempts")
          .select(["id", "module_slug", "quiz_id", "score", "max_score"])
          .where("organization_id", "=", scope.organizationId)
          .where("user_id", "=", scope.userId)
          .where("id", "in", attemptIds)
          .execute()
      : Promise.resolve([]),
    reflectionIds.length
      ? db
          .selectFrom("reflections")
          .select(["id", "module_slug", "prompt_id", "visibility"])
          .where("organization_id", "=", scope.organizationId)
          .where("user_id", "=", scope.userId)
          .where("id", "in", reflectionIds)
          .execute()
      : Promise.resolve([]),
  ]);
  const attemptById = new Map(attempts.map((a) => [a.id, a]));
  const reflectionById = new Map(reflections.map((r) => [r.id, r]));

  const evidenceByCompetency = new Map<string, typeof evidenceRows>();
  for (const row of evidenceRows) {
    const list = evidenceByCompetency.get(row.competency_id) ?? [];
    list.push(row);
    evidenceByCompetency.set(row.competency_id, list);
  }

  const describeSource = (row: (typeof evidenceRows)[number]): EvidenceSource => {
    if (row.kind === "quiz") {
      const attempt = attemptById.get(refId(row.source_ref, "quiz_attempt") ?? "");
      const module = attempt ? findModule(attempt.module_slug) : undefined;
      const quiz = module?.quizzes.find((q) => q.id === attempt?.quiz_id);
      return {
        type: "quiz",
        moduleSlug: attempt?.module_slug ?? "",
        moduleTitle: module?.frontmatter.title ?? attempt?.module_slug ?? "a module",
        quizId: attempt?.quiz_id ?? "",
        quizTitle: quiz?.title ?? "a quiz",
        sectionId: module && attempt ? sectionOf(module, "Quiz", attempt.quiz_id) : null,
        attemptId: attempt?.id ?? "",
        scorePercent: attempt && attempt.max_score > 0 ? Math.round((attempt.score / attempt.max_score) * 100) : null,
      };
    }
    if (row.kind === "reflection") {
      const reflection = reflectionById.get(refId(row.source_ref, "reflection") ?? "");
      if (!reflection) return { type: "deleted-reflection" };
      const module = findModule(reflection.module_slug);
      return {
        type: "reflection",
        moduleSlug: reflection.module_slug,
        moduleTitle: module?.frontmatter.title ?? reflection.module_slug,
        promptId: reflection.prompt_id,
        prompt: module?.reflections.find((r) => r.id === reflection.prompt_id)?.prompt ?? "(This prompt is no longer in the module.)",
        sectionId: module ? sectionOf(module, "Reflection", reflection.prompt_id) : null,
      };
    }
    return { type: row.kind };
  };

  const taught = codesTaught();
  const frameworks = new Map<string, FrameworkView>();
  for (const row of competencyRows) {
    const rows = evidenceByCompetency.get(row.id) ?? [];
    const retired = row.retired_at !== null || row.framework_retired_at !== null;
    // A retired competency stays in the record only while it has evidence.
    if (retired && rows.length === 0) continue;
    let framework = frameworks.get(row.framework_id);
    if (!framework) {
      framework = {
        id: row.framework_id,
        slug: row.framework_slug,
        title: row.framework_title,
        publisher: row.publisher,
        licence: row.licence,
        attribution: row.attribution,
        source: row.source,
        caseIdentifier: row.framework_case_identifier,
        retired: row.framework_retired_at !== null,
        competencies: [],
        counts: Object.fromEntries(LEVELS.map((level) => [level, 0])) as Record<CompetencyLevel, number>,
      };
      frameworks.set(row.framework_id, framework);
    }
    // Levels come from every piece of evidence; what a trainer is shown of each is narrower.
    const hiddenFromViewer = (e: (typeof rows)[number]) =>
      audience === "trainer" && e.kind === "reflection" && reflectionById.get(refId(e.source_ref, "reflection") ?? "")?.visibility !== "shared";
    const facts = rows.map((e) => ({ kind: e.kind, sourceRef: e.source_ref, rating: e.rating, recordedAt: e.recorded_at }));
    const taughtInModules = row.source === "content" && taught.has(row.code);
    const derived = deriveCompetencyLevel(facts, { taughtInModules });
    if (!retired) framework.counts[derived.level] += 1;
    framework.competencies.push({
      id: row.id,
      code: row.code,
      title: row.title,
      description: row.description,
      behaviours: JSON.parse(row.behaviours) as string[],
      caseIdentifier: row.case_identifier,
      retired,
      taughtInModules,
      derived,
      self: summarizeSelfAssessment(facts),
      privateReflections: rows.filter(hiddenFromViewer).length,
      evidence: rows
        .filter((e) => !hiddenFromViewer(e))
        .map((e) => ({
          id: e.id,
          kind: e.kind,
          recordedAt: e.recorded_at,
          rating: e.rating,
          ratingLabel: e.kind === "observation" ? observationRatingLabel(e.rating) : e.kind === "self_assessment" ? selfRatingLabel(e.rating) : null,
          note: e.note,
          recordedBy: { id: e.recorded_by, name: e.recorded_by_name },
          source: describeSource(e),
        }))
        .reverse(),
    });
  }
  return { frameworks: [...frameworks.values()] };
}

/** The trainee's name, for the trainer's view of their record (visibility is checked before). */
export async function findLearnerName(learnerId: string): Promise<string> {
  const row = await getDb().selectFrom("users").select("display_name").where("id", "=", learnerId).executeTakeFirst();
  return row?.display_name ?? "This trainee";
}
