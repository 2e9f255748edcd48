// OpenCC's conversion as opencc-js does it (same dictionaries, same longest-match walk, same result for every
// text), made for the archive, which normalises every list item's title and summary to 简体 for the index:
// opencc-js's converter was the largest single cost of keeping an item (~40 µs each, bench-tui --only=scale).
// Its walk allocates a match object per character matched, an array of pieces per pass and per segment, and
// looks every character up in a Map; here a character no key starts with is passed over by a table lookup,
// matches are written into one string, and a pass that changes nothing returns its input.
import type { DictGroup, DictLike } from "opencc-js/core";

type Convert = (text: string) => string;

interface TrieNode {
  children: Map<number, TrieNode> | undefined;
  value: string | undefined;
}

/**
 * What a code unit is to a trie's walk: passed over, looked at from the root (an IDS, a surrogate), or (from
 * Unit.First on) the first character of keys, whose node is `firsts[value - Unit.First]`.
 */
const enum Unit {
  Pass = 0,
  Look = 1,
  First = 2,
}

// An ideographic description sequence (⿰木木) is passed over whole, as opencc-js does.
function idsArity(cp: number): number {
  if (cp >= 0x2ff0 && cp <= 0x2ff1) return 2;
  if (cp >= 0x2ff2 && cp <= 0x2ff3) return 3;
  if (cp >= 0x2ff4 && cp <= 0x2fff) return 2;
  return 0;
}

const codePointLength = (s: string, i: number): number => (s.codePointAt(i)! > 0xffff ? 2 : 1);

function idsEnd(s: string, i: number): number {
  const arity = idsArity(s.codePointAt(i)!);
  if (arity === 0) return 0;
  let end = i + codePointLength(s, i);
  for (let n = 0; n < arity; n += 1) {
    if (end >= s.length) return 0;
    const childEnd = idsEnd(s, end);
    end = childEnd || end + codePointLength(s, end);
  }
  return end;
}

/** How far past `s[i]` a character no key starts at reaches: one code point, or an IDS whole. */
function unmatchedLength(s: string, i: number): number {
  const unit = s.charCodeAt(i);
  // Neither an IDS nor a surrogate: the one code unit (nearly every character the walk looks at).
  if (unit < 0x2ff0 || (unit >= 0x3000 && unit < 0xd800) || unit >= 0xe000) return 1;
  const end = idsEnd(s, i);
  return end > i ? end - i : codePointLength(s, i);
}

/** Code units every trie looks at from its root: IDS description characters, and surrogates. */
const LOOK_RANGES: readonly (readonly [number, number])[] = [
  [0x2ff0, 0x3000],
  [0xd800, 0xe000],
];

/**
 * The node `text.slice(from, to)` leads to from `node`, made where missing: by code point, as `for…of` goes (a lone
 * surrogate is one), without a string for each character.
 */
function nodeOf(node: TrieNode, text: string, from: number, to: number): TrieNode {
  for (let i = from; i < to;) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    node.children ??= new Map();
    let next = node.children.get(cp);
    if (!next) node.children.set(cp, (next = { children: undefined, value: undefined }));
    node = next;
  }
  return node;
}

class Trie {
  private readonly root: TrieNode = { children: new Map(), value: undefined };
  /**
   * Unit for every code unit: Look for IDS and surrogates (the lead of an astral key's first character), and
   * for a BMP character keys start with, Unit.First plus its node's place in `firsts`. The root's Map looked up
   * for most characters of a 繁體 text, in two or three tries each, was most of a conversion's time. (At most
   * 63,488 BMP characters that are not surrogates: the places fit in 16 bits.)
   */
  private readonly units = new Uint16Array(0x10000);
  /** The node of each first character (undefined until it is needed: see `pending`). */
  private readonly firsts: Array<TrieNode | undefined> = [];
  /** The code unit of each of `firsts`: what mark() sets, besides the Look ranges (not a walk of all 65,536). */
  private readonly firstUnits: number[] = [];
  /**
   * The entries of a dictionary string not yet in the trie, by their first character: a list (linked through
   * `pendingNext`, -1 ending it) for each place in `firsts`, in the order they were read, of where each entry
   * starts (`pendingStart`) in which of `dicts`. A first character's keys are put in the trie when a text first
   * has that character: the ~6,600 entries of the 繁→简 dictionaries made ~12,000 nodes and Maps (10–20 ms of
   * CPU, most of it the young generation's collections, for tries that all survive) at every start that keeps a
   * list, and a refresh meets a few hundred characters of them.
   */
  private readonly dicts: string[] = [];
  private readonly pendingDict: number[] = [];
  private readonly pendingStart: number[] = [];
  private readonly pendingNext: number[] = [];
  private readonly pendingHead: number[] = [];
  private readonly pendingTail: number[] = [];
  /** Where the last match ended's value (match() returns its end). */
  private matched = "";
  private matchEnd = 0;

