// The article viewport: only the visible slice of the laid-out lines, each styled by what it is.
// Lines arrive already laid out by src/text for this width, so Ink never re-wraps them.
import { Box, Text } from "ink";
import type { ArticleLayout, LayoutLine } from "../../text/article.js";
import type { SearchMatch } from "../../text/search.js";
import { graphemes, graphemeWidth } from "../../text/width.js";
import { styled, type Style, type Theme } from "../theme.js";

interface Props {
  layout: ArticleLayout;
  scroll: number;
  height: number;
  /** The selected 推薦閱讀 item, or -1. */
  selectedLink: number;
  /** Where the selected breadcrumb step is drawn, when one is selected. */
  selectedSpans?: ReadonlyArray<{ line: number; from: number; to: number }> | undefined;
  theme: Theme;
  /** Left margin that centres a narrowed reading column. */
  margin: number;
  matches: SearchMatch[];
  currentMatch: number;
}

interface Span {
  from: number;
  to: number;
  /** A search match, the current one, or the selected breadcrumb step. */
  mark: Mark;
}

type Mark = "match" | "current" | "selected";

/** Splits a line at display columns so the matched parts can be highlighted. */
function segments(text: string, spans: Span[]): Array<{ text: string; mark?: Mark }> {
  const out: Array<{ text: string; mark?: Mark }> = [];
  let column = 0;
  let plain = "";
  let marked = "";
  let active: Span | undefined;
  const flush = () => {
    if (plain) out.push({ text: plain });
    if (marked && active) out.push({ text: marked, mark: active.mark });
    plain = "";
    marked = "";
  };
  for (const g of graphemes(text)) {
    const span = spans.find((s) => column >= s.from && column < s.to);
    if (span !== active) {
      flush();
      active = span;
    }
    if (span) marked += g;
    else plain += g;
    column += graphemeWidth(g);
  }
  flush();
  return out;
}

/** The styles each kind of line is drawn with. */
export function lineStyle(line: LayoutLine, selected: boolean, theme: Theme): Style {
  switch (line.kind) {
    case "title":
    case "heading":
      // An article's section headings in the title's colour; the mark in front (■ □ ◇) tells their level.
      return { bold: true, color: theme.accent };
    case "kicker":
    case "subtitle":
    case "subheading":
    case "minor-heading":
    case "section":
    case "table-header":
      return { bold: true };
    case "breadcrumb":
    case "dateline":
    case "editors":
    case "figure":
    case "ruby":
      return { dimColor: theme.dim };
    case "notice":
      return { color: theme.warn };
    case "link-title":
      return {
        color: selected ? undefined : theme.link,
        inverse: selected,
        underline: !selected && !theme.link,
      };
    case "link-summary":
      return { dimColor: theme.dim && !selected, inverse: selected };
    default:
      return {};
  }
}

/**
 * The gutter before a line where the terminal draws no attributes (theme.marks): `›` at the selected link or
 * breadcrumb step and the current match, `·` at other matches.
 */
export const GUTTER_WIDTH = 2;
function gutter(selected: boolean, spans: Span[] | undefined): string {
  if (selected || spans?.some((s) => s.mark !== "match")) return "› ";
  return spans ? "· " : "  ";
}

/** One laid-out line as styled text: its kind's style, with the search matches or selected step marked. */
function lineText(line: LayoutLine, selected: boolean, theme: Theme, spans: Span[] | undefined): string {
  if (theme.marks) return gutter(selected, spans) + line.text;
  const text = line.text === "" ? " " : line.text;
  if (!spans) return styled(text, lineStyle(line, selected, theme));
  return segments(text, spans)
    .map((part) =>
      part.mark
        ? styled(part.text, {
            inverse: true,
            bold: part.mark === "current",
            color: part.mark === "current" ? theme.warn : undefined,
          })
        : part.text,
    )
    .join("");
}

export function ArticleViewport({
  layout,
  scroll,
  height,
  selectedLink,
  selectedSpans,
  theme,
  margin,
  matches,
  currentMatch,
}: Props) {
  const visible = layout.lines.slice(scroll, scroll + height);
  // A row of readings (ruby above the line) whose text row is on the next page is shown there, with it.
  if (visible.length === height && visible.at(-1)?.kind === "ruby" && layout.lines.length > scroll + height)
    visible[height - 1] = { ...visible[height - 1]!, kind: "blank", text: "", segments: [] };
  const spansByLine = new Map<number, Span[]>();
  const mark = (span: { line: number; from: number; to: number }, kind: Mark) => {
    if (span.line < scroll || span.line >= scroll + height) return;
    const list = spansByLine.get(span.line) ?? [];
    list.push({ from: span.from, to: span.to, mark: kind });
    spansByLine.set(span.line, list);
  };
  for (const span of selectedSpans ?? []) mark(span, "selected");
  matches.forEach((match, index) => {
    for (const span of match.spans) mark(span, index === currentMatch ? "current" : "match");
  });
  // The visible lines are one <Text>: a page turn updates one string instead of mounting a React element and a
  // layout node per line (the larger part of a page turn's time, measured with `npm run bench`).
  const text = visible
    .map((line, i) =>
      lineText(
        line,
        line.link !== undefined && line.link === selectedLink,
        theme,
        spansByLine.get(scroll + i),
      ),
    )
    .join("\n");
  return (
    <Box flexDirection="column" paddingLeft={margin}>
      <Text>{text}</Text>
    </Box>
  );
}
