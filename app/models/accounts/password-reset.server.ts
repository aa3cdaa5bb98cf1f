import { withEvenTiming } from "~/auth/even-timing.server";
import { createSecretToken, generateId, hashToken } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
import { composeMail } from "~/mail/compose";
import { rememberDevice } from "~/models/accounts/known-device.server";
import { reserveMailRequest } from "~/models/accounts/mail-throttle.server";
import { normalizeEmail, replacePassword } from "~/models/accounts/user.server";
import { RESET_VALID_MINUTES } from "~/limits";
import { deliverPromptly } from "~/models/mail/mail-delivery.server";
import { queueMail } from "~/models/mail/outbox.server";

export { RESET_VALID_MINUTES };

/**
 * Sends a reset link if the address has an account. The caller shows the
 * same answer either way, so the form does not reveal who has an account:
 * both ways count against the limits (429 when reached) and make a token,
 * and the answer takes the same time (withEvenTiming). A new link replaces
 * the account's earlier ones.
 */
export function requestPasswordReset(input: { email: string; caller: string; appOrigin: string; now?: Date }): Promise<void> {
  return withEvenTiming(() => storeAndMailResetLink(input));
}

async function storeAndMailResetLink(input: { email: string; caller: string; appOrigin: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const email = normalizeEmail(input.email);
  const { token, tokenHash } = createSecretToken();
  const queued = await getDb()
    .transaction()
    .execute(async (trx) => {
      await reserveMailRequest(trx, { email, caller: input.caller, now });
      const user = await trx.selectFrom("users").select(["id", "email"]).where("email", "=", email).executeTakeFirst();
      if (!user) return null;
      await trx.deleteFrom("password_resets").where("user_id", "=", user.id).execute();
      await trx
        .insertInto("password_resets")
        .values({
          id: generateId(),
          user_id: user.id,
          token_hash: tokenHash,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + RESET_VALID_MINUTES * 60_000).toISOString(),
          used_at: null,
        })
        .execute();
      return queueMail(
        trx,
        {
          to: user.email,
          recipientUserId: user.id,
          kind: "password_reset",
          ...composeMail({
            subject: "Reset your password",
            blocks: [
              {
                lead: `Someone asked to reset the password of your account. If it was you, open this link within ${RESET_VALID_MINUTES} minutes. It works once, and only the newest link you asked for works:`,
                url: `${input.appOrigin}/reset-password/${token}`,
                action: "Choose a new password",
              },
              "If it was not you, you can ignore this message. Your password has not changed.",
            ],
          }),
        },
        now,
      );
    });
  await deliverPromptly([queued]);
}

const invalidLinkMessage =
  "This reset link is not valid any more. Links work once and for one hour, and only the newest one works. Ask for a new one.";

export async function isPasswordResetTokenUsable(token: string): Promise<boolean> {
  const row = await getDb()
    .selectFrom("password_resets")
    .select(["expires_at", "used_at"])
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  return !!row && !row.used_at && row.expires_at > new Date().toISOString();
}

/**
 * Sets the new password, spends the link and signs the account out
 * everywhere, all in one transaction. The browser that did it is
 * remembered (its sign-in is spared the account's delay) and every other is
 * forgotten. Returns the token for the browser's device cookie.
 */
export async function resetPassword(input: {
  token: string;
  newPassword: string;
  deviceToken: string | undefined;
  appOrigin: string;
}): Promise<{ deviceToken: string }> {
  const row = await getDb()
    .selectFrom("password_resets")
    .select(["id", "user_id", "expires_at", "used_at"])
    .where("token_hash", "=", hashToken(input.token))
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= new Date().toISOString()) {
    throw new DomainError(invalidLinkMessage, 410);
  }
  let deviceToken = input.deviceToken;
  await replacePassword({
    userId: row.user_id,
    newPassword: input.newPassword,
    field: "password",
    keepSessionIds: [],
    deviceToken,
    appOrigin: input.appOrigin,
    extra: async (trx) => {
      // Spend every open link of the account first: of two racing resets, one wins.
      const spent = await trx
        .updateTable("password_resets")
        .set({ used_at: new Date().toISOString() })
        .where("user_id", "=", row.user_id)
        .where("used_at", "is", null)
        .executeTakeFirst();
      if (Number(spent.numUpdatedRows) === 0) throw new DomainError(invalidLinkMessage, 410);
      deviceToken = await rememberDevice(trx, row.user_id, deviceToken, new Date());
    },
  });
  return { deviceToken: deviceToken! };
}
