import type { AttemptRules } from "~/content/types";

/** Where a trainee stands with a quiz's attempt rules at one moment. */
export interface AttemptStanding {
  used: number;
  /** Attempts allowed, extra attempts granted included; null for as many as they like. */
  allowed: number | null;
  extraAttempts: number;
  passed: boolean;
  /** Set while the wait after the last attempt runs. */
  nextOpensAt: string | null;
  canStart: boolean;
  /** Whether a handed-in attempt may show which options were right. */
  answersShown: boolean;
}

/**
 * Applies a quiz's rules to the attempts handed in so far (any version of the
 * module: an edit does not give attempts back). Extra attempts come from an
 * accommodation.
 */
export function attemptStanding(
  rules: AttemptRules,
  attempts: readonly { submittedAt: string; passed: boolean }[],
  now: Date,
  extraAttempts = 0,
): AttemptStanding {
  const used = attempts.length;
  const allowed = rules.maxAttempts === null ? null : rules.maxAttempts + extraAttempts;
  const passed = attempts.some((a) => a.passed);
  const last = attempts.reduce<string | null>((latest, a) => (latest === null || a.submittedAt > latest ? a.submittedAt : latest), null);
  const opensAt = last && rules.waitMinutes > 0 ? new Date(Date.parse(last) + rules.waitMinutes * 60_000) : null;
  const nextOpensAt = opensAt && opensAt > now ? opensAt.toISOString() : null;
  const left = allowed === null || used < allowed;
  const answersShown = rules.showAnswers === "always" || (rules.showAnswers === "after-passing" ? passed : !left);
  return { used, allowed, extraAttempts, passed, nextOpensAt, canStart: left && nextOpensAt === null, answersShown };
}

/** "1 day", "2 hours and 30 minutes": a wait in plain words. */
export function describeWait(minutes: number): string {
  const units: [number, string][] = [
    [1440, "day"],
    [60, "hour"],
    [1, "minute"],
  ];
  const parts: string[] = [];
  let rest = minutes;
  for (const [size, name] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count} ${name}${count === 1 ? "" : "s"}`);
    rest -= count * size;
  }
  return parts.length <= 1 ? (parts[0] ?? "0 minutes") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
