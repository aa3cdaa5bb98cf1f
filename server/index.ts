import * as build from "@remix-run/dev/server-build";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { getConfig } from "../app/config.server";
import { closeDb, getDb } from "../app/db.server";
import { migrateToLatest } from "../app/db/migrate.server";
import { log } from "../app/logger.server";
import { listModules } from "../app/content/catalog.server";
import { recordModuleVersions } from "../app/models/module-version.server";
import { createHttpApp } from "./http-app";

const config = getConfig();
const applied = await migrateToLatest(getDb());
if (applied.length > 0) log.info("db.migrated", { applied });
// Compiled modules are loaded once here; every version served is on record.
await recordModuleVersions(listModules());

const app = createHttpApp(build as unknown as ServerBuild, config);
const server = app.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  log.info("server.listening", { port, url: config.APP_URL ?? `http://localhost:${port}` });
  if (config.NODE_ENV === "development") void broadcastDevReady(build as unknown as ServerBuild);
});

function shutdown(signal: string) {
  log.info("server.stopping", { signal });
  server.close(() => {
    void closeDb().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
