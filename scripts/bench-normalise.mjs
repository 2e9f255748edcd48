// What the archive makes of a text for its index (issue 19): the normaliser (OpenCC 繁→简, then full-width
// Latin narrowed and lower case) and the index's tokens, beside another checkout's, on the same texts: how many
// differ (any is a defect: a search would find other documents) and the CPU of each, interleaved in one run.
// Texts are every file under the folders given (HTML and feeds with their markup taken out, gzipped or not),
// cut at line ends, and the OpenCC dictionaries' own keys in a random order (every phrase and character the
// walk can meet, and pairs of them across a key's end).
// Usage: node scripts/bench-normalise.mjs --baseline=<checkout> [--rounds=5] [dir...]
//   e.g. node scripts/bench-normalise.mjs --baseline=/tmp/base /work/shared/corpora/pages sample-site tests/fixtures
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { tsImport } from "tsx/esm/api";
import { feedXml } from "./bench-scale.mjs";

const argument = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const baseline = argument("baseline", "");
const rounds = Number(argument("rounds", "5"));
const dirs = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function filesOf(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...filesOf(file));
    else if (/\.(html?|xml|rss|atom|rdf|json|txt|gz)$/i.test(name)) out.push(file);
  }
  return out;
}

function textsOf(file) {
  let data = readFileSync(file);
  if (file.endsWith(".gz")) data = gunzipSync(data);
  return data
    .toString("utf8")
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, "")
    .replace(/<[^>]+>/g, "\n")
    .split(/\n+/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

// The dictionaries' keys, shuffled with a fixed seed, in lines of about 40 keys.
let seed = 19;
const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
async function dictionaryTexts() {
  const { configs } = await import(path.join(root, "node_modules/opencc-js/dist/esm-lib/preset/t2cn.js"));
  const keys = new Set();
  const add = (dict) => {
    if (typeof dict === "string") for (const entry of dict.split("|")) keys.add(entry.split(" ")[0]);
    else if (Array.isArray(dict) && typeof dict[0] !== "string") for (const [key] of dict) keys.add(key);
    else for (const d of dict) add(d);
  };
  const config = configs.tw2s;
  for (const group of [...(config.normalizationChain ?? []), config.segmentation, ...config.conversionChain])
    if (group) add(group);
  const list = [...keys].filter(Boolean);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  const out = [];
  for (let i = 0; i < list.length; i += 40) out.push(list.slice(i, i + 40).join(""));
  return out;
}

const texts = [...(await dictionaryTexts())];
for (const dir of dirs) for (const file of filesOf(path.resolve(dir))) texts.push(...textsOf(file));
// Timed: the texts with CJK in them (what the archive's conversion is for; most of the corpora are Latin).
const cjk = texts.filter((t) => /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]/.test(t));
// And the scale bench's farm: the titles and summaries of 100 feeds' items, what a cold refresh normalises.
const farm = [];
for (let i = 0; i < 100; i++)
  for (const [, text] of feedXml(i).matchAll(/<(?:title|description)>([^<]*)</g)) farm.push(text);
const lengthOf = (list) => list.reduce((n, t) => n + t.length, 0);

async function load(checkout) {
  const archive = await tsImport(path.join(checkout, "src/store/archive.ts"), import.meta.url);
  const grams = await tsImport(path.join(checkout, "src/store/grams.ts"), import.meta.url);
  const normaliseText = await archive.loadNormaliser();
  const { Archive } = archive;
  // The archive's own normalise (script, width, case) without a database.
  const normalise = (text) => Archive.prototype.normalise.call({ normaliseText }, text);
  const tokens = (text) => {
    const t = grams.indexTokens(text);
    return typeof t === "string" ? Buffer.from(t, "utf8") : t;
  };
  return { normalise, tokens };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** CPU µs per 1,000 characters of `work` over `inputs`, once warm (the median of five passes after one). */
function timed(work, inputs) {
  const passes = [];
  for (let pass = 0; pass < 6; pass++) {
    const before = process.cpuUsage();
    for (const text of inputs) work(text);
    const used = process.cpuUsage(before);
    if (pass > 0) passes.push(((used.user + used.system) / lengthOf(inputs)) * 1000);
  }
  return median(passes);
}

// A child timing one checkout: two builds in one process share their dependencies' compiled code, which read
// up to 2× either way. The tokens timed are of the normalised texts, what the archive indexes.
const timing = argument("time", "");
if (timing) {
  const build = await load(timing);
  const normalise = timed(build.normalise, cjk);
  const tokens = timed(
    build.tokens,
    cjk.map((text) => build.normalise(text)),
  );
  const farmNormalise = timed(build.normalise, farm);
  const farmTokens = timed(
    build.tokens,
    farm.map((text) => build.normalise(text)),
  );
  console.log(JSON.stringify({ normalise, tokens, farmNormalise, farmTokens }));
  process.exit(0);
}

const builds = [
  ["ours", await load(root), root],
  ...(baseline ? [["baseline", await load(path.resolve(baseline)), path.resolve(baseline)]] : []),
];
const outputs = builds.map(([, build]) => texts.map((text) => build.normalise(text)));
let differ = 0;
let tokensDiffer = 0;
if (baseline) {
  const [ours, theirs] = outputs;
  for (let i = 0; i < texts.length; i++) {
    if (ours[i] !== theirs[i]) {
      if (differ < 5) console.log(`  differs: ${JSON.stringify(texts[i].slice(0, 80))}`);
      differ++;
    }
    if (!builds[0][1].tokens(ours[i]).equals(builds[1][1].tokens(theirs[i]))) tokensDiffer++;
  }
}
console.log(
  `${texts.length} texts (${cjk.length} with CJK, ${lengthOf(cjk)} characters, timed; and ${farm.length} of the farm's); ` +
    (baseline ? `${differ} normalised differently, ${tokensDiffer} with other tokens` : "no baseline"),
);

const { execFileSync } = await import("node:child_process");
const FIGURES = ["normalise", "tokens", "farmNormalise", "farmTokens"];
const times = builds.map(() => Object.fromEntries(FIGURES.map((key) => [key, []])));
for (let r = 0; r < rounds; r++)
  builds.forEach(([, , checkout], b) => {
    const got = JSON.parse(
      execFileSync(process.execPath, [fileURLToPath(import.meta.url), `--time=${checkout}`, ...dirs], {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      }),
    );
    for (const key of FIGURES) times[b][key].push(got[key]);
  });
for (const key of FIGURES) {
  const figures = builds.map(([name], b) => `${name} ${median(times[b][key]).toFixed(1)}`);
  const ratio = baseline ? `, ${(median(times[0][key]) / median(times[1][key])).toFixed(2)}×` : "";
  console.log(
    `  ${key.padEnd(13)} CPU µs per 1,000 characters (median of ${rounds}): ${figures.join("   ")}${ratio}`,
  );
}
