import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

/** Builds the production bundle once for every integration and browser test. */
export default function buildOnce() {
  rmSync("tests/.tmp", { recursive: true, force: true });
  if (process.env.SKIP_BUILD === "1") return;
  execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
}
