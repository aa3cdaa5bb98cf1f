import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { TEST_CREDENTIAL_KEY } from "./credential-key";

export interface TestServer {
  /** Where to connect: http://127.0.0.1:<port>. */
  origin: string;
  /** The server's APP_URL: `origin`, unless the test asked for another scheme (a TLS proxy in front). */
  appUrl: string;
  /** Every JSON log line the server printed so far. */
  logLines: string[];
  /** Everything the server wrote to stderr so far: warnings and errors, and any stack trace. */
  errorOutput(): string;
  /** Outgoing mail the server "sent" (the log transport), newest last. */
  mail(): { to: string; subject: string; text: string }[];
  stop(): Promise<void>;
  /**
   * Ends the server the way a crash or the OOM killer would: SIGKILL to
   * every process of it (the primary and its workers when WEB_CONCURRENCY > 1),
   * no chance to finish a request or close the database. Resolves when all are gone.
   */
  kill(): Promise<void>;
  /** The server's processes: the primary first, then its workers, if any. */
  pids: number[];
}

/** A port nobody listens on at this moment. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts the production build on a free port over this test file's database
 * (DATABASE_PATH, set by fresh-database.ts). Production needs APP_URL, which
 * names the port, so the port is chosen here first: http://127.0.0.1:<port>,
 * or https with `{ scheme: "https" }` (a server behind a TLS proxy). An
 * APP_URL in `extraEnv` wins, "" included (to see the server refuse to start).
 */
export async function startTestServer(
  extraEnv: Record<string, string> = {},
  options: { scheme?: "http" | "https"; /** A cluster forks its workers after migrating: slower to start on a busy machine. */ startTimeoutMs?: number } = {},
): Promise<TestServer> {
  for (let attempt = 1; ; attempt++) {
    const port = extraEnv.PORT ?? String(await freePort());
    try {
      return await spawnServer(port, { APP_URL: `${options.scheme ?? "http"}://127.0.0.1:${port}`, ...extraEnv }, options.startTimeoutMs ?? 20_000);
    } catch (error) {
      // Another process took the port between the choice and the start: choose again.
      if (extraEnv.PORT || attempt >= 3 || !/EADDRINUSE/.test(String(error))) throw error;
    }
  }
}

async function spawnServer(requestedPort: string, extraEnv: Record<string, string>, startTimeoutMs: number): Promise<TestServer> {
  const child: ChildProcess = spawn(process.execPath, ["build/index.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: requestedPort,
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      DATABASE_PATH: process.env.DATABASE_PATH!,
      CREDENTIAL_KEY: process.env.CREDENTIAL_KEY ?? TEST_CREDENTIAL_KEY,
      // One process, as in development; a test that wants the production cluster passes WEB_CONCURRENCY.
      WEB_CONCURRENCY: "1",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logLines: string[] = [];
  const stderr: string[] = [];
  child.stderr!.on("data", (chunk) => stderr.push(String(chunk)));
  const { port, pids } = await new Promise<{ port: number; pids: number[] }>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running behind the failed test (its workers follow the primary).
      child.kill("SIGKILL");
      reject(new Error(`server did not start: ${stderr.join("")}`));
    }, startTimeoutMs);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr.join("")}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      logLines.push(line);
      if (line.includes('"server.listening"')) {
        clearTimeout(timer);
        const listening = JSON.parse(line) as { port: number; pids?: number[] };
        resolve({ port: listening.port, pids: listening.pids ?? [child.pid!] });
      }
    });
  });
  return {
    pids,
    kill: async () => {
      const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      await exited;
      // Workers are not our children: wait until the system has removed them too.
      const alive = (pid: number) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      for (let waited = 0; pids.some(alive) && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    origin: `http://127.0.0.1:${port}`,
    appUrl: extraEnv.APP_URL!,
    logLines,
    errorOutput: () => stderr.join(""),
    mail: () =>
      logLines
        .filter((line) => line.includes('"mail.outgoing"'))
        .map((line) => JSON.parse(line) as { to: string; subject: string; text: string }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
