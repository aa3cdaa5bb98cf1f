import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCookie } from "~/auth/cookie-header.server";
import { safeRedirectPath } from "~/auth/safe-redirect.server";
import { isAppHost, isSafeMethod, isSameOriginRequest } from "~/auth/same-origin.server";
import { readConfig } from "~/config.server";
import { displayNameField, organizationNameField } from "~/forms/fields";
import { TEST_CREDENTIAL_KEY } from "../support/credential-key";

const SITE = "https://train.example.org";

describe("where sign-in sends someone next (redirectTo)", () => {
  it.each([
    ["/o/riverside", "/o/riverside"],
    ["/o/riverside/learn?section=2#quiz", "/o/riverside/learn?section=2#quiz"],
    ["/invite/abcdefghijklmnop", "/invite/abcdefghijklmnop"],
    // Non-ASCII stays a path of this site, written as ASCII (a raw U+3000 in Location used to give 500).
    ["/\u3000", "/%E3%80%80"],
    ["/\u3000/evil.example", "/%E3%80%80/evil.example"],
    ["/o/caf\u00e9", "/o/caf%C3%A9"],
    ["/\uff0f\uff0fevil.example", "/%EF%BC%8F%EF%BC%8Fevil.example"],
    // Encoded slashes and backslashes stay encoded: a browser does not decode them in Location.
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%5Cevil.example", "/%5Cevil.example"],
    ["/%09/evil.example", "/%09/evil.example"],
    // A tab inside a path is dropped by the parser, as a browser drops it.
    ["/o/river\tside", "/o/riverside"],
    ["/a/../o/x", "/o/x"],
  ])("keeps %j as %j", (target, expected) => {
    expect(safeRedirectPath(target, SITE)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "//evil.example/o/riverside",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    // Browsers drop tabs and newlines from URLs: each of these is //evil.example.
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\t\\evil.example",
    "\t//evil.example",
    // Leading spaces and control characters are trimmed by the parser.
    " //evil.example",
    "\u0000//evil.example",
    "\u3000//evil.example",
    // Dot segments that collapse to //host.
    "/.//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/%2e%2e//evil.example",
    "/./\\evil.example",
    // Schemes, whatever their case, and absolute addresses.
    "https://evil.example",
    "http://evil.example/o/riverside",
    "https://train.example.org/o/riverside",
    "https://train.example.org.evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "mailto:someone@evil.example",
    // Not a path at all.
    "evil.example",
    "o/riverside",
    "%2F%2Fevil.example",
    "?redirect=1",
    "#top",
    "",
    " ",
  ])("sends %j home", (target) => {
    expect(safeRedirectPath(target, SITE)).toBe("/");
  });

  it.each([null, undefined, 42, ["/o/x"], { toString: () => "/o/x" }])("sends a non-string target (%j) home", (target) => {
    expect(safeRedirectPath(target, SITE)).toBe("/");
  });

  it("whatever it is given, answers a path that a browser resolves on this site, in ASCII", () => {
    const pieces = fc.constantFrom("/", "\\", "//", "/\\", "\t", "\n", "\r", " ", ".", "..", "%2e", "%2f", "%5c", "@", ":", "evil.example", "\u3000", "\uff0f", "\u0000", "javascript:", "https:", "?", "#");
    const target = fc.oneof(fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join("")), fc.string({ unit: "binary", maxLength: 40 }), fc.string({ maxLength: 40 }).map((rest) => `/${rest}`));
    fc.assert(
      fc.property(target, (value) => {
        const path = safeRedirectPath(value, SITE);
        expect(path).toMatch(/^\/(?![/\\])/);
        expect(path).toMatch(/^[\x21-\x7e]*$/);
        // A browser on any page of the site, following this Location, stays on the site.
        expect(new URL(path, `${SITE}/o/riverside/learn`).origin).toBe(SITE);
      }),
      { numRuns: 2000, seed: 20_251_201 },
    );
  });
});

