// The two list screens: channels (title, article count, unread count) and a channel's articles
// (unread mark, title, local date, source). Only the visible rows are rendered.
import { Box, Text } from "ink";
import { UNTITLED, type ArticleRef, type Channel } from "../../model.js";
import { formatLocalTime } from "../../text/article.js";
import type { AmbiguousWidth } from "../../text/width.js";
import { channelRowText, fit, type ChannelCounts } from "../rows.js";
import { listCounts, type ListLookup } from "../data.js";
import type { ListScreen } from "../state.js";
import type { Theme } from "../theme.js";

interface RowsProps {
  screen: ListScreen;
  height: number;
  width: number;
  theme: Theme;
  ambiguous: AmbiguousWidth;
}

export function ChannelRows(
  props: RowsProps & {
    channels: Channel[];
    lists: ListLookup;
    isRead: (url: string) => boolean;
  },
) {
  const { screen, height, width, ambiguous } = props;
  const rows = props.channels.slice(screen.top, screen.top + height).map((channel, i) => {
    const index = screen.top + i;
    const load = props.lists.get(channel.id);
    const counts: ChannelCounts =
      load === undefined || load.status === "loading"
        ? { status: "loading" }
        : load.status === "error"
          ? { status: "error" }
          : { status: "ready", ...listCounts(load, props.isRead) };
    const selected = index === screen.selected;
    return (
      <Text key={channel.id} inverse={selected} wrap="truncate">
        {channelRowText(channel, counts, selected, width, ambiguous)}
      </Text>
    );
  });
  return <Box flexDirection="column">{rows}</Box>;
}

export function ArticleRows(props: RowsProps & { items: ArticleRef[]; isRead: (url: string) => boolean }) {
  const { screen, height, width, theme, ambiguous } = props;
  const dateWidth = width >= 56 ? 16 : 0;
  const sourceWidth = width >= 100 ? 14 : width >= 70 ? 10 : 0;
  const titleWidth = width - 2 - (dateWidth ? dateWidth + 1 : 0) - (sourceWidth ? sourceWidth + 1 : 0);
  const rows = props.items.slice(screen.top, screen.top + height).map((item, i) => {
    const index = screen.top + i;
    const selected = index === screen.selected;
    const read = props.isRead(item.url);
    const date = item.published ? formatLocalTime(item.published) : "";
    return (
      // Keyed by the row on screen, not the item: a page turn updates the rows' text in place instead of making
      // ~40 rows of Ink nodes anew (a page in a long list would otherwise allocate megabytes).
      <Text key={i} inverse={selected} wrap="truncate">
        <Text color={read ? undefined : theme.accent}>{unreadMark(read, selected, theme)}</Text>
        <Text bold={!read}>{fit(item.title || UNTITLED, titleWidth, ambiguous)}</Text>
        {dateWidth ? <Text dimColor={theme.dim}> {fit(date, dateWidth, ambiguous)}</Text> : null}
        {sourceWidth ? (
          <Text dimColor={theme.dim}> {fit(item.source ?? "", sourceWidth, ambiguous)}</Text>
        ) : null}
      </Text>
    );
  });
  return <Box flexDirection="column">{rows}</Box>;
}

/** The row's first two columns: the unread dot, and where inverse video cannot show it, the selection. */
function unreadMark(read: boolean, selected: boolean, theme: Theme): string {
  if (!theme.marks) return read ? "  " : "● ";
  return `${selected ? "›" : " "}${read ? " " : "●"}`;
}
