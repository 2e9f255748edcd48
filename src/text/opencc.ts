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

/** What a code unit is to a trie's walk: passed over, or looked at (a key starts with it, an IDS, a surrogate). */
const enum Unit {
  Pass = 0,
  Look = 1,
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
  const end = idsEnd(s, i);
  return end > i ? end - i : codePointLength(s, i);
}

class Trie {
  private readonly root: TrieNode = { children: new Map(), value: undefined };
  /** Unit.Look for the code units a key starts with (the lead surrogate of an astral one), IDS and surrogates. */
  private readonly units = new Uint8Array(0x10000);
  /** Where the last match ended's value (match() returns its end). */
  private matched = "";
  private matchEnd = 0;

  constructor() {
    this.units.fill(Unit.Look, 0x2ff0, 0x3000);
    this.units.fill(Unit.Look, 0xd800, 0xe000);
  }

  private addWord(key: string, value: string): void {
    let node = this.root;
    for (const c of key) {
      const cp = c.codePointAt(0)!;
      node.children ??= new Map();
      let next = node.children.get(cp);
      if (!next) node.children.set(cp, (next = { children: undefined, value: undefined }));
      node = next;
    }
    node.value = value;
    if (key.length > 0) this.units[key.charCodeAt(0)] = Unit.Look;
  }

  private loadDict(dict: DictLike): void {
    if (typeof dict === "string") {
      for (const line of dict.split("|")) {
        const [key, value] = line.split(" ");
        if (typeof value !== "string")
          throw new TypeError(`an OpenCC dictionary entry without a value: ${line}`);
        this.addWord(key!, value);
      }
    } else for (const [key, value] of dict) this.addWord(key, value);
  }

  /** The dictionaries of a group: where two have a key, the first one's value (as opencc-js loads them). */
  loadGroup(group: DictGroup): this {
    for (const dict of [...group].reverse()) this.loadDict(dict);
    return this;
  }

  /** The end of the longest key at `s[i]` (its value in `matched`), or 0. */
  private match(s: string, i: number): number {
    let node = this.root;
    let end = 0;
    for (let j = i; j < s.length;) {
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
      if (units[s.charCodeAt(i)] === Unit.Pass) {
        i++;
        continue;
      }
      const end = this.match(s, i);
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
  return (text) => {
    const normalised = normalise.reduce((s, trie) => trie.convert(s), text);
    if (!segmenter) return chain.reduce((s, trie) => trie.convert(s), normalised);
    let out = "";
    for (const piece of segmenter.segment(normalised))
      out += chain.reduce((s, trie) => trie.convert(s), piece);
    return out;
  };
}
