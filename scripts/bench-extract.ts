// `npm run bench:extract -- <corpora/pages>`: the reader's article extraction beside Mozilla Readability on the
// same public pages, scored the same way (issue 13). Per corpus: mean score, empty bodies, titles right, median
// in-process time per page, and the pages below a threshold.
//   fundus/<page>/{page.html.gz, expected.json}: paragraph F1 as ../shared/tools/score-extraction.mjs defines it,
//   over paragraphs (headings, which its ground truth keeps apart, are left out on both sides).
//   On both corpora figures (pictures with captions) are left out on both sides: neither ground truth has them.
//   aeb/{html/<id>.html.gz, ground-truth.json}: the Zyte article-extraction-benchmark's own metric (4-token
//   shingles of \w+ tokens, per page normalised, summed over pages).
//   readability/<page>/{source.html, expected-metadata.json, expected.html} (Mozilla Readability's
//   test/test-pages, Apache-2.0), or --readability <that folder>: titles scored as on fundus; its "title" is
//   Readability's own reading of the page, most often the whole <title> with the site's name: a headline without
//   it counts when it is at least 0.6 of that title's length, as the scorer says. Where expected.html is there,
//   the body too: Readability's output split into paragraphs as the reader splits a container, paragraph F1 as
//   on fundus (Readability's own output, not a ground truth: a sidebar it keeps counts against the reader).
// Options: --only fundus|aeb|readability, --below 0.5 (list threshold), --no-readability, --page <name substring>,
// --json <file> (every page's score, to compare two runs page by page).
// Readability's results are cached in the OS temp folder (they do not change between runs of the reader).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { performance } from "node:perf_hooks";
import { Readability } from "@mozilla/readability";
import { JSDOM, VirtualConsole } from "jsdom";
import { parseArticlePage } from "../src/sources/page.js";
import { removeElement } from "domutils";
import { parseHtml, select, textLines } from "../src/sources/html.js";

interface Extraction {
  title: string;
  paragraphs: string[];
  /** The reader's date, when it found one (Readability gives none). */
  published?: string;
}

