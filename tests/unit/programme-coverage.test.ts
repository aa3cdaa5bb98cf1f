import { describe, expect, it } from "vitest";
import { acceptanceToken, findUnbuiltCompetencies, modulesBuildingEach } from "~/models/records/programme-coverage";

describe("which required competencies the chosen modules build", () => {
  const builds = { basics: ["c1", "c2"], mutuality: ["c2", "c3"], other: ["c4"] };

  it("names the chosen modules that build each required competency", () => {
    const each = modulesBuildingEach(["c2", "c4"], ["basics", "mutuality"], builds);
    expect(each.get("c2")).toEqual(["basics", "mutuality"]);
    expect(each.get("c4")).toEqual([]);
  });

  it("lists the required competencies no chosen module builds, in order", () => {
    expect(findUnbuiltCompetencies(["c4", "c1", "c5"], ["basics"], builds)).toEqual(["c4", "c5"]);
    expect(findUnbuiltCompetencies(["c1", "c3"], ["basics", "mutuality"], builds)).toEqual([]);
    expect(findUnbuiltCompetencies(["c1"], [], builds)).toEqual(["c1"]);
  });

  it("ignores a chosen module that builds nothing known (one that left the catalog) and competencies not required", () => {
    const each = modulesBuildingEach(["c1"], ["gone", "basics", "other"], builds);
    expect([...each]).toEqual([["c1", ["basics"]]]);
  });

  it("writes the accepted gaps the same way whatever their order, and other gaps differently", () => {
    expect(acceptanceToken(["c5", "c4"])).toBe(acceptanceToken(["c4", "c5"]));
    expect(acceptanceToken(["c5", "c4"])).toBe("c4 c5");
    expect(acceptanceToken(["c4"])).not.toBe(acceptanceToken(["c4", "c5"]));
  });
});
