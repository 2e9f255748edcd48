// Any other article page. The body is the container whose paragraphs hold the most text — counted in characters,
// not words, so Japanese and Korean pages (no spaces, or spaces that are not word counts) score what they hold —
// less the share of that text that is links (navigation, rankings, related lists).
import type { Article, Block, Link } from "../../model.js";
import { blocksLength, embeddedBody } from "../embedded.js";
import {
  bareTitle,
  HEADING_MAX,
  headlineElement,
  isInside,
  pageHeadline,
  publishedDate,
  siteNames,
  titleSimilarity,
} from "../headline.js";
import {
  collectBlocks,
  findRecommended,
  LINK_TEXT_MAX,
  isBoilerplate,
  parseEditors,
  otherArticleContainers,
  opensWithOtherArticles,
} from "../html-article.js";
import { appendChild, isTag, isText } from "domutils";
import {
  ancestors,
  attr,
  capText,
  cleanInline,
  inlineText,
  isBlockTag,
  isInvisible,
  meta,
  parseHtml,
  rawText,
  resolveUrl,
  select,
  selectFirst,
  textLength,
  textStats,
  type AnyNode,
  type Document,
  type Element,
} from "../html.js";

// Words in a class or id that mark page furniture rather than article text (within one class name:
// `article-social-border`, `comment_content`).
const FURNITURE =
  /(?:^|[_-])(?:nav|navi|navigation|menu|gnb|lnb|snb|breadcrumbs?|topicpath|related|relation|recommend|recommended|ranking|rank|popular|share|sns|social|comments?|footer|header|sidebar|aside|banner|promo|ads?|advert|advertisement|sponsor|pager|pagination|tags?|keywords?|copyright|subscribe|newsletter)(?:$|[_-])/i;
// Class names a page gives its article text: preferred when they hold enough of it. `text-center` and its
// kind, and `content-width`, are layout utilities, not text containers.
const ARTICLE_HINT =
  /(?:^|[_-])(?:article|articles|post|entry|content|contents|body|story|text(?!-(?:center|left|right|justify|start|end|muted|nowrap|truncate|wrap|xs|sm|md|lg|xl|base|white|black|gr[ae]y|primary|secondary))|honbun|news_?body|main)(?![_-](?:width|max-width))(?:$|[_-]|body|text|txt)/i;
// Captions, picture credits, pictures and videos with their texts, bylines and datelines beside the text, a
// live blog entry's time-and-author line (`entry-info`): not body.
const CAPTION =
  /caption|credit|bildrechte|media-?rights|media-?info|byline|dateline|timestamp|(?:^|[_-])(?:author|authors|date|time|meta|info|media|image|img|photo|picture|video|gallery|slideshow)(?:$|[_-])/i;

type ClassWords = { furniture: boolean; hint: boolean; caption: boolean };
// (asked of one element many times over: by the furniture tests, the scores and the blocks' skips)
const classWordsCache = new WeakMap<Element, ClassWords>();

/** What an element's class and id names say: furniture (one name says so, none is a text name), text, caption. */
function classWords(el: Element): ClassWords {
  const cached = classWordsCache.get(el);
  if (cached) return cached;
  const words = readClassWords(el);
  classWordsCache.set(el, words);
  return words;
}

function readClassWords(el: Element): ClassWords {
  // (`NewsletterBox`, `SummaryList`: a camel-case name's words are its parts as a hyphen's are)
  const names = classAndId(el)
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1-$2")
    .split(/\s+/)
    .filter(Boolean);
  const card = names.some((n) => TEASER.test(n)) && isLinkCard(el);
  const furniture = card || names.some((n) => FURNITURE.test(n));
  // (`content--excerpt`: a text word in the name of a card for another article does not make it text)
  const hint = names.some((n) => ARTICLE_HINT.test(n) && !FURNITURE.test(n) && !(card && TEASER.test(n)));
  return { furniture: furniture && !hint, hint, caption: names.some((n) => CAPTION.test(n)) };
}

// A teaser is furniture when it is a card for another article, one that links there; the article's own lead
// is named so too on some pages (`kick__article__teaser`), and links nowhere.
const TEASER = /(?:^|[_-])(?:teasers?|excerpts?|read-?more)(?:$|[_-])/i;
const TEASER_LINK_SHARE = 0.15;

function isLinkCard(el: Element): boolean {
  const { chars, linkChars } = textStats(el);
  return linkChars > 0 && linkChars >= chars * TEASER_LINK_SHARE;
}

