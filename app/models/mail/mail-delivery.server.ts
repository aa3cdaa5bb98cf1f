import { getConfig } from "~/config.server";
import { log } from "~/logger.server";
import { currentMailTransport } from "~/mail/mailer.server";
import { MailRefusedError } from "~/mail/mail-transport.server";
import { openMailBody } from "~/mail/sealed-body.server";
import { claimMail, recordAttemptFailed, recordDelivered, type ClaimedMail } from "~/models/mail/outbox.server";

/*
 * Delivery is at-least-once (decision 029). A message is claimed (leased)
 * in one transaction, handed to the transport, then marked sent in another.
 * A process that dies before or during the hand-over leaves the claim to run
 * out, and the message is sent later by whichever process takes it next:
 * nothing is lost and, since the mail server had not accepted it, nothing
 * goes twice. Only a death in the instant between the server's "accepted"
 * and the commit of "sent" (one local write) sends it again, with the same
 * Message-ID, which mail clients that merge duplicates show once. We chose
 * this over at-most-once because a lost password reset or invitation is a
 * person locked out, while a rare duplicate is a nuisance.
 */

export type AttemptOutcome = "sent" | "retrying" | "failed";

async function attempt(claim: ClaimedMail, now: () => Date): Promise<AttemptOutcome> {
  const body = claim.body_sealed ? openMailBody(claim.body_sealed, claim.id) : null;
  if (!body) {
    return recordAttemptFailed(claim, { reason: "The message cannot be opened: CREDENTIAL_KEY is not the key it was queued with.", permanent: true }, now());
  }
  try {
    await currentMailTransport().send({
      id: claim.id,
      to: claim.to_address,
      subject: claim.subject,
      ...body,
      messageIdDomain: new URL(getConfig().APP_URL).hostname,
    });
  } catch (error) {
    const refused = error instanceof MailRefusedError ? error : new MailRefusedError("Sending failed.", false);
    const outcome = await recordAttemptFailed(claim, { reason: refused.message, permanent: refused.permanent }, now());
    log.warn("mail.attempt_failed", { outbox: claim.id, attempt: claim.attempts, outcome, reason: refused.message });
    return outcome;
  }
  if (!(await recordDelivered(claim, now()))) {
    // Our lease ran out while the server was still taking the message: another process may send it again (decision 029).
    log.warn("mail.lease_lost", { outbox: claim.id });
  }
  return "sent";
}

/** Sends every due message (up to `limit`), one claim at a time; what became of each. */
export async function deliverDueMail(options: { limit?: number; now?: () => Date } = {}): Promise<AttemptOutcome[]> {
  const now = options.now ?? (() => new Date());
  const outcomes: AttemptOutcome[] = [];
  for (let i = 0; i < (options.limit ?? 50); i++) {
    const claim = await claimMail({ now: now() });
    if (!claim) break;
    outcomes.push(await attempt(claim, now));
  }
  return outcomes;
}

/** Tries the given messages now, whatever their schedule, if nobody holds them. */
export async function deliverMailNow(ids: string[]): Promise<AttemptOutcome[]> {
  const outcomes: AttemptOutcome[] = [];
  for (const id of ids) {
    const claim = await claimMail({ id });
    if (claim) outcomes.push(await attempt(claim, () => new Date()));
  }
  return outcomes;
}

/**
 * The first try of mail just queued, made by the process that queued it once
 * its transaction has committed. The log transport delivers before the page
 * answers (it takes a moment, and the log is then complete); SMTP is not
 * waited for: a slow or unreachable mail server must not hold a page, nor
 * let its timing tell whether an address has an account. A failure here is
 * left to the retries.
 */
export async function deliverPromptly(ids: (string | null)[]): Promise<void> {
  const queued = ids.filter((id): id is string => id !== null);
  if (queued.length === 0) return;
  const delivering = deliverMailNow(queued).catch((error: unknown) => {
    log.error("mail.delivery_error", { message: error instanceof Error ? error.message : String(error) });
  });
  if (!currentMailTransport().reachesInboxes) await delivering;
}
