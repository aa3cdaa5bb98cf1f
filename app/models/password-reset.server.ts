import { createSecretToken, generateId, hashToken } from "~/auth/tokens.server";
import { lucia } from "~/auth/lucia.server";
import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
import { sendMail } from "~/mail/mailer.server";
import { findUserByEmail, setPassword } from "~/models/user.server";
import { describePasswordProblem } from "~/auth/password.server";
import { RESET_VALID_MINUTES } from "~/limits";

export { RESET_VALID_MINUTES };

/**
 * Sends a reset link if the address has an account. The caller shows the
 * same answer either way, so the form does not reveal who has an account.
 */
export async function requestPasswordReset(email: string, appOrigin: string): Promise<void> {
  const user = await findUserByEmail(email);
  if (!user) return;
  const { token, tokenHash } = createSecretToken();
  const now = new Date();
  await getDb()
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
  await sendMail({
    to: user.email,
    subject: "Reset your password",
    text: `Someone asked to reset the password of your account. If it was you, open this link within ${RESET_VALID_MINUTES} minutes. It works once:\n${appOrigin}/reset-password/${token}\n\nIf it was not you, you can ignore this message. Your password has not changed.\n`,
  });
}

const invalidLinkMessage =
  "This reset link is not valid any more. Links work once and for one hour. Ask for a new one.";

export async function isPasswordResetTokenUsable(token: string): Promise<boolean> {
  const row = await getDb()
    .selectFrom("password_resets")
    .select(["expires_at", "used_at"])
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  return !!row && !row.used_at && row.expires_at > new Date().toISOString();
}

/** Sets the new password, spends the link and signs the account out everywhere. */
export async function resetPassword(token: string, newPassword: string): Promise<string> {
  const row = await getDb()
    .selectFrom("password_resets")
    .select(["id", "user_id", "expires_at", "used_at"])
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= new Date().toISOString()) {
    throw new DomainError(invalidLinkMessage, 410);
  }
  const user = await getDb().selectFrom("users").select("email").where("id", "=", row.user_id).executeTakeFirstOrThrow();
  const problem = describePasswordProblem(newPassword, user.email);
  if (problem) throw new DomainError(problem, 400, "password");
  // Spend every open link of the account first: of two racing resets, one wins.
  const spent = await getDb()
    .updateTable("password_resets")
    .set({ used_at: new Date().toISOString() })
    .where("user_id", "=", row.user_id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) === 0) throw new DomainError(invalidLinkMessage, 410);
  await setPassword(row.user_id, newPassword);
  await lucia.invalidateUserSessions(row.user_id);
  return row.user_id;
}
