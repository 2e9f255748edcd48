// Display width in terminal columns, per grapheme cluster. The numbers are string-width 8's (what Ink itself uses
// to measure), so a line laid out here is never re-wrapped by Ink; only East Asian Ambiguous characters differ,
// by the caller's choice.
import { eastAsianWidth } from "get-east-asian-width";
import { EXTENDED_PICTOGRAPHIC_RANGES } from "./linebreak-data.js";

export type AmbiguousWidth = "narrow" | "wide";

// string-width measures what the fast path below cannot (emoji, combining sequences). Importing it costs ~40 ms
// (it builds a segmenter and Unicode-property regexes), so it is loaded by the commands before they lay out
// text, and by the interface after its first frame — not at start-up.
let fullWidth: ((text: string, options: { ambiguousIsNarrow: boolean }) => number) | undefined;
let fullWidthLoading: Promise<void> | undefined;

/** Loads the width tables for every grapheme; call (and await) before laying out arbitrary text. */
export function loadWidthTables(): Promise<void> {
  fullWidthLoading ??= import("string-width").then((module) => {
    fullWidth = module.default;
  });
  return fullWidthLoading;
}

/** Thrown when a grapheme outside the fast path is measured before loadWidthTables() has finished. */
export class WidthTablesNotLoaded extends Error {
  override name = "WidthTablesNotLoaded";
}

// Created on first need: constructing it loads ICU data (~15 ms), which the first frame should not wait for.
let segmenter: Intl.Segmenter | undefined;

// Text in which every UTF-16 unit is a grapheme cluster of its own: printable ASCII, Latin, Greek, punctuation
// and symbols, CJK, kana (not the combining sound marks U+3099–309A), precomposed Hangul syllables, full-width
// forms (not the half-width sound marks U+FF9E–FF9F). Nothing here extends, joins or is a surrogate, so such
// text (most CJK news prose) needs no segmentation at all.
export const SINGLETON_CLUSTERS =
  /^[\u0020-\u007e\u00a0-\u02ff\u0370-\u03ff\u2010-\u2027\u2030-\u205e\u2100-\u2bff\u3000-\u3029\u3030-\u3096\u309b-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uff9d\uffa0-\uffef]*$/;

// The JS engine's emoji data can be older than the Unicode version of our tables: V8 in Node 20.20 lacks
// Extended_Pictographic for U+2701 and misses GB11 there (÷ 2701 × 200D × 2701 ÷ in GraphemeBreakTest 17).
// So: a segment ending in Extended_Pictographic Extend* ZWJ joins a following Extended_Pictographic.
let pictographic: Uint32Array | undefined; // sorted [first, last, first, last, …]
function isExtendedPictographic(cp: number): boolean {
  if (!pictographic) {
    const ranges = EXTENDED_PICTOGRAPHIC_RANGES.split(",").flatMap((r) => {
      const [a, b] = r.split("-");
      const first = parseInt(a!, 36);
      return [first, b === undefined ? first : parseInt(b, 36)];
    });
    pictographic = Uint32Array.from(ranges);
  }
  let lo = 0;
  let hi = pictographic.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pictographic[mid * 2 + 1]! < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo < pictographic.length / 2 && pictographic[lo * 2]! <= cp;
}
const EXTEND = /^[\p{Grapheme_Extend}\p{Emoji_Modifier}]$/u;
function endsWithPictographZwj(segment: string): boolean {
  const chars = Array.from(segment);
  let i = chars.length - 1;
  if (chars[i] !== "\u200d") return false;
  i--;
  while (i >= 0 && EXTEND.test(chars[i]!)) i--;
  return i >= 0 && isExtendedPictographic(chars[i]!.codePointAt(0)!);
}

/**
 * Start offsets (UTF-16) of the extended grapheme clusters of text (UAX #29), followed by text.length.
 */
export function graphemeOffsets(text: string): number[] {
  const out: number[] = [];
  if (SINGLETON_CLUSTERS.test(text)) {
    for (let i = 0; i <= text.length; i++) out.push(i);
    return out;
  }
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let previous = "";
  for (const { index, segment } of segmenter.segment(text)) {
    if (
      previous.charCodeAt(previous.length - 1) === 0x200d &&
      isExtendedPictographic(segment.codePointAt(0)!) &&
      endsWithPictographZwj(previous)
    ) {
      previous += segment;
      continue;
    }
    out.push(index);
    previous = segment;
  }
  out.push(text.length);
  return out;
}

/**
 * The most code points a grapheme cluster is drawn with. A terminal that does not join a cluster draws each of
 * its code points (500 joined emoji: ~1000 columns where the cluster counts 2), so a longer cluster is cut to
 * its first code point. Every emoji of Unicode's recommended set has at most 10.
 */
export const MAX_CLUSTER_CODE_POINTS = 10;

// Code points that can make one cluster of many: marks, joiners, Hangul jamo, tags, skin-tone modifiers. Text
// without any (most prose) cannot hold a long cluster and is not segmented.
const CLUSTER_GROWER =
  /[\p{M}\u200d\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u{e0020}-\u{e007f}\p{Emoji_Modifier}]/u;

function codePointsAtLeast(text: string, count: number): boolean {
  if (text.length < count) return false;
  let n = 0;
  for (const _ of text) if (++n >= count) return true;
  return false;
}

