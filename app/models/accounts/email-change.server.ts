import { withEvenTiming } from "~/auth/even-timing.server";
import { storedSessionId } from "~/auth/session-adapter.server";
import { endSessionsExcept } from "~/auth/session.server";
import { createSecretToken, generateId, hashToken } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
import { CONFIRMATION_VALID_HOURS } from "~/limits";
import { composeMail } from "~/mail/compose";
import { emailChangedNotice, emailTakenNotice } from "~/models/accounts/account-notice.server";
import { reserveMailRequest } from "~/models/accounts/mail-throttle.server";
import { normalizeEmail, requireCurrentPassword } from "~/models/accounts/user.server";
import { deliverPromptly } from "~/models/mail/mail-delivery.server";
import { queueMail } from "~/models/mail/outbox.server";

/*
 * A new email address is used only once a link sent to it is opened: until
 * then the account keeps its old one. Whether another account already uses
 * the new address is not said (that would tell anyone with an account who
 * else has one): that account's owner gets a notice instead of a link, and
 * the change simply never gets confirmed.
 */

export type EmailChangeRequest = { outcome: "unchanged" } | { outcome: "asked"; newEmail: string };

interface EmailChangeInput {
  userId: string;
  newEmail: string;
  /** The session asking: it stays signed in when the change is confirmed. */
  sessionId: string;
  caller: string;
  appOrigin: string;
  now?: Date;
}

export async function requestEmailChange(input: EmailChangeInput & { currentPassword: string }): Promise<EmailChangeRequest> {
  await requireCurrentPassword(input.userId, input.currentPassword);
  return withEvenTiming(() => storeAndMailEmailChange(input));
}

/** The same work, and one mail, whether or not another account uses the new address. */
async function storeAndMailEmailChange(input: EmailChangeInput): Promise<EmailChangeRequest> {
  const now = input.now ?? new Date();
  const newEmail = normalizeEmail(input.newEmail);
  const { token, tokenHash } = createSecretToken();
  const result = await getDb()
    .transaction()
    .execute(async (trx) => {
      const user = await trx.selectFrom("users").select("email").where("id", "=", input.userId).executeTakeFirstOrThrow();
      // Asking for one's own address again withdraws a change still waiting; changes never confirmed go once expired.
      await trx.deleteFrom("email_changes").where("user_id", "=", input.userId).execute();
      await trx.deleteFrom("email_changes").where("expires_at", "<=", now.toISOString()).execute();
      if (newEmail === user.email) return { unchanged: true as const };
      await reserveMailRequest(trx, { email: newEmail, caller: input.caller, now });
      await trx
        .insertInto("email_changes")
        .values({
          id: generateId(),
          user_id: input.userId,
          new_email: newEmail,
          token_hash: tokenHash,
          requested_in_session: storedSessionId(input.sessionId),
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + CONFIRMATION_VALID_HOURS * 3_600_000).toISOString(),
        })
        .execute();
      const holder = await trx.selectFrom("users").select("id").where("email", "=", newEmail).executeTakeFirst();
      const mail = holder
        ? emailTakenNotice({ to: newEmail })
        : {
            to: newEmail,
            recipientUserId: input.userId,
            kind: "email_confirmation" as const,
            ...composeMail({
              subject: "Confirm your new email address",
              blocks: [
                {
                  lead: `Someone asked to use this address for their Peer Support Training account. If it was you, open this link within ${CONFIRMATION_VALID_HOURS} hours to confirm it. It works once:`,
                  url: `${input.appOrigin}/confirm-email/${token}`,
                  action: "Confirm your new email address",
                },
                "If it was not you, you can ignore this message. Nothing changes until the link is opened.",
              ],
            }),
          };
      return { unchanged: false as const, queued: await queueMail(trx, mail, now) };
    });
  if (result.unchanged) return { outcome: "unchanged" };
  await deliverPromptly([result.queued]);
  return { outcome: "asked", newEmail };
}

/** The change still waiting for confirmation, if any. */
export async function findPendingEmailChange(userId: string, now = new Date()): Promise<{ newEmail: string; expiresAt: string } | null> {
  const row = await getDb()
    .selectFrom("email_changes")
    .select(["new_email", "expires_at"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return row ? { newEmail: row.new_email, expiresAt: row.expires_at } : null;
}

/** The new address a confirmation link is for, or null when the link does not work (unknown, used or expired). */
export async function findEmailChangeByToken(token: string, now = new Date()): Promise<{ newEmail: string } | null> {
  const row = await getDb()
    .selectFrom("email_changes")
    .select(["new_email", "expires_at"])
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  return row && row.expires_at > now.toISOString() ? { newEmail: row.new_email } : null;
}

export const invalidEmailLinkMessage = `This confirmation link is not valid any more. Links work once, for ${CONFIRMATION_VALID_HOURS} hours, and only the newest one works. Ask for a new one on your account's email page.`;

/**
 * Opens a confirmation link: the account takes the new address, every
 * session of it ends but the one that asked and the one confirming (when
 * signed in to the same account), and the old address gets a notice. The
 * link is spent in the same transaction.
 */
export async function confirmEmailChange(input: {
  token: string;
  confirmingUserId?: string;
  confirmingSessionId?: string;
  now?: Date;
}): Promise<{ newEmail: string }> {
  const now = input.now ?? new Date();
  const changed = await getDb()
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .selectFrom("email_changes")
        .innerJoin("users", "users.id", "email_changes.user_id")
        .select([
          "email_changes.user_id",
          "email_changes.new_email",
          "email_changes.expires_at",
          "email_changes.requested_in_session",
          "users.email as old_email",
        ])
        .where("email_changes.token_hash", "=", hashToken(input.token))
        .executeTakeFirst();
      if (!row || row.expires_at <= now.toISOString()) throw new DomainError(invalidEmailLinkMessage, 410);
      await trx.deleteFrom("email_changes").where("user_id", "=", row.user_id).execute();
      const holder = await trx.selectFrom("users").select("id").where("email", "=", row.new_email).executeTakeFirst();
      if (holder) {
        throw new DomainError("Another account now uses this email address, so yours keeps its old one.", 409);
      }
      await trx.updateTable("users").set({ email: row.new_email, updated_at: now.toISOString() }).where("id", "=", row.user_id).execute();
      const keep = [row.requested_in_session];
      if (input.confirmingSessionId && input.confirmingUserId === row.user_id) keep.push(storedSessionId(input.confirmingSessionId));
      await endSessionsExcept(
        trx,
        row.user_id,
        keep.filter((id): id is string => id !== null),
      );
      const notice = await queueMail(trx, emailChangedNotice({ to: row.old_email, userId: row.user_id }), now);
      return { newEmail: row.new_email, notice };
    });
  await deliverPromptly([changed.notice]);
  return { newEmail: changed.newEmail };
}
