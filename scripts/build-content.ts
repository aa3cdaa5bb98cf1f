import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { stop as stopEsbuild } from "esbuild";
import { CATALOG_PATH } from "../app/content/catalog-path";
import { buildCatalog } from "../app/content/compile.server";
import { loadPracticeFiles, PRACTICE_PATH, readFrameworkCodes } from "../app/content/practice.server";

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
// Practice tasks and rubrics (decision 030): a file the pages could not use fails the build too.
const practice = await loadPracticeFiles("content/practice", await readFrameworkCodes("content/frameworks"));
if (practice.errors.length > 0) {
  console.error(`\n${practice.errors.length} practice file(s) could not be used:\n`);
  for (const error of practice.errors) console.error(`  ${error.message}`);
  console.error("");
  process.exit(1);
}
await mkdir(dirname(CATALOG_PATH), { recursive: true });
await writeFile(CATALOG_PATH, JSON.stringify(catalog));
await writeFile(PRACTICE_PATH, JSON.stringify(practice.files));
console.log(`Compiled ${catalog.modules.length} modules into ${CATALOG_PATH} and ${practice.files.length} practice files into ${PRACTICE_PATH}.`);
