// Agreement with feedparser on its own test corpus, for the reader and two feed libraries in the same run.
// Run: npm run bench:feeds -- <corpus dir holding truth.json and tests/> (e.g. ../shared/corpora/feeds/feedparser)
//
// Every file is served from a local 127.0.0.1 server with the headers truth.json gives it. The reader reads it the
// way `reader list --json URL` does: Library.loadChannel over HttpSource (its charset and decoding path), then
// listJson. The libraries get the same bytes decoded to text by the reader's decodeBody (so they are compared as
// parsers), and their dates are read with Date.parse where they return strings.
//
// Comparison, per class, over the files whose Expect line is about that class and where feedparser passes its own
// expectation (fp_self_ok): feedparser's value becomes text by its `type` (HTML and XHTML through an HTML parse,
// entities decoded once; text as it is), then both sides are NFC, every whitespace run one space, trimmed. A
// library's value is read by the same type; the reader's is already text. A summary agrees when the reader's
// (cut at 280 characters with "…") is the start of feedparser's. Summary is feedparser's summary, else its
// content. Dates agree when they are the same instant, or both absent. Titles: equal, or both absent. Links: equal
// as URLs (host case and escapes normalised; feedparser's 127.0.0.1:8097 read as this server), or both absent.
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { parseFeed as feedsmithParse } from "feedsmith";
import { parseFeed as rowanParse } from "@rowanmanning/feed-parser";
import { Library } from "../src/sources/library.js";
import { HttpSource } from "../src/sources/http.js";
import { decodeBody } from "../src/sources/decode.js";
import { parseDate } from "../src/sources/dates.js";
import { htmlFragmentText } from "../src/sources/html.js";
import { listJson } from "../src/print.js";

interface Typed {
  value: string;
  type: string;
}
interface Row {
  path: string;
  headers: Record<string, string>;
  targets: string[];
  fp_self_ok: boolean;
  n_entries: number;
  feed_title: Typed | null;
  entry?: {
    title: Typed | null;
    link: string | null;
    date: string | null;
    summary: Typed | null;
    content: Typed | null;
  };
}
interface Truth {
  rows: Row[];
  dates: { parser: string; input: string; expected: string | null }[];
}

/** What a parser says about a file: the feed title and the first item's fields (raw strings for libraries). */
interface Reading {
  feedTitle?: string | undefined;
  title?: string | undefined;
  link?: string | undefined;
  date?: string | undefined;
  summary?: string | undefined;
  items: number;
}

const CLASSES = ["feed_title", "entry_title", "entry_link", "entry_date", "entry_summary"] as const;
type Class = (typeof CLASSES)[number];

const corpus = process.argv[2];
if (!corpus) {
  console.error("usage: npm run bench:feeds -- <feedparser corpus dir>");
  process.exit(2);
}
const truth = JSON.parse(readFileSync(path.join(corpus, "truth.json"), "utf8")) as Truth;
const byPath = new Map(truth.rows.map((r) => [`/${r.path}`, r]));

const server = http.createServer((req, res) => {
  const row = byPath.get(decodeURI((req.url ?? "").split("?")[0] ?? ""));
  if (!row) return res.writeHead(404).end();
  res.writeHead(200, row.headers).end(readFileSync(path.join(corpus, row.path)));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
const origin = `http://${host}`;

const library = new Library({ network: async () => new HttpSource({ totalTimeoutMs: 10_000 }) });

function norm(s: string | undefined | null): string {
  return (s ?? "").normalize("NFC").replace(/\s+/g, " ").trim();
}
/** HTML unless feedparser says text: a summary or content with no type is HTML to feedparser. */
function isHtml(type: string | null | undefined): boolean {
  return !type || /html|xml/.test(type);
}
/** feedparser's (or a library's) value as text, by the type feedparser gives it. */
function asText(value: string | undefined | null, type: string | null | undefined): string {
  if (value == null) return "";
  return norm(isHtml(type) ? htmlFragmentText(value) : value);
}
/** Equal as URLs (host case, default port and escapes normalised), or both absent. */
function sameUrl(a: string | undefined, b: string | undefined | null): boolean {
  const href = (s: string | undefined | null) => {
    if (!s) return "";
    try {
      return new URL(s.trim()).href;
    } catch {
      return norm(s);
    }
  };
  return href(a) === href(b);
}
function instantOf(s: string | undefined | null): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
}

/** Strings out of a library's field (feedsmith returns {value} objects for Atom text constructs). */
function plain(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && "value" in v) return plain((v as { value: unknown }).value);
  if (v instanceof Date) return v.toISOString();
  return undefined;
}

