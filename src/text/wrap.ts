// Paragraph layout for the terminal: UAX #14 break opportunities (linebreak.ts), tailored for CJK (kinsoku per
// clreq/JLREQ, Korean keep-all, whole numbers and URLs), then greedy fitting by display width (width.ts).
//
// The work is split so a resize is cheap: prepareParagraph() does everything that does not depend on the width
// (segmentation, widths, break levels) once; layoutPrepared() is one pass over typed arrays per width.
//
// What "text preserved" means here: joinLayout(layoutParagraph(p, w)) === normalizeParagraph(text) for every
// width, i.e. the lines plus the whitespace dropped at each break (and the "\n" of hard breaks) give back the
// paragraph exactly, less the source's leading indent.
import {
  lineBreakActions,
  lineBreakClass,
  ALLOW_BREAK,
  MANDATORY_BREAK,
  AL,
  BK,
  CJ,
  CR,
  H2,
  H3,
  HL,
  ID,
  JL,
  JT,
  JV,
  LF,
  NL,
  NU,
} from "./linebreak.js";
import { scratchArrays } from "./scratch.js";
import { graphemeOffsets, graphemeWidth, truncateToWidth, type AmbiguousWidth } from "./width.js";

export interface LayoutOptions {
  /** East Asian Ambiguous characters (“ ” … · — ※ ①): 1 column ("narrow", default) or 2 ("wide"). */
  ambiguous: AmbiguousWidth;
  /** "basic" (clreq, default) or "strict" (adds JLREQ: small kana, ー, 々, ・ … never start a line). */
  kinsoku: "basic" | "strict";
  /** "keep-all" (default): Korean breaks at spaces only; "normal": also between Hangul syllables. */
  korean: "keep-all" | "normal";
  /** First-line indent of a paragraph: none, or two U+3000 (default). */
  indent: "none" | "fullwidth";
  /** Ruby (furigana) readings: not shown (default), in brackets after the base, or in a row above it. */
  ruby: RubyMode;
}

export type RubyMode = "hidden" | "inline" | "above";

export const defaultLayoutOptions: LayoutOptions = Object.freeze({
  ambiguous: "narrow",
  kinsoku: "basic",
  korean: "keep-all",
  indent: "fullwidth",
  ruby: "hidden",
});

// Break levels before a grapheme, best first. The fitter takes the last NORMAL break that fits; only when a
// line holds none (an unbreakable run wider than the line) does it cut at the best emergency level.
const LEVEL_VIOLATION = 0; // a cut here breaks a kinsoku rule: only when nothing else fits
const LEVEL_ANY = 1; // inside a word, number or Hangul word: a cut that hurts nothing else
const LEVEL_URL = 2; // after / . - ? & = _ inside a URL or other long token
const LEVEL_UNIT = 3; // between a number and its CJK unit (2024 / 年): when the line has no ordinary break
const LEVEL_NORMAL = 4; // an ordinary break opportunity

const KIND_TEXT = 0;
const KIND_SPACE = 1; // dropped at a break (kept in the separator)
const KIND_NEWLINE = 2; // a hard line break

/** Width-independent analysis of one paragraph, reused for every width. */
export interface PreparedParagraph {
  /** The paragraph as laid out: the source text without its leading indent. */
  readonly text: string;
  readonly options: LayoutOptions;
  /** The reader's first-line indent ("" or two U+3000) and its width. */
  readonly indent: string;
  readonly indentWidth: number;
  /** Width of the text before the first ordinary break opportunity (the indent must leave room for it). */
  readonly firstRunWidth: number;
  /** Number of grapheme clusters. */
  readonly count: number;
  /** UTF-16 offset of each grapheme in `text`; starts[count] === text.length. */
  readonly starts: Uint32Array;
  readonly widths: Uint16Array;
  readonly kinds: Uint8Array;
  /** Break level before each grapheme (index 0 unused). */
  readonly levels: Uint8Array;
}

