// The article body as pages carry it in embedded data rather than in their markup: schema.org JSON-LD
// `articleBody`, Next.js's `__NEXT_DATA__` JSON, and its streamed `self.__next_f.push([1, "…"])` payloads holding
// the article's HTML (`contentHtml`, `html`, `body` and the like), and the state an app draws the page from
// (`window.__INITIAL_STATE__ = {…}`). A fallback for pages whose DOM has no body.
import type { Block } from "../model.js";
import { collectBlocks } from "./html-article.js";
import { paragraphText, parseHtml, select, selectFirst, type Document, type Element } from "./html.js";

// Keys whose string value may be the article's HTML.
const HTML_KEY = /^(?:\w*html|body|content|text|articlebody|bodytext)$/i;
// A JSON string literal after `"key":` (escapes unrolled, so a megabyte string costs one pass).
const KEYED_STRING = /"([A-Za-z_$][\w$]{0,40})"\s*:\s*"([^"\\]*(?:\\.[^"\\]*)*)"/g;

/** The text of a `<script>` element (its data as the page wrote it). */
export function scriptText(el: Element): string {
  return el.children.map((c) => ("data" in c ? String(c.data) : "")).join("");
}

/** The strings the streamed Next.js payloads push, joined: one text as the server sent it. */
function nextFlightText(doc: Document): string {
  const out: string[] = [];
  // One push a script, as Next.js writes them: `self.__next_f.push([1,"…"])`.
  const PREFIX = "self.__next_f.push(";
  for (const script of select("script", doc)) {
    const text = scriptText(script).trim();
    if (!text.startsWith(PREFIX)) continue;
    const args = text.slice(PREFIX.length).replace(/\)\s*;?$/, "");
    try {
      const pushed: unknown = JSON.parse(args);
      if (Array.isArray(pushed) && typeof pushed[1] === "string") out.push(pushed[1]);
    } catch {
      // a push of something else (a module id, a form state): not text
    }
  }
  return out.join("");
}

/** HTML strings under body-like keys in a JSON or flight text, grouped by key, each string once. */
function htmlStrings(text: string): { chunks: string[]; size: number }[] {
  const byKey = new Map<string, { chunks: string[]; seen: Set<string>; size: number }>();
  for (const m of text.matchAll(KEYED_STRING)) {
    const key = m[1]!;
    const raw = m[2]!;
    if (!HTML_KEY.test(key) || raw.length < 10 || !/<p[\s>]/i.test(raw)) continue;
    let value: string;
    try {
      value = JSON.parse(`"${raw}"`) as string;
    } catch {
      continue;
    }
    const group = byKey.get(key) ?? { chunks: [], seen: new Set<string>(), size: 0 };
    byKey.set(key, group);
    if (group.seen.has(value)) continue;
    group.seen.add(value);
    group.chunks.push(value);
    group.size += value.length;
  }
  return [...byKey.values()];
}

/**
 * The article's HTML in a JSON or flight text: of the HTML strings under body-like keys, the key holding the
 * most (its blocks in order, repeats left out).
 */
function htmlInData(text: string): string | undefined {
  let best: { chunks: string[]; size: number } | undefined;
  for (const group of htmlStrings(text)) if (!best || group.size > best.size) best = group;
  return best?.chunks.join("\n");
}

/**
 * JSON as pages write it in a script: as is, else without what breaks it and browsers' own readers forgive —
 * a `//<![CDATA[` wrapper or comment markers around it, commas before a closing bracket, raw line breaks and
 * tabs in strings. Undefined when it still is not JSON.
 */
function lenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // cleaned below
  }
  const cleaned = text
    .replace(/^\s*(?:\/\/\s*)?(?:<!\[CDATA\[|<!--)/, "")
    .replace(/(?:\/\/\s*)?(?:\]\]>|-->)\s*$/, "")
    .replace(/,(\s*[}\]])/g, "$1")
    // eslint-disable-next-line no-control-regex -- raw control characters are what breaks such JSON
    .replace(/[\u0000-\u001f]+/g, " ");
  try {
    return JSON.parse(cleaned);
  } catch {
    return undefined;
  }
}

// Each page's JSON-LD read once: its headline, dates and body all come from it.
const jsonLdRead = new WeakMap<Document, Record<string, unknown>[]>();

// Most JSON-LD objects and arrays walked per script.
const JSON_LD_NODES = 10_000;

/**
 * The objects of the page's JSON-LD, outermost first (`@graph` members and nested ones too), walked without
 * recursion and bounded: the data is the page's.
 */
export function jsonLdObjects(doc: Document): Record<string, unknown>[] {
  const known = jsonLdRead.get(doc);
  if (known) return known;
  const out: Record<string, unknown>[] = [];
  jsonLdRead.set(doc, out);
  for (const script of select('script[type="application/ld+json"]', doc)) {
    const data = lenientJson(scriptText(script));
    if (data === undefined) continue;
    const queue: unknown[] = [data];
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i];
      if (node && typeof node === "object" && !Array.isArray(node)) out.push(node as Record<string, unknown>);
      if (!node || typeof node !== "object") continue;
      for (const value of Object.values(node)) {
        if (queue.length >= JSON_LD_NODES) break;
        if (value && typeof value === "object") queue.push(value);
      }
    }
  }
  return out;
}

