/**
 * Reads the V8 CPU profiles a server wrote with --cpu-prof (BENCH_PROFILE=1
 * in bench/run.ts) and prints where its busy time went: the functions that
 * took most time themselves, and most time with what they called.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(["(idle)", "(program)", "(root)"]);

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
}

export function summarizeProfiles(directory: string, top = 25): string {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const file of readdirSync(directory).filter((f) => f.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(join(directory, file), "utf8")) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const time = new Map<number, number>();
    profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    for (const [id, t] of time) {
      const node = byId.get(id)!;
      if (IDLE.has(node.callFrame.functionName)) continue;
      busy += t;
      self.set(label(node), (self.get(label(node)) ?? 0) + t);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const name = label(byId.get(at)!);
        if (seen.has(name) || IDLE.has(byId.get(at)!.callFrame.functionName)) continue;
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + t);
      }
    }
  }
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, t]) => `  ${((t / busy) * 100).toFixed(1).padStart(5)}%  ${name}`)
      .join("\n");
  return `Busy time ${(busy / 1e6).toFixed(1)} s.\nSelf time:\n${list(self)}\nWith callees:\n${list(inclusive)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(summarizeProfiles(process.argv[2] ?? ".", Number(process.argv[3] ?? 25)));
