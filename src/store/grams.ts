// How the archive's index sees text: CJK runs as overlapping pairs of characters (bigrams, the classic way to
// index text without spaces: a two-character word is one token, longer words are phrases of them, and one
// character is a prefix), every other word whole. Both the stored text and the query pass through here, after
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
 * as part of a token). A CJK run gives its bigrams and then its last character alone: so that every character
 * starts a token (one-character queries are prefixes), and no phrase can run on into the next run.
 */
export function indexTokens(text: string): string {
  const out: string[] = [];
  for (const segment of segments(text)) {
    if (!segment.cjk) out.push(segment.text);
    else {
      out.push(...bigrams(segment.text));
      out.push([...segment.text].at(-1)!);
    }
  }
  return out.join(" ");
}

/** An FTS5 MATCH expression for normalised query terms: every piece must be there (AND). */
export function matchExpression(terms: readonly string[]): string | undefined {
  const parts: string[] = [];
  for (const term of terms) {
    for (const segment of segments(term)) {
      const chars = [...segment.text];
      // A word or a single character: a prefix ("typh" finds typhoon, 한 finds 한국). Tokens hold no quotes.
      if (!segment.cjk || chars.length === 1) parts.push(`"${segment.text}" *`);
      else parts.push(`"${bigrams(segment.text).join(" ")}"`);
    }
  }
  return parts.length > 0 ? parts.join(" AND ") : undefined;
}

/** The pieces of the query to mark in a snippet. */
export function needles(terms: readonly string[]): string[] {
  return terms.flatMap((term) => segments(term).map((s) => s.text));
}