/** The longest `articleBody` of the page's JSON-LD. */
function jsonLdArticleBody(doc: Document): string | undefined {
  let best: string | undefined;
  for (const node of jsonLdObjects(doc)) {
    const value = node.articleBody;
    if (typeof value === "string" && (!best || value.length > best.length)) best = value;
  }
  return best;
}

function blocksOfHtml(html: string): Block[] {
  const fragment = parseHtml(`<body>${html}</body>`);
  const body = selectFirst("body", fragment);
  return body ? collectBlocks(body) : [];
}

// A page's own state is read for its article only when the markup shows less text than this (characters): an
// app that draws the article from it (`window.__INITIAL_STATE__ = {…"content":"<p>…"}`, `var allData = …`).
const STATE_BODY_BELOW = 200;
// Least text (characters, tags aside) of the one string taken from such a state: an article, not a teaser.
const STATE_TEXT_MIN = 150;

/**
 * The article's HTML in the page's own state, as an app drawing it in the browser holds it: the longest HTML
 * string under a body-like key of the page's scripts, alone (a list page's state holds many teasers, each
 * short: no article), when it is long enough to be one.
 */
function stateHtml(doc: Document): string | undefined {
  let longest = "";
  for (const text of appScripts(doc))
    for (const group of htmlStrings(text))
      for (const chunk of group.chunks) if (chunk.length > longest.length) longest = chunk;
  return longest.replace(/<[^>]*>/g, "").length >= STATE_TEXT_MIN ? longest : undefined;
}

/**
 * The article's blocks from the page's embedded data, or [] when it carries none; `marked` when they come from
 * HTML (paragraphs as the site made them), not from a plain text that may have lost its paragraph breaks.
 */
export function embeddedBody(doc: Document, shownChars = 0): { blocks: Block[]; marked: boolean } {
  const nextData = selectFirst("script#__NEXT_DATA__", doc);
  const html =
    htmlInData(nextData ? scriptText(nextData) : "") ??
    htmlInData(nextFlightText(doc)) ??
    (shownChars < STATE_BODY_BELOW ? stateHtml(doc) : undefined);
  const fromHtml = html ? blocksOfHtml(html) : [];
  const text = jsonLdArticleBody(doc);
  const fromText: Block[] = text
    ? /<p[\s>]/i.test(text)
      ? blocksOfHtml(text)
      : text
          .split(/\n+/)
          .map((line) => paragraphText(line))
          .filter((line) => line.length > 0)
          .map((line) => ({ type: "paragraph", text: line }))
    : [];
  return blocksLength(fromHtml) >= blocksLength(fromText)
    ? { blocks: fromHtml, marked: true }
    : { blocks: fromText, marked: text !== undefined && /<p[\s>]|\n/.test(text) };
}

/** Characters of text in blocks, for comparing a DOM body with an embedded one. */
export function blocksLength(blocks: Block[]): number {
  return blocks.reduce((n, b) => n + b.text.length, 0);
}

// Keys a page's own state gives its article's publishing time under (`window.DATA = {"pubtime": …}`, Next.js
// props' `publishedAt`, `"publish_time": 1714714200`): the first of them in the page's scripts.
const DATE_KEY =
  /"(?:datePublished|publishedAt|published_at|publishTime|publish_time|pubtime|pubTime|pubDate|pub_date|firstPublished|first_published_at)"\s*:\s*(?:"([^"\\]{6,40})"|(\d{10}|\d{13})(?![\d.]))/g;
// (a template's placeholder, `0001-01-01T00:00:00Z`, is no date)
const PLAUSIBLE_YEAR = /(?:19[7-9]\d|20\d\d)/;
// Most script text searched for such a key or the article's HTML: the article's own state comes early, a 5 MB
// page's bundle is not read.
const DATE_SCRIPT_CHARS = 2_000_000;

/**
 * The publishing time a page's scripts hold for an app to draw (a page that shows no date in its markup):
 * the text as written, or an ISO instant for a Unix time in seconds or milliseconds.
 */
export function embeddedDate(doc: Document): string | undefined {
  for (const text of appScripts(doc))
    for (const m of text.matchAll(DATE_KEY)) {
      if (m[1] && PLAUSIBLE_YEAR.test(m[1])) return m[1];
      if (m[2]) return new Date(Number(m[2]) * (m[2].length === 10 ? 1000 : 1)).toISOString();
    }
  return undefined;
}

/** The texts of the page's scripts and JSON data, in order, up to DATE_SCRIPT_CHARS in all. */
function* appScripts(doc: Document): Generator<string> {
  let read = 0;
  for (const script of select("script", doc)) {
    const type = script.attribs["type"];
    if (type && !/json|javascript|ecmascript|module/i.test(type)) continue;
    const text = scriptText(script);
    read += text.length;
    yield text;
    if (read > DATE_SCRIPT_CHARS) break;
  }
}
