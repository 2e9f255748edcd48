// The one vocabulary every layer speaks: sources produce these, layout and screens consume them.

/** A link with a title, e.g. a breadcrumb step or a 推薦閱讀 (recommended) item. */
export interface Link {
  title: string;
  url: string;
  /** A short summary shown under the title (推薦閱讀 items carry one). */
  summary?: string;
}

/** A channel: a feed or section list the user can open. */
export interface Channel {
  /** Stable id, used on the command line (`reader list <id>`) and in saved state. */
  id: string;
  title: string;
  /** Feed URL or section list page URL. */
  url: string;
  /** Where the channel comes from: the bundled sample site, a default 人民網 channel, or one the user added. */
  origin: "sample" | "default" | "user";
  /** A section list page to read instead when the feed fails or is empty. */
  fallbackUrl?: string;
  /** Folder the user filed it under (OPML nesting or `reader add --folder`); nested folders joined by " / ". */
  folder?: string;
  /**
   * A saved search (newsboat's query feed, `reader add --search`): its list is what searching everything kept
   * for this finds, and `url` is `reader:search?q=…` (never fetched).
   */
  query?: string;
  /**
   * Added with no network (offline, on a plane): the address as the person typed it. Its feed is looked for
   * (Library.resolveFeed, as `a` does online) at its first load with a network, and the channel saved with it.
   */
  pending?: string;
}

/** True for a saved search: its list comes from the archive, not from a feed. */
export function isSearchChannel(channel: Channel): channel is Channel & { query: string } {
  return typeof channel.query === "string";
}

/** What the list shows for an item whose feed gives it neither a title nor any text. */
export const UNTITLED = "(no title)";

/** One item of a channel's article list. */
export interface ArticleRef {
  /** "" for a feed item with neither title nor text (screens show UNTITLED). */
  title: string;
  /**
   * The article's http(s) link; for a feed item without one, a `feed-item:` URL (see itemUrl): the item is read
   * from its feed. Read marks, bookmarks and positions are kept by this URL.
   */
  url: string;
  /** What identifies a feed item across reloads: its guid/id, else its link, else its title and date. */
  id?: string;
  /**
   * ISO 8601 instant (UTC, `Z`); a day alone (`2024-05-03`) when the feed gives no time of day (see isDayOnly);
   * undefined when the feed gives no usable date.
   */
  published?: string;
  /** The publisher/source named by the feed (e.g. 大眾日報). */
  source?: string;
  summary?: string;
}

/**
 * Whether a published date is a day alone (`2024-05-03`), as a source that gives no time of day is kept: that day
 * wherever it is read, never the midnight of one zone shown as the evening before in another.
 */
export function isDayOnly(published: string): boolean {
  return published.length === 10 && /^\d{4}-\d{2}-\d{2}$/.test(published);
}

/**
 * A flat copy of `text`. A string cut from a parsed feed is a slice that keeps the whole feed's text alive in V8,
 * so what outlives the parse (a list kept for the interface, items waiting for the archive) takes copies: ~0.3 KB
 * an item against ~1.5 KB. V8 copies short strings anyway.
 */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : (" " + text).slice(1);
}

/**
 * Copies of `texts`, each a flat string of its own, for what is kept longest (a released list's URLs: 2,000 lists
 * of 50). ownCopy's copy is a slice (a view, in V8, for 13 characters or more) of a string one character longer:
 * 88 bytes for a URL of 30 characters, against 56 for the strings JSON.parse makes, at 6–7 µs a list of 50.
 */
export function flatCopies(texts: readonly string[]): string[] {
  return JSON.parse(JSON.stringify(texts)) as string[];
}

/** The item in strings of its own (see ownCopy); its summary only when asked for. */
export function ownRef(item: ArticleRef, withSummary = false): ArticleRef {
  const copy: ArticleRef = { title: ownCopy(item.title), url: ownCopy(item.url) };
  if (item.id !== undefined) copy.id = ownCopy(item.id);
  if (item.published !== undefined) copy.published = ownCopy(item.published);
  if (item.source !== undefined) copy.source = ownCopy(item.source);
  if (withSummary && item.summary !== undefined) copy.summary = ownCopy(item.summary);
  return copy;
}

const ITEM_SCHEME = "feed-item:";

/** The URL of a feed item that has no link: its feed's URL and its identity, so its text can be found again. */
export function itemUrl(feedUrl: string, id: string): string {
  return `${ITEM_SCHEME}${encodeURIComponent(feedUrl)}#${encodeURIComponent(id)}`;
}

/** The feed an itemUrl points into, or undefined for any other URL. */
export function feedOfItemUrl(url: string): string | undefined {
  if (!url.startsWith(ITEM_SCHEME)) return undefined;
  const hash = url.indexOf("#");
  try {
    return decodeURIComponent(url.slice(ITEM_SCHEME.length, hash === -1 ? undefined : hash));
  } catch {
    return undefined;
  }
}

