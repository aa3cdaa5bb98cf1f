// The ceiling for bench/run.ts: a bare node:http server answering every
// request with the same page of BYTES bytes, in PROCESSES processes (Node's
// cluster, like the app). Whatever the app does on top of this costs
// throughput; this is the most this machine and load tool can reach.
import cluster from "node:cluster";
import { createServer } from "node:http";

const bytes = Number(process.env.BYTES ?? 20_000);
const processes = Number(process.env.PROCESSES ?? 1);
const port = Number(process.env.PORT ?? 0);

if (cluster.isPrimary && processes > 1) {
  let listening = 0;
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on("listening", (_worker, address) => {
    if (++listening === processes) {
      const pids = [process.pid, ...Object.values(cluster.workers ?? {}).map((worker) => worker.process.pid)];
      console.log(JSON.stringify({ event: "ceiling.listening", port: address.port, pids }));
    }
  });
  process.on("SIGTERM", () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  });
} else {
  const page = Buffer.from(`<!DOCTYPE html><html><body>${"x".repeat(Math.max(0, bytes - 40))}</body></html>`);
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": page.length });
    response.end(page);
  });
  server.listen(port, "127.0.0.1", () => {
    if (cluster.isPrimary) console.log(JSON.stringify({ event: "ceiling.listening", port: server.address().port, pids: [process.pid] }));
  });
  process.on("SIGTERM", () => process.exit(0));
}
