// An Article → the lines a screen or `reader print` shows. Width-independent work (segmentation, break
// opportunities) is done once in prepareArticle; layoutArticle is the cheap per-width pass run on every resize.
import { isDayOnly, type Article, type Block, type Link } from "../model.js";
import { rubyInline, prepareRubyAbove, layoutRubyAbove } from "./ruby.js";
import { layoutTable, prepareTable, type LineSegment } from "./table.js";
import { displayWidth, truncateToWidth, type AmbiguousWidth } from "./width.js";
import {
  defaultLayoutOptions,
  layoutParagraph,
  prepareParagraph,
  type LayoutOptions,
  type PreparedParagraph,
} from "./wrap.js";

export type LineKind =
  | "breadcrumb"
  | "kicker"
  | "title"
  | "subtitle"
  | "dateline"
  | "notice"
  | "body"
  | "heading"
  | "subheading"
  | "minor-heading"
  | "quote"
  | "editors"
  | "section"
  | "link-title"
  | "link-summary"
  | "list-item"
  | "figure"
  | "table"
  | "table-header"
  | "preformatted"
  | "ruby"
  | "blank";

/** A laid-out line. `piece` and `offset` locate its start in the article's text, independent of width. */
export interface LayoutLine {
  text: string;
  kind: LineKind;
  piece: number;
  offset: number;
  /** Index into article.recommended for the lines of a 推薦閱讀 item. */
  link?: number;
  /**
   * Where the piece's text sits on the line, for lines that are not simply the piece from `offset` on behind a
   * prefix (table rows, cut preformatted lines, text under ruby): search highlights these columns. A line with
   * none (a table rule, a ruby row) shows none of the piece's searchable text.
   */
  segments?: LineSegment[];
}

/** A width-independent place in an article: which piece of text, how far into it. */
export interface ReadingPosition {
  block: number;
  offset: number;
}

interface Piece {
  kind: LineKind;
  /** The text line offsets index into, and that search reads. */
  text: string;
  /** In front of the first line, and of the later ones (as wide as each other), and that width. */
  prefix: string;
  rest: string;
  prefixWidth: number;
  /** Ordinary text, wrapped as a paragraph; or */
  prepared?: PreparedParagraph;
  /** …lines laid out by the piece's own rule at the width left beside the prefix (prefix included). */
  lay?: (width: number, piece: number) => LayoutLine[];
  /** Ranges of `text` that search skips (readings written inline after their bases). */
  hidden?: ReadonlyArray<readonly [number, number]>;
  link?: number;
  /** A blank line precedes the piece. */
  spaceBefore: boolean;
}

/** A step of the breadcrumb that links to a section: where its title is in the breadcrumb piece's text. */
export interface CrumbRange {
  link: Link;
  piece: number;
  start: number;
  end: number;
}

export interface PreparedArticle {
  article: Article;
  pieces: Piece[];
  options: LayoutOptions;
  /** The breadcrumb steps a reader can open, in order (not one that links back to the article itself). */
  crumbs: CrumbRange[];
}

export interface ArticleLayout {
  width: number;
  lines: LayoutLine[];
  /** First line of each 推薦閱讀 item, by item index. */
  linkLines: number[];
}

const CRUMB_SEPARATOR = " » ";

/** Labels the article screen and `reader print` show around the content, in the article's language. */
export interface ArticleLabels {
  recommended: string;
  editors: (names: readonly string[]) => string;
  source: string;
  figure: string;
  table: string;
}

/** The language an article's labels are written in, as its script tells it. */
export type LabelLanguage = "ja" | "ko" | "zh-Hant" | "zh-Hans" | "en";

// As the sites write them (人民網's editions: 推薦閱讀 / 関連記事 / 추천 기사, (責編:…) / (編集:…) / (편집: …)).
const LABELS: Record<LabelLanguage, ArticleLabels> = {
  "zh-Hant": {
    recommended: "推薦閱讀",
    editors: (names) => `(責編:${names.join("、")})`,
    source: "來源:",
    figure: "［圖］",
    table: "［表］",
  },
  "zh-Hans": {
    recommended: "推荐阅读",
    editors: (names) => `(责编:${names.join("、")})`,
    source: "来源:",
    figure: "［图］",
    table: "［表］",
  },
  ja: {
    recommended: "関連記事",
    editors: (names) => `(編集:${names.join("、")})`,
    source: "出典:",
    figure: "［図］",
    table: "［表］",
  },
  ko: {
    recommended: "추천 기사",
    editors: (names) => `(편집: ${names.join(", ")})`,
    source: "출처: ",
    figure: "［그림］",
    table: "［표］",
  },
  en: {
    recommended: "Recommended",
    editors: (names) => `(Editors: ${names.join(", ")})`,
    source: "Source: ",
    figure: "[Figure] ",
    table: "[Table] ",
  },
};

