// The help overlay (`?`): the key map, derived from the same table the keys are read from.
import { Box, Text } from "ink";
import { helpRows, type Keymap } from "../keymap.js";
import { padToWidth, truncateToWidth } from "../../text/width.js";
import type { Theme } from "../theme.js";

export function HelpScreen({
  width,
  height,
  theme,
  keymap,
}: {
  width: number;
  height: number;
  theme: Theme;
  keymap: Keymap;
}) {
  const rows = helpRows(keymap);
  const keyWidth = Math.min(24, Math.max(...rows.map((r) => r.keys.length)) + 2);
  const lines = rows.map((r) =>
    truncateToWidth(`${padToWidth(r.keys, keyWidth)}${r.help}`, width, "narrow", "…"),
  );
  const shown = lines.slice(0, Math.max(0, height - 2));
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