// Text in an element whose class says furniture counts this much: a wrapper's class can be wrong (a page's
// whole layout in `header-spacing` or `elementor-widget-wrap`), but when a page has prose outside such
// wrappers, that prose is the article.
const FURNITURE_WEIGHT = 0.2;

function classAndId(el: Element): string {
  return `${el.attribs["class"] ?? ""} ${el.attribs["id"] ?? ""}`.trim();
}

/** What one page's furniture tests need: the page's text size, and memos. */
interface PageScope {
  root: Element;
  chars: number;
  furniture: WeakMap<Element, Kind>;
}

type Kind = "none" | "tag" | "class";

/**
 * Whether an element is page furniture by its tag or role (never body text) or only by its class words (likely
 * not). An element that holds most of the page's text is not furniture, whatever it is called.
 */
function furnitureKind(el: Element, page: PageScope): Kind {
  if (el === page.root || el.name === "body" || el.name === "html") return "none";
  const role = el.attribs["role"];
  const byTag =
    ["nav", "aside", "footer", "header"].includes(el.name) ||
    (role !== undefined && /navigation|banner|contentinfo|complementary/.test(role));
  const byClass = classWords(el).furniture;
  if (!byTag && !byClass) return "none";
  if (textStats(el).chars * 2 > page.chars) return "none";
  return byTag ? "tag" : "class";
}

function isFurniture(el: Element, page: PageScope): boolean {
  return furnitureKind(el, page) !== "none";
}

/** The strongest furniture kind of the element and its ancestors. */
function inFurniture(el: Element, page: PageScope): Kind {
  const cached = page.furniture.get(el);
  if (cached !== undefined) return cached;
  const parent = el.parent && el.parent.type === "tag" ? (el.parent as Element) : undefined;
  const own = furnitureKind(el, page);
  const above = parent && el !== page.root ? inFurniture(parent, page) : "none";
  const result =
    own === "tag" || above === "tag" ? "tag" : own === "class" || above === "class" ? "class" : "none";
  page.furniture.set(el, result);
  return result;
}

function linkDensity(el: Element): number {
  const { chars, linkChars } = textStats(el);
  return chars === 0 ? 0 : linkChars / chars;
}

/**
 * The element to search: `<body>`, else `<html>`, else (a fragment with neither) a `<body>` made around the
 * document's top-level nodes.
 */
function pageRoot(doc: Document): Element {
  const found = selectFirst("body", doc) ?? selectFirst("html", doc);
  if (found) return found;
  const body = selectFirst("body", parseHtml("<body></body>"))!;
  for (const c of [...doc.children]) appendChild(body, c);
  appendChild(doc, body);
  return body;
}

const PUNCTUATION = /[，、。．,.！？!?；;：:」』”]/g;
// How much of a paragraph's score each ancestor gets (Readability's: parent, grandparent, then level × 3).
const ANCESTOR_SHARE = [1, 1 / 2, 1 / 6, 1 / 9, 1 / 12];
const PROSE_TAGS = new Set(["p", "pre", "blockquote"]);
const INLINE_HOLDERS = "div, section, article, td, dd, main, center";

/**
 * Prose units of a page and the element each one's score starts from: every `<p>`, `<pre>`, `<blockquote>`, and
 * text a container holds directly between its blocks (a div of `<br>`-separated text, bare text beside figures)
 * — the container itself is then the unit's first ancestor.
 */
function proseUnits(root: Element): { text: string; el: Element; self: boolean }[] {
  const units: { text: string; el: Element; self: boolean }[] = [];
  for (const el of select("p, pre, blockquote", root)) units.push({ text: inlineText(el), el, self: false });
  // (the root too: a fragment, or an old page, may hold its text right in <body>, with <br>s)
  for (const el of [root, ...select(INLINE_HOLDERS, root)]) {
    let run = "";
    const end = (): void => {
      if (textLength(run) >= 20) units.push({ text: cleanInline(run), el, self: true });
      run = "";
    };
    for (const c of el.children) {
      if (c.type === "text") run += c.data;
      else if (c.type === "tag") {
        const child = c as Element;
        if (child.name === "br") {
          // Two <br>s end a paragraph; one is a line break inside it.
          if (/\n\n$/.test(run)) end();
          else run += "\n";
        } else if (isBlockTag(child.name) || PROSE_TAGS.has(child.name) || isInvisible(child)) end();
        else run += rawText(child);
      }
    }
    end();
  }
  return units;
}