interface Page {
  corpus: "fundus" | "aeb" | "readability";
  name: string;
  url: string;
  html: string;
  title?: string;
  paragraphs?: string[];
  articleBody?: string;
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const root = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
if (!root) {
  console.error(
    "usage: npm run bench:extract -- <corpora/pages> [--only fundus|aeb|readability] [--readability <test-pages>] [--below 0.5]",
  );
  process.exit(2);
}
const only = option("--only");
const below = Number(option("--below") ?? 0.5);
const pageFilter = option("--page");
const withReadability = !args.includes("--no-readability");

function loadPages(): Page[] {
  const pages: Page[] = [];
  const fundus = path.join(root!, "fundus");
  if (existsSync(fundus) && (!only || only === "fundus"))
    for (const name of readdirSync(fundus).sort()) {
      const file = path.join(fundus, name, "page.html.gz");
      if (!existsSync(file)) continue;
      const expected = JSON.parse(readFileSync(path.join(fundus, name, "expected.json"), "utf8")) as {
        url: string;
        title: string;
        paragraphs: string[];
      };
      pages.push({
        corpus: "fundus",
        name,
        url: expected.url,
        html: gunzipSync(readFileSync(file)).toString("utf8"),
        title: expected.title,
        paragraphs: expected.paragraphs,
      });
    }
  const aeb = path.join(root!, "aeb");
  if (existsSync(aeb) && (!only || only === "aeb")) {
    const truth = JSON.parse(readFileSync(path.join(aeb, "ground-truth.json"), "utf8")) as Record<
      string,
      { articleBody: string; url?: string }
    >;
    for (const [id, t] of Object.entries(truth).sort()) {
      const file = path.join(aeb, "html", `${id}.html.gz`);
      if (!existsSync(file)) continue;
      pages.push({
        corpus: "aeb",
        name: id.slice(0, 12),
        url: t.url ?? `https://aeb.example/${id}`,
        html: gunzipSync(readFileSync(file)).toString("utf8"),
        articleBody: t.articleBody,
      });
    }
  }
  const testPages = option("--readability") ?? path.join(root!, "readability");
  if (existsSync(testPages) && (!only || only === "readability"))
    for (const name of readdirSync(testPages).sort()) {
      const file = path.join(testPages, name, "source.html");
      const metadata = path.join(testPages, name, "expected-metadata.json");
      const body = path.join(testPages, name, "expected.html");
      if (!existsSync(file) || (!existsSync(metadata) && !existsSync(body))) continue;
      const expected = existsSync(metadata)
        ? (JSON.parse(readFileSync(metadata, "utf8")) as { title?: string })
        : {};
      // Its headings are kept apart, as fundus's are; its figures are no body text.
      const content = existsSync(body) ? parseHtml(readFileSync(body, "utf8")) : undefined;
      if (content) for (const el of select("h1, h2, h3, h4, h5, h6, figure", content)) removeElement(el);
      pages.push({
        corpus: "readability",
        name,
        // (the test pages keep no URL of their own: Readability's tests read them at this one)
        url: "http://fakehost/test/page.html",
        html: readFileSync(file, "utf8"),
        ...(existsSync(metadata) ? { title: expected.title ?? "" } : {}),
        ...(content ? { paragraphs: textLines(content) } : {}),
      });
    }
  return pageFilter ? pages.filter((p) => p.name.includes(pageFilter)) : pages;
}

// fundus: score-extraction.mjs's definition.
const norm = (s: string) =>
  String(s ?? "")
    .normalize("NFKC")
    .replace(/[\s\u3000\u00a0]+/g, "")
    .replace(/[―]/g, "—");
const bare = (s: string) => norm(s).replace(/[\p{P}\p{S}]/gu, "");
function lcs(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const ca of a) {
    const cur = [0];
    for (let j = 0; j < b.length; j++) cur.push(ca === b[j] ? prev[j]! + 1 : Math.max(prev[j + 1]!, cur[j]!));
    prev = cur;
  }
  return prev[b.length]!;
}
function titleOk(got: string, want: string): boolean {
  const ta = bare(got);
  const tb = bare(want);
  return (
    ta.length > 0 &&
    (ta === tb ||
      (tb.includes(ta) && ta.length >= 0.6 * tb.length) ||
      (2 * lcs([...ta], [...tb])) / ([...ta].length + [...tb].length) >= 0.8)
  );
}
function paragraphF1(expected: string[], got: string[]): number {
  const E = expected.map(norm).filter(Boolean);
  const G = got.map(norm).filter(Boolean);
  const Ej = E.join("");
  const Gj = G.join("");
  const len = (a: string[]) => a.reduce((s, x) => s + x.length, 0);
  const rec = len(E.filter((p) => Gj.includes(p))) / Math.max(1, len(E));
  const prec = len(G.filter((p) => Ej.includes(p))) / Math.max(1, len(G));
  return rec + prec ? (2 * rec * prec) / (rec + prec) : 0;
}

// aeb: evaluate.py's string_shingle_matching (tp, fp, fn normalised per page).
function shingles(text: string): Map<string, number> {
  const tokens = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  const m = new Map<string, number>();
  for (let i = 0; i + 4 <= tokens.length; i++) {
    const k = tokens.slice(i, i + 4).join("\u0001");
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}
function shingleCounts(truth: string, pred: string): [number, number, number] {
  const t = shingles(truth);
  const p = shingles(pred);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const k of new Set([...t.keys(), ...p.keys()])) {
    const a = t.get(k) ?? 0;
    const b = p.get(k) ?? 0;
    tp += Math.min(a, b);
    fp += Math.max(0, b - a);
    fn += Math.max(0, a - b);
  }
  const s = tp + fp + fn;
  return s > 0 ? [tp / s, fp / s, fn / s] : [0, 0, 0];
}
const f1Of = ([tp, fp, fn]: [number, number, number]) => {
  if (tp === 0) return 0;
  const p = tp / (tp + fp);
  const r = tp / (tp + fn);
  return (2 * p * r) / (p + r);
};

