// The results of searching everything kept: one row per article, its title and then a snippet of the text
// around the match with the matched words underlined (bold and underlined, so it shows without colour too).
import { Box, Text } from "ink";
import { snippetParts } from "../../commands/search-command.js";
import type { SearchHit } from "../../store/archive.js";
import { formatLocalTime } from "../../text/article.js";
import {
  displayWidth,
  graphemes,
  graphemeWidth,
  truncateToWidth,
  type AmbiguousWidth,
} from "../../text/width.js";
import { fit } from "../rows.js";
import type { ListScreen } from "../state.js";
import { styled, type Theme } from "../theme.js";

/** The end of `text` in at most `width` columns, after an ellipsis ("" when not even that fits). */
function lastColumns(text: string, width: number, ambiguous: AmbiguousWidth): string {
  const ellipsis = "…";
  let left = width - displayWidth(ellipsis, ambiguous);
  if (left < 0) return "";
  const clusters = graphemes(text);
  let start = clusters.length;
  while (start > 0) {
    const w = graphemeWidth(clusters[start - 1]!, ambiguous);
    if (w > left) break;
    left -= w;
    start--;
  }
  // (not a comma or a closing mark just after the ellipsis: `…，數十` reads as a stray mark)
  return (
    ellipsis +
    clusters
      .slice(start)
      .join("")
      .replace(/^[\s,.;:!?、。，．：；！？」』）)\]]+/u, "")
  );
}

/**
 * The snippet's pieces cut to `width` columns in all, with an ellipsis where text was cut. The first match stays
 * in sight: when the text before it would push it past the row's end (a narrow terminal), that text keeps only
 * its last third of the row, after an ellipsis.
 */
export function fitParts(
  parts: Array<{ text: string; marked: boolean }>,
  width: number,
  ambiguous: AmbiguousWidth,
): Array<{ text: string; marked: boolean }> {
  const first = parts.findIndex((part) => part.marked);
  if (first > 0) {
    const before = parts
      .slice(0, first)
      .map((part) => part.text)
      .join("");
    const match = parts[first]!.text;
    if (displayWidth(before, ambiguous) + displayWidth(match, ambiguous) > width) {
      const lead = lastColumns(before, Math.floor(width / 3), ambiguous);
      parts = [...(lead ? [{ text: lead, marked: false }] : []), ...parts.slice(first)];
    }
  }
  const out: Array<{ text: string; marked: boolean }> = [];
  let left = width;
  for (const part of parts) {
    if (left <= 0) break;
    const w = displayWidth(part.text, ambiguous);
    if (w <= left) {
      out.push(part);
      left -= w;
    } else {
      out.push({ ...part, text: truncateToWidth(part.text, left, ambiguous, "…") });
      left = 0;
    }
  }
  return out;
}

export function SearchRows(props: {
  screen: ListScreen;
  height: number;
  width: number;
  theme: Theme;
  ambiguous: AmbiguousWidth;
  hits: readonly SearchHit[];
}) {
  const { screen, height, width, theme, ambiguous } = props;
  const dateWidth = width >= 100 ? 16 : 0;
  const titleWidth = Math.min(40, Math.floor(width / 3));
  const snippetWidth = width - 2 - titleWidth - 2 - (dateWidth ? dateWidth + 1 : 0);
  const rows = props.hits.slice(screen.top, screen.top + height).map((hit, i) => {
    const selected = screen.top + i === screen.selected;
    const parts = fitParts(snippetParts(hit), snippetWidth, ambiguous);
    const used = parts.reduce((n, p) => n + displayWidth(p.text, ambiguous), 0);
    // The same chalk calls as a <Text> per part inside the row's <Text> gave (tests/tui/search-rows.test.tsx).
    let row =
      (selected ? "› " : "  ") +
      styled(fit(hit.title, titleWidth, ambiguous), { bold: true }) +
      "  " +
      parts
        .map((part) =>
          part.marked
            ? styled(part.text, { bold: true, underline: true, color: theme.accent })
            : styled(part.text, { dimColor: theme.dim && !selected }),
        )
        .join("") +
      " ".repeat(Math.max(0, snippetWidth - used));
    if (dateWidth)
      row += styled(` ${fit(hit.published ? formatLocalTime(hit.published) : "", dateWidth, ambiguous)}`, {
        dimColor: theme.dim,
      });
    return selected ? styled(row, { inverse: true }) : row;
  });
  // One <Text> for the rows, as an article list's (screens/lists.tsx): a key updates one string.
  return (
    <Box flexDirection="column">
      <Text>{rows.join("\n")}</Text>
    </Box>
  );
}
