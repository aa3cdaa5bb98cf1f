import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";
import serverOnlyValues from "./eslint-rules/server-only-values.js";

export default tseslint.config(
  { ignores: ["build/", "public/build/", ".cache/", "node_modules/", "tests/.tmp/", "bench/results/", ".stryker-tmp/", "reports/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  jsxA11y.flatConfigs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": ["error", { ignoreRestArgs: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  // The browser build empties `*.server` modules: their values must not reach browser code (decision 023).
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.{ts,tsx}"],
    plugins: { local: { rules: { "server-only-values": serverOnlyValues } } },
    rules: { "local/server-only-values": "error" },
  },
  // Layers (decision 032): routes reach the database only through models, and
  // models never depend on how a page looks.
  {
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "~/db.server", message: "Routes ask a model in app/models/; only models query the database." },
            { name: "kysely", message: "Routes ask a model in app/models/; only models build queries." },
          ],
        },
      ],
    },
  },
  {
    files: ["app/models/**", "app/codecs/**", "app/auth/**", "app/mail/**", "app/db/**", "app/*.server.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["~/components/*", "~/routes/*", "../components/*", "../routes/*"], message: "Server code must not depend on components or routes: put shared types in the model." }] },
      ],
    },
  },
  // Migrations are frozen in time and must not depend on app types.
  { files: ["migrations/**"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  // Command-line scripts talk to a person on the terminal.
  { files: ["scripts/**", "bench/**", "tests/**"], rules: { "no-console": "off" } },
);