describe("the same-origin check on forms, at its edges", () => {
  const site = "http://localhost:3000";

  it("accepts this site's own Origin, and a request that names no origin at all", () => {
    expect(isSameOriginRequest({ origin: site }, site)).toBe(true);
    expect(isSameOriginRequest({ origin: site, secFetchSite: "same-origin" }, site)).toBe(true);
    expect(isSameOriginRequest({ referer: `${site}/signin?x=1` }, site)).toBe(true);
    expect(isSameOriginRequest({}, site)).toBe(true);
  });

  it.each([
    ["a longer host that starts with this one", "http://localhost:3000.evil.example"],
    ["a longer port that starts with this one", "http://localhost:30000"],
    ["a shorter port", "http://localhost:300"],
    ["another port", "http://localhost:3001"],
    ["no port", "http://localhost"],
    ["a prefixed host", "http://evil.localhost:3000"],
    ["a host with a prefix glued on", "http://evillocalhost:3000"],
    ["https instead of http", "https://localhost:3000"],
    ["another scheme", "ws://localhost:3000"],
    ["a file", "file://"],
    ["null (a sandboxed frame, a data: page, a redirect across sites)", "null"],
    ["this origin in capitals", "HTTP://LOCALHOST:3000"],
    ["this host in mixed case", "http://LocalHost:3000"],
    ["a trailing slash", "http://localhost:3000/"],
    ["user info before another host", "http://localhost:3000@evil.example"],
    ["a leading space", " http://localhost:3000"],
    ["two origins", "http://localhost:3000 http://evil.example"],
  ])("refuses an Origin with %s (%j)", (_label, origin) => {
    expect(isSameOriginRequest({ origin }, site)).toBe(false);
    // An Origin is decisive: a Referer of this site beside it does not rescue it.
    expect(isSameOriginRequest({ origin, referer: `${site}/signin` }, site)).toBe(false);
  });

  it.each([
    "http://localhost:3000.evil.example/signin",
    "http://localhost:30000/signin",
    "http://localhost:3001/signin",
    "https://localhost:3000/signin",
    "http://evil.localhost:3000/signin",
    "http://localhost:3000@evil.example/signin",
    "http://evil.example/http://localhost:3000/",
    "null",
    "not a url",
  ])("without an Origin, refuses the Referer %j", (referer) => {
    expect(isSameOriginRequest({ referer }, site)).toBe(false);
  });

  it("reads a Referer as a URL, so this site's address in another letter case is this site", () => {
    expect(isSameOriginRequest({ referer: "HTTP://LOCALHOST:3000/signin" }, site)).toBe(true);
    expect(isSameOriginRequest({ referer: "http://localhost:3000/../signin" }, site)).toBe(true);
  });

  it("refuses a browser's cross-site or same-site (another host of the site) request, whatever the Origin says", () => {
    expect(isSameOriginRequest({ origin: site, secFetchSite: "cross-site" }, site)).toBe(false);
    expect(isSameOriginRequest({ secFetchSite: "cross-site" }, site)).toBe(false);
    expect(isSameOriginRequest({ origin: site, secFetchSite: "same-site" }, site)).toBe(false);
    expect(isSameOriginRequest({ secFetchSite: "same-site" }, site)).toBe(false);
  });
});

describe("which methods skip the same-origin check", () => {
  it.each(["GET", "HEAD", "OPTIONS"])("%s reads and changes nothing, so it is not checked", (method) => {
    expect(isSafeMethod(method)).toBe(true);
  });
  it.each(["POST", "PUT", "PATCH", "DELETE", "get", "", "GETX"])("%j is checked", (method) => {
    expect(isSafeMethod(method)).toBe(false);
  });
});

describe("a request's Host names this site (production refuses others)", () => {
  it.each(["train.example.org", "TRAIN.Example.ORG", "train.example.org:443"])("accepts %j for %s", (host) => {
    expect(isAppHost(host, SITE)).toBe(true);
  });

  it.each([
    "evil.example",
    "train.example.org.evil.example",
    "train.example.org:443.evil.example",
    "evil.train.example.org",
    "eviltrain.example.org",
    "train.example.or",
    "train.example.org:80",
    "train.example.org:4430",
    "train.example.org:44",
    "train.example.org/",
    "train.example.org@evil.example",
    "train.example.org ",
    "",
    undefined,
  ])("refuses %j", (host) => {
    expect(isAppHost(host, SITE)).toBe(false);
  });

  it("over plain http, accepts the http default port written out, and not the https one", () => {
    const plain = "http://train.example.org";
    expect(isAppHost("train.example.org", plain)).toBe(true);
    expect(isAppHost("train.example.org:80", plain)).toBe(true);
    expect(isAppHost("train.example.org:443", plain)).toBe(false);
    expect(isAppHost("train.example.org:", plain)).toBe(false);
  });

  it("on a port of its own, needs that port", () => {
    const local = "http://localhost:3000";
    expect(isAppHost("localhost:3000", local)).toBe(true);
    expect(isAppHost("LOCALHOST:3000", local)).toBe(true);
    for (const host of ["localhost", "localhost:80", "localhost:30000", "localhost:300", "localhost:3001", "127.0.0.1:3000", "localhost:3000.evil.example"]) {
      expect(isAppHost(host, local), host).toBe(false);
    }
  });
});

