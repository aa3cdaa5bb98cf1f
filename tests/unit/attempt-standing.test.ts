import { describe, expect, it } from "vitest";
import { attemptStanding, describeWait } from "~/content/attempt-standing";
import type { AttemptRules } from "~/content/types";

const rules = (overrides: Partial<AttemptRules> = {}): AttemptRules => ({ maxAttempts: null, waitMinutes: 0, showAnswers: "always", ...overrides });
const now = new Date("2026-12-02T12:00:00Z");
const at = (iso: string, passed = false) => ({ submittedAt: iso, passed });

describe("attempt rules", () => {
  it("lets a quiz without rules be taken any time, answers always shown", () => {
    expect(attemptStanding(rules(), [at("2026-12-02T11:59:00Z")], now)).toMatchObject({ used: 1, allowed: null, canStart: true, answersShown: true });
  });

  it("stops at the maximum, and extra attempts from an accommodation add to it", () => {
    const three = [at("2026-12-01T09:00:00Z"), at("2026-12-01T10:00:00Z"), at("2026-12-01T11:00:00Z")];
    expect(attemptStanding(rules({ maxAttempts: 3 }), three.slice(0, 2), now).canStart).toBe(true);
    expect(attemptStanding(rules({ maxAttempts: 3 }), three, now)).toMatchObject({ used: 3, allowed: 3, canStart: false });
    expect(attemptStanding(rules({ maxAttempts: 3 }), three, now, 2)).toMatchObject({ allowed: 5, extraAttempts: 2, canStart: true });
  });

  it("opens the next attempt a wait after the last one was handed in, not before", () => {
    const standing = attemptStanding(rules({ waitMinutes: 60 }), [at("2026-12-01T08:00:00Z"), at("2026-12-02T11:30:00Z")], now);
    expect(standing).toMatchObject({ canStart: false, nextOpensAt: "2026-12-02T12:30:00.000Z" });
    expect(attemptStanding(rules({ waitMinutes: 30 }), [at("2026-12-02T11:30:00Z")], now)).toMatchObject({ canStart: true, nextOpensAt: null });
  });

  it("shows right answers after passing, or after the last attempt, as the quiz says", () => {
    const afterPassing = rules({ showAnswers: "after-passing", maxAttempts: 2 });
    expect(attemptStanding(afterPassing, [at("2026-12-01T08:00:00Z")], now).answersShown).toBe(false);
    expect(attemptStanding(afterPassing, [at("2026-12-01T08:00:00Z"), at("2026-12-01T09:00:00Z", true)], now).answersShown).toBe(true);
    const afterLast = rules({ showAnswers: "after-last-attempt", maxAttempts: 2 });
    expect(attemptStanding(afterLast, [at("2026-12-01T08:00:00Z", true)], now).answersShown).toBe(false);
    expect(attemptStanding(afterLast, [at("2026-12-01T08:00:00Z", true), at("2026-12-01T09:00:00Z")], now).answersShown).toBe(true);
    expect(attemptStanding(afterLast, [at("2026-12-01T08:00:00Z", true), at("2026-12-01T09:00:00Z")], now, 1).answersShown).toBe(false);
  });

  it("says a wait in plain words", () => {
    expect(describeWait(1)).toBe("1 minute");
    expect(describeWait(90)).toBe("1 hour and 30 minutes");
    expect(describeWait(1440)).toBe("1 day");
    expect(describeWait(2 * 1440 + 61)).toBe("2 days, 1 hour and 1 minute");
  });
});
