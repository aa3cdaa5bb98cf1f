import { describe, expect, it } from "vitest";
import { describePasswordProblem, hashPassword, verifyPassword } from "~/auth/password.server";
import { safeRedirectPath } from "~/auth/safe-redirect.server";
import { isSameOriginRequest } from "~/auth/same-origin.server";
import { createSecretToken, hashToken } from "~/auth/tokens.server";
import { redactPath } from "~/logger.server";

describe("new passwords", () => {
  it("refuses fewer than 12 characters", () => {
    expect(describePasswordProblem("elevenchars")).toMatch(/at least 12/);
    expect(describePasswordProblem("twelve chars")).toBeNull();
  });
  it("refuses common passwords in any case", () => {
    expect(describePasswordProblem("Password1234")).toMatch(/too common/);
  });
  it("refuses the account's own email and near-constant strings", () => {
    expect(describePasswordProblem("sam@example.org", "SAM@example.org")).toMatch(/email/);
    expect(describePasswordProblem("abababababababab")).toMatch(/repeats/);
  });
  it("hashes with argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("a sentence I will remember");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(hash, "a sentence I will remember")).toBe(true);
    expect(await verifyPassword(hash, "a sentence I will forget")).toBe(false);
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
  });
});

describe("same-origin check", () => {
  const site = "https://train.example.org";
  it("accepts this site's origin and refuses others", () => {
    expect(isSameOriginRequest({ origin: site }, site)).toBe(true);
    expect(isSameOriginRequest({ origin: "https://evil.example" }, site)).toBe(false);
    expect(isSameOriginRequest({ origin: "null" }, site)).toBe(false);
  });
  it("falls back to the referer, and refuses any cross-site fetch", () => {
    expect(isSameOriginRequest({ referer: `${site}/signin` }, site)).toBe(true);
    expect(isSameOriginRequest({ referer: "https://evil.example/x" }, site)).toBe(false);
    expect(isSameOriginRequest({ secFetchSite: "cross-site", origin: site }, site)).toBe(false);
  });
});

describe("secrets stay out of logs and redirects", () => {
  it("redacts link tokens from logged paths", () => {
    expect(redactPath("/invite/abcdefghijklmnop")).toBe("/invite/[redacted]");
    expect(redactPath("/reset-password/abcdefghijklmnop")).toBe("/reset-password/[redacted]");
    expect(redactPath("/o/riverside/admin/members")).toBe("/o/riverside/admin/members");
  });
  it("stores only a hash of a link token", () => {
    const { token, tokenHash } = createSecretToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(tokenHash).toBe(hashToken(token));
    expect(tokenHash).not.toContain(token);
  });
  it("only redirects to paths on this site", () => {
    const site = "https://train.example.org";
    expect(safeRedirectPath("/o/x", site)).toBe("/o/x");
    expect(safeRedirectPath("//evil.example", site)).toBe("/");
    expect(safeRedirectPath("/\\evil.example", site)).toBe("/");
    expect(safeRedirectPath("https://evil.example", site)).toBe("/");
    expect(safeRedirectPath(null, site)).toBe("/");
  });
});