  constructor() {
    for (const [from, to] of LOOK_RANGES) this.units.fill(Unit.Look, from, to);
  }

  /** The place in `firsts` of a BMP code unit keys start with, given a place if it had none. */
  private firstPlace(unit: number): number {
    const known = this.units[unit]!;
    if (known >= Unit.First) return known - Unit.First;
    const place = this.firsts.length;
    this.units[unit] = Unit.First + place;
    this.firsts.push(undefined);
    this.firstUnits.push(unit);
    this.pendingHead.push(-1);
    this.pendingTail.push(-1);
    return place;
  }

  /** The node of `firsts[place]`, with the entries pending for it put in, in the order they were read. */
  private firstNode(place: number): TrieNode {
    let node = this.firsts[place];
    if (node === undefined) {
      node = { children: undefined, value: undefined };
      this.firsts[place] = node;
      this.root.children!.set(this.firstUnits[place]!, node);
    }
    for (let entry = this.pendingHead[place]!; entry !== -1; entry = this.pendingNext[entry]!) {
      const dict = this.dicts[this.pendingDict[entry]!]!;
      const start = this.pendingStart[entry]!;
      let end = dict.indexOf("|", start);
      if (end < 0) end = dict.length;
      const space = dict.indexOf(" ", start);
      const second = dict.indexOf(" ", space + 1);
      // After its first character (one code unit).
      nodeOf(node, dict, start + 1, space).value = dict.slice(
        space + 1,
        second >= 0 && second < end ? second : end,
      );
    }
    this.pendingHead[place] = -1;
    return node;
  }

  private addWord(key: string, value: string): void {
    const unit = key.charCodeAt(0);
    // Entries read before this one go first (a later one's value replaces theirs).
    if (key.length > 0 && this.units[unit]! >= Unit.First) this.firstNode(this.units[unit]! - Unit.First);
    nodeOf(this.root, key, 0, key.length).value = value;
    if (key.length === 0 || this.units[unit] !== Unit.Pass) return;
    if (unit >= 0xd800 && unit < 0xe000) this.units[unit] = Unit.Look;
    else this.firsts[this.firstPlace(unit)] = this.root.children!.get(unit)!;
  }

  /**
   * A dictionary's entries ("key value|key value…"; as opencc-js reads them, a second value is ignored), read by
   * position: splitting the text into lines and each line into fields made two arrays and three strings an entry
   * (~10 ms of CPU and its garbage in every start that keeps a list, run once before V8 optimises anything). An
   * entry whose key starts with a BMP character (nearly all) waits in `pending` for a text to have that character.
   */
  private loadDict(dict: DictLike): void {
    if (typeof dict !== "string") {
      for (const [key, value] of dict) this.addWord(key, value);
      return;
    }
    const which = this.dicts.push(dict) - 1;
    for (let start = 0; ;) {
      let end = dict.indexOf("|", start);
      if (end < 0) end = dict.length;
      const space = dict.indexOf(" ", start);
      if (space < 0 || space >= end)
        throw new TypeError(`an OpenCC dictionary entry without a value: ${dict.slice(start, end)}`);
      const unit = dict.charCodeAt(start);
      if (space === start || this.units[unit] === Unit.Look) {
        const second = dict.indexOf(" ", space + 1);
        this.addWord(
          dict.slice(start, space),
          dict.slice(space + 1, second >= 0 && second < end ? second : end),
        );
      } else {
        const place = this.firstPlace(unit);
        const entry = this.pendingStart.push(start) - 1;
        this.pendingDict.push(which);
        this.pendingNext.push(-1);
        const tail = this.pendingTail[place]!;
        if (this.pendingHead[place] === -1) this.pendingHead[place] = entry;
        else this.pendingNext[tail] = entry;
        this.pendingTail[place] = entry;
      }
      if (end === dict.length) return;
      start = end + 1;
    }
  }

  /** Sets `bit` in `marks` for every code unit this trie's walk looks at (see Unit). */
  mark(marks: Uint8Array, bit: number): void {
    for (const [from, to] of LOOK_RANGES) for (let unit = from; unit < to; unit++) marks[unit]! |= bit;
    const { firstUnits } = this;
    for (let i = 0; i < firstUnits.length; i++) marks[firstUnits[i]!]! |= bit;
  }

  /** The dictionaries of a group: where two have a key, the first one's value (as opencc-js loads them). */
  loadGroup(group: DictGroup): this {
    for (const dict of [...group].reverse()) this.loadDict(dict);
    return this;
  }

