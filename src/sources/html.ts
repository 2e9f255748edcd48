// The DOM layer shared by the page, section and feed parsers: a forgiving parse, CSS selection, and text as a
// reader sees it (block boundaries become line breaks, indents and entity spaces normalised).
import type { AnyNode, Document, Element } from "domhandler";
import { DomHandler, Parser, Tokenizer, type ParserOptions } from "htmlparser2";
import type { DomHandlerOptions } from "domhandler";
import { selectAll, selectOne } from "css-select";
import { getAttributeValue, isTag, isText, isCDATA } from "domutils";
import { decodeHTMLStrict } from "entities";
import { isPlainInline, sanitizeBlock, sanitizeInline, stripControls } from "../text/sanitize.js";

export type { AnyNode, Document, Element };

/** Elements nest at most this deep; deeper start tags are dropped (their text is kept). */
export const MAX_NESTING_DEPTH = 256;

// The parser's own open-element stack grows by unshift (quadratic) and every DOM walk here recurses, so a page
// nesting 100k elements would take minutes or overflow the stack: start tags past the limit are left out.
interface ParserInternals {
  stack: string[];
  tagname: string;
  attribs: Record<string, string> | null;
  endIndex: number;
  getSlice(start: number, end: number): string;
}

interface TokenizerInternals {
  buffer: string;
  index: number;
  offset: number;
}

/**
 * htmlparser2's tokenizer with its skip to a character (a feed's text up to the next `<`, the end of a comment or
 * CDATA section, an attribute's closing quote) done by String.indexOf instead of a loop in JavaScript over every
 * character: the same index, for a fraction of the cost (the loop was a fifth of a feed's parse).
 */
class SkippingTokenizer extends Tokenizer {
  // (not the implicit constructor, which passes its arguments on through an array made at every parse)
  constructor(
    options: ConstructorParameters<typeof Tokenizer>[0],
    cbs: ConstructorParameters<typeof Tokenizer>[1],
  ) {
    super(options, cbs);
  }
}
// (a method TypeScript has as private: set on the prototype, where the tokenizer looks for it)
Object.defineProperty(SkippingTokenizer.prototype, "fastForwardTo", {
  value(this: TokenizerInternals, c: number): boolean {
    const found = this.buffer.indexOf(String.fromCharCode(c), this.index + 1 - this.offset);
    // Where the loop left it: at the character, or else at the buffer's last (the parse loop steps past it).
    this.index = found === -1 ? this.buffer.length + this.offset - 1 : found + this.offset;
    return found !== -1;
  },
});

class DepthLimitedParser extends Parser {
  dropped = 0;

  override onopentagname(start: number, endIndex: number): void {
    const self = this as unknown as ParserInternals;
    if (
      self.stack.length < MAX_NESTING_DEPTH ||
      this.isVoidElement(self.getSlice(start, endIndex).toLowerCase())
    )
      return super.onopentagname(start, endIndex);
    this.dropped++;
    // As if the tag were not there: no element, its attributes go nowhere, its end tag matches nothing.
    self.endIndex = endIndex;
    self.tagname = "";
    self.attribs = null;
  }

  override onclosetag(start: number, endIndex: number): void {
    const self = this as unknown as ParserInternals;
    // A stray </p> makes an empty <p> (HTML's rule); past the limit that would put a block beside the text.
    if (self.stack.length >= MAX_NESTING_DEPTH && !self.stack.includes("p")) {
      const name = self.getSlice(start, endIndex).toLowerCase();
      if (name === "p") {
        self.endIndex = endIndex;
        return;
      }
    }
    super.onclosetag(start, endIndex);
  }
}

const parseWarnings = new WeakMap<Document, string[]>();

/**
 * The DOM as a browser shows it: a line break in the page's source text is a space (see sourceBreaks), except
 * in `<pre>` and its kind (and in scripts and styles); an empty element whose class says line break is a `<br>` (see markupLineBreak). Text
 * outside any element (a fragment of plain text) is left as it is.
 */
