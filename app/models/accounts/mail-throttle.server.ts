import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { DomainError } from "~/domain-error";
import {
  describeWait,
  eventTimesSince,
  forgetEventsBefore,
  recordEvents,
  secondsUntilUnderLimit,
  throttleKey,
} from "~/models/accounts/request-throttle.server";
import { normalizeEmail } from "~/models/accounts/user.server";

/*
 * Forms that make the site write to an email address (a reset link, a
 * sign-up, a new address to confirm) could be used to flood someone's inbox
 * or to mint link after link. Each request counts against the address typed,
 * whether or not an account uses it (so a refusal reveals nothing about who
 * has an account), and against the caller's network address.
 */

export const MAIL_WINDOW_MINUTES = 60;
/** Requests for one email address within the window. */
export const REQUESTS_PER_EMAIL = 5;
/** Requests from one network address within the window, whatever addresses they name. */
export const REQUESTS_PER_CALLER = 20;

/**
 * Counts a request to write to `email`, or refuses it with 429 and how long
 * to wait. Runs in the caller's transaction, so that the count and what the
 * request writes commit together.
 */
export async function reserveMailRequest(
  db: Kysely<Database>,
  input: { email: string; caller: string; now: Date },
): Promise<void> {
  const { now } = input;
  const windowMs = MAIL_WINDOW_MINUTES * 60_000;
  const since = new Date(now.getTime() - windowMs);
  await forgetEventsBefore(db, "mail_requests", since);
  const callerKey = throttleKey("caller", input.caller);
  const emailKey = throttleKey("email", normalizeEmail(input.email));

  const callerWait = secondsUntilUnderLimit(await eventTimesSince(db, "mail_requests", callerKey, since), REQUESTS_PER_CALLER, windowMs, now);
  if (callerWait > 0) {
    throw new DomainError(
      `We had ${REQUESTS_PER_CALLER} requests from your network in the last hour, the most we take. Wait ${describeWait(callerWait)}, then try again.`,
      429,
    );
  }
  const emailWait = secondsUntilUnderLimit(await eventTimesSince(db, "mail_requests", emailKey, since), REQUESTS_PER_EMAIL, windowMs, now);
  if (emailWait > 0) {
    throw new DomainError(
      `We had ${REQUESTS_PER_EMAIL} requests for this email address in the last hour, the most we take. Wait ${describeWait(emailWait)}, then try again.`,
      429,
    );
  }
  await recordEvents(db, "mail_requests", [callerKey, emailKey], now);
}