/** One paragraph laid out at one width. */
export interface ParagraphLayout {
  /** The lines, the first with the indent in front; none wider than the width unless one grapheme is. */
  lines: string[];
  /** What was dropped after each line: spaces at a soft break, spaces + "\n" at a hard one, trailing spaces. */
  separators: string[];
  /** UTF-16 offset in the prepared text where each line's content starts (for mapping styles onto lines). */
  offsets: number[];
  /** The indent in front of lines[0] ("" when none or when the width is too small for it). */
  indent: string;
}

// Kinsoku sets (clreq "basic"; JLREQ additions for "strict").
const NO_LINE_START_BASIC =
  "、，。．；：！？）」』】〕〉》〗〙〛〞〟］｝｠｣､｡”’,.;:!?)]}﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞︰‼⁇⁈⁉·»›";
const NO_LINE_START_STRICT =
  NO_LINE_START_BASIC +
  "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯーｰ々〻ゝゞヽヾ・･゠〜～‐–";
const NO_LINE_END = "（「『【〔〈《〖〘〚〝［｛｟｢“‘([{«‹﹙﹛﹝";
// Characters written doubled (—— …… ‥‥) whose halves never part.
const NO_SPLIT_PAIR = "—―…‥⋯";

const lineStartSets = new Map<string, Set<number>>();
function codePointSet(chars: string): Set<number> {
  let s = lineStartSets.get(chars);
  if (!s) {
    s = new Set(Array.from(chars, (c) => c.codePointAt(0)!));
    lineStartSets.set(chars, s);
  }
  return s;
}

/** Characters a line must not start with, for a kinsoku mode. */
export function lineStartProhibited(kinsoku: LayoutOptions["kinsoku"]): Set<number> {
  return codePointSet(kinsoku === "strict" ? NO_LINE_START_STRICT : NO_LINE_START_BASIC);
}
/** Characters a line must not end with. */
export function lineEndProhibited(): Set<number> {
  return codePointSet(NO_LINE_END);
}
/** Characters written doubled whose two halves must stay on one line. */
export function unsplittablePairs(): Set<number> {
  return codePointSet(NO_SPLIT_PAIR);
}

const LEADING_INDENT = /^[ \u3000]+/;
/** The paragraph text as layout sees it: the source's leading indent (spaces, U+3000) removed. */
export function normalizeParagraph(text: string): string {
  return text.replace(LEADING_INDENT, "");
}

function isSpaceCodePoint(cp: number): boolean {
  return (
    cp === 0x20 ||
    cp === 0x3000 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a && cp !== 0x2007) ||
    cp === 0x205f
  );
}

// Hangul and the letter/number classes it sticks to under keep-all (1,250억, Apple의, 韓國의).
// wordKind[class]: 2 Hangul, 1 another letter/number class, 0 anything else.
const wordKind = new Uint8Array(64);
for (const c of [AL, HL, NU, ID, CJ]) wordKind[c] = 1;
for (const c of [H2, H3, JL, JV, JT]) wordKind[c] = 2;

// URLs: kept whole unless wider than the line. Stops at whitespace and at CJK text or full-width punctuation,
// which in CJK prose often follows a URL directly.
const URL_PATTERN =
  /\b(?:https?:\/\/|www\.)[^\s<>"'\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef“”‘’]+/giu;
const URL_TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;
// Where a token too wide for the line is cut first: after one of these (https://a.example/b?c=d&e_f-g).
const TOKEN_SEPARATORS = new Set(Array.from("/.-?&=_", (c) => c.codePointAt(0)!));

function isFullwidthDigit(cp: number): boolean {
  return cp >= 0xff10 && cp <= 0xff19;
}
function isAsciiDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39;
}
function isDigit(cp: number): boolean {
  return isAsciiDigit(cp) || isFullwidthDigit(cp);
}
// 第 (the ordinal prefix of Chinese and Japanese: 第7条, 第３回).
const ORDINAL_PREFIX = 0x7b2c;
/** A character that can be a number's counter or unit: a Han ideograph, a kana letter or a Hangul syllable. */
function isCjkUnit(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3ffff) ||
    (cp >= 0x3041 && cp <= 0x3096) ||
    (cp >= 0x30a1 && cp <= 0x30fa) ||
    (cp >= 0xac00 && cp <= 0xd7a3)
  );
}
function isAsciiAlnum(cp: number): boolean {
  return isAsciiDigit(cp) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}

