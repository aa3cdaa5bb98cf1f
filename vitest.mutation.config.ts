import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "~": fileURLToPath(new URL("./app", import.meta.url)) };

// The unit tests of the modules stryker.config.mjs mutates, and only those:
// no build, no database, no server, and none of the content checks that
// compile every module (they test content, not these rules, and take minutes).
// A module added to `mutate` there brings its test file here.
export default defineConfig({
  resolve: { alias },
  test: {
    include: [
      "tests/unit/grading.test.ts",
      "tests/unit/competency-level.test.ts",
      "tests/unit/eligibility-rules.test.ts",
      "tests/unit/programme-coverage.test.ts",
      "tests/unit/record-status.test.ts",
      "tests/unit/origins-and-redirects.test.ts",
      "tests/unit/passwords-and-origins.test.ts",
      "tests/unit/credential.test.ts",
      "tests/unit/verification-code.test.ts",
      "tests/unit/case-*.test.ts",
      "tests/unit/competency-case.test.ts",
      "tests/unit/roster-file.test.ts",
    ],
    pool: "forks",
    // Generous: the machine is shared, and a mutant that loops is caught by Stryker's own timeout.
    testTimeout: 60_000,
  },
});
