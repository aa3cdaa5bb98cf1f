import type { TestServer } from "./test-server";

/**
 * The token of the newest link to `/<kind>/<token>` in mail sent to `to`
 * (fails when there is none).
 */
export function tokenFromMail(server: TestServer, to: string, kind: "invite" | "reset-password"): string {
  const mail = server.mail().filter((message) => message.to === to);
  const pattern = new RegExp(`/${kind}/([a-z2-7]+)`);
  for (let i = mail.length - 1; i >= 0; i--) {
    const match = pattern.exec(mail[i]!.text);
    if (match) return match[1]!;
  }
  throw new Error(`no /${kind}/ link in mail to ${to}`);
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
