import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateId } from "~/auth/tokens.server";
import { createTestMember, createTestOrganization } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";
import { checkDatabase, runWriteLoad, type Acknowledged, type Writer } from "../support/write-load";

/*
 * `npm run db:backup -- <file>` while trainees keep writing through the
 * server; then a restore as the README describes it (the copy put in place
 * of the database, the server started on it): the copy is sound, consistent
 * (no attempt without its answers) and holds every row that was committed
 * before the backup started.
 */

const WRITERS = 6;
let server: TestServer;
let restoredServer: TestServer | undefined;
let slug: string;
let writers: Writer[];
const scratch = mkdtempSync(join(dirname(process.env.DATABASE_PATH!), "backup-"));

beforeAll(async () => {
  const { organization, admin } = await createTestOrganization("Backup Org");
  slug = organization.slug;
  const trainees = await Promise.all(Array.from({ length: WRITERS }, () => createTestMember(organization.id, "trainee")));
  // Some bulk, so that copying takes a while rather than an instant.
  const db = new Database(process.env.DATABASE_PATH!);
  const insert = db.prepare("insert into audit_log (organization_id, actor_id, action, subject, data, at) values (?, ?, ?, ?, ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < 60_000; i++) {
      insert.run(organization.id, admin.id, "bench.filler", `filler:${generateId()}`, JSON.stringify({ note: "x".repeat(200) }), new Date().toISOString());
    }
  })();
  db.close();
  server = await startTestServer();
  writers = [];
  for (const trainee of trainees) writers.push({ userId: trainee.id, http: await signedInClient(server.origin, trainee) });
});
afterAll(async () => {
  await restoredServer?.stop();
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Every quiz attempt and reflection committed so far, read on a connection of its own. */
function committedNow(): Pick<Acknowledged, "attempts" | "reflections"> {
  const db = new Database(process.env.DATABASE_PATH!, { readonly: true });
  try {
    const attempts = db.prepare("select a.id, (select count(*) from quiz_answers q where q.attempt_id = a.id) as answers from quiz_attempts a").all() as {
      id: string;
      answers: number;
    }[];
    const reflections = db.prepare("select user_id, prompt_id, body from reflections").all() as { user_id: string; prompt_id: string; body: string }[];
    return {
      attempts: new Map(attempts.map((a) => [a.id, a.answers])),
      reflections: new Map(reflections.map((r) => [`${r.user_id} ${r.prompt_id}`, Number(/^v(\d+):/.exec(r.body)?.[1] ?? 0)])),
    };
  } finally {
    db.close();
  }
}

function backUp(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", "db:backup", "--", file], {
      env: { ...process.env, DATABASE_PATH: process.env.DATABASE_PATH! },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += String(chunk)));
    child.stderr.on("data", (chunk) => (output += String(chunk)));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run db:backup", () => {
  it("copies the live database under write load; the restored copy holds every row committed before it started", async () => {
    let acknowledgedTotal = 0;
    let done = false;
    const load = runWriteLoad(slug, writers, { stop: () => done, maxPerWriter: 2_000, onAcknowledged: (total) => (acknowledgedTotal = total) });
    while (acknowledgedTotal < 20) await new Promise((resolve) => setTimeout(resolve, 20));

    const before = committedNow();
    const acknowledgedAtStart = acknowledgedTotal;
    const file = join(scratch, "backup.db");
    const backup = await backUp(file);
    const acknowledgedDuring = acknowledgedTotal - acknowledgedAtStart;
    done = true;
    const acknowledged = await load;

    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toContain("integrity check ok");
    expect(acknowledged.unexpected).toEqual([]);
    expect(acknowledgedDuring, "writes went on while the backup ran").toBeGreaterThan(0);
    expect(before.attempts.size).toBeGreaterThan(5);
    // One self-contained file: rollback-journal format (header bytes 18-19 are 1, not WAL's 2), nothing beside it.
    expect([...readFileSync(file).subarray(18, 20)]).toEqual([1, 1]);
    expect(existsSync(`${file}-wal`)).toBe(false);

    // Restore as the README says: the copy becomes the database file, with no -wal or -shm of another beside it.
    const restored = join(scratch, "restored", "app.db");
    mkdirSync(dirname(restored));
    copyFileSync(file, restored);
    const db = new Database(restored, { readonly: true });
    try {
      expect(checkDatabase(db, before)).toEqual([]);
    } finally {
      db.close();
    }

    // The server starts on the restored file, and a trainee's session and attempts are all there.
    restoredServer = await startTestServer({ DATABASE_PATH: restored });
    const [attemptId] = before.attempts.keys();
    const pages = await Promise.all(
      writers.map(async (w) => {
        const client = new HttpClient(restoredServer!.origin, { cookie: w.http.cookieHeader });
        const page = await client.get(`/o/${slug}/learn/what-is-peer-support?section=what-peers-do&attempt=${attemptId}`);
        expect(page.status).toBe(200);
        return (await page.text()).includes("You scored");
      }),
    );
    expect(pages.filter(Boolean)).toHaveLength(1);
  });
});
