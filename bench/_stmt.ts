import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type SqliteDatabase } from "kysely";
import type { Database } from "~/db/schema";
import { readFileSync } from "node:fs";
const m = JSON.parse(readFileSync("/tmp/benchseed/full.json", "utf8"));
function cached(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return { close: () => sqlite.close(), prepare(sql: string) { let s = cache.get(sql); if (!s) { s = sqlite.prepare(sql); cache.set(sql, s); } return s as never; } };
}
for (const mode of ["plain", "cached", "plain", "cached"]) {
  const sqlite = new SQLite("/tmp/benchseed/full.db", { readonly: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: mode === "cached" ? cached(sqlite) : sqlite }) });
  const ids = m.learners.map((l: { sessionId: string }) => l.sessionId);
  const one = async (i: number) => {
    const row = await db.selectFrom("sessions").innerJoin("users", "users.id", "sessions.user_id").select(["sessions.id", "users.id as uid", "users.email"]).where("sessions.id", "=", ids[i % ids.length]).executeTakeFirst();
    const org = await db.selectFrom("memberships").innerJoin("organizations", "organizations.id", "memberships.organization_id").select(["organizations.id", "organizations.slug", "memberships.role"]).where("memberships.user_id", "=", row!.uid).where("organizations.slug", "=", "bench-org-1").executeTakeFirst();
    await db.selectFrom("module_progress").select(["module_slug", "sections_seen", "last_section", "completed_at"]).where("organization_id", "=", org?.id ?? "x").where("user_id", "=", row!.uid).execute();
  };
  for (let i = 0; i < 2000; i++) await one(i);
  const t = performance.now();
  const N = 20000;
  for (let i = 0; i < N; i++) await one(i);
  console.log(mode, ((performance.now() - t) / N * 1000).toFixed(1), "µs per 3 queries");
  await db.destroy();
}
