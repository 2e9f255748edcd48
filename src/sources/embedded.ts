// The article body as pages carry it in embedded data rather than in their markup: schema.org JSON-LD
// `articleBody`, Next.js's `__NEXT_DATA__` JSON, and its streamed `self.__next_f.push([1, "…"])` payloads holding
// the article's HTML (`contentHtml`, `html`, `body` and the like). A fallback for pages whose DOM has no body.
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

/**
 * HTML strings under body-like keys in a JSON or flight text, grouped by key: the key holding the most of
 * such HTML is the article's (its blocks in order, repeats left out).
 */
function htmlInData(text: string): string | undefined {
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
  let best: { chunks: string[]; size: number } | undefined;
  for (const group of byKey.values()) if (!best || group.size > best.size) best = group;
  return best?.chunks.join("\n");
}

/** The longest `articleBody` of the page's JSON-LD (walked without recursion: the data is the page's). */
function jsonLdArticleBody(doc: Document): string | undefined {
  let best: string | undefined;
  for (const script of select('script[type="application/ld+json"]', doc)) {
    let data: unknown;
    try {
      data = JSON.parse(scriptText(script));
    } catch {
      continue;
    }
    const stack: unknown[] = [data];
    for (let visited = 0; stack.length > 0 && visited < 10_000; visited++) {
      const node = stack.pop();
      if (Array.isArray(node)) for (const item of node) stack.push(item);
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
          if (key === "articleBody" && typeof value === "string") {
            if (!best || value.length > best.length) best = value;
          } else if (value && typeof value === "object") stack.push(value);
        }
      }
    }
  }
  return best;
}

function blocksOfHtml(html: string): Block[] {
  const fragment = parseHtml(`<body>${html}</body>`);
  const body = selectFirst("body", fragment);
  return body ? collectBlocks(body) : [];
}

/**
 * The article's blocks from the page's embedded data, or [] when it carries none; `marked` when they come from
 * HTML (paragraphs as the site made them), not from a plain text that may have lost its paragraph breaks.
 */
export function embeddedBody(doc: Document): { blocks: Block[]; marked: boolean } {
  const nextData = selectFirst("script#__NEXT_DATA__", doc);
  const html = htmlInData(nextData ? scriptText(nextData) : "") ?? htmlInData(nextFlightText(doc));
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
