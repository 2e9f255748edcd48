// The help overlay (`?`): the key map, derived from the same table the keys are read from. Every entry is
// shown whole at any width — text that does not fit wraps under itself, keys too long for their column get a
// line of their own — and the overlay scrolls (j/k, Space/PgDn, g/G) when the entries outnumber the rows.
import { Box, Text } from "ink";
import { helpRows, type Keymap } from "../keymap.js";
import { displayWidth, padToWidth, truncateToWidth } from "../../text/width.js";
import { wrapParagraph } from "../../text/wrap.js";
import type { Theme } from "../theme.js";

/** Rows above the entries: the title and a blank line. */
export const HELP_HEADER_ROWS = 2;

/** The help's lines at `width` columns. */
export function helpLines(keymap: Keymap, width: number): string[] {
  const rows = helpRows(keymap);
  const widest = Math.max(...rows.map((r) => displayWidth(r.keys)));
  // The key column takes at most two fifths of the width; the help text the rest.
  const keyWidth = Math.max(4, Math.min(widest + 2, 24, Math.floor((width * 2) / 5)));
  const textWidth = Math.max(1, width - keyWidth);
  const indent = " ".repeat(keyWidth);
  const lines: string[] = [];
  for (const row of rows) {
    const text = wrapParagraph(row.help, textWidth, { indent: "none" });
    if (displayWidth(row.keys) >= keyWidth) lines.push(truncateToWidth(row.keys, width, "narrow", "…"));
    else lines.push(padToWidth(row.keys, keyWidth) + (text.shift() ?? ""));
    for (const line of text) lines.push(indent + line);
  }
  return lines;
}

/** Rows of entries the help shows at a body `height`. */
export function helpRowsShown(height: number): number {
  return Math.max(1, height - HELP_HEADER_ROWS);
}

export function HelpScreen({
  width,
  height,
  theme,
  keymap,
  top,
}: {
  width: number;
  height: number;
  theme: Theme;
  keymap: Keymap;
  /** First entry line shown. */
  top: number;
}) {
  const shown = helpLines(keymap, width).slice(top, top + helpRowsShown(height));
  return (
    <Box flexDirection="column">
      <Text bold color={theme.accent}>
        {truncateToWidth("鍵盤操作 Keys — ? or Esc closes", width, "narrow", "…")}
      </Text>
      <Text> </Text>
      {shown.map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
    </Box>
  );
}
