// string-width, fast for the text a CJK news reader shows. Ink measures every character it draws with
// string-width, whose every call segments the text and runs Unicode-property regexes (~10 µs a character: most
// of a keypress's time on a screen of Chinese). When every character of the text is a grapheme cluster of its
// own (CJK, kana, Hangul syllables, Latin, punctuation — see SINGLETON_CLUSTERS in width.ts), the width is the
// sum of the characters' East Asian Widths, exactly what string-width computes (tests/text/width.test.ts checks
// every such character); anything else goes to string-width itself. The bundle aliases `string-width` here.
import { eastAsianWidth } from "get-east-asian-width";
import realStringWidth from "../../node_modules/string-width/index.js";
import { IGNORABLE_SINGLETONS, SINGLETON_CLUSTERS } from "./width.js";

export interface Options {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}

export default function stringWidth(text: string, options: Options = {}): number {
  if (typeof text !== "string" || text.length === 0) return 0;
  if (!SINGLETON_CLUSTERS.test(text)) return realStringWidth(text, options);
  const ambiguousAsWide = options.ambiguousIsNarrow === false;
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x7f) width += 1;
    else if (!IGNORABLE_SINGLETONS.has(code)) width += eastAsianWidth(code, { ambiguousAsWide });
  }
  return width;
}