class PageHandler extends DomHandler {
  private preformatted = 0;

  override onopentag(name: string, attribs: Record<string, string>): void {
    if (PREFORMATTED.has(name)) this.preformatted++;
    super.onopentag(name, attribs);
  }

  override onclosetag(): void {
    const el = this.tagStack[this.tagStack.length - 1];
    if (el && isTag(el) && PREFORMATTED.has(el.name)) this.preformatted--;
    super.onclosetag();
  }

  override ontext(data: string): void {
    super.ontext(this.preformatted > 0 || this.tagStack.length <= 1 ? data : sourceBreaks(data));
  }
}

/**
 * The last parse's parser of each kind, emptied (and through it its tokenizer, entity decoder and handler): V8
 * keeps the shapes (maps) of a class's objects only while one of them lives, and a full collection that found
 * none threw away the optimised code of the whole parse, which was then compiled again: some 30 functions at
 * each collection in a refresh (V8's log: "dependency-change", "weak objects"; scripts/bench-compile.mjs).
 */
const lastParsers: { page?: Parser; other?: Parser } = {};
/** For the same reason, a small document of each kind, for the shapes of its nodes (a page's are let go). */
const keptShapes: { page?: Document; other?: Document } = {};
const SHAPES = `<?xml version="1.0"?><a b="c">d<e/><![CDATA[f]]><!--g--></a>`;

function parseLimited(
  text: string,
  options: ParserOptions & DomHandlerOptions,
  page = false,
  keep = true,
): Document {
  const handler = page
    ? new PageHandler(undefined, options, markupLineBreak)
    : new DomHandler(undefined, options);
  const parser = new DepthLimitedParser(handler, options);
  parser.end(text);
  const doc = handler.root;
  if (parser.dropped > 0)
    parseWarnings.set(doc, [
      `markup nested deeper than ${MAX_NESTING_DEPTH} levels was flattened (${parser.dropped} tags left out)`,
    ]);
  if (keep) {
    const kind = page ? "page" : "other";
    // Emptied: it holds neither the text nor the document from here on.
    parser.reset();
    lastParsers[kind] = parser;
    keptShapes[kind] ??= parseLimited(SHAPES, options, page, false);
  }
  return doc;
}

/** What the parse had to change to stay within bounds (e.g. flattened nesting), for the reader's warnings. */
export function documentWarnings(doc: Document): string[] {
  return parseWarnings.get(doc) ?? [];
}

export function parseHtml(html: string): Document {
  return parseLimited(
    html,
    {
      decodeEntities: true,
      lowerCaseTags: true,
      lowerCaseAttributeNames: true,
      Tokenizer: SkippingTokenizer,
    },
    true,
  );
}

// An empty element whose class says it is a line break (`<span class="id-r-component br">`, as pages rendered
// from a rich-text model write `<br>`).
const LINE_BREAK_CLASS = /(?:^|\s)(?:br|line-?break)(?:\s|$)/i;

/** Makes an empty element whose class says line break a `<br>`: every reader of the DOM keeps that break. */
function markupLineBreak(el: Element): void {
  if (el.children.length !== 0 || el.name === "br") return;
  // (a tag cut off at the end of the input closes with no attributes at all)
  const cls = (el.attribs as Record<string, string> | undefined)?.["class"];
  if (cls !== undefined && LINE_BREAK_CLASS.test(cls)) el.name = "br";
}

// Elements whose text is kept as written: preformatted text, and scripts and styles (code and JSON, read as
// data by embedded.ts, never shown).
const PREFORMATTED = new Set([
  "pre",
  "textarea",
  "listing",
  "plaintext",
  "xmp",
  "script",
  "style",
  "template",
]);

