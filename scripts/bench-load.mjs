// CPU of loading what the interface imports after its first frame (the archive's module, Ink and the app, the
// theme, the feed library, undici, the feed parser), each build in fresh processes taken in turn: a fixed cost of
// every start and of every cold refresh, whatever the number of feeds.
// node scripts/bench-load.mjs [--baseline=<another checkout, built>] [--runs=9]
// Chunks are found by the names esbuild gives the lazily imported modules (run-*.js, http-*.js…); what cli.js
// imports statically (the first frame's modules) is loaded first and not counted.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argument = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const ROLES = ["kept-", "run-", "theme-", "library-", "http-", "feed-"];

// Run in a child: `node --input-type=module -e CHILD <dist>` prints {role: cpu ms}.
const CHILD = `
import fs from "node:fs";
const dir = process.argv[1];
const files = fs.readdirSync(dir);
const statics = [...fs.readFileSync(dir + "/cli.js", "utf8").matchAll(/from"\\.\\/(chunk-[A-Z0-9]+\\.js)"/g)];
for (const [, file] of statics) await import(dir + "/" + file);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const out = {};
for (const role of ${JSON.stringify(ROLES)}) {
  const file = files.find((f) => f.startsWith(role) && f.endsWith(".js"));
  if (!file) continue;
  const before = cpu();
  await import(dir + "/" + file);
  out[role.slice(0, -1)] = cpu() - before;
}
console.log(JSON.stringify(out));
process.exit(0);
`;

function once(dist) {
  return JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", CHILD, dist], { encoding: "utf8" }),
  );
}

const builds = [["ours", path.join(root, "dist")]];
const baseline = argument("baseline", "");
if (baseline) builds.push(["baseline", path.resolve(baseline, "dist")]);
const runs = Number(argument("runs", "9"));
const samples = new Map(builds.map(([name]) => [name, []]));
for (let i = 0; i < runs; i++) for (const [name, dist] of builds) samples.get(name).push(once(dist));

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const totals = {};
for (const [name, runsOf] of samples) {
  const parts = ROLES.map((r) => r.slice(0, -1)).filter((role) => role in runsOf[0]);
  const total = median(runsOf.map((run) => parts.reduce((sum, role) => sum + (run[role] ?? 0), 0)));
  totals[name] = total;
  const each = parts
    .map((role) => `${role} ${median(runsOf.map((run) => run[role] ?? 0)).toFixed(0)}`)
    .join(", ");
  console.log(`${name}: ${total.toFixed(0)} ms CPU (medians of ${runs}: ${each})`);
}
if (baseline) console.log(`ours ÷ baseline: ${(totals.ours / totals.baseline).toFixed(2)}×`);
