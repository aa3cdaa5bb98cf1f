import SQLite from "better-sqlite3";

type Listener = (source: string) => void;
const listeners = new Set<Listener>();
let patched = false;

/**
 * Calls `listener` with the SQL of every statement run on any better-sqlite3
 * connection in this process, from now until the returned function is
 * called. It counts runs, not prepare() calls: app/db.server.ts keeps
 * prepared statements, so a query run again is prepared only once.
 */
export function onStatement(listener: Listener): () => void {
  if (!patched) {
    const probe = new SQLite(":memory:");
    const prototype = Object.getPrototypeOf(probe.prepare("select 1")) as Record<string, (...args: unknown[]) => unknown>;
    probe.close();
    for (const method of ["run", "get", "all", "iterate"]) {
      const original = prototype[method]!;
      prototype[method] = function (this: SQLite.Statement, ...args: unknown[]) {
        for (const each of listeners) each(this.source);
        return original.apply(this, args);
      };
    }
    patched = true;
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}