describe("APP_URL", () => {
  const production = { NODE_ENV: "production", CREDENTIAL_KEY: TEST_CREDENTIAL_KEY };

  it("is required in production, with a message that says what to set", () => {
    expect(() => readConfig(production)).toThrow(/APP_URL: required in production.*like https:\/\/train\.example\.org/);
    expect(() => readConfig({ ...production, APP_URL: "" })).toThrow(/APP_URL: required in production/);
    expect(() => readConfig({ ...production, APP_URL: "   " })).toThrow(/APP_URL: required in production/);
  });

  it("in development and tests defaults to localhost on the configured port", () => {
    expect(readConfig({ NODE_ENV: "development" }).APP_URL).toBe("http://localhost:3000");
    expect(readConfig({ NODE_ENV: "development", PORT: "4100" }).APP_URL).toBe("http://localhost:4100");
    expect(readConfig({ NODE_ENV: "test" }).APP_URL).toBe("http://localhost:3000");
    expect(readConfig({}).APP_URL).toBe("http://localhost:3000");
  });

  it("is kept as its origin: lower-case host, no default port, no trailing slash", () => {
    expect(readConfig({ ...production, APP_URL: "https://Train.Example.org/" }).APP_URL).toBe(SITE);
    expect(readConfig({ ...production, APP_URL: "https://train.example.org:443" }).APP_URL).toBe(SITE);
    expect(readConfig({ ...production, APP_URL: "http://localhost:3000" }).APP_URL).toBe("http://localhost:3000");
  });

  it.each([
    ["train.example.org", /is not an address/],
    ["ftp://train.example.org", /must start with https:\/\//],
    ["javascript:alert(1)", /must start with https:\/\//],
    ["https://train.example.org/app", /only the origin, like https:\/\/train\.example\.org/],
    ["https://train.example.org/?next=1", /only the origin/],
    ["https://someone:secret@train.example.org", /only the origin/],
  ])("refuses %j", (value, message) => {
    expect(() => readConfig({ ...production, APP_URL: value })).toThrow(message);
  });
});

describe("reading the session cookie from a Cookie header", () => {
  it.each<[string | undefined, string | undefined]>([
    [undefined, undefined],
    ["", undefined],
    ["pst_session=abc123", "abc123"],
    ["other=%ff; pst_session=abc123", "abc123"],
    ["pst_session=abc123; other=%ff", "abc123"],
    ['pst_session="abc123"', "abc123"],
    ["  pst_session =  abc123  ", "abc123"],
    ["other=%ff", undefined],
    ["%ff=%ff", undefined],
    ["xpst_session=abc123", undefined],
    ["pst_session", undefined],
    [";;;", undefined],
    // Present but unusable: reads as "no session" (and is cleared), never as an error.
    ["pst_session=%ff", ""],
    ["pst_session=%E0%A4%A", ""],
    ["pst_session=", ""],
  ])("%j gives %j", (header, expected) => {
    expect(readCookie(header, "pst_session")).toBe(expected);
  });

  it("never throws, whatever the header holds", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (header) => {
        const value = readCookie(header, "pst_session");
        expect(value === undefined || typeof value === "string").toBe(true);
      }),
      { numRuns: 2000, seed: 20_251_201 },
    );
  });
});

describe("names people see", () => {
  const hidden = [
    ["right-to-left override", "\u202e"],
    ["left-to-right override", "\u202d"],
    ["right-to-left embedding", "\u202b"],
    ["left-to-right embedding", "\u202a"],
    ["pop directional formatting", "\u202c"],
    ["left-to-right isolate", "\u2066"],
    ["right-to-left isolate", "\u2067"],
    ["first strong isolate", "\u2068"],
    ["pop directional isolate", "\u2069"],
    ["left-to-right mark", "\u200e"],
    ["right-to-left mark", "\u200f"],
    ["Arabic letter mark", "\u061c"],
    ["a newline", "\n"],
    ["a tab", "\t"],
    ["a NUL", "\u0000"],
    ["an escape", "\u001b"],
    ["DEL", "\u007f"],
    ["a C1 control (next line)", "\u0085"],
    ["a line separator", "\u2028"],
    ["a paragraph separator", "\u2029"],
  ];

  it.each(hidden)("refuse a %s inside a name, and say why", (_label, character) => {
    for (const [field, label] of [
      [displayNameField, "Your name"],
      [organizationNameField, "The organization's name"],
    ] as const) {
      const result = field.safeParse(`Sam${character}Lee (trainer)`);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(
        `${label} has a hidden character in it, like a line break or a text-direction mark, often copied in by accident. Type it again using only letters, numbers, spaces and punctuation.`,
      );
    }
  });

  it.each([
    "Zoë O'Brien-Nakamura",
    "محمد الأحمد",
    "שרה לוי",
    "李小龙",
    "Nguyễn Thị Minh Khai",
    "می‌خواهم", // a zero-width non-joiner, part of Persian spelling
    "Sam 👩🏽‍⚕️", // a zero-width joiner inside an emoji
    "Dr. A. Smith, Jr.",
  ])("accept %j", (name) => {
    expect(displayNameField.safeParse(name)).toEqual({ success: true, data: name });
  });

  it("still trims spaces and line breaks at the ends rather than refusing them", () => {
    expect(displayNameField.safeParse("  Sam Lee\n")).toEqual({ success: true, data: "Sam Lee" });
  });
});
