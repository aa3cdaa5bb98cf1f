import type { CompiledModule, RenderNode } from "~/content/types";
import { getDb } from "~/db.server";

/** Test data for the competency tracker. Cohorts come from cohort-factories.ts. */

/** A shipped competency's row, by code (the server syncs content/frameworks when it starts). */
export async function findCompetency(code: string) {
  return getDb()
    .selectFrom("competencies")
    .innerJoin("frameworks", "frameworks.id", "competencies.framework_id")
    .select(["competencies.id", "competencies.title", "competencies.case_identifier", "competencies.framework_id"])
    .where("frameworks.organization_id", "is", null)
    .where("competencies.code", "=", code)
    .executeTakeFirstOrThrow();
}

/** Every evidence row of one trainee, oldest first. */
export async function evidenceOf(userId: string) {
  return getDb()
    .selectFrom("competency_evidence")
    .innerJoin("competencies", "competencies.id", "competency_evidence.competency_id")
    .select([
      "competency_evidence.id",
      "competency_evidence.kind",
      "competency_evidence.source_ref",
      "competency_evidence.rating",
      "competency_evidence.note",
      "competency_evidence.recorded_by",
      "competency_evidence.recorded_at",
      "competencies.code",
    ])
    .where("competency_evidence.user_id", "=", userId)
    .orderBy("competency_evidence.recorded_at")
    .orderBy("competencies.code")
    .execute();
}

interface CaseItemFixture {
  identifier: string;
  uri: string;
  fullStatement: string;
  abbreviatedStatement?: string;
  humanCodingScheme?: string;
  CFItemType: string;
  lastChangeDateTime: string;
}

/** A small, valid CASE 1.0 package with two competencies, the second with two behaviours. */
export function sampleCasePackage(overrides: { documentId?: string; title?: string; items?: number } = {}) {
  const documentId = overrides.documentId ?? "5d2c8f0e-2b7a-4c1e-9a55-0f3b6e7d9a10";
  const base = "https://frameworks.example.org/case";
  const at = "2025-01-15T10:00:00Z";
  const doc = { title: overrides.title ?? "Recovery Coaching Standards", identifier: documentId, uri: `${base}/${documentId}` };
  const competencies = Array.from({ length: overrides.items ?? 2 }, (_, i) => ({
    identifier: `7a0c3e51-1111-4d2a-8b9c-${String(i + 1).padStart(12, "0")}`,
    code: `rcs.${i + 1}`,
    title: `Standard ${i + 1}`,
  }));
  const behaviours = [
    { identifier: "9b1d4f62-2222-4e3b-9cad-000000000001", text: "Listens before suggesting anything", parent: competencies[1] ?? competencies[0]! },
    { identifier: "9b1d4f62-2222-4e3b-9cad-000000000002", text: "Checks what the person wants from the meeting", parent: competencies[1] ?? competencies[0]! },
  ];
  const link = (title: string, identifier: string) => ({ title, identifier, uri: `${base}/${identifier}` });
  return {
    CFDocument: { ...doc, creator: "Example Standards Board", publisher: "Example Standards Board", lastChangeDateTime: at, description: "Standards for recovery coaches." },
    CFItems: [
      ...competencies.map((c, i): CaseItemFixture => ({
        identifier: c.identifier,
        uri: `${base}/${c.identifier}`,
        fullStatement: `${c.title}: the coach works in a way that puts the person first (${i + 1}).`,
        abbreviatedStatement: c.title,
        humanCodingScheme: c.code,
        CFItemType: "Competency",
        lastChangeDateTime: at,
      })),
      ...behaviours.map((b): CaseItemFixture => ({ identifier: b.identifier, uri: `${base}/${b.identifier}`, fullStatement: b.text, CFItemType: "Behaviour", lastChangeDateTime: at })),
    ],
    CFAssociations: [
      ...competencies.map((c, i) => ({
        identifier: `3c2e5a73-3333-4f4c-8dbe-${String(i + 1).padStart(12, "0")}`,
        uri: `${base}/assoc/${i + 1}`,
        associationType: "isChildOf",
        sequenceNumber: i + 1,
        originNodeURI: link(c.title, c.identifier),
        destinationNodeURI: link(doc.title, documentId),
        lastChangeDateTime: at,
      })),
      ...behaviours.map((b, i) => ({
        identifier: `3c2e5a73-4444-4f4c-8dbe-${String(i + 1).padStart(12, "0")}`,
        uri: `${base}/assoc/b${i + 1}`,
        associationType: "isChildOf",
        sequenceNumber: i + 1,
        originNodeURI: link(b.text, b.identifier),
        destinationNodeURI: link(b.parent.title, b.parent.identifier),
        lastChangeDateTime: at,
      })),
    ],
  };
}

/** The form fields that answer every question of a module's quiz right (or, with `wrong`, every one wrong). */
export function quizAnswers(module: CompiledModule, quizId: string, options: { wrong?: boolean } = {}): Record<string, string | string[]> {
  const quiz = module.quizzes.find((q) => q.id === quizId)!;
  const fields: Record<string, string | string[]> = {};
  for (const question of quiz.questions) {
    const chosen = question.options.filter((o) => (options.wrong ? !o.correct : o.correct)).map((o) => o.id);
    fields[`q.${question.id}`] = question.kind === "multiple" ? chosen : chosen[0]!;
  }
  return fields;
}

/** Where a module's quiz or reflection lives, for posting to the right section. */
export function sectionHolding(module: CompiledModule, kind: "Quiz" | "Reflection", id: string): string {
  const holds = (nodes: RenderNode[]): boolean =>
    nodes.some((node) => typeof node !== "string" && ((node.t === kind && node.p?.id === id) || holds(node.c ?? [])));
  return module.sections.find((section) => holds(section.tree))!.id;
}
