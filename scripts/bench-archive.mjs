// Archive writes (issue 19): CPU per list item kept, as a cold refresh keeps a list (parts of 50 items, each one
// transaction), in this process, without the interface around it — so a change to the archive shows above the
// noise of a loaded machine. With --baseline=<another checkout> its archive runs beside ours, interleaved.
// Items are bench-scale's farm's (50 a feed, 繁體 summaries), dated as the farm dates them (every feed the same
// fifty minutes) and newest first, one after another (as most feeds list them).
// Usage: node scripts/bench-archive.mjs [--feeds=300] [--rounds=3] [--baseline=<checkout>] [--smoke]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const ITEMS = 50;
const argument = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const smoke = process.argv.includes("--smoke");
const feeds = Number(argument("feeds", smoke ? "4" : "300"));
const rounds = Number(argument("rounds", smoke ? "1" : "3"));
const baseline = argument("baseline", "");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function list(i, dates) {
  const out = [];
  for (let k = 0; k < ITEMS; k++) {
    const minute = dates === "farm" ? k % 60 : (i + 1) * ITEMS - k;
    out.push({
      id: `f${i}-${k}`,
      url: `http://127.0.0.1/f/${i}/${k}.html`,
      title: `頻道${i} 第${k}篇 東屿岛十年`,
      published: new Date(Date.parse("2025-08-20T06:00:00+08:00") + minute * 60_000).toISOString(),
      summary: `第${i}號頻道的第${k}篇報道：東屿岛的渔港十年间转身为观光小镇，居民讲述变化。`.repeat(6),
      channel: `c${i}`,
    });
  }
  return out;
}

/** µs of CPU per item for keeping `feeds` lists in a new archive made by the checkout at `checkout`. */
async function run(checkout, dates) {
  const { openArchive, loadNormaliser } = await tsImport(
    path.join(checkout, "src/store/archive.ts"),
    import.meta.url,
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), "reader-bench-archive-"));
  const { archive } = await openArchive({ dir, normalise: await loadNormaliser() });
  const lists = Array.from({ length: feeds }, (_, i) => list(i, dates));
  archive.normalise("頻道"); // the converter's tables built
  const before = process.cpuUsage();
  const wrote = bytesWritten();
  // A list of 50 is its own last part: putListEnd, as kept.ts writes it (its transaction records the list held).
  for (const items of lists) archive.putListEnd(items[0].channel, "digest", items);
  const used = process.cpuUsage(before);
  written.get(checkout).push((bytesWritten() - wrote) / (feeds * ITEMS));
  archive.close();
  rmSync(dir, { recursive: true, force: true });
  return (used.user + used.system) / (feeds * ITEMS);
}

/**
 * Bytes this process has written so far (Linux; NaN elsewhere): what SQLite writes to the WAL for each item, beside
 * its CPU (a b-tree page rewritten whole for each row put into its middle shows here first).
 */
function bytesWritten() {
  try {
    return Number(/^wchar: (\d+)$/m.exec(readFileSync("/proc/self/io", "utf8"))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const builds = [["ours", root], ...(baseline ? [["baseline", path.resolve(baseline)]] : [])];
/** Bytes written per item by each checkout's runs (bytesWritten). */
const written = new Map(builds.map(([, checkout]) => [checkout, []]));
console.log(
  `archive writes: ${feeds} feeds × ${ITEMS} items, ${rounds} round(s), CPU µs per item (and bytes written per item)`,
);
for (const dates of ["farm", "newest first"]) {
  const times = new Map(builds.map(([name]) => [name, []]));
  for (let r = 0; r < rounds; r++)
    for (const [name, checkout] of builds) times.get(name).push(await run(checkout, dates));
  const figures = builds.map(([name, checkout]) => {
    const xs = times.get(name);
    const bytes = median(written.get(checkout).splice(0));
    const kb = Number.isFinite(bytes) ? `, ${(bytes / 1024).toFixed(1)} KB written` : "";
    return `${name} ${median(xs).toFixed(0)} (${xs.map((x) => x.toFixed(0)).join(" / ")}${kb})`;
  });
  const ratio = baseline
    ? `, ${(median(times.get("ours")) / median(times.get("baseline"))).toFixed(2)}×`
    : "";
  console.log(`  dates ${dates.padEnd(12)} ${figures.join("   ")}${ratio}`);
}
