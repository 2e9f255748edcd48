// How the archive's index sees text: CJK runs as their characters and overlapping pairs and triples of
// characters (n-grams, the classic way to index text without spaces: a word of up to three characters is one
// token, a longer one all of its triples), every other word whole. Both the stored text and the query pass through here, after
// the same normalisation (one script, lower case).

// Han (with the compatibility block), kana with the prolonged-sound mark, Hangul.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]/u;
const WORD = /[\p{L}\p{N}]/u;

export interface Segment {
  cjk: boolean;
  text: string;
}

/** What a character is to the index: between words, part of a word, or CJK. */
const enum Kind {
  Unknown = 0,
  Other,
  Word,
  Cjk,
}

/** Kind of every BMP code unit, filled in as met: the two Unicode-property tests ran per character per document. */
const bmpKinds = new Uint8Array(0x10000);

function kindOf(c: string): Kind {
  return CJK.test(c) ? Kind.Cjk : WORD.test(c) ? Kind.Word : Kind.Other;
}

/** Whether `text[i]` starts a surrogate pair (one character of two code units). */
function pairAt(text: string, i: number): boolean {
  const unit = text.charCodeAt(i);
  if (unit < 0xd800 || unit > 0xdbff || i + 1 >= text.length) return false;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}

/** The kind of the character at `text[i]` (`pair`: pairAt). */
function kindAt(text: string, i: number, pair: boolean): Kind {
  if (pair) return kindOf(text.slice(i, i + 2));
  const unit = text.charCodeAt(i);
  let kind = bmpKinds[unit]!;
  if (kind === Kind.Unknown) bmpKinds[unit] = kind = kindOf(text[i]!);
  return kind;
}

/** The runs of CJK characters and the words of other letters and digits in a text, in order. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  let kind = Kind.Other;
  const end = (at: number) => {
    if (kind !== Kind.Other) out.push({ cjk: kind === Kind.Cjk, text: text.slice(start, at) });
  };
  for (let i = 0; i < text.length;) {
    const pair = pairAt(text, i);
    const next = kindAt(text, i, pair);
    if (next !== kind) {
      end(i);
      kind = next;
      start = i;
    }
    i += pair ? 2 : 1;
  }
  end(text.length);
  return out;
}

/** The runs of `n` characters of a text, overlapping. */
function grams(chars: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(""));
  return out;
}

/**
 * The tokens of a text, space-separated, for FTS5's `ascii` tokenizer (which takes every non-ASCII character
 * as part of a token). A CJK run gives each of its characters, pairs and triples, each once: a query of one
 * to three characters is then one token (a one-character query is not a prefix, which FTS5 answers by merging
 * the lists of every pair that starts with it). The index keeps no positions (detail=none: a third of the
 * size with the triples), so a longer word is all of its triples, checked against the text (SearchPlan.check);
 * triples rather than pairs, because documents holding all of a word's pairs apart are common and all of its
 * triples rare (a pair-only check read hundreds of texts for one absent four-character word).
 */
export function indexTokens(text: string): string {
  const out = new TokenWriter(text);
  let wordStart = -1;
  // The starts of the last two CJK characters of the run (-1: none) and their code units (-1: astral).
  let start1 = -1;
  let start2 = -1;
  let unit1 = -1;
  let unit2 = -1;
  for (let i = 0; i < text.length;) {
    const pair = pairAt(text, i);
    const kind = kindAt(text, i, pair);
    const length = pair ? 2 : 1;
    if (kind !== Kind.Word && wordStart >= 0) {
      out.word(wordStart, i);
      wordStart = -1;
    }
    if (kind === Kind.Cjk) {
      const unit = length === 1 ? text.charCodeAt(i) : -1;
      const end = i + length;
      // 1-, 2- and 3-grams in separate ranges of numbers: a BMP unit is below 2^16.
      out.gram(i, end, unit);
      if (start1 >= 0) out.gram(start1, end, unit < 0 || unit1 < 0 ? -1 : 0x10000 + unit1 * 0x10000 + unit);
      if (start2 >= 0)
        out.gram(
          start2,
          end,
          unit < 0 || unit1 < 0 || unit2 < 0
            ? -1
            : 0x1_0001_0000 + (unit2 * 0x10000 + unit1) * 0x10000 + unit,
        );
      start2 = start1;
      unit2 = unit1;
      start1 = i;
      unit1 = unit;
    } else {
      start1 = start2 = -1;
      if (kind === Kind.Word && wordStart < 0) wordStart = i;
    }
    i += length;
  }
  if (wordStart >= 0) out.word(wordStart, text.length);
  return out.done();
}

/** The largest table of seen grams kept between texts (entries): a summary's or an article's. */
const KEPT_SLOTS = 1 << 15;
let keptKeys: Float64Array = new Float64Array(0);
let keptStamps: Uint32Array = new Uint32Array(0);
let stamp = 0;
let keptUnits: Uint16Array = new Uint16Array(0);
/** A gram's first slot in a table of `mask + 1` slots (a power of two). */
function slotOf(key: number, mask: number): number {
  const low = key >>> 0;
  const high = (key / 0x1_0000_0000) >>> 0;
  return (Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1) >>> 0) & mask;
}

/** Code units made a string at a time (an argument list that long is safe). */
const CHUNK = 4096;

