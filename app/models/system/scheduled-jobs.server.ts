import { forgetOldMail } from "~/models/mail/mail-retention.server";
import type { ScheduledJob } from "~/models/system/scheduler.server";

/** Every job the scheduler runs: each idempotent, since a run cut short by a dying process is run again. */
export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  { name: "forget-old-mail", everyMs: 6 * 3_600_000, leaseMs: 10 * 60_000, run: (now) => forgetOldMail(now) },
];
