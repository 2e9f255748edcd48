// How the archive's index sees text: CJK runs as their characters and overlapping pairs of characters (bigrams,
// the classic way to index text without spaces: a two-character word is one token, longer words are all of
// their pairs), every other word whole. Both the stored text and the query pass through here, after
// the same normalisation (one script, lower case).

// Han (with the compatibility block), kana with the prolonged-sound mark, Hangul.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]/u;
const WORD = /[\p{L}\p{N}]/u;

export interface Segment {
  cjk: boolean;
  text: string;
}

/** The runs of CJK characters and the words of other letters and digits in a text, in order. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let current: Segment | undefined;
  for (const c of text) {
    const cjk = CJK.test(c);
    if (!cjk && !WORD.test(c)) {
      current = undefined;
      continue;
    }
    if (current && current.cjk === cjk) current.text += c;
    else {
      current = { cjk, text: c };
      out.push(current);
    }
  }
  return out;
}

function bigrams(run: string): string[] {
  const chars = [...run];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * The tokens of a text, space-separated, for FTS5's `ascii` tokenizer (which takes every non-ASCII character
 * as part of a token). A CJK run gives each of its characters and each pair: a one-character query is one
 * token (not a prefix, which FTS5 answers by merging the lists of every pair that starts with it), a
 * two-character one is one token too. The index keeps no positions (detail=none, a quarter of the size), so
 * a longer word is all of its pairs, checked against the text (see SearchPlan.check).
 */
export function indexTokens(text: string): string {
  const out: string[] = [];
  for (const segment of segments(text)) {
    if (!segment.cjk) out.push(segment.text);
    else out.push(...new Set([...segment.text, ...bigrams(segment.text)]));
  }
  return out.join(" ");
}

export interface SearchPlan {
  /** An FTS5 MATCH expression: every piece must be there (AND). */
  match: string;
  /**
   * The index can match where the words are not: a CJK word of three or more characters is all of its pairs,
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
      const pairs = segment.cjk ? bigrams(segment.text) : [];
      // Tokens hold no quotes (letters and digits only). A Latin word is a prefix ("typh" finds typhoon).
      if (!segment.cjk) tokens.add(`"${segment.text}" *`);
      else if (pairs.length === 0) tokens.add(`"${segment.text}"`);
      else for (const pair of pairs) tokens.add(`"${pair}"`);
      if (pairs.length > 1) check = true;
    }
  }
  if (tokens.size === 0) return undefined;
  return { match: [...tokens].join(" AND "), check, needles: [...pieces] };
}
