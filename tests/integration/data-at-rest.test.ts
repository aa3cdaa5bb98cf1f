import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedSessionId } from "~/auth/session-adapter.server";
import { getDb, openDatabase } from "~/db.server";
import { migrations } from "../../migrations";
import { backupDatabase } from "../../scripts/backup";
import { writeReflection } from "../support/cohort-factories";
import { createTestMember, createTestOrganization, createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * What a copy of the data folder gives away (issue 12, finding 6): deleted
 * text must be gone from the file, the files must be readable by the server's
 * user only, and the sessions table must hold nothing a browser could use.
 */

let server: TestServer;
const databasePath = process.env.DATABASE_PATH!;
const scratch = mkdtempSync(join(dirname(databasePath), "at-rest-"));
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Moves every committed page into the database file and empties the WAL. */
async function checkpoint() {
  const result = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(getDb());
  expect(result.rows[0]!.busy, "the checkpoint completed").toBe(0);
}

function fileHolds(path: string, text: string): boolean {
  return existsSync(path) && readFileSync(path).includes(Buffer.from(text, "utf8"));
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe("deleted means deleted", () => {
  it("a deleted reflection's text is no longer in the database file, after the delete and after a checkpoint", async () => {
    const { organization } = await createTestOrganization();
    const trainee = await createTestMember(organization.id, "trainee");
    const canary = `Hospital canary ${Date.now()}: words that must not outlive their deletion`;
    const reflectionId = await writeReflection({ organizationId: organization.id, userId: trainee.id }, "mutuality-and-equality", canary, "private");
    await checkpoint();
    expect(fileHolds(databasePath, canary), "the test can see the text while it exists").toBe(true);

    const client = await signedInClient(server.origin, trainee);
    const deleted = await client.post(`/o/${organization.slug}/learn/journal`, { intent: "delete", reflectionId });
    expect(deleted.status).toBe(200);
    // The server's delete is in the WAL, its page already overwritten with zeros there.
    expect(fileHolds(`${databasePath}-wal`, canary)).toBe(false);
    await checkpoint();
    expect(fileHolds(databasePath, canary)).toBe(false);
    expect(fileHolds(`${databasePath}-wal`, canary)).toBe(false);
  });
});

describe("file permissions", () => {
  it("a new data folder is made 0700 and the database, its WAL and shared-memory files 0600", async () => {
    const folder = join(scratch, "fresh", "data");
    const path = join(folder, "app.db");
    const db = openDatabase(path);
    await sql`create table t (x text)`.execute(db);
    await sql`insert into t (x) values ('written')`.execute(db);
    expect(mode(folder)).toBe(0o700);
    expect(mode(join(scratch, "fresh"))).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file), file).toBe(0o600);
    await db.destroy();
  });

  it("an existing database file readable by others is narrowed to 0600 when opened", async () => {
    const path = join(scratch, "old.db");
    writeFileSync(path, "");
    chmodSync(path, 0o644);
    const db = openDatabase(path);
    await sql`create table t (x text)`.execute(db);
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}-wal`)).toBe(0o600);
    await db.destroy();
  });

  it("the server's own database files are 0600", () => {
    for (const file of [databasePath, `${databasePath}-wal`, `${databasePath}-shm`]) expect(mode(file), file).toBe(0o600);
  });

  it("a backup is readable by its owner only", async () => {
    const target = join(scratch, "backup.db");
    await backupDatabase(databasePath, target);
    expect(mode(target)).toBe(0o600);
  });
});

describe("sessions in the database", () => {
  it("the sessions table holds only the SHA-256 of each session id, never the cookie's value", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const cookie = client.cookie("pst_session")!;
    const rows = await getDb().selectFrom("sessions").selectAll().where("user_id", "=", person.id).execute();
    expect(rows.map((row) => row.id)).toEqual([storedSessionId(cookie)]);
    expect(storedSessionId(cookie)).toMatch(/^[0-9a-f]{64}$/);
    const everySession = await getDb().selectFrom("sessions").selectAll().execute();
    expect(JSON.stringify(everySession)).not.toContain(cookie);
    await checkpoint();
    expect(fileHolds(databasePath, cookie)).toBe(false);
    expect((await client.get("/account")).status).toBe(200);
  });

  it("what the table stores does not work as a cookie: a copy of the database signs nobody in", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const [row] = await getDb().selectFrom("sessions").select("id").where("user_id", "=", person.id).execute();
    const thief = new HttpClient(server.origin, { cookie: `pst_session=${row!.id}` });
    const response = await thief.get("/account");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/signin?redirectTo=%2Faccount");
    expect((await client.get("/account")).status).toBe(200);
  });
});

describe("migration 0007", () => {
  it("deletes the sessions stored before it, whose raw ids every older backup also holds", async () => {
    const db = openDatabase(join(scratch, "before-0007.db"));
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo("0006_completion_records")).error).toBeUndefined();
    const now = new Date().toISOString();
    await db.insertInto("users").values({ id: "u1", email: "old@example.org", display_name: "Old", password_hash: "x", created_at: now, updated_at: now }).execute();
    await db.insertInto("sessions").values({ id: "rawsessionidfromacookie", user_id: "u1", expires_at: now, created_at: now }).execute();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await db.selectFrom("sessions").selectAll().execute()).toEqual([]);
    expect(await db.selectFrom("users").select("id").execute()).toEqual([{ id: "u1" }]);
    await db.destroy();
  });
});
