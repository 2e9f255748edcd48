// The headline and the date of a generic article page: which of og:title, the page's headings, twitter:title and
// <title> is the headline, without the site's name, and the article's own date near it (not a top bar's today).
import { compareDocumentPosition } from "domutils";
import {
  countryZone,
  dateStart,
  dateZone,
  isModifiedDateline,
  parseDate,
  parseRelativeDate,
  parseYearlessDate,
  urlDay,
} from "./dates.js";
import { decodeHTMLStrict } from "entities";
import { embeddedDate, jsonLdObjects } from "./embedded.js";
import { stripSiteSuffix } from "./html-article.js";
import {
  ancestors,
  attr,
  cleanInline,
  inlineText,
  isInvisible,
  meta,
  rawText,
  select,
  selectFirst,
  textStats,
  type Document,
  type Element,
} from "./html.js";

/** The headline, the kicker shown above it (`Eskalation im Nahen Osten`) and the heading showing them. */
export interface Headline {
  title: string;
  kicker?: string;
  element?: Element;
}

const SECOND_LEVEL = new Set(["co", "com", "or", "ne", "ac", "go", "gov", "net", "org", "edu", "gr"]);

/** Names a page's title may carry for its site: og:site_name, application-name, the host and its main label. */
export function siteNames(doc: Document, url: string): string[] {
  const names = [meta(doc, "og:site_name"), meta(doc, "application-name")].filter((n): n is string => !!n);
  try {
    const host = new URL(url).hostname.replace(/^www\d*\./, "");
    // news.example.co.kr → example, www3.nhk.or.jp → nhk: the label before the country or generic ending and
    // a second-level part (`co.`, `or.`, `com.`) of it.
    const labels = host.split(".").slice(0, -1);
    if (labels.length > 1 && SECOND_LEVEL.has(labels[labels.length - 1]!)) labels.pop();
    const main = labels[labels.length - 1];
    names.push(host);
    if (main) names.push(main);
  } catch {
    // no host to name
  }
  return names;
}

/** Whether a title is only the site's name (`예시신문`, `www.example.jp`), spaces, case and punctuation aside. */
function isSiteName(title: string, names: string[]): boolean {
  const bare = bareTitle(title);
  return names.some((n) => bareTitle(n) === bare);
}

const NOT_HEADLINE = new Set(["nav", "aside", "footer"]);
// The class or id of the site's logo or name, as a page sets it in a heading (`<h1 class="logo">`, WordPress's
// `<h1 class="site-title">`, `<div class="logo"><h1>…`).
const LOGO = /(?:^|[\s_-])(?:logo|site-?title|site-?name)(?:$|[\s_-])/i;

/** Whether a heading is the site's logo or name, by its class or id or its wrapper's. */
function isLogo(h: Element): boolean {
  for (let el: Element | undefined = h, i = 0; el && i < 3; i++) {
    if (LOGO.test(`${attr(el, "class") ?? ""} ${attr(el, "id") ?? ""}`)) return true;
    el = el.parent?.type === "tag" ? (el.parent as Element) : undefined;
  }
  return false;
}

