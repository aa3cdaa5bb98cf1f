/**
 * Throughput of the production server under load: `npm run bench` (not part
 * of `npm test`).
 *
 * 1. Builds the app (`npm run build`; SKIP_BUILD=1 skips it).
 * 2. For each size (20,000 trainees, and 2,000: ten times smaller), seeds a
 *    scratch database (bench/seed.ts), checks each route once against a
 *    server that counts the SQL statements of every request
 *    (bench/statement-counter.mjs), then starts the production build on it
 *    the way `npm run serve` does (NODE_ENV=production, one process per core
 *    unless WEB_CONCURRENCY says otherwise, logs to a file).
 * 3. Drives each route with autocannon at 64 connections, each size in turn:
 *    a lesson page and the dashboard of signed-in trainees, a quiz submission
 *    and a reflection autosave (valid forms, the right content hash, the
 *    same-origin header), a trainer's cohort progress matrix and the public
 *    verification page. Requests go round the seeded sessions, so no single
 *    user's rows stay hot. A route that does not exist in the build is
 *    skipped with a note.
 * 4. Drives a bare node:http server returning a fixed page as large as the
 *    lesson page, with as many processes as the app: the ceiling of this
 *    machine and load tool.
 * 5. Prints a table per size (requests per second, p50 and p99 latency,
 *    errors, ratio to the ceiling, server CPU time per request, SQL
 *    statements per request) and writes bench/results/<date>.json.
 *
 * Options (environment): BENCH_DURATION seconds per route (10), BENCH_WARMUP
 * seconds of warm-up per route (3), BENCH_CONNECTIONS (64), BENCH_SIZES
 * ("20000,2000"), BENCH_ROUTES (keys to run, e.g. "lesson,quiz"),
 * BENCH_LABEL (a note kept in the JSON), BENCH_OUT (the JSON file),
 * KEEP_DB=1 (keep the scratch databases), BENCH_SEED_CACHE=<folder> (seed
 * once into that folder and reuse the databases on later runs: for comparing
 * changes), BENCH_SERVER (another server bundle than build/index.js, e.g. an
 * older build), BENCH_PROFILE=1 (CPU-profile the server and print where its
 * time went; best with one route), WEB_CONCURRENCY (the server's processes).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import type { CompiledModule } from "~/content/types";
import { sectionOf, type BenchManifest } from "./manifest";
import { freePort } from "../tests/support/test-server";
import { summarizeProfiles } from "./profile";

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SIZES = (process.env.BENCH_SIZES ?? "20000,2000").split(",").map(Number);
const SEED_CACHE = process.env.BENCH_SEED_CACHE || null;
const SERVER_BUNDLE = process.env.BENCH_SERVER ?? "build/index.js";
const ONLY = process.env.BENCH_ROUTES ? new Set(process.env.BENCH_ROUTES.split(",")) : null;
const CREDENTIAL_KEY = Buffer.alloc(32, 9).toString("base64");
/** Linux's USER_HZ: the unit of CPU times in /proc/<pid>/stat. */
const CLOCK_TICKS = 100;
/** Requests per route sent to the statement-counting server. */
const STATEMENT_SAMPLES = 10;

interface RouteSpec {
  key: string;
  label: string;
  method: "GET" | "POST";
  /** Statuses that mean success for this route. */
  expect: number[];
  next(): { path: string; headers: Record<string, string>; body?: string };
}

interface Measured {
  key: string;
  label: string;
  method: string;
  example: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  statuses: Record<string, number>;
  bytes: number;
  ratioToCeiling?: number;
  /** Server CPU time (all its processes) per request while measured. */
  cpuMsPerRequest?: number;
  /** SQL statements one request ran, fewest and most over a few requests by different users. */
  statementsPerRequest: { min: number; max: number };
  failures?: string[];
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  execFileSync(command, args, { stdio: ["ignore", "inherit", "inherit"], env });
}

/** Servers started and not yet stopped: stopped too if the benchmark is interrupted. */
const running = new Set<ChildProcess>();

