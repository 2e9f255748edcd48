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

// Colour and weight codes (SGR), which Ink's nested <Text>s put into the text it measures: a row of a list
// with a dimmed date or a bold title. string-width strips them before measuring, and so does the fast path, so
// that a styled row is not sent to the slow path for its escapes alone.
// eslint-disable-next-line no-control-regex -- the escape is what is matched
const SGR = /\u001b\[[0-9;]*m/g;
// Such characters with SGR codes between them (a styled row as Ink measures it, twice a frame): measured in one
// pass over the text as it is, without first making a copy stripped of its codes.
const SINGLETONS_AND_SGR = new RegExp(`^(?:${SINGLETON_CLUSTERS.source.slice(1, -2)}|\\u001b\\[[0-9;]*m)*$`);

export default function stringWidth(text: string, options: Options = {}): number {
  if (typeof text !== "string" || text.length === 0) return 0;
  const ambiguousAsWide = options.ambiguousIsNarrow === false;
  const original = text;
  if (!options.countAnsiEscapeCodes && text.includes("\u001b")) {
    if (SINGLETONS_AND_SGR.test(text)) return singletonsWidth(text, ambiguousAsWide);
    text = text.replace(SGR, "");
  }
  // Anything else left (an escape the SGR pattern did not take) is measured by string-width, whole.
  if (!SINGLETON_CLUSTERS.test(text)) return realStringWidth(original, options);
  return singletonsWidth(text, ambiguousAsWide);
}

/** The columns of singleton clusters, passing over SGR codes (each ends at the first `m` after its ESC). */
function singletonsWidth(text: string, ambiguousAsWide: boolean): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x1b) i = text.indexOf("m", i);
    else if (code < 0x7f) width += 1;
    else if (!IGNORABLE_SINGLETONS.has(code)) width += eastAsianWidth(code, { ambiguousAsWide });
  }
  return width;
}
