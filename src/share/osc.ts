// Terminal escape sequences for sharing a link: OSC 8 (a clickable hyperlink) and OSC 52 (set the clipboard of
// the terminal the user sits at, which works over SSH). Inside tmux or GNU screen, OSC 52 must be wrapped in
// the multiplexer's DCS passthrough to reach the outer terminal (tmux also needs `allow-passthrough on`).

import { sanitizeInline } from "../text/sanitize.js";

const ESC = "\x1b";
const BEL = "\x07";
const ST = `${ESC}\\`;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The URL as it may appear inside an escape sequence, or undefined when it is not an http(s) URL. Everything
 * outside printable ASCII is dropped (controls, ESC, BEL, C1 ST) or percent-encoded (spaces, CJK), so the URL
 * can neither end the sequence early nor start another one.
 */
export function terminalSafeUrl(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const clean = url.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim();
  if (!/^https?:\/\/[^/?#\s]/i.test(clean)) return undefined;
  try {
    new URL(clean);
  } catch {
    return undefined;
  }
  // Lone surrogates cannot be percent-encoded (and mean nothing): they go.
  const wellFormed = clean.replace(LONE_SURROGATE, "");
  return wellFormed.replace(/[^\x21-\x7e]+/gu, (run) => encodeURIComponent(run));
}

/** `text` as a hyperlink to `url` (OSC 8); just the text when the URL is not http(s). */
export function osc8(url: string, text: string): string {
  const label = sanitizeInline(text);
  const safe = terminalSafeUrl(url);
  if (safe === undefined) return label;
  return `${ESC}]8;;${safe}${ST}${label}${ESC}]8;;${ST}`;
}

/** True inside tmux (the TMUX variable is set for every process tmux starts). */
export function inTmux(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.TMUX);
}

/** True inside GNU screen (and not in a tmux started from it, which is the nearer multiplexer). */
export function inScreen(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.STY) && !inTmux(env);
}

// GNU screen drops DCS strings longer than its buffer (768 bytes); vim-oscyank splits the payload into
// 76-character pieces, each its own passthrough, and so do we.
const SCREEN_CHUNK = 76;

/**
 * Sets the system clipboard to `text` (OSC 52, base64 of the UTF-8 bytes, BEL-terminated). Inside tmux or
 * screen (from the environment unless told) the sequence is wrapped in passthrough.
 */
export function osc52(text: string, opts: { tmux?: boolean; screen?: boolean } = {}): string {
  const payload = Buffer.from(text, "utf8").toString("base64");
  const tmux = opts.tmux ?? inTmux();
  const screen = !tmux && (opts.screen ?? inScreen());
  if (tmux) return `${ESC}Ptmux;${ESC}${ESC}]52;c;${payload}${BEL}${ST}`;
  if (screen) {
    const chunks = payload.match(new RegExp(`.{1,${SCREEN_CHUNK}}`, "g")) ?? [""];
    return `${ESC}P${ESC}]52;c;${chunks.join(`${ST}${ESC}P`)}${BEL}${ST}`;
  }
  return `${ESC}]52;c;${payload}${BEL}`;
}