/** Starts a process whose output goes to a file, and waits for the line that says it listens. */
async function startLogged(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string, ready: string) {
  const out = openSync(logFile, "w");
  const child = spawn(command, args, { env, stdio: ["ignore", out, out] });
  running.add(child);
  child.once("exit", () => running.delete(child));
  closeSync(out);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = readFileSync(logFile, "utf8");
    const line = text.split("\n").find((l) => l.includes(ready));
    if (line) return { child, line: JSON.parse(line) as Record<string, unknown> };
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(" ")} exited: ${text.slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`${command} did not start: ${text.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** User and system CPU time so far of these processes, in seconds (Linux /proc; 0 elsewhere). */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields 14 and 15 (utime, stime) after the command name, which may hold spaces but ends with ")".
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // not Linux, or the process is gone
    }
  }
  return ticks / CLOCK_TICKS;
}

/** The production build on this size's database, its output in a log file. */
async function startServerFor(trainees: number, scratch: string, purpose: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []) {
  const port = await freePort();
  const log = join(scratch, `server-${trainees}-${purpose}.log`);
  const { child, line } = await startLogged(process.execPath, [...nodeArgs, SERVER_BUNDLE], { ...env, PORT: String(port), APP_URL: `http://127.0.0.1:${port}` }, log, '"server.listening"');
  const pids = Array.isArray(line.pids) ? (line.pids as number[]) : [child.pid!];
  return { child, log, pids, origin: `http://127.0.0.1:${port}`, processes: Number(line.processes ?? 1) };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function form(fields: [string, string][]): string {
  return new URLSearchParams(fields).toString();
}

/** The routes, each with a request generator that goes round the seeded users. */
function routesFor(manifest: BenchManifest, modules: CompiledModule[]): RouteSpec[] {
  let turn = 0;
  const learner = () => manifest.learners[turn++ % manifest.learners.length]!;
  const cookie = (sessionId: string) => `pst_session=${sessionId}`;
  let paperTurn = 0;
  const withReflection = modules.filter((m) => m.reflections.length > 0);
  let n = 0;
  const nth = <T>(items: readonly T[]) => items[n++ % items.length]!;

  return [
    {
      key: "lesson",
      label: "Lesson page (trainee)",
      method: "GET",
      expect: [200],
      next() {
        const { sessionId, organizationSlug } = learner();
        const module = nth(modules);
        const section = module.sections[n % module.sections.length]!;
        return { path: `/o/${organizationSlug}/learn/${module.slug}?section=${section.id}`, headers: { cookie: cookie(sessionId) } };
      },
    },
    {
      key: "dashboard",
      label: "Trainee dashboard",
      method: "GET",
      expect: [200],
      next() {
        const { sessionId, organizationSlug } = learner();
        return { path: `/o/${organizationSlug}`, headers: { cookie: cookie(sessionId) } };
      },
    },
    {
      key: "quiz",
      label: "Quiz submission (POST)",
      method: "POST",
      expect: [302],
      next() {
        // Each open paper is handed in once; a second hand-in would be refused (409), so they are used in turn.
        const paper = manifest.quizPapers[paperTurn++ % manifest.quizPapers.length]!;
        const module = modules.find((m) => m.slug === paper.moduleSlug)!;
        const quiz = module.quizzes[0]!;
        const section = sectionOf(module, "Quiz", quiz.id);
        const fields: [string, string][] = [
          ["intent", "submit-quiz"],
          ["quizId", quiz.id],
          ["paperId", paper.paperId],
          ["contentHash", module.contentHash],
          ["section", section],
        ];
        // Every other submission gets the first question wrong. Answers go as places on the paper, as the form sends them.
        const slip = n++ % 2 === 1;
        paper.questions.forEach((drawn, index) => {
          const question = quiz.questions.find((q) => q.id === drawn.id)!;
          const right = question.options.filter((o) => o.correct).map((o) => o.id);
          const wrong = question.options.find((o) => !o.correct)?.id ?? right[0]!;
          const chosen = slip && index === 0 ? [wrong] : question.kind === "multiple" ? right : right.slice(0, 1);
          for (const option of chosen) fields.push([`q.${question.id}`, String(drawn.options.indexOf(option) + 1)]);
        });
        return {
          path: `/o/${paper.organizationSlug}/learn/${module.slug}?section=${section}`,
          headers: { cookie: cookie(paper.sessionId), "content-type": "application/x-www-form-urlencoded" },
          body: form(fields),
        };
      },
    },
    {
      key: "reflection",
      label: "Reflection save (POST, autosave)",
      method: "POST",
      expect: [200],
      next() {
        const { sessionId, organizationSlug } = learner();
        const module = nth(withReflection);
        const prompt = module.reflections[n % module.reflections.length]!;
        const section = sectionOf(module, "Reflection", prompt.id);
        const body = `What I noticed today (${n}): listening without fixing took patience, and it helped. `.repeat(6);
        // What the page's autosave sends: a fetcher POST to the route's single-fetch data URL.
        return {
          path: `/o/${organizationSlug}/learn/${module.slug}.data?section=${section}`,
          headers: { cookie: cookie(sessionId), "content-type": "application/x-www-form-urlencoded" },
          body: form([
            ["intent", "save-reflection"],
            ["promptId", prompt.id],
            ["section", section],
            ["body", body],
          ]),
        };
      },
    },
    {
      key: "cohort",
      label: "Cohort progress matrix (trainer)",
      method: "GET",
      expect: [200],
      next() {
        const view = nth(manifest.cohortViews);
        return { path: `/o/${view.organizationSlug}/teach/cohorts/${view.cohortId}`, headers: { cookie: cookie(view.sessionId) } };
      },
    },
    {
      key: "verify",
      label: "Verification page (public)",
      method: "GET",
      expect: [200],
      next: () => ({ path: `/verify/${nth(manifest.verificationCodes)}`, headers: {} }),
    },
  ].filter((route) => !ONLY || ONLY.has(route.key)) as RouteSpec[];
}

/** One autocannon run: a warm-up, then the measured run. */
async function drive(
  origin: string,
  route: Pick<RouteSpec, "method" | "expect" | "next">,
  pids: number[] = [],
): Promise<Omit<Measured, "key" | "label" | "method" | "example" | "bytes" | "statementsPerRequest">> {
  const failures: string[] = [];
  const options = (duration: number): autocannon.Options => ({
    url: origin,
    connections: CONNECTIONS,
    duration,
    timeout: 20,
    requests: [
      {
        method: route.method,
        setupRequest: (request) => {
          const next = route.next();
          const headers: Record<string, string> = { ...next.headers };
          if (route.method === "POST") headers.origin = origin;
          return { ...request, method: route.method, path: next.path, headers, body: next.body ?? "" } as typeof request;
        },
        onResponse: (status: number, body: string) => {
          if (!route.expect.includes(status) && failures.length < 3) failures.push(`${status}: ${String(body).slice(0, 300)}`);
        },
      },
    ],
  });
  if (WARMUP > 0) await autocannon(options(WARMUP));
  failures.length = 0;
  const cpuBefore = cpuSeconds(pids);
  const result = await autocannon(options(DURATION));
  const cpu = cpuSeconds(pids) - cpuBefore;
  const statuses: Record<string, number> = {};
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = (stat as { count: number }).count;
  const unexpected = Object.entries(statuses)
    .filter(([status]) => !route.expect.includes(Number(status)))
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + unexpected,
    // CPU time of the server's processes per request: unlike requests per second, hardly moved by other work on the machine.
    ...(pids.length > 0 && result.requests.total > 0 ? { cpuMsPerRequest: Math.round((cpu / result.requests.total) * 100_000) / 100 } : {}),
    statuses,
    ...(failures.length > 0 ? { failures } : {}),
  };
}

