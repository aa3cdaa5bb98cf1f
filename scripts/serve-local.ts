import { spawn } from "node:child_process";

/**
 * `npm start` on one's own machine: the production build with the two
 * settings production insists on filled in for a local run, unless they are
 * set already. The public address is http://localhost:<PORT>, so links in
 * mail and records point back here; the credential key is the one
 * `npm run setup` made in ./data/credential-key.
 */
const port = process.env.PORT || "3000";
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  APP_URL: process.env.APP_URL || `http://localhost:${port}`,
  CREDENTIAL_KEY_FILE: process.env.CREDENTIAL_KEY_FILE || "./data/credential-key",
};
const server = spawn(process.execPath, ["build/index.js"], { env, stdio: "inherit" });
// Ctrl-C or a stop request reaches the server, which finishes its requests and exits.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
