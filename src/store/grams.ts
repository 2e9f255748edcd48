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
  const out: string[] = [];
  for (const segment of segments(text)) {
    if (!segment.cjk) out.push(segment.text);
    else {
      const chars = [...segment.text];
      out.push(...new Set([...chars, ...grams(chars, 2), ...grams(chars, 3)]));
    }
  }
  return out.join(" ");
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
