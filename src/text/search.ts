// Search in an article as laid out. Matching runs on each piece's whole text, not on screen lines, so a phrase
// the layout split over two lines is still found; each match is then mapped to the columns it covers on each
// line, for highlighting.
//
// Matching is forgiving the way a reader expects: Latin case is ignored, full-width and half-width forms are
// the same (ＡＢＣ = abc, ０ = 0, ｶ = カ: NFKC per code point), and whitespace is ignored on both sides, so the
// spaces and line breaks that layout drops or the source inserts never hide a match.
import type { ArticleLayout } from "./article.js";
import { displayWidth, type AmbiguousWidth } from "./width.js";

export interface SearchMatch {
  /** Piece index (LayoutLine.piece) and the UTF-16 range [start, end) of the match in that piece's text. */
  piece: number;
  start: number;
  end: number;
  /** Line index + [fromCol, toCol) per line the match covers */
  spans: Array<{ line: number; from: number; to: number }>;
}

/** Text folded for matching, with where each folded character came from in the original. */
interface FoldedText {
  text: string;
  /** UTF-16 offset in the original where the code point behind each folded UTF-16 unit starts. */
  from: number[];
  /** …and where it ends. */
  to: number[];
}

const WHITESPACE = /\s/u;

function foldCodePoint(char: string): string {
  return char.normalize("NFKC").toLowerCase();
}

/** `hidden`: ranges of the text left out of matching (ruby readings written inline), in order. */
function fold(text: string, hidden?: ReadonlyArray<readonly [number, number]>): FoldedText {
  let folded = "";
  const from: number[] = [];
  const to: number[] = [];
  let index = 0;
  let range = 0;
  for (const char of text) {
    const end = index + char.length;
    while (hidden && range < hidden.length && hidden[range]![1] <= index) range++;
    const skip = hidden?.[range];
    if (skip && skip[0] <= index) {
      index = end;
      continue;
    }
    const out = foldCodePoint(char);
    for (const unit of out) {
      if (WHITESPACE.test(unit)) continue;
      folded += unit;
      for (let k = 0; k < unit.length; k++) {
        from.push(index);
        to.push(end);
      }
    }
    index = end;
  }
  return { text: folded, from, to };
}

/** The query as matched: folded, whitespace removed. */
function foldQuery(query: string): string {
  return fold(query).text;
}

/** Where a line's content sits: its piece range [start, end) and the column where that content starts. */
interface LineContent {
  line: number;
  start: number;
  end: number;
  leadWidth: number;
  content: string;
}

function linesByPiece(
  pieces: readonly string[],
  layout: ArticleLayout,
  ambiguous: AmbiguousWidth,
): Map<number, LineContent[]> {
  const byPiece = new Map<number, LineContent[]>();
  const lines = layout.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.kind === "blank") continue;
    const text = pieces[line.piece];
    if (text === undefined) continue;
    if (line.segments) {
      // The line says where the piece's text is on it (table cells, text under ruby).
      for (const segment of line.segments) {
        const entry: LineContent = {
          line: i,
          start: segment.offset,
          end: segment.offset + segment.length,
          leadWidth: segment.column,
          content: text.slice(segment.offset, segment.offset + segment.length),
        };
        const list = byPiece.get(line.piece);
        if (list) list.push(entry);
        else byPiece.set(line.piece, [entry]);
      }
      continue;
    }
    // A piece's lines are consecutive: the next one starts where this one's separator ends.
    const after = lines[i + 1];
    const next = after && after.kind !== "blank" && after.piece === line.piece ? after.offset : text.length;
    // The line shows its piece from `offset` up to the separator dropped at the break (spaces, a hard "\n");
    // whatever is in front of it (the indent, a quote bar, a link number) is the lead.
    let end = Math.max(line.offset, next);
    while (end > line.offset && !line.text.endsWith(text.slice(line.offset, end))) end--;
    const content = text.slice(line.offset, end);
    const entry: LineContent = {
      line: i,
      start: line.offset,
      end,
      leadWidth: displayWidth(line.text.slice(0, line.text.length - content.length), ambiguous),
      content,
    };
    const list = byPiece.get(line.piece);
    if (list) list.push(entry);
    else byPiece.set(line.piece, [entry]);
  }
  return byPiece;
}

/** The columns the range [start, end) of a piece's text covers on each of the piece's lines. */
function spansOf(
  lines: readonly LineContent[] | undefined,
  start: number,
  end: number,
  ambiguous: AmbiguousWidth,
): SearchMatch["spans"] {
  const spans: SearchMatch["spans"] = [];
  for (const line of lines ?? []) {
    const from = Math.max(start, line.start);
    const to = Math.min(end, line.end);
    if (from >= to) continue;
    spans.push({
      line: line.line,
      from: line.leadWidth + displayWidth(line.content.slice(0, from - line.start), ambiguous),
      to: line.leadWidth + displayWidth(line.content.slice(0, to - line.start), ambiguous),
    });
  }
  return spans;
}

/**
 * Where ranges of the pieces' texts are on screen, as searchLayout gives a match's: to draw a part of a line that
 * is not a match (a breadcrumb step) selected.
 */
export function rangeSpans(
  pieces: string[],
  layout: ArticleLayout,
  ranges: ReadonlyArray<{ piece: number; start: number; end: number }>,
  ambiguous: AmbiguousWidth = "narrow",
): Array<SearchMatch["spans"]> {
  const lines = linesByPiece(pieces, layout, ambiguous);
  return ranges.map((range) => spansOf(lines.get(range.piece), range.start, range.end, ambiguous));
}

/**
 * Every match of `query` in the article, in reading order, with the screen columns it covers on each line.
 * `pieces` are the texts the layout was made from (pieceTexts(prepared)); columns are display columns, counted
 * with the layout's East Asian Ambiguous width. `hidden` (pieceHidden(prepared)) are the parts of each piece
 * that are not matched: readings shown after their bases, so a search for the base text finds it.
 */
export function searchLayout(
  pieces: string[],
  layout: ArticleLayout,
  query: string,
  ambiguous: AmbiguousWidth = "narrow",
  hidden: ReadonlyArray<ReadonlyArray<readonly [number, number]> | undefined> = [],
): SearchMatch[] {
  const needle = foldQuery(query);
  if (needle === "") return [];
  const lines = linesByPiece(pieces, layout, ambiguous);
  const matches: SearchMatch[] = [];
  pieces.forEach((text, piece) => {
    const folded = fold(text, hidden[piece]);
    let at = folded.text.indexOf(needle);
    while (at !== -1) {
      const start = folded.from[at]!;
      const end = folded.to[at + needle.length - 1]!;
      matches.push({ piece, start, end, spans: spansOf(lines.get(piece), start, end, ambiguous) });
      at = folded.text.indexOf(needle, at + needle.length);
    }
  });
  return matches;
}

/** The items whose title contains the query (folded as in searchLayout); all of them for an empty query. */
export function filterTitles<T extends { title: string }>(items: T[], query: string): T[] {
  const needle = foldQuery(query);
  if (needle === "") return items.slice();
  return items.filter((item) => fold(item.title).text.includes(needle));
}