/** Readability's scoring, with characters instead of words and CJK punctuation as commas. */
function scoreCandidates(page: PageScope): Map<Element, number> {
  const scores = new Map<Element, number>();
  for (const unit of proseUnits(page.root)) {
    const kind = inFurniture(unit.el, page);
    if (kind === "tag") continue;
    const length = textLength(unit.text);
    if (length < 20 || (!unit.self && linkDensity(unit.el) > 0.5)) continue;
    const weight = kind === "class" ? FURNITURE_WEIGHT : 1;
    const score = weight * (1 + (unit.text.match(PUNCTUATION)?.length ?? 0) + Math.min(length / 50, 5));
    const chain = unit.self ? [unit.el, ...ancestors(unit.el)] : ancestors(unit.el);
    chain.slice(0, ANCESTOR_SHARE.length).forEach((a, level) => {
      scores.set(a, (scores.get(a) ?? 0) + score * ANCESTOR_SHARE[level]!);
    });
  }
  const final = new Map<Element, number>();
  for (const [el, raw] of scores) {
    const hint = classWords(el).hint || el.name === "article" ? 1.25 : 1;
    final.set(el, raw * (1 - linkDensity(el)) * hint);
  }
  return final;
}

/**
 * The paragraph a sibling of the body holds alone: the element itself when it is a `<p>`, or the `<p>` at the end
 * of a chain of wrappers that hold no other text (a lead or standfirst in `<div><div class="RichText"><p>`), which Readability
 * reads as the paragraph it is.
 */
function lonePara(el: Element): Element | undefined {
  let node = el;
  for (let depth = 0; depth < 6; depth++) {
    // A picture's caption or credit in its own wrapper is not a paragraph of the text.
    const words = classWords(node);
    if (words.caption || words.furniture || node.name === "figure" || node.name === "figcaption")
      return undefined;
    if (node.name === "p") return node;
    // (empty slots beside the paragraph, for an ad or a picture, show no text)
    const tags = node.children.filter((c): c is Element => c.type === "tag" && textStats(c).chars > 0);
    const ownText = node.children.some((c) => c.type === "text" && c.data.trim() !== "");
    if (tags.length !== 1 || ownText) return undefined;
    node = tags[0]!;
  }
  return undefined;
}

/** Text held directly, with inline markup only: a paragraph written as a bare `<div>`. */
function isBareParagraph(el: Element): boolean {
  const words = classWords(el);
  if (words.caption || words.furniture) return false;
  let ownText = false;
  for (const c of el.children) {
    if (isText(c)) ownText ||= c.data.trim() !== "";
    else if (isTag(c) && (isBlockTag(c.name) || PROSE_TAGS.has(c.name) || c.name === "br")) return false;
  }
  return ownText;
}

/** An element's first class name, or undefined. */
function firstClass(el: Element): string | undefined {
  return el.attribs["class"]?.trim().split(/\s+/)[0] || undefined;
}

/** Another bare paragraph beside `el` with its first class name: paragraphs each in a wrapper of their own. */
function hasLikeNamed(el: Element): boolean {
  const name = firstClass(el);
  const parent = parentTag(el);
  if (!name || !parent) return false;
  return parent.children.some((c) => c !== el && isTag(c) && firstClass(c) === name && isBareParagraph(c));
}

/** The elements from just below `top` down to `el` (none when `el` is `top` or not inside it). */
function pathBetween(top: Element, el: Element): Element[] {
  const path: Element[] = [];
  for (let node: Element | undefined = el; node && node !== top; node = parentTag(node)) path.unshift(node);
  return path[0] && parentTag(path[0]) === top ? path : [];
}

/** The element reached from `from` by children of the same tag and class as each of `steps`. */
function followPath(from: Element, steps: Element[]): Element | undefined {
  let node: Element | undefined = from;
  for (const step of steps) {
    node = node.children.find(
      (c): c is Element => isTag(c) && c.name === step.name && c.attribs["class"] === step.attribs["class"],
    );
    if (!node) return undefined;
  }
  return node;
}

function bestCandidate(scores: Map<Element, number>): [Element | undefined, number] {
  let top: Element | undefined;
  let topScore = 0;
  for (const [el, score] of scores)
    if (score > topScore) {
      top = el;
      topScore = score;
    }
  return [top, topScore];
}

// How much of the best text elsewhere the article under the headline must hold to be the one shown.
const OWN_ARTICLE_SHARE = 0.2;

/**
 * The `<article>` that holds the page's headline: the `<h1>` whose text is the page's og:title or `<title>`.
 * Undefined when no `<h1>` says so, or when it is in no `<article>`.
 */
