/**
 * How the competency page scales with the organization:
 *
 *   npx tsx bench/competency-page.ts        (or npm run bench:competencies)
 *
 * Builds, in a scratch SQLite file, an organization of 1,000 trainees in
 * cohorts of 20, each with evidence across the competencies, and one trainee
 * with evidence of every kind on every competency (every quiz passed, every
 * reflection answered, self-assessments and observations), written through
 * the app's own model functions. It then calls the loaders of the trainee's
 * competency page and of their trainer's view in this process, the way the
 * server would, and counts the SQL statements each one runs. Then it
 * grows the organization to 10,000 trainees and measures again. The figures
 * must not grow with the organization: the page reads one trainee's rows
 * through indexes. Prints a table and writes bench/results/competency-page.json.
 *
 * Needs the compiled modules (`npm run build` once). Not part of `npm test`.
 * Options: BENCH_RUNS (default 100 timed runs per page), BENCH_SIZES ("1000,10000").
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import type { Insertable } from "kysely";
import type { CompetencyEvidenceTable } from "~/db/schema";
import { onStatement } from "./count-statements";

const scratch = mkdtempSync(join(tmpdir(), "pst-bench-competencies-"));
process.env.DATABASE_PATH = join(scratch, "bench.db");
process.env.LOG_LEVEL = "silent";

// Every query Kysely runs is one statement run on the connection: count them.
let statements = 0;
onStatement(() => {
  statements += 1;
});

const { getDb, closeDb } = await import("~/db.server");
const { migrateToLatest } = await import("~/db/migrate.server");
const { getCatalog, listModules } = await import("~/content/catalog.server");
const { generateId } = await import("~/auth/tokens.server");
const { syncContentFrameworks } = await import("~/models/competencies/framework.server");
const { recordModuleVersions } = await import("~/models/learning/module-version.server");
const { takeQuizAttempt } = await import("~/models/learning/quiz-attempt.server");
const { saveReflection } = await import("~/models/learning/reflection.server");
const { recordObservation, recordSelfAssessment } = await import("~/models/competencies/competency-evidence.server");
const traineeRoute = await import("~/routes/o.$orgSlug+/learn+/competencies._index");
const trainerRoute = await import("~/routes/o.$orgSlug+/teach+/trainees.$userId.competencies");

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const WARM_UP = 30;
const SIZES = (process.env.BENCH_SIZES ?? "1000,10000").split(",").map(Number);
const COHORT_SIZE = 20;
const EVIDENCE_PER_TRAINEE = 30;

try {
  getCatalog();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const db = getDb();
await migrateToLatest(db);
await recordModuleVersions(listModules());
await syncContentFrameworks("content/frameworks");
const competencies = await db.selectFrom("competencies").select(["id", "code"]).where("retired_at", "is", null).execute();

const now = () => new Date().toISOString();
const organizationId = generateId();
const slug = "bench-org";
const adminId = generateId();
await db.insertInto("organizations").values({ id: organizationId, slug, name: "Benchmark Peer Network", created_at: now() }).execute();

/** People are inserted directly: hashing 10,000 passwords would measure argon2, not the page. */
async function addPeople(count: number, role: "admin" | "trainer" | "trainee", prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const batch = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
      id: generateId(),
      email: `${prefix}-${start + i}-${generateId()}@bench.example`,
      display_name: `${prefix} ${start + i}`,
      password_hash: "not-a-real-hash",
      created_at: now(),
      updated_at: now(),
    }));
    await db.insertInto("users").values(batch).execute();
    await db
      .insertInto("memberships")
      .values(batch.map((user) => ({ user_id: user.id, organization_id: organizationId, role, created_at: now() })))
      .execute();
    ids.push(...batch.map((user) => user.id));
  }
  return ids;
}

