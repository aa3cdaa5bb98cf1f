import { getDb } from "~/db.server";

/*
 * How long the outbox remembers (a scheduled job, decision 029). A delivered
 * mail's row (to whom, what, when; its body is already gone) is kept 90
 * days for the admin's counts, then deleted. A failed mail keeps its sealed
 * body 14 days so that an admin can send it again; after that every link in
 * it has expired, so the body is erased and it can no longer be resent.
 * Safe to run any number of times.
 */

export const KEEP_SENT_MAIL_DAYS = 90;
export const KEEP_FAILED_MAIL_BODY_DAYS = 14;

export async function forgetOldMail(now = new Date()): Promise<string> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const deleted = await trx.deleteFrom("outbox").where("status", "=", "sent").where("sent_at", "<", daysAgo(KEEP_SENT_MAIL_DAYS)).executeTakeFirst();
      const erased = await trx
        .updateTable("outbox")
        .set({ body_sealed: null })
        .where("status", "=", "failed")
        .where("body_sealed", "is not", null)
        .where("created_at", "<", daysAgo(KEEP_FAILED_MAIL_BODY_DAYS))
        .executeTakeFirst();
      const runs = await trx.deleteFrom("job_runs").where("started_at", "<", daysAgo(KEEP_SENT_MAIL_DAYS)).executeTakeFirst();
      return `${Number(deleted.numDeletedRows)} delivered mails and ${Number(runs.numDeletedRows)} old job runs forgotten; ${Number(erased.numUpdatedRows)} failed mails' bodies erased`;
    });
}
