// Any other article page. The body is the container whose paragraphs hold the most text — counted in characters,
// not words, so Japanese and Korean pages (no spaces, or spaces that are not word counts) score what they hold —
// less the share of that text that is links (navigation, rankings, related lists).
import type { Article } from "../../model.js";
import { parseDate } from "../dates.js";
import {
  collectBlocks,
  findRecommended,
  isBoilerplate,
  parseEditors,
  recommendedContainers,
  stripSiteSuffix,
} from "../html-article.js";
import {
  ancestors,
  attr,
  cleanInline,
  inlineText,
  meta,
  select,
  selectFirst,
  textLength,
  textStats,
  type Document,
  type Element,
} from "../html.js";

// Class or id words that mark page furniture rather than article text.
const FURNITURE =
  /(?:^|[\s_-])(?:nav|navi|navigation|menu|gnb|lnb|snb|breadcrumbs?|topicpath|related|relation|recommend|recommended|ranking|rank|popular|share|sns|social|comments?|footer|header|sidebar|side|aside|banner|promo|ads?|advert|advertisement|sponsor|widget|pager|pagination|tags?|keywords?|copyright|subscribe|newsletter)(?:$|[\s_-])/i;
// Containers a page uses for its article text: preferred when they hold enough of it.
const ARTICLE_HINT =
  /(?:^|[\s_-])(?:article|articles|post|entry|content|contents|body|story|text|honbun|news_?body|main)(?:$|[\s_-]|body|text|txt)/i;

function classAndId(el: Element): string {
  return `${el.attribs["class"] ?? ""} ${el.attribs["id"] ?? ""}`.trim();
}

function isFurniture(el: Element): boolean {
  if (["nav", "aside", "footer", "header", "form"].includes(el.name)) return true;
  const role = el.attribs["role"];
  if (role && /navigation|banner|contentinfo|complementary/.test(role)) return true;
  const words = classAndId(el);
  return words !== "" && FURNITURE.test(words) && !ARTICLE_HINT.test(words);
}

function linkDensity(el: Element): number {
  const { chars, linkChars } = textStats(el);
  return chars === 0 ? 0 : linkChars / chars;
}

const furnitureCache = new WeakMap<Element, boolean>();

/** True when the element or any ancestor is page furniture. */
function inFurniture(el: Element): boolean {
  const cached = furnitureCache.get(el);
  if (cached !== undefined) return cached;
  const parent = el.parent && el.parent.type === "tag" ? (el.parent as Element) : undefined;
  const result = isFurniture(el) || (parent ? inFurniture(parent) : false);
  furnitureCache.set(el, result);
  return result;
}

const PUNCTUATION = /[，、。．,.！？!?；;：:」』”]/g;

/** Readability's scoring, with characters instead of words and CJK punctuation as commas. */
function bestContainer(doc: Document): Element | undefined {
  const scores = new Map<Element, number>();
  const body = selectFirst("body", doc) ?? selectFirst("html", doc);
  if (!body) return undefined;
  const paragraphs = select("p, pre, blockquote, td, div, section, dd", body).filter((el) => {
    if (el.name === "p" || el.name === "pre" || el.name === "blockquote") return true;
    // A div used as a paragraph: it holds text directly and no block of its own.
    return (
      el.children.some((c) => c.type === "text" && c.data.trim().length > 10) &&
      !selectFirst("p, div, table, ul", el)
    );
  });
  for (const p of paragraphs) {
    if (inFurniture(p)) continue;
    const text = inlineText(p);
    const length = textLength(text);
    if (length < 20 || linkDensity(p) > 0.5) continue;
    const score = 1 + (text.match(PUNCTUATION)?.length ?? 0) + Math.min(length / 50, 5);
    // A div of <br>-separated text is its own container; a <p> is scored into the elements around it.
    const [parent, grand, great] = ["p", "pre", "blockquote"].includes(p.name)
      ? ancestors(p)
      : [p, ...ancestors(p)];
    if (parent) scores.set(parent, (scores.get(parent) ?? 0) + score);
    if (grand) scores.set(grand, (scores.get(grand) ?? 0) + score / 2);
    if (great) scores.set(great, (scores.get(great) ?? 0) + score / 3);
  }
  let best: Element | undefined;
  let bestScore = 0;
  for (const [el, raw] of scores) {
    const hint = ARTICLE_HINT.test(classAndId(el)) || el.name === "article" ? 1.25 : 1;
    const score = raw * (1 - linkDensity(el)) * hint;
    if (score > bestScore) {
      best = el;
      bestScore = score;
    }
  }
  return best;
}