// Characters between which a browser drops a source line break altogether (CSS Text's segment break
// transformation): Chinese and Japanese run on without spaces; Korean has spaces of its own.
const WIDE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303f\uff00-\uffef]/u;

/**
 * Source text as a browser shows it: a line break with the blanks around it is one space, or nothing between two
 * CJK characters. Only `<br>` and blocks break lines (the text of a `<p>` wrapped at 72 columns is one line).
 */
function sourceBreaks(text: string): string {
  if (!/[\r\n]/.test(text)) return text;
  // (most such text is the indent between two tags)
  if (/^\s*$/.test(text)) return " ";
  return text.replace(/[ \t\f]*(?:\r\n?|\n)[ \t\f\r\n]*/g, (run: string, at: number) => {
    const before = text[at - 1];
    const after = text[at + run.length];
    return before && after && WIDE.test(before) && WIDE.test(after) ? "" : " ";
  });
}

/**
 * A feed as XML, with every entity HTML knows decoded exactly once (feeds use `&ldquo;`, `&nbsp;` … without
 * declaring them; the XML decoder leaves those raw). CDATA sections stay as written.
 */
export function parseXml(xml: string): Document {
  const doc = parseLimited(xml, {
    xmlMode: true,
    decodeEntities: false,
    recognizeCDATA: true,
    Tokenizer: SkippingTokenizer,
  });
  decodeEntitiesIn(doc.children);
  return doc;
}

// One function, not a closure made per document: the optimised code of a closure that calls itself holds that
// closure, and was thrown away once the document's was freed (nine compiles of it in a 2,000-feed refresh).
function decodeEntitiesIn(nodes: AnyNode[]): void {
  for (const n of nodes) {
    if (isText(n)) {
      if (n.data.includes("&")) n.data = decodeHTMLStrict(n.data);
    } else if (isTag(n)) {
      // (for…in: no array of pairs made for each element)
      for (const name in n.attribs) {
        const value = n.attribs[name]!;
        if (value.includes("&")) n.attribs[name] = decodeHTMLStrict(value);
      }
      decodeEntitiesIn(n.children);
    }
  }
}

/** Most items read from one feed or list page; the rest are left out with a warning (50k help nobody). */
export const FEED_ITEMS_MAX = 5000;
/** Longest feed, item or list title kept (characters). */
export const FEED_TITLE_MAX = 1000;

/**
 * Cuts text to `max` characters (code points), with "…"; `what` names it in the warning pushed to `warnings`.
 * Bounds the work of laying out and the screen space of a single hostile field.
 */
export function capText(text: string, max: number, what: string, warnings?: string[]): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  warnings?.push(`${what} cut from ${chars.length} to ${max} characters`);
  return chars.slice(0, max - 1).join("") + "…";
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
  // Ruby readings: only ever shown apart from the running text (src/sources/html-blocks.ts reads them).
  "rt",
  "rp",
  "rtc",
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

// Class names that hide an element from sight (text kept for screen readers only: "Article content",
// "Advertisement", "(opens in a new window)"), with or without a prefix (`u-visually-hidden`, `go-vh`,
// `lrv-a-screen-reader-only`), and inline styles that hide it.
const HIDDEN_CLASS =
  /(?:^|\s)(?:[\w-]*[-_])?(?:sr-only|sr_only|srOnly|visually-?hidden|screen-?reader-(?:text|only)|a11y-hidden|vh)(?:$|\s)|(?:^|\s)_srOnly_/i;
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;

