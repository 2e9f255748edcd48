// A cold refresh's path outside the archive and the interface (issue 19): N channels loaded at once as the
// interface loads them (makeLibrary's wiring: HTTP through undici, the on-disk cache, decode, feed parse, the
// compact list saved beside the cached feed), from bench-scale's farm, with no keeper. Per item: CPU, and the
// bytes allocated (garbage included: V8's sampling heap profiler keeping collected objects' samples, a figure
// the machine's load does not move) with the largest allocators by function. With --baseline=<checkout>, that
// checkout's beside ours, each in a process of its own, interleaved.
// CPU is the whole process's (all threads), and its main thread's and kernel's parts beside it.
// Usage: node scripts/bench-refresh-path.mjs [--feeds=100] [--rounds=3] [--baseline=<checkout>] [--top=12]
//   [--latency=50] [--profile=<dir>: a CPU profile of each refresh measured] [--smoke]
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startFarm } from "./bench-scale.mjs";

const argument = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const smoke = process.argv.includes("--smoke");
const feeds = Number(argument("feeds", smoke ? "4" : "100"));
const rounds = Number(argument("rounds", smoke ? "1" : "3"));
const top = Number(argument("top", "12"));
const baseline = argument("baseline", "");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const builds = [["ours", root], ...(baseline ? [["baseline", path.resolve(baseline)]] : [])];
// In the process that measures one build: `--time=<checkout>,<sampled 0|1>`, the farm's URLs in REFRESH_URLS.
const timed = argument("time", "");

/** CPU ms of this process's main thread (Linux: /proc counts it in ticks of 10 ms). */
function mainThreadMs() {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Loads every channel at once, as the interface does at a start, into a cache of its own; resolves with the
 * number of items listed. The cache is removed by the caller, after the figures are read.
 */
async function refresh(makeLibrary, urls, dir) {
  const library = await makeLibrary({ offline: false, httpCacheDir: dir });
  const channels = urls.map((url, i) => ({ id: `c${i}`, title: `農場 ${i}`, url, origin: "user" }));
  const lists = await Promise.all(channels.map((c) => library.loadChannel(c, { compact: true })));
  await library.close();
  return lists.reduce((n, list) => n + list.items.length, 0);
}

const cacheDirs = [];
process.on("exit", () => cacheDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function newCacheDir() {
  cacheDirs.push(mkdtempSync(path.join(os.tmpdir(), "refresh-path-")));
  return cacheDirs.at(-1);
}

if (timed) {
  const [checkout, sampled] = timed.split(",");
  const all = JSON.parse(process.env.REFRESH_URLS ?? "[]");
  const urls = all.slice(0, feeds);
  const { tsImport } = await import("tsx/esm/api");
  const { makeLibrary } = await tsImport(
    path.join(checkout, "src/sources/network-library.ts"),
    import.meta.url,
  );
  // A refresh of other feeds of the farm first: the modules the library loads at its first use (http.js,
  // undici), its tables and its compiled code are made before the refresh measured.
  await refresh(makeLibrary, all.slice(feeds), newCacheDir());
  if (sampled === "1") {
    const session = new Session();
    session.connect();
    await session.post("HeapProfiler.startSampling", {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    const items = await refresh(makeLibrary, urls, newCacheDir());
    const { profile } = await session.post("HeapProfiler.stopSampling");
    const byFunction = new Map();
    let total = 0;
    const walk = (node) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const where = `${functionName || "(anonymous)"} ${url.replace(/^.*\/(node_modules|src)\//, "$1/").replace(/\?.*$/, "")}:${lineNumber + 1}`;
      byFunction.set(where, (byFunction.get(where) ?? 0) + node.selfSize);
      total += node.selfSize;
      for (const c of node.children) walk(c);
    };
    walk(profile.head);
    const largest = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top);
    console.log(JSON.stringify({ bytes: total / items, largest: largest.map(([w, b]) => [w, b / items]) }));
  } else {
    // --profile=<dir>: a CPU profile of the refresh measured, written there.
    const profileDir = argument("profile", "");
    const session = profileDir ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 200 });
      await session.post("Profiler.start");
    }
    const dir = newCacheDir();
    const before = process.cpuUsage();
    const mainBefore = mainThreadMs();
    const items = await refresh(makeLibrary, urls, dir);
    const used = process.cpuUsage(before);
    const main = ((mainThreadMs() - mainBefore) * 1000) / items;
    if (session) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(path.join(profileDir, `refresh-path-${process.pid}.cpuprofile`), JSON.stringify(profile));
    }
    console.log(
      JSON.stringify({ cpu: (used.user + used.system) / items, main, system: used.system / items }),
    );
  }
  process.exit(0);
}

const profileDir = argument("profile", "");
if (profileDir) mkdirSync(profileDir, { recursive: true });
const farm = await startFarm(Number(argument("latency", "50")));
const urls = JSON.stringify(Array.from({ length: 2 * feeds }, (_, i) => farm.url(i)));
// (asynchronous: the farm answers from this process meanwhile)
const run = (checkout, sampled) =>
  new Promise((resolve, reject) => {
    const args = [
      process.argv[1],
      `--time=${checkout},${sampled ? 1 : 0}`,
      `--feeds=${feeds}`,
      `--top=${top}`,
    ];
    if (profileDir && !sampled) args.push(`--profile=${profileDir}`);
    execFile(
      process.execPath,
      args,
      { encoding: "utf8", env: { ...process.env, REFRESH_URLS: urls }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `refresh path (makeLibrary → loadChannel, no keeper): ${feeds} feeds × 50 items, ${rounds} round(s), interleaved`,
);
const runs = new Map(builds.map(([name]) => [name, []]));
for (let r = 0; r < rounds; r++)
  for (const [name, checkout] of r % 2 ? [...builds].reverse() : builds)
    runs.get(name).push(await run(checkout, false));
const cpuOf = (name) => median(runs.get(name).map((x) => x.cpu));
for (const [name, checkout] of builds) {
  const { bytes, largest } = await run(checkout, true);
  const xs = runs.get(name);
  console.log(
    `  ${name.padEnd(8)} CPU ${cpuOf(name).toFixed(1)} µs per item (${xs.map((x) => x.cpu.toFixed(1)).join(" / ")}; ` +
      `main thread ${median(xs.map((x) => x.main)).toFixed(1)}, system ${median(xs.map((x) => x.system)).toFixed(1)}), ${(bytes / 1024).toFixed(1)} KB allocated per item`,
  );
  for (const [where, b] of largest) console.log(`      ${(b / 1024).toFixed(2).padStart(7)} KB  ${where}`);
}
if (baseline) console.log(`  ours ÷ baseline, CPU: ${(cpuOf("ours") / cpuOf("baseline")).toFixed(2)}×`);
farm.close();
