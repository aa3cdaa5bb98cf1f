import { describe, expect, it } from "vitest";
import type { CompetencyLevel } from "~/models/competencies/competency-level";
import { decideEligibility, describeMissing, type EligibilityFacts } from "~/models/records/eligibility-rules";

/*
 * The rules of eligibility at each requirement's edge, without a database:
 * one step short is not enough, the step itself is. The same rules through
 * the real queries: tests/integration/eligibility-boundaries.test.ts.
 */

const module = (slug: string, available = true) => ({ slug, title: `Title of ${slug}`, available });
const competency = (id: string, minLevel: "developing" | "demonstrated" | "verified") => ({
  id,
  code: id.toUpperCase(),
  title: `Skill ${id}`,
  minLevel,
  frameworkTitle: "Framework",
  frameworkShipped: true,
  frameworkCaseIdentifier: "f",
  caseIdentifier: "c",
  retired: false,
});
const noFacts: EligibilityFacts = { modules: [], levels: new Map(), signOff: null };
const signOff = { id: "s1", signedAt: "2026-05-03T23:30:00.000Z", signedBy: "Rae Trainer", note: null };

describe("a required module", () => {
  const programme = { modules: [module("basics")], competencies: [], requiresSignOff: false };

  it("not started: unmet, named in what is missing", () => {
    const result = decideEligibility(programme, noFacts);
    expect(result.eligible).toBe(false);
    expect(result.checks).toEqual([{ kind: "module", key: "basics", label: "Complete the module “Title of basics”", met: false, status: "Not started" }]);
    expect(result.missing).toEqual(["the module “Title of basics”"]);
  });

  it("started, even nearly finished: unmet, with how far along it is", () => {
    const result = decideEligibility(programme, { ...noFacts, modules: [{ slug: "basics", status: "in-progress", fraction: 0.994, completedAt: null }] });
    expect(result.eligible).toBe(false);
    expect(result.checks[0]).toMatchObject({ met: false, status: "Started, 99% done" });
    expect(result.missing).toEqual(["the module “Title of basics”"]);
  });

  it("completed: met, with the UTC day it was completed", () => {
    const result = decideEligibility(programme, { ...noFacts, modules: [{ slug: "basics", status: "completed", fraction: 1, completedAt: "2026-05-03T23:30:00.000Z" }] });
    expect(result.eligible).toBe(true);
    expect(result.checks[0]).toMatchObject({ met: true, status: "Completed 3 May 2026" });
    expect(result.missing).toEqual([]);
  });

  it("another module's progress does not count for this one", () => {
    const result = decideEligibility(programme, { ...noFacts, modules: [{ slug: "other", status: "completed", fraction: 1, completedAt: "2026-05-03T10:00:00.000Z" }] });
    expect(result.eligible).toBe(false);
    expect(result.checks[0]!.status).toBe("Not started");
  });

  it("completed but no longer offered: unmet, and the trainee is told to ask an admin", () => {
    const gone = { modules: [module("basics", false)], competencies: [], requiresSignOff: false };
    const result = decideEligibility(gone, { ...noFacts, modules: [{ slug: "basics", status: "completed", fraction: 1, completedAt: "2026-05-03T10:00:00.000Z" }] });
    expect(result.eligible).toBe(false);
    expect(result.checks[0]).toMatchObject({ met: false, status: "This module is no longer offered. Ask an admin to update the programme." });
  });
});

describe("a required competency level", () => {
  const levels = (level: CompetencyLevel) => ({ ...noFacts, levels: new Map([["c1", level]]) });

  it.each([
    ["developing", "not-yet", false],
    ["developing", "developing", true],
    ["demonstrated", "developing", false],
    ["demonstrated", "demonstrated", true],
    ["demonstrated", "verified", true],
    ["verified", "demonstrated", false],
    ["verified", "verified", true],
  ] as const)("at minimum %s, a trainee at %s has met it: %s", (minimum, level, met) => {
    const result = decideEligibility({ modules: [], competencies: [competency("c1", minimum)], requiresSignOff: false }, levels(level));
    expect(result.eligible).toBe(met);
    expect(result.checks[0]!.met).toBe(met);
    expect(result.levels).toEqual({ c1: level });
  });

  it("just below the minimum: says the level needed and the level now", () => {
    const result = decideEligibility({ modules: [], competencies: [competency("c1", "demonstrated")], requiresSignOff: false }, levels("developing"));
    expect(result.checks).toEqual([{ kind: "competency", key: "c1", label: "Reach Demonstrated in “Skill c1”", met: false, status: "Now: Developing" }]);
    expect(result.missing).toEqual(["“Skill c1” at Demonstrated (now Developing)"]);
  });

  it("with no evidence at all: not yet, and the snapshot says so", () => {
    const result = decideEligibility({ modules: [], competencies: [competency("c1", "developing")], requiresSignOff: false }, noFacts);
    expect(result.levels).toEqual({ c1: "not-yet" });
    expect(result.checks[0]!.status).toBe("Now: Not yet");
  });
});

describe("a trainer's sign-off", () => {
  const programme = { modules: [], competencies: [], requiresSignOff: true };

  it("when required and missing: unmet", () => {
    const result = decideEligibility(programme, noFacts);
    expect(result.eligible).toBe(false);
    expect(result.checks).toEqual([{ kind: "sign-off", key: "sign-off", label: "Signed off as ready by a trainer", met: false, status: "Not signed off yet" }]);
    expect(result.missing).toEqual(["a trainer's sign-off"]);
    expect(result.signOff).toBeNull();
  });

  it("when required and given: met, with who signed and the day", () => {
    const result = decideEligibility(programme, { ...noFacts, signOff });
    expect(result.eligible).toBe(true);
    expect(result.checks[0]).toMatchObject({ met: true, status: "Signed off by Rae Trainer, 3 May 2026" });
    expect(result.signOff).toEqual(signOff);
  });

  it("when not required: no check at all, and an empty programme is met", () => {
    const result = decideEligibility({ ...programme, requiresSignOff: false }, noFacts);
    expect(result).toMatchObject({ eligible: true, checks: [], missing: [] });
  });
});

describe("a programme of several requirements", () => {
  it("lists every unmet one in order, and is met only when all are", () => {
    const programme = { modules: [module("a"), module("b")], competencies: [competency("c1", "developing")], requiresSignOff: true };
    const done = { slug: "a", status: "completed" as const, fraction: 1, completedAt: "2026-05-03T10:00:00.000Z" };
    const result = decideEligibility(programme, { ...noFacts, modules: [done] });
    expect(result.checks.map((c) => [c.kind, c.met])).toEqual([
      ["module", true],
      ["module", false],
      ["competency", false],
      ["sign-off", false],
    ]);
    expect(describeMissing(result.missing)).toBe("the module “Title of b”, “Skill c1” at Developing (now Not yet) and a trainer's sign-off");

    const all = decideEligibility(programme, { modules: [done, { ...done, slug: "b" }], levels: new Map([["c1", "developing"]]), signOff });
    expect(all.eligible).toBe(true);
    expect(all.missing).toEqual([]);
  });
});

describe("what is missing, in one phrase", () => {
  it.each([
    [[], ""],
    [["one"], "one"],
    [["one", "two"], "one and two"],
    [["one", "two", "three"], "one, two and three"],
  ])("%j reads %j", (missing, phrase) => {
    expect(describeMissing(missing)).toBe(phrase);
  });
});
