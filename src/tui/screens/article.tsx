// The article viewport: only the visible slice of the laid-out lines, each styled by what it is.
// Lines arrive already laid out by src/text for this width, so Ink never re-wraps them.
import { memo } from "react";
import { Box, Text } from "ink";
import type { ArticleLayout, LayoutLine } from "../../text/article.js";
import type { SearchMatch } from "../../text/search.js";
import { graphemes, graphemeWidth } from "../../text/width.js";
import type { Theme } from "../theme.js";

interface Props {
  layout: ArticleLayout;
  scroll: number;
  height: number;
  selectedLink: number;
  theme: Theme;
  /** Left margin that centres a narrowed reading column. */
  margin: number;
  matches: SearchMatch[];
  currentMatch: number;
}

interface Span {
  from: number;
  to: number;
  current: boolean;
}

/** Splits a line at display columns so the matched parts can be highlighted. */
function segments(text: string, spans: Span[]): Array<{ text: string; mark?: "match" | "current" }> {
  const out: Array<{ text: string; mark?: "match" | "current" }> = [];
  let column = 0;
  let plain = "";
  let marked = "";
  let active: Span | undefined;
  const flush = () => {
    if (plain) out.push({ text: plain });
    if (marked && active) out.push({ text: marked, mark: active.current ? "current" : "match" });
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

const ArticleLine = memo(function ArticleLine({
  line,
  selected,
  theme,
  spans,
}: {
  line: LayoutLine;
  selected: boolean;
  theme: Theme;
  spans: Span[] | undefined;
}) {
  const text = line.text === "" ? " " : line.text;
  if (spans) {
    return (
      <Text>
        {segments(text, spans).map((part, i) =>
          part.mark ? (
            <Text
              key={i}
              inverse
              bold={part.mark === "current"}
              color={part.mark === "current" ? theme.warn : undefined}
            >
              {part.text}
            </Text>
          ) : (
            <Text key={i}>{part.text}</Text>
          ),
        )}
      </Text>
    );
  }
  switch (line.kind) {
    case "title":
      return (
        <Text bold color={theme.accent}>
          {text}
        </Text>
      );
    case "kicker":
    case "subtitle":
      return <Text bold>{text}</Text>;
    case "breadcrumb":
    case "dateline":
    case "editors":
      return <Text dimColor={theme.dim}>{text}</Text>;
    case "notice":
      return <Text color={theme.warn}>{text}</Text>;
    case "heading":
    case "section":
      return <Text bold>{text}</Text>;
    case "link-title":
      return (
        <Text
          color={selected ? undefined : theme.link}
          inverse={selected}
          underline={!selected && !theme.link}
        >
          {text}
        </Text>
      );
    case "link-summary":
      return (
        <Text dimColor={theme.dim && !selected} inverse={selected}>
          {text}
        </Text>
      );
    default:
      return <Text>{text}</Text>;
  }
});

export function ArticleViewport({
  layout,
  scroll,
  height,
  selectedLink,
  theme,
  margin,
  matches,
  currentMatch,
}: Props) {
  const visible = layout.lines.slice(scroll, scroll + height);
  const spansByLine = new Map<number, Span[]>();
  matches.forEach((match, index) => {
    for (const span of match.spans) {
      if (span.line < scroll || span.line >= scroll + height) continue;
      const list = spansByLine.get(span.line) ?? [];
      list.push({ from: span.from, to: span.to, current: index === currentMatch });
      spansByLine.set(span.line, list);
    }
  });
  return (
    <Box flexDirection="column" paddingLeft={margin}>
      {visible.map((line, i) => (
        <ArticleLine
          key={scroll + i}
          line={line}
          selected={line.link !== undefined && line.link === selectedLink}
          theme={theme}
          spans={spansByLine.get(scroll + i)}
        />
      ))}
    </Box>
  );
}