function feedsmithReading(text: string): Reading {
  const { feed } = feedsmithParse(text) as { feed: Record<string, unknown> };
  const items = ((feed["items"] ?? feed["entries"] ?? []) as Record<string, unknown>[]) || [];
  const first = items[0];
  if (!first) return { feedTitle: plain(feed["title"]), items: 0 };
  const links = first["links"] as { href?: string; rel?: string }[] | undefined;
  const dc = first["dc"] as { dates?: string[]; date?: string } | undefined;
  const content = first["content"] as { encoded?: string } | string | undefined;
  return {
    feedTitle: plain(feed["title"]),
    title: plain(first["title"]),
    link:
      plain(first["link"]) ??
      plain(first["url"]) ??
      links?.find((l) => !l.rel || l.rel === "alternate")?.href ??
      links?.[0]?.href,
    date:
      plain(first["pubDate"]) ??
      plain(first["published"]) ??
      plain(first["updated"]) ??
      plain(first["date_published"]) ??
      dc?.dates?.[0] ??
      dc?.date,
    summary:
      plain(first["description"]) ??
      plain(first["summary"]) ??
      (typeof content === "object" ? content?.encoded : plain(content)) ??
      plain(first["content_html"]) ??
      plain(first["content_text"]),
    items: items.length,
  };
}

function rowanReading(text: string): Reading {
  const feed = rowanParse(text);
  const first = feed.items[0];
  return {
    feedTitle: feed.title ?? undefined,
    title: first?.title ?? undefined,
    link: first?.url ?? undefined,
    date: first?.published?.toISOString() ?? first?.updated?.toISOString(),
    summary: first?.description ?? first?.content ?? undefined,
    items: feed.items.length,
  };
}

async function readerReading(url: string): Promise<Reading> {
  const list = await library.loadChannel({ id: url, title: url, url, origin: "user" });
  const first = listJson(list.items)[0] as
    { title: string; url?: string | null; published: string | null; summary: string } | undefined;
  return {
    feedTitle: list.title,
    title: first?.title,
    link: first?.url ?? undefined,
    date: first?.published ?? undefined,
    summary: first?.summary,
    items: list.items.length,
  };
}

function agrees(cls: Class, row: Row, got: Reading, isReader: boolean): boolean {
  const e = row.entry;
  const text = (v: string | undefined, type: string | null | undefined) =>
    isReader ? norm(v) : asText(v, type);
  switch (cls) {
    case "feed_title":
      return (
        text(got.feedTitle, row.feed_title?.type ?? "text/plain") ===
        asText(row.feed_title?.value, row.feed_title?.type ?? "")
      );
    case "entry_title":
      return (
        text(got.title, e?.title?.type ?? "text/plain") === asText(e?.title?.value, e?.title?.type ?? "")
      );
    case "entry_link":
      return sameUrl(got.link, e?.link?.replace("//127.0.0.1:8097/", `//${host}/`));
    case "entry_date": {
      const ours = instantOf(got.date);
      return ours === instantOf(e?.date);
    }
    case "entry_summary": {
      const want = e?.summary ?? e?.content ?? null;
      const expected = asText(want?.value, want?.type);
      const ours = text(got.summary, want?.type);
      if (isReader && ours.endsWith("…") && [...ours].length >= 280)
        return expected.startsWith(ours.slice(0, -1));
      return ours === expected;
    }
  }
}

