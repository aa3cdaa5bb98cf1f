import { execFileSync } from "node:child_process";

/** Builds the production bundle once for every integration and browser test. */
export default function buildOnce() {
  if (process.env.SKIP_BUILD === "1") return;
  execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
}