/**
 * The tokens of one text, space-separated, written as code units into one buffer and made a string once: a
 * text of 200 characters has ~600 tokens, and a string for each, a set of their numbers (most beyond a small
 * integer: a boxed number each) and the join were most of the cost of indexing it, and garbage.
 */
class TokenWriter {
  private keys: Float64Array;
  private stamps: Uint32Array;
  private mask: number;
  private readonly stamp: number;
  /** Grams in the table: it is doubled when half full. */
  private used = 0;
  private units: Uint16Array;
  private length = 0;
  /** Grams with a character outside the BMP, by their text (few). */
  private astral: Set<string> | undefined;

  constructor(private readonly text: string) {
    // Room for every gram at most half full (three a character), up to the kept table's size: a long text
    // repeats most of its grams, and a table sized for all of them was 12 MB of memory outside the heap for
    // an article of 100 KB, which the allocator kept (RSS after opening 100 articles, +15 MB). Past that it
    // grows as its grams come.
    let slots = 1024;
    while (slots < text.length * 6 && slots < KEPT_SLOTS) slots *= 2;
    if (slots <= keptKeys.length) {
      this.keys = keptKeys;
      this.stamps = keptStamps;
      // A new stamp marks every slot empty; when the stamps wrap around, the table is cleared once.
      stamp = (stamp + 1) >>> 0;
      if (stamp === 0) {
        keptStamps.fill(0);
        stamp = 1;
      }
      this.stamp = stamp;
    } else {
      this.keys = new Float64Array(slots);
      this.stamps = new Uint32Array(slots);
      this.stamp = 1;
      if (slots <= KEPT_SLOTS) {
        keptKeys = this.keys;
        keptStamps = this.stamps;
        stamp = 1;
      }
    }
    this.mask = this.keys.length - 1;
    // Every token and its space: a CJK character's three grams are six code units and three spaces.
    const room = Math.min(text.length * 9 + 16, KEPT_SLOTS * 4);
    this.units = room <= keptUnits.length ? keptUnits : new Uint16Array(room);
    if (this.units.length <= KEPT_SLOTS * 4) keptUnits = this.units;
  }

  /** A word of other letters and digits, `text[from..to)`: each time it stands (FTS5 counts it once). */
  word(from: number, to: number): void {
    this.write(from, to);
  }

  /** A CJK gram, `text[from..to)`, the first time it stands; `key` its number (-1: it has an astral character). */
  gram(from: number, to: number, key: number): void {
    if (key < 0) {
      const token = this.text.slice(from, to);
      this.astral ??= new Set();
      if (this.astral.has(token)) return;
      this.astral.add(token);
    } else {
      const { keys, stamps, mask } = this;
      let slot = slotOf(key, mask);
      while (stamps[slot] === this.stamp) {
        if (keys[slot] === key) return;
        slot = (slot + 1) & mask;
      }
      stamps[slot] = this.stamp;
      keys[slot] = key;
      if (++this.used * 2 > keys.length) this.grow();
    }
    this.write(from, to);
  }

  /** The table twice as large, with the grams seen so far (never the kept one: it stays for the next text). */
  private grow(): void {
    const { keys, stamps } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.stamps = new Uint32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      if (stamps[i] !== this.stamp) continue;
      const key = keys[i]!;
      let slot = slotOf(key, this.mask);
      while (this.stamps[slot] === this.stamp) slot = (slot + 1) & this.mask;
      this.stamps[slot] = this.stamp;
      this.keys[slot] = key;
    }
  }

  private write(from: number, to: number): void {
    let { units, length } = this;
    if (length + (to - from) + 1 > units.length) {
      const grown = new Uint16Array((length + (to - from) + 1) * 2);
      grown.set(units.subarray(0, length));
      this.units = units = grown;
    }
    if (length > 0) units[length++] = 0x20;
    for (let i = from; i < to; i++) units[length++] = this.text.charCodeAt(i);
    this.length = length;
  }

  done(): string {
    let out = "";
    for (let at = 0; at < this.length; at += CHUNK)
      out += String.fromCharCode.apply(
        null,
        this.units.subarray(at, Math.min(this.length, at + CHUNK)) as never,
      );
    return out;
  }
}

export interface SearchPlan {
  /** An FTS5 MATCH expression: every piece must be there (AND). */
  match: string;
  /**
   * The index can match where the words are not: a CJK word of four or more characters is all of its triples,
   * in any order and place. The text must then be checked for each of the pieces.
   */
  check: boolean;
  /** The pieces of the query, to check for and to mark in a snippet. */
  needles: string[];
}

/** How to search for normalised query terms, or undefined when they hold nothing to search for. */
export function searchPlan(terms: readonly string[]): SearchPlan | undefined {
  const tokens = new Set<string>();
  const pieces = new Set<string>();
  let check = false;
  for (const term of terms) {
    for (const segment of segments(term)) {
      pieces.add(segment.text);
      const chars = [...segment.text];
      // Tokens hold no quotes (letters and digits only). A Latin word is a prefix ("typh" finds typhoon).
      if (!segment.cjk) tokens.add(`"${segment.text}" *`);
      else if (chars.length <= 3) tokens.add(`"${segment.text}"`);
      else {
        for (const triple of grams(chars, 3)) tokens.add(`"${triple}"`);
        check = true;
      }
    }
  }
  if (tokens.size === 0) return undefined;
  return { match: [...tokens].join(" AND "), check, needles: [...pieces] };
}
