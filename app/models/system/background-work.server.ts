import { log } from "~/logger.server";
import { deliverDueMail } from "~/models/mail/mail-delivery.server";
import { SCHEDULED_JOBS } from "~/models/system/scheduled-jobs.server";
import { runDueJobs } from "~/models/system/scheduler.server";

/*
 * The work every server process does besides answering requests: each polls
 * the database, and leases in the rows decide which process does what
 * (decision 029), so any number of processes, on one machine or several
 * sharing the database, can run this side by side.
 */

export const POLL_INTERVAL_MS = 5_000;

/** Starts polling; returns a function that stops it. A pass never overlaps the one before. */
export function startBackgroundWork(): () => void {
  let running = false;
  let stopped = false;
  const pass = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await deliverDueMail();
      await runDueJobs(SCHEDULED_JOBS);
    } catch (error) {
      log.error("background.failed", { message: error instanceof Error ? error.message : String(error) });
    } finally {
      running = false;
    }
  };
  // Soon after start: what waited while the server was down goes first.
  const first = setTimeout(() => void pass(), 1_000);
  const timer = setInterval(() => void pass(), POLL_INTERVAL_MS);
  first.unref();
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
  };
}
