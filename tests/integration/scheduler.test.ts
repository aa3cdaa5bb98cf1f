import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { composeMail } from "~/mail/compose";
import { queueMail } from "~/models/mail/outbox.server";
import { runDueJobs, type ScheduledJob } from "~/models/system/scheduler.server";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Scheduled work under the production cluster: two server processes poll
 * the same database, and each due job is run by exactly one of them. A run
 * cut short leaves the job due again once its lease runs out; a failing run
 * is recorded for the admin and tried at its next time.
 */

const runsOf = (job: string) => getDb().selectFrom("job_runs").selectAll().where("job_name", "=", job).orderBy("started_at").execute();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

async function oldMail(status: "sent" | "failed") {
  const id = (await queueMail(getDb(), { to: `old-${status}@example.org`, kind: "test", ...composeMail({ subject: "Old", blocks: ["Old."] }) }))!;
  await getDb().updateTable("outbox").set({ status, sent_at: status === "sent" ? daysAgo(100) : null, created_at: daysAgo(100) }).where("id", "=", id).execute();
  return id;
}

describe("the scheduler with two server processes", () => {
  let server: TestServer | undefined;
  afterAll(() => server?.stop());

  it("runs each due job once, whichever process takes it, and the job does its work", async () => {
    const sent = await oldMail("sent");
    const failed = await oldMail("failed");
    server = await startTestServer({ WEB_CONCURRENCY: "2" }, { startTimeoutMs: 60_000 });
    expect(server.pids).toHaveLength(3);

    // A job never run before is due at once: one of the two workers runs it.
    await expect.poll(async () => (await runsOf("forget-old-mail")).filter((r) => r.outcome === "ok").length, { timeout: 15_000 }).toBe(1);
    expect(await getDb().selectFrom("outbox").select("id").where("id", "=", sent).executeTakeFirst(), "a delivered mail older than 90 days is forgotten").toBeUndefined();
    expect((await getDb().selectFrom("outbox").select("body_sealed").where("id", "=", failed).executeTakeFirstOrThrow()).body_sealed).toBeNull();

    // Made due again three times: each time exactly one more run, with both processes polling every 5 seconds.
    for (let round = 2; round <= 4; round++) {
      await getDb().updateTable("jobs").set({ next_run_at: new Date(Date.now() - 1000).toISOString() }).where("name", "=", "forget-old-mail").execute();
      await expect.poll(async () => (await runsOf("forget-old-mail")).length, { timeout: 15_000 }).toBe(round);
      await pause(6_000);
      const runs = await runsOf("forget-old-mail");
      expect(runs, `round ${round}: one run, not one per process`).toHaveLength(round);
      expect(runs.every((r) => r.outcome === "ok")).toBe(true);
    }
    const workers = new Set(server.pids.slice(1).map(String));
    for (const run of await runsOf("forget-old-mail")) expect(workers.has(run.process), "run by a worker of this server").toBe(true);
    expect(new Date((await getDb().selectFrom("jobs").select("next_run_at").where("name", "=", "forget-old-mail").executeTakeFirstOrThrow()).next_run_at).getTime()).toBeGreaterThan(
      Date.now() + 5 * 3_600_000,
    );
  });
});

describe("a run cut short, and a failing run", () => {
  it("a job held by a process that died runs again once its lease has run out; a failure is recorded and retried later", async () => {
    let runs = 0;
    let failNext = false;
    const job: ScheduledJob = {
      name: "test-counting",
      everyMs: 60_000,
      leaseMs: 30_000,
      async run() {
        runs++;
        if (failNext) throw new Error("the work could not be done");
        return `run ${runs}`;
      },
    };
    const t0 = new Date(Date.now() + 3_600_000);
    expect(await runDueJobs([job], t0)).toEqual(["test-counting"]);
    // Another process holds it now (as if it died mid-run): nobody else runs it before the lease runs out.
    await getDb().updateTable("jobs").set({ next_run_at: t0.toISOString(), lease_token: "dead", lease_until: new Date(t0.getTime() + 30_000).toISOString() }).where("name", "=", job.name).execute();
    expect(await runDueJobs([job], new Date(t0.getTime() + 10_000))).toEqual([]);
    expect(await runDueJobs([job], new Date(t0.getTime() + 31_000))).toEqual(["test-counting"]);
    expect(runs).toBe(2);

    failNext = true;
    expect(await runDueJobs([job], new Date(t0.getTime() + 200_000))).toEqual(["test-counting"]);
    const last = (await runsOf(job.name)).at(-1)!;
    expect(last).toMatchObject({ outcome: "failed", detail: "the work could not be done" });
    expect(await runDueJobs([job], new Date(t0.getTime() + 210_000)), "not again before its next time").toEqual([]);
  });
});
