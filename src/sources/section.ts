// Section list pages (a channel without a working feed) → ArticleRef[], and the feeds a page links to.
import type { ArticleRef, Link } from "../model.js";
import { parseDate } from "./dates.js";
import { stripSiteSuffix } from "./html-article.js";
import {
  FEED_ITEMS_MAX,
  FEED_TITLE_MAX,
  ancestors,
  attr,
  capText,
  cleanInline,
  documentWarnings,
  inlineText,
  parseHtml,
  resolveUrl,
  select,
  selectFirst,
  type Element,
} from "./html.js";

// 人民網 list containers, old and new.
const LIST_CONTAINERS = [
  ".p6",
  "div.p2j_list",
  "div.headingNews",
  "div.ej_list_box",
  ".leftItem",
  ".list_16",
  ".list_14",
  ".d2_left",
  ".ej_left",
];
// An article URL (people.com.cn: /n1/2024/0424/c1001-40223222.html; elsewhere: a dated or id-bearing path).
const ARTICLE_PATH =
  /\/n\d?\/\d{4}\/\d{4}\/c\d+-\d+(?:-\d+)?\.html?$|\/\d{4}[/-]?\d{2}[/-]?\d{2}\/|\/(?:article|articles|news|story)\/|[?&](?:id|aid|idxno|no)=\d+|\d{6,}\.s?html?$/i;

function nearbyDate(a: Element): string | undefined {
  const holder = a.parent && a.parent.type === "tag" ? (a.parent as Element) : undefined;
  if (!holder) return undefined;
  const text = inlineText(holder).replace(inlineText(a), "");
  const m = /\d{4}[-年./]\d{1,2}[-月./]\d{1,2}日?(?:\s*\d{1,2}:\d{2})?/.exec(text);
  return m ? parseDate(m[0]) : undefined;
}

export function parseSectionPage(
  html: string,
  url: string,
): { title: string; items: ArticleRef[]; warnings: string[] } {
  const doc = parseHtml(html);
  const warnings: string[] = [...documentWarnings(doc)];
  const title = capText(
    stripSiteSuffix(inlineText(selectFirst("title", doc))),
    FEED_TITLE_MAX,
    "the title",
    warnings,
  );
  const containers = LIST_CONTAINERS.flatMap((s) => select(s, doc));
  const scope = containers.length > 0 ? containers : [doc];
  const seen = new Set<string>();
  const items: ArticleRef[] = [];
  let overflow = 0;
  for (const root of scope) {
    for (const a of select("a[href]", root)) {
      const target = resolveUrl(attr(a, "href"), url);
      if (!target || seen.has(target)) continue;
      const linkTitle = inlineText(a) || cleanInline(attr(a, "title") ?? "");
      if (!linkTitle || [...linkTitle].length < 4) continue;
      // Without a known list container, only links that look like articles count.
      if (containers.length === 0 && !ARTICLE_PATH.test(new URL(target).pathname + new URL(target).search))
        continue;
      if (ancestors(a).some((p) => /^(nav|header|footer)$/.test(p.name))) continue;
      seen.add(target);
      if (items.length >= FEED_ITEMS_MAX) {
        overflow++;
        continue;
      }
      const ref: ArticleRef = { title: capText(linkTitle, FEED_TITLE_MAX, "a title", warnings), url: target };
      const published = nearbyDate(a);
      if (published) ref.published = published;
      items.push(ref);
    }
  }
  if (overflow > 0)
    warnings.push(
      `the page lists ${items.length + overflow} articles: only the first ${FEED_ITEMS_MAX} are listed`,
    );
  if (items.length === 0) warnings.push("no article links found on the section page");
  return { title, items, warnings };
}

/** `<link rel="alternate" type="application/rss+xml|atom+xml|feed+json">` targets, absolute. */
export function findFeedLinks(html: string, url: string): Link[] {
  const doc = parseHtml(html);
  const out: Link[] = [];
  for (const link of select("link[rel]", doc)) {
    const rel = (attr(link, "rel") ?? "").toLowerCase().split(/\s+/);
    const type = (attr(link, "type") ?? "").toLowerCase();
    if (!rel.includes("alternate") || !/rss|atom|rdf|feed\+json|json\+feed/.test(type)) continue;
    const href = resolveUrl(attr(link, "href"), url);
    if (href && !out.some((l) => l.url === href))
      out.push({ title: inlineText(link) || cleanInline(attr(link, "title") ?? "") || href, url: href });
  }
  return out;
}

/** The target of `<meta http-equiv="refresh" content="0; url=…">`, absolute; section index pages use it. */
export function findMetaRefresh(html: string, url: string): string | undefined {
  const doc = parseHtml(html);
  for (const m of select("meta[http-equiv]", doc)) {
    if ((attr(m, "http-equiv") ?? "").toLowerCase() !== "refresh") continue;
    const target = /url\s*=\s*['"]?([^'";\s]+)/i.exec(attr(m, "content") ?? "")?.[1];
    return resolveUrl(target, url);
  }
  return undefined;
}
