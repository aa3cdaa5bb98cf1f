/**
 * How the cohort progress page scales: `npx tsx bench/cohort-matrix.ts`
 * (or `npm run bench:cohorts`). Not part of `npm test`.
 *
 * Seeds a scratch database (system temp folder) with one organization of
 * 20,000 trainees, all with some learning, and a cohort of 500 of them with
 * 30 assigned modules and their progress and quiz attempts; a second cohort
 * of 50 shows the query count does not grow with the cohort. Then measures:
 *
 * - in this process, the progress page's loader (permission check and
 *   model call, as the route runs them) and the CSV export, counting every
 *   SQL statement sent to SQLite;
 * - over HTTP against the production build, the whole page (session,
 *   loader, React render) and the CSV download, as a browser would fetch them.
 *
 * Prints a table and writes bench/results/cohort-matrix.json. Builds the app
 * first unless SKIP_BUILD=1. TRAINEES, COHORT, MODULES and RUNS change the sizes.
 */
import { execFileSync, type ExecFileSyncOptions } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import SQLite from "better-sqlite3";
import { onStatement } from "./count-statements";

const ORGANIZATION_TRAINEES = Number(process.env.TRAINEES ?? 20_000);
const COHORT_SIZE = Number(process.env.COHORT ?? 500);
const SMALL_COHORT_SIZE = 50;
const ASSIGNED_MODULES = Number(process.env.MODULES ?? 30);
const RUNS = Number(process.env.RUNS ?? 20);

if (process.env.SKIP_BUILD !== "1") {
  console.log("Building the app (SKIP_BUILD=1 to skip)…");
  const options: ExecFileSyncOptions = { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } };
  execFileSync("npx", ["remix", "build"], options);
  execFileSync("npx", ["tsx", "scripts/build-content.ts"], options);
}

const scratch = mkdtempSync(join(tmpdir(), "pst-bench-cohorts-"));
process.env.DATABASE_PATH = join(scratch, "bench.db");
process.env.LOG_LEVEL = "silent";

// Every query Kysely runs is one statement run on the connection (reads,
// writes, begin/commit): count the runs (prepared statements are cached).
const statements: string[] = [];
onStatement((source) => statements.push(source));

// App modules read DATABASE_PATH when first used, so they are loaded after it is set.
const { getDb, closeDb } = await import("../app/db.server");
const { migrateToLatest } = await import("../app/db/migrate.server");
const { listModules } = await import("../app/content/catalog.server");
const { recordModuleVersions } = await import("../app/models/learning/module-version.server");
const { hashPassword } = await import("../app/auth/password.server");
const { generateId } = await import("../app/auth/tokens.server");
const { matrixQueryFrom } = await import("../app/forms/cohort-fields");
const { loadCohortProgress, cohortProgressAsCsv } = await import("../app/models/cohorts/cohort-progress.server");
const progressRoute = await import("../app/routes/o.$orgSlug+/teach+/cohorts.$cohortId._index");
const { startTestServer } = await import("../tests/support/test-server");
const { HttpClient } = await import("../tests/support/http-client");

/** A small deterministic random source, so every run seeds the same data. */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const trainerPassword = "a long bench trainer password";
let organizationSlug = "";
let trainerId = "";
let trainerEmail = "";
let bigCohortId = "";
let smallCohortId = "";