  /** The end of the longest key at `s[i]` (its value in `matched`), or 0; `unit`: units[s[i]]. */
  private match(s: string, i: number, unit: number): number {
    let node = this.root;
    let end = 0;
    let j = i;
    if (unit >= Unit.First) {
      const place = unit - Unit.First;
      node = this.pendingHead[place] === -1 ? this.firsts[place]! : this.firstNode(place);
      j = i + 1;
      if (node.value !== undefined) {
        end = j;
        this.matched = node.value;
      }
    }
    while (j < s.length) {
      const cp = s.codePointAt(j)!;
      j += cp > 0xffff ? 2 : 1;
      const next = node.children?.get(cp);
      if (next === undefined) break;
      node = next;
      if (node.value !== undefined) {
        end = j;
        this.matched = node.value;
      }
    }
    return end;
  }

  /**
   * Where the next key at or after `from` begins (s.length when none): its end in `matchEnd`, its value in
   * `matched`. Characters no key begins with are passed over without a look-up.
   */
  private nextKey(s: string, from: number): number {
    const { units } = this;
    for (let i = from; i < s.length;) {
      const unit = units[s.charCodeAt(i)]!;
      if (unit === Unit.Pass) {
        i++;
        continue;
      }
      const end = this.match(s, i, unit);
      if (end > 0) {
        this.matchEnd = end;
        return i;
      }
      i += unmatchedLength(s, i);
    }
    return s.length;
  }

  convert(s: string): string {
    let out = "";
    let copied = 0;
    for (let i = this.nextKey(s, 0); i < s.length; i = this.nextKey(s, copied)) {
      out += s.slice(copied, i) + this.matched;
      copied = this.matchEnd;
    }
    return copied === 0 ? s : out + s.slice(copied);
  }

  /** The text cut before and after each key found in it (the phrases a conversion must not split). */
  segment(s: string): string[] {
    const out: string[] = [];
    let copied = 0;
    for (let i = this.nextKey(s, 0); i < s.length; i = this.nextKey(s, copied)) {
      if (copied < i) out.push(s.slice(copied, i));
      out.push(s.slice(i, this.matchEnd));
      copied = this.matchEnd;
    }
    if (copied < s.length || out.length === 0) out.push(s.slice(copied));
    return out;
  }
}

/** One of opencc-js's preset conversions (`configs` of `opencc-js/preset/*`). */
export interface ConversionConfig {
  normalizationChain?: readonly DictGroup[];
  segmentation?: DictLike | DictGroup;
  conversionChain: readonly DictGroup[];
}

const isGroup = (dicts: DictLike | DictGroup): dicts is DictGroup =>
  Array.isArray(dicts) && dicts.every((dict) => typeof dict === "string");

/** `s` through the tries of `chain` from its `first`. */
function convertFrom(chain: readonly Trie[], first: number, s: string): string {
  for (let i = first; i < chain.length; i++) s = chain[i]!.convert(s);
  return s;
}

/**
 * The converter of a preset configuration, as opencc-js's Converter makes it: the text normalised, cut at the
 * segmentation's phrases, each piece through the chain of dictionaries.
 */
export function presetConverter(config: ConversionConfig): Convert {
  const normalise = (config.normalizationChain ?? []).map((group) => new Trie().loadGroup(group));
  const { segmentation } = config;
  const segmenter =
    segmentation === undefined || segmentation === ""
      ? undefined
      : isGroup(segmentation)
        ? new Trie().loadGroup(segmentation)
        : new Trie().loadGroup([segmentation as DictLike]);
  const chain = config.conversionChain.map((group) => new Trie().loadGroup(group));
  const tries = [...normalise, ...(segmenter ? [segmenter] : []), ...chain];
  // A trie none of whose keys can start in a text leaves it as it is: one pass over the text says which tries
  // can change it (a bit for each in `marks`), and the others are not walked. Most texts meet only the chain's
  // last dictionaries (繁體's characters), and a text in Latin, kana or Hangul meets none: each of the others
  // was a walk over every character for nothing.
  const marks = tries.length <= 8 ? new Uint8Array(0x10000) : undefined;
  if (marks) tries.forEach((trie, i) => trie.mark(marks, 1 << i));
  const met = (s: string): number => {
    if (!marks) return -1;
    let bits = 0;
    for (let i = 0; i < s.length; i++) bits |= marks[s.charCodeAt(i)]!;
    return bits;
  };
  const segmentBit = segmenter ? 1 << normalise.length : 0;
  const chainStart = normalise.length + (segmenter ? 1 : 0);
  return (text) => {
    let bits = met(text);
    let normalised = text;
    for (let i = 0; i < normalise.length; i++) {
      if ((bits & (1 << i)) === 0) continue;
      const out = normalise[i]!.convert(normalised);
      if (out !== normalised) bits = met((normalised = out));
    }
    // The chain from its first trie that can change the text: after that one, a trie meets its output.
    let first = 0;
    while (first < chain.length && (bits & (1 << (chainStart + first))) === 0) first++;
    if (first === chain.length) return normalised;
    if (!segmenter || (bits & segmentBit) === 0) return convertFrom(chain, first, normalised);
    let out = "";
    for (const piece of segmenter.segment(normalised)) out += convertFrom(chain, first, piece);
    return out;
  };
}