function headlineArticle(doc: Document, root: Element): Element | undefined {
  const stated = [meta(doc, "og:title"), inlineText(selectFirst("title", doc))].filter(
    (t): t is string => !!t,
  );
  if (stated.length === 0) return undefined;
  const h1s = select("h1", root).slice(0, HEADING_MAX);
  const headline = h1s.find((h) => stated.some((t) => titleSimilarity(inlineText(h), t) > 0.8));
  return headline ? ancestors(headline).find((a) => a.name === "article") : undefined;
}

function parentTag(el: Element): Element | undefined {
  return el.parent && el.parent.type === "tag" ? (el.parent as Element) : undefined;
}

// How much of a short body's score a sibling chunk with its first class name must hold to be part of it.
const LIKE_CHUNK_SHARE = 0.5;
// How much of the best candidate's score a like-named chunk must hold somewhere inside it to be part of the body.
const CHUNK_PROSE_SHARE = 0.3;

/**
 * The article's containers in document order: the best-scored element (moved up to an ancestor that scores
 * more, as Readability does), then the siblings that belong with it — chunks split by ad slots, paragraphs
 * each in their own wrapper.
 */
function articleContainers(page: PageScope, doc: Document): Element[] {
  let scores = scoreCandidates(page);
  let [top, topScore] = bestCandidate(scores);
  if (!top) return [];
  // Two articles on one page (the next one already loaded below it): the page's own is the one under its
  // headline, unless that one holds next to no text.
  const own = headlineArticle(doc, page.root);
  if (own && !isInside(top, own) && !isInside(own, top)) {
    const inside = new Map([...scores].filter(([el]) => el === own || isInside(el, own)));
    const [ownTop, ownScore] = bestCandidate(inside);
    if (ownTop && ownScore >= topScore * OWN_ARTICLE_SHARE) {
      scores = inside;
      top = ownTop;
      topScore = ownScore;
    }
  }
  // Several of the best candidates inside one ancestor: the ancestor is the article.
  const best = [...scores.entries()]
    .filter(([el, s]) => el !== top && s >= topScore * 0.75)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([el]) => el);
  if (best.length >= 2) {
    let parent = parentTag(top);
    while (parent && parent !== page.root) {
      const holder = parent;
      if (best.filter((el) => ancestors(el).includes(holder)).length >= 2) {
        top = parent;
        break;
      }
      parent = parentTag(parent);
    }
  }
  // Climb while the parent scores more than the candidate (the body is spread over its children).
  let last = scores.get(top) ?? 0;
  const threshold = last / 3;
  for (let parent = parentTag(top); parent && parent !== page.root; parent = parentTag(parent)) {
    const s = scores.get(parent);
    if (s === undefined) continue;
    if (s < threshold) break;
    if (s > last) {
      top = parent;
      break;
    }
    last = s;
  }
  const scored = top;
  for (let parent = parentTag(top); parent && parent !== page.root; parent = parentTag(parent)) {
    if (parent.children.filter((c) => c.type === "tag").length !== 1) break;
    top = parent;
  }
  // A body in chunks, each in a wrapper of the same kind (`article__chunks > div.grid` with ad rails beside the
  // text; `div.con > div.modCon > div.mod.modParagraph > … > p` a module each): all the chunks that hold prose,
  // where the text sits in the same place as in the best one, or deeper down than scores reach (a long article
  // in three `div.acf-content` parts, each holding its own layout of wrappers) a good share of the best's.
  let node = top;
  const proseFloor = (scores.get(scored) ?? 0) * CHUNK_PROSE_SHARE;
  const holdsProse = (chunk: Element): boolean => {
    for (const [el, sc] of scores) if (sc >= proseFloor && isInside(el, chunk)) return true;
    return false;
  };
  for (let level = 0; level < 3; level++) {
    const up = parentTag(node);
    const cls = node.attribs["class"];
    if (!up || up === page.root) break;
    if (cls) {
      const steps = pathBetween(node, scored);
      const chunks = up.children.filter((c): c is Element => {
        if (!isTag(c) || c.name !== node.name || c.attribs["class"] !== cls) return false;
        const text = followPath(c, steps);
        return (
          (scores.get(c) ?? 0) > 0 || (text !== undefined && (scores.get(text) ?? 0) > 0) || holdsProse(c)
        );
      });
      // (with the paragraphs beside the chunks' wrapper: a lead in a `<p>` of its own above them)
      if (chunks.length >= 2) return withSiblingParagraphs(up, chunks);
    }
    node = up;
  }
  const parent = parentTag(top);
  if (!parent) return [top];
  const topFinal = scores.get(top) ?? 0;
  const siblingThreshold = Math.max(10, topFinal * 0.2);
  const topClass = top.attribs["class"] ?? "";
  const out: Element[] = [];
  for (const c of parent.children) {
    if (c.type !== "tag") continue;
    const sibling = c as Element;
    if (sibling === top) {
      out.push(sibling);
      continue;
    }
    // A hidden sibling is a copy of the text for later (a paywall's `display:none` repeat of the article).
    if (inFurniture(sibling, page) === "tag" || isInvisible(sibling)) continue;
    const bonus = topClass && sibling.attribs["class"] === topClass ? topFinal * 0.2 : 0;
    const s = scores.get(sibling);
    if (s !== undefined && s + bonus >= siblingThreshold) {
      out.push(sibling);
      continue;
    }
    // A chunk of a short body split by an embed or an ad (`articleBodyText version-2` then `articleBodyText`):
    // the same first class name, and half the text's weight or more, though both are under the floor.
    if (s !== undefined && s >= topFinal * LIKE_CHUNK_SHARE && firstClass(sibling) === firstClass(top)) {
      out.push(sibling);
      continue;
    }
    if (isSiblingParagraph(sibling)) out.push(sibling);
  }
  return out;
}