async function seed() {
  const started = performance.now();
  await migrateToLatest(getDb());
  const modules = listModules();
  await recordModuleVersions(modules);
  if (modules.length < ASSIGNED_MODULES) throw new Error(`only ${modules.length} modules in the catalog, ${ASSIGNED_MODULES} wanted`);
  const assigned = modules.slice(0, ASSIGNED_MODULES);

  const db = new SQLite(process.env.DATABASE_PATH!);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  const rand = random(42);
  const now = new Date();
  const iso = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();
  const day = (offset: number) => iso(-offset).slice(0, 10);
  const passwordHash = await hashPassword(trainerPassword);
  const organizationId = generateId();
  organizationSlug = "bench-peer-network";
  trainerId = generateId();
  trainerEmail = "trainer@bench.example";
  bigCohortId = generateId();
  smallCohortId = generateId();

  const insertUser = db.prepare("insert into users (id, email, display_name, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?)");
  const insertMembership = db.prepare("insert into memberships (user_id, organization_id, role, created_at) values (?, ?, ?, ?)");
  const insertCohort = db.prepare(
    "insert into cohorts (id, organization_id, name, starts_on, ends_on, archived_at, created_by, created_at) values (?, ?, ?, ?, ?, null, ?, ?)",
  );
  const insertCohortMember = db.prepare("insert into cohort_members (cohort_id, user_id, role, added_at) values (?, ?, ?, ?)");
  const insertAssignment = db.prepare(
    "insert into assignments (id, cohort_id, module_slug, due_on, assigned_by, assigned_at) values (?, ?, ?, ?, ?, ?)",
  );
  const insertProgress = db.prepare(
    "insert into module_progress (organization_id, user_id, module_slug, started_at, updated_at, last_section, sections_seen, completed_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertAttempt = db.prepare(
    "insert into quiz_attempts (id, organization_id, user_id, module_slug, quiz_id, content_hash, submitted_at, score, max_score, passed) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );

  const counts = { users: 0, progress: 0, attempts: 0 };
  /** Some learning for one trainee in one module: in progress, or done with its quizzes passed. */
  function learn(userId: string, module: (typeof modules)[number], done: boolean) {
    const startedDaysAgo = 1 + Math.floor(rand() * 60);
    const completedAt = done ? iso(Math.floor(rand() * startedDaysAgo)) : null;
    const sections = module.sections.slice(0, done ? module.sections.length : 1).map((s) => s.id);
    insertProgress.run(organizationId, userId, module.slug, iso(startedDaysAgo), completedAt ?? iso(startedDaysAgo), sections.at(-1) ?? null, JSON.stringify(sections), completedAt);
    counts.progress++;
    for (const quiz of module.quizzes) {
      const tries = done ? 1 + Math.floor(rand() * 2) : rand() < 0.5 ? 1 : 0;
      for (let t = 0; t < tries; t++) {
        const passed = done && t === tries - 1;
        const max = quiz.questions.length;
        insertAttempt.run(generateId(), organizationId, userId, module.slug, quiz.id, module.contentHash, iso(startedDaysAgo - t), passed ? max : Math.floor(max / 2), max, passed ? 1 : 0);
        counts.attempts++;
      }
    }
  }

  db.transaction(() => {
    db.prepare("insert into organizations (id, slug, name, created_at) values (?, ?, ?, ?)").run(organizationId, organizationSlug, "Bench Peer Network", iso(400));
    insertUser.run(trainerId, trainerEmail, "Bench Trainer", passwordHash, iso(400), iso(400));
    insertMembership.run(trainerId, organizationId, "trainer", iso(400));
    insertCohort.run(bigCohortId, organizationId, "Big cohort", day(-60), day(60), trainerId, iso(60));
    insertCohort.run(smallCohortId, organizationId, "Small cohort", day(-60), day(60), trainerId, iso(60));
    insertCohortMember.run(bigCohortId, trainerId, "trainer", iso(60));
    insertCohortMember.run(smallCohortId, trainerId, "trainer", iso(60));
    assigned.forEach((module, index) => {
      // A third are past due, a third due soon, a third without a date.
      const due = index % 3 === 0 ? day(-10 + index) : index % 3 === 1 ? day(20 + index) : null;
      insertAssignment.run(generateId(), bigCohortId, module.slug, due, trainerId, iso(60));
      insertAssignment.run(generateId(), smallCohortId, module.slug, due, trainerId, iso(60));
    });
  })();

  const batch = 2_000;
  for (let first = 0; first < ORGANIZATION_TRAINEES; first += batch) {
    db.transaction(() => {
      for (let i = first; i < Math.min(first + batch, ORGANIZATION_TRAINEES); i++) {
        const id = generateId();
        insertUser.run(id, `trainee${i}@bench.example`, `Trainee ${String(i).padStart(5, "0")}`, passwordHash, iso(300), iso(300));
        insertMembership.run(id, organizationId, "trainee", iso(300));
        counts.users++;
        const inBig = i < COHORT_SIZE;
        const inSmall = !inBig && i < COHORT_SIZE + SMALL_COHORT_SIZE;
        if (inBig || inSmall) {
          insertCohortMember.run(inBig ? bigCohortId : smallCohortId, id, "trainee", iso(60));
          // Cohort trainees: each assigned module not started, in progress or completed.
          for (const module of assigned) {
            const roll = rand();
            if (roll < 0.25) continue;
            learn(id, module, roll > 0.6);
          }
        } else {
          // Everyone else: a few modules of their own, so the tables are as big as a real organization's.
          const picked = new Set<number>();
          const howMany = 2 + Math.floor(rand() * 6);
          while (picked.size < howMany) picked.add(Math.floor(rand() * modules.length));
          for (const index of picked) learn(id, modules[index]!, rand() < 0.5);
        }
      }
    })();
  }
  db.pragma("optimize");
  db.close();
  return { seconds: (performance.now() - started) / 1000, ...counts };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: round(at(0.5)), p95: round(at(0.95)), min: round(sorted[0]!), max: round(sorted.at(-1)!) };
}
const round = (ms: number) => Math.round(ms * 10) / 10;