export function isInvisible(el: Element): boolean {
  if (INVISIBLE.has(el.name) || el.attribs["hidden"] !== undefined) return true;
  const cls = el.attribs["class"];
  if (cls !== undefined && HIDDEN_CLASS.test(cls)) return true;
  const style = el.attribs["style"];
  return style !== undefined && HIDDEN_STYLE.test(style);
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

// Whitespace as it appears in CJK pages: ASCII, NBSP, ideographic space (U+3000), and zero-width ones. A lone
// ASCII space is not matched: replacing it by itself made megabytes of garbage on space-separated text.
const SPACES = /(?! (?![\s\u00a0\u3000\u200b\ufeff]))[\s\u00a0\u3000\u200b\ufeff]+/g;

/** One line of text: controls stripped, every whitespace run (incl. U+3000 indents) one space, trimmed. */
export function inlineText(node: AnyNode | AnyNode[] | undefined): string {
  if (!node) return "";
  return cleanInline(rawText(node));
}

export function cleanInline(text: string): string {
  if (isPlainInline(text)) return text;
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

/**
 * Resolves `href` against `base`; undefined for anything that is not an http: or https: URL in the end
 * (javascript:, data:, file:, mailto:, fragments, unparsable links): only those are ever opened or followed.
 */
export function resolveUrl(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  // The URL parser drops tabs and newlines inside a URL; control characters are removed the same way here.
  const trimmed = stripControls(href).trim();
  if (!trimmed || trimmed.startsWith("#")) return undefined;
  try {
    // An http(s) address with its slashes ignores a base that parses (an item's link, most often): the base is
    // not parsed again for it (half the cost of the call).
    const url =
      base === lastValidBase && ABSOLUTE_HTTP.test(trimmed) ? new URL(trimmed) : new URL(trimmed, base);
    lastValidBase = base;
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

const ABSOLUTE_HTTP = /^https?:\/\//i;
/** The last base a URL was resolved against without error (so it parses). */
let lastValidBase: string | undefined;

/**
 * True when `href` is a link somewhere, but to a place the reader will not go (javascript:, file:, data:, …).
 * `resolved`: resolveUrl(href, base), when the caller has it already.
 */
export function isRefusedLink(
  href: string | undefined,
  base: string,
  resolved: string | undefined = resolveUrl(href, base),
): boolean {
  if (!href || resolved !== undefined) return false;
  const trimmed = stripControls(href).trim();
  return trimmed !== "" && !trimmed.startsWith("#") && resolved === undefined;
}

/** Text of an HTML fragment (a feed summary that is escaped HTML), as one line. */
export function htmlFragmentText(html: string): string {
  if (!/[<&]/.test(html)) return cleanInline(html);
  // Feed HTML is often XHTML: `<iframe …/>` closes itself there, and the text after it is text.
  const doc = parseLimited(html, {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
    recognizeSelfClosing: true,
    Tokenizer: SkippingTokenizer,
  });
  return inlineText(doc.children);
}

/** Counts characters as a reader would: CJK and other letters one each, whitespace not at all. */
export function textLength(text: string): number {
  // A loop rather than a replace: this runs on every text node of a page, megabytes on a hostile one.
  let length = 0;
  for (let i = 0; i < text.length; i++) if (!isSpaceCode(text.charCodeAt(i))) length++;
  return length;
}

/** The UTF-16 units of `\s`, plus U+200B (zero-width space). */
function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
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

const metaCache = new WeakMap<Document, Map<string, Element>>();

/** The page's <meta> tags by property, name and itemprop (first of each), read in one pass over the page. */
function metaTags(doc: Document): Map<string, Element> {
  let tags = metaCache.get(doc);
  if (tags) return tags;
  tags = new Map();
  for (const el of select("meta", doc))
    for (const a of ["property", "name", "itemprop"] as const) {
      const key = el.attribs[a];
      if (key !== undefined && !tags.has(`${a}=${key}`)) tags.set(`${a}=${key}`, el);
    }
  metaCache.set(doc, tags);
  return tags;
}

export function meta(doc: Document, key: string): string | undefined {
  const tags = metaTags(doc);
  const el = tags.get(`property=${key}`) ?? tags.get(`name=${key}`) ?? tags.get(`itemprop=${key}`);
  const v = attr(el, "content");
  return v ? cleanInline(v) || undefined : undefined;
}
