import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
import { deliverPromptly } from "~/models/mail/mail-delivery.server";
import { MAIL_KIND_LABELS, type MailKind } from "~/models/mail/outbox.server";
import { recordAudit } from "~/models/organizations/audit.server";

/*
 * What an organization's admin sees of its mail: deliveries that failed or
 * are still being retried, with who it was for, what it was about and the
 * mail server's reason; never a body (it may hold someone's link).
 */

export interface MailProblem {
  id: string;
  to: string;
  /** What it was about, in words. */
  what: string;
  subject: string;
  status: "queued" | "failed";
  attempts: number;
  reason: string | null;
  queuedAt: string;
  nextAttemptAt: string;
  /** False when the body is gone (never, for mail that was not delivered) or sealed under another key. */
  canResend: boolean;
}

/** Failed mail of the organization, and mail waiting for another try after a failure, newest first. */
export async function listMailProblems(organizationId: string, limit = 200): Promise<MailProblem[]> {
  const rows = await getDb()
    .selectFrom("outbox")
    .select(["id", "to_address", "kind", "subject", "status", "attempts", "last_error", "created_at", "next_attempt_at", "body_sealed"])
    .where("organization_id", "=", organizationId)
    .where((eb) => eb.or([eb("status", "=", "failed"), eb.and([eb("status", "=", "queued"), eb("last_error", "is not", null)])]))
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    to: row.to_address,
    what: MAIL_KIND_LABELS[row.kind as MailKind] ?? row.kind,
    subject: row.subject,
    status: row.status === "failed" ? "failed" : "queued",
    attempts: row.attempts,
    reason: row.last_error,
    queuedAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    canResend: row.status === "failed" && row.body_sealed !== null,
  }));
}

/** How much of the organization's mail went out in the last 30 days: shown above the problems. */
export async function countRecentMail(organizationId: string, now = new Date()) {
  const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const rows = await getDb()
    .selectFrom("outbox")
    .select((eb) => ["status", eb.fn.countAll<number>().as("count")])
    .where("organization_id", "=", organizationId)
    .where("created_at", ">=", since)
    .groupBy("status")
    .execute();
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.count ?? 0);
  return { sent: count("sent"), waiting: count("queued") + count("sending"), failed: count("failed") };
}

/**
 * An admin sends a failed mail again: it starts over with a fresh count of
 * attempts, tried at once. Audited; only the organization's own mail.
 */
export async function resendFailedMail(input: { organizationId: string; actorId: string; outboxId: string; now?: Date }): Promise<{ to: string }> {
  const now = (input.now ?? new Date()).toISOString();
  const resent = await getDb()
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .updateTable("outbox")
        .set({ status: "queued", attempts: 0, next_attempt_at: now, last_error: null })
        .where("id", "=", input.outboxId)
        .where("organization_id", "=", input.organizationId)
        .where("status", "=", "failed")
        .where("body_sealed", "is not", null)
        .returning(["id", "to_address", "kind"])
        .executeTakeFirst();
      if (!row) throw new DomainError("That mail was not found, or it is no longer waiting to be sent again. Reload the page to see where it stands.", 404);
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "mail.resent",
        subject: `outbox:${row.id}`,
        data: { to: row.to_address, kind: row.kind },
      });
      return row;
    });
  await deliverPromptly([resent.id]);
  return { to: resent.to_address };
}