const cacheFile = path.join(os.tmpdir(), "reader-bench-readability-3.json");
const cache = (existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, "utf8")) : {}) as Record<
  string,
  Extraction
>;
function readability(page: Page): Extraction {
  const key = `${page.corpus}/${page.name}/${page.html.length}`;
  const hit = cache[key];
  if (hit) return hit;
  const dom = new JSDOM(page.html, { url: page.url, virtualConsole: new VirtualConsole() });
  const article = new Readability(dom.window.document).parse();
  dom.window.close();
  // Readability's HTML split into paragraphs the way the reader splits its own containers.
  // Headings left out on fundus, as from the reader's output: its ground truth is paragraphs only.
  const content = article?.content ? parseHtml(article.content) : undefined;
  if (content && page.corpus !== "aeb")
    for (const h of select("h1, h2, h3, h4, h5, h6", content)) removeElement(h);
  // Figures (pictures with their captions) are not body text in either ground truth.
  if (content) for (const f of select("figure", content)) removeElement(f);
  const out = { title: article?.title ?? "", paragraphs: content ? textLines(content) : [] };
  cache[key] = out;
  return out;
}

function reader(page: Page): { extraction: Extraction; ms: number } {
  const start = performance.now();
  const article = parseArticlePage(page.html, page.url);
  const ms = performance.now() - start;
  // fundus's ground truth is the body's paragraphs, its subheadings kept apart: headings are not compared.
  // Figures are pictures with their captions, no body text in either ground truth.
  const blocks = article.body.filter(
    (b) => b.type !== "figure" && (page.corpus === "aeb" || b.type !== "heading"),
  );
  const extraction: Extraction = { title: article.title, paragraphs: blocks.map((b) => b.text) };
  if (article.published) extraction.published = article.published;
  return { extraction, ms };
}

interface Row {
  name: string;
  score: number;
  counts?: [number, number, number];
  empty: boolean;
  titleOk: boolean | undefined;
  dated: boolean;
  /** Whether the date falls on the day the page's URL files it under (undefined: no day in the URL). */
  onUrlDay?: boolean | undefined;
  ms: number;
}

/**
 * Whether a date is on the day a URL's path files the page under (`/2024/05/03/`, `/20240503/`), a day either
 * side allowed (a zone's midnight, a late-night article). Read here, not with the reader's own code, so that
 * the check does not share the reader's mistakes.
 */
