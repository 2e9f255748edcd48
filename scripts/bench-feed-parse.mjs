// Feed parsing alone (issue 19): CPU per item of loadFeed (decode, parse, fields, dates) over bench-scale's farm
// feed (50 繁體 items) and over a corpus of feeds, and the bytes it allocates per item, for this checkout and, with
// --baseline=<another checkout>, that one's beside it, interleaved in one run: each timing in a process of its own
// (two builds in one process share their dependencies' compiled code, and each slows the other's). With a
// baseline it also compares every parsed field (loadFeed's whole result, and the article of each item with no
// link) on every corpus file, and prints each difference.
// Usage: node scripts/bench-feed-parse.mjs [--corpus=<dir with truth.json and its files>] [--baseline=<checkout>]
//   [--rounds=6] [--smoke]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";
import { feedXml } from "./bench-scale.mjs";

const argument = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const smoke = process.argv.includes("--smoke");
const rounds = Number(argument("rounds", smoke ? "1" : "6"));
const corpus = argument("corpus", "");
const baseline = argument("baseline", "");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const builds = [["ours", root], ...(baseline ? [["baseline", path.resolve(baseline)]] : [])];
// Set in the process that times one build over one set: `--time=<checkout>,<set>`.
const [timed, timedSet] = argument("time", "").split(",");

const parsers = new Map();
for (const [name, checkout] of timed ? [["timed", timed]] : builds)
  parsers.set(name, await tsImport(path.join(checkout, "src/sources/feed.ts"), import.meta.url));

/** The farm's feeds as its server sends them (bench-scale's feedXml), one per channel number. */
const farm = Array.from({ length: smoke ? 4 : 100 }, (_, i) => ({
  requestedUrl: `http://127.0.0.1:9000/f/${i}.xml`,
  url: `http://127.0.0.1:9000/f/${i}.xml`,
  status: 200,
  contentType: "application/rss+xml",
  body: Buffer.from(feedXml(i)),
}));

/** The corpus's files, each with the Content-Type (and Content-Location) its truth row gives. */
function corpusResources(dir) {
  const truth = JSON.parse(readFileSync(path.join(dir, "truth.json"), "utf8"));
  return truth.rows.map((row) => {
    const headers = Object.fromEntries(
      Object.entries(row.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const url = `http://127.0.0.1:8097/${row.path}`;
    return {
      requestedUrl: url,
      url,
      status: 200,
      ...(headers["content-type"] ? { contentType: headers["content-type"] } : {}),
      ...(headers["content-location"] ? { contentLocation: headers["content-location"] } : {}),
      body: readFileSync(path.join(dir, row.path)),
    };
  });
}
const corpusFeeds = corpus ? corpusResources(corpus) : [];

/** loadFeed's result as text (or its error), and the articles of its link-less items: what a difference shows in. */
function parsedText({ loadFeed, feedItemArticle }, resource) {
  try {
    const feed = loadFeed(resource);
    const articles = feed.items
      .filter((item) => item.url.startsWith("feed-item:"))
      .map((item) => feedItemArticle(resource, item.url));
    return JSON.stringify({ feed, articles });
  } catch (error) {
    return `throws ${error?.constructor?.name}: ${error?.message}`;
  }
}

/** µs of CPU per item for loading every resource once; items counted from the results. */
function cpuPerItem({ loadFeed }, resources) {
  let items = 0;
  const before = process.cpuUsage();
  for (const resource of resources) {
    try {
      items += loadFeed(resource).items.length;
    } catch {
      // An error is a result too; the corpus has a few (HTTP status, not a list).
    }
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / Math.max(1, items);
}

/**
 * Bytes allocated per item by one more pass, garbage included (V8's sampling heap profiler, keeping the samples of
 * collected objects): what sets off collections, and a figure the machine's load does not move.
 */
async function bytesPerItem({ loadFeed }, resources) {
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 512,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  let items = 0;
  for (const resource of resources) {
    try {
      items += loadFeed(resource).items.length;
    } catch {
      // (as in cpuPerItem)
    }
  }
  const { profile } = await session.post("HeapProfiler.stopSampling");
  const total = (node) => node.selfSize + node.children.reduce((n, c) => n + total(c), 0);
  return total(profile.head) / Math.max(1, items);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sets = [["farm", farm], ...(corpusFeeds.length ? [["corpus", corpusFeeds]] : [])];
if (timed) {
  // One timing: a warm-up pass (compiled, tables built), then the median of three.
  const resources = new Map(sets).get(timedSet) ?? [];
  const loader = parsers.get("timed");
  cpuPerItem(loader, resources);
  const cpu = median([0, 1, 2].map(() => cpuPerItem(loader, resources)));
  console.log(JSON.stringify({ cpu, bytes: await bytesPerItem(loader, resources) }));
  process.exit(0);
}
console.log(
  `feed parse (loadFeed): CPU µs per item, ${rounds} round(s), each build in a process of its own, interleaved`,
);
for (const [set, resources] of sets) {
  const times = new Map(builds.map(([name]) => [name, []]));
  // (each round in the other order: neither build always runs just after the other)
  for (let r = 0; r < rounds; r++)
    for (const [name, checkout] of r % 2 ? [...builds].reverse() : builds) {
      const args = [
        process.argv[1],
        `--time=${checkout},${set}`,
        `--corpus=${corpus}`,
        smoke ? "--smoke" : "",
      ];
      times.get(name).push(JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8" })));
    }
  const figures = builds.map(([name]) => {
    const xs = times.get(name).map((t) => t.cpu);
    const kb = median(times.get(name).map((t) => t.bytes)) / 1024;
    return `${name} ${median(xs).toFixed(1)} (${xs.map((x) => x.toFixed(1)).join(" / ")}; ${kb.toFixed(1)} KB allocated)`;
  });
  const cpuOf = (name) => median(times.get(name).map((t) => t.cpu));
  const ratio = baseline ? `, ${(cpuOf("ours") / cpuOf("baseline")).toFixed(2)}×` : "";
  console.log(`  ${set.padEnd(7)} ${resources.length} files: ${figures.join("   ")}${ratio}`);
}

if (baseline) {
  let differences = 0;
  for (const [set, resources] of sets) {
    for (const resource of resources) {
      const ours = parsedText(parsers.get("ours"), resource);
      const theirs = parsedText(parsers.get("baseline"), resource);
      if (ours === theirs) continue;
      differences++;
      let at = 0;
      while (at < ours.length && ours[at] === theirs[at]) at++;
      const around = (s) => JSON.stringify(s.slice(Math.max(0, at - 80), at + 120));
      console.log(
        `  differs: ${set} ${resource.url}\n    ours     ${around(ours)}\n    baseline ${around(theirs)}`,
      );
    }
  }
  const files = sets.reduce((n, [, r]) => n + r.length, 0);
  console.log(`parsed fields compared with the baseline on ${files} files: ${differences} difference(s)`);
}
