import { getConfig, getCredentialKey, LOCAL_CREDENTIAL_KEY_FILE } from "../app/config.server";
import { closeDb, getDb } from "../app/db.server";
import { migrateToLatest } from "../app/db/migrate.server";
import { DEMO_ACCOUNTS } from "./demo-accounts";
import { printDemoAccounts, seedDemoIfEmpty } from "./seed";

/** What `npm start` runs before serving: migrate, seed an empty database, show how to sign in. */
const config = getConfig();
// Made here on the first run (and kept) when no CREDENTIAL_KEY is set, so that
// `npm start`, which serves in production mode, has a key to start with.
getCredentialKey();
await migrateToLatest(getDb());
const seeded = await seedDemoIfEmpty();
const demoPresent = await getDb()
  .selectFrom("users")
  .select("id")
  .where("email", "=", DEMO_ACCOUNTS[0]!.email)
  .executeTakeFirst();
console.log(`Database: ${config.DATABASE_PATH}${seeded ? " (demo organization seeded)" : ""}`);
if (!config.CREDENTIAL_KEY && !config.CREDENTIAL_KEY_FILE) {
  console.log(`Credential key: ${LOCAL_CREDENTIAL_KEY_FILE} (for local runs; set CREDENTIAL_KEY in production)`);
}
if (demoPresent) printDemoAccounts(config.APP_URL);
await closeDb();
