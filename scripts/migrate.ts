import { getConfig } from "../app/config.server";
import { closeDb, getDb } from "../app/db.server";
import { migrateToLatest } from "../app/db/migrate.server";

const applied = await migrateToLatest(getDb());
console.log(
  applied.length > 0
    ? `Applied ${applied.join(", ")} to ${getConfig().DATABASE_PATH}.`
    : `${getConfig().DATABASE_PATH} is up to date.`,
);
await closeDb();
