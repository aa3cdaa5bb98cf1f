import { z } from "zod";
import { deriveCompetencyLevel, LEVEL_LABELS, OBSERVATION_RATINGS, type CompetencyLevel } from "~/models/competencies/competency-level";

/**
 * Practice you can observe: for each competency of a framework shipped in
 * content/frameworks, a role-play or practice task and a rubric of what a
 * trainer sees at each rating of the observation scale. Written in
 * content/practice/<framework id>.json, checked here, shown to trainers on the
 * observation form and to trainees on their competency page. Pure (no files,
 * no database), so the browser bundle may use the types and steps too.
 * Why the rubric is keyed by observation rating: docs/decisions/030-practice-rubrics-in-content.md.
 */

/** The rubric's keys, one per step of the trainer's observation scale, in order. */
export const RUBRIC_KEYS = ["not-seen-yet", "with-support", "on-their-own", "could-teach-it"] as const;
export type RubricKey = (typeof RUBRIC_KEYS)[number];

export interface RubricStep {
  key: RubricKey;
  rating: 1 | 2 | 3 | 4;
  /** The rating's label on the observation form ("With support"). */
  label: string;
  /** The level an observation at this rating gives, when it is the latest one. */
  level: CompetencyLevel;
  /** What that means for the trainee's level, in plain words. */
  effect: string;
}

const EFFECTS: Record<RubricKey, string> = {
  "not-seen-yet": "Does not verify. The level stays where quizzes and reflections put it.",
  "with-support": `The level is at least ${LEVEL_LABELS.developing}. It does not verify.`,
  "on-their-own": `${LEVEL_LABELS.verified}.`,
  "could-teach-it": `${LEVEL_LABELS.verified}.`,
};

/**
 * Each rubric key beside the observation rating it describes and the level that
 * rating gives on its own, worked out by the level rules themselves so the two
 * cannot drift apart.
 */
export const RUBRIC_STEPS: readonly RubricStep[] = RUBRIC_KEYS.map((key, index) => {
  const step = OBSERVATION_RATINGS[index]!;
  const { level } = deriveCompetencyLevel([{ kind: "observation", sourceRef: "rubric", rating: step.value, recordedAt: "" }]);
  return { key, rating: step.value, label: step.label, level, effect: EFFECTS[key] };
});

export const PRACTICE_KINDS = ["role-play", "practice-task"] as const;
export const PRACTICE_KIND_LABELS: Record<(typeof PRACTICE_KINDS)[number], string> = {
  "role-play": "Role-play",
  "practice-task": "Practice task",
};

const text = (max: number) => z.string().trim().min(1).max(max);
const behaviours = z.array(text(300)).max(8, "keep a rubric step to 8 behaviours or fewer").default([]);

const practiceEntrySchema = z.strictObject({
  competency: z.string().regex(/^[a-z]+\.[a-z0-9-]+$/, "must look like who.role-01 or psc.demeanour"),
  kind: z.enum(PRACTICE_KINDS),
  title: text(120),
  /** The situation, as the trainee reads it before starting. */
  setup: text(1200),
  /** What the trainee does, in a few steps. */
  steps: z.array(text(400)).min(1, "list at least one step").max(8),
  /** For a role-play: what the person playing the other part needs to know. */
  otherPart: text(800).optional(),
  /** Shown before the task when it touches distress, beside the organization's crisis and support lines. */
  contentNote: text(400).optional(),
  // Every key may be left out here; the content check reports a step with no behaviours.
  rubric: z.strictObject({
    "not-seen-yet": behaviours,
    "with-support": behaviours,
    "on-their-own": behaviours,
    "could-teach-it": behaviours,
  }),
});

const practiceFileSchema = z.strictObject({
  framework: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/, "must be lower-case letters, digits and dashes"),
  sources: z
    .array(
      z.strictObject({
        title: text(400),
        publisher: text(300),
        // Left out when the source gives no date: an invented year is a false citation.
        year: z.number().int().min(1800).max(2100).optional(),
        url: z.url().optional(),
        licence: text(300),
      }),
    )
    .min(1, "name at least one source"),
  attribution: text(2000).optional(),
  practice: z.array(practiceEntrySchema).min(1, "list at least one practice task"),
});

export type PracticeEntry = z.infer<typeof practiceEntrySchema>;
export type PracticeFile = z.infer<typeof practiceFileSchema>;
export type PracticeSource = PracticeFile["sources"][number];

/** One competency's practice, as pages show it. */
export interface PracticeGuide extends PracticeEntry {
  framework: string;
  attribution: string | null;
}

/** A practice file that cannot be used, named with the field at fault. */
export class PracticeFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "PracticeFileError";
  }
}

/**
 * Checks one practice file's contents against the schema and against the
 * frameworks it may refer to (`frameworks`: framework id to its competency
 * codes). Throws PracticeFileError naming the field at fault.
 */
export function parsePracticeFile(file: string, raw: unknown, frameworks: ReadonlyMap<string, ReadonlySet<string>>): PracticeFile {
  const parsed = practiceFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PracticeFileError(file, `field "${issue.path.join(".") || "(root)"}": ${issue.message}`);
  }
  const practice = parsed.data;
  const codes = frameworks.get(practice.framework);
  if (!codes) throw new PracticeFileError(file, `names the framework "${practice.framework}", which no file in content/frameworks defines`);
  const seen = new Set<string>();
  practice.practice.forEach((entry, index) => {
    if (!codes.has(entry.competency)) {
      throw new PracticeFileError(file, `field "practice.${index}.competency": ${entry.competency} is not a competency of ${practice.framework}`);
    }
    if (seen.has(entry.competency)) throw new PracticeFileError(file, `field "practice.${index}.competency": ${entry.competency} has two practice tasks`);
    seen.add(entry.competency);
  });
  return practice;
}

/** The guides of parsed files, keyed by `practiceKey`. */
export function indexPracticeGuides(files: readonly PracticeFile[]): Record<string, PracticeGuide> {
  const guides: Record<string, PracticeGuide> = {};
  for (const file of files) {
    for (const entry of file.practice) {
      guides[practiceKey(file.framework, entry.competency)] = { ...entry, framework: file.framework, attribution: file.attribution ?? null };
    }
  }
  return guides;
}

/** Framework and code together: an imported framework may reuse a code that a shipped one has. */
export function practiceKey(framework: string, code: string): string {
  return `${framework}/${code}`;
}

/** What a content check reports about complete files: competencies without a task, rubric steps without behaviours. */
export function practiceGaps(files: readonly PracticeFile[], frameworks: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const gaps: string[] = [];
  for (const [framework, codes] of frameworks) {
    const file = files.find((f) => f.framework === framework);
    for (const code of codes) {
      const entry = file?.practice.find((e) => e.competency === code);
      if (!entry) {
        gaps.push(`competency ${code} has no practice task; add one to content/practice/${framework}.json`);
        continue;
      }
      for (const step of RUBRIC_STEPS) {
        if (entry.rubric[step.key].length === 0) gaps.push(`competency ${code}: the rubric has no behaviours for "${step.label}" (${step.key})`);
      }
    }
  }
  return gaps;
}

/** Every piece of a practice entry a trainee or trainer reads, for the reading-grade and language checks. */
export function practiceTextBlocks(entry: PracticeEntry): string[] {
  return [
    entry.title,
    entry.setup,
    ...entry.steps,
    ...(entry.otherPart ? [entry.otherPart] : []),
    ...(entry.contentNote ? [entry.contentNote] : []),
    ...RUBRIC_KEYS.flatMap((key) => entry.rubric[key]),
  ];
}