const parsers = ["reader", "feedsmith", "@rowanmanning/feed-parser"] as const;
type Parser = (typeof parsers)[number];
const tally = new Map<string, { ok: number; n: number }>();
const count = (key: string, ok: boolean) => {
  const t = tally.get(key) ?? { ok: 0, n: 0 };
  t.n++;
  if (ok) t.ok++;
  tally.set(key, t);
};
const throws: Record<Parser, number> = { reader: 0, feedsmith: 0, "@rowanmanning/feed-parser": 0 };
const noItem: Record<Parser, number> = { reader: 0, feedsmith: 0, "@rowanmanning/feed-parser": 0 };
const misses: string[] = [];
const verbose = process.argv.includes("--misses");

for (const row of truth.rows) {
  const url = `${origin}/${row.path}`;
  const body = readFileSync(path.join(corpus, row.path));
  const text = decodeBody(body, row.headers["Content-Type"], "xml").text;
  for (const parser of parsers) {
    let got: Reading | undefined;
    try {
      got =
        parser === "reader"
          ? await readerReading(url)
          : parser === "feedsmith"
            ? feedsmithReading(text)
            : rowanReading(text);
    } catch (error) {
      throws[parser]++;
      if (verbose && parser === "reader") misses.push(`THROWS ${row.path}: ${(error as Error).message}`);
    }
    if (got && row.n_entries > 0 && got.items === 0) {
      noItem[parser]++;
      if (verbose && parser === "reader") misses.push(`NO ITEM ${row.path}`);
    }
    if (!row.fp_self_ok) continue;
    for (const cls of CLASSES) {
      if (!row.targets.includes(cls)) continue;
      const ok = got !== undefined && agrees(cls, row, got, parser === "reader");
      count(`${parser}\u0000${cls}`, ok);
      if (!ok && verbose && parser === "reader")
        misses.push(
          `${cls} ${row.path}: got ${JSON.stringify(got && pick(cls, got))} want ${JSON.stringify(want(cls, row))}`,
        );
    }
  }
}

function pick(cls: Class, got: Reading): unknown {
  return {
    feed_title: got.feedTitle,
    entry_title: got.title,
    entry_link: got.link,
    entry_date: got.date,
    entry_summary: got.summary,
  }[cls];
}
function want(cls: Class, row: Row): unknown {
  const e = row.entry;
  return {
    feed_title: row.feed_title,
    entry_title: e?.title,
    entry_link: e?.link,
    entry_date: e?.date,
    entry_summary: e?.summary ?? e?.content,
  }[cls];
}

let datesOk = 0;
let jsDatesOk = 0;
const dateMisses: string[] = [];
for (const d of truth.dates) {
  const ours = instantOf(parseDate(d.input, "+00:00"));
  if (ours === instantOf(d.expected)) datesOk++;
  else
    dateMisses.push(
      `date ${JSON.stringify(d.input)}: got ${parseDate(d.input, "+00:00")} want ${d.expected}`,
    );
  const js = Date.parse(d.input);
  if ((Number.isFinite(js) ? js : undefined) === instantOf(d.expected)) jsDatesOk++;
}

const pct = (t: { ok: number; n: number } | undefined) =>
  t && t.n ? `${((100 * t.ok) / t.n).toFixed(1)}% (${t.ok}/${t.n})` : "—";
console.log(`feedparser corpus: ${truth.rows.length} files; classes over files where fp_self_ok\n`);
console.log(["class".padEnd(14), ...parsers.map((p) => p.padEnd(28))].join(""));
for (const cls of CLASSES)
  console.log(
    [cls.padEnd(14), ...parsers.map((p) => pct(tally.get(`${p}\u0000${cls}`)).padEnd(28))].join(""),
  );
console.log(["throws".padEnd(14), ...parsers.map((p) => String(throws[p]).padEnd(28))].join(""));
console.log(["no item".padEnd(14), ...parsers.map((p) => String(noItem[p]).padEnd(28))].join(""));
console.log(
  `\ndates[]: parseDate ${pct({ ok: datesOk, n: truth.dates.length })}; Date.parse ${pct({ ok: jsDatesOk, n: truth.dates.length })}`,
);
if (verbose) for (const m of [...misses, ...dateMisses]) console.log(m);

await library.close();
server.close();
