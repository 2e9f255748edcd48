// Pieces of an article page that every profile needs: body blocks from a container, the boilerplate that is
// never body text, the editors line, and the recommended/related block found by its heading.
import type { Block, Link } from "../model.js";
import { isTag, isText } from "domutils";
import { sanitizeBlock } from "../text/sanitize.js";
import {
  blockWithRuby,
  decodeRuby,
  markedText,
  readStructure,
  type StructureContext,
} from "./html-blocks.js";
import {
  ancestors,
  attr,
  capText,
  cleanInline,
  inlineText,
  isBlockTag,
  isInvisible,
  isRefusedLink,
  paragraphText,
  resolveUrl,
  select,
  selectFirst,
  textStats,
  type AnyNode,
  type Document,
  type Element,
} from "./html.js";

/** Lines that pages put among the paragraphs but that are not the article. */
export function isBoilerplate(text: string): boolean {
  const t = text.trim();
  return (
    /^分享[讓让]更多人看到/.test(t) ||
    /^シェアして多くの人に届けよう/.test(t) ||
    /^더 많은 사람과 공유하기/.test(t) ||
    /^(?:[小中大]字[號号]\s*)+$/.test(t) ||
    /^(?:文字サイズ|글자\s?크기)$/.test(t) ||
    /^(?:返回[頂顶]部|打印本[頁页]|[關关]閉窗口|[关關]闭|我要[纠糾]錯|我要纠错|ページトップへ|맨\s?위로)$/.test(
      t,
    ) ||
    /^(?:第\s*)?\d{1,3}(?:\s*[頁页])?$/.test(t) ||
    /^(?:[上下]一[頁页]|首[頁页]|尾[頁页]|\d+|\s)+$/.test(t) ||
    EDITORS_LINE.test(t) ||
    // The label an ad slot shows, left behind when the ad is not loaded.
    /^(?:advertisement|advertising|anzeige|werbung|publicité|publicidad|pubblicità|reklame|reklama|annonse|annons|mainos|광고|広告|广告|廣告)$/i.test(
      t,
    ) ||
    /^(?:シェア|共有する|공유하기|기사\s?공유|Share)$/i.test(t) ||
    (t.length <= COPYRIGHT_MAX && COPYRIGHT.test(t)) ||
    (t.length <= REPRINT_NOTICE_MAX && REPRINT_NOTICE.test(t)) ||
    (t.length <= PAYWALL_NOTICE_MAX && PAYWALL_NOTICE.test(t)) ||
    BYLINE_EMAIL.test(t)
  );
}

