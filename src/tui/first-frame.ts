// The channel list drawn before Ink and React have loaded (they take ~120 ms to import): the person sees their
// channels at once, and Ink's first frame, identical but for the counts arriving, replaces it row by row.
import type { Channel } from "../model.js";
import { WidthTablesNotLoaded, type AmbiguousWidth } from "../text/width.js";
import { bodyHeightFor, channelRowText, MIN_COLUMNS, MIN_ROWS, statusLineText } from "./rows.js";

const BOLD = (text: string) => `\u001b[1m${text}\u001b[22m`;
const INVERSE = (text: string) => `\u001b[7m${text}\u001b[27m`;

/** The channels screen as the interface first shows it, or undefined when the terminal is too small for it. */
export function firstFrame(
  channels: Channel[],
  columns: number,
  rows: number,
  ambiguous: AmbiguousWidth,
): string | undefined {
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return undefined;
  try {
    return draw(channels, columns, rows, ambiguous);
  } catch (error) {
    // A title that needs the full width tables (an emoji…): Ink draws the first frame instead.
    if (error instanceof WidthTablesNotLoaded) return undefined;
    throw error;
  }
}

function draw(channels: Channel[], columns: number, rows: number, ambiguous: AmbiguousWidth): string {
  const height = bodyHeightFor(rows);
  const body = channels.slice(0, height).map((channel, i) => {
    const row = channelRowText(channel, { status: "loading" }, i === 0, columns, ambiguous);
    return i === 0 ? INVERSE(row) : row;
  });
  while (body.length < height) body.push("");
  const status = statusLineText("頻道 Channels", `1/${channels.length}  ? 說明`, columns, ambiguous);
  return [BOLD("reader"), ...body, INVERSE(status)].join("\n");
}
