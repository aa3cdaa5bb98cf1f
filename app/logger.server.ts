import { getConfig } from "~/config.server";

type Level = "debug" | "info" | "warn" | "error";
const rank: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * One JSON line per event. Callers pass named fields, never request bodies:
 * passwords, tokens and reflection text must not reach the log.
 */
function write(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  if (rank[level] < rank[getConfig().LOG_LEVEL]) return;
  const line = JSON.stringify({ at: new Date().toISOString(), level, event, ...fields });
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

export const log = {
  debug: (event: string, fields?: Record<string, unknown>) => write("debug", event, fields),
  info: (event: string, fields?: Record<string, unknown>) => write("info", event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write("warn", event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write("error", event, fields),
};

// Paths whose last segment is a secret link token, or a record's verification code
// (it opens the holder's name and record to whoever has it).
const secretPathPattern = /^\/(invite|reset-password|confirm-signup|confirm-email|verify)\/[^/?#]+/;

/** A request path fit for the log: no query string, no link tokens. */
export function redactPath(pathname: string): string {
  return pathname.replace(secretPathPattern, "/$1/[redacted]");
}
