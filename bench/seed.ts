/**
 * Seeds a scratch database for bench/run.ts: `tsx bench/seed.ts <db file> <trainees> <manifest.json>`.
 *
 * Runs in a process of its own (the app's config, and so its database path,
 * is read once per process). The schema comes from the app's own migrations,
 * module versions and competency frameworks from the app's own code; the bulk
 * rows are written with better-sqlite3 prepared statements straight into the
 * tables, a few thousand rows per transaction, in a fixed pseudo-random order
 * (the same sizes give the same data).
 *
 * For N trainees: 5 organizations, N/40 cohorts of 40 trainees with 10
 * assigned modules each, a trainer for every 5 cohorts, and per trainee about
 * 8 modules started, 2 quiz attempts in each (about 110 answers in all),
 * about 11 reflections, competency evidence for passes and reflections, and a
 * completion record for one trainee in 20. N = 20,000 gives over 2 million
 * quiz answers and 200,000 reflections. The manifest lists what the benchmark
 * needs: organization slugs, session ids (written straight into lucia's
 * sessions table, so no sign-in and no throttling), cohorts with their
 * trainers, and verification codes.
 */
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import SQLite from "better-sqlite3";
import { generateId } from "~/auth/tokens.server";
import { drawPaper } from "~/content/quiz-paper";
import { listModules } from "~/content/catalog.server";
import type { CompiledModule } from "~/content/types";
import { closeDb, getDb } from "~/db.server";
import { migrateToLatest } from "~/db/migrate.server";
import { syncContentFrameworks } from "~/models/competencies/framework.server";
import { recordModuleVersions } from "~/models/learning/module-version.server";
import { createOrganizationKey } from "~/models/organizations/organization-key.server";
import { generateVerificationCode } from "~/codecs/verification-code.server";
import type { BenchManifest } from "./manifest";

const ORGANIZATIONS = 5;
const COHORT_SIZE = 40;
const COHORTS_PER_TRAINER = 5;
const ASSIGNED_PER_COHORT = 10;
/** Trainees per organization given a session for the benchmark. */
const SESSIONS_PER_ORGANIZATION = 400;
/** Open quiz papers per signed-in trainee: the quiz route hands each one in once, so enough for every request of a run. */
const PAPERS_PER_SESSION = 6;
const BATCH = 250;

/** A small deterministic random source (mulberry32), so every run seeds the same data. */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  "I noticed how much it helped to be listened to without being judged and I want to offer that same patience to the people I support even when I feel unsure of what to say next".split(
    " ",
  );

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  return out.join(" ");
}

