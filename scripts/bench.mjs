// `npm run bench`: every benchmark, each printing its figures beside their baselines and goals (issue 6).
// `--smoke` runs a tiny version of each, as CI does once, to keep them working. Needs a build (dist/).
// Usage: node scripts/bench.mjs [--smoke]
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const smoke = process.argv.includes("--smoke");
const benchmarks = [
  ["layout: wrap throughput and re-lay after a resize", "scripts/bench-wrap.mjs"],
  ["terminal: start-up, keys, bytes, memory", "scripts/bench-tui.mjs"],
  ["structure: tables, lists, figures, ruby against w3m; re-lay with tables", "scripts/bench-structure.mjs"],
];

console.log(
  `reader benchmarks${smoke ? " (smoke)" : ""} — ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), ` +
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}, node ${process.version}\n`,
);
let failed = 0;
for (const [title, script] of benchmarks) {
  console.log(`== ${title} (${script})`);
  const result = spawnSync(process.execPath, [script, ...(smoke ? ["--smoke"] : [])], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) {
    failed++;
    console.log(`!! ${script} failed (exit ${result.status ?? result.signal})`);
  }
  console.log("");
}
// A benchmark that cannot run is an error; a goal not met is a figure to read, not a failure.
process.exit(failed ? 1 : 0);
