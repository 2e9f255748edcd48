// An Article → the lines a screen or `reader print` shows. Width-independent work (segmentation, break
// opportunities) is done once in prepareArticle; layoutArticle is the cheap per-width pass run on every resize.
import type { Article } from "../model.js";
import { displayWidth, type AmbiguousWidth } from "./width.js";
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
  | "quote"
  | "editors"
  | "section"
  | "link-title"
  | "link-summary"
  | "blank";

/** A laid-out line. `piece` and `offset` locate its start in the article's text, independent of width. */
export interface LayoutLine {
  text: string;
  kind: LineKind;
  piece: number;
  offset: number;
  /** Index into article.recommended for the lines of a 推薦閱讀 item. */
  link?: number;
}

/** A width-independent place in an article: which piece of text, how far into it. */
export interface ReadingPosition {
  block: number;
  offset: number;
}

interface Piece {
  kind: LineKind;
  text: string;
  prefix: string;
  prepared: PreparedParagraph;
  link?: number;
  /** A blank line precedes the piece. */
  spaceBefore: boolean;
}

export interface PreparedArticle {
  article: Article;
  pieces: Piece[];
  options: LayoutOptions;
}

export interface ArticleLayout {
  width: number;
  lines: LayoutLine[];
  /** First line of each 推薦閱讀 item, by item index. */
  linkLines: number[];
}

/** Labels the article screen and `reader print` show around the content, in the article's script. */
export interface ArticleLabels {
  recommended: string;
  editors: (names: string) => string;
  source: string;
}

const traditionalLabels: ArticleLabels = {
  recommended: "推薦閱讀",
  editors: (names) => `(責編:${names})`,
  source: "來源:",
};
const simplifiedLabels: ArticleLabels = {
  recommended: "推荐阅读",
  editors: (names) => `(责编:${names})`,
  source: "来源:",
};

/** Traditional labels for pages that look Traditional (the seed's /BIG5/ twin), Simplified otherwise. */
export function labelsFor(article: Article): ArticleLabels {
  const sample =
    article.title +
    article.body
      .slice(0, 3)
      .map((b) => b.text)
      .join("");
  const traditional = (sample.match(/[們個這為會來與後說時國發經對車門開體實]/g) ?? []).length;
  const simplified = (sample.match(/[们个这为会来与后说时国发经对车门开体实]/g) ?? []).length;
  if (traditional !== simplified) return traditional > simplified ? traditionalLabels : simplifiedLabels;
  return /\/BIG5\//i.test(article.url) ? traditionalLabels : simplifiedLabels;
}

export function formatDateline(article: Article, timeZone?: string): string {
  const parts: string[] = [];
  if (article.published) parts.push(formatLocalTime(article.published, timeZone));
  if (article.source) parts.push(`${labelsFor(article).source}${article.source}`);
  return parts.join(" | ");
}

/** `2023-09-18 08:40` in the user's time zone (or the given one). */
export function formatLocalTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

export function prepareArticle(article: Article, options: Partial<LayoutOptions> = {}): PreparedArticle {
  const opts: LayoutOptions = { ...defaultLayoutOptions, ...options };
  const labels = labelsFor(article);
  const flat: LayoutOptions = { ...opts, indent: "none" };
  const pieces: Piece[] = [];
  const add = (kind: LineKind, text: string, extra: Partial<Piece> = {}) => {
    if (!text) return;
    const paragraph = kind === "body" || kind === "quote";
    const prefix = kind === "quote" ? "│ " : (extra.prefix ?? "");
    pieces.push({
      kind,
      text,
      prefix,
      prepared: prepareParagraph(text, paragraph && kind === "body" ? opts : flat),
      spaceBefore: extra.spaceBefore ?? false,
      ...(extra.link !== undefined ? { link: extra.link } : {}),
    });
  };

  if (article.breadcrumb.length > 0) add("breadcrumb", article.breadcrumb.map((l) => l.title).join(" » "));
  add("kicker", article.kicker ?? "", { spaceBefore: pieces.length > 0 });
  add("title", article.title, { spaceBefore: pieces.length > 0 && !article.kicker });
  add("subtitle", article.subtitle ?? "");
  add("dateline", formatDateline(article));
  if (article.notice) add("notice", article.notice, { spaceBefore: true });
  for (const block of article.body) {
    const kind: LineKind = block.type === "heading" ? "heading" : block.type === "quote" ? "quote" : "body";
    add(kind, block.text, { spaceBefore: true });
  }
  if (article.editors.length > 0)
    add("editors", labels.editors(article.editors.join("、")), { spaceBefore: true });
  if (article.recommended.length > 0) {
    add("section", labels.recommended, { spaceBefore: true });
    article.recommended.forEach((link, index) => {
      const number = index < 9 ? `${index + 1}` : " ";
      add("link-title", link.title, { link: index, prefix: `[${number}] `, spaceBefore: index > 0 });
      if (link.summary) add("link-summary", link.summary, { link: index, prefix: "    " });
    });
  }
  return { article, pieces, options: opts };
}

/** The text of each piece as laid out (what LayoutLine.piece/offset index into), for searching. */
export function pieceTexts(prepared: PreparedArticle): string[] {
  return prepared.pieces.map((piece) => piece.prepared.text);
}

export function layoutArticle(prepared: PreparedArticle, width: number): ArticleLayout {
  const lines: LayoutLine[] = [];
  const linkLines: number[] = [];
  const ambiguous = prepared.options.ambiguous;
  prepared.pieces.forEach((piece, index) => {
    if (piece.spaceBefore && lines.length > 0)
      lines.push({ text: "", kind: "blank", piece: index, offset: 0 });
    if (piece.link !== undefined && piece.kind === "link-title") linkLines[piece.link] = lines.length;
    const prefixWidth = displayWidth(piece.prefix, ambiguous);
    const inner = Math.max(1, width - prefixWidth);
    const wrapped = layoutParagraph(piece.prepared, inner);
    wrapped.lines.forEach((text, lineIndex) => {
      const offset = wrapped.offsets[lineIndex] ?? 0;
      const prefix = lineIndex === 0 || piece.kind === "quote" ? piece.prefix : " ".repeat(prefixWidth);
      lines.push({
        text: prefix + text,
        kind: piece.kind,
        piece: index,
        offset,
        ...(piece.link !== undefined ? { link: piece.link } : {}),
      });
    });
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
