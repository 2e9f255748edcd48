// Search benchmark: the archive (SQLite, FTS5 over CJK characters and pairs) beside a plain scan of the same
// texts in memory, in one run; then the database's size and what it comes to at a larger scale.
// 10,000 articles (100 channels × 100) of real length, made of sentences of the bundled sample site's pages
// (简体, 繁體, Japanese, Korean) in random order, with some Latin words; each is kept as a refresh keeps it (the
// list item with its summary) and then as opening or prefetching it does (the full article). The sizes are of
// that database and of one with the same items alone (nothing opened).
// With --baseline=<another checkout> its archive is filled with the same articles and each query is run on both in
// turn: p50/p95 side by side, and whether both found the same documents.
// Usage: node scripts/bench-search.mjs [--smoke] [--keep DIR] [--baseline=<checkout>]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { tsImport } from "tsx/esm/api";

const smoke = process.argv.includes("--smoke");
const CHANNELS = smoke ? 5 : 100;
const PER_CHANNEL = smoke ? 10 : 100;
const RUNS = smoke ? 5 : 60;
const { openArchive, loadNormaliser } = await tsImport("../src/store/archive.ts", import.meta.url);
const baselineDir = process.argv.find((a) => a.startsWith("--baseline="))?.slice("--baseline=".length);
const baselineArchive = baselineDir
  ? (await tsImport(path.resolve(baselineDir, "src/store/archive.ts"), import.meta.url)).openArchive
  : undefined;

// A fixed-seed generator: the same articles on every run.
let seed = 16;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = (list) => list[Math.floor(random() * list.length)];

function sentencesOf(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const file = path.join(d, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith(".html")) {
        const text = readFileSync(file, "utf8")
          .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, "")
          .replace(/<[^>]+>/g, "\n")
          .replace(/&[a-z#0-9]+;/gi, " ");
        for (const s of text.split(/(?<=[。！？])|\n/)) if (s.trim().length >= 12) out.push(s.trim());
      }
    }
  };
  walk(dir);
  return out;
}

const sentences = sentencesOf(new URL("../sample-site", import.meta.url).pathname);
const LATIN = ["AI", "GDP", "Typhoon", "vaccine", "Internet", "5G", "Olympics", "export"];
const articles = [];
const start = Date.parse("2026-09-01T00:00:00Z");
for (let c = 0; c < CHANNELS; c++) {
  for (let i = 0; i < PER_CHANNEL; i++) {
    const paragraphs = [];
    let length = 0;
    // 1,500–3,500 characters: a news article's length.
    const target = 1500 + Math.floor(random() * 2000);
    while (length < target) {
      let p = "";
      for (let k = 0; k < 4; k++) p += pick(sentences);
      if (random() < 0.2) p += ` ${pick(LATIN)} `;
      paragraphs.push(p);
      length += p.length;
    }
    articles.push({
      url: `https://example.com/c${c}/a${i}`,
      title: pick(sentences).slice(0, 30),
      published: new Date(start - Math.floor(random() * 90 * 86_400_000)).toISOString(),
      paragraphs,
    });
  }
}

const normalise = await loadNormaliser();
const itemOf = (a, c) => ({
  url: a.url,
  title: a.title,
  published: a.published,
  // A feed's summary: the start of the article.
  summary: a.paragraphs[0].slice(0, 120),
  channel: `c${c}`,
});
/** A new archive made by `open` (ours or the baseline's), every article kept in it; and how long that took. */
async function filled(open) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "reader-bench-search-"));
  const { archive } = await open({ dir, normalise });
  const t = performance.now();
  archive.transaction(() => {
    articles.forEach((a, i) => archive.putItems([itemOf(a, Math.floor(i / PER_CHANNEL))]));
    for (const a of articles)
      archive.putArticle(a.url, {
        url: a.url,
        title: a.title,
        published: a.published,
        breadcrumb: [],
        editors: [],
        body: a.paragraphs.map((text) => ({ type: "paragraph", text })),
        recommended: [],
        warnings: [],
      });
  });
  const ms = performance.now() - t;
  archive.db.pragma("wal_checkpoint(TRUNCATE)");
  return { dir, archive, ms };
}
const { dir, archive, ms: insertMs } = await filled(openArchive);
const baseline = baselineArchive ? await filled(baselineArchive) : undefined;

archive.db.pragma("wal_checkpoint(TRUNCATE)");

// The baseline: every text normalised the same way, in memory, scanned with includes(), newest first.
const normalised = articles
  .map((a) => ({
    url: a.url,
    published: a.published,
    text: archive.normalise(a.title + "\n" + a.paragraphs.join("\n")),
  }))
  .sort((a, b) => (a.published < b.published ? 1 : -1));
function scan(query) {
  const terms = query.split(/\s+/).map((q) => archive.normalise(q));
  const hits = [];
  for (const doc of normalised) {
    if (terms.every((term) => doc.text.includes(term))) hits.push(doc.url);
    if (hits.length >= 50) break;
  }
  return hits;
}