// How much of an article's opening text tells its language.
const SAMPLE_CHARS = 2000;

/**
 * The article's language by the script of its title and first paragraphs: kana is Japanese (Japanese is
 * written with kanji too), hangul Korean, Chinese Traditional or Simplified by the forms it uses (the URL's
 * /BIG5/ when it uses neither), and any other script gets English labels.
 */
export function labelLanguage(article: Article): LabelLanguage {
  // (the first characters tell: a 500,000-character paragraph is not searched whole)
  const sample = (
    article.title +
    article.body
      .slice(0, 5)
      .map((b) => b.text.slice(0, SAMPLE_CHARS))
      .join("")
  ).slice(0, SAMPLE_CHARS);
  // (two or more kana: one `の` or `ー` in a Chinese headline does not make it Japanese)
  if ((sample.match(/[\u3041-\u3096\u30a1-\u30fa]/g) ?? []).length >= 2) return "ja";
  if (/[\uac00-\ud7af]/.test(sample)) return "ko";
  if (!/[\u3400-\u9fff]/.test(sample)) return "en";
  const traditional = (sample.match(/[們個這為會來與後說時國發經對車門開體實]/g) ?? []).length;
  const simplified = (sample.match(/[们个这为会来与后说时国发经对车门开体实]/g) ?? []).length;
  if (traditional !== simplified) return traditional > simplified ? "zh-Hant" : "zh-Hans";
  return /\/BIG5\//i.test(article.url) ? "zh-Hant" : "zh-Hans";
}

export function labelsFor(article: Article): ArticleLabels {
  return LABELS[labelLanguage(article)];
}

export function formatDateline(article: Article, timeZone?: string): string {
  const parts: string[] = [];
  if (article.published) parts.push(formatLocalTime(article.published, timeZone));
  if (article.source) parts.push(`${labelsFor(article).source}${article.source}`);
  return parts.join(" | ");
}

// One formatter per zone: making an Intl.DateTimeFormat costs ~80 µs, ten times a format, and an article list
// formats every visible row's date on each key.
const localTimeFormats = new Map<string, Intl.DateTimeFormat>();

function localTimeFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? "";
  let format = localTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    localTimeFormats.set(key, format);
  }
  return format;
}

/** `2023-09-18 08:40` in the user's time zone (or the given one); a day alone as `2023-09-18`, in any zone. */
export function formatLocalTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  if (isDayOnly(iso)) return iso;
  // The user's zone is the Date's own local time, as Intl gives it: formatToParts costs ten times more, and a list
  // formats a date for every row it draws.
  if (timeZone === undefined) {
    const two = (n: number) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
  }
  const parts = localTimeFormat(timeZone).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

// Headings inside the article by rank, as CJK newspapers and news sites mark their subheads: a filled square for
// a section, a hollow one under it, a hollow diamond below that. The marks carry the level in print, on a
// terminal without colour or attributes (TERM=dumb, NO_COLOR) and in a copied text; the screen adds weight.
// (Markdown's `##` is a programmer's convention, not a newspaper reader's.)
const HEADINGS: ReadonlyArray<{ kind: LineKind; mark: string }> = [
  { kind: "heading", mark: "■ " },
  { kind: "subheading", mark: "□ " },
  { kind: "minor-heading", mark: "◇ " },
];
// Marks a heading may already start with.
const OWN_MARK = /^[■□▪▫◆◇◈●○◎◉▲△▼▽▶▷★☆※〓【［〔]/u;

