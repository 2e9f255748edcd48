// Paragraph recall and precision of the reader's article extractor against Mozilla Readability on CJK pages with
// known paragraphs (tests/fixtures/pages/*.expected.json and the real people.com.cn page).
// Run: npx tsx scripts/extractor-eval.ts
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Readability } from "@mozilla/readability";
import { JSDOM, VirtualConsole } from "jsdom";
import { parseArticlePage } from "../src/sources/page.js";
import { genericProfile } from "../src/sources/profiles/generic.js";
import { parseHtml, textLines } from "../src/sources/html.js";

interface Expected {
  url: string;
  title: string;
  paragraphs: string[];
}

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "tests", "fixtures");

const cases: { name: string; html: string; expected: Expected }[] = [];
const pagesDir = path.join(root, "pages");
for (const file of readdirSync(pagesDir).filter((f) => f.endsWith(".expected.json"))) {
  const name = file.replace(/\.expected\.json$/, "");
  cases.push({
    name,
    html: readFileSync(path.join(pagesDir, `${name}.html`), "utf8"),
    expected: JSON.parse(readFileSync(path.join(pagesDir, file), "utf8")) as Expected,
  });
}
cases.push({
  name: "people-politics-2024",
  html: readFileSync(path.join(root, "politics-2024-04-24.html"), "utf8"),
  expected: JSON.parse(
    readFileSync(path.join(root, "politics-2024-04-24.expected.json"), "utf8"),
  ) as Expected,
});

// Paragraphs compare without whitespace, so a different space between two sentences is no miss.
const norm = (s: string) => s.replace(/[\s\u3000\u00a0]+/g, "");

function score(got: string[], expected: string[]): { recall: number; precision: number } {
  const want = new Set(expected.map(norm));
  const have = got.map(norm).filter((p) => p.length > 0);
  const hit = new Set(have.filter((p) => want.has(p)));
  return {
    recall: want.size === 0 ? 1 : hit.size / want.size,
    precision: have.length === 0 ? 0 : have.filter((p) => want.has(p)).length / have.length,
  };
}

function readability(html: string, url: string): string[] {
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  const article = new Readability(dom.window.document).parse();
  if (!article?.content) return [];
  // Readability's HTML split into paragraphs the same way the reader splits its own containers.
  return textLines(parseHtml(article.content));
}

const pct = (n: number) => `${(n * 100).toFixed(0).padStart(3)}%`;
const rows: string[] = [];
const totals = { ours: { r: 0, p: 0 }, generic: { r: 0, p: 0 }, readability: { r: 0, p: 0 } };
for (const c of cases) {
  const ours = score(
    parseArticlePage(c.html, c.expected.url).body.map((b) => b.text),
    c.expected.paragraphs,
  );
  const generic = score(
    genericProfile(parseHtml(c.html), c.expected.url).body.map((b) => b.text),
    c.expected.paragraphs,
  );
  const theirs = score(readability(c.html, c.expected.url), c.expected.paragraphs);
  totals.ours.r += ours.recall;
  totals.ours.p += ours.precision;
  totals.generic.r += generic.recall;
  totals.generic.p += generic.precision;
  totals.readability.r += theirs.recall;
  totals.readability.p += theirs.precision;
  rows.push(
    `${c.name.padEnd(22)} ${String(c.expected.paragraphs.length).padStart(3)}   ` +
      `${pct(ours.recall)} ${pct(ours.precision)}   ${pct(generic.recall)} ${pct(generic.precision)}   ` +
      `${pct(theirs.recall)} ${pct(theirs.precision)}`,
  );
}
const n = cases.length;
process.stdout.write(
  [
    "page                   paras   reader       generic only   Readability",
    "                               recall prec  recall prec    recall prec",
    ...rows,
    `${"mean".padEnd(22)}       ${pct(totals.ours.r / n)} ${pct(totals.ours.p / n)}   ` +
      `${pct(totals.generic.r / n)} ${pct(totals.generic.p / n)}   ` +
      `${pct(totals.readability.r / n)} ${pct(totals.readability.p / n)}`,
    "",
  ].join("\n"),
);