/** A paragraph beside the body's container that is part of the text: a lead, a paragraph in a wrapper of its own. */
function isSiblingParagraph(sibling: Element): boolean {
  const paragraph =
    lonePara(sibling) ?? (isBareParagraph(sibling) && hasLikeNamed(sibling) ? sibling : undefined);
  if (!paragraph) return false;
  const text = inlineText(paragraph);
  const length = textLength(text);
  const density = linkDensity(paragraph);
  // (a short one with a link in it is a paragraph still when it ends as a sentence: a Korean or Japanese
  // paragraph of two sentences is often under 80 characters)
  return length > 0 && density < 0.25 && (length > 80 || /[.。!?！？](?:\s|$)/.test(text));
}

/** The chunks of a body inside `holder`, with the paragraphs beside `holder` in document order. */
function withSiblingParagraphs(holder: Element, chunks: Element[]): Element[] {
  const parent = parentTag(holder);
  if (!parent) return chunks;
  const out: Element[] = [];
  for (const c of parent.children) {
    if (c === holder) out.push(...chunks);
    else if (isTag(c) && !isInvisible(c) && isSiblingParagraph(c)) out.push(c);
  }
  return out;
}

// A social network's post embedded in the article (`<blockquote class="twitter-tweet">`, Instagram, TikTok, …):
// the article quotes it, so it is text, even in a wrapper called `social-media-embed` or `video-container`.
const QUOTED_POST = /(?:^|[\s_-])(?:twitter|tweet|instagram|tiktok|bluesky|mastodon|threads|fb-xfbml)/i;

/** An embedded post, or a wrapper whose text is all in embedded posts. */
function isQuotedPostBox(el: Element): boolean {
  const posts = (el.name === "blockquote" ? [el] : select("blockquote", el)).filter((b) =>
    QUOTED_POST.test(b.attribs["class"] ?? ""),
  );
  if (posts.length === 0) return false;
  const inPosts = posts.reduce((sum, b) => sum + textStats(b).chars, 0);
  return inPosts > 0 && inPosts * 10 >= textStats(el).chars * 9;
}

// A line of the body that points to another article: a short label, then a link that is the rest of the line
// (`Read more: …`, `ALSO READ: …`, `MORE: …`, `相关阅读：…`, `【関連記事】…`, `▶ …`). A sentence that is all
// one link is kept: pages link whole sentences of their text.
const POINTER_LABEL = /^[^.!?。！？]{0,30}[:：|｜»›>】\]▶►→]$/u;
const POINTER_LINK_SHARE = 0.6;

function isPointerLine(el: Element): boolean {
  const { chars, linkChars } = textStats(el);
  if (linkChars === 0 || linkChars < chars * POINTER_LINK_SHARE) return false;
  let label = "";
  const before = (node: AnyNode): boolean => {
    if (isTag(node) && node.name === "a") return true;
    if (isText(node)) label += node.data;
    else if (isTag(node) && !isInvisible(node)) for (const c of node.children) if (before(c)) return true;
    return false;
  };
  return el.children.some(before) && POINTER_LABEL.test(cleanInline(label));
}

// A site's front page: its root, or the index file there.
const FRONT_PAGE = /^\/(?:index\.[a-z]{3,5})?$/i;

/**
 * A paragraph that is all one link to the site's front page (`返回搜狐，查看更多`, `返回首页`, `トップページへ`,
 * `Back to homepage`): the way out of the article, never a sentence of it.
 */