/** True for a link a browser can open and a person can share (http or https). */
export function hasWebLink(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

export type BlockType = "paragraph" | "heading" | "quote" | "list-item" | "preformatted" | "table" | "figure";

/** A reading (ruby, furigana, zhuyin) over `text.slice(start, end)` of its block. */
export interface RubyAnnotation {
  start: number;
  end: number;
  reading: string;
}

/** One row of a table: header rows are set apart; every row of a table has the same number of cells. */
export interface TableRow {
  header: boolean;
  cells: string[];
}

/**
 * A block of body text. Text is plain (no markup), without the source's leading indent; it is always the whole
 * readable text (a table's cells, a figure's caption, ruby bases without readings), so anything that only knows
 * `text` (JSON output, older copies, search) still has it all. The optional fields say how to lay it out.
 */
export interface Block {
  type: BlockType;
  text: string;
  /** heading: 2–6 as in the page (h2–h6). */
  level?: number;
  /** list-item: the marker as the page writes it (`1.`, `（一）`, `・`); "" for an item's later paragraphs. */
  marker?: string;
  /** list-item and quote: nesting depth, 0 for the outermost list or quote. */
  depth?: number;
  /** Readings over parts of `text`, in order, not overlapping. */
  ruby?: RubyAnnotation[];
  /** table: the grid, header rows first as the page has them. `text` holds the cells too. */
  rows?: TableRow[];
  /** table and figure: the caption (a figure's caption is also its `text`). */
  caption?: string;
}

/** A parsed article page. */
export interface Article {
  /** Final URL (after redirects). */
  url: string;
  title: string;
  /** Kicker line above the title (引題), when the page has one. */
  kicker?: string;
  /** Subtitle below the title (副題), when the page has one. */
  subtitle?: string;
  /** Channel path, e.g. 人民網 >> 山東頻道 >> … */
  breadcrumb: Link[];
  /** ISO 8601 instant (UTC, `Z`), or a day alone (`2024-05-03`) when the page gives no time of day. */
  published?: string;
  /** 來源 (the source publication), e.g. 大眾報業·大眾日報. */
  source?: string;
  /** Names from the editors line (責編:…), in order. */
  editors: string[];
  body: Block[];
  /** 推薦閱讀 / 相關新聞 items. */
  recommended: Link[];
  /** A note from the source about this page (e.g. "full text not in the offline sample"). */
  notice?: string;
  /** Problems met while decoding or parsing; the article is still shown. */
  warnings: string[];
}

/** Raw bytes as fetched, with what the transport said about them. */
export interface Resource {
  /** URL asked for. */
  requestedUrl: string;
  /** Final URL after redirects; relative links resolve against it. */
  url: string;
  status: number;
  /** The HTTP Content-Type header, if any. */
  contentType?: string;
  /** The HTTP Content-Location header, if any: the base for the body's relative links. */
  contentLocation?: string;
  body: Uint8Array;
  /**
   * Set when the body is a cached copy that was not revalidated: offline mode, or the network failed.
   * `fetchedAt` is an ISO 8601 instant; `error` says why the network copy could not be had (absent offline).
   */
  fromCache?: { fetchedAt: string; error?: string; noNetwork?: boolean };
  /** The server said the copy the caller parsed before is current (asked with `haveParsed`); `body` is empty. */
  notModified?: true;
  /**
   * The body is the copy the cache held already (read from it, answered by a 304, or the same bytes sent again):
   * what was kept of it before (the archive's list) may be held still.
   */
  sameAsCached?: true;
  /** What the server said identifies this version (ETag, Last-Modified), to ask later whether it changed. */
  validators?: Validators;
}

/** An HTTP response's validators, sent back as If-None-Match / If-Modified-Since. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface FetchOptions {
  /** The caller keeps what it parsed of this URL before, so an unchanged answer needs no body. */
  haveParsed?: boolean;
  /**
   * The validators of a copy the caller keeps elsewhere (the archive's article), asked with when the cache has
   * none: the answer is `notModified` (empty body) when that copy is current.
   */
  validators?: Validators;
}

/** Where resources come from (the network, the bundled sample site, the cache). */
export interface Source {
  /** True when this source answers for the URL. */
  handles(url: string): boolean;
  fetch(url: string, signal?: AbortSignal, options?: FetchOptions): Promise<Resource>;
}

/** A failure with a message fit to show a person (no stack trace). */
export class ReaderError extends Error {
  override name = "ReaderError";
}

/** The network is not there at all (no DNS, no route): not one site's fault, and the same for every site. */
export class NoNetworkError extends ReaderError {
  override name = "NoNetworkError";
}

/**
 * A channel added with no network (Channel.pending), read while there is still none (--offline): its feed is
 * looked for once there is one. Nothing has failed, and there is nothing to retry.
 */
export class PendingChannelError extends ReaderError {
  override name = "PendingChannelError";
}