// prepareParagraph's working arrays, by grapheme: first code point, word class (1 word, 2 Hangul); and by code
// point: break actions.
const prepareScratch = scratchArrays((size) => ({
  firstCp: new Uint32Array(size),
  wordish: new Uint8Array(size),
  actions: new Uint8Array(size),
}));

/**
 * `keepTogether`: UTF-16 ranges [start, end) of `text` that a line break parts only when nothing else fits, such
 * as a ruby base with its reading.
 */
export function prepareParagraph(
  text: string,
  options?: Partial<LayoutOptions>,
  keepTogether?: ReadonlyArray<readonly [number, number]>,
): PreparedParagraph {
  const opts: LayoutOptions = { ...defaultLayoutOptions, ...options };
  const normalized = normalizeParagraph(text);
  const indent = opts.indent === "fullwidth" ? "\u3000\u3000" : "";
  const indentWidth = indent === "" ? 0 : 4;

  // Code points with their UTF-16 offsets, for the UAX #14 pass.
  const cps: number[] = [];
  const cpOffsets: number[] = [];
  for (let o = 0; o < normalized.length;) {
    const cp = normalized.codePointAt(o)!;
    cps.push(cp);
    cpOffsets.push(o);
    o += cp > 0xffff ? 2 : 1;
  }
  // By code point, so also long enough by grapheme.
  const { actions: actionsInto, firstCp, wordish } = prepareScratch(cps.length);
  const actions = lineBreakActions(cps, { cj: opts.kinsoku === "strict" ? "NS" : "ID" }, actionsInto);

  const segments = segmentGraphemes(normalized, cps, cpOffsets);
  const count = segments.length;
  // What the paragraph keeps shares one allocation (starts, widths, then kinds and levels); what only this
  // function needs is reused from call to call (scratchArrays).
  const kept = new ArrayBuffer(4 * (count + 1) + 2 * count + 2 * count);
  const starts = new Uint32Array(kept, 0, count + 1);
  const widths = new Uint16Array(kept, 4 * (count + 1), count);
  const kinds = new Uint8Array(kept, 4 * (count + 1) + 2 * count, count);
  const levels = new Uint8Array(kept, 4 * (count + 1) + 3 * count, count);
  const startSet = lineStartProhibited(opts.kinsoku);
  const endSet = lineEndProhibited();
  const pairSet = unsplittablePairs();

  let cpIndex = 0;
  for (let g = 0; g < count; g++) {
    const [start, end] = segments[g]!;
    starts[g] = start;
    while (cpOffsets[cpIndex]! < start) cpIndex++;
    const cp = cps[cpIndex]!;
    firstCp[g] = cp;
    const cls = lineBreakClass(cp);
    if (cls === BK || cls === LF || cls === NL || cls === CR) kinds[g] = KIND_NEWLINE;
    else if (isSpaceCodePoint(cp) && end - start === (cp > 0xffff ? 2 : 1)) kinds[g] = KIND_SPACE;
    else kinds[g] = KIND_TEXT;
    widths[g] =
      kinds[g] === KIND_NEWLINE
        ? 0
        : end - start === 1 && cp >= 0x20 && cp < 0x7f
          ? 1
          : Math.min(0xffff, graphemeWidth(normalized.slice(start, end), opts.ambiguous));
    wordish[g] = wordKind[cls]!;
    if (g > 0) {
      const action = actions[cpIndex];
      levels[g] = action === ALLOW_BREAK || action === MANDATORY_BREAK ? LEVEL_NORMAL : LEVEL_ANY;
    }
  }
  starts[count] = normalized.length;

  // Tailoring, boundary by boundary.
  for (let g = 1; g < count; g++) {
    if (kinds[g] === KIND_NEWLINE || kinds[g - 1] === KIND_NEWLINE) continue;
    // Korean keep-all: no ordinary break inside a word that has Hangul in it.
    if (
      opts.korean === "keep-all" &&
      levels[g] === LEVEL_NORMAL &&
      wordish[g] !== 0 &&
      wordish[g - 1] !== 0 &&
      (wordish[g] === 2 || wordish[g - 1] === 2)
    ) {
      levels[g] = LEVEL_ANY;
    }
    // Kinsoku, on what would end this line and start the next once the spaces at the break are dropped.
    let last = g - 1;
    while (last > 0 && kinds[last] === KIND_SPACE) last--;
    let first = g;
    while (first < count && kinds[first] === KIND_SPACE) first++;
    const a = firstCp[last]!;
    const b = first < count && kinds[first] !== KIND_NEWLINE ? firstCp[first]! : -1;
    if (startSet.has(b) || endSet.has(a) || (a === b && pairSet.has(a) && last === g - 1 && first === g)) {
      levels[g] = LEVEL_VIOLATION;
    } else if (kinds[g] === KIND_SPACE) {
      // A cut before a space is an emergency cut at best (UAX #14 never breaks there).
      levels[g] = Math.min(levels[g]!, LEVEL_ANY);
    }
  }

  // Full-width digit runs (１９分, 第７７条, １，２００) are numbers, though UAX #14 gives them class ID (a break
  // between any two): whole unless wider than a line, like ASCII ones.
  for (let g = 1; g < count; g++) {
    if (levels[g] === LEVEL_NORMAL && isFullwidthDigit(firstCp[g - 1]!) && isFullwidthDigit(firstCp[g]!))
      levels[g] = LEVEL_ANY;
    else if (
      g + 1 < count &&
      (firstCp[g] === 0xff0c || firstCp[g] === 0xff0e) &&
      isFullwidthDigit(firstCp[g - 1]!) &&
      isFullwidthDigit(firstCp[g + 1]!)
    ) {
      levels[g] = Math.min(levels[g]!, LEVEL_ANY);
      levels[g + 1] = Math.min(levels[g + 1]!, LEVEL_ANY);
    }
  }

  // A number and the CJK counter or unit after it (1月14日, ３月, 2024年, 15時, 100元, 5万, 第7条, 3つ, 5만), and
  // the ordinal 第 before it, stay on one line where the line can break elsewhere, as clreq and JLREQ keep a
  // number with its unit: UAX #14 allows a break there (NU ÷ ID; full-width digits are ID themselves).
  for (let g = 1; g < count; g++) {
    if (levels[g] !== LEVEL_NORMAL) continue;
    const before = firstCp[g - 1]!;
    const after = firstCp[g]!;
    if ((isDigit(before) && isCjkUnit(after)) || (before === ORDINAL_PREFIX && isDigit(after)))
      levels[g] = LEVEL_UNIT;
  }

  // URLs: whole unless wider than a line.
  URL_PATTERN.lastIndex = 0;
  for (let m = URL_PATTERN.exec(normalized); m !== null; m = URL_PATTERN.exec(normalized)) {
    const url = m[0].replace(URL_TRAILING_PUNCTUATION, "");
    const from = m.index;
    const to = from + url.length;
    for (let g = upperBound(starts, count, from); g < count && starts[g]! < to; g++) {
      if (starts[g] !== from && levels[g] !== LEVEL_VIOLATION) levels[g] = LEVEL_ANY;
    }
  }
  // A URL or other token wider than the line is cut after / . - ? & = _ first, not inside a word (nor inside
  // a number: 3.14 and 1,250 stay as they are).
  for (let g = 1; g < count; g++) {
    if (levels[g] !== LEVEL_ANY) continue;
    const prev = firstCp[g - 1]!;
    const next = firstCp[g]!;
    if (!TOKEN_SEPARATORS.has(prev) || TOKEN_SEPARATORS.has(next) || !isAsciiAlnum(next)) continue;
    if (g >= 2 && isAsciiDigit(firstCp[g - 2]!) && isAsciiDigit(next) && (prev === 0x2e || prev === 0x2c))
      continue;
    levels[g] = LEVEL_URL;
  }

  if (keepTogether) {
    const shift = text.length - normalized.length;
    for (const [from, to] of keepTogether) {
      for (let g = upperBound(starts, count, from - shift + 1); g < count && starts[g]! < to - shift; g++)
        levels[g] = LEVEL_VIOLATION;
    }
  }

  let firstRunWidth = 0;
  for (let g = 0, pending = 0; g < count && kinds[g] !== KIND_NEWLINE; g++) {
    if (g > 0 && levels[g] === LEVEL_NORMAL) break;
    if (kinds[g] === KIND_SPACE) pending += widths[g]!;
    else {
      firstRunWidth += pending + widths[g]!;
      pending = 0;
    }
  }

  return {
    text: normalized,
    options: opts,
    indent,
    indentWidth,
    firstRunWidth,
    count,
    starts,
    widths,
    kinds,
    levels,
  };
}