function isFrontPageLink(el: Element, pageUrl: string): boolean {
  const links = select("a[href]", el);
  const { chars, linkChars } = textStats(el);
  if (links.length !== 1 || chars === 0 || linkChars < chars) return false;
  const target = resolveUrl(attr(links[0], "href"), pageUrl);
  if (!target) return false;
  const site = (u: URL) => u.hostname.replace(/^www\d*\./, "");
  const to = new URL(target);
  return FRONT_PAGE.test(to.pathname) && site(to) === site(new URL(pageUrl));
}

// (a private-use character: no page text, and not stripped as a control character is)
const LINK_MARK = "\ue000";
// Links and the separators between them, and for a breadcrumb the page's own step after them, unlinked.
const SEPARATED_LINKS = new RegExp(`^(?:${LINK_MARK}[^\\p{L}\\p{N}${LINK_MARK}]*)+$`, "u");
const BREADCRUMB = new RegExp(`^(?:${LINK_MARK}\\s*[>›»/]\\s*){2,}[^>›»/${LINK_MARK}]{1,40}$`, "u");

/**
 * A paragraph of two links or more and nothing else but the separators between them (`ひらがな ←→ English`,
 * `A | B | C`), or a breadcrumb (`福娘童話集 > きょうのイソップ童話 > 欲張りなイヌ`): the page's navigation.
 */
function isLinkList(el: Element): boolean {
  let shape = "";
  let links = 0;
  const walk = (node: AnyNode): void => {
    if (isText(node)) shape += node.data;
    else if (isTag(node) && !isInvisible(node)) {
      if (node.name === "a" && inlineText(node)) {
        shape += LINK_MARK;
        links++;
      } else for (const c of node.children) walk(c);
    }
  };
  for (const c of el.children) walk(c);
  if (links < 2) return false;
  const flat = cleanInline(shape);
  return SEPARATED_LINKS.test(flat) || BREADCRUMB.test(flat);
}

// Paragraphs in a row that are each nothing but a link: a list of other articles without list markup, with
// the short line above that names it (`You may also like`). A sentence that is all one link ends as one, and stays.
const LINK_PARAGRAPH_SHARE = 0.9;
const LINK_RUN_MIN = 2;
const LINK_RUN_LABEL_MAX = 24;

function isLinkParagraph(node: Element | null): boolean {
  if (!node || node.name !== "p") return false;
  const { chars, linkChars } = textStats(node);
  return chars > 0 && linkChars >= chars * LINK_PARAGRAPH_SHARE && !/[.。]$/.test(inlineText(node));
}

function siblingTag(el: Element, step: "prev" | "next"): Element | null {
  let node = step === "prev" ? el.prev : el.next;
  while (node && !isTag(node)) {
    if (isText(node) && node.data.trim()) return null;
    node = step === "prev" ? node.prev : node.next;
  }
  return node;
}

function linkRunFrom(el: Element | null): number {
  let run = 0;
  for (let n = el; n && isLinkParagraph(n); n = siblingTag(n, "next")) run++;
  return run;
}

function inLinkRun(el: Element): boolean {
  if (el.name !== "p") return false;
  if (!isLinkParagraph(el)) {
    const { chars, linkChars } = textStats(el);
    return (
      linkChars === 0 && chars <= LINK_RUN_LABEL_MAX && linkRunFrom(siblingTag(el, "next")) >= LINK_RUN_MIN
    );
  }
  let first = el;
  for (let n = siblingTag(el, "prev"); n && isLinkParagraph(n); n = siblingTag(n, "prev")) first = n;
  return linkRunFrom(first) >= LINK_RUN_MIN;
}

// Most text (characters) of a box around a form control that is left out of the body as the page's own UI.
const CONTROL_BOX_MAX = 800;

/**
 * Boxes in the body around a form control: a consent toggle for an embedded video ("Externen Inhalt anzeigen"),
 * a poll's choices, a newsletter sign-up. That is the page talking to its reader, not the article. Each
 * control's ancestors up to the body container, while they hold little text.
 */
function controlBoxes(containers: Element[]): Set<Element> {
  const boxes = new Set<Element>();
  for (const c of containers)
    for (const control of select("input, label, select, textarea", c))
      for (let el = parentTag(control); el && el !== c; el = parentTag(el)) {
        if (textStats(el).chars > CONTROL_BOX_MAX) break;
        boxes.add(el);
      }
  return boxes;
}

// A block that is only a date and time (a dateline inside the article container) is metadata, not body text.
const DATELINE =
  /^\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$/;
// Day-first and ISO dates as European and English pages write them (`24.04.2024`, `06. 01. 2026`, `1/7/2023`,
// `2024-04-24`), and a time of day.
const NUMERIC_DATE =
  /\b(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})|\d{1,2}\/\d{1,2}\/\d{2,4}|\d{4}-\d{2}-\d{2})(?!\d)/;
