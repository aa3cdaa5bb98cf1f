import { withEvenTiming } from "~/auth/even-timing.server";
import { describePasswordProblem, hashPassword } from "~/auth/password.server";
import { createSecretToken, generateId, hashToken } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
import { CONFIRMATION_VALID_HOURS } from "~/limits";
import { composeMail } from "~/mail/compose";
import { signUpAttemptNotice } from "~/models/accounts/account-notice.server";
import { findInvitationByToken } from "~/models/accounts/invitation.server";
import { reserveMailRequest } from "~/models/accounts/mail-throttle.server";
import { insertUser, normalizeEmail, type PublicUser } from "~/models/accounts/user.server";
import { deliverPromptly } from "~/models/mail/mail-delivery.server";
import { queueMail } from "~/models/mail/outbox.server";

/*
 * Signing up must not tell anyone whether an address already has an account.
 * So no account is made on the spot: the form always answers "we wrote to
 * <address>", and the address gets either a link that finishes the sign-up
 * or, when it already has an account, a notice saying so. Both take the
 * same work (the password is hashed either way). The one exception is an
 * invitation: its link was sent to the address, so whoever holds it has
 * shown they read that mailbox, and signing up with the invited address
 * creates the account at once.
 */

export type SignUpResult = { outcome: "confirm-by-mail"; email: string } | { outcome: "created"; user: PublicUser };

export async function requestSignUp(input: {
  displayName: string;
  email: string;
  password: string;
  redirectTo: string | null;
  invitationToken: string | undefined;
  caller: string;
  appOrigin: string;
  now?: Date;
}): Promise<SignUpResult> {
  const now = input.now ?? new Date();
  const email = normalizeEmail(input.email);
  const problem = describePasswordProblem(input.password, email);
  if (problem) throw new DomainError(problem, 400, "password");
  const passwordHash = await hashPassword(input.password);

  const invitation = input.invitationToken ? await findInvitationByToken(input.invitationToken, now) : null;
  if (invitation?.state === "open" && invitation.email === email) {
    const user = await insertUser(getDb(), { email, displayName: input.displayName, passwordHash });
    return { outcome: "created", user };
  }

  await withEvenTiming(() => storeAndMailSignUp({ ...input, email, passwordHash, now }));
  return { outcome: "confirm-by-mail", email };
}

/** The same work, and one mail, whether or not the address has an account: a link for a new one, a notice for a known one. */
async function storeAndMailSignUp(input: {
  email: string;
  displayName: string;
  passwordHash: string;
  redirectTo: string | null;
  caller: string;
  appOrigin: string;
  now: Date;
}): Promise<void> {
  const { email, passwordHash, now } = input;
  const { token, tokenHash } = createSecretToken();
  const queued = await getDb()
    .transaction()
    .execute(async (trx) => {
      await reserveMailRequest(trx, { email, caller: input.caller, now });
      // Requests that were never confirmed hold a name and a password hash: gone once they expire.
      await trx.deleteFrom("sign_up_requests").where("expires_at", "<=", now.toISOString()).execute();
      const existing = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
      if (existing) return queueMail(trx, signUpAttemptNotice({ to: email, appOrigin: input.appOrigin }), now);
      // Only the newest link for an address works.
      await trx.deleteFrom("sign_up_requests").where("email", "=", email).execute();
      await trx
        .insertInto("sign_up_requests")
        .values({
          id: generateId(),
          email,
          display_name: input.displayName.trim(),
          password_hash: passwordHash,
          token_hash: tokenHash,
          redirect_to: input.redirectTo,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + CONFIRMATION_VALID_HOURS * 3_600_000).toISOString(),
        })
        .execute();
      return queueMail(
        trx,
        {
          to: email,
          kind: "sign_up_confirmation",
          ...composeMail({
            subject: "Finish creating your account",
            blocks: [
              {
                lead: `Someone asked to create a Peer Support Training account with this email address. If it was you, open this link within ${CONFIRMATION_VALID_HOURS} hours to finish. It works once:`,
                url: `${input.appOrigin}/confirm-signup/${token}`,
                action: "Finish creating your account",
              },
              "If it was not you, you can ignore this message. No account is made unless the link is opened.",
            ],
          }),
        },
        now,
      );
    });
  await deliverPromptly([queued]);
}

/** The address a sign-up link is for, or null when the link does not work (unknown, used or expired). */
export async function findSignUpByToken(token: string, now = new Date()): Promise<{ email: string } | null> {
  const row = await getDb()
    .selectFrom("sign_up_requests")
    .select(["email", "expires_at"])
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  return row && row.expires_at > now.toISOString() ? { email: row.email } : null;
}

export const invalidSignUpLinkMessage = `This link is not valid any more. Links work once, for ${CONFIRMATION_VALID_HOURS} hours, and only the newest one works. Fill in the sign-up form again to get a new one.`;

/**
 * Opens a sign-up link: the account is made with the name and password given
 * on the form, and the request is spent, in one transaction.
 */
export async function confirmSignUp(token: string, now = new Date()): Promise<{ user: PublicUser; redirectTo: string | null }> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .selectFrom("sign_up_requests")
        .selectAll()
        .where("token_hash", "=", hashToken(token))
        .executeTakeFirst();
      if (!row || row.expires_at <= now.toISOString()) throw new DomainError(invalidSignUpLinkMessage, 410);
      await trx.deleteFrom("sign_up_requests").where("email", "=", row.email).execute();
      const user = await insertUser(trx, { email: row.email, displayName: row.display_name, passwordHash: row.password_hash });
      return { user, redirectTo: row.redirect_to };
    });
}
