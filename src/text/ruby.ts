// Ruby (furigana, zhuyin, pinyin) for the terminal, in the three ways the reader chooses from: hidden (the base
// text only), inline after the base in brackets — 東京（とうきょう） — or in a row above the text row, each
// reading centred over its base. A base and its reading are never parted by a line break while anything else
// fits on the line.
import type { RubyAnnotation } from "../model.js";
import type { LineSegment } from "./table.js";
import { displayWidth, type AmbiguousWidth } from "./width.js";
import {
  layoutParagraph,
  normalizeParagraph,
  prepareParagraph,
  type LayoutOptions,
  type PreparedParagraph,
} from "./wrap.js";

/** A paragraph with its readings written after their bases, and what search must ignore (the readings). */
export interface InlineRuby {
  text: string;
  keepTogether: Array<[number, number]>;
  readings: Array<[number, number]>;
}

/** `東京` + `とうきょう` → `東京（とうきょう）`, the base and its bracketed reading kept on one line. */
export function rubyInline(text: string, ruby: readonly RubyAnnotation[]): InlineRuby {
  let out = "";
  let last = 0;
  const keepTogether: Array<[number, number]> = [];
  const readings: Array<[number, number]> = [];
  for (const r of ruby) {
    if (r.start < last || r.end > text.length) continue;
    out += text.slice(last, r.start);
    const base = out.length;
    out += text.slice(r.start, r.end);
    const from = out.length;
    out += `（${r.reading}）`;
    keepTogether.push([base, out.length]);
    readings.push([from, out.length]);
    last = r.end;
  }
  out += text.slice(last);
  return { text: out, keepTogether, readings };
}

export interface PreparedRubyAbove {
  paragraph: PreparedParagraph;
  /** The annotations in the laid-out text's offsets (after its leading indent), with their widths. */
  ruby: Array<RubyAnnotation & { baseWidth: number; readingWidth: number }>;
  ambiguous: AmbiguousWidth;
}

/**
 * A paragraph for ruby above the line: each base is given the width of its reading when that is wider (the
 * base is then centred in it), so the reading row never runs into the next reading.
 */
export function prepareRubyAbove(
  text: string,
  ruby: readonly RubyAnnotation[],
  options: LayoutOptions,
): PreparedRubyAbove {
  const shift = text.length - normalizeParagraph(text).length;
  const valid = ruby.filter(
    (r, i) => r.start >= shift && r.end <= text.length && r.start >= (ruby[i - 1]?.end ?? 0),
  );
  const paragraph = prepareParagraph(
    text,
    options,
    valid.map((r) => [r.start, r.end] as const),
  );
  // A base must be whole graphemes (a hostile page may put <ruby> inside one): others are shown without reading.
  const boundaries = new Set(paragraph.starts);
  const annotated = valid
    .filter((r) => boundaries.has(r.start - shift) && boundaries.has(r.end - shift))
    .map((r) => {
      const start = r.start - shift;
      const end = r.end - shift;
      return {
        start,
        end,
        reading: r.reading,
        baseWidth: displayWidth(paragraph.text.slice(start, end), options.ambiguous),
        readingWidth: displayWidth(r.reading, options.ambiguous),
      };
    });
  // Widen the base's last grapheme by what the reading needs beyond the base: the fitter then keeps room for it.
  const widths = paragraph.widths as Uint16Array;
  let g = 0;
  for (const r of annotated) {
    if (r.readingWidth <= r.baseWidth) continue;
    while (g + 1 < paragraph.count && paragraph.starts[g + 1]! < r.end) g++;
    widths[g] = Math.min(0xffff, widths[g]! + r.readingWidth - r.baseWidth);
  }
  return { paragraph, ruby: annotated, ambiguous: options.ambiguous };
}

export interface RubyLine {
  text: string;
  /** The reading row above a text row. */
  ruby: boolean;
  offset: number;
  segments: LineSegment[];
}

/** Text rows at `width`, each with the row of its readings above it (when it has any). */
export function layoutRubyAbove(prepared: PreparedRubyAbove, width: number): RubyLine[] {
  const { paragraph, ruby, ambiguous } = prepared;
  const laid = layoutParagraph(paragraph, width);
  const out: RubyLine[] = [];
  let next = 0; // first annotation not yet placed
  laid.lines.forEach((line, i) => {
    const lead = i === 0 ? laid.indent : "";
    const from = laid.offsets[i] ?? 0;
    const to = from + line.length - lead.length;
    let text = lead;
    let column = displayWidth(lead, ambiguous);
    let above = " ".repeat(column);
    let aboveWidth = column;
    const segments: LineSegment[] = [];
    let segmentEnd = -1; // the column where the last segment ends (text after it without padding extends it)
    const plain = (start: number, end: number): void => {
      if (end <= start) return;
      const part = paragraph.text.slice(start, end);
      const last = segments[segments.length - 1];
      if (last && last.offset + last.length === start && segmentEnd === column) last.length += part.length;
      else segments.push({ offset: start, column, length: part.length });
      text += part;
      column += displayWidth(part, ambiguous);
      segmentEnd = column;
    };
    let at = from;
    while (next < ruby.length && ruby[next]!.end <= from) next++;
    for (let k = next; k < ruby.length && ruby[k]!.start < to; k++) {
      const r = ruby[k]!;
      const slot = Math.max(r.baseWidth, r.readingWidth);
      // Parted by an emergency break, or wider than the line: shown without its reading.
      if (r.start < at || r.end > to || slot > width) continue;
      plain(at, r.start);
      const baseLeft = (slot - r.baseWidth) >> 1;
      const readingLeft = (slot - r.readingWidth) >> 1;
      above += " ".repeat(column - aboveWidth + readingLeft) + r.reading;
      aboveWidth = column + readingLeft + r.readingWidth;
      text += " ".repeat(baseLeft);
      column += baseLeft;
      plain(r.start, r.end);
      text += " ".repeat(slot - r.baseWidth - baseLeft);
      column += slot - r.baseWidth - baseLeft;
      at = r.end;
    }
    plain(at, to);
    if (above.trim() !== "") out.push({ text: above.trimEnd(), ruby: true, offset: from, segments: [] });
    out.push({ text: text.trimEnd(), ruby: false, offset: from, segments });
  });
  return out;
}
