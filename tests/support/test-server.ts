import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface TestServer {
  origin: string;
  /** Every JSON log line the server printed so far. */
  logLines: string[];
  /** Outgoing mail the server "sent" (the log transport), newest last. */
  mail(): { to: string; subject: string; text: string }[];
  stop(): Promise<void>;
}

/**
 * Starts the production build on a free port over this test file's database
 * (DATABASE_PATH, set by fresh-database.ts).
 */
export async function startTestServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const child: ChildProcess = spawn(process.execPath, ["build/index.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      DATABASE_PATH: process.env.DATABASE_PATH!,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logLines: string[] = [];
  const stderr: string[] = [];
  child.stderr!.on("data", (chunk) => stderr.push(String(chunk)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr.join("")}`)), 20_000);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr.join("")}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      logLines.push(line);
      if (line.includes('"server.listening"')) {
        clearTimeout(timer);
        resolve(JSON.parse(line).port as number);
      }
    });
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    logLines,
    mail: () =>
      logLines
        .filter((line) => line.includes('"mail.outgoing"'))
        .map((line) => JSON.parse(line) as { to: string; subject: string; text: string }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
