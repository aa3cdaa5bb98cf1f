import type { Kysely, Transaction } from "kysely";
import { generateId } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import type { Database, OutboxTable } from "~/db/schema";
import { sealMailBody, type MailBody } from "~/mail/sealed-body.server";
import type { ComposedMail } from "~/mail/compose";

/*
 * The outbox (decision 029). A mail is queued in the same transaction as the
 * change that causes it, so an invitation committed is an invitation mailed
 * and one rolled back was never announced. Delivery claims one row at a time
 * with a lease: the row says who is sending it and until when, so a process
 * that dies mid-send loses it to another once the lease runs out. That makes
 * delivery at-least-once; see mail-delivery.server.ts for the one narrow
 * window where a mail can go twice.
 */

type Db = Kysely<Database> | Transaction<Database>;

/** What a mail is about: shown to admins beside failed deliveries. */
export type MailKind =
  | "invitation"
  | "password_reset"
  | "sign_up_confirmation"
  | "email_confirmation"
  | "account_notice"
  | "cohort_notice"
  | "assignment"
  | "due_reminder"
  | "record_expiry"
  | "trainer_activity"
  | "test";

/** How each kind reads on the admin's mail page. */
export const MAIL_KIND_LABELS: Record<MailKind, string> = {
  invitation: "Invitation",
  password_reset: "Password reset link",
  sign_up_confirmation: "Link to finish signing up",
  email_confirmation: "Link to confirm a new email address",
  account_notice: "Notice about an account",
  cohort_notice: "Cohort: added or asked to join",
  assignment: "Module assigned",
  due_reminder: "Due-date reminder",
  record_expiry: "Record expiring",
  trainer_activity: "Trainer's comment or sign-off",
  test: "Test message",
};

export interface QueuedMail extends ComposedMail {
  to: string;
  kind: MailKind;
  organizationId?: string | null;
  recipientUserId?: string | null;
  headers?: Record<string, string>;
  /** Mail that must go once per cause (one reminder per due date): a second queueing is ignored. */
  idempotencyKey?: string;
}

/**
 * The process that queues a mail tries it first, right after its transaction
 * commits (deliverPromptly). Every process's poll takes it only after this
 * long, so that the two do not race for it and a mail whose queuing process
 * died before trying still goes.
 */
export const FIRST_TRY_WINDOW_MS = 30_000;
/** How long a claim holds a message; longer than the slowest SMTP send (smtp-transport.server.ts). */
export const DELIVERY_LEASE_MS = 120_000;
export const MAX_DELIVERY_ATTEMPTS = 10;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3_600_000;

/** Waits after the nth failed attempt: 30 s, 1 min, 2 min, … up to an hour; ten attempts span about four hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/** Queues a mail inside the caller's transaction; null when its idempotency key was used before. */
export async function queueMail(db: Db, mail: QueuedMail, now = new Date()): Promise<string | null> {
  const id = generateId();
  const body: MailBody = { text: mail.text, html: mail.html, headers: mail.headers ?? {} };
  const inserted = await db
    .insertInto("outbox")
    .values({
      id,
      organization_id: mail.organizationId ?? null,
      recipient_user_id: mail.recipientUserId ?? null,
      to_address: mail.to,
      kind: mail.kind,
      subject: mail.subject,
      body_sealed: sealMailBody(body, id),
      idempotency_key: mail.idempotencyKey ?? null,
      status: "queued",
      attempts: 0,
      next_attempt_at: new Date(now.getTime() + FIRST_TRY_WINDOW_MS).toISOString(),
      lease_token: null,
      lease_until: null,
      last_error: null,
      created_at: now.toISOString(),
      sent_at: null,
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export type ClaimedMail = Pick<OutboxTable, "id" | "to_address" | "subject" | "body_sealed" | "attempts" | "lease_token">;

/**
 * Takes one message to send, in a transaction of its own (which begins
 * immediately, so two processes never take the same row): the given one if
 * it is still waiting, else the oldest due one, or one whose sender's lease
 * ran out (that process died or hung).
 */
export async function claimMail(options: { id?: string; now?: Date } = {}): Promise<ClaimedMail | null> {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      let query = trx
        .selectFrom("outbox")
        .select(["id", "attempts"])
        .where((eb) =>
          eb.or([
            options.id ? eb("status", "=", "queued") : eb.and([eb("status", "=", "queued"), eb("next_attempt_at", "<=", at)]),
            eb.and([eb("status", "=", "sending"), eb("lease_until", "<=", at)]),
          ]),
        );
      query = options.id ? query.where("id", "=", options.id) : query.orderBy("next_attempt_at").limit(1);
      const row = await query.executeTakeFirst();
      if (!row) return null;
      const leaseToken = generateId();
      return trx
        .updateTable("outbox")
        .set({ status: "sending", attempts: row.attempts + 1, lease_token: leaseToken, lease_until: new Date(now.getTime() + DELIVERY_LEASE_MS).toISOString() })
        .where("id", "=", row.id)
        .returning(["id", "to_address", "subject", "body_sealed", "attempts", "lease_token"])
        .executeTakeFirstOrThrow();
    });
}

/** Marks a claimed mail delivered and erases its body; false when the lease was lost meanwhile. */
export async function recordDelivered(claim: ClaimedMail, now = new Date()): Promise<boolean> {
  const result = await getDb()
    .updateTable("outbox")
    .set({ status: "sent", sent_at: now.toISOString(), body_sealed: null, lease_token: null, lease_until: null, last_error: null })
    .where("id", "=", claim.id)
    .where("lease_token", "=", claim.lease_token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** After a failed attempt: tried again later with back-off, or given up (shown to admins to resend). */
export async function recordAttemptFailed(
  claim: ClaimedMail,
  failure: { reason: string; permanent: boolean },
  now = new Date(),
): Promise<"retrying" | "failed"> {
  const givenUp = failure.permanent || claim.attempts >= MAX_DELIVERY_ATTEMPTS;
  await getDb()
    .updateTable("outbox")
    .set({
      status: givenUp ? "failed" : "queued",
      next_attempt_at: new Date(now.getTime() + retryDelayMs(claim.attempts)).toISOString(),
      lease_token: null,
      lease_until: null,
      last_error: failure.reason.slice(0, 500),
    })
    .where("id", "=", claim.id)
    .where("lease_token", "=", claim.lease_token)
    .execute();
  return givenUp ? "failed" : "retrying";
}
