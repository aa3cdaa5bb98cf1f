import cluster from "node:cluster";
import * as build from "@remix-run/dev/server-build";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { getConfig, serverProcessCount } from "../app/config.server";
import { closeDb, getDb } from "../app/db.server";
import { migrateToLatest } from "../app/db/migrate.server";
import { log } from "../app/logger.server";
import { listModules } from "../app/content/catalog.server";
import { syncContentFrameworks } from "../app/models/competencies/framework.server";
import { recordModuleVersions } from "../app/models/learning/module-version.server";
import { startBackgroundWork } from "../app/models/system/background-work.server";
import { createHttpApp } from "./http-app";

const config = getConfig();
const processes = serverProcessCount(config);

/** Brings the database in line with this build, once per start and before any request. */
async function prepareDatabase() {
  const applied = await migrateToLatest(getDb());
  if (applied.length > 0) log.info("db.migrated", { applied });
  // Compiled modules are loaded once here; every version served is on record.
  await recordModuleVersions(listModules());
  // Competency frameworks are content too: brought in line with content/frameworks on every start.
  const frameworks = await syncContentFrameworks("content/frameworks");
  log.info("frameworks.synced", { ...frameworks });
}

function announce(port: number, pids: number[]) {
  log.info("server.listening", { port, url: config.APP_URL, processes, pids });
  if (config.NODE_ENV === "development") void broadcastDevReady(build as unknown as ServerBuild);
}

/** One process serving HTTP: the only one in single-process mode, else one of the cluster's workers. */
function serve() {
  // Read the compiled modules now: a broken catalog stops the start, and no request waits for it.
  listModules();
  const app = createHttpApp(build as unknown as ServerBuild, config);
  const server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    if (cluster.isPrimary) announce(typeof address === "object" && address ? address.port : config.PORT, [process.pid]);
  });
  // Every serving process delivers mail (and runs due jobs); leases keep them from doing the same work twice.
  const stopBackgroundWork = startBackgroundWork();
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    stopBackgroundWork();
    if (cluster.isPrimary) log.info("server.stopping", { signal });
    server.close(() => {
      void closeDb().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/**
 * The cluster's primary: the database is already prepared; it forks the
 * workers, which share the listening socket (each accepts connections
 * itself) and each open their own connection to the same WAL database.
 * A worker that dies is replaced; one that keeps dying at start stops the server.
 */
function superviseWorkers(count: number) {
  // The workers accept connections themselves from the shared socket
  // (SCHED_NONE) instead of the primary accepting and handing each one over
  // (round-robin). A worker that dies between the handover and its receipt
  // left that connection open in the primary, unanswered for good; now a
  // dying worker's connections close with it and the client sees an error at
  // once, while connections still waiting are taken by the other workers.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let stopping = false;
  let announced = false;
  let earlyDeaths = 0;
  const startedAt = new Map<number, number>();
  const fork = () => startedAt.set(cluster.fork().id, Date.now());

  const listening = new Set<number>();
  cluster.on("listening", (worker, address) => {
    listening.add(worker.id);
    if (announced || listening.size < count) return;
    announced = true;
    announce(address.port, [process.pid, ...Object.values(cluster.workers ?? {}).map((w) => w!.process.pid!)]);
  });
  cluster.on("exit", (worker, code, signal) => {
    listening.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.error("server.worker_exited", { pid: worker.process.pid, code, signal });
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (lived < 10_000 && ++earlyDeaths >= 5) {
      log.error("server.stopping", { reason: "workers keep exiting at start" });
      stop(1);
      return;
    }
    setTimeout(fork, lived < 10_000 ? 1000 : 0);
  });

  const stop = (exitCode: number, signal?: string) => {
    if (stopping) return;
    stopping = true;
    if (signal) log.info("server.stopping", { signal });
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(exitCode);
    // Each worker finishes its requests and closes its connection (as in single-process mode).
    for (const worker of workers) worker?.process.kill("SIGTERM");
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(exitCode);
    }, 10_000).unref();
  };
  process.on("SIGTERM", () => stop(0, "SIGTERM"));
  process.on("SIGINT", () => stop(0, "SIGINT"));

  for (let i = 0; i < count; i++) fork();
}

if (cluster.isPrimary) {
  await prepareDatabase();
  if (processes > 1) {
    // The primary serves nothing itself: it keeps no connection open.
    await closeDb();
    superviseWorkers(processes);
  } else {
    serve();
  }
} else {
  serve();
}
