import { setTimeout as sleep } from "node:timers/promises";

/**
 * How long, at least, a form takes to answer when its work differs by
 * whether an address has an account (a reset link stored and mailed, or
 * nothing). The work takes a few milliseconds; a floor well above it makes
 * both answers take the same time, so timing does not tell who has an
 * account. The wait holds no lock and no thread.
 */
export const EVEN_ANSWER_MS = 60;

/** Runs `work` and resolves no sooner than EVEN_ANSWER_MS after it started, with its result (or its error). */
export async function withEvenTiming<T>(work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    const left = EVEN_ANSWER_MS - (performance.now() - started);
    if (left > 0) await sleep(left);
  }
}
