import { composeMail } from "~/mail/compose";
import type { QueuedMail } from "~/models/mail/outbox.server";

/*
 * Notices about an account, sent to its address when something changes that
 * its owner must know about. They name no one and carry nothing private:
 * only what happened and what to do if it was not them. Each is queued in
 * the transaction of the change it reports.
 */

export function passwordChangedNotice(input: { to: string; userId: string; appOrigin: string }): QueuedMail {
  return {
    to: input.to,
    recipientUserId: input.userId,
    kind: "account_notice",
    ...composeMail({
      subject: "Your password was changed",
      blocks: [
        "The password of your Peer Support Training account was just changed. Every other device signed in to your account was signed out.",
        "If you did this, there is nothing more to do.",
        { lead: "If you did not, someone else may know your password. Choose a new one now:", url: `${input.appOrigin}/forgot-password`, action: "Choose a new password" },
      ],
    }),
  };
}

export function emailChangedNotice(input: { to: string; userId: string }): QueuedMail {
  return {
    to: input.to,
    recipientUserId: input.userId,
    kind: "account_notice",
    ...composeMail({
      subject: "Your email address was changed",
      blocks: [
        "The email address of your Peer Support Training account was just changed. From now on we write to the new address, and this one no longer signs in. Every other device signed in to your account was signed out.",
        "If you did this, there is nothing more to do.",
        "If you did not, someone else may have your password. Tell the person who runs your organization's training right away.",
      ],
    }),
  };
}

export function signUpAttemptNotice(input: { to: string; appOrigin: string }): QueuedMail {
  return {
    to: input.to,
    kind: "account_notice",
    ...composeMail({
      subject: "You already have an account",
      blocks: [
        "Someone asked to create a Peer Support Training account with this email address. You already have an account with it, so no new account was made.",
        { lead: "If it was you, sign in instead:", url: `${input.appOrigin}/signin`, action: "Sign in" },
        { lead: "If you forgot your password, choose a new one:", url: `${input.appOrigin}/forgot-password`, action: "Choose a new password" },
        "If it was not you, you can ignore this message. Nothing has changed.",
      ],
    }),
  };
}

export function emailTakenNotice(input: { to: string }): QueuedMail {
  return {
    to: input.to,
    kind: "account_notice",
    ...composeMail({
      subject: "Someone asked to use your email address",
      blocks: [
        "Someone signed in to another Peer Support Training account asked to use this email address for it. Your account keeps this address, and the other account cannot take it.",
        "If you know nothing about this, you can ignore this message. Nothing has changed.",
      ],
    }),
  };
}