// Queries: n characters of CJK text taken at random from the articles (so most are found), and Latin words.
const cjk = /^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]+$/u;
function queries(n) {
  const out = [];
  while (out.length < RUNS) {
    const p = pick(pick(articles).paragraphs);
    const at = Math.floor(random() * Math.max(1, p.length - n));
    const q = p.slice(at, at + n);
    if (q.length === n && cjk.test(q)) out.push(q);
  }
  return out;
}
const cases = [
  ["1 CJK char", queries(1)],
  ["2 CJK chars", queries(2)],
  ["3 CJK chars", queries(3)],
  ["6 CJK chars", queries(6)],
  ["Latin word", Array.from({ length: RUNS }, () => pick(LATIN).toLowerCase())],
  ["mixed (AI + 2 CJK)", queries(2).map((q) => `AI ${q}`)],
];

/** Each query through every one of `fns` in turn (the first of them first, then the next…), each timed. */
function timed(fns, qs) {
  const times = fns.map(() => []);
  const found = fns.map(() => 0);
  const hits = fns.map(() => []);
  qs.forEach((q, k) => {
    for (let j = 0; j < fns.length; j++) {
      const i = (j + k) % fns.length;
      const t0 = performance.now();
      const got = fns[i](q);
      times[i].push(performance.now() - t0);
      if (got.length > 0) found[i]++;
      hits[i].push(got.map((hit) => hit.url ?? hit));
    }
  });
  return fns.map((_, i) => {
    times[i].sort((a, b) => a - b);
    const at = (p) => times[i][Math.min(times[i].length - 1, Math.floor(p * times[i].length))];
    return { p50: at(0.5), p95: at(0.95), found: found[i], hits: hits[i] };
  });
}
const sameHits = (a, b) => a.filter((hits, k) => [...hits].sort().join() === [...b[k]].sort().join()).length;
const sameOrder = (a, b) => a.filter((hits, k) => hits.join() === b[k].join()).length;

console.log(
  `${articles.length} articles (${CHANNELS} channels × ${PER_CHANNEL}), ` +
    `${Math.round(normalised.reduce((n, d) => n + d.text.length, 0) / articles.length)} characters each on average`,
);
console.log(`kept in ${Math.round(insertMs)} ms (one transaction)\n`);
console.log(
  "query".padEnd(22) +
    "archive p50/p95 ms".padEnd(22) +
    "scan p50/p95 ms".padEnd(22) +
    "found (archive/scan)" +
    (baseline ? "   baseline p50/p95 ms, same documents found / in the same order" : ""),
);
for (const [name, qs] of cases) {
  // Warm both once, so neither pays a first-call cost in the figures.
  archive.search(qs[0]);
  baseline?.archive.search(qs[0]);
  scan(qs[0]);
  const [a, s, b] = timed(
    [(q) => archive.search(q), scan, ...(baseline ? [(q) => baseline.archive.search(q)] : [])],
    qs,
  );
  const beside = b
    ? `   ${b.p50.toFixed(1)} / ${b.p95.toFixed(1)}, ${sameHits(a.hits, b.hits)} / ${sameOrder(a.hits, b.hits)} of ${qs.length}`
    : "";
  console.log(
    name.padEnd(22) +
      `${a.p50.toFixed(1)} / ${a.p95.toFixed(1)}`.padEnd(22) +
      `${s.p50.toFixed(1)} / ${s.p95.toFixed(1)}`.padEnd(22) +
      `${a.found}/${s.found} of ${qs.length}`.padEnd(20) +
      beside,
  );
}

const bytes = statSync(path.join(dir, "reader.db")).size;
const perArticle = bytes / articles.length;
archive.close();
if (baseline) {
  console.log(
    `baseline: kept in ${Math.round(baseline.ms)} ms, ${(statSync(path.join(baseline.dir, "reader.db")).size / 1e6).toFixed(1)} MB`,
  );
  baseline.archive.close();
  rmSync(baseline.dir, { recursive: true, force: true });
}

// The same items alone: what a refresh keeps when nothing is opened.
const itemsDir = mkdtempSync(path.join(os.tmpdir(), "reader-bench-items-"));
const { archive: items } = await openArchive({ dir: itemsDir, normalise });
items.transaction(() => articles.forEach((a, i) => items.putItems([itemOf(a, Math.floor(i / PER_CHANNEL))])));
items.db.pragma("wal_checkpoint(TRUNCATE)");
items.close();
const perItem = statSync(path.join(itemsDir, "reader.db")).size / articles.length;
rmSync(itemsDir, { recursive: true, force: true });

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gb = (n) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${Math.round(n / 1e6)} MB`);
console.log(
  `\ndatabase: ${(bytes / 1e6).toFixed(1)} MB, ${kb(perArticle)} per item with its full article; ` +
    `${kb(perItem)} per item alone`,
);
for (const perDay of [5, 20]) {
  const n = 500 * 90 * perDay;
  console.log(
    `500 channels × 90 days at ${perDay} items a channel a day (${n.toLocaleString("en")}): ` +
      `${gb(n * perArticle)} with every article kept (prefetch on), ` +
      `${gb(n * perItem + (n / 10) * (perArticle - perItem))} with 1 in 10 opened, ${gb(n * perItem)} with none`,
  );
}
if (!process.argv.includes("--keep")) rmSync(dir, { recursive: true, force: true });
else console.log(`kept in ${dir}`);