export function prepareArticle(article: Article, options: Partial<LayoutOptions> = {}): PreparedArticle {
  const opts: LayoutOptions = { ...defaultLayoutOptions, ...options };
  const labels = labelsFor(article);
  const flat: LayoutOptions = { ...opts, indent: "none" };
  const ambiguous = opts.ambiguous;
  const pieces: Piece[] = [];
  const spaces = (prefix: string) => " ".repeat(displayWidth(prefix, ambiguous));
  const add = (kind: LineKind, text: string, extra: Partial<Piece> = {}) => {
    if (!text) return;
    const prefix = kind === "quote" ? "│ " : (extra.prefix ?? "");
    pieces.push({
      kind,
      text,
      prefix,
      rest: extra.rest ?? (kind === "quote" ? prefix : spaces(prefix)),
      prefixWidth: displayWidth(prefix, ambiguous),
      prepared: prepareParagraph(text, kind === "body" ? opts : flat),
      spaceBefore: extra.spaceBefore ?? false,
      ...(extra.link !== undefined ? { link: extra.link } : {}),
    });
  };
  // A body block's text, with its ruby shown as the reader chose.
  const addText = (kind: LineKind, block: Block, prefix: string, rest: string, spaceBefore: boolean) => {
    if (!block.text) return;
    const prefixWidth = displayWidth(prefix, ambiguous);
    const layout = kind === "body" ? opts : flat;
    const ruby = block.ruby && block.ruby.length > 0 ? block.ruby : undefined;
    if (ruby && opts.ruby === "inline") {
      const inline = rubyInline(block.text, ruby);
      const prepared = prepareParagraph(inline.text, layout, inline.keepTogether);
      pieces.push({
        kind,
        text: prepared.text,
        prefix,
        rest,
        prefixWidth,
        prepared,
        hidden: inline.readings,
        spaceBefore,
      });
    } else if (ruby && opts.ruby === "above") {
      const above = prepareRubyAbove(block.text, ruby, layout);
      const lay = (width: number, piece: number): LayoutLine[] => {
        let first = true;
        return layoutRubyAbove(above, width).map((line) => {
          // The prefix (a list marker) goes on the first text row; reading rows and later rows get the rest.
          const lead = first && !line.ruby ? prefix : rest;
          if (!line.ruby) first = false;
          return {
            text: lead + line.text,
            kind: line.ruby ? "ruby" : kind,
            piece,
            offset: line.offset,
            segments: line.segments.map((s) => ({ ...s, column: s.column + prefixWidth })),
          };
        });
      };
      pieces.push({ kind, text: above.paragraph.text, prefix, rest, prefixWidth, lay, spaceBefore });
    } else {
      const prepared = prepareParagraph(block.text, layout);
      pieces.push({ kind, text: prepared.text, prefix, rest, prefixWidth, prepared, spaceBefore });
    }
  };

  const crumbs: CrumbRange[] = [];
  if (article.breadcrumb.length > 0) {
    let at = 0;
    for (const link of article.breadcrumb) {
      if (link.title && link.url !== article.url)
        crumbs.push({ link, piece: pieces.length, start: at, end: at + link.title.length });
      at += link.title.length + CRUMB_SEPARATOR.length;
    }
    add("breadcrumb", article.breadcrumb.map((l) => l.title).join(CRUMB_SEPARATOR));
  }
  add("kicker", article.kicker ?? "", { spaceBefore: pieces.length > 0 });
  add("title", article.title, { spaceBefore: pieces.length > 0 && !article.kicker });
  add("subtitle", article.subtitle ?? "");
  add("dateline", formatDateline(article));
  if (article.notice) add("notice", article.notice, { spaceBefore: true });
  // The heading levels the article uses, top first: its sections are its first level, whatever tag the site
  // chose for them (many use h3 or h4 throughout).
  const headingRanks = [
    ...new Set(article.body.filter((b) => b.type === "heading").map((b) => b.level ?? 2)),
  ].sort((a, b) => a - b);
  let previous: Block | undefined;
  for (const block of article.body) {
    // Items of one list follow each other without blank lines.
    const spaceBefore = !(block.type === "list-item" && previous?.type === "list-item");
    previous = block;
    switch (block.type) {
      case "heading": {
        const rank = Math.min(headingRanks.indexOf(block.level ?? 2), HEADINGS.length - 1);
        const { kind, mark } = HEADINGS[Math.max(0, rank)]!;
        // A heading the site already marks (■背景, 【解説】) keeps its own mark alone.
        const prefix = OWN_MARK.test(block.text) ? "" : mark;
        addText(kind, block, prefix, spaces(prefix), spaceBefore);
        break;
      }
      case "quote": {
        const bar = "│ ".repeat((block.depth ?? 0) + 1);
        addText("quote", block, bar, bar, spaceBefore);
        break;
      }
      case "list-item": {
        const marker = block.marker ?? "";
        // Bullets and numbers ending in a wide character (・ （一） 一、) need no space after them.
        const sep = marker === "" || displayWidth(marker.slice(-1), ambiguous) === 2 ? "" : " ";
        const indent = "  ".repeat(block.depth ?? 0);
        const prefix = indent + (marker === "" ? "  " : marker + sep);
        addText("list-item", block, prefix, spaces(prefix), spaceBefore);
        break;
      }
      case "figure": {
        const label = labels.figure;
        addText("figure", block, label, spaces(label), spaceBefore);
        break;
      }
      case "table":
        if (!block.rows || block.rows.length === 0) {
          // A table without its grid (written by an older version): its text, line by line.
          for (const line of block.text.split("\n"))
            addText("body", { type: "paragraph", text: line }, "", "", spaceBefore);
          break;
        }
        if (block.caption) {
          const label = labels.table;
          addText("figure", { type: "figure", text: block.caption }, label, spaces(label), spaceBefore);
        }
        addTable(pieces, prepareTable(block.rows, opts), !block.caption && spaceBefore);
        break;
      case "preformatted":
        addPreformatted(pieces, block.text, ambiguous, spaceBefore);
        break;
      default:
        addText("body", block, "", "", spaceBefore);
    }
  }
  if (article.editors.length > 0) add("editors", labels.editors(article.editors), { spaceBefore: true });
  if (article.recommended.length > 0) {
    add("section", labels.recommended, { spaceBefore: true });
    article.recommended.forEach((link, index) => {
      const number = index < 9 ? `${index + 1}` : " ";
      add("link-title", link.title, { link: index, prefix: `[${number}] `, spaceBefore: index > 0 });
      if (link.summary) add("link-summary", link.summary, { link: index, prefix: "    " });
    });
  }
  return { article, pieces, options: opts, crumbs };
}

