import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "~/db.server";
import { createTestMember, createTestOrganization } from "../support/factories";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";
import { checkDatabase, runWriteLoad, type Writer } from "../support/write-load";

/*
 * The server is killed (SIGKILL: no shutdown, no closing the database) while
 * trainees are submitting quizzes and saving reflections. After a restart on
 * the same file, every write the server had acknowledged is there, the file
 * is sound, and no quiz attempt lost its answers. It runs the production
 * cluster (two processes over one WAL database), the way `npm start` serves.
 */

const WRITERS = 8;
let server: TestServer | undefined;
let slug: string;
let writers: Writer[];

beforeAll(async () => {
  const { organization } = await createTestOrganization("Crash Safety Org");
  slug = organization.slug;
  const trainees = await Promise.all(Array.from({ length: WRITERS }, () => createTestMember(organization.id, "trainee")));
  // Nothing of this process holds the file open while the server crashes: the restart must recover on its own.
  await closeDb();
  server = await startTestServer({ WEB_CONCURRENCY: "2" });
  writers = [];
  for (const trainee of trainees) writers.push({ userId: trainee.id, http: await signedInClient(server.origin, trainee) });
});
afterAll(() => server?.stop());

describe("a crash in the middle of writes", () => {
  it("keeps every acknowledged quiz attempt and reflection, and the file stays sound", async () => {
    const crashed = server!;
    expect(crashed.pids.length, "a primary and two workers").toBe(3);
    let killed = false;
    let dead = false;
    let killing: Promise<void> | undefined;
    const acknowledged = await runWriteLoad(slug, writers, {
      // Writers go on until the processes are gone: requests are on their way when the kill comes.
      stop: () => dead,
      maxPerWriter: 400,
      onAcknowledged: (total) => {
        if (total === 60 && !killed) {
          killed = true;
          killing = crashed.kill().then(() => {
            dead = true;
          });
        }
      },
    });
    await killing;
    expect(killed, "the server was killed during the writes").toBe(true);
    expect(acknowledged.dropped, "requests on their way when it died").toBeGreaterThan(0);
    expect(acknowledged.unexpected).toEqual([]);
    expect(acknowledged.attempts.size).toBeGreaterThan(10);
    expect(acknowledged.reflections.size).toBeGreaterThan(5);

    // Restart on the same database and port (recovery from the write-ahead log happens here), then look.
    server = await startTestServer({ WEB_CONCURRENCY: "2", PORT: new URL(crashed.origin).port });
    const db = new Database(process.env.DATABASE_PATH!, { readonly: true });
    try {
      expect(checkDatabase(db, acknowledged)).toEqual([]);
    } finally {
      db.close();
    }

    // And the restarted server serves what was saved: the sessions survived too.
    const [attemptId] = [...acknowledged.attempts.keys()];
    const owner = await Promise.all(
      writers.map(async (w) => {
        const page = await w.http.get(`/o/${slug}/learn/what-is-peer-support?section=what-peers-do&attempt=${attemptId}`);
        return (await page.text()).includes("You scored");
      }),
    );
    expect(owner.filter(Boolean)).toHaveLength(1);
  });
});
