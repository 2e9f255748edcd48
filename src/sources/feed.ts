// Feeds → ArticleRef[]: RSS 2.0 (and 0.9x), RSS 1.0/RDF, Atom, JSON Feed. Entities (HTML's, which feeds use
// undeclared) and CDATA are undone once by the XML parse; HTML-typed text then goes through the HTML parser.
import { Element } from "domhandler";
import { getAttributeValue, getOuterHTML, isTag, isText, textContent } from "domutils";
import { escapeText } from "entities";
import { ReaderError, itemUrl, type Article, type ArticleRef, type Resource } from "../model.js";
import { decodeBody, undoDoubleUtf8 } from "./decode.js";
import { dateZone, parseDate } from "./dates.js";
import { collectBlocks } from "./html-article.js";
import {
  FEED_ITEMS_MAX,
  FEED_TITLE_MAX,
  capText,
  cleanInline,
  documentWarnings,
  htmlFragmentText,
  isRefusedLink,
  parseHtml,
  parseXml,
  resolveUrl,
} from "./html.js";
import { parseSectionPage } from "./section.js";

export interface Feed {
  title: string;
  link?: string;
  items: ArticleRef[];
  warnings: string[];
  /** Set by loadFeed when the resource was an HTML page read as a section list rather than a feed. */
  fromPage?: boolean;
}

const SUMMARY_MAX = 280;

// Namespaces by URI: an element is matched by what its prefix means, not by its local name alone
// (`media:title` is not the item's title). RSS 2.0 has none, but some feeds put it in one of these.
const NS = {
  atom: "http://www.w3.org/2005/atom", // lower case: URIs are compared without case
  atom03: "http://purl.org/atom/ns#",
  rss1: "http://purl.org/rss/1.0/",
  rss090: "http://my.netscape.com/rdf/simple/0.9/",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  dc: "http://purl.org/dc/elements/1.1/",
  dcterms: "http://purl.org/dc/terms/",
  content: "http://purl.org/rss/1.0/modules/content/",
  xhtml: "http://www.w3.org/1999/xhtml",
  itunes: "http://www.itunes.com/dtds/podcast-1.0.dtd",
  media: "http://search.yahoo.com/mrss/",
} as const;
const CORE = new Set<string>([
  "",
  NS.atom,
  NS.atom03,
  NS.rss1,
  NS.rss090,
  "http://backend.userland.com/rss2",
  "http://backend.userland.com/rss",
  "http://blogs.law.harvard.edu/tech/rss",
]);
// Prefixes feeds use without declaring them.
const USUAL_PREFIXES: Record<string, string> = {
  dc: NS.dc,
  dcterms: NS.dcterms,
  content: NS.content,
  atom: NS.atom,
  rdf: NS.rdf,
  xhtml: NS.xhtml,
};