const TIME_OF_DAY = /\b\d{1,2}:\d{2}\b/;
// A CJK date and time at the start of a line (`2008/05/14 09:30`, `2003年3月28日 18時05分`, `2024-05-03 오후 1:30`).
const CJK_DATE_TIME =
  /^\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*[日일]?\s*(?:[(（][^)）]{1,4}[)）])?\s*(?:오전|오후|午前|午後|上午|下午)?\s*\d{1,2}\s*[:：時时시]\s*\d{2}(?:\s*[分분])?(?:[:：]\d{2})?/u;
// What follows a dateline on its line: a byline or source (`記者王小明／台北報導`, `来源：新华网`), no sentence.
const BYLINE_REST = /^[^，。！？,!?]{0,30}$/u;
function isDateline(text: string): boolean {
  const t = text.trim();
  // (a byline or source after the date and time, as old pages put them on one line under the headline)
  const dated = CJK_DATE_TIME.exec(t);
  if (dated && BYLINE_REST.test(t.slice(dated[0].length).trim())) return true;
  if (t.length > 40) return false;
  if (DATELINE.test(t)) return true;
  if (!NUMERIC_DATE.test(t)) return false;
  // `Stand: 24.04.2024 22:58 Uhr`, `Freitag, 28.04.2023, 19:25`: a date and time with a word or two around them.
  const words = t
    .replace(NUMERIC_DATE, " ")
    .replace(TIME_OF_DAY, " ")
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  return words.length === 0 || (words.length <= 2 && TIME_OF_DAY.test(t));
}

// A line where the site asks its reader to follow it (`★ 歡迎加入範例新聞雲粉絲團`, `下载范例新闻APP`, `Follow Example
// News on Facebook`): short, a call to act, and the site's own name in it.
const PROMOTION_MAX = 50;
const CALL_TO_ACT =
  /加入|下載|下载|追蹤|追踪|關注|关注|訂閱|订阅|按讚|點讚|点赞|フォロー|友だち追加|登録|구독|팔로우|다운로드|친구\s?추가|\b(?:follow|subscribe|download)\b/iu;

function isSitePromotion(text: string, names: string[]): boolean {
  const t = text.trim();
  if ([...t].length > PROMOTION_MAX || !CALL_TO_ACT.test(t)) return false;
  const bare = bareTitle(t);
  return names.some((n) => {
    const name = bareTitle(n);
    return [...name].length >= 2 && bare.includes(name);
  });
}

const DANGLING_LABEL = /^[^.!?。！？:：]{1,16}[:：]$/u;

/**
 * A block near the top of the body that is the page's headline again, as old layouts write it in a `<font>` or
 * `<b>` of the same table cell as the text: the title it begins (the site's name may still follow it there).
 */
