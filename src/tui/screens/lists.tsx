// The two list screens: channels (title, article count, unread count) and a channel's articles
// (unread mark, title, local date, source). Only the visible rows are rendered.
import { useEffect } from "react";
import { Box, Text } from "ink";
import { UNTITLED, type ArticleRef, type Channel } from "../../model.js";
import { formatLocalTime } from "../../text/article.js";
import type { AmbiguousWidth } from "../../text/width.js";
import { channelRowText, fit, type ChannelCounts } from "../rows.js";
import { listCounts, type ListLookup } from "../data.js";
import type { ListScreen } from "../state.js";
import { styled, type Theme } from "../theme.js";

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
          ? { status: load.pending ? "pending" : "error" }
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

/** The columns of an article row at a screen width (the date and the source only where there is room). */
interface RowColumns {
  title: number;
  date: number;
  source: number;
}

function rowColumns(width: number): RowColumns {
  const date = width >= 56 ? 16 : 0;
  const source = width >= 100 ? 14 : width >= 70 ? 10 : 0;
  return { title: width - 2 - (date ? date + 1 : 0) - (source ? source + 1 : 0), date, source };
}

export function ArticleRows(props: RowsProps & { items: ArticleRef[]; isRead: (url: string) => boolean }) {
  const { screen, height, width, theme, ambiguous } = props;
  const columns = rowColumns(width);
  const rows = props.items.slice(screen.top, screen.top + height).map((item, i) => {
    const selected = screen.top + i === screen.selected;
    const row = rowText(item, props.isRead(item.url), selected, columns, theme, ambiguous);
    return selected ? styled(row, { inverse: true }) : row;
  });
  // The pages beside this one are made once the frame is out (see prepareRows).
  const { items, isRead } = props;
  useEffect(
    () => prepareRows(items, screen.top, height, isRead, columns, theme, ambiguous),
    // A key re-renders with new closures but the same list: what is prepared depends on these values only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [items, screen.top, height, columns.title, columns.date, columns.source, theme, ambiguous],
  );
  // The visible rows are one <Text>, as the article's lines are (screens/article.tsx): a page turn updates one
  // string instead of some 40 rows of Ink nodes (each row was five), and a row's text is made once per item.
  return (
    <Box flexDirection="column">
      <Text>{rows.join("\n")}</Text>
    </Box>
  );
}

/** An item's row as styled text (without the selection's inverse), and what it was made for. */
interface RowEntry {
  text: string;
  read: boolean;
  /** The selection's mark is in the text where the terminal draws no attributes (theme.marks). */
  selected: boolean;
  columns: RowColumns;
  theme: Theme;
  ambiguous: AmbiguousWidth;
}

/**
 * Rows by item (a list's items are the same objects from key to key, see Display.items): a page turned back, or
 * a row drawn again for a move, costs no width measuring, date formatting or styling. Each goes with its list.
 */
const rowsByItem = new WeakMap<ArticleRef, RowEntry>();

/** Rows made per turn of the event loop while preparing: a key that arrives meanwhile waits for this many at most. */
const ROWS_PER_TURN = 8;

/**
 * Makes the rows of the next page and of the one before (as rowText keeps them, unselected) in the program's idle
 * time, a few per turn of the event loop so that a key is read between them: in a long list every page onward
 * showed rows never made, and making them (fitting, dates, styles, and their garbage) was most of what a page
 * key cost beyond a short list's. What is shown is unchanged: a row is made the same way now or later, and one
 * whose item was read meanwhile is made again when drawn.
 */
function prepareRows(
  items: readonly ArticleRef[],
  top: number,
  height: number,
  isRead: (url: string) => boolean,
  columns: RowColumns,
  theme: Theme,
  ambiguous: AmbiguousWidth,
): () => void {
  const job = { stopped: false };
  const next = Math.min(items.length, top + height);
  const ranges: Array<[number, number]> = [
    [next, Math.min(items.length, next + height)],
    [Math.max(0, top - height), top],
  ];
  let range = 0;
  let at = ranges[0]?.[0] ?? 0;
  const step = () => {
    if (job.stopped) return;
    let made = 0;
    while (made < ROWS_PER_TURN) {
      const current = ranges[range];
      if (!current) return;
      if (at >= current[1]) {
        range++;
        at = ranges[range]?.[0] ?? 0;
        continue;
      }
      const item = items[at++];
      if (!item) continue;
      const read = isRead(item.url);
      const kept = rowsByItem.get(item);
      if (kept && madeFor(kept, read, false, columns, theme, ambiguous)) continue;
      rowText(item, read, false, columns, theme, ambiguous);
      made++;
    }
    setImmediate(step);
  };
  // After the frame: the writer draws it in an immediate queued while Ink rendered, before this one. Stopped when
  // the list moves again (that render prepares its own pages) or goes.
  setImmediate(step);
  return () => {
    job.stopped = true;
  };
}

/** Whether a row kept was made for this read state, selection mark, width, theme and ambiguous width. */
function madeFor(
  entry: RowEntry,
  read: boolean,
  marked: boolean,
  columns: RowColumns,
  theme: Theme,
  ambiguous: AmbiguousWidth,
): boolean {
  return (
    entry.read === read &&
    entry.selected === marked &&
    entry.columns.title === columns.title &&
    entry.columns.date === columns.date &&
    entry.columns.source === columns.source &&
    entry.theme === theme &&
    entry.ambiguous === ambiguous
  );
}

/** The row of an article: unread mark, title (bold while unread), local date and source, each fitted. */
function rowText(
  item: ArticleRef,
  read: boolean,
  selected: boolean,
  columns: RowColumns,
  theme: Theme,
  ambiguous: AmbiguousWidth,
): string {
  const marked = theme.marks === true && selected;
  const cached = rowsByItem.get(item);
  if (cached && madeFor(cached, read, marked, columns, theme, ambiguous)) return cached.text;
  // The same chalk calls as one <Text> per part inside the row's <Text> gave (tests/tui/list-rows.test.tsx).
  let text =
    styled(unreadMark(read, selected, theme), { color: read ? undefined : theme.accent }) +
    styled(fit(item.title || UNTITLED, columns.title, ambiguous), { bold: !read });
  if (columns.date) {
    const date = item.published ? formatLocalTime(item.published) : "";
    text += styled(` ${fit(date, columns.date, ambiguous)}`, { dimColor: theme.dim });
  }
  if (columns.source)
    text += styled(` ${fit(item.source ?? "", columns.source, ambiguous)}`, { dimColor: theme.dim });
  rowsByItem.set(item, { text, read, selected: marked, columns, theme, ambiguous });
  return text;
}

/** The row's first two columns: the unread dot, and where inverse video cannot show it, the selection. */
function unreadMark(read: boolean, selected: boolean, theme: Theme): string {
  if (!theme.marks) return read ? "  " : "● ";
  return `${selected ? "›" : " "}${read ? " " : "●"}`;
}
