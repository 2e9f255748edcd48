// Feeds → ArticleRef[]: RSS 2.0 (and 0.9x), RSS 1.0/RDF, Atom, JSON Feed. XML entities and CDATA are undone
// once by the XML parser; summaries are HTML, so they go through the HTML parser to become text.
import type { Element } from "domhandler";
import { getAttributeValue, isTag, textContent } from "domutils";
import { ReaderError, type ArticleRef, type Resource } from "../model.js";
import { decodeBody } from "./decode.js";
import { parseDate } from "./dates.js";
import {
  FEED_ITEMS_MAX,
  FEED_TITLE_MAX,
  capText,
  cleanInline,
  documentWarnings,
  htmlFragmentText,
  isRefusedLink,
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

function localName(el: Element): string {
  const name = el.name.toLowerCase();
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}

function prefixOf(el: Element): string {
  const colon = el.name.indexOf(":");
  return colon === -1 ? "" : el.name.slice(0, colon).toLowerCase();
}

function childElements(el: Element): Element[] {
  return el.children.filter(isTag);
}

/** First child named `name` (local name, any prefix unless `prefix` is given). */
function child(el: Element, name: string, prefix?: string): Element | undefined {
  return childElements(el).find(
    (c) => localName(c) === name && (prefix === undefined || prefixOf(c) === prefix),
  );
}

function childText(el: Element, name: string, prefix?: string): string | undefined {
  const c = child(el, name, prefix);
  if (!c) return undefined;
  return cleanInline(textContent(c)) || undefined;
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
  const text = plain ? cleanInline(plain) : "";
  if (!text) return undefined;
  const chars = [...text];
  return chars.length > SUMMARY_MAX ? chars.slice(0, SUMMARY_MAX - 1).join("") + "…" : text;
}

function rawChildText(el: Element, name: string, prefix?: string): string | undefined {
  const c = child(el, name, prefix);
  return c ? textContent(c) : undefined;
}

/** True when the text is a feed (RSS, RDF, Atom, JSON Feed) rather than an HTML page. */
export function looksLikeFeed(text: string): boolean {
  const head = text.slice(0, 4096).replace(/<!--[\s\S]*?-->/g, "");
  const trimmed = head.trimStart();
  if (trimmed.startsWith("{")) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(head);
  if (/<html[\s>]/i.test(head)) return false;
  return (
    /<rss[\s>]/i.test(head) ||
    /<rdf:rdf[\s>]/i.test(head) ||
    /<feed[\s>]/i.test(head) ||
    /<channel[\s>]/i.test(head)
  );
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

function parseJsonFeed(text: string, baseUrl: string): Feed {
  const warnings: string[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { title: "", items: [], warnings: [`JSON Feed does not parse: ${(e as Error).message}`] };
  }
  if (!data || typeof data !== "object")
    return { title: "", items: [], warnings: ["JSON Feed is not an object"] };
  const feed = data as { title?: unknown; home_page_url?: unknown; items?: unknown };
  const items: ArticleRef[] = [];
  const allItems = Array.isArray(feed.items) ? (feed.items as unknown[]) : [];
  if (!Array.isArray(feed.items)) warnings.push("JSON Feed has no items array");
  const rawItems = capItems(allItems, warnings);
  rawItems.forEach((raw, i) => {
    if (!raw || typeof raw !== "object") {
      warnings.push(`item ${i + 1} skipped: not an object`);
      return;
    }
    const it = raw as JsonFeedItem;
    const href = str(it.url) ?? str(it.external_url) ?? (str(it.id)?.includes("/") ? str(it.id) : undefined);
    const url = resolveUrl(href, baseUrl);
    const summary = summarizeText(str(it.summary) ?? str(it.content_text)) ?? summarize(str(it.content_html));
    const title = capTitle(cleanInline(str(it.title) ?? "") || summary?.slice(0, 60) || "", warnings);
    if (!url) {
      warnings.push(`item ${i + 1} skipped: ${noLinkReason(href, baseUrl)}`);
      return;
    }
    const published = parseDate(str(it.date_published) ?? str(it.date_modified));
    items.push(withoutUndefined({ title: title || url, url, published, summary }));
  });
  return withoutUndefined({
    title: capTitle(cleanInline(str(feed.title) ?? ""), warnings),
    link: resolveUrl(str(feed.home_page_url), baseUrl),
    items,
    warnings,
  });
}

function capItems<T>(items: T[], warnings: string[]): T[] {
  if (items.length <= FEED_ITEMS_MAX) return items;
  warnings.push(`the feed has ${items.length} items: only the first ${FEED_ITEMS_MAX} are listed`);
  return items.slice(0, FEED_ITEMS_MAX);
}

function capTitle(title: string, warnings: string[]): string {
  return capText(title, FEED_TITLE_MAX, "a title", warnings);
}

function noLinkReason(href: string | undefined, base: string): string {
  return isRefusedLink(href, base) ? "its link is not http or https" : "no link";
}

function withoutUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function rssItem(item: Element, base: string, index: number, warnings: string[]): ArticleRef | undefined {
  const guid = child(item, "guid");
  const guidText = guid ? cleanInline(textContent(guid)) : undefined;
  const guidIsLink =
    guid && getAttributeValue(guid, "isPermaLink") !== "false" && /^https?:|^\//.test(guidText ?? "");
  // RDF items carry their link in rdf:about as well.
  const linkText =
    childText(item, "link") ?? (guidIsLink ? guidText : undefined) ?? getAttributeValue(item, "rdf:about");
  const url = resolveUrl(linkText, base);
  const summary = summarize(rawChildText(item, "description") ?? rawChildText(item, "encoded", "content"));
  const rawTitle = childText(item, "title") ?? summary?.slice(0, 60);
  const title = rawTitle === undefined ? undefined : capTitle(rawTitle, warnings);
  if (!url) {
    warnings.push(`item ${index + 1}${title ? ` (${title})` : ""} skipped: ${noLinkReason(linkText, base)}`);
    return undefined;
  }
  const dateText = childText(item, "pubdate") ?? childText(item, "date") ?? childText(item, "published");
  const published = parseDate(dateText);
  if (dateText && !published) warnings.push(`item ${index + 1}: date "${dateText}" not understood`);
  const sourceText =
    childText(item, "source") ?? childText(item, "publisher", "dc") ?? childText(item, "source", "dc");
  const source = sourceText && !/^https?:/.test(sourceText) ? sourceText : undefined;
  return withoutUndefined({ title: title ?? url, url, published, source, summary });
}

function atomLink(el: Element, base: string): string | undefined {
  const links = childElements(el).filter((c) => localName(c) === "link");
  const alt =
    links.find(
      (l) =>
        (getAttributeValue(l, "rel") ?? "alternate") === "alternate" &&
        /html/.test(getAttributeValue(l, "type") ?? "html"),
    ) ?? links.find((l) => (getAttributeValue(l, "rel") ?? "alternate") === "alternate");
  return resolveUrl(alt ? getAttributeValue(alt, "href") : undefined, base);
}

function atomText(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  const type = getAttributeValue(el, "type") ?? "text";
  if (type === "html" || type === "text/html") return htmlFragmentText(textContent(el)) || undefined;
  return cleanInline(textContent(el)) || undefined;
}

function atomEntry(
  entry: Element,
  feedBase: string,
  index: number,
  warnings: string[],
): ArticleRef | undefined {
  const base = resolveUrl(getAttributeValue(entry, "xml:base"), feedBase) ?? feedBase;
  const url = atomLink(entry, base);
  const rawTitle = atomText(child(entry, "title"));
  const title = rawTitle === undefined ? undefined : capTitle(rawTitle, warnings);
  if (!url) {
    const hrefs = childElements(entry)
      .filter((c) => localName(c) === "link")
      .map((l) => getAttributeValue(l, "href"));
    const refused = hrefs.length > 0 && hrefs.every((h) => isRefusedLink(h, base));
    warnings.push(
      `entry ${index + 1}${title ? ` (${title})` : ""} skipped: ${refused ? "its link is not http or https" : "no link"}`,
    );
    return undefined;
  }
  const dateText = childText(entry, "published") ?? childText(entry, "updated") ?? childText(entry, "date");
  const published = parseDate(dateText);
  if (dateText && !published) warnings.push(`entry ${index + 1}: date "${dateText}" not understood`);
  const summaryEl = child(entry, "summary") ?? child(entry, "content");
  let summary: string | undefined;
  if (summaryEl) {
    const type = getAttributeValue(summaryEl, "type") ?? "text";
    const html = type === "html" || type === "text/html";
    summary = html ? summarize(textContent(summaryEl)) : summarizeText(textContent(summaryEl));
  }
  const sourceEl = child(entry, "source");
  const source = sourceEl ? childText(sourceEl, "title") : undefined;
  return withoutUndefined({ title: title ?? url, url, published, source, summary });
}

/** Parses any supported feed format. Never throws: what parses is returned, the rest is in `warnings`. */
export function parseFeed(text: string, baseUrl: string): Feed {
  try {
    const body = text.replace(/^\ufeff/, "");
    if (body.trimStart().startsWith("{")) return parseJsonFeed(body, baseUrl);
    const doc = parseXml(body);
    const root = findFirst(doc.children.filter(isTag), (el) =>
      ["rss", "rdf", "feed", "channel"].includes(localName(el)),
    );
    if (!root)
      return {
        title: "",
        items: [],
        warnings: ["not a feed: no <rss>, <rdf:RDF>, <feed> or JSON Feed found"],
      };
    const warnings: string[] = [...documentWarnings(doc)];
    const name = localName(root);
    const closing =
      name === "rdf"
        ? /<\/rdf:rdf\s*>/i
        : new RegExp(`</(?:[\\w-]+:)?${root.name.replace(/^.*:/, "")}\\s*>`, "i");
    if (!closing.test(body))
      warnings.push("the feed ends early (truncated or malformed); showing the items that parse");

    if (name === "feed") {
      const base = resolveUrl(getAttributeValue(root, "xml:base"), baseUrl) ?? baseUrl;
      const entries = capItems(
        childElements(root).filter((c) => localName(c) === "entry"),
        warnings,
      );
      const items = entries.map((e, i) => atomEntry(e, base, i, warnings)).filter((x) => x !== undefined);
      return withoutUndefined({
        title: capTitle(atomText(child(root, "title")) ?? "", warnings),
        link: atomLink(root, base),
        items,
        warnings,
      });
    }

    const channel = name === "channel" ? root : child(root, "channel");
    // RSS 2.0 nests items in <channel>; RSS 1.0 puts them beside it.
    const itemEls = capItems(
      [...(channel && channel !== root ? childElements(channel) : []), ...childElements(root)].filter(
        (c) => localName(c) === "item",
      ),
      warnings,
    );
    const items = itemEls.map((e, i) => rssItem(e, baseUrl, i, warnings)).filter((x) => x !== undefined);
    const title = capTitle(channel ? (childText(channel, "title") ?? "") : "", warnings);
    const link = channel ? resolveUrl(childText(channel, "link"), baseUrl) : undefined;
    if (!channel) warnings.push("no <channel> element");
    return withoutUndefined({ title, link, items, warnings });
  } catch (e) {
    return { title: "", items: [], warnings: [`feed could not be parsed: ${(e as Error).message}`] };
  }
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

/** The whole pipeline for a channel resource: decode, then a feed parse, or a section-page parse for HTML. */
export function loadFeed(resource: Resource): Feed {
  if (resource.status >= 400) throw new ReaderError(`${resource.url}: HTTP ${resource.status}`);
  const decoded = decodeBody(
    resource.body,
    resource.contentType,
    feedKind(resource.contentType, resource.body),
  );
  if (looksLikeFeed(decoded.text)) {
    const feed = parseFeed(decoded.text, resource.url);
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