export async function seedBenchDatabase(path: string, trainees: number): Promise<BenchManifest> {
  const started = performance.now();
  process.env.DATABASE_PATH = path;
  await migrateToLatest(getDb());
  const modules = listModules();
  await recordModuleVersions(modules);
  await syncContentFrameworks("content/frameworks");
  await closeDb();

  const db = new SQLite(path);
  db.pragma("journal_mode = WAL");
  // A scratch file built in one go: nothing to lose if this process dies, so no syncing while seeding.
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -262144");
  db.pragma("foreign_keys = ON");

  const competencyIds = new Map<string, string>(
    (
      db
        .prepare(
          "select c.code, c.id from competencies c join frameworks f on f.id = c.framework_id where f.organization_id is null and c.retired_at is null",
        )
        .all() as { code: string; id: string }[]
    ).map((row) => [row.code, row.id]),
  );
  const idsOf = (codes: readonly string[]) => [...new Set(codes)].map((code) => competencyIds.get(code)).filter((id): id is string => !!id);

  const rand = random(20_000 + trainees);
  const nowMs = Date.now();
  const iso = (daysAgo: number) => new Date(nowMs - daysAgo * 86_400_000).toISOString();
  const day = (daysAgo: number) => iso(daysAgo).slice(0, 10);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  // Nobody signs in with a password during the benchmark; one fixed hash stands in for all.
  const passwordHash = "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2gtc2FsdC1iZW5jaA$u0dGVx5F6uQ0qVfKQxZrPpXW1M0o3g9mJ2yJ7yL3c0E";
  const sessionExpiry = new Date(nowMs + 14 * 86_400_000).toISOString();

  const statement = (sql: string) => db.prepare(sql);
  const insert = {
    organization: statement("insert into organizations (id, slug, name, created_at) values (?, ?, ?, ?)"),
    key: statement(
      "insert into organization_keys (id, organization_id, algorithm, public_jwk, private_key_encrypted, created_at, retired_at) values (?, ?, ?, ?, ?, ?, null)",
    ),
    user: statement("insert into users (id, email, display_name, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?)"),
    membership: statement("insert into memberships (user_id, organization_id, role, created_at) values (?, ?, ?, ?)"),
    session: statement("insert into sessions (id, user_id, expires_at, created_at) values (?, ?, ?, ?)"),
    cohort: statement(
      "insert into cohorts (id, organization_id, name, starts_on, ends_on, archived_at, created_by, created_at) values (?, ?, ?, ?, ?, null, ?, ?)",
    ),
    cohortMember: statement("insert into cohort_members (cohort_id, user_id, role, added_at) values (?, ?, ?, ?)"),
    assignment: statement("insert into assignments (id, cohort_id, module_slug, due_on, assigned_by, assigned_at) values (?, ?, ?, ?, ?, ?)"),
    progress: statement(
      "insert into module_progress (organization_id, user_id, module_slug, started_at, updated_at, last_section, sections_seen, completed_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    attempt: statement(
      "insert into quiz_attempts (id, organization_id, user_id, module_slug, quiz_id, content_hash, submitted_at, score, max_score, passed) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    answer: statement("insert into quiz_answers (attempt_id, question_id, answer, score) values (?, ?, ?, ?)"),
    paper: statement(
      "insert into quiz_papers (id, organization_id, user_id, module_slug, quiz_id, content_hash, questions, started_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    reflection: statement(
      "insert into reflections (id, organization_id, user_id, module_slug, prompt_id, content_hash, body, visibility, created_at, updated_at, shared_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    evidence: statement(
      "insert into competency_evidence (id, organization_id, user_id, competency_id, kind, source_ref, rating, note, recorded_by, recorded_at) values (?, ?, ?, ?, ?, ?, null, null, ?, ?)",
    ),
    programme: statement(
      "insert into programmes (id, organization_id, title, description, requires_sign_off, validity_months, version, created_by, created_at, updated_at, archived_at) values (?, ?, ?, ?, 0, 24, 1, ?, ?, ?, null)",
    ),
    programmeModule: statement("insert into programme_modules (programme_id, module_slug, position) values (?, ?, ?)"),
    record: statement(
      `insert into completion_records (id, organization_id, user_id, programme_id, verification_code, issued_at, issued_by, valid_until,
        holder_name, programme_title, organization_name, summary, credential, credential_jwt, key_id, status_list_index, revoked_at, revoked_by, revoke_reason)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, null)`,
    ),
  };
  const counts: Record<string, number> = {
    organizations: 0,
    users: 0,
    cohorts: 0,
    module_progress: 0,
    quiz_attempts: 0,
    quiz_answers: 0,
    reflections: 0,
    competency_evidence: 0,
    completion_records: 0,
    sessions: 0,
  };
  const manifest: BenchManifest = { trainees, seconds: 0, counts, learners: [], quizPapers: [], cohortViews: [], verificationCodes: [] };
  const withQuiz = modules.filter((m) => m.quizzes.length > 0);

  /** Some learning in one module: sections opened, quiz attempts with every answer, reflections, evidence. */
  function learn(organizationId: string, userId: string, module: CompiledModule) {
    const startedDaysAgo = 1 + rand() * 120;
    const seen = module.sections.slice(0, 1 + Math.floor(rand() * module.sections.length)).map((s) => s.id);
    let passedAll = true;
    let lastActivity = startedDaysAgo;
    for (const quiz of module.quizzes) {
      const tries = rand() < 0.9 ? 1 + Math.floor(rand() * 3) : 0;
      let passed = false;
      for (let t = 0; t < tries; t++) {
        const attemptId = generateId();
        const pass = t === tries - 1 && rand() < 0.7;
        const when = startedDaysAgo - (t + 1) * 0.1;
        lastActivity = when;
        let score = 0;
        const answers: [string, string, number][] = [];
        for (const question of quiz.questions) {
          const right = pass || rand() < 0.5;
          const correct = question.options.filter((o) => o.correct).map((o) => o.id);
          const chosen = right ? correct : [pick(question.options).id];
          const questionScore = right ? 1 : 0;
          score += questionScore;
          answers.push([question.id, JSON.stringify(chosen), questionScore]);
        }
        const max = quiz.questions.length;
        const didPass = pass || score / max >= module.frontmatter.passMark / 100;
        insert.attempt.run(attemptId, organizationId, userId, module.slug, quiz.id, module.contentHash, iso(when), score, max, didPass ? 1 : 0);
        counts.quiz_attempts!++;
        for (const [questionId, answer, questionScore] of answers) insert.answer.run(attemptId, questionId, answer, questionScore);
        counts.quiz_answers! += answers.length;
        if (didPass && !passed) {
          for (const competencyId of idsOf(module.frontmatter.competencies)) {
            insert.evidence.run(generateId(), organizationId, userId, competencyId, "quiz", `quiz_attempt:${attemptId}`, userId, iso(when));
            counts.competency_evidence!++;
          }
        }
        passed ||= didPass;
      }
      passedAll &&= passed;
    }
    let answeredAll = true;
    for (const prompt of module.reflections) {
      if (rand() >= 0.65) {
        answeredAll &&= !prompt.required;
        continue;
      }
      const reflectionId = generateId();
      const written = startedDaysAgo - rand() * startedDaysAgo * 0.5;
      lastActivity = Math.min(lastActivity, written);
      const shared = rand() < 0.2;
      insert.reflection.run(
        reflectionId,
        organizationId,
        userId,
        module.slug,
        prompt.id,
        module.contentHash,
        sentence(rand, 40 + Math.floor(rand() * 120)),
        shared ? "shared" : "private",
        iso(written),
        iso(written),
        shared ? iso(written) : null,
      );
      counts.reflections!++;
      const codes = prompt.competencies.length > 0 ? prompt.competencies : module.frontmatter.competencies;
      for (const competencyId of idsOf(codes)) {
        insert.evidence.run(generateId(), organizationId, userId, competencyId, "reflection", `reflection:${reflectionId}`, userId, iso(written));
        counts.competency_evidence!++;
      }
    }
    const done = passedAll && answeredAll && seen.length === module.sections.length;
    insert.progress.run(
      organizationId,
      userId,
      module.slug,
      iso(startedDaysAgo),
      iso(Math.max(0, lastActivity)),
      seen.at(-1) ?? null,
      JSON.stringify(seen),
      done ? iso(Math.max(0, lastActivity)) : null,
    );
    counts.module_progress!++;
    return done;
  }

  const perOrganization = Math.ceil(trainees / ORGANIZATIONS);
  for (let o = 0; o < ORGANIZATIONS; o++) {
    const organizationId = generateId();
    const slug = `bench-org-${o + 1}`;
    const name = `Bench Peer Network ${o + 1}`;
    const created = iso(400);
    const key = await createOrganizationKey(organizationId, created);
    const adminId = generateId();
    const programmeId = generateId();
    const programmeModules = modules.slice(0, 6);
    const traineeCount = Math.min(perOrganization, trainees - o * perOrganization);
    const cohortCount = Math.ceil(traineeCount / COHORT_SIZE);
    const trainerCount = Math.ceil(cohortCount / COHORTS_PER_TRAINER);
    const trainerIds: string[] = [];
    const cohorts: { id: string; assigned: CompiledModule[]; trainerId: string }[] = [];

    db.transaction(() => {
      insert.organization.run(organizationId, slug, name, created);
      counts.organizations!++;
      insert.key.run(key.id, organizationId, key.algorithm, key.public_jwk, key.private_key_encrypted, created);
      insert.user.run(adminId, `admin@${slug}.example`, `Admin of ${name}`, passwordHash, created, created);
      insert.membership.run(adminId, organizationId, "admin", created);
      counts.users!++;
      insert.programme.run(programmeId, organizationId, "Peer support foundations", "The core modules of peer support practice.", adminId, created, created);
      programmeModules.forEach((m, i) => insert.programmeModule.run(programmeId, m.slug, i));
      for (let t = 0; t < trainerCount; t++) {
        const id = generateId();
        insert.user.run(id, `trainer${t}@${slug}.example`, `Trainer ${t} of ${name}`, passwordHash, created, created);
        insert.membership.run(id, organizationId, "trainer", created);
        counts.users!++;
        trainerIds.push(id);
      }
      for (let c = 0; c < cohortCount; c++) {
        const id = generateId();
        const trainerId = trainerIds[Math.floor(c / COHORTS_PER_TRAINER)]!;
        const startsDaysAgo = 30 + Math.floor(rand() * 200);
        insert.cohort.run(id, organizationId, `Cohort ${c + 1}`, day(startsDaysAgo), day(startsDaysAgo - 180), trainerId, iso(startsDaysAgo + 7));
        insert.cohortMember.run(id, trainerId, "trainer", iso(startsDaysAgo + 7));
        const assigned = [...modules].sort(() => rand() - 0.5).slice(0, ASSIGNED_PER_COHORT);
        assigned.forEach((m, i) => {
          const due = i % 3 === 0 ? null : day(startsDaysAgo - 20 - i * 10);
          insert.assignment.run(generateId(), id, m.slug, due, trainerId, iso(startsDaysAgo + 7));
        });
        cohorts.push({ id, assigned, trainerId });
        counts.cohorts!++;
      }
    })();

    for (let first = 0; first < traineeCount; first += BATCH) {
      db.transaction(() => {
        for (let i = first; i < Math.min(first + BATCH, traineeCount); i++) {
          const userId = generateId();
          const joined = iso(300 - rand() * 100);
          insert.user.run(userId, `trainee${i}@${slug}.example`, `Trainee ${String(i).padStart(5, "0")} of ${name}`, passwordHash, joined, joined);
          insert.membership.run(userId, organizationId, "trainee", joined);
          counts.users!++;
          const cohort = cohorts[Math.floor(i / COHORT_SIZE)]!;
          insert.cohortMember.run(cohort.id, userId, "trainee", joined);
          // Mostly the cohort's modules, now and then one of their own choosing.
          const touched = new Set(cohort.assigned.slice(0, 4 + Math.floor(rand() * 8)));
          const extra = Math.floor(rand() * 3);
          for (let e = 0; e < extra; e++) touched.add(pick(modules));
          let completed = 0;
          for (const module of touched) if (learn(organizationId, userId, module)) completed++;
          if (i < SESSIONS_PER_ORGANIZATION) {
            const sessionId = generateId() + generateId();
            insert.session.run(sessionId, userId, sessionExpiry, iso(0));
            counts.sessions!++;
            manifest.learners.push({ sessionId, organizationSlug: slug });
            // Quizzes started and not handed in yet, drawn as the server draws them, for the quiz-submission route.
            for (let p = 0; p < PAPERS_PER_SESSION; p++) {
              const module = withQuiz[(i + p) % withQuiz.length]!;
              const quiz = module.quizzes[0]!;
              const paperId = generateId();
              const questions = drawPaper(quiz, (bound) => Math.floor(rand() * bound));
              insert.paper.run(paperId, organizationId, userId, module.slug, quiz.id, module.contentHash, JSON.stringify(questions), iso(0));
              manifest.quizPapers.push({ sessionId, organizationSlug: slug, moduleSlug: module.slug, paperId, questions });
            }
          }
          if (i % 20 === 0 || completed >= 4) {
            const code = generateVerificationCode();
            const issued = iso(rand() * 60);
            const summary = {
              programmeVersion: 1,
              description: "The core modules of peer support practice.",
              criteria: `Completed the ${programmeModules.length} modules of the programme.`,
              modules: programmeModules.map((m) => ({ slug: m.slug, title: m.frontmatter.title })),
              competencies: [],
              signOff: null,
            };
            insert.record.run(
              generateId(),
              organizationId,
              userId,
              programmeId,
              code,
              issued,
              adminId,
              new Date(Date.parse(issued) + 730 * 86_400_000).toISOString(),
              `Trainee ${String(i).padStart(5, "0")} of ${name}`,
              "Peer support foundations",
              name,
              JSON.stringify(summary),
              "{}",
              "bench.bench.bench",
              key.id,
              counts.completion_records!,
            );
            counts.completion_records!++;
            if (manifest.verificationCodes.length < 2_000) manifest.verificationCodes.push(code.match(/.{4}/g)!.join("-"));
          }
        }
      })();
    }

    db.transaction(() => {
      for (const cohort of cohorts) {
        if (manifest.cohortViews.filter((v) => v.organizationSlug === slug).length >= 50) break;
        const sessionId = generateId() + generateId();
        insert.session.run(sessionId, cohort.trainerId, sessionExpiry, iso(0));
        counts.sessions!++;
        manifest.cohortViews.push({ sessionId, organizationSlug: slug, cohortId: cohort.id });
      }
    })();
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  manifest.seconds = Math.round((performance.now() - started) / 100) / 10;
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, traineeArgument, manifestPath] = process.argv.slice(2);
  if (!path || !traineeArgument || !manifestPath) {
    console.error("usage: tsx bench/seed.ts <db file> <trainees> <manifest.json>");
    process.exit(2);
  }
  const manifest = await seedBenchDatabase(path, Number(traineeArgument));
  writeFileSync(manifestPath, JSON.stringify(manifest));
}