// A copyright notice under the text (`Copyright ⓒ 연합뉴스. 무단 전재 및 재배포 금지.`, `無断転載禁止`,
// `版权所有，未经授权不得转载`): short, so that a paragraph that mentions copyright is not taken for one.
const COPYRIGHT_MAX = 100;
// (a notice forbids: a sentence about a case of copying, `被告未经授权转载原告的文章`, does not)
const COPYRIGHT =
  /^[<[(（【〈]?\s*(?:저작권자|copyright\b|ⓒ|©|版[权權]所有)|무단\s?전재.{0,12}금지|재배포\s?금지|無断(?:転載|複製|転用).{0,4}禁|(?:不得|禁止)[转轉][载載]/iu;
// The portal's reprint disclaimer (`新浪声明：此消息系转载自合作媒体……并不意味着赞同其观点`).
const REPRINT_NOTICE_MAX = 200;
const REPRINT_NOTICE =
  /(?:转载|轉載).{0,40}(?:不代表|并不意味着|並不意味著|不意味着).{0,16}(?:观点|觀點|立场|立場)/u;
// A paywall's notice where the free part of the text ends (`この記事は有料記事です。残り512文字`, `有料会員になると続きを
// お読みいただけます`, `Subscribe to continue reading`, `付费阅读全文`): the site selling the rest, no text of it.
const PAYWALL_NOTICE_MAX = 80;
const PAYWALL_NOTICE =
  /^(?:この記事は(?:有料|会員限定|有料会員限定)(?:記事)?です|残り\d+文字|(?:有料|無料)?会員(?:登録)?(?:になる|する)?と(?:、)?続きを(?:お読み|読め)|続きを読むには|이 기사는 유료|유료\s?(?:회원|구독)[^.]{0,20}(?:볼 수|읽을 수|이용)|(?:付费|订阅|訂閱|付費)(?:后|後)?(?:阅读|閱讀|查看)全文|(?:开通|開通)会员(?:阅读|閱讀)|(?:subscribe|sign up|log in|register)(?: now)? to (?:continue|keep) reading|this (?:article|story|content) is (?:only )?(?:for|available to|exclusive to) (?:subscribers|members))/iu;
// A reporter's e-mail address alone on the last line (`kim@yna.co.kr`); a byline with the name stays.
const BYLINE_EMAIL = /^[(（<]?[\w.+-]+@[\w-]+(?:\.[\w-]+)+[)）>]?$/u;

const EDITOR_LABEL = "(?:責任編輯|责任编辑|責編|责编|編輯|编辑|編集|편집)";
const EDITORS_LINE = new RegExp(`^[(（]\\s*${EDITOR_LABEL}\\s*[:：]`);
const EDITORS = new RegExp(`[(（]?\\s*${EDITOR_LABEL}\\s*[:：]\\s*([^)）\\n]+)[)）]?`);

/** Names from an editors line: `(責編:聶俊穹、劉穎婕)` → ["聶俊穹", "劉穎婕"]. */
export function parseEditors(text: string): string[] {
  const m = EDITORS.exec(text);
  if (!m?.[1]) return [];
  return m[1]
    .split(/[、,，;；/]+/)
    .map((name) => cleanInline(name))
    .filter((name) => name.length > 0);
}

const BLOCK_SELECTOR = "p, h2, h3, h4, h5, h6, blockquote, li, pre";
const LEAF_BLOCKS = new Set(["p", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre"]);
// Parts of a body container that hold no article text.
// (Figures are read by html-blocks.ts.)
const SKIPPED = new Set(["nav", "aside", "form", "select", "footer", "header"]);

function blockType(el: Element): Block["type"] {
  if (/^h[2-6]$/.test(el.name)) return "heading";
  if (el.name === "blockquote") return "quote";
  if (el.name === "li") return "list-item";
  if (el.name === "pre") return "preformatted";
  return "paragraph";
}

export interface BlockOptions {
  /** Elements (by selector) inside the container whose text is not body, e.g. `.edit, .paper_num`. */
  exclude?: string;
  /** Further elements to leave out (e.g. link lists), decided per element. */
  skip?: (el: Element) => boolean;
  /** Leave out lines of loose text that are nothing but links (link lists without list markup). */
  dropLinkOnlyLines?: boolean;
}

/**
 * Body blocks of a container in document order. Paragraph-level elements become blocks; text the container holds
 * outside them (old pages separate paragraphs with `<br>`) is split at line breaks.
 */
export function collectBlocks(container: Element, options: BlockOptions = {}): Block[] {
  const excluded = new Set(options.exclude ? select(options.exclude, container) : []);
  const blocks: Block[] = [];
  const push = (type: Block["type"], text: string, level?: number): void => {
    if (type === "preformatted") {
      const clean = decodeRuby(sanitizeBlock(text, true).replace(/^\n+|\s+$/g, "")).text;
      if (clean) blocks.push({ type, text: clean });
      return;
    }
    for (const line of text.split("\n")) {
      const clean = paragraphText(line);
      if (!clean || isBoilerplate(decodeRuby(clean).text)) continue;
      const block = blockWithRuby(type, clean);
      if (block.text.trim()) blocks.push(level === undefined ? block : { ...block, level });
    }
  };
  // Inline text between blocks, in pieces that remember whether they were link text.
  let run: { text: string; link: boolean }[] = [];
  let linkDepth = 0;
  const flush = (): void => {
    let line = "";
    let ownText = false;
    let linked = false;
    const endLine = (): void => {
      if (ownText || !linked || !options.dropLinkOnlyLines) push("paragraph", line);
      line = "";
      ownText = false;
      linked = false;
    };
    for (const piece of run) {
      const parts = piece.text.split("\n");
      parts.forEach((part, i) => {
        if (i > 0) endLine();
        line += part;
        if (piece.link && part.trim()) linked = true;
        // (separators between links, `トップ | ニュース`, are no text of the line's own)
        if (!piece.link && /[\p{L}\p{N}]/u.test(part)) ownText = true;
      });
    }
    endLine();
    run = [];
  };
  const walk = (node: AnyNode): void => {
    if (isText(node)) {
      run.push({ text: node.data, link: linkDepth > 0 });
      return;
    }
    if (!isTag(node) || excluded.has(node) || isInvisible(node) || SKIPPED.has(node.name)) return;
    if (options.skip?.(node)) return;
    const structure = readStructure(node, structureContext);
    if (structure && "inline" in structure) {
      run.push({ text: structure.inline, link: linkDepth > 0 });
      return;
    }
    if (structure) {
      flush();
      blocks.push(...structure.blocks);
      return;
    }
    if (node.name === "br") {
      run.push({ text: "\n", link: false });
      return;
    }
    if (LEAF_BLOCKS.has(node.name) && !select(BLOCK_SELECTOR, node).some((inner) => !excluded.has(inner))) {
      flush();
      push(blockType(node), markedText(node), /^h[2-6]$/.test(node.name) ? Number(node.name[1]) : undefined);
      return;
    }
    const block = isBlockTag(node.name);
    if (block) flush();
    if (node.name === "a") linkDepth++;
    for (const c of node.children) walk(c);
    if (node.name === "a") linkDepth--;
    if (block) flush();
  };
  const structureContext: StructureContext = { collect: (inner) => collectBlocks(inner, options) };
  for (const c of container.children) walk(c);
  flush();
  return blocks;
}

/**
 * `記事タイトル | サイト名` → `記事タイトル`; `标题--时政--人民网` → `标题`. With the site's names (og:site_name,
 * the host), only the parts that name the site are cut, at either end, and a short section name beside one
 * (`-정치ㅣ한국일보`): a headline with a dash or colon of its own keeps it. A part at either end that is one of
 * `sections` (the page's breadcrumb steps, its menu's entries: `新闻中心_标题_范例网`, `Politik - Headline`) is cut
 * too.
 */
export function stripSiteSuffix(title: string, siteNames: string[] = [], sections: string[] = []): string {
  const whole = title.trim();
  // `見出し【サイト名】`, `見出し ＜サイト名 コーナー＞ (full-width spaces)`: a bracketed name closing the title.
  const bracketed = TRAILING_NAME.exec(whole)?.[1];
  if (bracketed && [...bracketed.trim()].length >= 2) return stripSiteSuffix(bracketed, siteNames, sections);
  if (siteNames.length === 0) {
    const parts = whole.split(/\s+[|｜]\s+|\s+[-–—]\s+|--|\s*[|｜]\s*(?=[^|｜]{1,20}$)|_(?=[^_]{1,20}$)/);
    const first = parts[0]?.trim();
    return first && first.length >= 2 ? first : whole;
  }
  const names = siteNames.map(bareName).filter((n) => n.length >= 2);
  const parts = whole.split(TITLE_SEPARATOR);
  // split() with a capture group alternates text and separators: [text, sep, text, sep, text].
  const texts = parts.filter((_, i) => i % 2 === 0);
  const isSite = (text: string): boolean => {
    const bare = bareName(text);
    return (
      bare.length > 0 &&
      (DATE_PART.test(text.trim()) ||
        names.some(
          (n) => bare === n || (bare.includes(n) && bare.length <= n.length + 20) || n.includes(bare),
        ))
    );
  };
  const sectionNames = new Set(sections.map(bareName).filter((n) => n.length > 0));
  const isSection = (text: string): boolean => sectionNames.has(bareName(text));
  let start = 0;
  let end = texts.length;
  // (whether a part cut at the start named the site, not a section: the site's name is then not last)
  let siteFirst = false;
  const cut = (from: "start" | "end"): void => {
    let dropped = false;
    while (end - start > 1) {
      const text = texts[from === "start" ? start : end - 1]!;
      const site = isSite(text);
      // A section name is short and sits between the headline and the site's name.
      if (!site && !isSection(text) && !(dropped && from === "end" && [...text.trim()].length <= 6)) break;
      dropped = true;
      if (from === "start") {
        start++;
        siteFirst ||= site;
      } else end--;
    }
  };
  // The site's name with its sections after it (`見出し - 香港經濟日報 - 即時新聞頻道 - 即市財經`): cut from the name on.
  const short = (text: string): boolean => [...text.trim()].length <= SECTION_NAME_MAX || isSite(text);
  const named = texts.findIndex(
    (t, i) => i > 0 && i < texts.length - 1 && isSite(t) && texts.slice(i + 1).every(short),
  );
  if (named > 0) end = named;
  cut("end");
  cut("start");
  // No part names the site as known: a short last part after a bar, underscore or spaced hyphen still does,
  // and a short CJK one after a hyphen or spaced colon (`…-新华网`, `… : 네이버 뉴스`), or after a dash or a
  // full-width colon when it reads as a site's name (`…——中国青年网`, `…：東京新聞デジタル`: a headline's own
  // `外交部：坚决反对` stays); then the section names before it (`제목 < 사회 < 기사본문 - 예시신문`).
  const lastSeparator = parts[parts.length - 2];
  const last = texts[end - 1]!.trim();
  // (a part named the site's by its shape alone is not much longer than the headline it leaves: `新闻中心-标题…`
  // is no headline `新闻中心` on a site named `标题…`)
  const rest = texts.slice(start, end - 1).join("");
  if (
    !siteFirst &&
    end === texts.length &&
    end - start > 1 &&
    [...last].length <= 2 * [...rest.trim()].length &&
    lastSeparator !== undefined &&
    ((/^(?:\s*[|｜ㅣ_]\s*|\s*--+\s*|\s+-\s+|\s+::\s+)$/.test(lastSeparator) && [...last].length <= 20) ||
      (/^(?:-|\s+:\s+)$/.test(lastSeparator) && CJK_NAME.test(last)) ||
      (/^(?:—{1,2}|：)$/.test(lastSeparator) && isCjkSiteName(last)))
  ) {
    end--;
    // (`標題_科技_範例網`, `标题 - 国际 - 新京报`, `제목 : 서울 : 지역 : 한겨레`: a section's name is short beside
    // the headline)
    const section = (i: number): boolean => {
      const length = [...texts[i]!.trim()].length;
      return length <= SECTION_NAME_MAX && 2 * length <= [...texts.slice(start, i).join("")].length;
    };
    while (
      end - start > 1 &&
      /^(?:\s+[<:]\s+|\s*[|｜_]\s*|\s*--+\s*|\s+[-–—]\s+|-)$/.test(parts[end * 2 - 3]!) &&
      section(end - 1)
    )
      end--;
  }
  // The page's place in a multi-page article (`（1/2ページ）`) is no part of the headline, nor, when the site's
  // name was cut, the source an aggregator credits (`見出し（共同通信） - Yahoo!ニュース`).
  let kept = parts
    .slice(start * 2, end * 2 - 1)
    .join("")
    .replace(PAGE_COUNTER, "")
    .trim();
  const credit = SOURCE_CREDIT.exec(kept);
  if (end < texts.length && credit?.[1] && SITE_WORD.test(credit[1]))
    kept = kept.slice(0, credit.index).trim();
  return kept.length >= 2 ? kept : whole;
}

// How a CJK site's name ends: 网, 报, 新聞, ニュース, デジタル, 通信, 放送, 일보, 뉴스, 신문, 방송.
const SITE_ENDING =
  "(?:[网網报報]|新[聞闻]|ニュース|デジタル|オンライン|通信|放送|テレビ|일보|뉴스|신문|방송)";
const SITE_WORD = new RegExp(`${SITE_ENDING}$`);
// Longest section name (characters) cut beside a last part read as a site's name by its shape alone
// (`| 社会 | 地域のニュース | 京都新聞デジタル`).
const SECTION_NAME_MAX = 8;
// (a dash splits off a last part only when it reads as a site's name: `标题——副标题` is one headline)
const TITLE_SEPARATOR = new RegExp(
  String.raw`(\s+(?:[|｜·•»«<@]|::)\s+|\s+[-–—:]\s+|\s*--+\s*|\s*[|｜ㅣ]\s*|[_：]|—{1,2}(?=[^—]{0,11}${SITE_ENDING}$)|-(?=[^\s-]{1,12}(?:-[^\s-]{1,12})?(?:ㅣ|$)))`,
);
const SOURCE_CREDIT = /\s*[（(]([^（）()]{1,20})[）)]$/u;
// (【】 and ＜＞ only: 《》 and 〈〉 quote a book's or a work's title, which a headline may end with)
const TRAILING_NAME = /^(.*?)\s*(?:【[^【】]{1,20}】|＜[^＜＞]{1,20}＞)$/u;
const PAGE_COUNTER = /\s*[（(]\d{1,3}\s*\/\s*\d{1,3}\s*(?:ページ|페이지|页|頁|page)?[）)]$/iu;
// A site's name in CJK script, up to 12 characters (`新华网`, `네이버 뉴스`).
const CJK_NAME =
  /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}][\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\s]{0,11}$/u;
// A CJK site's name with its Latin tagline (`東京新聞 TOKYO Web`).
const LATIN_TAGLINE = /\s+[A-Za-z0-9][\w .+!&-]{0,20}$/;

/** Whether a title's last part reads as a CJK site's name: CJK script, ending as one does (`…新聞`, `…デジタル`). */
function isCjkSiteName(text: string): boolean {
  const name = text.replace(LATIN_TAGLINE, "");
  return CJK_NAME.test(name) && SITE_WORD.test(name);
}
const DATE_PART = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;

/** A name compared without case, spaces or punctuation: `MDR.DE` and `mdr.de` are one. */
function bareName(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

const RECOMMENDED_HEADING =
  /^\s*(?:推[薦荐][閱阅][讀读]|相[關关]新[聞闻]|相[關关][閱阅][讀读]|相[關关][報报][導道]|延伸[閱阅][讀读]|関連記事|関連ニュース|おすすめ記事|관련\s?기사|추천\s?기사|함께\s?볼\s?만한\s?기사|Related(?:\s+(?:articles|stories|news))?|Recommended|Read more)\s*$/i;
// The heading of any other list of other articles, as portals name theirs (`猜你喜欢`, `あわせて読みたい`, `많이 본
// 뉴스`, `You may also like`, `Você pode gostar...`; a closing `...`, `…` or colon allowed): never the article's
// text, though not offered as its recommended reading either (a ranking is the whole site's).
const OTHER_ARTICLES_HEADING = new RegExp(
  `^\\s*(?:${[
    RECOMMENDED_HEADING.source.replace(/^\^\\s\*\(\?:|\)\\s\*\$$/g, ""),
    "相[關关]推[薦荐]|猜你喜[欢歡]|[为為]你推[荐薦]|[为為]您推[荐薦]|[热熱][门門]推[荐薦]|[热熱][点點]新[闻聞]|[热熱][门門]新[闻聞]|更多新[闻聞]",
    "こちらもおすすめ|あわせて読みたい|合わせて読みたい|人気記事|よく読まれている記事",
    "많이\\s?본\\s?(?:뉴스|기사)|이\\s?시각\\s?(?:주요|많이\\s?본)\\s?뉴스",
    "Related posts|Recommended for you|You (?:may|might) (?:also )?(?:like|enjoy)|More (?:stories|news|articles)|Most (?:read|popular|viewed)",
    "Voc[eê] (?:tamb[eé]m )?pode gostar|Veja tamb[eé]m|Leia tamb[eé]m|Te puede interesar|Tambi[eé]n te puede interesar",
    "Vous aimerez aussi|À lire aussi|Das könnte Sie auch interessieren|Mehr zum Thema|Potrebbe interessarti",
  ].join("|")})[\\s.…:：]*$`,
  "iu",
);
const NOT_RECOMMENDED = /客[户戶][端]下[载載]|下[载載]客[户戶][端]/;

const recommendedCache = new WeakMap<Document, Element[]>();
const otherArticlesCache = new WeakMap<Document, Element[]>();

/** Containers whose heading text says they list recommended or related articles (found once per page). */
export function recommendedContainers(doc: Document): Element[] {
  return headedContainers(doc, RECOMMENDED_HEADING, recommendedCache);
}

/**
 * Containers that open with a heading saying they list other articles, recommended ones, rankings or more (not
 * body). (One whose heading comes after text of its own is the article, its `You may also like…` a line in it.)
 */
export function otherArticleContainers(doc: Document): Element[] {
  return headedContainers(doc, OTHER_ARTICLES_HEADING, otherArticlesCache, opensWithOtherArticles);
}

function headedContainers(
  doc: Document,
  heading: RegExp,
  cache: WeakMap<Document, Element[]>,
  keep: (box: Element) => boolean = () => true,
): Element[] {
  const cached = cache.get(doc);
  if (cached) return cached;
  const result = findRecommendedContainers(doc, heading).filter(keep);
  cache.set(doc, result);
  return result;
}

const shortLabelsCache = new WeakMap<Document, { el: Element; text: string }[]>();

/** Elements that may be a list's heading: 24 characters of text at most (found once per page). */
function shortLabels(doc: Document): { el: Element; text: string }[] {
  const cached = shortLabelsCache.get(doc);
  if (cached) return cached;
  const labels: { el: Element; text: string }[] = [];
  for (const el of select("h1, h2, h3, h4, h5, h6, .title, .tit, span, strong, b, dt, div, p, em", doc)) {
    if (textStats(el).chars > 24) continue;
    const text = inlineText(el);
    if (text.length <= 24) labels.push({ el, text });
  }
  shortLabelsCache.set(doc, labels);
  return labels;
}

function findRecommendedContainers(doc: Document, heading: RegExp): Element[] {
  const found: Element[] = [];
  for (const id of ["#rwb_tjyd", "#rwb_xgxw"]) {
    const el = selectFirst(id, doc);
    if (el) found.push(el);
  }
  const headings = shortLabels(doc).filter(
    ({ el, text }) => heading.test(text) && select("a[href]", el).length <= 1,
  );
  for (const { el: h } of headings) {
    // The block is the nearest ancestor that holds links beyond the heading's own.
    let box: Element | undefined = h;
    for (let i = 0; box && i < 4; i++) {
      const links = select("a[href]", box).filter(
        (a) => !h.children.includes(a) && !select("a", h).includes(a),
      );
      if (links.length > 0) break;
      box = box.parent && box.parent.type === "tag" ? (box.parent as Element) : undefined;
    }
    if (box && !found.some((f) => f === box || ancestors(box).includes(f) || ancestors(f).includes(box)))
      found.push(box);
  }
  return found.filter((el) => !NOT_RECOMMENDED.test(inlineText(el).slice(0, 40)));
}

/**
 * Whether the first text an element shows is a heading naming a list of other articles (`<h3>Você pode
 * gostar...</h3>` atop the teasers of other posts): then the element is that list, however much text it holds.
 */
export function opensWithOtherArticles(el: Element): boolean {
  const first = (node: Element): Element | undefined => {
    for (const c of node.children) {
      if (isText(c) && c.data.trim()) return node;
      if (isTag(c) && !isInvisible(c)) {
        const found = first(c);
        if (found) return found;
      }
    }
    return undefined;
  };
  const holder = first(el);
  return holder !== undefined && holder !== el && OTHER_ARTICLES_HEADING.test(inlineText(holder));
}

/** Longest title or summary kept for a link; longer ones are cut with a warning. */
export const LINK_TEXT_MAX = 1000;
/** Most 推薦閱讀 items kept from one page. */
export const RECOMMENDED_MAX = 200;

/**
 * 推薦閱讀 / 相關新聞 / 関連記事 / 관련 기사 items with absolute URLs and the summary shown beside each. Items whose
 * link is not http(s) (javascript:, file:, data:) are left out, with a warning in `warnings` when given.
 */
export function findRecommended(doc: Document, pageUrl: string, warnings?: string[]): Link[] {
  const items: Link[] = [];
  const seen = new Set<string>();
  let refused = 0;
  let over = 0;
  for (const box of recommendedContainers(doc)) {
    const entries = select("li, dd, .item", box);
    const units = entries.length > 0 ? entries : select("a[href]", box);
    for (const unit of units) {
      const link = unit.name === "a" ? unit : selectFirst("a[href]", unit);
      const href = attr(link, "href");
      const url = resolveUrl(href, pageUrl);
      if (link && !url && isRefusedLink(href, pageUrl)) refused++;
      if (!link || !url || seen.has(url)) continue;
      if (items.length >= RECOMMENDED_MAX) {
        over++;
        continue;
      }
      const title = capText(
        inlineText(link) || cleanInline(attr(link, "title") ?? ""),
        LINK_TEXT_MAX,
        "a recommended title",
        warnings,
      );
      if (!title || RECOMMENDED_HEADING.test(title)) continue;
      let summary: string | undefined;
      if (unit !== link) {
        const summaryEl = selectFirst("p, .summary, .desc, dd", unit);
        const text = summaryEl && !select("a", summaryEl).includes(link) ? inlineText(summaryEl) : "";
        const rest = text || inlineText(unit).replace(title, "").trim();
        summary =
          rest && rest !== title
            ? capText(rest, LINK_TEXT_MAX, "a recommended summary", warnings)
            : undefined;
      }
      seen.add(url);
      items.push(summary ? { title, url, summary } : { title, url });
    }
  }
  if (refused > 0) warnings?.push(`${refused} recommended links left out: not http or https`);
  if (over > 0) warnings?.push(`${over} recommended links left out: more than ${RECOMMENDED_MAX}`);
  return items;
}

/** Links of a breadcrumb container, in order, with absolute URLs; non-http(s) links are left out with a warning. */
export function breadcrumbLinks(el: Element | undefined, pageUrl: string, warnings?: string[]): Link[] {
  if (!el) return [];
  const out: Link[] = [];
  let refused = 0;
  for (const a of select("a[href]", el)) {
    const href = attr(a, "href");
    const url = resolveUrl(href, pageUrl);
    const title = capText(inlineText(a), LINK_TEXT_MAX, "a breadcrumb title", warnings);
    if (!url && title && isRefusedLink(href, pageUrl)) refused++;
    if (url && title) out.push({ title, url });
  }
  if (refused > 0) warnings?.push(`${refused} breadcrumb links left out: not http or https`);
  return out;
}
