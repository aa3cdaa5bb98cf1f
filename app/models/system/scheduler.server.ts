import { generateId } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { log } from "~/logger.server";

/*
 * One scheduler, run by every server process (decision 029). A job is due
 * when its row's next_run_at has passed and nobody holds its lease. Taking
 * it is one transaction (which begins immediately, so two processes queue
 * for it and the second finds the lease taken): the lease is written and a
 * run is recorded. The next time is set only when the run finishes, so a
 * process that dies mid-run leaves the job due again once its lease runs
 * out, and another process runs it again: every job must therefore be safe
 * to run twice (idempotent), and is written so.
 */

export interface ScheduledJob {
  name: string;
  everyMs: number;
  /** Longer than the job can take: a run still going after this is taken to have died with its process. */
  leaseMs: number;
  /** Does the work; returns what it did, in words without personal data. */
  run(now: Date): Promise<string>;
}

interface JobClaim {
  runId: string;
  leaseToken: string;
}

async function claimJob(job: ScheduledJob, now: Date): Promise<JobClaim | null> {
  const at = now.toISOString();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      // A job never seen before is due at once.
      await trx.insertInto("jobs").values({ name: job.name, next_run_at: at, lease_token: null, lease_until: null }).onConflict((oc) => oc.doNothing()).execute();
      const due = await trx
        .selectFrom("jobs")
        .select("name")
        .where("name", "=", job.name)
        .where("next_run_at", "<=", at)
        .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", at)]))
        .executeTakeFirst();
      if (!due) return null;
      const claim = { runId: generateId(), leaseToken: generateId() };
      await trx
        .updateTable("jobs")
        .set({ lease_token: claim.leaseToken, lease_until: new Date(now.getTime() + job.leaseMs).toISOString() })
        .where("name", "=", job.name)
        .execute();
      await trx
        .insertInto("job_runs")
        .values({ id: claim.runId, job_name: job.name, started_at: at, finished_at: null, outcome: "running", detail: null, process: String(process.pid) })
        .execute();
      return claim;
    });
}

async function finishJob(job: ScheduledJob, claim: JobClaim, startedAt: Date, outcome: "ok" | "failed", detail: string): Promise<void> {
  const finished = new Date();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await trx.updateTable("job_runs").set({ finished_at: finished.toISOString(), outcome, detail: detail.slice(0, 500) }).where("id", "=", claim.runId).execute();
      await trx
        .updateTable("jobs")
        .set({ next_run_at: new Date(startedAt.getTime() + job.everyMs).toISOString(), lease_token: null, lease_until: null })
        .where("name", "=", job.name)
        .where("lease_token", "=", claim.leaseToken)
        .execute();
    });
}

/** Runs every job that is due and not held by another process; the names of those this process ran. */
export async function runDueJobs(jobs: readonly ScheduledJob[], now = new Date()): Promise<string[]> {
  const ran: string[] = [];
  for (const job of jobs) {
    const claim = await claimJob(job, now);
    if (!claim) continue;
    ran.push(job.name);
    try {
      await finishJob(job, claim, now, "ok", await job.run(now));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.error("job.failed", { job: job.name, reason });
      // Tried again at its next time; the failure stays on the admin's page.
      await finishJob(job, claim, now, "failed", reason);
    }
  }
  return ran;
}

export interface JobRunView {
  id: string;
  job: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: "running" | "ok" | "failed" | "interrupted";
  detail: string | null;
}

/** The most recent runs, newest first; a run whose process died shows as interrupted. */
export async function listRecentJobRuns(limit = 30): Promise<JobRunView[]> {
  const rows = await getDb()
    .selectFrom("job_runs")
    .innerJoin("jobs", "jobs.name", "job_runs.job_name")
    .select(["job_runs.id", "job_runs.job_name", "job_runs.started_at", "job_runs.finished_at", "job_runs.outcome", "job_runs.detail", "jobs.lease_until"])
    .orderBy("job_runs.started_at", "desc")
    .limit(limit)
    .execute();
  const now = new Date().toISOString();
  return rows.map((row) => ({
    id: row.id,
    job: row.job_name,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome === "running" && (!row.lease_until || row.lease_until <= now) ? "interrupted" : row.outcome,
    detail: row.detail,
  }));
}
