import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "~": fileURLToPath(new URL("./app", import.meta.url)) };

// The unit tests alone, for mutation testing (stryker.config.mjs): no build,
// no database, no server, so each mutant costs a second or so. The one unit
// test that reads the built module catalog is left out.
export default defineConfig({
  resolve: { alias },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    exclude: ["tests/unit/competency-evidence.test.ts"],
    pool: "forks",
    testTimeout: 20_000,
  },
});
