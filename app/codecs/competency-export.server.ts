import { csvDocument, type CsvValue } from "~/codecs/csv";
import {
  LEVEL_DESCRIPTIONS,
  LEVEL_LABELS,
  LEVELS,
  observationRatingLabel,
  selfRatingLabel,
} from "~/models/competencies/competency-level";
import type { CompetencyRecord, EvidenceView } from "~/models/competencies/competency.server";

/** How a piece of evidence reads in an export: plain words, never a reflection's text. */
export function describeEvidence(evidence: EvidenceView): string {
  const source = evidence.source;
  switch (source.type) {
    case "quiz":
      return `Passed the quiz "${source.quizTitle}" in "${source.moduleTitle}"${source.scorePercent !== null ? ` (${source.scorePercent}%)` : ""}`;
    case "reflection":
      return `Answered the reflection "${source.prompt}" in "${source.moduleTitle}"`;
    case "deleted-reflection":
      return "Answered a reflection (since deleted by the trainee)";
    case "observation":
      return `Observed by ${evidence.recordedBy.name}: ${observationRatingLabel(evidence.rating) ?? "no rating"}`;
    case "self_assessment":
      return `Rated themselves: ${selfRatingLabel(evidence.rating) ?? "no rating"}`;
  }
}

/** The whole record as JSON: to keep, or to take to another platform. */
export function competencyRecordAsJson(record: CompetencyRecord, meta: { person: string; organization: string; exportedAt: string }) {
  return {
    exportedAt: meta.exportedAt,
    person: meta.person,
    organization: meta.organization,
    levels: LEVELS.map((level) => ({ level, label: LEVEL_LABELS[level], meaning: LEVEL_DESCRIPTIONS[level] })),
    frameworks: record.frameworks.map((framework) => ({
      title: framework.title,
      publisher: framework.publisher,
      caseIdentifier: framework.caseIdentifier,
      competencies: framework.competencies.map((competency) => ({
        code: competency.code,
        title: competency.title,
        caseIdentifier: competency.caseIdentifier,
        retired: competency.retired,
        level: competency.derived.level,
        levelLabel: LEVEL_LABELS[competency.derived.level],
        selfAssessment: {
          first: competency.self.first ? { ...competency.self.first, label: selfRatingLabel(competency.self.first.rating) } : null,
          latest: competency.self.latest ? { ...competency.self.latest, label: selfRatingLabel(competency.self.latest.rating) } : null,
        },
        evidence: competency.evidence.map((evidence) => ({
          kind: evidence.kind,
          recordedAt: evidence.recordedAt,
          recordedBy: evidence.recordedBy.name,
          rating: evidence.rating,
          ratingLabel: evidence.ratingLabel,
          note: evidence.note,
          description: describeEvidence(evidence),
        })),
      })),
    })),
  };
}

const CSV_COLUMNS = [
  "Framework",
  "Code",
  "Competency",
  "Level",
  "Quizzes passed",
  "Reflections answered",
  "Trainer observations",
  "Latest observation",
  "Latest observation by",
  "Latest observation on",
  "Latest observation note",
  "First self-rating",
  "First self-rating on",
  "Latest self-rating",
  "Latest self-rating on",
  "Still in the framework",
  "CASE identifier",
];

/** One row per competency, for a spreadsheet. The JSON export has every piece of evidence. */
export function competencyRecordAsCsv(record: CompetencyRecord): string {
  const rows: CsvValue[][] = [CSV_COLUMNS];
  for (const framework of record.frameworks) {
    for (const competency of framework.competencies) {
      const observation = competency.evidence.find((e) => e.kind === "observation");
      const { first, latest } = competency.self;
      rows.push([
          framework.title,
          competency.code,
          competency.title,
          LEVEL_LABELS[competency.derived.level],
          competency.derived.quizPasses,
          competency.derived.reflections,
          competency.derived.observations,
          observation ? observationRatingLabel(observation.rating) : null,
          observation?.recordedBy.name ?? null,
          observation?.recordedAt.slice(0, 10) ?? null,
          observation?.note ?? null,
          first ? selfRatingLabel(first.rating) : null,
          first?.recordedAt.slice(0, 10) ?? null,
          latest ? selfRatingLabel(latest.rating) : null,
          latest?.recordedAt.slice(0, 10) ?? null,
          competency.retired ? "no" : "yes",
          competency.caseIdentifier,
      ]);
    }
  }
  return csvDocument(rows);
}
