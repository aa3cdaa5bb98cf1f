import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, withStatementCache } from "~/db.server";

const folder = mkdtempSync(join(tmpdir(), "pst-db-connection-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("the statement cache", () => {
  it("compiles each SQL text once and keeps the most recently used", () => {
    const sqlite = new SQLite(":memory:");
    let compiled = 0;
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      compiled++;
      return prepare(source);
    }) as typeof sqlite.prepare;
    const cached = withStatementCache(sqlite, 2);
    const first = cached.prepare("select 1");
    expect(cached.prepare("select 1")).toBe(first);
    cached.prepare("select 2");
    cached.prepare("select 1"); // now the most recent: "select 2" is the one to go
    cached.prepare("select 3");
    expect(compiled).toBe(3);
    expect(cached.prepare("select 1")).toBe(first);
    cached.prepare("select 2");
    expect(compiled).toBe(4);
    cached.close();
  });

  it("binds fresh parameters on every run of a cached statement", async () => {
    const db = openDatabase(join(folder, "params.db"));
    await sql`create table t (x integer)`.execute(db);
    for (const x of [1, 2, 3]) await sql`insert into t (x) values (${x})`.execute(db);
    const pick = (x: number) => sql<{ x: number }>`select x from t where x = ${x}`.execute(db);
    expect((await pick(2)).rows).toEqual([{ x: 2 }]);
    expect((await pick(3)).rows).toEqual([{ x: 3 }]);
    await db.destroy();
  });
});

describe("transactions with several server processes", () => {
  it("hold the write lock from their start, so a read-then-write transaction cannot lose a race to another process", async () => {
    const path = join(folder, "locks.db");
    const db = openDatabase(path);
    await sql`create table t (x integer)`.execute(db);
    // Another process's connection, impatient: it does not wait for the lock.
    const other = new SQLite(path);
    other.pragma("busy_timeout = 0");
    await db.transaction().execute(async (trx) => {
      await sql`select count(*) from t`.execute(trx);
      // With a plain BEGIN this write would commit, and our insert below would fail with SQLITE_BUSY_SNAPSHOT.
      expect(() => other.prepare("insert into t (x) values (1)").run()).toThrow(/locked|busy/i);
      await sql`insert into t (x) values (2)`.execute(trx);
    });
    expect(other.prepare("select x from t").pluck().all()).toEqual([2]);
    other.close();
    await db.destroy();
  });
});