/** A title compared without case, spaces, punctuation or symbols. */
export function bareTitle(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

/** Character-bigram overlap (Dice) of two titles, punctuation and spaces aside: 1 for the same headline. */
export function titleSimilarity(a: string, b: string): number {
  const grams = (s: string): Map<string, number> => {
    const chars = [...bareTitle(s)];
    const m = new Map<string, number>();
    for (let i = 0; i + 1 < chars.length; i++) {
      const g = chars[i]! + chars[i + 1]!;
      m.set(g, (m.get(g) ?? 0) + 1);
    }
    return m;
  };
  const x = grams(a);
  const y = grams(b);
  let common = 0;
  let total = 0;
  for (const [g, n] of x) {
    common += Math.min(n, y.get(g) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return total === 0 ? 0 : (2 * common) / total;
}

export const HEADING_MAX = 30;
// Longest h1 (characters) read as a label over the page when a longer heading follows it before the body.
const LABEL_MAX = 6;
// The bit domutils' compareDocumentPosition(a, b) sets when a comes before b (its DocumentPosition.PRECEDING,
// a const enum, not importable as a value here).
const BEFORE = 2;
// Longest kicker (characters): a line above the headline, not a second headline.
const KICKER_MAX = 80;

/** A title's words (letters and digits), NFKC and in lower case. */
function titleWords(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Text compared loosely but in order: NFKC, lower case, one space for each run of spaces. */
function looseText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * A heading shown as two parts, each in its own element (`<span class=overline>Eskalation im Nahen Osten</span>
 * <span>«…»</span>`): the first, shorter one and the rest. Separators hidden from sight or made of punctuation
 * alone (` - ` for screen readers) are no part.
 */
function headingParts(h: Element): { kicker: string; rest: string } | undefined {
  let el = h;
  // Through wrappers holding everything (`<h1><a><span>…</span><span>…</span></a></h1>`).
  for (;;) {
    const kids = el.children.filter((c) => c.type !== "text" || c.data.trim() !== "");
    const only = kids[0];
    if (kids.length !== 1 || only?.type !== "tag") break;
    el = only as Element;
  }
  const parts: string[] = [];
  for (const c of el.children) {
    // Text between the parts makes one sentence of them (`Der <em>große</em> Streit`).
    if (c.type === "text") {
      if (/[\p{L}\p{N}]/u.test(c.data)) return undefined;
      continue;
    }
    if (c.type !== "tag") continue;
    const child = c as Element;
    if (isInvisible(child) || child.attribs["aria-hidden"] === "true") continue;
    const text = inlineText(child);
    if (/[\p{L}\p{N}]/u.test(text)) parts.push(text);
  }
  const [first, ...rest] = parts;
  const kicker = first?.replace(/[\s:：|｜\-–—]+$/u, "");
  const headline = rest.join(" ");
  if (!kicker || rest.length === 0 || [...kicker].length > KICKER_MAX) return undefined;
  if ([...kicker].length >= [...headline].length) return undefined;
  return { kicker, rest: headline };
}

/**
 * The heading's headline when a stated title shows it apart from its kicker: the title holds the headline part
 * with nothing before it, or after a separator (`Iranischer Angriff auf Israel: «…»`, `Kicker – Headline`).
 * A title that runs the two parts together as one sentence (`Ich bin ein Berliner` over two styled lines)
 * shows one headline.
 */
function splitHeading(h: Element, stated: string): Headline | undefined {
  const parts = headingParts(h);
  if (!parts) return undefined;
  const title = looseText(stated);
  const at = title.indexOf(looseText(parts.rest));
  if (at < 0) return undefined;
  const before = title.slice(0, at).trimEnd();
  if (before !== "" && !/[:：|｜\-–—«»]$/u.test(before)) return undefined;
  if (bareTitle(parts.rest).length * 2 < bareTitle(stated).length) return undefined;
  return { title: parts.rest, kicker: parts.kicker, element: h };
}

/**
 * The headline a heading shows beside parts of its own that the stated title leaves out, each in its own
 * element (`<h1>見出し<span class=time>2024-05-03 08:40</span></h1>`, `<h1><span>地域</span>見出し</h1>`): the
 * heading's text without them, when that is the stated title.
 */
function headingWithout(h: Element, stated: string): Headline | undefined {
  const want = bareTitle(stated);
  if ([...want].length < 4 || bareTitle(inlineText(h)) === want) return undefined;
  const kept: string[] = [];
  for (const c of h.children) {
    if (c.type === "text") kept.push(c.data);
    else if (c.type === "tag") {
      const text = inlineText(c as Element);
      if (want.includes(bareTitle(text))) kept.push(text);
    }
  }
  const title = kept.join("").replace(/\s+/g, " ").trim();
  return bareTitle(title) === want ? { title, element: h } : undefined;
}

/**
 * The headline an og:title cut short begins, as a heading or the page's other title shows it: an unescaped
 * quote ended the attribute (`content="… und "royaler Besuch""`), or an ellipsis shortened it. A shorter
 * og:title that is a whole headline of its own (`Kicker: Headline` beside `Kicker: Headline – Section`) stays.
 */
function longerHeadline(og: string, headings: Element[], stated: string[]): Headline | undefined {
  const ellipsis = /(?:…|\.\.\.)$/.test(og);
  const cut = looseText(og.replace(/(?:…|\.\.\.)$/, ""));
  if ([...cut].length < 8) return undefined;
  const goesOn = (text: string): boolean => {
    const loose = looseText(text);
    return (
      loose.startsWith(cut) && (ellipsis ? loose.length > cut.length : /^ ?"/.test(loose.slice(cut.length)))
    );
  };
  const h = headings.find((el) => goesOn(inlineText(el)));
  if (h) return { title: inlineText(h), element: h };
  const title = stated.find(goesOn);
  return title ? { title } : undefined;
}

// schema.org types of an article's JSON-LD (`NewsArticle`, `ReportageNewsArticle`, `BlogPosting`, `Article`).
const ARTICLE_TYPE = /(?:Article|BlogPosting|Report)$/;

/** Whether a JSON-LD object is an article (its `@type` a name or a list of names). */
function isArticleNode(node: Record<string, unknown>): boolean {
  const type = node["@type"];
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => typeof t === "string" && ARTICLE_TYPE.test(t));
}

/** The URLs a JSON-LD article says it is at: `url`, `mainEntityOfPage` (a URL or `{"@id": URL}`), `@id`. */
function nodeUrls(node: Record<string, unknown>): string[] {
  const main = node.mainEntityOfPage;
  const values = [
    node.url,
    node["@id"],
    main,
    main && typeof main === "object" ? (main as Record<string, unknown>)["@id"] : undefined,
  ];
  return values.filter((v): v is string => typeof v === "string");
}

/**
 * The page's article in its JSON-LD: the article object whose URL is the page's (or its canonical one), else
 * the first article object. A page lists related articles in its JSON-LD too.
 */
function jsonLdArticle(doc: Document, url: string): Record<string, unknown> | undefined {
  const articles = jsonLdObjects(doc).filter(isArticleNode);
  const own = new Set([url, attr(selectFirst('link[rel="canonical"]', doc), "href")].map(pathOf));
  return articles.find((a) => nodeUrls(a).some((u) => own.has(pathOf(u)))) ?? articles[0];
}

/** A URL without its scheme, query or fragment, for telling whether two name one page. */
function pathOf(url: string | undefined): string {
  try {
    const u = new URL(url ?? "");
    return `${u.hostname.replace(/^www\./, "")}${u.pathname.replace(/\/$/, "")}`;
  } catch {
    return "";
  }
}

// Where a page lists its sections: its breadcrumb (`パンくず`, `当前位置`) and its menus.
const SECTION_HOLDERS = [
  "crumb",
  "bread",
  "topicpath",
  "pankuzu",
  "path",
  "location",
  "position",
  "weizhi",
  "nav",
  "menu",
  "gnb",
  "lnb",
]
  .flatMap((w) => [`[class*="${w}" i]`, `[id*="${w}" i]`])
  .concat("nav")
  .join(", ");
// (the same words as whole parts of a class or id, `top-nav`, `mainMenu`, `breadcrumb`; not `canvas`)
const SECTION_WORD = /^(?:path|location|position|weizhi|nav|navi|navigation|gnb|lnb|menu)$/;
const CRUMB_WORD = /crumb|bread|topicpath|pankuzu/i;

function isSectionHolder(el: Element): boolean {
  if (el.name === "nav") return true;
  return `${attr(el, "class") ?? ""} ${attr(el, "id") ?? ""}`.split(/\s+/).some(
    (token) =>
      CRUMB_WORD.test(token) ||
      token
        .replace(/([a-z])([A-Z])/g, "$1-$2")
        .toLowerCase()
        .split(/[_-]/)
        .some((part) => SECTION_WORD.test(part)),
  );
}
// Longest section name (characters), and how many holders and links are read for them.
const SECTION_MAX = 20;
const SECTION_HOLDERS_MAX = 60;
const SECTION_LINKS_MAX = 600;

/**
 * The names of the page's sections, as its breadcrumb and menus link them (`新闻中心`, `Politik`), and as its
 * JSON-LD BreadcrumbList steps them (the last step, the page itself, left out): parts of a stated title that
 * name no headline.
 */
function sectionNames(doc: Document): string[] {
  const names = new Set<string>();
  for (const list of jsonLdObjects(doc)) {
    const items = list["@type"] === "BreadcrumbList" ? list.itemListElement : undefined;
    if (!Array.isArray(items)) continue;
    for (const item of items.slice(0, -1)) {
      const named = item && typeof item === "object" ? (item as Record<string, unknown>) : {};
      const inner =
        named.item && typeof named.item === "object" ? (named.item as Record<string, unknown>) : {};
      const name = typeof named.name === "string" ? named.name : inner.name;
      if (typeof name === "string") names.add(name.trim());
    }
  }
  let links = 0;
  for (const holder of select(SECTION_HOLDERS, doc).slice(0, SECTION_HOLDERS_MAX)) {
    if (!isSectionHolder(holder)) continue;
    for (const a of select("a", holder)) {
      if (++links > SECTION_LINKS_MAX) break;
      names.add(inlineText(a));
    }
  }
  return [...names].filter((n) => n && [...n].length <= SECTION_MAX);
}

// Fewest words a URL's slug must have to name a headline (`/2024/05/03/`, `/article/123.html` name none).
const SLUG_WORDS_MIN = 3;
// Shortest word matched by its beginning (`poisoning` in `poisonings`, `autobahn` in `autobahnen`).
const SLUG_STEM_MIN = 4;

/** A word as a slug may spell it: marks dropped (`é` → `e`), German letters spelled out too (`ä` → `ae`). */
function slugForms(word: string): string[] {
  const plain = (w: string) => w.normalize("NFKD").replace(/\p{M}/gu, "").replace(/ß/g, "ss");
  const spelled = word.replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue");
  return spelled === word ? [plain(word)] : [plain(word), plain(spelled)];
}

/**
 * The words of the page's slug (`…/laos-methanol-poisoning-holly-bowles-death-b2651790.html`): of its canonical
 * URL's path, the part with the most words, ids (`b2651790`, `100`) left out. None when no part has a few words.
 */
function slugWords(doc: Document, url: string): string[] {
  let path: string;
  try {
    path = decodeURIComponent(
      new URL(attr(selectFirst('link[rel="canonical"]', doc), "href") ?? url, url).pathname,
    );
  } catch {
    return [];
  }
  let best: string[] = [];
  for (const part of path.split("/")) {
    const words = titleWords(part.replace(/\.[a-z]{2,5}$/i, "")).filter(
      (w) => !/\d/.test(w) || /^\d{1,2}$/.test(w),
    );
    if (words.length > best.length) best = words;
  }
  return best.length >= SLUG_WORDS_MIN ? best : [];
}

/** The share of the slug's words a title has, a word counting when one begins the other (`hitze`, `hitzeschaeden`). */
function slugShare(slug: string[], title: string): number {
  if (slug.length === 0) return 0;
  const words = titleWords(title).flatMap(slugForms);
  const matches = (a: string, b: string) =>
    a === b || (Math.min(a.length, b.length) >= SLUG_STEM_MIN && (a.startsWith(b) || b.startsWith(a)));
  return slug.filter((s) => words.some((w) => matches(w, s))).length / slug.length;
}

/** The headline the page's JSON-LD gives its article, its HTML entities read (`&#039;`), spaces trimmed. */
function jsonLdHeadline(doc: Document, url: string): string | undefined {
  const headline = jsonLdArticle(doc, url)?.headline;
  if (typeof headline !== "string") return undefined;
  const text = decodeHTMLStrict(headline).replace(/\s+/g, " ").trim();
  return text || undefined;
}

/**
 * The headline: the heading the page shows og:title in; else the heading it shows its JSON-LD headline in
 * (og:title then is a line written for sharing), unless a <title> of its own says og:title too; else the
 * headline <title> and JSON-LD both state; else og:title without the site's name. An og:title that only names
 * the site counts as none. With no og:title, the page's own heading (h1 first, then h2/h3) that
 * agrees with twitter:title or <title>, so that a first h1 of "Log In", a section name or a logo loses; else
 * that title without the site's name; with neither, the h1 nearest before the body. An og:title cut short
 * gives way to the heading or title it begins. A heading that shows a kicker above the headline, apart from
 * it in the stated title, gives the two apart. A ticker headed with one of its timed entries has its JSON-LD
 * headline.
 */
export function pageHeadline(
  doc: Document,
  url: string,
  root: Element,
  container: Element | undefined,
): Headline {
  const shown = shownHeadline(doc, url, root, container);
  const chosen = tickerHeadline(shown, doc, url, root) ?? shown;
  // A heading set on two lines (`<h1>政府が<br>新制度を検討</h1>`) is one line of text: between Chinese or
  // Japanese characters a line break is no space (CSS Text's segment-break rule, which browsers apply).
  const el = chosen.element;
  if (el && inlineText(el) === chosen.title) {
    const joined = cleanInline(rawText(el).replace(WIDE_LINE_BREAK, ""));
    return { ...chosen, title: bracketedLabel(el, joined, doc) ?? joined };
  }
  return chosen;
}

// A label in brackets before a headline: `【独自】`, `[단독]`, `［速報］`, `〈社説〉`.
const BRACKETED = /^\s*([【[［〔〈<＜(（])([^】\]］〕〉>＞)）]{1,12})([】\]］〕〉>＞)）])\s*/u;

/**
 * The headline with the label its heading shows in an element of its own (`<h1><span class=label>独自</span>
 * 政府が…</h1>`, read as `独自政府が…`) set apart in the brackets the page's stated titles give it (`【独自】政府が…`).
 */
function bracketedLabel(h: Element, title: string, doc: Document): string | undefined {
  const first = h.children.find((c) => c.type !== "text" || c.data.trim() !== "");
  if (first?.type !== "tag") return undefined;
  const label = inlineText(first as Element);
  if (!label || !title.startsWith(label) || title.length === label.length) return undefined;
  const rest = title.slice(label.length).trim();
  for (const stated of [
    meta(doc, "og:title"),
    meta(doc, "twitter:title"),
    inlineText(selectFirst("title", doc)),
  ]) {
    const m = stated ? BRACKETED.exec(stated) : null;
    if (m && m[2]!.trim() === label && bareTitle(stated!.slice(m[0].length)).startsWith(bareTitle(rest)))
      return `${m[1]}${label}${m[3]}${rest}`;
  }
  return undefined;
}

// A line break with a Chinese or Japanese character (or full-width punctuation) on either side.
const WIDE_LINE_BREAK =
  /(?<=[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\u3000-\u303f\uff01-\uff60])[ \t]*\n\s*(?=[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\u3000-\u303f\uff01-\uff60])/gu;

// A clock time an entry of a ticker begins with: `11.13 Uhr:`, `08:40 -`, `12時31分`, `9h45 :`.
const ENTRY_TIME = /^\s*\d{1,2}\s?[.:：時时시h]\s?\d{2}\s?(?:分|분|Uhr|h)?\s*[:：|｜\-–—]?\s*/u;

/**
 * A ticker's own headline when the page heads itself with one of its entries. A news ticker (a live blog)
 * puts its latest or chosen entry in its h1, og:title and <title> (`Nahost-Ticker: Palästinenser … erschossen`)
 * as it goes, and the same words head that entry in the body after its time (`11.13 Uhr: Palästinenser …
 * erschossen`): they are that entry's headline, which the next entry replaces. The ticker's own headline, the
 * one its JSON-LD gives (`Krieg in Israel und Gaza im News-Ticker vom …`), names what it covers.
 */
function tickerHeadline(shown: Headline, doc: Document, url: string, root: Element): Headline | undefined {
  const ld = jsonLdHeadline(doc, url);
  if (!ld || titleSimilarity(ld, shown.title) > 0.6) return undefined;
  const whole = bareTitle(shown.title);
  // (the headline without the ticker's name before it: `Nahost-Ticker: …`)
  const rest = bareTitle(shown.title.replace(/^[^:：|｜]{1,40}[:：|｜]\s*/u, ""));
  const isEntry = select("h2, h3, h4", root)
    .slice(0, HEADING_MAX * 4)
    .some((h) => {
      const text = inlineText(h);
      if (!ENTRY_TIME.test(text)) return false;
      const entry = bareTitle(text.replace(ENTRY_TIME, ""));
      return entry.length >= 4 && (entry === whole || entry === rest);
    });
  return isEntry ? { title: ld } : undefined;
}

/** The headline the page shows or states (see pageHeadline), before a ticker's entry is told from its own. */
function shownHeadline(doc: Document, url: string, root: Element, container: Element | undefined): Headline {
  const names = siteNames(doc, url);
  // A headline often sits in the article's <header>, or in a wrapper with a furniture-like class: only
  // navigation, asides and footers are never where it is.
  // A heading that only names the site (a logo's `<h1>例示新聞デジタル</h1>`) is no headline either.
  const headings = (query: string) =>
    select(query, root)
      .filter((h) => {
        const text = inlineText(h);
        return (
          text &&
          !ancestors(h).some((a) => NOT_HEADLINE.has(a.name)) &&
          !isSiteName(text, names) &&
          !isLogo(h)
        );
      })
      .slice(0, HEADING_MAX);
  const h1s = headings("h1");
  const tiers = [h1s, headings("h2, h3")];
  // The h1 nearest before the body, else the first.
  const nearestH1 = (): Element | undefined => {
    const before = container ? h1s.filter((h) => compareDocumentPosition(h, container) & BEFORE) : [];
    return before[before.length - 1] ?? h1s[0];
  };
  // A heading the page shows, inside a title it states (`見出し - 範例新聞網`): that is the headline as is.
  const shownIn = (title: string): Headline | undefined => {
    const bare = bareTitle(title);
    for (const tier of tiers)
      for (const h of tier) {
        const split = splitHeading(h, title);
        if (split) return split;
        const text = bareTitle(inlineText(h));
        if (text.length >= 4 && text.length * 2 >= bare.length && bare.includes(text))
          return { title: inlineText(h), element: h };
      }
    return undefined;
  };
  // og:title is the headline the page gives for itself (the h1 may be a kicker-and-headline pair or a
  // variant written for the page's layout): it wins, without the site's name.
  const statedAsIs = [meta(doc, "twitter:title"), inlineText(selectFirst("title", doc))].filter(
    (t): t is string => !!t,
  );
  const stated = statedAsIs.map((t) => stripSiteSuffix(t, names));
  const ld = jsonLdHeadline(doc, url);
  const titleText = inlineText(selectFirst("title", doc));
  const pageTitle = titleText ? stripSiteSuffix(titleText, names) : undefined;
  // A title the page states, given as the headline: without the site's name, nor a section's at either end.
  let sections: string[] | undefined;
  const plain = (title: string): string => stripSiteSuffix(title, names, (sections ??= sectionNames(doc)));
  // An og:title set site-wide (`范例网`, `www.example.cn`, the name <title> ends with) names no article.
  const siteWide = (title: string): boolean => {
    // (what <title> says beside its headline: the site's name, a section's)
    const cut = !pageTitle
      ? ""
      : titleText.startsWith(pageTitle)
        ? titleText.slice(pageTitle.length)
        : titleText.endsWith(pageTitle)
          ? titleText.slice(0, titleText.length - pageTitle.length)
          : "";
    return (
      isSiteName(title, names) ||
      /^(?:https?:\/\/)?[\w-]+(?:\.[\w-]+)+\/?$/i.test(title.trim()) ||
      (bareTitle(cut).length > 0 &&
        titleSimilarity(title, cut) > 0.6 &&
        !bareTitle(title).includes(bareTitle(pageTitle!)))
    );
  };
  const ogTitle = meta(doc, "og:title");
  const og = ogTitle && !siteWide(ogTitle) ? ogTitle : undefined;
  if (og) {
    const own = shownIn(og) ?? longerHeadline(og, tiers.flat(), stated);
    if (own) return own;
    // An og:title the page shows in no heading (or only in its breadcrumb) is a headline written for sharing.
    // The heading the article shows as its JSON-LD states it is the article's headline, unless og:title begins
    // with the kicker that heading shows (`49-Euro-Ticket: Pendler zahlen…` over a heading `49-Euro-Ticket` /
    // `Pendler sparen…`): it is then the page's own kicker-and-headline pair, the headline written again for
    // sharing. Unless, too, a <title> written apart from og:title (naming the site or a section, where a copy of
    // og:title is no second witness) states it.
    const confirmed = pageTitle !== undefined && titleText !== og && titleSimilarity(pageTitle, og) > 0.8;
    const ldHeading = ld && !confirmed ? shownIn(ld) : undefined;
    const kicker = ldHeading?.kicker ? bareTitle(ldHeading.kicker) : "";
    if (ldHeading && !(kicker && bareTitle(og).startsWith(kicker))) return ldHeading;
    // A headline the page's <title> and its JSON-LD both state is the article's: as the h1 shows it (every word
    // of it, in another order: `Julian Assange: Sweden drops…`), else as <title> states it when JSON-LD cut it
    // short. (An h1 worded otherwise is a second headline.)
    if (ld && pageTitle && titleSimilarity(pageTitle, ld) > 0.8) {
      const agreed = h1s.find((h) => {
        const shown = new Set(titleWords(inlineText(h)));
        return titleSimilarity(inlineText(h), pageTitle) > 0.8 && titleWords(ld).every((w) => shown.has(w));
      });
      if (agreed) return { title: inlineText(agreed), element: agreed };
      if (titleSimilarity(og, ld) <= 0.8) {
        const title = bareTitle(pageTitle).startsWith(bareTitle(ld)) ? pageTitle : ld;
        // Unless the h1 above the body, worded apart from them, is the headline the page's URL was made from:
        // its slug spells more of the h1's words than of theirs (a <title> and JSON-LD rewritten for search).
        const h1 = nearestH1();
        const slug = h1 ? slugWords(doc, url) : [];
        const share = h1 ? slugShare(slug, inlineText(h1)) : 0;
        if (h1 && share * 2 >= 1 && share > slugShare(slug, title))
          return { title: inlineText(h1), element: h1 };
        return { title: title === pageTitle ? plain(titleText) : title };
      }
    }
    return { title: plain(og) };
  }
  for (const tier of tiers) {
    let best: Element | undefined;
    let bestSimilarity = 0.6;
    for (const h of tier) {
      const similarity = Math.max(0, ...stated.map((t) => titleSimilarity(inlineText(h), t)));
      if (similarity > bestSimilarity) {
        best = h;
        bestSimilarity = similarity;
      }
    }
    if (best) {
      for (const t of stated) {
        const split = splitHeading(best, t) ?? headingWithout(best, t);
        if (split) return split;
      }
      return { title: inlineText(best), element: best };
    }
  }
  // No heading agrees with the title the page states. The h1 nearest before the body is the headline, unless
  // the stated title reads as one where the h1 does not ("Log In", "ログイン", a section name): it had a site's
  // name to strip (`見出し | サイト名`). A bare stated title (`病態頁面`) may be the site's name or a page label:
  // the h1 stays, and a stated title that is only the site's name loses. With no h1 but the site's logo, the
  // h2 or h3 nearest before the body is the headline; so it is below an h1 of a few characters it is at least
  // twice as long as (a label over every page: `기사 상세`, `ニュース`, `正文`).
  const before = container ? tiers[1]!.filter((h) => compareDocumentPosition(h, container) & BEFORE) : [];
  const below = before[before.length - 1];
  const top = nearestH1();
  const length = (h: Element) => [...bareTitle(inlineText(h))].length;
  const label =
    top !== undefined &&
    below !== undefined &&
    length(top) <= LABEL_MAX &&
    compareDocumentPosition(top, below) & BEFORE &&
    length(below) >= 2 * length(top);
  const h1 = label ? below : (top ?? below);
  const own = stated.findIndex((t, i) => !isSiteName(t, names) && (t !== statedAsIs[i] || !h1));
  if (own >= 0) return { title: plain(statedAsIs[own]!) };
  if (h1) return { title: inlineText(h1), element: h1 };
  // No heading and no title of its own: the headline the page's JSON-LD gives, before a title that is only
  // the site's name.
  return { title: ld ?? (statedAsIs[0] ? plain(statedAsIs[0]) : "") };
}

/** The element showing the headline: the first h1–h3 whose text is the title. */
export function headlineElement(root: Element, title: string): Element | undefined {
  const want = bareTitle(title);
  if (!want) return undefined;
  return select("h1, h2, h3", root)
    .slice(0, HEADING_MAX * 2)
    .find((h) => bareTitle(inlineText(h)) === want);
}

/**
 * The zone of dates that name none: the zone the page's own dates name (a zone-less article:published_time
 * beside a JSON-LD datePublished with +02:00); else its country's, by its language tag (`de-AT`, `sv`, `ja`),
 * its country domain (`.fr`, `.co.uk`), or the script of its title (kana or hangul: +09:00, Chinese: +08:00);
 * else UTC. A date written in UTC (`…Z`) says how it was stored, not where the page's clocks are. A page with
 * no country (English on a `.com`) is not guessed into one: its clock times are shown as UTC.
 */
function pageZone(doc: Document, url: string, dates: (string | undefined)[]): string {
  for (const text of dates) {
    if (!text || /(?:Z|UTC|GMT)$/i.test(text.trim())) continue;
    const zone = dateZone(text);
    if (zone) return zone;
  }
  const tag = attr(selectFirst("html", doc), "lang") ?? meta(doc, "og:locale") ?? "";
  const [language, region] = tag.toLowerCase().split(/[-_]/);
  let domain: string | undefined;
  try {
    domain = new URL(url).hostname.split(".").pop();
  } catch {
    // no host to go by
  }
  const title = `${meta(doc, "og:title") ?? ""}${inlineText(selectFirst("title", doc))}`;
  const script = /[\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]/u.test(title)
    ? "+09:00"
    : /\p{scx=Han}/u.test(title)
      ? "+08:00"
      : undefined;
  return countryZone(region, language) ?? countryZone(domain) ?? script ?? "+00:00";
}

/**
 * The JSON-LD datePublished (or dateModified) of the page's article, and the first one of any object (the page's `WebPage`, which
 * may give the time the article's own gives as a day alone).
 */
function jsonLdDates(
  doc: Document,
  url: string,
  key: "datePublished" | "dateModified" = "datePublished",
): (string | undefined)[] {
  const date = (node: Record<string, unknown> | undefined) =>
    typeof node?.[key] === "string" ? (node[key] as string) : undefined;
  return [date(jsonLdArticle(doc, url)), date(jsonLdObjects(doc).find((node) => date(node)))];
}

/**
 * The schema.org microdata datePublished written on a shown element (`<time itemprop="datePublished"
 * datetime="…">`, `<span itemprop="datePublished" content="…">`, `<div itemprop="datePublished">2019-11-13T23:06:00+01:00</div>`).
 */
function microdataDate(doc: Document): string | undefined {
  const el = selectFirst('[itemprop~="datePublished"]:not(meta)', doc);
  if (!el) return undefined;
  const value = attr(el, "content") ?? attr(el, "datetime");
  if (value) return value;
  return textStats(el).chars <= DATELINE_CHARS ? inlineText(el) : undefined;
}

/** Whether a date's text gives the time of day (`08:40`, `10時30分`, `오후 3:20`), not the day alone. */
function hasTime(text: string): boolean {
  return /\d[:時时시h]\d{2}/.test(text);
}

// How many elements past a dateline giving a day alone are looked at for one with that day's time.
const DAY_THEN_TIME = 40;
const DAY_MS = 24 * 3600_000;

// Small elements a dateline is written in, old table layouts (`<td>`, `<font>`) included.
const DATELINE_HOLDERS = "time, span, p, div, td, font, em, li, dd, small, strong, b, i";
const DATELINE_CHARS = 60;

// How many elements after and before the headline are tried: a dateline is near it, and a hostile page of
// 100k dateless spans must not cost a date parse each.
const DATELINE_AFTER = 300;
const DATELINE_BEFORE = 60;

/** Elements of `candidates` in document order from just after `anchor`, then those before it, nearest first. */
function aroundAnchor(candidates: Element[], anchor: Element): Element[] {
  const after: Element[] = [];
  const before: Element[] = [];
  const above = new Set(ancestors(anchor));
  for (const el of candidates) {
    if (el === anchor || above.has(el)) continue;
    if (compareDocumentPosition(anchor, el) & BEFORE) {
      if (!isInside(el, anchor)) after.push(el);
      if (after.length >= DATELINE_AFTER) break;
    } else before.push(el);
  }
  return [...after, ...before.slice(-DATELINE_BEFORE).reverse()];
}

export function isInside(el: Element, container: Element): boolean {
  for (let p = el.parent; p; p = p.parent) if (p === container) return true;
  return false;
}

/**
 * The article's own date and time: the page's metadata (article:published_time, JSON-LD datePublished), else
 * the `<time datetime>` or dateline nearest after the headline (`2023年09月18日08:40`, `2024.05.03 13:30`, in a
 * `<div class="…time">`, `<td>` or `<font>`), not the first date-like text of the page (a top bar's today).
 */
export function publishedDate(
  doc: Document,
  url: string,
  headline: Element | undefined,
  container: Element | undefined,
  bodyDateline?: string,
): string | undefined {
  const candidates = [
    meta(doc, "article:published_time"),
    meta(doc, "article:published:time"),
    meta(doc, "og:article:published_time"),
    meta(doc, "article:published"),
    meta(doc, "datePublished"),
    // (itemprop holds a list: `itemprop="datePublished dateCreated"`)
    attr(selectFirst('meta[itemprop~="datePublished"]', doc), "content"),
    meta(doc, "pubdate"),
    meta(doc, "publishdate"),
    meta(doc, "date"),
    ...jsonLdDates(doc, url),
    // (last: JSON-LD's own date wins a tie)
    microdataDate(doc),
  ];
  const zone = pageZone(doc, url, [
    ...candidates,
    meta(doc, "article:modified_time"),
    ...jsonLdDates(doc, url, "dateModified"),
    ...select("time[datetime]", doc)
      .slice(0, 20)
      .map((el) => attr(el, "datetime")),
  ]);
  // The most precise of them: one naming its zone and time, else one with a time, else a day alone (a
  // `<meta name=date content=2024-11-29>` beside JSON-LD's `2024-11-29T12:31:54+01:00`).
  let best: { date: string; rank: number } | undefined;
  for (const c of candidates) {
    const date = parseDate(c, zone);
    if (!date) continue;
    const rank = !hasTime(c!) ? 2 : dateZone(c) === undefined ? 1 : 0;
    if (!best || rank < best.rank) best = { date, rank };
  }
  if (best && best.rank < 2) return best.date;
  // Metadata giving a day alone (`<meta name="publishdate" content="2024-05-03">`) gives way to a dateline of
  // that same day that has its time (`2024-05-03 13:30`).
  const metaDay = best?.date;
  const onMetaDay = (d: string, text: string): boolean =>
    metaDay === undefined ||
    (hasTime(text) &&
      Date.parse(d) >= dateStart(metaDay, zone) &&
      Date.parse(d) - dateStart(metaDay, zone) < DAY_MS);
  const anchor = headline ?? container;
  // The headline's surroundings: a few levels up, where a byline or dateline box sits beside it.
  let scope: Element | undefined = anchor;
  for (let i = 0; scope && i < 4 && scope.parent?.type === "tag"; i++) scope = scope.parent as Element;
  const times = scope && anchor ? aroundAnchor(select("time[datetime]", scope), anchor) : [];
  for (const el of [...times, ...select("time[datetime]", doc)]) {
    const text = attr(el, "datetime") ?? "";
    const d = parseDate(text, zone);
    if (d && onMetaDay(d, text)) return d;
  }
  // With no headline shown, the dateline the body begins with (in the text's own table cell, as old layouts
  // write it) is the article's: nearer than anything around the container.
  const ownLine = bodyDateline === undefined ? undefined : datelineDate(bodyDateline, zone, url);
  if (!headline && ownLine && onMetaDay(ownLine, bodyDateline ?? "")) return ownLine;
  // (the time a page's scripts hold comes last: the markup shows no date at all)
  const otherwise = (): string | undefined => metaDay ?? ownLine ?? parseDate(embeddedDate(doc), zone);
  if (!scope || !anchor) return otherwise();
  const small = select(DATELINE_HOLDERS, scope).filter((el) => {
    const chars = textStats(el).chars;
    return chars > 0 && chars <= DATELINE_CHARS;
  });
  // A day alone (`Nov 20, 2019` under the headline) gives way to a dateline a little further on that has the
  // time of that same day (`First Published on Nov 20, 2019 01:38 pm`).
  let day = metaDay;
  // The time the article was changed (`更新时间：…`, `수정 …`), when no dateline says when it was published.
  let modified: string | undefined;
  let after = 0;
  for (const el of aroundAnchor(small, anchor)) {
    if (day && ++after > DAY_THEN_TIME) break;
    const text = inlineText(el);
    const d = datelineDate(text, zone, url);
    if (!d) continue;
    if (isModifiedDateline(text)) modified ??= d;
    else if (!hasTime(text)) day ??= d;
    else if (!day) return d;
    else {
      const later = Date.parse(d) - dateStart(day, zone);
      if (later >= 0 && later < DAY_MS) return d;
    }
  }
  return day ?? ownLine ?? modified ?? otherwise();
}

// A text that can name a day: two numbers (`5月3日`, `2024/05/03`, `May 3, 2024`) or one of six digits or more.
const NAMES_DAY = /\p{Nd}\P{Nd}+\p{Nd}|\p{Nd}{6}/u;
// (a page's URL may date it a day before its dateline in another zone)
const URL_DAY_SLACK = 2 * DAY_MS;

/**
 * A dateline's date; else its month, day and time in the year that is nearest before the URL's day or now; else
 * a time relative to now (`3小时前`, `昨天 13:30`), unless the URL files the page under another day (a page saved
 * long ago: its `3 hours ago` was then).
 */
function datelineDate(text: string, zone: string, url: string): string | undefined {
  // (a year alone, `<span class=year>2024</span>` of a dateline written in pieces, dates no article)
  const dated = NAMES_DAY.test(text) ? parseDate(text, zone) : undefined;
  if (dated) return dated;
  const day = urlDay(url);
  const now = Date.now();
  const yearless = hasTime(text)
    ? parseYearlessDate(text, zone, day === undefined ? now : Math.min(now, day + URL_DAY_SLACK))
    : undefined;
  if (yearless) return yearless;
  const relative = parseRelativeDate(text, zone, now);
  if (!relative || day === undefined) return relative;
  const at = Date.parse(relative);
  return at >= day - DAY_MS && at < day + URL_DAY_SLACK ? relative : undefined;
}
