import { describe, expect, it } from "vitest";
import { deviceCookieHeader, readDeviceToken } from "~/auth/device-cookie.server";

const token = "abcdefghijklmnopqrstuvwxyz234567";

describe("the device cookie", () => {
  it("is read only in the exact shape it is issued in, beside any other cookies", () => {
    expect(readDeviceToken(`pst_device=${token}`)).toBe(token);
    expect(readDeviceToken(`other=%ff; pst_device=${token}; pst_session=x`)).toBe(token);
    expect(readDeviceToken(`pst_device=${token.toUpperCase()}`)).toBeUndefined();
    expect(readDeviceToken(`pst_device=${token}0`)).toBeUndefined();
    expect(readDeviceToken(`xpst_device=${token}`)).toBeUndefined();
    expect(readDeviceToken("pst_device=%ff")).toBeUndefined();
    expect(readDeviceToken(undefined)).toBeUndefined();
  });

  it("is http-only, SameSite=Lax, lives a year, and is Secure over https", () => {
    const plain = deviceCookieHeader(token, false);
    expect(plain).toMatch(/^pst_device=abcdefghijklmnopqrstuvwxyz234567;/);
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Lax/);
    expect(plain).toMatch(/Max-Age=31536000/);
    expect(plain).not.toMatch(/Secure/);
    expect(deviceCookieHeader(token, true)).toMatch(/Secure/);
  });
});