/** Cohorts of 20 trainees, each with its own trainer, as a real organization would have. */
async function addCohorts(traineeIds: string[]): Promise<void> {
  for (let start = 0; start < traineeIds.length; start += COHORT_SIZE) {
    const [trainerId] = await addPeople(1, "trainer", "trainer");
    const cohortId = generateId();
    await db
      .insertInto("cohorts")
      .values({ id: cohortId, organization_id: organizationId, name: `Cohort ${start / COHORT_SIZE + 1}`, starts_on: "2026-01-01", ends_on: "2026-06-30", archived_at: null, created_by: adminId, created_at: now() })
      .execute();
    await db
      .insertInto("cohort_members")
      .values([
        { cohort_id: cohortId, user_id: trainerId!, role: "trainer", added_at: now() },
        ...traineeIds.slice(start, start + COHORT_SIZE).map((userId) => ({ cohort_id: cohortId, user_id: userId, role: "trainee" as const, added_at: now() })),
      ])
      .execute();
  }
}

/** Background evidence for the other trainees: a mix of kinds over random competencies. */
async function addBackgroundEvidence(traineeIds: string[]): Promise<void> {
  const kinds = ["quiz", "reflection", "self_assessment", "observation"] as const;
  let rows: Insertable<CompetencyEvidenceTable>[] = [];
  for (const userId of traineeIds) {
    for (let i = 0; i < EVIDENCE_PER_TRAINEE; i++) {
      const kind = kinds[i % kinds.length]!;
      rows.push({
        id: generateId(),
        organization_id: organizationId,
        user_id: userId,
        competency_id: competencies[(i * 7 + userId.charCodeAt(0)) % competencies.length]!.id,
        kind,
        source_ref: `${kind === "quiz" ? "quiz_attempt" : kind}:${generateId()}`,
        rating: kind === "self_assessment" || kind === "observation" ? (i % 4) + 1 : null,
        note: kind === "observation" ? "Seen in a role-play." : null,
        recorded_by: userId,
        recorded_at: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
      });
      if (rows.length === 1000) {
        await db.insertInto("competency_evidence").values(rows).execute();
        rows = [];
      }
    }
  }
  if (rows.length) await db.insertInto("competency_evidence").values(rows).execute();
}

// The trainee the page is measured for, with a trainer, and evidence of every kind on every competency.
await db.insertInto("users").values({ id: adminId, email: "admin@bench.example", display_name: "Admin", password_hash: "x", created_at: now(), updated_at: now() }).execute();
await db.insertInto("memberships").values({ user_id: adminId, organization_id: organizationId, role: "admin", created_at: now() }).execute();
const [subjectId] = await addPeople(1, "trainee", "subject");
const [trainerId] = await addPeople(1, "trainer", "subject-trainer");
await addCohorts([subjectId!]);
await db
  .insertInto("cohort_members")
  .values({ cohort_id: (await db.selectFrom("cohort_members").select("cohort_id").where("user_id", "=", subjectId!).executeTakeFirstOrThrow()).cohort_id, user_id: trainerId!, role: "trainer", added_at: now() })
  .execute();
