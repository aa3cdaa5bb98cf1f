import { execFileSync, type ExecFileSyncOptions } from "node:child_process";

/** Builds the production bundle and the content catalog once for every test file. */
export default function buildOnce() {
  if (process.env.SKIP_BUILD === "1") return;
  const options: ExecFileSyncOptions = {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  };
  execFileSync("npx", ["remix", "build"], options);
  // Compiles content/modules; a broken module fails the whole run here, by name.
  execFileSync("npx", ["tsx", "scripts/build-content.ts"], options);
}