/** Seeds (or reuses) the database of one size, counts each route's statements, starts the server to load. */
async function prepareSize(trainees: number, scratch: string) {
  const dbPath = join(scratch, `bench-${trainees}.db`);
  const manifestPath = join(scratch, `bench-${trainees}.json`);
  const cached = SEED_CACHE ? join(SEED_CACHE, `bench-${trainees}`) : null;
  if (cached && existsSync(`${cached}.db`) && existsSync(`${cached}.json`)) {
    console.log(`\nUsing the database seeded earlier in ${cached}.db (BENCH_SEED_CACHE)…`);
    copyFileSync(`${cached}.db`, dbPath);
    copyFileSync(`${cached}.json`, manifestPath);
  } else {
    console.log(`\nSeeding ${trainees.toLocaleString("en")} trainees into ${dbPath}…`);
    run("npx", ["tsx", "bench/seed.ts", dbPath, String(trainees), manifestPath], {
      ...process.env,
      LOG_LEVEL: "silent",
      NODE_ENV: "development",
      CREDENTIAL_KEY,
    });
    if (cached) {
      mkdirSync(SEED_CACHE!, { recursive: true });
      copyFileSync(dbPath, `${cached}.db`);
      copyFileSync(manifestPath, `${cached}.json`);
    }
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BenchManifest;
  const dbBytes = statSync(dbPath).size;
  console.log(
    `Seeded in ${manifest.seconds} s (${Math.round(dbBytes / 1_048_576)} MB): ${Object.entries(manifest.counts)
      .map(([table, count]) => `${count.toLocaleString("en")} ${table}`)
      .join(", ")}.`,
  );
  const catalog = JSON.parse(readFileSync("build/content/catalog.json", "utf8")) as { modules: CompiledModule[] };

  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    DATABASE_PATH: dbPath,
    CREDENTIAL_KEY,
    LOG_LEVEL: "info",
    MAIL_TRANSPORT: "none",
  };
  const routes = routesFor(manifest, catalog.modules);

  // First a server that counts the SQL statements of each request (one process, a few requests per route):
  // the routes must exist and answer as expected, and the counts show whether queries grow with the data.
  const counting = await startServerFor(trainees, scratch, "count", {
    ...serverEnv,
    WEB_CONCURRENCY: "1",
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${pathToFileURL(resolve("bench/statement-counter.mjs")).href}`.trim(),
  });
  const skipped: { key: string; label: string; reason: string }[] = [];
  const probed = new Map<string, { bytes: number; example: string; statements: number[] }>();
  try {
    for (const route of routes) {
      const statements: number[] = [];
      let bytes = 0;
      let example = "";
      let failure = "";
      for (let i = 0; i < STATEMENT_SAMPLES && !failure; i++) {
        const request = route.next();
        const response = await fetch(counting.origin + request.path, {
          method: route.method,
          headers: { ...request.headers, ...(route.method === "POST" ? { origin: counting.origin } : {}) },
          body: request.body,
          redirect: "manual",
        });
        bytes = (await response.arrayBuffer()).byteLength;
        example ||= `${route.method} ${request.path}`;
        if (!route.expect.includes(response.status)) {
          failure = response.status === 404 && i === 0 ? "the route does not exist in this build (404)" : `a request answered ${response.status}`;
        }
        statements.push(Number(response.headers.get("x-sql-statements") ?? NaN));
      }
      if (failure) {
        console.log(`Skipping ${route.label}: ${failure}.`);
        skipped.push({ key: route.key, label: route.label, reason: failure });
      } else {
        probed.set(route.key, { bytes, example, statements });
      }
    }
  } finally {
    await stop(counting.child);
  }

  // Then the server as production runs it, under load.
  const profiles = join(scratch, `profiles-${trainees}`);
  const nodeArgs = process.env.BENCH_PROFILE === "1" ? ["--cpu-prof", `--cpu-prof-dir=${profiles}`] : [];
  const server = await startServerFor(trainees, scratch, "load", serverEnv, nodeArgs);
  console.log(`Server up at ${server.origin} with ${server.processes} process${server.processes === 1 ? "" : "es"}.`);
  return { trainees, manifest, dbBytes, routes, probed, skipped, server, profiles, measured: [] as Measured[] };
}

type PreparedSize = Awaited<ReturnType<typeof prepareSize>>;

/** One route on one size's server. */
async function measureRoute(size: PreparedSize, route: RouteSpec) {
  const probe = size.probed.get(route.key);
  if (!probe) return;
  process.stdout.write(`${size.trainees.toLocaleString("en")} trainees, ${route.label}… `);
  const result = await drive(size.server.origin, route, size.server.pids);
  console.log(`${result.requestsPerSecond} req/s, p99 ${result.p99} ms, ${result.errors} errors, ${result.cpuMsPerRequest ?? "?"} ms CPU/request`);
  const sorted = [...probe.statements].sort((a, b) => a - b);
  size.measured.push({
    key: route.key,
    label: route.label,
    method: route.method,
    example: probe.example,
    bytes: probe.bytes,
    ...result,
    statementsPerRequest: { min: sorted[0]!, max: sorted.at(-1)! },
  });
}

/** Stops the size's server, reads its log, and measures the ceiling beside it. */
async function finishSize(size: PreparedSize) {
  const { trainees, manifest, dbBytes, skipped, server, profiles, measured } = size;
  await stop(server.child);
  if (process.env.BENCH_PROFILE === "1") {
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // workers write their profiles as they exit
    console.log(`\nWhere the server's time went (${profiles}):\n${summarizeProfiles(profiles)}`);
  }
  const serverErrors = readFileSync(server.log, "utf8")
    .split("\n")
    .filter((line) => line.includes('"level":"error"'));

  // The ceiling: same tool, same connections, a bare server with a page as large as the lesson page.
  const pageBytes = measured.find((m) => m.key === "lesson")?.bytes ?? Math.max(1_000, ...measured.map((m) => m.bytes));
  const ceilingPort = await freePort();
  const { child: ceilingServer, line: ceilingListening } = await startLogged(
    process.execPath,
    ["bench/ceiling-server.mjs"],
    { ...process.env, PORT: String(ceilingPort), BYTES: String(pageBytes), PROCESSES: String(server.processes) },
    join(scratch, `ceiling-${trainees}.log`),
    "ceiling.listening",
  );
  process.stdout.write(`Ceiling (bare node:http, ${pageBytes} bytes)… `);
  let ceiling;
  try {
    ceiling = await drive(
      `http://127.0.0.1:${ceilingPort}`,
      { method: "GET", expect: [200], next: () => ({ path: "/", headers: {} }) },
      (ceilingListening.pids as number[] | undefined) ?? [],
    );
  } finally {
    await stop(ceilingServer);
  }
  console.log(`${ceiling.requestsPerSecond} req/s`);
  for (const m of measured) m.ratioToCeiling = Math.round((m.requestsPerSecond / ceiling.requestsPerSecond) * 1000) / 1000;

  return {
    trainees,
    seeded: { seconds: manifest.seconds, databaseMegabytes: Math.round(dbBytes / 1_048_576), counts: manifest.counts },
    processes: server.processes,
    ceiling: { label: `bare node:http, fixed ${pageBytes}-byte page`, bytes: pageBytes, ...ceiling },
    routes: measured,
    skipped,
    serverErrorLines: serverErrors.length,
    ...(serverErrors.length > 0 ? { serverErrorSample: serverErrors.slice(0, 3) } : {}),
  };
}

function printTable(result: Awaited<ReturnType<typeof finishSize>>) {
  const rows = [
    ...result.routes.map((m) => [
      m.label,
      m.requestsPerSecond,
      m.p50,
      m.p99,
      m.errors,
      m.ratioToCeiling!.toFixed(3),
      m.cpuMsPerRequest ?? "–",
      m.bytes,
      m.statementsPerRequest.min === m.statementsPerRequest.max ? m.statementsPerRequest.min : `${m.statementsPerRequest.min}–${m.statementsPerRequest.max}`,
    ]),
    [result.ceiling.label, result.ceiling.requestsPerSecond, result.ceiling.p50, result.ceiling.p99, result.ceiling.errors, "1.000", result.ceiling.cpuMsPerRequest ?? "–", result.ceiling.bytes, "–"],
  ];
  const header = ["route", "req/s", "p50 ms", "p99 ms", "errors", "÷ ceiling", "CPU ms/req", "bytes", "SQL/req"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) =>
    `| ${cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join(" | ")} |`;
  console.log(
    `\n${result.trainees.toLocaleString("en")} trainees (${result.seeded.counts.quiz_answers!.toLocaleString("en")} quiz answers, ${result.seeded.counts.reflections!.toLocaleString("en")} reflections, ${result.seeded.databaseMegabytes} MB); ${result.processes} server process(es), ${CONNECTIONS} connections, ${DURATION} s per route\n`,
  );
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const row of rows) console.log(line(row));
  for (const s of result.skipped) console.log(`Skipped ${s.label}: ${s.reason}.`);
  for (const m of result.routes) if (m.failures) console.log(`${m.label}, first failures:\n  ${m.failures.join("\n  ")}`);
  if (result.serverErrorLines > 0) console.log(`The server logged ${result.serverErrorLines} errors, e.g. ${result.serverErrorSample![0]}`);
}