function pageZone(doc: Document): string {
  const lang = (attr(selectFirst("html", doc), "lang") ?? meta(doc, "og:locale") ?? "").toLowerCase();
  return /^(ja|ko)/.test(lang) ? "+09:00" : "+08:00";
}

function jsonLdDate(doc: Document): string | undefined {
  for (const script of select('script[type="application/ld+json"]', doc)) {
    const text = script.children.map((c) => ("data" in c ? String(c.data) : "")).join("");
    const m = /"datePublished"\s*:\s*"([^"]+)"/.exec(text);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

function publishedDate(doc: Document, container: Element | undefined): string | undefined {
  const zone = pageZone(doc);
  const candidates = [
    meta(doc, "article:published_time"),
    meta(doc, "og:article:published_time"),
    meta(doc, "datePublished"),
    meta(doc, "pubdate"),
    meta(doc, "publishdate"),
    meta(doc, "date"),
    jsonLdDate(doc),
    attr(selectFirst("time[datetime]", doc), "datetime"),
  ];
  for (const c of candidates) {
    const d = parseDate(c, zone);
    if (d) return d;
  }
  // A dateline near the article: the text of small elements before or around the body.
  const scope = container?.parent ?? doc;
  for (const el of select("time, .date, .time, .datetime, .pubdate, .byline, .info, span, p", scope)) {
    const text = inlineText(el);
    if (text.length > 60) continue;
    const d = parseDate(text, zone);
    if (d) return d;
  }
  return undefined;
}

// A block that is only a date and time (a dateline inside the article container) is metadata, not body text.
const DATELINE =
  /^\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$/;
function isDateline(text: string): boolean {
  return text.length <= 40 && DATELINE.test(text.trim());
}

function genericTitle(doc: Document, container: Element | undefined): string {
  // The h1 nearest the body is the article's; a site logo is often an h1 too.
  const h1s = select("h1", doc).filter((h) => inlineText(h));
  const near = container
    ? h1s.find(
        (h) => ancestors(container).some((a) => ancestors(h).includes(a)) && !ancestors(h).some(isFurniture),
      )
    : undefined;
  const og = cleanInline(attr(selectFirst('meta[property="og:title"]', doc), "content") ?? "");
  const headTitle = inlineText(selectFirst("title", doc));
  return (
    inlineText(near) ||
    (og ? stripSiteSuffix(og) : "") ||
    inlineText(h1s.find((h) => !ancestors(h).some(isFurniture))) ||
    stripSiteSuffix(headTitle)
  );
}

export function genericProfile(doc: Document, url: string): Article {
  const warnings: string[] = [];
  const container = bestContainer(doc);
  const related = new Set(recommendedContainers(doc));
  const body = container
    ? collectBlocks(container, {
        dropLinkOnlyLines: true,
        skip: (el) =>
          related.has(el) ||
          isFurniture(el) ||
          el.name === "h1" ||
          ((el.name === "li" || el.name === "ul" || el.name === "ol" || el.name === "div") &&
            linkDensity(el) > 0.6),
      })
    : [];
  const editorsLine = body.find((b) => parseEditors(b.text).length > 0 && b.text.length < 60);
  const editors = editorsLine ? parseEditors(editorsLine.text) : [];
  const cleanBody = body.filter((b) => b !== editorsLine && !isBoilerplate(b.text) && !isDateline(b.text));
  if (cleanBody.length === 0) warnings.push("no article text found on the page");
  const title = genericTitle(doc, container);
  if (!title) warnings.push("no title found");
  const article: Article = {
    url,
    title,
    breadcrumb: [],
    editors,
    body: cleanBody,
    recommended: findRecommended(doc, url, warnings),
    warnings,
  };
  const published = publishedDate(doc, container);
  if (published) article.published = published;
  const source = meta(doc, "og:site_name");
  if (source) article.source = source;
  return article;
}
