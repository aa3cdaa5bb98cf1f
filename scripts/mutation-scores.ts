import { readFileSync } from "node:fs";

/*
 * Stryker's break threshold applies to the score of all files together, so a
 * well-tested module could hide a poorly tested one. This reads the report of
 * the last `stryker run` and fails when any one module scores below the
 * threshold, listing the mutants that survived there.
 */

const REPORT = process.argv[2] ?? "reports/mutation/mutation.json";
const THRESHOLD = 90;

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  statusReason?: string;
  location: { start: { line: number; column: number } };
}

const report = JSON.parse(readFileSync(REPORT, "utf8")) as { files: Record<string, { mutants: Mutant[] }> };
const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

let failed = false;
const rows: string[] = [];
for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
  const undetected = mutants.filter((m) => UNDETECTED.has(m.status));
  const ignored = mutants.filter((m) => m.status === "Ignored").length;
  const score = (100 * detected) / (detected + undetected.length || 1);
  if (score < THRESHOLD) failed = true;
  rows.push(`${score.toFixed(1).padStart(6)}%  ${String(detected).padStart(4)} killed  ${String(undetected.length).padStart(3)} survived  ${String(ignored).padStart(3)} ignored  ${file}`);
  for (const m of undetected.sort((a, b) => a.location.start.line - b.location.start.line)) {
    rows.push(`           ${m.status} line ${m.location.start.line}:${m.location.start.column}: ${m.mutatorName} → ${JSON.stringify(m.replacement ?? "").slice(0, 100)}`);
  }
}
console.log(rows.join("\n"));
if (failed) {
  console.error(`\nA module scores below ${THRESHOLD}%: kill its survivors with a test of real behaviour, or explain a true equivalent (docs/testing.md).`);
  process.exit(1);
}