if (process.env.SKIP_BUILD !== "1") {
  console.log("Building the production server (SKIP_BUILD=1 skips this)…");
  run("npm", ["run", "build", "--silent"], { ...process.env, NODE_ENV: "production" });
}
if (!existsSync("build/index.js")) throw new Error("No build/index.js: run `npm run build` first.");

const loadBefore = loadavg();
const startedAt = new Date();
if (loadBefore[0]! > 1) {
  console.warn(
    `The machine is busy (load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} on ${availableParallelism()} cores): ` +
      "other work takes CPU from the server and the load tool, so requests per second will be low and vary. CPU per request varies less.",
  );
}
const scratch = mkdtempSync(join(tmpdir(), "pst-bench-"));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const child of running) child.kill("SIGTERM");
    rmSync(scratch, { recursive: true, force: true });
    process.exit(130);
  });
}
const results = [];
try {
  const prepared: PreparedSize[] = [];
  try {
    for (const size of SIZES) prepared.push(await prepareSize(size, scratch));
    // Route by route, each size in turn: whatever else the machine is doing weighs on both alike.
    console.log("");
    for (const route of prepared[0]!.routes) {
      for (const size of prepared) await measureRoute(size, size.routes.find((r) => r.key === route.key)!);
    }
  } catch (error) {
    for (const size of prepared) await stop(size.server.child);
    throw error;
  }
  for (const size of prepared) {
    const result = await finishSize(size);
    printTable(result);
    results.push(result);
  }
} finally {
  if (process.env.KEEP_DB === "1") console.log(`\nKept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

if (results.length === 2) {
  const [large, small] = results;
  const change = (from: number, to: number) => `${to >= from ? "+" : ""}${Math.round((to / from - 1) * 100)}%`;
  console.log(`\nTen times the data (${small!.trainees.toLocaleString("en")} → ${large!.trainees.toLocaleString("en")} trainees), route by route:`);
  for (const route of large!.routes) {
    const before = small!.routes.find((r) => r.key === route.key);
    if (!before || before.requestsPerSecond === 0) continue;
    const cpu = before.cpuMsPerRequest && route.cpuMsPerRequest ? `, CPU per request ${before.cpuMsPerRequest} → ${route.cpuMsPerRequest} ms (${change(before.cpuMsPerRequest, route.cpuMsPerRequest)})` : "";
    console.log(`  ${route.label}: ${before.requestsPerSecond} → ${route.requestsPerSecond} req/s (${change(before.requestsPerSecond, route.requestsPerSecond)})${cpu}`);
  }
}

const errors = results.reduce((sum, r) => sum + r.routes.reduce((s, m) => s + m.errors, 0), 0);
const file = process.env.BENCH_OUT ?? `bench/results/${startedAt.toISOString().slice(0, 10)}.json`;
mkdirSync("bench/results", { recursive: true });
writeFileSync(
  file,
  `${JSON.stringify(
    {
      ranAt: startedAt.toISOString(),
      command: "npm run bench",
      label: process.env.BENCH_LABEL ?? null,
      machine: {
        node: process.version,
        cpu: cpus()[0]?.model ?? "unknown",
        cores: availableParallelism(),
        loadAverageBefore: loadBefore.map((l) => Math.round(l * 100) / 100),
        loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100),
      },
      settings: {
        connections: CONNECTIONS,
        durationSeconds: DURATION,
        warmupSeconds: WARMUP,
        webConcurrency: process.env.WEB_CONCURRENCY ?? "default",
        server: SERVER_BUNDLE,
      },
      results,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nWrote ${file}. Load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadavg().map((l) => l.toFixed(2)).join(" ")}.`);
if (errors > 0) {
  console.error(`${errors} requests failed.`);
  process.exitCode = 1;
}