/** Width of the widest run no ordinary break opportunity parts (a word, a number, a kinsoku-bound run). */
export function widestUnbreakable(p: PreparedParagraph): number {
  let widest = 0;
  let run = 0;
  for (let g = 0; g < p.count; g++) {
    if (p.kinds[g] !== KIND_TEXT || (g > 0 && p.levels[g] === LEVEL_NORMAL)) {
      widest = Math.max(widest, run);
      run = 0;
    }
    if (p.kinds[g] === KIND_TEXT) run += p.widths[g]!;
  }
  return Math.max(widest, run);
}

/** Display width of the prepared text in [from, to) (UTF-16 offsets on grapheme boundaries), from its widths. */
export function preparedWidth(p: PreparedParagraph, from: number, to: number): number {
  let width = 0;
  for (let g = upperBound(p.starts, p.count, from); g < p.count && p.starts[g]! < to; g++)
    if (p.kinds[g] !== KIND_NEWLINE) width += p.widths[g]!;
  return width;
}

/** First grapheme index whose start offset is >= offset. */
function upperBound(starts: Uint32Array, count: number, offset: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Characters that are always a grapheme of their own and never join the next one: most of CJK prose. Text made
// only of these skips Intl.Segmenter (the slowest step of prepare).
function isSimpleCodePoint(cp: number): boolean {
  return (
    (cp >= 0x20 && cp < 0x7f) ||
    (cp >= 0xa0 && cp < 0x300) ||
    (cp >= 0x2000 && cp < 0x200b) ||
    (cp >= 0x2010 && cp < 0x2028) ||
    (cp >= 0x2030 && cp < 0x205f) ||
    (cp >= 0x3000 && cp < 0x3099) ||
    (cp >= 0x309b && cp < 0x3100) ||
    (cp >= 0x3400 && cp < 0x4dc0) ||
    (cp >= 0x4e00 && cp < 0xa000) ||
    (cp >= 0xac00 && cp < 0xd7a4) ||
    (cp >= 0xff01 && cp < 0xff9e) ||
    (cp >= 0xffa0 && cp < 0xfff0) ||
    cp === 0x0a
  );
}

function segmentGraphemes(text: string, cps: number[], cpOffsets: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (cps.every(isSimpleCodePoint)) {
    for (let i = 0; i < cps.length; i++) out.push([cpOffsets[i]!, cpOffsets[i + 1] ?? text.length]);
    return out;
  }
  const offsets = graphemeOffsets(text);
  for (let i = 0; i + 1 < offsets.length; i++) out.push([offsets[i]!, offsets[i + 1]!]);
  return out;
}

// The last break opportunity of each level on the line being fitted, shared by every call: a small typed array
// made per paragraph is a native allocation each time, hundreds of them on every resize.
const lastAt = new Int32Array(LEVEL_NORMAL + 1);

/** Lays out a prepared paragraph at `width` columns, with what joinLines needs to give the text back. */
export function layoutParagraph(p: PreparedParagraph, width: number): ParagraphLayout {
  const { count, starts, widths, kinds, levels, text } = p;
  const lines: string[] = [];
  const separators: string[] = [];
  const offsets: number[] = [];
  if (count === 0) return { lines, separators, offsets, indent: "" };
  const w = Math.max(1, Math.floor(width));
  // The indent goes only where it leaves room for real text: not on a tiny width, and not where it alone would
  // push the paragraph's first word (or number, or kinsoku-bound run) into being cut.
  const indent =
    p.indentWidth > 0 &&
    w >= p.indentWidth * 2 &&
    (p.firstRunWidth <= w - p.indentWidth || p.firstRunWidth > w)
      ? p.indent
      : "";
  let avail = w - (indent === "" ? 0 : p.indentWidth);

  let lineStart = 0;
  while (lineStart < count || lines.length === 0) {
    let used = 0; // width of the line up to its last non-space grapheme
    let pending = 0; // width of the spaces after that
    let hasContent = false;
    lastAt.fill(-1);
    let end = count; // break before this grapheme
    let hard = false;
    for (let j = lineStart; j < count; j++) {
      const kind = kinds[j]!;
      if (kind === KIND_NEWLINE) {
        end = j;
        hard = true;
        break;
      }
      if (hasContent && j > lineStart) lastAt[levels[j]!] = j;
      if (kind === KIND_SPACE) {
        pending += widths[j]!;
        continue;
      }
      const next = used + pending + widths[j]!;
      if (next > avail && (hasContent || pending > 0)) {
        // Leading spaces (kept after a hard break) that leave no room for the first grapheme go on a line of
        // their own, which shows empty.
        end = hasContent ? chooseBreak(lineStart, j) : j;
        break;
      }
      used = next;
      pending = 0;
      hasContent = true;
    }
    // The line's content ends before its trailing spaces; the next line starts after any leading ones.
    let contentEnd = end;
    while (contentEnd > lineStart && kinds[contentEnd - 1] === KIND_SPACE) contentEnd--;
    let next = end;
    if (hard) next = end + 1;
    else while (next < count && kinds[next] === KIND_SPACE) next++;
    const from = starts[lineStart]!;
    lines.push((lines.length === 0 ? indent : "") + text.slice(from, starts[contentEnd]!));
    separators.push(text.slice(starts[contentEnd]!, starts[next]!));
    offsets.push(from);
    avail = w;
    lineStart = next;
    if (hard && next === count) {
      // A trailing hard break leaves one empty line after it.
      lines.push("");
      separators.push("");
      offsets.push(text.length);
    }
  }
  return { lines, separators, offsets, indent };
}

function chooseBreak(lineStart: number, overflowAt: number): number {
  for (let level = LEVEL_NORMAL; level >= LEVEL_VIOLATION; level--) {
    const at = lastAt[level]!;
    if (at > lineStart) return at;
  }
  return overflowAt;
}

/** The lines of a prepared paragraph at `width` columns. */
export function layoutPrepared(p: PreparedParagraph, width: number): string[] {
  return layoutParagraph(p, width).lines;
}

/** Lays out one paragraph at `width` columns. */
export function wrapParagraph(text: string, width: number, options?: Partial<LayoutOptions>): string[] {
  return layoutParagraph(prepareParagraph(text, options), width).lines;
}

/**
 * A short text (a message, a notice) in lines of `width` columns, at most `rows` of them: the last one cut with …
 * when it needs more.
 */
export function wrapToRows(text: string, width: number, rows: number, ambiguous: AmbiguousWidth): string[] {
  const layout = layoutParagraph(prepareParagraph(text, { ambiguous, indent: "none" }), width);
  const { lines, separators } = layout;
  if (lines.length <= rows) return lines;
  const last = Math.max(0, rows - 1);
  const rest = lines
    .slice(last)
    .map((line, i) => line + (separators[last + i] ?? ""))
    .join("");
  return [...lines.slice(0, last), truncateToWidth(rest.trimEnd(), width, ambiguous, "…")];
}

/**
 * Inverse of layout: the lines of one paragraph joined back with the separators dropped at each break, without
 * the reader's indent. joinLines(l.lines, l.separators, l.indent) === normalizeParagraph(text).
 */
export function joinLines(lines: readonly string[], separators: readonly string[], indent = ""): string {
  let out = "";
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (i === 0 && indent !== "" && line.startsWith(indent)) line = line.slice(indent.length);
    out += line + (separators[i] ?? "");
  }
  return out;
}

/** joinLines over a layout result. */
export function joinLayout(layout: ParagraphLayout): string {
  return joinLines(layout.lines, layout.separators, layout.indent);
}
