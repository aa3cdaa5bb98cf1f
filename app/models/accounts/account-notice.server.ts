import { sendMail } from "~/mail/mailer.server";

/*
 * Notices about an account, sent to its address when something changes that
 * its owner must know about. They name no one and carry nothing private:
 * only what happened and what to do if it was not them.
 */

export async function sendPasswordChangedNotice(input: { to: string; appOrigin: string }): Promise<void> {
  await sendMail({
    to: input.to,
    subject: "Your password was changed",
    text:
      "The password of your Peer Support Training account was just changed. Every other device signed in to your account was signed out.\n\n" +
      "If you did this, there is nothing more to do.\n\n" +
      `If you did not, someone else may know your password. Choose a new one now:\n${input.appOrigin}/forgot-password\n`,
  });
}

export async function sendEmailChangedNotice(input: { to: string }): Promise<void> {
  await sendMail({
    to: input.to,
    subject: "Your email address was changed",
    text:
      "The email address of your Peer Support Training account was just changed. From now on we write to the new address, and this one no longer signs in. Every other device signed in to your account was signed out.\n\n" +
      "If you did this, there is nothing more to do.\n\n" +
      "If you did not, someone else may have your password. Tell the person who runs your organization's training right away.\n",
  });
}

export async function sendSignUpAttemptNotice(input: { to: string; appOrigin: string }): Promise<void> {
  await sendMail({
    to: input.to,
    subject: "You already have an account",
    text:
      "Someone asked to create a Peer Support Training account with this email address. You already have an account with it, so no new account was made.\n\n" +
      `If it was you, sign in instead:\n${input.appOrigin}/signin\n\n` +
      `If you forgot your password, choose a new one:\n${input.appOrigin}/forgot-password\n\n` +
      "If it was not you, you can ignore this message. Nothing has changed.\n",
  });
}

export async function sendEmailTakenNotice(input: { to: string }): Promise<void> {
  await sendMail({
    to: input.to,
    subject: "Someone asked to use your email address",
    text:
      "Someone signed in to another Peer Support Training account asked to use this email address for it. Your account keeps this address, and the other account cannot take it.\n\n" +
      "If you know nothing about this, you can ignore this message. Nothing has changed.\n",
  });
}
