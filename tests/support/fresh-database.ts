import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { closeDb, getDb } from "~/db.server";
import { migrateToLatest } from "~/db/migrate.server";
import { TEST_CREDENTIAL_KEY } from "./credential-key";

// Every test file works on a database file of its own, shared with the server
// it starts, so files never see each other's rows.
const root = resolve("tests/.tmp");
mkdirSync(root, { recursive: true });
const directory = mkdtempSync(join(root, "db-"));
process.env.DATABASE_PATH = join(directory, "test.db");
process.env.LOG_LEVEL = "silent";
process.env.CREDENTIAL_KEY ??= TEST_CREDENTIAL_KEY;

beforeAll(async () => {
  await migrateToLatest(getDb());
});

afterAll(async () => {
  await closeDb();
  rmSync(directory, { recursive: true, force: true });
});