async function timeInProcess<T>(label: string, work: () => Promise<T>) {
  // Warm-up: the JIT, SQLite's page cache and the module catalog, so the runs measure steady work.
  for (let run = 0; run < 3; run++) await work();
  const times: number[] = [];
  let queries = 0;
  let sql: string[] = [];
  let last: T | undefined;
  for (let run = 0; run < RUNS; run++) {
    statements.length = 0;
    const start = performance.now();
    last = await work();
    times.push(performance.now() - start);
    queries = statements.length;
    sql = [...statements];
  }
  return { label, ...stats(times), queries, sql, result: last as T };
}

const seeded = await seed();
console.log(
  `Seeded ${seeded.users.toLocaleString("en")} trainees, ${seeded.progress.toLocaleString("en")} progress rows and ${seeded.attempts.toLocaleString("en")} quiz attempts in ${seeded.seconds.toFixed(1)} s.`,
);

const trainerUser = await getDb().selectFrom("users").select(["id", "email", "display_name"]).where("id", "=", trainerId).executeTakeFirstOrThrow();
const context = {
  auth: {
    user: { id: trainerUser.id, email: trainerUser.email, displayName: trainerUser.display_name },
    session: { id: "bench", userId: trainerUser.id, expiresAt: new Date(Date.now() + 86_400_000), fresh: false },
  },
  cspNonce: "bench",
  clientAddress: "127.0.0.1",
  appOrigin: "http://localhost",
  secure: false,
} as unknown as Parameters<typeof progressRoute.loader>[0]["context"];
const pagePath = (cohortId: string, search = "") => `/o/${organizationSlug}/teach/cohorts/${cohortId}${search}`;
const callLoader = (cohortId: string, search = "") =>
  progressRoute.loader({ context, request: new Request(`http://localhost${pagePath(cohortId, search)}`), params: { orgSlug: organizationSlug, cohortId } });
const overdueSearch = `?sort=${listModules()[0]!.slug}&status=overdue`;

const inProcess = [
  await timeInProcess(`progress page loader, ${COHORT_SIZE} trainees`, () => callLoader(bigCohortId)),
  await timeInProcess(`same, sorted by a module, overdue only`, () => callLoader(bigCohortId, overdueSearch)),
  await timeInProcess(`progress page loader, ${SMALL_COHORT_SIZE} trainees`, () => callLoader(smallCohortId)),
  await timeInProcess(`CSV export, ${COHORT_SIZE} trainees`, async () =>
    cohortProgressAsCsv(await loadCohortProgress({ organizationId: (await orgId()), cohortId: bigCohortId }), matrixQueryFrom(new URLSearchParams())),
  ),
];
async function orgId() {
  return (await getDb().selectFrom("organizations").select("id").where("slug", "=", organizationSlug).executeTakeFirstOrThrow()).id;
}
const csvBytes = Buffer.byteLength(inProcess[3]!.result as string);
await closeDb();

