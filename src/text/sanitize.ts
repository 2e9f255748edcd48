// Text from the network is hostile until it passes through here: no control character, escape sequence or
// bidirectional override from content may reach the terminal. The reader's own escapes are the only ones written.
import { boundClusters } from "./width.js";

// ESC-introduced sequences: CSI (ESC [ … final), OSC (ESC ] … BEL/ST), DCS/SOS/PM/APC (ESC P|X|^|_ … ST),
// and two-character escapes (ESC + one char). C1 single-byte forms (U+0080–U+009F) are handled the same way.
const ESCAPE_SEQUENCE = new RegExp(
  [
    "(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]?", // CSI
    "(?:\\u001b\\]|\\u009d)[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?", // OSC (incl. OSC 8, OSC 52)
    "(?:\\u001b[PX^_]|[\\u0090\\u0098\\u009e\\u009f])[^\\u001b\\u009c]*(?:\\u001b\\\\|\\u009c)?", // DCS SOS PM APC
    "\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]?", // other escapes (ESC c, ESC 7, ESC ( B, …)
  ].join("|"),
  "g",
);

// C0 controls except TAB and LF, DEL, the remaining C1 controls, bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]/g;

/**
 * Removes escape sequences and control characters, and cuts grapheme clusters too long to draw (see
 * boundClusters); keeps TAB and LF for the caller to decide on.
 */
export function stripControls(text: string): string {
  return boundClusters(text.replace(ESCAPE_SEQUENCE, "").replace(CONTROL, ""));
}

// Text that every inline clean leaves as it is: only printable characters that are neither whitespace (but a
// lone space inside), a control, a bidi control nor a code point that can grow a long grapheme cluster — Latin
// up to U+02FF, CJK punctuation, kana and ideographs, full-width forms. Most titles and summaries are such text:
// one test spares them the passes below (a refresh of 100,000 items ran them on every title and summary).
const NOT_PLAIN_INLINE =
  /[^ \u0021-\u007e\u00a1-\u02ff\u3001-\u3029\u3030-\u3098\u309b-\u9fff\uff01-\uffef]|^ | $| {2}/;

/** True when sanitizeInline (and html.ts's cleanInline) would give `text` back unchanged. */
export function isPlainInline(text: string): boolean {
  return !NOT_PLAIN_INLINE.test(text);
}

/** For single-line strings (titles, names, URLs shown): controls removed, all whitespace runs become one space. */
export function sanitizeInline(text: string): string {
  if (isPlainInline(text)) return text;
  return stripControls(text)
    .replace(/(?! (?![\s\u00a0]))[\s\u00a0]+/g, " ") // a lone space stays as it is: no garbage
    .trim();
}

/** For paragraph text: controls removed, TAB becomes a space, line breaks kept only where `keepLineBreaks`. */
export function sanitizeBlock(text: string, keepLineBreaks = false): string {
  const clean = stripControls(text.replace(/\r\n?/g, "\n")).replace(/\t/g, " ");
  return keepLineBreaks ? clean : clean.replace(/\n+/g, " ");
}

// In a frame of the interface, the reader's own escapes: SGR styling and OSC 8 links around a terminal-safe URL
// (printable ASCII only, see src/share/osc.ts). Anything else that looks like an escape or control goes.
// eslint-disable-next-line no-control-regex
const FRAME_OWN = /^(?:\u001b\[[0-9;:]*m|\u001b\]8;;[\u0021-\u007e]*\u001b\\)$/;
const FRAME_UNSAFE = new RegExp(`${ESCAPE_SEQUENCE.source}|${CONTROL.source}`, "g");

// CONTROL without ESC: a frame with none of these, whose every ESC starts one of the reader's own escapes (as
// FRAME_UNSAFE would cut it: an SGR code or OSC 8 link is one match of it, whole), has nothing to remove.
const FRAME_CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]/;
// eslint-disable-next-line no-control-regex
const FRAME_OWN_AT = /\u001b\[[0-9;:]*m|\u001b\]8;;[\u0021-\u007e]*\u001b\\/y;

/** True when every escape in the frame is the reader's own and it holds no other control character. */
function onlyOwnEscapes(frame: string): boolean {
  if (FRAME_CONTROL.test(frame)) return false;
  for (let at = frame.indexOf("\u001b"); at !== -1; at = frame.indexOf("\u001b", FRAME_OWN_AT.lastIndex)) {
    FRAME_OWN_AT.lastIndex = at;
    if (!FRAME_OWN_AT.test(frame)) return false;
  }
  return true;
}

/**
 * The last guard before the terminal for a whole frame: every escape sequence and control character that the
 * reader does not write itself is removed, whatever path (a title, an error, an argument) brought it there. A
 * frame with nothing to remove (the usual one) is checked without being rebuilt: rebuilding made a copy of every
 * frame and a call per colour code in it, at every key.
 */
export function sanitizeFrame(frame: string): string {
  const clean = onlyOwnEscapes(frame)
    ? frame
    : frame.replace(FRAME_UNSAFE, (match) => (FRAME_OWN.test(match) ? match : ""));
  return boundClusters(clean);
}
