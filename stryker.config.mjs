// Mutation testing of the pure modules: `npm run test:mutation` (not part of
// `npm test`). See docs/testing.md for the scores and the survivors, and
// docs/decisions/033-mutation-testing-of-pure-modules.md for why only these.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // `related: false`: with it on, a mutant of a module-level constant (a label, a field list) ran no test at all
  // and was reported as surviving; off, such mutants run every file of vitest.mutation.config.ts (kept small for this).
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  mutate: [
    "app/content/grading.ts",
    "app/models/competencies/competency-level.ts",
    "app/models/records/eligibility-rules.ts",
    "app/models/records/programme-coverage.ts",
    "app/models/records/record-status.ts",
    "app/auth/same-origin.server.ts",
    "app/auth/safe-redirect.server.ts",
    "app/codecs/credential.server.ts",
    "app/codecs/verification-code.server.ts",
    "app/codecs/case-identifier.server.ts",
    "app/codecs/case-normalization.server.ts",
    "app/codecs/case-package.server.ts",
    "app/codecs/roster-file.ts",
  ],
  coverageAnalysis: "perTest",
  // The machine is shared; raise it with `npm run test:mutation -- --concurrency 2`.
  concurrency: 1,
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