function addTable(pieces: Piece[], table: ReturnType<typeof prepareTable>, spaceBefore: boolean): void {
  const lay = (width: number, piece: number): LayoutLine[] => layoutTable(table, width, piece);
  pieces.push({ kind: "table", text: table.text, prefix: "", rest: "", prefixWidth: 0, lay, spaceBefore });
}

/** Preformatted text keeps its lines as they are; a line wider than the column is cut, with a mark. */
function addPreformatted(
  pieces: Piece[],
  text: string,
  ambiguous: AmbiguousWidth,
  spaceBefore: boolean,
): void {
  const lines: Array<{ text: string; offset: number; width: number }> = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    lines.push({ text: line.trimEnd(), offset, width: displayWidth(line.trimEnd(), ambiguous) });
    offset += line.length + 1;
  }
  const lay = (width: number, piece: number): LayoutLine[] =>
    lines.map((line) => {
      const shown = line.width <= width ? line.text : truncateToWidth(line.text, width, ambiguous, "…");
      const length = line.width <= width ? shown.length : Math.max(0, shown.length - 1);
      return {
        text: shown,
        kind: "preformatted",
        piece,
        offset: line.offset,
        segments: length > 0 ? [{ offset: line.offset, column: 0, length }] : [],
      };
    });
  pieces.push({ kind: "preformatted", text, prefix: "", rest: "", prefixWidth: 0, lay, spaceBefore });
}

/** The text of each piece as laid out (what LayoutLine.piece/offset index into), for searching. */
export function pieceTexts(prepared: PreparedArticle): string[] {
  return prepared.pieces.map((piece) => piece.text);
}

/** Per piece, the ranges of its text search skips (readings shown inline), or undefined. */
export function pieceHidden(
  prepared: PreparedArticle,
): Array<ReadonlyArray<readonly [number, number]> | undefined> {
  return prepared.pieces.map((piece) => piece.hidden);
}

export function layoutArticle(prepared: PreparedArticle, width: number): ArticleLayout {
  const lines: LayoutLine[] = [];
  const linkLines: number[] = [];
  prepared.pieces.forEach((piece, index) => {
    if (piece.spaceBefore && lines.length > 0)
      lines.push({ text: "", kind: "blank", piece: index, offset: 0 });
    if (piece.link !== undefined && piece.kind === "link-title") linkLines[piece.link] = lines.length;
    const inner = Math.max(1, width - piece.prefixWidth);
    if (piece.lay) {
      for (const line of piece.lay(inner, index)) lines.push(line);
      return;
    }
    const wrapped = layoutParagraph(piece.prepared!, inner);
    // Run on every resize for every line: one object shape, no spread.
    for (let k = 0; k < wrapped.lines.length; k++) {
      const text = (k === 0 ? piece.prefix : piece.rest) + wrapped.lines[k]!;
      const offset = wrapped.offsets[k] ?? 0;
      lines.push(
        piece.link === undefined
          ? { text, kind: piece.kind, piece: index, offset }
          : { text, kind: piece.kind, piece: index, offset, link: piece.link },
      );
    }
  });
  return { width, lines, linkLines };
}

/** The width-independent position of a line (for resize and resume). */
export function positionOfLine(layout: ArticleLayout, line: number): ReadingPosition {
  const found = layout.lines[Math.max(0, Math.min(line, layout.lines.length - 1))];
  return found ? { block: found.piece, offset: found.offset } : { block: 0, offset: 0 };
}

/** The line showing a position: the last line starting at or before it. */
export function lineOfPosition(layout: ArticleLayout, position: ReadingPosition): number {
  let low = 0;
  let high = layout.lines.length - 1;
  let answer = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const line = layout.lines[mid];
    if (!line) break;
    if (line.piece < position.block || (line.piece === position.block && line.offset <= position.offset)) {
      answer = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return answer;
}

export type { AmbiguousWidth };
