// Row texts shared by the Ink screens and the first frame painted before Ink has loaded: both must draw the same.
import { isSearchChannel, type Channel } from "../model.js";
import { displayWidth, padToWidth, truncateToWidth, type AmbiguousWidth } from "../text/width.js";

/** Truncated (with …) and padded to exactly `width` columns. */
export function fit(text: string, width: number, ambiguous: AmbiguousWidth): string {
  return padToWidth(truncateToWidth(text, width, ambiguous, "…"), width, ambiguous);
}

/** Right-aligned in `width` columns. */
export function padStart(text: string, width: number, ambiguous: AmbiguousWidth): string {
  const clipped = truncateToWidth(text, width, ambiguous, "…");
  return " ".repeat(Math.max(0, width - displayWidth(clipped, ambiguous))) + clipped;
}

/**
 * What a channel row says about its list: counts, … while loading, ! on error; `pending` for a channel added with
 * no network, still without one (nothing failed: its feed is looked for once there is a network).
 */
export type ChannelCounts =
  | { status: "loading" }
  | { status: "error" }
  | { status: "pending" }
  | { status: "ready"; total: number; unread: number };

/** One row of the channels screen: marker, title, and the counts right-aligned. */
export function channelRowText(
  channel: Channel,
  counts: ChannelCounts,
  selected: boolean,
  width: number,
  ambiguous: AmbiguousWidth,
): string {
  const countWidth = width >= 60 ? 16 : 9;
  const text =
    counts.status === "loading"
      ? "…"
      : counts.status === "error"
        ? "!"
        : counts.status === "pending"
          ? width >= 60
            ? "待連網 pending"
            : "pending"
          : width >= 60
            ? `${counts.total} 篇 ${counts.unread} 未讀`
            : `${counts.unread}/${counts.total}`;
  const title = fit(`${selected ? "›" : " "} ${channel.title}`, width - countWidth - 1, ambiguous);
  return `${title} ${padStart(text, countWidth, ambiguous)}`;
}

/** The status line: what is shown on the left, position and hints on the right, filling the width. */
export function statusLineText(
  left: string,
  right: string,
  width: number,
  ambiguous: AmbiguousWidth,
): string {
  const shownLeft = truncateToWidth(left, Math.max(0, width - displayWidth(right) - 2), ambiguous, "…");
  const gap = Math.max(1, width - displayWidth(shownLeft, ambiguous) - displayWidth(right));
  return `${shownLeft}${" ".repeat(gap)}${right}`;
}

export const BOOKMARKS_ID = "bookmarks";

/** The channels shown: the saved list, then the Bookmarks channel. */
export function withBookmarks(channels: Channel[]): Channel[] {
  return [
    ...channels,
    { id: BOOKMARKS_ID, title: "★ 書籤 Bookmarks", url: "reader:bookmarks", origin: "user" },
  ];
}

/** The channels whose lists come from feeds (not Bookmarks, not saved searches). */
export function feedChannels(channels: readonly Channel[]): Channel[] {
  return channels.filter((c) => c.id !== BOOKMARKS_ID && !isSearchChannel(c));
}

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 12;

/** Rows for the article text and lists: the terminal less the header and the status line. */
export function bodyHeightFor(rows: number): number {
  return Math.max(1, rows - 2);
}