function localName(el: Element): string {
  const name = el.name.toLowerCase();
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * The namespace URI of an element: its prefix's (or the default) xmlns declaration here or above. Not kept per
 * element: the walk is a few property reads (an item's children are three levels down), cheaper than a WeakMap.
 */
function namespaceOf(el: Element): string {
  const colon = el.name.indexOf(":");
  const prefix = colon === -1 ? "" : el.name.slice(0, colon);
  const attrName = prefix ? `xmlns:${prefix}` : "xmlns";
  for (let n: Element | null = el; n && isTag(n); n = n.parent as Element | null) {
    const v = n.attribs[attrName];
    if (v !== undefined) return v.trim().toLowerCase(); // feedparser compares them without case too
  }
  return prefix ? (USUAL_PREFIXES[prefix.toLowerCase()] ?? `${prefix}:`) : "";
}

function childElements(el: Element): Element[] {
  return el.children.filter(isTag);
}

/** Children named `name` in the feed's own vocabulary (`ns` undefined) or in namespace `ns`. */
function children(el: Element, name: string, ns?: string): Element[] {
  const found: Element[] = [];
  for (const k of kidsOf(el)) if (isNamed(k, name, ns)) found.push(k.el);
  return found;
}

/** A child element with what the questions about it need, worked out once. */
interface Kid {
  el: Element;
  /** Its local name, lower case. */
  name: string;
  /** Its namespace URI (namespaceOf). */
  uri: string;
  /** isFeedVocabulary. */
  vocab: boolean;
}

function isNamed(k: Kid, name: string, ns: string | undefined): boolean {
  return k.name === name && (ns === undefined ? k.vocab : k.uri === ns);
}

// Where kidsOf keeps an element's table: on the element, so that it goes with the document.
const KIDS = Symbol("kids");

/**
 * An element's child elements with their names and namespaces, made once: an item is asked for ~30 names, each a
 * scan of a few children (cheaper than maps of maps per item, and nothing made per question).
 */
function kidsOf(el: Element): Kid[] {
  const holder = el as Element & { [KIDS]?: Kid[] };
  const held = holder[KIDS];
  if (held) return held;
  const kids: Kid[] = [];
  for (const c of el.children) {
    if (!isTag(c)) continue;
    const uri = namespaceOf(c);
    kids.push({ el: c, name: localName(c), uri, vocab: isFeedVocabulary(c, uri) });
  }
  holder[KIDS] = kids;
  return kids;
}

// An element with a table, kept: V8 keeps the shape (map) of elements with a KIDS property only while one lives, and
// a full collection that found none threw away the optimised code of every function here that reads one (V8's log:
// "dependency-change", "weak objects"), compiled again for the next feed (see lastParsers in html.ts).
const kidsShape = new Element("kids", {});
kidsOf(kidsShape);

const KNOWN_NAMESPACES = new Set<string>(Object.values(NS));

/**
 * True for an element in the feed's own vocabulary: a known feed namespace, or the root element's own. `uri`:
 * namespaceOf(el), when the caller has it.
 */
function isFeedVocabulary(el: Element, uri = namespaceOf(el)): boolean {
  if (CORE.has(uri)) return true;
  let top = el;
  while (top.parent && isTag(top.parent)) top = top.parent;
  return namespaceOf(top) === uri && !KNOWN_NAMESPACES.has(uri);
}

function child(el: Element, name: string, ns?: string): Element | undefined {
  for (const k of kidsOf(el)) if (isNamed(k, name, ns)) return k.el;
  return undefined;
}

/** The last child named so (see children). */
function lastChild(el: Element, name: string, ns?: string): Element | undefined {
  const kids = kidsOf(el);
  for (let i = kids.length - 1; i >= 0; i--) if (isNamed(kids[i]!, name, ns)) return kids[i]!.el;
  return undefined;
}

/** textContent, without the array it makes for an element that holds one text (nearly every field of a feed). */
function textOf(el: Element): string {
  const only = el.children.length === 1 ? el.children[0] : undefined;
  return only && isText(only) ? only.data : textContent(el);
}

function childText(el: Element, name: string, ns?: string): string | undefined {
  const c = child(el, name, ns);
  if (!c) return undefined;
  return cleanInline(undoDoubleUtf8(textOf(c))) || undefined;
}

function findFirst(nodes: Element[], test: (el: Element) => boolean): Element | undefined {
  for (const n of nodes) {
    if (test(n)) return n;
    const found = findFirst(childElements(n), test);
    if (found) return found;
  }
  return undefined;
}

function summarize(html: string | undefined): string | undefined {
  return html ? summarizeText(htmlFragmentText(html)) : undefined;
}

function summarizeText(plain: string | undefined): string | undefined {
  return cutSummary(plain ? cleanInline(plain) : undefined);
}

/** Clean text cut to SUMMARY_MAX code points (most summaries are shorter: nothing to count). */
function cutSummary(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (text.length <= SUMMARY_MAX) return text;
  let end = 0;
  for (let n = 0; n < SUMMARY_MAX - 1 && end < text.length; n++)
    end += text.codePointAt(end)! > 0xffff ? 2 : 1;
  // More than one code point left: longer than SUMMARY_MAX.
  const left = text.length - end;
  return left > 2 || (left === 2 && text.codePointAt(end)! <= 0xffff) ? text.slice(0, end) + "…" : text;
}

/**
 * A feed element's content as HTML or text, by its declared type (Atom 1.0 `type`, Atom 0.3 `mode`, base64 for
 * other media types); without one, markup written as elements is XHTML, and RSS text is HTML (`rssIsHtml`) — a
 * title only when it holds tags.
 */
function markupOf(el: Element, rssIsHtml: boolean): { html: string } | { text: string } {
  const type = (getAttributeValue(el, "type") ?? "").toLowerCase().trim();
  const mode = (getAttributeValue(el, "mode") ?? "").toLowerCase();
  const xhtml = type === "xhtml" || type === "application/xhtml+xml" || mode === "xml";
  if (xhtml || namespaceOf(el) === NS.xhtml || (!type && el.children.some(isTag)))
    return { html: getOuterHTML(el.children, { xmlMode: false, decodeEntities: true }) };
  const base64 = mode === "base64" || (/\//.test(type) && !/^text\/|[+/]xml$/.test(type));
  const raw = base64 ? fromBase64(textOf(el)) : undoDoubleUtf8(textOf(el));
  if (type === "html" || type === "text/html" || mode === "escaped") return { html: raw };
  if (base64 || type === "text" || type === "text/plain" || type === "plain") return { text: raw };
  // No type: Atom's default is text; RSS text is HTML, and a title is when it holds markup.
  return rssIsHtml || /<\/\w+>|<br\s*\/?>/i.test(raw) ? { html: raw } : { text: raw };
}

/** Base64 content (Atom `mode="base64"`) as UTF-8 text; the text as it is when it is not base64. */
function fromBase64(text: string): string {
  const compact = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return text;
  return new TextDecoder().decode(Buffer.from(compact, "base64"));
}

function elementText(el: Element | undefined, rssIsHtml: boolean): string | undefined {
  if (!el) return undefined;
  const m = markupOf(el, rssIsHtml);
  return ("html" in m ? htmlFragmentText(m.html) : cleanInline(m.text)) || undefined;
}

function elementHtml(el: Element | undefined, rssIsHtml: boolean): string | undefined {
  if (!el) return undefined;
  const m = markupOf(el, rssIsHtml);
  return "html" in m ? m.html : escapeText(m.text);
}

/** True when the text is a feed (RSS, RDF, Atom, JSON Feed) rather than an HTML page. */
export function looksLikeFeed(text: string): boolean {
  const head = text.slice(0, 4096).replace(/<!--[\s\S]*?-->/g, "");
  const trimmed = head.trimStart();
  if (trimmed.startsWith("{")) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(head);
  if (/<html[\s>]/i.test(head)) return false;
  // A prefixed root (`<r:rss>`, `<rdf:RDF>` under any prefix) is still a feed.
  return /<(?:[\w.-]+:)?(?:rss|rdf|feed|channel)[\s>]/i.test(head);
}

interface JsonFeedItem {
  id?: unknown;
  url?: unknown;
  external_url?: unknown;
  title?: unknown;
  summary?: unknown;
  content_text?: unknown;
  content_html?: unknown;
  date_published?: unknown;
  date_modified?: unknown;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() ? v : undefined;
}

/** What an item says about itself, before it becomes an ArticleRef. */
interface EntryFields {
  title?: string | undefined;
  /** Its http(s) link, resolved. */
  link?: string | undefined;
  /** Set when it names a link the reader will not follow (javascript:, file:…). */
  refusedLink?: boolean;
  /** guid / Atom id / JSON Feed id. */
  id?: string | undefined;
  publishedText?: string | undefined;
  updatedText?: string | undefined;
  summary?: string | undefined;
  /**
   * Its text as HTML, to read it without its link: made only for the item opened (a list never shows it, and
   * making it for every item cost as much as the rest of the item).
   */
  content?: (() => string | undefined) | undefined;
  source?: string | undefined;
}

/** A parsed item: the list's ArticleRef and, for reading it from the feed, its content. */
interface Entry {
  ref: ArticleRef;
  content?: (() => string | undefined) | undefined;
}

interface ParsedFeed {
  title: string;
  link?: string | undefined;
  entries: Entry[];
  warnings: string[];
}

/**
 * Items become ArticleRefs: none is dropped. One without an http(s) link gets a `feed-item:` URL naming its feed
 * and identity (guid/id, else link, else title and date), so it is listed, marked read and opened like any other;
 * its article is its own text. Dates without a zone are read in the zone the feed's other dates show, else UTC.
 */
function makeEntries(
  items: EntryFields[],
  clues: FeedClues,
  feedUrl: string,
  kind: string,
  warnings: string[],
): Entry[] {
  const zone = feedZone(items, clues, feedUrl);
  const seen = new Set<string>();
  const entries: Entry[] = [];
  items.forEach((f, i) => {
    const dateText = f.publishedText ?? f.updatedText;
    const published = parseDate(dateText, zone);
    if (dateText && !published) warnings.push(`${kind} ${i + 1}: date "${dateText}" not understood`);
    const rawTitle = f.title ?? f.summary?.slice(0, 60);
    const title = rawTitle === undefined ? undefined : capTitle(rawTitle, warnings);
    const id =
      f.id ?? f.link ?? (title || dateText ? [title, dateText].filter(Boolean).join(" ") : undefined);
    const key = id ?? f.summary ?? `#${i + 1}`;
    if (seen.has(key)) {
      warnings.push(`${kind} ${i + 1}${title ? ` (${title})` : ""} repeats an earlier one: listed once`);
      return;
    }
    seen.add(key);
    if (!f.link && f.refusedLink)
      warnings.push(`${kind} ${i + 1}${title ? ` (${title})` : ""}: its link is not http or https`);
    const url = f.link ?? itemUrl(feedUrl, key);
    // "" when the item has neither title nor text: the list shows a stand-in, the JSON says what the feed said.
    // Fields set only when present (not deleted after: an object with a property deleted becomes a dictionary,
    // slower to read and larger, and thousands of these are kept).
    const ref: ArticleRef = { title: title ?? "", url };
    // The link says it already when it is the identity.
    if (id !== undefined && id !== url) ref.id = id;
    if (published !== undefined) ref.published = published;
    if (f.source !== undefined) ref.source = f.source;
    if (f.summary !== undefined) ref.summary = f.summary;
    entries.push({ ref, content: f.content });
  });
  return entries;
}

/** What a feed says about itself that tells the zone of its zone-less dates. */
interface FeedClues {
  /** Its own dates (lastBuildDate, pubDate, updated): one that names a zone names the feed's. */
  dates: (string | undefined)[];
  /** Its language (`<language>`, `xml:lang`). */
  language?: string | undefined;
  /** The legacy charset it was written in, when one (a GB or Big5 feed is Chinese, Shift_JIS Japanese). */
  charset?: string | undefined;
}

// Where a language is written, one zone is nearly always meant: a Chinese feed's zone-less dates are Beijing
// (and Taipei, Hong Kong) time, a Japanese or Korean feed's are +09:00. 人民網 feeds give neither zone nor language.
const LANGUAGE_ZONES: [RegExp, string][] = [
  [/^zh\b/i, "+08:00"],
  [/^(?:ja|ko)\b/i, "+09:00"],
];

const CHARSET_ZONES: Record<string, string> = {
  gb18030: "+08:00",
  big5: "+08:00",
  shift_jis: "+09:00",
  "euc-jp": "+09:00",
  "iso-2022-jp": "+09:00",
  "euc-kr": "+09:00",
};

/**
 * The zone for a feed's dates that name none: the zone its own or its items' dates name, else its language's or
 * its CJK charset's, else UTC (never the machine's).
 */
function feedZone(items: EntryFields[], clues: FeedClues, feedUrl: string): string {
  // Two loops, not one over [...dates, ...items.map(…)]: a map() inlined in optimised code makes a holey array,
  // whose spread threw this function's optimised code away ("wrong map"; see rssFields).
  for (const text of clues.dates) {
    const zone = dateZone(text);
    if (zone) return zone;
  }
  for (const f of items) {
    const zone = dateZone(f.publishedText ?? f.updatedText);
    if (zone) return zone;
  }
  const language = clues.language?.trim() ?? "";
  for (const [re, zone] of LANGUAGE_ZONES) if (re.test(language)) return zone;
  const charsetZone = clues.charset ? CHARSET_ZONES[clues.charset] : undefined;
  if (charsetZone) return charsetZone;
  return isPeopleFeed(feedUrl) ? "+08:00" : "+00:00";
}

function feedClues(channel: Element, root: Element = channel): FeedClues {
  return {
    dates: [dateText(channel, [["lastbuilddate"], ...PUBLISHED]), dateText(channel, UPDATED)],
    language:
      childText(channel, "language") ??
      childText(channel, "language", NS.dc) ??
      getAttributeValue(channel, "xml:lang") ??
      getAttributeValue(root, "xml:lang"),
  };
}

function isPeopleFeed(feedUrl: string): boolean {
  try {
    return /(?:^|\.)people\.com\.cn$/i.test(new URL(feedUrl).hostname);
  } catch {
    return false;
  }
}

function parseJsonFeed(text: string, feedUrl: string, charset?: string): ParsedFeed {
  const warnings: string[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { title: "", entries: [], warnings: [`JSON Feed does not parse: ${(e as Error).message}`] };
  }
  if (!data || typeof data !== "object")
    return { title: "", entries: [], warnings: ["JSON Feed is not an object"] };
  const feed = data as { title?: unknown; home_page_url?: unknown; items?: unknown };
  const allItems = Array.isArray(feed.items) ? (feed.items as unknown[]) : [];
  if (!Array.isArray(feed.items)) warnings.push("JSON Feed has no items array");
  const fields: EntryFields[] = [];
  capItems(allItems, warnings).forEach((raw, i) => {
    if (!raw || typeof raw !== "object") {
      warnings.push(`item ${i + 1} skipped: not an object`);
      return;
    }
    const it = raw as JsonFeedItem;
    const id = typeof it.id === "number" ? String(it.id) : str(it.id);
    const href = str(it.url) ?? str(it.external_url) ?? (id?.includes("/") ? id : undefined);
    const link = resolveUrl(href, feedUrl);
    const html = str(it.content_html);
    fields.push({
      title: cleanInline(str(it.title) ?? "") || undefined,
      link,
      refusedLink: isRefusedLink(href, feedUrl),
      id: id ? cleanInline(id) : undefined,
      publishedText: str(it.date_published),
      updatedText: str(it.date_modified),
      summary: summarizeText(str(it.summary) ?? str(it.content_text)) ?? summarize(html),
      content: () => html ?? (str(it.content_text) ? escapeText(str(it.content_text) ?? "") : undefined),
    });
  });
  return {
    title: capTitle(cleanInline(str(feed.title) ?? ""), warnings),
    link: resolveUrl(str(feed.home_page_url), feedUrl),
    entries: makeEntries(fields, { dates: [], charset }, feedUrl, "item", warnings),
    warnings,
  };
}

function capItems<T>(items: T[], warnings: string[]): T[] {
  if (items.length <= FEED_ITEMS_MAX) return items;
  warnings.push(`the feed has ${items.length} items: only the first ${FEED_ITEMS_MAX} are listed`);
  return items.slice(0, FEED_ITEMS_MAX);
}

function capTitle(title: string, warnings: string[]): string {
  return capText(title, FEED_TITLE_MAX, "a title", warnings);
}

function withoutUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** The date an item gives under the first of `names` it has; the last such element, as feedparser keeps it. */
function dateText(el: Element, names: [string, string?][]): string | undefined {
  for (const [name, ns] of names) {
    const last = lastChild(el, name, ns);
    const text = last ? cleanInline(textOf(last)) : "";
    if (text) return text;
  }
  return undefined;
}

function firstChild(el: Element, names: [string, string?][]): Element | undefined {
  for (const [name, ns] of names) {
    const c = child(el, name, ns);
    if (c) return c;
  }
  return undefined;
}

const TITLES: [string, string?][] = [["title"], ["title", NS.dc], ["title", NS.media]];
const PUBLISHED: [string, string?][] = [
  ["pubdate"],
  ["published"],
  ["issued"],
  ["issued", NS.dcterms],
  ["published", NS.atom],
];
const UPDATED: [string, string?][] = [
  ["updated"],
  ["modified"],
  ["date", NS.dc],
  ["modified", NS.dcterms],
  ["updated", NS.atom],
];

const DESCRIPTIONS: [string, string?][] = [
  ["description"],
  ["abstract"],
  ["description", NS.dc],
  ["summary", NS.atom],
  ["summary", NS.itunes],
];
const BODIES: [string, string?][] = [
  ["encoded", NS.content],
  ["body", NS.xhtml],
  ["body"],
  ["fullitem"],
  ["content", NS.atom],
];

function rssFields(item: Element, base: string): EntryFields {
  const guid = child(item, "guid");
  const guidText = guid ? cleanInline(textOf(guid)) || undefined : undefined;
  const permalink =
    guid &&
    getAttributeValue(guid, "isPermaLink")?.toLowerCase() !== "false" &&
    /^https?:|^\//i.test(guidText ?? "")
      ? guidText
      : undefined;
  const aboutAttr = getAttributeValue(item, "rdf:about");
  const about = aboutAttr ? cleanInline(aboutAttr) || undefined : undefined;
  // The link's candidates: `<link>`, an `href`, the guid as permalink, rdf:about, an Atom link.
  const hrefs = [
    childText(item, "link"),
    attrAnyCase(item, "href"),
    permalink,
    about,
    alternateHref(children(item, "link", NS.atom)),
  ];
  // Each resolved once, for the link and for the refusal (a URL parse is a tenth of an item's fields). Pushed,
  // not map()ped: map() inlined in optimised code makes a holey array where the interpreter's made a packed one,
  // and the loads from it ("wrong map") threw this function's optimised code away (V8 --trace-deopt).
  const resolved: (string | undefined)[] = [];
  for (const h of hrefs) resolved.push(resolveUrl(h, base));
  const link = resolved[0] ?? resolved[4] ?? resolved[1] ?? resolved[2] ?? resolved[3];
  const description = firstChild(item, DESCRIPTIONS);
  const body = firstChild(item, BODIES);
  const sourceText =
    childText(item, "source") ?? childText(item, "publisher", NS.dc) ?? childText(item, "source", NS.dc);
  return {
    title: elementText(firstChild(item, TITLES), false),
    link,
    refusedLink: hrefs.some((h, i) => isRefusedLink(h, base, resolved[i])),
    // RDF's rdf:about is the item's address: as an identity, resolved as its link is.
    id: guidText ?? (about ? (resolveUrl(about, base) ?? about) : undefined),
    publishedText: dateText(item, PUBLISHED),
    updatedText: dateText(item, UPDATED) ?? attrAnyCase(item, "lastmod"),
    summary: cutSummary(elementText(description ?? body, true)),
    content: () => elementHtml(body ?? description, true),
    source: sourceText && !/^https?:/.test(sourceText) ? sourceText : undefined,
  };
}

/** The href of the first `rel=alternate` link (rel absent means alternate), an HTML one when there is a choice. */
function alternateHref(links: Element[]): string | undefined {
  const alternates = links.filter(
    (l) => (getAttributeValue(l, "rel") ?? "alternate").toLowerCase() === "alternate",
  );
  const alt = alternates.find((l) => /html/i.test(getAttributeValue(l, "type") ?? "html")) ?? alternates[0];
  // Some feeds write the address as the element's text.
  return alt ? (getAttributeValue(alt, "href") ?? (textOf(alt).trim() || undefined)) : undefined;
}

/** An attribute whatever the case of its name (CDF writes `HREF`, `LASTMOD`). */
function attrAnyCase(el: Element, name: string): string | undefined {
  for (const key in el.attribs) if (key.toLowerCase() === name) return el.attribs[key];
  return undefined;
}

/** `media:description`, on its own or in a `media:group`: a podcast's or video's text. */
function mediaDescription(el: Element): Element | undefined {
  const group = child(el, "group", NS.media);
  return child(el, "description", NS.media) ?? (group ? child(group, "description", NS.media) : undefined);
}

function atomFields(entry: Element, feedBase: string): EntryFields {
  const base = resolveUrl(getAttributeValue(entry, "xml:base"), feedBase) ?? feedBase;
  const links = children(entry, "link");
  const href = alternateHref(links);
  const id = childText(entry, "id");
  const link = resolveUrl(href, base) ?? (id && /^https?:\/\//i.test(id) ? resolveUrl(id, base) : undefined);
  const summaryEl = firstChild(entry, [["summary"], ["summary", NS.itunes]]) ?? mediaDescription(entry);
  const contentEl = child(entry, "content");
  const sourceEl = child(entry, "source");
  return {
    title: elementText(firstChild(entry, TITLES), false),
    link,
    refusedLink: links.some((l) => isRefusedLink(getAttributeValue(l, "href"), base)),
    id,
    publishedText: dateText(entry, PUBLISHED),
    updatedText: dateText(entry, UPDATED),
    summary: cutSummary(elementText(summaryEl ?? contentEl, false)),
    content: () => elementHtml(contentEl ?? summaryEl, false),
    source: sourceEl ? childText(sourceEl, "title") : undefined,
  };
}

function parseFeedEntries(text: string, feedUrl: string, baseUrl = feedUrl, charset?: string): ParsedFeed {
  try {
    const body = text.replace(/^\ufeff/, "");
    if (body.trimStart().startsWith("{")) return parseJsonFeed(body, feedUrl, charset);
    const doc = parseXml(body);
    const root = findFirst(doc.children.filter(isTag), (el) =>
      ["rss", "rdf", "feed", "channel"].includes(localName(el)),
    );
    if (!root)
      return {
        title: "",
        entries: [],
        warnings: ["not a feed: no <rss>, <rdf:RDF>, <feed> or JSON Feed found"],
      };
    const warnings: string[] = [...documentWarnings(doc)];
    const name = localName(root);
    const closing = new RegExp(`</(?:[\\w.-]+:)?${name}\\s*>`, "i");
    // (its end first: the whole feed is read only when the end tag is not there)
    if (!closing.test(body.slice(-4096)) && !closing.test(body))
      warnings.push("the feed ends early (truncated or malformed); showing the items that parse");

    if (name === "feed") {
      const base = resolveUrl(getAttributeValue(root, "xml:base"), baseUrl) ?? baseUrl;
      // feedparser takes an <item> in an Atom feed for an entry, and so does the reader.
      const entryEls = childElements(root).filter(
        (c) => ["entry", "item"].includes(localName(c)) && isFeedVocabulary(c),
      );
      const fields = capItems(entryEls, warnings).map((e) => atomFields(e, base));
      return {
        title: capTitle(elementText(child(root, "title"), false) ?? "", warnings),
        link: resolveUrl(alternateHref(children(root, "link")), base),
        entries: makeEntries(fields, { ...feedClues(root), charset }, feedUrl, "entry", warnings),
        warnings,
      };
    }

    const channel = name === "channel" ? root : child(root, "channel");
    // RSS 2.0 nests items in <channel>; RSS 1.0 puts them beside it.
    const itemEls = capItems(
      [...(channel && channel !== root ? children(channel, "item") : []), ...children(root, "item")],
      warnings,
    );
    const fields = itemEls.map((e) => rssFields(e, baseUrl));
    const title = channel
      ? elementText(firstChild(channel, [["title"], ["title", NS.dc]]), false)
      : undefined;
    const link = channel ? resolveUrl(childText(channel, "link"), baseUrl) : undefined;
    if (!channel) warnings.push("no <channel> element");
    return {
      title: capTitle(title ?? "", warnings),
      link,
      entries: makeEntries(
        fields,
        { ...(channel ? feedClues(channel, root) : { dates: [] }), charset },
        feedUrl,
        "item",
        warnings,
      ),
      warnings,
    };
  } catch (e) {
    return { title: "", entries: [], warnings: [`feed could not be parsed: ${(e as Error).message}`] };
  }
}

/**
 * Parses any supported feed format. Never throws: what parses is returned, the rest is in `warnings`.
 * `baseUrl` resolves relative links (the feed's Content-Location when it has one); `feedUrl` is where it is read;
 * `charset`, the one it was decoded from, hints at the zone of zone-less dates.
 */
export function parseFeed(text: string, feedUrl: string, baseUrl = feedUrl, charset?: string): Feed {
  const parsed = parseFeedEntries(text, feedUrl, baseUrl, charset);
  return withoutUndefined({
    title: parsed.title,
    link: parsed.link,
    items: parsed.entries.map((e) => e.ref),
    warnings: parsed.warnings,
  });
}

function feedKind(contentType: string | undefined, body: Uint8Array): "html" | "xml" | "text" {
  const ct = (contentType ?? "").toLowerCase();
  if (/json/.test(ct)) return "text";
  if (/xml|rss|atom|rdf/.test(ct)) return "xml";
  const head = Buffer.from(body.subarray(0, 512)).toString("latin1").trimStart();
  if (head.startsWith("<?xml")) return "xml";
  if (head.startsWith("{")) return "text";
  return "html";
}

function decodeFeed(resource: Resource) {
  return decodeBody(resource.body, resource.contentType, feedKind(resource.contentType, resource.body));
}

function isBlankXml(text: string): boolean {
  return (
    blankAtStart(text) ??
    text
      .replace(/<!--[\s\S]*?(?:-->|$)/g, "")
      .replace(/<\?xml[^>]*\?>/, "")
      .trim() === ""
  );
}

const BLANKS = /\s*/y;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/y;
const DECLARATION = /<\?xml[^>]*\?>/y;

/**
 * isBlankXml's answer read from the start of the text, past blanks, comments and one declaration, without a
 * copy of the whole feed (nearly every feed has an element there); undefined when only the whole reading can tell
 * (a declaration with a comment inside).
 */
function blankAtStart(text: string): boolean | undefined {
  let declared = false;
  for (let at = 0; ;) {
    BLANKS.lastIndex = at;
    BLANKS.test(text);
    at = BLANKS.lastIndex;
    if (at >= text.length) return true;
    const sticky: RegExp | undefined = text.startsWith("<!--", at)
      ? COMMENT
      : !declared && text.startsWith("<?xml", at)
        ? DECLARATION
        : undefined;
    if (!sticky) return false;
    sticky.lastIndex = at;
    if (!sticky.test(text) || (sticky === DECLARATION && text.slice(at, sticky.lastIndex).includes("<!--")))
      return undefined;
    declared ||= sticky === DECLARATION;
    at = sticky.lastIndex;
  }
}

/** Where a feed's relative links resolve: its Content-Location (resolved, http(s) only), else its URL. */
function feedBase(resource: Resource): string {
  return resolveUrl(resource.contentLocation, resource.url) ?? resource.url;
}

/** The whole pipeline for a channel resource: decode, then a feed parse, or a section-page parse for HTML. */
export function loadFeed(resource: Resource): Feed {
  if (resource.status >= 400) throw new ReaderError(`${resource.url}: HTTP ${resource.status}`);
  const decoded = decodeFeed(resource);
  // An XML resource with nothing in it but comments is an empty feed, not a page.
  const empty = feedKind(resource.contentType, resource.body) === "xml" && isBlankXml(decoded.text);
  if (empty) return { title: "", items: [], warnings: [...decoded.warnings, "the feed is empty"] };
  if (looksLikeFeed(decoded.text)) {
    const feed = parseFeed(decoded.text, resource.url, feedBase(resource), decoded.charset);
    return { ...feed, warnings: [...decoded.warnings, ...feed.warnings] };
  }
  const section = parseSectionPage(decoded.text, resource.url);
  return {
    title: section.title,
    link: resource.url,
    items: section.items,
    warnings: [...decoded.warnings, ...section.warnings],
    fromPage: true,
  };
}

/**
 * The article of a feed item that has no link of its own (`feed-item:` URL): its text from the feed, laid out as
 * any article is. Undefined when the feed no longer has the item.
 */
export function feedItemArticle(resource: Resource, url: string): Article | undefined {
  const decoded = decodeFeed(resource);
  const parsed = parseFeedEntries(decoded.text, resource.url, feedBase(resource), decoded.charset);
  const entry = parsed.entries.find((e) => e.ref.url === url);
  if (!entry) return undefined;
  const { ref } = entry;
  const html = entry.content?.() ?? (ref.summary ? escapeText(ref.summary) : "");
  const fragment = parseHtml(html);
  const container = new Element("div", {}, fragment.children);
  for (const c of container.children) c.parent = container;
  const body = collectBlocks(container);
  return withoutUndefined({
    url,
    title: ref.title,
    published: ref.published,
    source: ref.source,
    breadcrumb: parsed.title ? [{ title: parsed.title, url: resource.url }] : [],
    editors: [],
    body: body.length ? body : [{ type: "paragraph" as const, text: ref.title }],
    recommended: [],
    notice: "this item has no link: its text is the feed's",
    warnings: [...decoded.warnings, ...documentWarnings(fragment)],
  });
}
