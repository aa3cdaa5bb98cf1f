import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { stop as stopEsbuild } from "esbuild";
import { CATALOG_PATH } from "../app/content/catalog-path";
import { buildCatalog } from "../app/content/compile.server";

/**
 * Part of `npm run build`: compiles every module ahead of serving. A module
 * with a problem fails the build, naming its file, line and what is wrong.
 */
const { catalog, errors } = await buildCatalog("content");
// esbuild's service would otherwise outlive the script and die noisily.
await stopEsbuild();
if (errors.length > 0) {
  console.error(`\n${errors.length} module${errors.length === 1 ? "" : "s"} could not be built:\n`);
  for (const error of errors) console.error(`  ${error.message}`);
  console.error("");
  process.exit(1);
}
await mkdir(dirname(CATALOG_PATH), { recursive: true });
await writeFile(CATALOG_PATH, JSON.stringify(catalog));
console.log(`Compiled ${catalog.modules.length} modules into ${CATALOG_PATH}.`);
