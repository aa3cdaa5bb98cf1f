import { getDb } from "~/db.server";
import { isKnownDevice, rememberDevice } from "~/models/accounts/known-device.server";
import {
  eventTimesSince,
  forgetEventsBefore,
  recordEvents,
  secondsUntilUnderLimit,
  throttleKey,
} from "~/models/accounts/request-throttle.server";
import { authenticateUser, normalizeEmail, type PublicUser } from "~/models/accounts/user.server";

/*
 * How sign-in attempts are limited (decision 019). Every attempt is counted
 * as a failure before its password is checked, in one transaction with the
 * decision to let it through, so concurrent attempts cannot all slip past
 * the count; a success takes its own count back afterwards.
 */

/** Failures from one network address, over all accounts, within the window before it must wait. */
export const ADDRESS_FAILURE_LIMIT = 10;
export const ADDRESS_WINDOW_MINUTES = 15;
/** Failures on a device the account signed in on before, within the window, before it is treated as any other. */
export const DEVICE_FAILURE_LIMIT = 10;
export const DEVICE_WINDOW_MINUTES = 15;
/** Failures on one account (from devices it does not know) within the window before each attempt waits. */
export const ACCOUNT_FREE_FAILURES = 5;
export const ACCOUNT_WINDOW_MINUTES = 60;
/** The wait after the free failures; it doubles with each further failure, up to the longest. */
export const ACCOUNT_FIRST_WAIT_SECONDS = 15;
export const ACCOUNT_LONGEST_WAIT_SECONDS = 5 * 60;

const minutes = (count: number) => count * 60_000;

/** Seconds an account's next attempt must wait after `failures` failures, the last one `latest`. */
export function accountWaitSeconds(failures: number, latest: Date | undefined, now: Date): number {
  if (failures < ACCOUNT_FREE_FAILURES || !latest) return 0;
  const doublings = Math.min(failures - ACCOUNT_FREE_FAILURES, 20);
  const wait = Math.min(ACCOUNT_FIRST_WAIT_SECONDS * 2 ** doublings, ACCOUNT_LONGEST_WAIT_SECONDS);
  const remaining = Math.ceil((latest.getTime() + wait * 1000 - now.getTime()) / 1000);
  return Math.max(0, remaining);
}

export type SignInReservation =
  | { allowed: true; attemptIds: number[] }
  | { allowed: false; waitSeconds: number; limitedBy: "address" | "account" };

/**
 * Decides whether this attempt may have its password checked and, if so,
 * counts it as a failure at once. All in one write transaction (BEGIN
 * IMMEDIATE), so every server process sees each attempt before deciding
 * on the next.
 */
export async function reserveSignInAttempt(input: {
  email: string;
  address: string;
  deviceToken: string | undefined;
  now?: Date;
}): Promise<SignInReservation> {
  const now = input.now ?? new Date();
  const email = normalizeEmail(input.email);
  return getDb()
    .transaction()
    .execute(async (trx): Promise<SignInReservation> => {
      await forgetEventsBefore(trx, "sign_in_failures", new Date(now.getTime() - minutes(ACCOUNT_WINDOW_MINUTES)));

      // A browser this account signed in on before skips the account's and the address's limits,
      // so an attacker elsewhere cannot keep the owner out; it has a limit of its own.
      if (await isKnownDevice(trx, input.deviceToken, email)) {
        const deviceKey = throttleKey("device", input.deviceToken!);
        const since = new Date(now.getTime() - minutes(DEVICE_WINDOW_MINUTES));
        const deviceFailures = await eventTimesSince(trx, "sign_in_failures", deviceKey, since);
        if (deviceFailures.length < DEVICE_FAILURE_LIMIT) {
          return { allowed: true, attemptIds: await recordEvents(trx, "sign_in_failures", [deviceKey], now) };
        }
      }

      const addressKey = throttleKey("address", input.address);
      const addressFailures = await eventTimesSince(
        trx,
        "sign_in_failures",
        addressKey,
        new Date(now.getTime() - minutes(ADDRESS_WINDOW_MINUTES)),
      );
      const addressWait = secondsUntilUnderLimit(addressFailures, ADDRESS_FAILURE_LIMIT, minutes(ADDRESS_WINDOW_MINUTES), now);
      if (addressWait > 0) return { allowed: false, waitSeconds: addressWait, limitedBy: "address" };

      const accountKey = throttleKey("account", email);
      const accountFailures = await eventTimesSince(
        trx,
        "sign_in_failures",
        accountKey,
        new Date(now.getTime() - minutes(ACCOUNT_WINDOW_MINUTES)),
      );
      const accountWait = accountWaitSeconds(accountFailures.length, accountFailures.at(-1), now);
      if (accountWait > 0) return { allowed: false, waitSeconds: accountWait, limitedBy: "account" };

      return { allowed: true, attemptIds: await recordEvents(trx, "sign_in_failures", [accountKey, addressKey], now) };
    });
}

export type SignInOutcome =
  | { outcome: "signed-in"; user: PublicUser; deviceToken: string }
  | { outcome: "mismatch" }
  | { outcome: "wait"; waitSeconds: number; limitedBy: "address" | "account" };

/**
 * One sign-in attempt: reserved against the limits, then the password
 * checked. A success takes back its own count (not anyone else's: an
 * attacker's failures keep slowing the attacker) and remembers the browser.
 */
export async function attemptSignIn(input: {
  email: string;
  password: string;
  address: string;
  deviceToken: string | undefined;
  now?: Date;
}): Promise<SignInOutcome> {
  const reservation = await reserveSignInAttempt(input);
  if (!reservation.allowed) return { outcome: "wait", waitSeconds: reservation.waitSeconds, limitedBy: reservation.limitedBy };
  const user = await authenticateUser(input.email, input.password);
  if (!user) return { outcome: "mismatch" };
  const now = input.now ?? new Date();
  const deviceToken = await getDb()
    .transaction()
    .execute(async (trx) => {
      await trx.deleteFrom("sign_in_failures").where("id", "in", reservation.attemptIds).execute();
      return rememberDevice(trx, user.id, input.deviceToken, now);
    });
  return { outcome: "signed-in", user, deviceToken };
}
