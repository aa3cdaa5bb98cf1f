import SQLite from "better-sqlite3";
import { vi } from "vitest";

/**
 * How many SQL statements `work` runs on this process's database. Statements
 * run are counted, not statements prepared: compiled statements are cached.
 */
export async function countStatements(work: () => Promise<unknown>): Promise<number> {
  const statementPrototype = Object.getPrototypeOf(new SQLite(":memory:").prepare("select 1")) as {
    all: (...args: unknown[]) => unknown;
    run: (...args: unknown[]) => unknown;
  };
  const all = vi.spyOn(statementPrototype, "all");
  const run = vi.spyOn(statementPrototype, "run");
  try {
    await work();
    return all.mock.calls.length + run.mock.calls.length;
  } finally {
    all.mockRestore();
    run.mockRestore();
  }
}