function isHeadlineRepeat(block: Block, title: string, doc: Document): boolean {
  // (a reprint's note of the title it had, `（原标题：…）`, is the headline again when it is the same)
  const text = bareTitle(block.text.replace(ORIGINAL_TITLE, ""));
  if ([...text].length < 4 || block.text.length > 200) return false;
  return [title, inlineText(selectFirst("title", doc))].some((t) => {
    const stated = bareTitle(t);
    // (or the part before the title's first separator: `欲張りなイヌ ＜福娘童話集＞`)
    const head = bareTitle(t.split(TITLE_PART_SEPARATOR)[0] ?? "");
    return (stated.startsWith(text) && text.length * 3 >= stated.length * 2) || head === text;
  });
}
const ORIGINAL_TITLE = /^\s*[（(【[]?\s*原[标標][题題]\s*[:：]/u;
// (a single space is no separator: a Japanese headline's clauses are set apart by one)
const TITLE_PART_SEPARATOR = /\s*[|｜_<＜«【[]\s*|\s+[-–—－:：/]\s+|\s{2,}/u;

export function genericProfile(doc: Document, url: string): Article {
  const warnings: string[] = [];
  const root = pageRoot(doc);
  const page: PageScope = { root, chars: textStats(root).chars, furniture: new WeakMap() };
  // (a sibling merged with the body that opens with `You may also like` is the list of other articles it names)
  const found = articleContainers(page, doc);
  const kept = found.filter((c) => !opensWithOtherArticles(c));
  const containers = kept.length > 0 ? kept : found;
  const container = containers[0];
  const related = new Set(otherArticleContainers(doc));
  const controls = controlBoxes(containers);
  // (the whole body's text, not one container's: a merged sibling that is all byline is still a byline)
  const bodyChars = containers.reduce((sum, c) => sum + textStats(c).chars, 0);
  const body = containers.flatMap((c) =>
    collectBlocks(c, {
      dropLinkOnlyLines: true,
      skip: (el) =>
        related.has(el) ||
        controls.has(el) ||
        ((isFurniture(el, page) ||
          // (a caption holds little of the text: a wrapper named `…meta_field` around it all is no caption)
          // (a <figure> is read as a figure block, its caption with it)
          (el.name !== "figure" && classWords(el).caption && textStats(el).chars * 2 < bodyChars)) &&
          // (a post the article quotes is its text, whatever its wrapper is called)
          !isQuotedPostBox(el)) ||
        el.name === "h1" ||
        ((el.name === "p" || el.name === "li") && isPointerLine(el)) ||
        (el.name === "p" && (isLinkList(el) || isFrontPageLink(el, url))) ||
        inLinkRun(el) ||
        ((el.name === "li" || el.name === "ul" || el.name === "ol" || el.name === "div") &&
          linkDensity(el) > 0.6),
    }),
  );
  const editorsLine = body.find((b) => parseEditors(b.text).length > 0 && b.text.length < 60);
  const editors = editorsLine ? parseEditors(editorsLine.text) : [];
  const headline = pageHeadline(doc, url, root, container);
  const title = headline.title;
  const names = siteNames(doc, url);
  const cleanBody = body.filter(
    (b, i) =>
      b !== editorsLine &&
      !isSitePromotion(b.text, names) &&
      !isBoilerplate(b.text) &&
      !isDateline(b.text) &&
      // A line of nothing but separators (`|` between a byline's parts).
      !/^[|｜/·•\s]+$/.test(b.text) &&
      // The headline as the container's first heading is shown as the title already.
      !(i === 0 && b.type === "heading" && bareTitle(b.text) === bareTitle(title)) &&
      !(i < 3 && isHeadlineRepeat(b, title, doc)),
  );
  // A label left last with nothing after it (`相关链接：`, its list of links left out).
  while (cleanBody.length > 0 && DANGLING_LABEL.test(cleanBody[cleanBody.length - 1]!.text)) cleanBody.pop();
  // The body in embedded data (JSON-LD, Next.js payloads) when the markup has much less of it; a plain text
  // with no paragraph breaks only when the markup has next to none.
  const embedded = embeddedBody(doc, blocksLength(cleanBody));
  const embeddedText = embedded.blocks.filter((b) => !isBoilerplate(b.text));
  const shown =
    blocksLength(embeddedText) > (embedded.marked ? 2 : 10) * blocksLength(cleanBody)
      ? embeddedText
      : cleanBody;
  if (shown.length === 0) warnings.push("no article text found on the page");
  if (!title) warnings.push("no title found");
  const article: Article = {
    url,
    title,
    breadcrumb: [],
    editors,
    body: shown,
    recommended: findRecommended(doc, url, warnings),
    warnings,
  };
  if (shown.length === 0) {
    // No article here (an index page, a login wall): say so where the body would be, and offer the page's
    // links to go on from.
    const links = pageLinks(page, url, article.recommended);
    article.recommended.push(...links);
    article.notice =
      article.recommended.length > 0
        ? "No article text found on this page. The links it shows are listed below."
        : "No article text found on this page.";
  }
  if (headline.kicker) article.kicker = headline.kicker;
  // (the dateline a body begins with, left out of it above)
  const bodyDateline = body.slice(0, 4).find((b) => isDateline(b.text))?.text;
  const published = publishedDate(
    doc,
    url,
    headline.element ?? headlineElement(root, title),
    container,
    bodyDateline,
  );
  if (published) article.published = published;
  const source = meta(doc, "og:site_name");
  if (source) article.source = source;
  return article;
}

/** Most links offered from a page with no article. */
const PAGE_LINKS_MAX = 100;

/** The page's links outside its navigation and footer, each once, with absolute http(s) URLs. */
function pageLinks(page: PageScope, pageUrl: string, known: Link[]): Link[] {
  const seen = new Set(known.map((l) => l.url));
  const out: Link[] = [];
  for (const a of select("a[href]", page.root)) {
    if (out.length >= PAGE_LINKS_MAX) break;
    if (inFurniture(a, page) === "tag") continue;
    const url = resolveUrl(attr(a, "href"), pageUrl);
    const title = capText(inlineText(a), LINK_TEXT_MAX, "a link title");
    if (!url || seen.has(url) || [...title].length < 2) continue;
    seen.add(url);
    out.push({ title, url });
  }
  return out;
}
