// HTML article page → Article: the people.com.cn profile when the page has its markers, else the generic one.
import { ReaderError, type Article, type Block, type Resource } from "../model.js";
import { decodeBody } from "./decode.js";
import { LINK_TEXT_MAX } from "./html-article.js";
import { attr, capText, documentWarnings, parseHtml, resolveUrl, select } from "./html.js";
import { genericProfile } from "./profiles/generic.js";
import { isPeoplePage, peopleProfile } from "./profiles/people.js";

/** Longest title kept (characters); a longer one is cut with a warning. */
export const TITLE_MAX = 1000;
/** Most body text kept (characters, all blocks together): laying out more would cost seconds and 100s of MB. */
export const BODY_MAX = 500_000;
/** Most editors and breadcrumb steps kept. */
const NAMES_MAX = 50;

export function parseArticlePage(html: string, url: string): Article {
  const doc = parseHtml(html);
  const article = isPeoplePage(doc, url) ? peopleProfile(doc, url) : genericProfile(doc, url);
  article.warnings.unshift(...documentWarnings(doc));
  return boundArticle(article);
}

/** Cuts what a hostile page could make unbounded: each field's length, the body's total, list lengths. */
function boundArticle(article: Article): Article {
  const warnings = article.warnings;
  article.title = capText(article.title, TITLE_MAX, "the title", warnings);
  for (const key of ["kicker", "subtitle", "source", "notice"] as const) {
    const value = article[key];
    if (value !== undefined) article[key] = capText(value, LINK_TEXT_MAX, `the ${key}`, warnings);
  }
  if (article.editors.length > NAMES_MAX) {
    warnings.push(`${article.editors.length - NAMES_MAX} editors' names left out`);
    article.editors = article.editors.slice(0, NAMES_MAX);
  }
  article.editors = article.editors.map((name) => capText(name, LINK_TEXT_MAX, "an editor's name", warnings));
  if (article.breadcrumb.length > NAMES_MAX) {
    warnings.push(`${article.breadcrumb.length - NAMES_MAX} breadcrumb links left out`);
    article.breadcrumb = article.breadcrumb.slice(0, NAMES_MAX);
  }
  article.body = capBody(article.body, warnings);
  return article;
}

/** Characters of body text in `blocks`. */
export function bodyLength(blocks: readonly Block[]): number {
  let total = 0;
  for (const block of blocks) total += block.text.length;
  return total;
}

/** The blocks up to BODY_MAX characters in all, the last one cut; a warning says when anything was. */
export function capBody(blocks: readonly Block[], warnings: string[]): Block[] {
  let total = 0;
  const body: Block[] = [];
  for (const block of blocks) {
    const room = BODY_MAX - total;
    if (block.text.length <= room) {
      body.push(block);
      total += block.text.length;
      continue;
    }
    const kept = Array.from(block.text.slice(0, room)).slice(0, -1).join("");
    if (kept) body.push({ type: block.type, text: `${kept}…` });
    warnings.push(
      `the article is longer than ${BODY_MAX.toLocaleString("en")} characters: the rest is not shown`,
    );
    break;
  }
  return body;
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

/**
 * Appends the body of the further pages of a multi-page article to the first page's. The joined body is held
 * to BODY_MAX like a single page's: twenty pages must not make one article of millions of characters.
 */
export function joinPages(first: Article, rest: Article[]): Article {
  const warnings = [...first.warnings, ...rest.flatMap((p) => p.warnings)];
  const body =
    rest.length === 0 ? first.body : capBody([...first.body, ...rest.flatMap((p) => p.body)], warnings);
  return { ...first, body, warnings };
}

/** The whole pipeline for one article resource: decodeBody + parseArticlePage, warnings merged. */
export function loadArticle(resource: Resource): Article {
  if (resource.status >= 400) throw new ReaderError(`${resource.url}: HTTP ${resource.status}`);
  const decoded = decodeBody(resource.body, resource.contentType, "html");
  const article = parseArticlePage(decoded.text, resource.url);
  return { ...article, warnings: [...decoded.warnings, ...article.warnings] };
}