function onUrlDay(url: string, published: string | undefined): boolean | undefined {
  const m = /(?<!\d)(20\d\d)([/-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)/.exec(new URL(url).pathname);
  if (!m) return undefined;
  const day = Date.UTC(Number(m[1]), Number(m[3]) - 1, Number(m[4]));
  const at = published ? Date.parse(published) : NaN;
  return at >= day - 24 * 3600_000 && at < day + 2 * 24 * 3600_000;
}

function score(page: Page, got: Extraction, ms: number): Row {
  const empty = got.paragraphs.join("").trim() === "";
  if (page.corpus === "readability" && !page.paragraphs)
    return {
      name: page.name,
      score: 1,
      empty,
      titleOk: page.title === undefined ? undefined : titleOk(got.title, page.title),
      dated: false,
      ms,
    };
  if (page.corpus !== "aeb")
    return {
      name: page.name,
      score: paragraphF1(page.paragraphs!, got.paragraphs),
      empty,
      titleOk: page.title === undefined ? undefined : titleOk(got.title, page.title),
      dated: got.published !== undefined,
      onUrlDay: onUrlDay(page.url, got.published),
      ms,
    };
  const counts = shingleCounts(page.articleBody!, got.paragraphs.join("\n\n"));
  return {
    name: page.name,
    score: f1Of(counts),
    counts,
    empty,
    titleOk: undefined,
    dated: got.published !== undefined,
    onUrlDay: onUrlDay(page.url, got.published),
    ms,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2 : 0;
};

function summary(label: string, rows: Row[], corpus: Page["corpus"], timed: boolean): string {
  let main: number;
  if (corpus === "aeb") {
    const sum: [number, number, number] = [0, 0, 0];
    for (const r of rows) for (let i = 0; i < 3; i++) sum[i]! += r.counts![i]!;
    main = f1Of(sum);
  } else main = rows.reduce((s, r) => s + r.score, 0) / Math.max(1, rows.length);
  const empty = rows.filter((r) => r.empty).length;
  const titled = rows.filter((r) => r.titleOk !== undefined);
  const titles = titled.length
    ? `${((100 * titled.filter((r) => r.titleOk).length) / titled.length).toFixed(1)}%`
    : "—";
  const ms = timed ? `${median(rows.map((r) => r.ms)).toFixed(2)} ms` : "—";
  const low = rows.filter((r) => r.score < below).length;
  const dated = timed ? `${rows.filter((r) => r.dated).length}/${rows.length}` : "—";
  return `  ${label.padEnd(12)} ${main.toFixed(3).padStart(6)}  ${String(empty).padStart(5)}  ${titles.padStart(
    6,
  )}  ${ms.padStart(9)}  ${String(low).padStart(6)}  ${dated.padStart(7)}`;
}

const pages = loadPages();
// Warm the reader's code paths once so the first page's time is not module start-up.
if (pages[0]) parseArticlePage(pages[0].html, pages[0].url);
console.log(
  `extraction benchmark — ${pages.length} pages, ${os.cpus().length} CPUs, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}, node ${process.version}`,
);
const perPage: Record<string, number> = {};
for (const corpus of ["fundus", "aeb", "readability"] as const) {
  const set = pages.filter((p) => p.corpus === corpus);
  if (set.length === 0) continue;
  const ours: Row[] = [];
  const theirs: Row[] = [];
  for (const page of set) {
    const r = reader(page);
    ours.push(score(page, r.extraction, r.ms));
    if (withReadability) theirs.push(score(page, readability(page), 0));
  }
  set.forEach((p, i) => (perPage[`${corpus}/${p.name}`] = ours[i]!.score));
  const metric = {
    fundus: "mean paragraph F1",
    aeb: "token (shingle) F1, benchmark's own",
    readability: set.some((p) => p.paragraphs)
      ? "mean paragraph F1 against Readability's own output (1 where only titles are given)"
      : "titles only (score column not used)",
  }[corpus];
  console.log(`\n== ${corpus}: ${set.length} pages, ${metric}`);
  console.log(
    `  ${"".padEnd(12)} ${"score".padStart(6)}  ${"empty"}  ${"titles"}  ${"ms/page".padStart(9)}  <${below}   dated`,
  );
  console.log(summary("reader", ours, corpus, true));
  // No corpus here gives each page's date: the day its URL files it under is the check there is.
  const withDay = ours.filter((r) => r.onUrlDay !== undefined);
  if (withDay.length)
    console.log(
      `  reader's date on the URL's day (±1): ${withDay.filter((r) => r.onUrlDay).length}/${withDay.length} pages whose URL gives a day${
        withDay.some((r) => !r.onUrlDay)
          ? `; not on: ${withDay
              .filter((r) => !r.onUrlDay)
              .map((r) => r.name)
              .join(", ")}`
          : ""
      }`,
    );
  if (withReadability) console.log(summary("Readability", theirs, corpus, false));
  const low = ours
    .map((r, i) => ({ r, t: theirs[i] }))
    .filter(({ r }) => r.score < below)
    .sort((a, b) => a.r.score - b.r.score);
  if (low.length)
    console.log(`  pages below ${below} (reader / Readability${corpus === "fundus" ? " / title" : ""}):`);
  for (const { r, t } of low)
    console.log(
      `    ${r.name.padEnd(40)} ${r.score.toFixed(3)}${r.empty ? " (empty)" : "        "} / ${
        t ? t.score.toFixed(3) : "—"
      }${r.titleOk === false ? "  title wrong" : ""}`,
    );
  const wrongTitles = ours.filter((r) => r.titleOk === false && r.score >= below);
  if (wrongTitles.length) console.log(`  titles wrong on: ${wrongTitles.map((r) => r.name).join(", ")}`);
}
if (withReadability) writeFileSync(cacheFile, JSON.stringify(cache));
const jsonFile = option("--json");
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(perPage, null, 1));
