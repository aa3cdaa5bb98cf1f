import type { TestServer } from "./test-server";

/** How many messages the server has sent to this address so far. */
export function mailCountTo(server: TestServer, to: string): number {
  return server.mail().filter((message) => message.to === to).length;
}

/**
 * The token of the newest link to `/<kind>/<token>` in mail sent to `to`,
 * looking only past the first `skip` messages to that address. The mail line
 * reaches this process through a pipe, so wait a moment for it.
 */
export async function tokenFromMail(
  server: TestServer,
  to: string,
  kind: "invite" | "reset-password" | "confirm-signup" | "confirm-email",
  { skip = 0, timeoutMs = 5000 }: { skip?: number; timeoutMs?: number } = {},
): Promise<string> {
  const pattern = new RegExp(`/${kind}/([a-z2-7]+)`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = server.mail().filter((message) => message.to === to).slice(skip);
    for (let i = mail.length - 1; i >= 0; i--) {
      const match = pattern.exec(mail[i]!.text);
      if (match) return match[1]!;
    }
    if (Date.now() > deadline) throw new Error(`no new /${kind}/ link in mail to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The server logs a request when its response has finished, which can be a
 * moment after the client has read it: wait for a line that matches.
 */
export async function waitForLogLine(server: TestServer, matches: (line: string) => boolean, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = server.logLines.find(matches);
    if (line) return line;
    if (Date.now() > deadline) throw new Error("expected log line did not appear");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Parsed JSON log lines, other than the outgoing mail (which is the delivery and carries links). */
export function requestLogLines(server: TestServer): { event: string; path?: string; [key: string]: unknown }[] {
  return server.logLines
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { event: string; path?: string })
    .filter((entry) => entry.event !== "mail.outgoing");
}

const STACK_LINE = /(^|\n|\\n)\s+at\s+[^\n]*(:\d+:\d+|<anonymous>|\(native\))/;

/** How much the server had printed at a moment, to look only at what it printed after. */
export interface OutputMark {
  log: number;
  error: number;
}

export const outputMark = (server: TestServer): OutputMark => ({ log: server.logLines.length, error: server.errorOutput().length });

/** What the server printed since `mark` that should never be there: stack traces, error lines. */
export function serverComplaintsSince(server: TestServer, mark: OutputMark): string[] {
  const complaints: string[] = [];
  const errorOutput = server.errorOutput().slice(mark.error);
  const logOutput = server.logLines.slice(mark.log).join("\n");
  if (STACK_LINE.test(errorOutput) || STACK_LINE.test(logOutput)) complaints.push("the server printed a stack trace");
  const unwanted = errorOutput.split("\n").filter((line) => {
    if (!line.trim()) return false;
    try {
      return (JSON.parse(line) as { level?: string }).level !== "warn";
    } catch {
      return true;
    }
  });
  if (unwanted.length > 0) complaints.push(`the server wrote ${unwanted.length} lines to stderr, the first: ${unwanted[0]!.slice(0, 300)}`);
  return complaints;
}
