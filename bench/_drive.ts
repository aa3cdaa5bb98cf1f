import autocannon from "autocannon";
import { readFileSync } from "node:fs";
const m = JSON.parse(readFileSync("/tmp/benchseed/full.json", "utf8"));
const route = process.argv[2] ?? "verify";
const origin = process.argv[3] ?? "http://127.0.0.1:4555";
let i = 0;
const res = await autocannon({
  url: origin, connections: Number(process.env.C ?? 64), duration: Number(process.env.D ?? 10),
  requests: [{ setupRequest: (r) => {
    const l = m.learners[i++ % m.learners.length];
    if (route === "verify") return { ...r, path: `/verify/${m.verificationCodes[i % m.verificationCodes.length]}` };
    if (route === "dashboard") return { ...r, path: `/o/${l.organizationSlug}`, headers: { cookie: `pst_session=${l.sessionId}` } };
    if (route === "lesson") return { ...r, path: `/o/${l.organizationSlug}/learn/what-is-peer-support?section=what-peers-do`, headers: { cookie: `pst_session=${l.sessionId}` } };
    return r;
  } }],
});
console.log(route, Math.round(res.requests.average), "req/s p50", res.latency.p50, "p99", res.latency.p99, "errors", res.errors, JSON.stringify(res.statusCodeStats));
