import { describe, expect, it } from "vitest";
import {
  associationCaseIdentifier,
  behaviourCaseIdentifier,
  CASE_NAMESPACE,
  competencyCaseIdentifier,
  definitionCaseIdentifier,
  frameworkCaseIdentifier,
  isUuid,
  uuidV5,
} from "~/codecs/case-identifier.server";

/*
 * CASE identifiers are a promise to every partner that stored them: the same
 * framework, competency or behaviour gets the same UUID in every database and
 * every export, forever. The expected values were computed with Python's
 * uuid.uuid5, an independent implementation of RFC 4122.
 */

const URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";
const DNS_NAMESPACE = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

describe("name-based UUIDs (RFC 4122 version 5)", () => {
  it("match an independent implementation", () => {
    expect(uuidV5(DNS_NAMESPACE, "python.org")).toBe("886313e1-3b8a-5372-9b90-0c9aee199e5d");
    expect(uuidV5(CASE_NAMESPACE, "é")).toBe("a6a455c9-bcc1-572e-8068-3eb6007c7fa7");
  });

  it("read the namespace in any letter case", () => {
    expect(uuidV5(DNS_NAMESPACE.toUpperCase(), "python.org")).toBe("886313e1-3b8a-5372-9b90-0c9aee199e5d");
  });

  it("refuse a namespace that is not a UUID", () => {
    expect(() => uuidV5("not-a-uuid", "x")).toThrow("not a UUID namespace: not-a-uuid");
  });

  it("come from the platform's own namespace, itself the v5 UUID of its URN", () => {
    expect(uuidV5(URL_NAMESPACE, "urn:peer-support-training:case")).toBe(CASE_NAMESPACE);
  });
});

describe("what is a UUID", () => {
  it.each(["3f2504e0-4f89-41d3-9a0c-0305e82c3301", "3F2504E0-4F89-41D3-9A0C-0305E82C3301", "00000000-0000-0000-0000-000000000000"])("%s is", (value) => {
    expect(isUuid(value)).toBe(true);
  });

  it.each([
    ["a group one short", "3f2504e-4f89-41d3-9a0c-0305e82c3301"],
    ["the second group short", "3f2504e0-4f8-41d3-9a0c-0305e82c3301"],
    ["the third group short", "3f2504e0-4f89-41d-9a0c-0305e82c3301"],
    ["the fourth group short", "3f2504e0-4f89-41d3-9a0-0305e82c3301"],
    ["the last group short", "3f2504e0-4f89-41d3-9a0c-0305e82c330"],
    ["a letter past f in the first group", "gf2504e0-4f89-41d3-9a0c-0305e82c3301"],
    ["a letter past f in the second group", "3f2504e0-4g89-41d3-9a0c-0305e82c3301"],
    ["a letter past f in the third group", "3f2504e0-4f89-4gd3-9a0c-0305e82c3301"],
    ["a letter past f in the fourth group", "3f2504e0-4f89-41d3-9g0c-0305e82c3301"],
    ["a letter past f in the last group", "3f2504e0-4f89-41d3-9a0c-0305e82c330g"],
    ["text before it", "x3f2504e0-4f89-41d3-9a0c-0305e82c3301"],
    ["text after it", "3f2504e0-4f89-41d3-9a0c-0305e82c3301x"],
    ["no dashes", "3f2504e04f8941d39a0c0305e82c3301"],
    ["a URN prefix", "urn:uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301"],
  ])("with %s is not", (_, value) => {
    expect(isUuid(value)).toBe(false);
  });
});

describe("the identifiers of shipped frameworks, never to change", () => {
  const item = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";

  it("name a framework by its id and a competency by its framework and code", () => {
    expect(frameworkCaseIdentifier("who-qualityrights")).toBe("99319c5f-21e8-5176-8acc-65e3e10f926d");
    expect(competencyCaseIdentifier("who-qualityrights", "WHO-1")).toBe("a15ea69c-fccc-5394-b685-b225e5d3906c");
  });

  it("name behaviours, associations and definitions from identifiers in any letter case", () => {
    expect(behaviourCaseIdentifier(item, 2)).toBe("f2e2f6a5-23fe-5bed-a28d-fd35e6979d39");
    expect(behaviourCaseIdentifier(item.toLowerCase(), 2)).toBe("f2e2f6a5-23fe-5bed-a28d-fd35e6979d39");
    expect(associationCaseIdentifier(item, "886313E1-3B8A-5372-9B90-0C9AEE199E5D")).toBe("66398008-331b-5fa5-92c7-ad23d3a34b05");
    expect(definitionCaseIdentifier(item, "licence")).toBe("84a24911-9022-5ba0-bc13-6c121ee52c1a");
  });

  it("differ between kinds of thing named alike", () => {
    const all = [
      frameworkCaseIdentifier("x"),
      competencyCaseIdentifier("x", "1"),
      behaviourCaseIdentifier(item, 1),
      behaviourCaseIdentifier(item, 2),
      associationCaseIdentifier(item, CASE_NAMESPACE),
      associationCaseIdentifier(CASE_NAMESPACE, item),
      definitionCaseIdentifier(item, "licence"),
      definitionCaseIdentifier(item, "item-type/Competency"),
    ];
    expect(new Set(all).size).toBe(all.length);
  });
});
