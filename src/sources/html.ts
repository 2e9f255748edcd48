// The DOM layer shared by the page, section and feed parsers: a forgiving parse, CSS selection, and text as a
// reader sees it (block boundaries become line breaks, indents and entity spaces normalised).
import type { AnyNode, Document, Element } from "domhandler";
import { parseDocument } from "htmlparser2";
import { selectAll, selectOne } from "css-select";
import { getAttributeValue, isTag, isText, isCDATA } from "domutils";
import { sanitizeBlock, sanitizeInline } from "../text/sanitize.js";

export type { AnyNode, Document, Element };

export function parseHtml(html: string): Document {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

export function parseXml(xml: string): Document {
  return parseDocument(xml, { xmlMode: true, decodeEntities: true, recognizeCDATA: true });
}

export function select(query: string, root: AnyNode | AnyNode[]): Element[] {
  return selectAll<AnyNode, Element>(query, root);
}

export function selectFirst(query: string, root: AnyNode | AnyNode[]): Element | undefined {
  return selectOne<AnyNode, Element>(query, root) ?? undefined;
}

export function attr(el: Element | undefined, name: string): string | undefined {
  if (!el) return undefined;
  return getAttributeValue(el, name);
}

// Elements whose text is never shown.
const INVISIBLE = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "object",
  "svg",
  "head",
  "button",
]);
// Elements that break a line around them.
const BLOCK = new Set([
  "p",
  "div",
  "section",
  "article",
  "header",
  "footer",
  "aside",
  "nav",
  "main",
  "li",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "table",
  "tr",
  "td",
  "th",
  "blockquote",
  "pre",
  "figure",
  "figcaption",
  "form",
  "center",
  "hr",
  "address",
]);

export function isBlockTag(name: string): boolean {
  return BLOCK.has(name);
}

export function isInvisible(el: Element): boolean {
  return INVISIBLE.has(el.name) || el.attribs["hidden"] !== undefined;
}

/** Raw text of a node with `\n` at `<br>` and block boundaries (not yet sanitised). */
export function rawText(node: AnyNode | AnyNode[]): string {
  const out: string[] = [];
  const walk = (n: AnyNode): void => {
    if (isText(n)) {
      out.push(n.data);
    } else if (isCDATA(n)) {
      for (const c of n.children) walk(c);
    } else if (isTag(n)) {
      if (isInvisible(n)) return;
      if (n.name === "br") {
        out.push("\n");
        return;
      }
      const block = BLOCK.has(n.name);
      if (block) out.push("\n");
      for (const c of n.children) walk(c);
      if (block) out.push("\n");
    } else if ("children" in n) {
      for (const c of n.children) walk(c);
    }
  };
  for (const n of Array.isArray(node) ? node : [node]) walk(n);
  return out.join("");
}

// Whitespace as it appears in CJK pages: ASCII, NBSP, ideographic space (U+3000), and zero-width ones.
const SPACES = /[\s\u00a0\u3000\u200b\ufeff]+/g;

/** One line of text: controls stripped, every whitespace run (incl. U+3000 indents) one space, trimmed. */
export function inlineText(node: AnyNode | AnyNode[] | undefined): string {
  if (!node) return "";
  return cleanInline(rawText(node));
}

export function cleanInline(text: string): string {
  return sanitizeInline(text.replace(SPACES, " ")).trim();
}

/** Paragraph text: leading indents (\u3000\u3000, &nbsp;) gone, inner whitespace runs one space. */
export function paragraphText(text: string): string {
  return sanitizeBlock(text).replace(SPACES, " ").trim();
}

/** Splits raw text at line breaks into cleaned, non-empty lines. */
export function textLines(node: AnyNode | AnyNode[]): string[] {
  return rawText(node)
    .split("\n")
    .map(paragraphText)
    .filter((line) => line.length > 0);
}

/** Resolves `href` against `base`; undefined for javascript:, mailto: and unparsable links. */
export function resolveUrl(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  if (!trimmed || /^(javascript|mailto|tel|data):/i.test(trimmed) || trimmed.startsWith("#"))
    return undefined;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== "http:" && url.protocol !== "https:" && url.protocol !== "file:") return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/** Text of an HTML fragment (a feed summary that is escaped HTML), as one line. */
export function htmlFragmentText(html: string): string {
  if (!/[<&]/.test(html)) return cleanInline(html);
  return inlineText(parseHtml(html).children);
}

/** Counts characters as a reader would: CJK and other letters one each, whitespace not at all. */
export function textLength(text: string): number {
  return text.replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, "").length;
}

export interface TextStats {
  /** Visible characters, whitespace not counted. */
  chars: number;
  /** Of those, the characters inside links. */
  linkChars: number;
}

const statsCache = new WeakMap<AnyNode, TextStats>();

/** Character counts of a subtree, memoised so scoring every container of a page stays linear. */
export function textStats(node: AnyNode): TextStats {
  const cached = statsCache.get(node);
  if (cached) return cached;
  let stats: TextStats;
  if (isText(node)) {
    const chars = textLength(node.data);
    stats = { chars, linkChars: 0 };
  } else if (isTag(node) && isInvisible(node)) {
    stats = { chars: 0, linkChars: 0 };
  } else if ("children" in node) {
    let chars = 0;
    let linkChars = 0;
    for (const c of node.children) {
      const s = textStats(c);
      chars += s.chars;
      linkChars += s.linkChars;
    }
    if (isTag(node) && node.name === "a") linkChars = chars;
    stats = { chars, linkChars };
  } else {
    stats = { chars: 0, linkChars: 0 };
  }
  statsCache.set(node, stats);
  return stats;
}

export function ancestors(el: Element): Element[] {
  const out: Element[] = [];
  let p = el.parent;
  while (p && isTag(p)) {
    out.push(p);
    p = p.parent;
  }
  return out;
}

export function meta(doc: Document, key: string): string | undefined {
  const el =
    selectFirst(`meta[property="${key}"]`, doc) ??
    selectFirst(`meta[name="${key}"]`, doc) ??
    selectFirst(`meta[itemprop="${key}"]`, doc);
  const v = attr(el, "content");
  return v ? cleanInline(v) || undefined : undefined;
}