const scope = { organizationId, userId: subjectId! };
for (const module of listModules()) {
  for (const quiz of module.quizzes) {
    const answers = Object.fromEntries(quiz.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));
    await takeQuizAttempt({ scope, module, quizId: quiz.id, answers });
  }
  for (const prompt of module.reflections) {
    await saveReflection({ scope, module, promptId: prompt.id, body: `Reflection on ${prompt.id}` });
  }
}
await recordSelfAssessment({ scope, ratings: new Map(competencies.map((c) => [c.id, 1])) });
await recordSelfAssessment({ scope, ratings: new Map(competencies.map((c) => [c.id, 3])) });
for (const competency of competencies) {
  await recordObservation({ organizationId, learnerId: subjectId!, observerId: trainerId!, competencyId: competency.id, rating: 3, note: "Seen in supervised practice." });
}
const subjectEvidence = Number(
  (await db.selectFrom("competency_evidence").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", subjectId!).executeTakeFirstOrThrow()).n,
);

function contextFor(userId: string, displayName: string): AppLoadContext {
  return {
    auth: {
      user: { id: userId, email: `${userId}@bench.example`, displayName },
      session: { id: "bench", userId, expiresAt: new Date(Date.now() + 3_600_000), fresh: false },
    },
    cspNonce: "bench",
    clientAddress: "127.0.0.1",
    appOrigin: "http://bench.example",
    secure: false,
  } as AppLoadContext;
}

interface Measure {
  page: string;
  trainees: number;
  evidenceRows: number;
  queries: number;
  medianMs: number;
  p95Ms: number;
}

async function measure(page: string, trainees: number, evidenceRows: number, run: () => Promise<unknown>): Promise<Measure> {
  for (let i = 0; i < WARM_UP; i++) await run();
  const before = statements;
  await run();
  const queries = statements - before;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { page, trainees, evidenceRows, queries, medianMs: Number(at(0.5).toFixed(2)), p95Ms: Number(at(0.95).toFixed(2)) };
}

const results: Measure[] = [];
let trainees = 1;
for (const size of SIZES) {
  const started = Date.now();
  const added = await addPeople(size - trainees, "trainee", "trainee");
  await addCohorts(added);
  await addBackgroundEvidence(added);
  trainees = size;
  const evidenceRows = Number((await db.selectFrom("competency_evidence").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  console.log(`built ${size.toLocaleString("en")} trainees, ${evidenceRows.toLocaleString("en")} evidence rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const traineeRequest = () => new Request(`http://bench.example/o/${slug}/learn/competencies`);
  results.push(
    await measure("trainee: /learn/competencies", size, evidenceRows, () =>
      traineeRoute.loader({ context: contextFor(subjectId!, "subject"), request: traineeRequest(), params: { orgSlug: slug } }),
    ),
  );
  results.push(
    await measure("trainer: /teach/trainees/:id/competencies", size, evidenceRows, () =>
      trainerRoute.loader({
        context: contextFor(trainerId!, "trainer"),
        request: new Request(`http://bench.example/o/${slug}/teach/trainees/${subjectId}/competencies`),
        params: { orgSlug: slug, userId: subjectId! },
      }),
    ),
  );
}

const table = results.map((r) => ({
  page: r.page,
  trainees: r.trainees.toLocaleString("en"),
  "evidence rows": r.evidenceRows.toLocaleString("en"),
  queries: r.queries,
  "median ms": r.medianMs,
  "p95 ms": r.p95Ms,
}));
console.log(`\nCompetency page, one trainee with ${subjectEvidence} evidence rows on ${competencies.length} competencies (${RUNS} timed runs each):`);
console.table(table);

const pages = [...new Set(results.map((r) => r.page))];
const verdicts = pages.map((page) => {
  const rows = results.filter((r) => r.page === page);
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  return { page, queriesSame: rows.every((r) => r.queries === first.queries), timeRatio: Number((last.medianMs / first.medianMs).toFixed(2)) };
});
for (const v of verdicts) {
  console.log(`${v.page}: queries ${v.queriesSame ? "constant" : "GREW"}; median time at ${SIZES.at(-1)!.toLocaleString("en")} is ${v.timeRatio}x that at ${SIZES[0]!.toLocaleString("en")}`);
}

mkdirSync("bench/results", { recursive: true });
const output = {
  benchmark: "competency-page",
  command: "npx tsx bench/competency-page.ts",
  measuredAt: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown" },
  setup: { cohortSize: COHORT_SIZE, evidencePerOtherTrainee: EVIDENCE_PER_TRAINEE, subjectEvidenceRows: subjectEvidence, competencies: competencies.length, runs: RUNS },
  results,
  verdicts,
};
writeFileSync("bench/results/competency-page.json", `${JSON.stringify(output, null, 2)}\n`);
console.log("\nwrote bench/results/competency-page.json");

await closeDb();
rmSync(scratch, { recursive: true, force: true });
process.exit(verdicts.every((v) => v.queriesSame) ? 0 : 1);
