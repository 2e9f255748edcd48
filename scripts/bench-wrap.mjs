// Wrap benchmark: our CJK layout (src/text/wrap.ts) against wrap-ansi with Ink's settings, side by side in one
// run, plus the time to re-lay a 100 KB article after a width change.
// Usage: node scripts/bench-wrap.mjs [--smoke]   (--smoke: a tiny run for CI, checks that everything works)
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { tsImport } from "tsx/esm/api";
import wrapAnsi from "wrap-ansi";

const smoke = process.argv.includes("--smoke");
const { prepareParagraph, layoutPrepared, wrapParagraph, loadWidthTables } = await tsImport(
  "./bench-wrap-entry.ts",
  import.meta.url,
);
await loadWidthTables();

const fixture = (name) =>
  readFileSync(new URL(`../tests/fixtures/text/${name}.txt`, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");

// Each sample is its paragraphs repeated to about `bytes` of UTF-8 (varied a little so no two are identical).
function sample(name, bytes) {
  const base = fixture(name);
  const out = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = base[i % base.length] + (i >= base.length ? `（${i}）` : "");
    out.push(p);
    size += Buffer.byteLength(p);
  }
  return { paragraphs: out, bytes: size };
}

// Runs fn repeatedly for at least `ms` (and at least `minRuns` times); returns mean ms per run.
function time(fn, ms, minRuns) {
  fn(); // warm-up
  let runs = 0;
  const start = performance.now();
  let now = start;
  while (runs < minRuns || now - start < ms) {
    fn();
    runs++;
    now = performance.now();
  }
  return (now - start) / runs;
}

const budget = smoke ? 20 : 400;
const sampleBytes = smoke ? 4_000 : 50_000;
const rows = [];
for (const lang of ["zh", "ja", "ko", "mixed"]) {
  const { paragraphs, bytes } = sample(lang, sampleBytes);
  for (const width of [40, 80, 120]) {
    const ours = time(
      () => {
        for (const p of paragraphs) wrapParagraph(p, width);
      },
      budget,
      3,
    );
    const theirs = time(
      () => {
        for (const p of paragraphs) wrapAnsi(p, width, { trim: false, hard: true });
      },
      budget,
      3,
    );
    const mbps = (ms) => bytes / 1e6 / (ms / 1000);
    rows.push({
      text: lang,
      width,
      "ours MB/s": mbps(ours).toFixed(2),
      "wrap-ansi MB/s": mbps(theirs).toFixed(2),
      ratio: `${(theirs / ours).toFixed(1)}×`,
    });
  }
}
console.log(
  `Wrap throughput (prepare + layout per paragraph, ${(sampleBytes / 1000).toFixed(0)} KB per sample)`,
);
console.table(rows);

// Re-lay after a resize: prepared once, laid out at alternating widths.
const article = sample("mixed", smoke ? 10_000 : 100_000);
const prepareStart = performance.now();
const prepared = article.paragraphs.map((p) => prepareParagraph(p));
const prepareMs = performance.now() - prepareStart;
const widths = [80, 79, 120, 60, 100, 40];
const runs = smoke ? 12 : 200;
const samples = [];
for (let i = 0; i < runs; i++) {
  const width = widths[i % widths.length];
  const start = performance.now();
  for (const p of prepared) layoutPrepared(p, width);
  samples.push(performance.now() - start);
}
samples.sort((a, b) => a - b);
const pct = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
console.log(
  `Re-lay of a ${(article.bytes / 1000).toFixed(0)} KB article after a width change (${runs} runs): ` +
    `p50 ${pct(0.5).toFixed(2)} ms, p99 ${pct(0.99).toFixed(2)} ms, max ${samples[samples.length - 1].toFixed(2)} ms ` +
    `(prepare once: ${prepareMs.toFixed(1)} ms)`,
);
