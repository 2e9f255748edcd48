// V8's compile work in a cold refresh (issue 19's fixed part): how many functions TurboFan compiles, the bytes of
// code it makes, the functions it compiles more than once, and every deoptimisation (its source line, from
// dist's maps, and V8's reason), with the cold CPU beside them. The counts are figures the machine's load does not
// move, where the CPU is. Each round runs a cold refresh of bench-tui's farm (`--only=scale --cold-only`) for our
// build and, with --baseline=<a built checkout>, for that one's, in turn, each with its own scripts and dist/.
// Usage: node scripts/bench-compile.mjs [--scale=100] [--rounds=3] [--baseline=<checkout>] [--list]
//   --list: the functions compiled more than once and the deopts of each build's last round.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { SourceMap } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const argument = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const scale = Number(argument("scale", "100"));
const rounds = Number(argument("rounds", "3"));
const baseline = argument("baseline", "");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A position in a dist chunk (`file:///…/dist/x.js:2:5184`) as its source line, where the chunk has a map. */
function sourceOf(maps, position) {
  const m = /^(file:\/\/.*):(\d+):(\d+)$/.exec(position);
  if (!m) return position;
  const file = fileURLToPath(m[1]);
  if (!maps.has(file)) {
    let map = null;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {
      // No map (node's own modules, a chunk built without one): the position as it is.
    }
    maps.set(file, map);
  }
  const entry = maps.get(file)?.findEntry(Number(m[2]) - 1, Number(m[3]) - 1);
  if (!entry?.originalSource) return path.basename(position);
  return `${entry.originalSource.replace(/^.*?(node_modules\/|src\/)/, "$1")}:${entry.originalLine + 1}`;
}

/** The figures of one V8 log (--log-code --log-deopt). */
function summarise(logText) {
  const maps = new Map();
  const compiled = new Map();
  let compiles = 0;
  let bytes = 0;
  const deopts = [];
  for (const line of logText.split("\n")) {
    if (line.startsWith("code-creation,JS,") && line.endsWith(",*")) {
      // code-creation,JS,<kind>,<time>,<address>,<size>,<name> <position>,<sfi>,*
      const fields = line.split(",");
      const size = Number(fields[5]);
      const name = fields.slice(6, -2).join(",");
      const at = name.lastIndexOf(" ");
      const key = `${name.slice(0, at) || "(anonymous)"} ${sourceOf(maps, name.slice(at + 1))}`;
      compiles++;
      bytes += size;
      compiled.set(key, (compiled.get(key) ?? 0) + 1);
    } else if (line.startsWith("code-deopt,")) {
      // code-deopt,<time>,<size>,<code>,<inlining id>,<offset>,<kind>,<position>,<reason>
      const fields = line.split(",");
      deopts.push({
        kind: fields[6],
        where: sourceOf(maps, fields[7].replace(/^<|>$/g, "")),
        reason: fields.slice(8).join(","),
      });
    }
  }
  const again = [...compiled].filter(([, n]) => n > 1);
  return {
    compiles,
    kb: bytes / 1024,
    again,
    deopts,
    // Deopts where the code's assumption failed (a map, a type), not those of objects it held dying in a GC.
    eager: deopts.filter((d) => d.kind !== "dependency-change").length,
  };
}

function coldRun(checkout) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-compile-"));
  const log = path.join(dir, "v8.log");
  try {
    const run = spawnSync(
      process.execPath,
      ["scripts/bench-tui.mjs", "--only=scale", `--scale=${scale}`, "--cold-only", "--no-newsboat"],
      {
        cwd: checkout,
        encoding: "utf8",
        env: {
          ...process.env,
          // The deopt traces V8 would print to the reader's terminal go to a file; V8 flags to try can be given
          // in BENCH_READER_NODE_ARGS as for bench-tui.
          BENCH_READER_NODE_ARGS: `${process.env.BENCH_READER_NODE_ARGS ?? ""} --log-code --log-deopt --logfile=${log} --no-logfile-per-isolate --redirect-code-traces --redirect-code-traces-to=${path.join(dir, "traces.txt")}`,
        },
      },
    );
    const cpu = /CPU ([\d.]+) (ms|s) after the first frame/.exec(run.stdout);
    if (!cpu) throw new Error(`no cold figure from ${checkout}:\n${run.stdout.slice(-2000)}${run.stderr}`);
    return { cpu: Number(cpu[1]) * (cpu[2] === "s" ? 1000 : 1), ...summarise(readFileSync(log, "utf8")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const builds = [{ name: "ours", dir: root, runs: [] }];
if (baseline) builds.push({ name: "baseline", dir: path.resolve(baseline), runs: [] });
for (let round = 0; round < rounds; round++) for (const build of builds) build.runs.push(coldRun(build.dir));

console.log(
  `Cold refresh of ${scale} feeds × 50, ${rounds} rounds, builds in turn; medians (each run's figures)`,
);
for (const { name, runs } of builds) {
  const each = (pick, digits = 0) => runs.map((r) => pick(r).toFixed(digits)).join(" / ");
  console.log(
    `  ${name.padEnd(8)} TurboFan compiles ${median(runs.map((r) => r.compiles))} (${each((r) => r.compiles)}), ` +
      `${median(runs.map((r) => r.kb)).toFixed(0)} KB of code (${each((r) => r.kb)}), ` +
      `functions compiled again ${median(runs.map((r) => r.again.length))} (${each((r) => r.again.length)}), ` +
      `deopts ${median(runs.map((r) => r.eager))} eager (${each((r) => r.eager)}) + ` +
      `${median(runs.map((r) => r.deopts.length - r.eager))} of objects a GC freed; ` +
      `cold CPU ${median(runs.map((r) => r.cpu)).toFixed(0)} ms (${each((r) => r.cpu)})`,
  );
}
if (process.argv.includes("--list"))
  for (const { name, runs } of builds) {
    const last = runs.at(-1);
    console.log(`-- ${name}, last round: compiled more than once`);
    for (const [fn, n] of last.again) console.log(`  ${n}× ${fn}`);
    console.log(`-- ${name}, last round: deopts`);
    for (const d of last.deopts)
      if (d.kind !== "dependency-change") console.log(`  ${d.kind} ${d.where}: ${d.reason}`);
  }
