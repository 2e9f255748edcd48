// The article viewport: only the visible slice of the laid-out lines, each styled by what it is.
// Lines arrive already laid out by src/text for this width, so Ink never re-wraps them.
import { Box, Text } from "ink";
import type { ArticleLayout, LayoutLine } from "../../text/article.js";
import type { Theme } from "../theme.js";

interface Props {
  layout: ArticleLayout;
  scroll: number;
  height: number;
  selectedLink: number;
  theme: Theme;
  /** Left margin that centres a narrowed reading column. */
  margin: number;
}

function ArticleLine({ line, selected, theme }: { line: LayoutLine; selected: boolean; theme: Theme }) {
  const text = line.text === "" ? " " : line.text;
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
}

export function ArticleViewport({ layout, scroll, height, selectedLink, theme, margin }: Props) {
  const visible = layout.lines.slice(scroll, scroll + height);
  return (
    <Box flexDirection="column" paddingLeft={margin}>
      {visible.map((line, i) => (
        <ArticleLine
          key={scroll + i}
          line={line}
          selected={line.link !== undefined && line.link === selectedLink}
          theme={theme}
        />
      ))}
    </Box>
  );
}