// Over HTTP: the production server on the same database, signed in as the trainer.
const server = await startTestServer();
const http: { label: string; median: number; p95: number; min: number; max: number; bytes: number; status: number }[] = [];
try {
  const client = new HttpClient(server.origin);
  const signIn = await client.post("/signin", { email: trainerEmail, password: trainerPassword });
  if (signIn.status !== 302) throw new Error(`sign-in failed with ${signIn.status}`);
  for (const [label, path] of [
    [`GET progress page (HTML), ${COHORT_SIZE} trainees`, pagePath(bigCohortId)],
    [`GET progress page, sorted and filtered`, pagePath(bigCohortId, overdueSearch)],
    [`GET progress page (HTML), ${SMALL_COHORT_SIZE} trainees`, pagePath(smallCohortId)],
    [`GET progress.csv, ${COHORT_SIZE} trainees`, pagePath(bigCohortId, "/progress.csv")],
  ] as const) {
    let bytes = 0;
    let status = 0;
    const times: number[] = [];
    for (let run = -3; run < RUNS; run++) {
      const start = performance.now();
      const response = await client.get(path);
      const body = await response.arrayBuffer();
      if (run >= 0) times.push(performance.now() - start); // the first three warm up
      bytes = body.byteLength;
      status = response.status;
    }
    if (status !== 200) throw new Error(`${path} answered ${status}`);
    http.push({ label, ...stats(times), bytes, status });
  }
} finally {
  await server.stop();
}

console.log(`\nCohort progress at scale: ${COHORT_SIZE} trainees × ${ASSIGNED_MODULES} modules in an organization of ${ORGANIZATION_TRAINEES.toLocaleString("en")} trainees (${RUNS} runs each)\n`);
console.table(
  inProcess.map((r) => ({ "in process": r.label, "min ms": r.min, "median ms": r.median, "p95 ms": r.p95, "SQL statements": r.queries })),
);
console.table(http.map((r) => ({ "over HTTP": r.label, "min ms": r.min, "median ms": r.median, "p95 ms": r.p95, KB: Math.round(r.bytes / 1024) })));
console.log(`Load average during the runs: ${loadavg().map((l) => l.toFixed(1)).join(", ")} on ${cpus().length} cores (a busy machine widens the p95).`);
console.log(`CSV export size: ${Math.round(csvBytes / 1024)} KB. Statements of the page loader:\n  ${inProcess[0]!.sql.map((s) => s.replace(/\s+/g, " ").slice(0, 110)).join("\n  ")}`);

const fixed = inProcess[0]!.queries === inProcess[2]!.queries;
console.log(fixed ? `\nThe page runs ${inProcess[0]!.queries} statements for ${COHORT_SIZE} trainees and for ${SMALL_COHORT_SIZE}: a fixed number.` : "\nWARNING: the number of statements grows with the cohort.");

mkdirSync("bench/results", { recursive: true });
const file = "bench/results/cohort-matrix.json";
writeFileSync(
  file,
  `${JSON.stringify(
    {
      ranAt: new Date().toISOString(),
      machine: { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, loadAverage: loadavg() },
      sizes: { organizationTrainees: ORGANIZATION_TRAINEES, cohortTrainees: COHORT_SIZE, smallCohortTrainees: SMALL_COHORT_SIZE, assignedModules: ASSIGNED_MODULES, runs: RUNS },
      seeded,
      inProcess: inProcess.map(({ result: _result, sql, ...rest }) => ({ ...rest, statements: sql.map((s) => s.replace(/\s+/g, " ")) })),
      http,
      csvBytes,
      fixedQueryCount: fixed,
    },
    null,
    2,
  )}\n`,
);
console.log(`Wrote ${file}.`);
if (process.env.KEEP_DB === "1") console.log(`Kept ${process.env.DATABASE_PATH}`);
else rmSync(scratch, { recursive: true, force: true });
