import { Cookie } from "lucia";
import { DEVICE_REMEMBERED_DAYS } from "~/models/accounts/known-device.server";

export const DEVICE_COOKIE_NAME = "pst_device";
const deviceCookiePattern = new RegExp(`(?:^|;\\s*)${DEVICE_COOKIE_NAME}=([a-z2-7]{32})(?:;|$)`);

/** Browsers keep a cookie for at most 400 days; a year is plenty to be remembered by. */
const DEVICE_COOKIE_MAX_AGE_SECONDS = DEVICE_REMEMBERED_DAYS * 24 * 60 * 60;

/**
 * The device token this browser was given when someone last signed in on it,
 * or undefined. Only a value of the exact shape we issue counts; anything else
 * (including bytes that are not valid percent-encoding) is as if there were none.
 */
export function readDeviceToken(cookieHeader: string | null | undefined): string | undefined {
  const match = deviceCookiePattern.exec(cookieHeader ?? "");
  return match?.[1];
}

/**
 * The Set-Cookie value for a device token. It is no session: alone it signs
 * nobody in. It only tells the sign-in throttle that this browser signed in
 * to an account before (decision 019).
 */
export function deviceCookieHeader(token: string, secure: boolean): string {
  return new Cookie(DEVICE_COOKIE_NAME, token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure,
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
  }).serialize();
}