/** Text with every grapheme cluster longer than MAX_CLUSTER_CODE_POINTS cut to its first code point. */
export function boundClusters(text: string): string {
  if (!CLUSTER_GROWER.test(text)) return text;
  const offsets = graphemeOffsets(text);
  let out: string | undefined;
  let kept = 0;
  for (let i = 0; i + 1 < offsets.length; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    if (end - start <= MAX_CLUSTER_CODE_POINTS) continue;
    const cluster = text.slice(start, end);
    if (!codePointsAtLeast(cluster, MAX_CLUSTER_CODE_POINTS + 1)) continue;
    out = (out ?? "") + text.slice(kept, start) + String.fromCodePoint(cluster.codePointAt(0)!);
    kept = end;
  }
  return out === undefined ? text : out + text.slice(kept);
}

/** Splits text into extended grapheme clusters (UAX #29: Intl.Segmenter, with the GB11 fix above). */
export function graphemes(text: string): string[] {
  const offsets = graphemeOffsets(text);
  const out: string[] = [];
  for (let i = 0; i + 1 < offsets.length; i++) out.push(text.slice(offsets[i], offsets[i + 1]));
  return out;
}

// Widths of graphemes seen before: prose repeats a few thousand characters, so the slow path runs rarely.
const narrowCache = new Map<string, number>();
const wideCache = new Map<string, number>();
const CACHE_LIMIT = 50_000;

// Singleton clusters (see SINGLETON_CLUSTERS) that string-width counts as zero columns: Default_Ignorable.
export const IGNORABLE_SINGLETONS = new Set([0xad, 0x3164, 0xffa0]);

/** Unambiguously wide blocks: CJK ideographs, kana, Hangul syllables. */
function wideBlock(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3041 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7a3);
}

/** Columns of a printable ASCII character, one of a wide block, or one of SINGLETON_CLUSTERS, by its code. */
function singletonWidth(c: number, ambiguous: AmbiguousWidth): number {
  if (c >= 0x20 && c < 0x7f) return 1;
  if (wideBlock(c)) return 2;
  // A character that is a cluster of its own: its East Asian Width is what string-width would say.
  return IGNORABLE_SINGLETONS.has(c) ? 0 : eastAsianWidth(c, { ambiguousAsWide: ambiguous === "wide" });
}

/** Columns one grapheme cluster takes: 0, 1 or 2 (string-width 8 semantics). */
export function graphemeWidth(g: string, ambiguous: AmbiguousWidth = "narrow"): number {
  if (g.length === 1) {
    const c = g.charCodeAt(0);
    if ((c >= 0x20 && c < 0x7f) || wideBlock(c) || SINGLETON_CLUSTERS.test(g))
      return singletonWidth(c, ambiguous);
  }
  const stringWidth = fullWidth;
  if (!stringWidth)
    throw new WidthTablesNotLoaded(`width tables not loaded (measuring ${JSON.stringify(g)})`);
  const cache = ambiguous === "wide" ? wideCache : narrowCache;
  let w = cache.get(g);
  if (w === undefined) {
    // Measured as drawn: a cluster too long to draw is cut to its first code point (boundClusters).
    const drawn = codePointsAtLeast(g, MAX_CLUSTER_CODE_POINTS + 1)
      ? String.fromCodePoint(g.codePointAt(0)!)
      : g;
    w = stringWidth(drawn, { ambiguousIsNarrow: ambiguous !== "wide" });
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(g, w);
  }
  return w;
}

/** Columns a whole string takes (sum over its grapheme clusters). */
export function displayWidth(text: string, ambiguous: AmbiguousWidth = "narrow"): number {
  // Printable ASCII: one column per character, no segmentation needed.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let w = 0;
  // Every unit a cluster of its own (most CJK text): measured by code, with no string made per character.
  if (SINGLETON_CLUSTERS.test(text)) {
    for (let i = 0; i < text.length; i++) w += singletonWidth(text.charCodeAt(i), ambiguous);
    return w;
  }
  for (const g of graphemes(text)) w += graphemeWidth(g, ambiguous);
  return w;
}

/**
 * Cuts text to at most `width` columns, ending with `ellipsis` when anything was cut. Never splits a grapheme
 * cluster and never exceeds `width` (if even the ellipsis does not fit, the result is as much text as fits).
 */
export function truncateToWidth(
  text: string,
  width: number,
  ambiguous: AmbiguousWidth = "narrow",
  ellipsis = "…",
): string {
  if (width <= 0) return "";
  if (displayWidth(text, ambiguous) <= width) return text;
  const ellipsisWidth = displayWidth(ellipsis, ambiguous);
  const room = ellipsisWidth <= width ? width - ellipsisWidth : width;
  let used = 0;
  if (SINGLETON_CLUSTERS.test(text)) {
    let end = 0;
    for (; end < text.length; end++) {
      const w = singletonWidth(text.charCodeAt(end), ambiguous);
      if (used + w > room) break;
      used += w;
    }
    return ellipsisWidth <= width ? text.slice(0, end) + ellipsis : text.slice(0, end);
  }
  let out = "";
  for (const g of graphemes(text)) {
    const w = graphemeWidth(g, ambiguous);
    if (used + w > room) break;
    used += w;
    out += g;
  }
  return ellipsisWidth <= width ? out + ellipsis : out;
}

/** Pads text with spaces on the right to exactly `width` columns (text wider than that is truncated first). */
export function padToWidth(text: string, width: number, ambiguous: AmbiguousWidth = "narrow"): string {
  let w = displayWidth(text, ambiguous);
  let t = text;
  if (w > width) {
    t = truncateToWidth(text, width, ambiguous, "");
    w = displayWidth(t, ambiguous);
  }
  return w >= width ? t : t + " ".repeat(width - w);
}
