// The share panel (分享讓更多人看到, `S`): the article's link as a clickable OSC 8 hyperlink, a QR code a phone can
// scan from the screen, and the keys to copy the link (OSC 52, works over SSH) or open it locally.
import { Box, Text } from "ink";
import { UNTITLED, hasWebLink } from "../../model.js";
import { osc8 } from "../../share/osc.js";
import { displayWidth, truncateToWidth } from "../../text/width.js";
import { wrapToRows } from "../../text/wrap.js";
import type { Theme } from "../theme.js";

export interface ShareTarget {
  title: string;
  url: string;
  /** QR code rows (half blocks), once the encoder has loaded; none when the link is too long for one. */
  qr?: string[];
}

export function ShareScreen(props: {
  target: ShareTarget;
  width: number;
  height: number;
  theme: Theme;
  canOpen: boolean;
}) {
  const { target, width, height, theme, canOpen } = props;
  if (!hasWebLink(target.url)) {
    // A feed item without a link: nothing to copy, open or scan.
    return (
      <Box flexDirection="column">
        <Text bold color={theme.accent} wrap="truncate">
          {truncateToWidth(`分享 Share: ${target.title || UNTITLED}`, width, "narrow", "…")}
        </Text>
        <Text wrap="truncate">
          {truncateToWidth("沒有連結 No link: this item's text is in its feed only", width, "narrow", "…")}
        </Text>
        <Text dimColor wrap="truncate">
          {truncateToWidth("Esc 關閉 close", width, "narrow", "…")}
        </Text>
      </Box>
    );
  }
  const urlRows = urlLines(target.url, width, Math.max(1, height - 4));
  const keys = `c 複製連結 copy${canOpen ? " · o 瀏覽器打開 open" : ""} · Esc 關閉 close`;
  const qr = target.qr ?? [];
  const tooLong = target.qr !== undefined && qr.length === 0;
  const qrFits =
    qr.length > 0 && qr.length <= height - 4 - urlRows.length && displayWidth(qr[0] ?? "") <= width;
  return (
    <Box flexDirection="column">
      <Text bold color={theme.accent} wrap="truncate">
        {truncateToWidth(`分享 Share: ${target.title}`, width, "narrow", "…")}
      </Text>
      {urlRows.map((row, i) => (
        <Text key={`url${i}`} wrap="truncate">
          {osc8(target.url, row)}
        </Text>
      ))}
      <Text dimColor wrap="truncate">
        {truncateToWidth(keys, width, "narrow", "…")}
      </Text>
      <Text> </Text>
      {qrFits
        ? qr.map((row, i) => (
            <Text key={i} wrap="truncate">
              {row}
            </Text>
          ))
        : // Wrapped in the rows the code would have taken: cut to one row, it lost what to do about it.
          wrapToRows(
            tooLong
              ? "連結太長，無法產生 QR 碼 link too long for a QR code: copy it with c"
              : qr.length === 0
                ? "QR…"
                : `QR code needs ${displayWidth(qr[0] ?? "")}×${qr.length + 4 + urlRows.length}: enlarge the terminal`,
            width,
            Math.max(1, height - 4 - urlRows.length),
            "narrow",
          ).map((line, i) => (
            <Text key={`notice${i}`} dimColor wrap="truncate">
              {line}
            </Text>
          ))}
    </Box>
  );
}

/**
 * The link in rows of `width` columns, all of it where it fits in `most` rows (a link cut with `…` cannot be
 * copied off the screen); each row is a link of its own to the whole URL.
 */
function urlLines(url: string, width: number, most: number): string[] {
  const rows: string[] = [];
  let rest = url;
  while (rest && rows.length < most - 1) {
    const row = truncateToWidth(rest, width, "narrow", "");
    if (!row) break;
    rows.push(row);
    rest = rest.slice(row.length);
  }
  if (rest) rows.push(truncateToWidth(rest, width, "narrow", "…"));
  return rows;
}
