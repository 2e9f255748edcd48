// HTML article page → Article: the people.com.cn profile when the page has its markers, else the generic one.
import { ReaderError, type Article, type Resource } from "../model.js";
import { decodeBody } from "./decode.js";
import { attr, parseHtml, resolveUrl, select } from "./html.js";
import { genericProfile } from "./profiles/generic.js";
import { isPeoplePage, peopleProfile } from "./profiles/people.js";

export function parseArticlePage(html: string, url: string): Article {
  const doc = parseHtml(html);
  return isPeoplePage(doc, url) ? peopleProfile(doc, url) : genericProfile(doc, url);
}

/**
 * URLs of the further pages of a multi-page article (`…-2.html`, `…-3.html`), in page order, without the page
 * itself. The caller fetches them and appends their bodies.
 */
export function findNextPages(html: string, url: string): string[] {
  const EXT = /\.s?html?$/i;
  let base: string;
  try {
    const path = new URL(url).pathname;
    if (!EXT.test(path)) return [];
    base = path.replace(EXT, "");
  } catch {
    return [];
  }
  // This page may itself be page N (`…-2.html`): its first page's stem is then one suffix shorter.
  const stems = [base, base.replace(/-\d{1,2}$/, "")];
  const pages = new Map<number, string>();
  for (const a of select("a[href]", parseHtml(html))) {
    const target = resolveUrl(attr(a, "href"), url);
    if (!target) continue;
    const parsed = new URL(target);
    const m = /^(.*)-(\d{1,2})$/.exec(parsed.pathname.replace(EXT, ""));
    const n = Number(m?.[2]);
    if (!m?.[1] || !EXT.test(parsed.pathname) || !stems.includes(m[1]) || n < 2 || pages.has(n)) continue;
    if (parsed.pathname === new URL(url).pathname) continue;
    parsed.hash = "";
    pages.set(n, parsed.href);
  }
  return [...pages.entries()].sort(([a], [b]) => a - b).map(([, u]) => u);
}

/** Appends the body of the further pages of a multi-page article to the first page's. */
export function joinPages(first: Article, rest: Article[]): Article {
  return {
    ...first,
    body: [...first.body, ...rest.flatMap((p) => p.body)],
    warnings: [...first.warnings, ...rest.flatMap((p) => p.warnings)],
  };
}

/** The whole pipeline for one article resource: decodeBody + parseArticlePage, warnings merged. */
export function loadArticle(resource: Resource): Article {
  if (resource.status >= 400) throw new ReaderError(`${resource.url}: HTTP ${resource.status}`);
  const decoded = decodeBody(resource.body, resource.contentType, "html");
  const article = parseArticlePage(decoded.text, resource.url);
  return { ...article, warnings: [...decoded.warnings, ...article.warnings] };
}
