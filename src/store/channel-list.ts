// The saved channel list and the operations on it, as pure functions over arrays; the store persists them.
import { ReaderError, type Channel } from "../model.js";
import { sanitizeInline } from "../text/sanitize.js";

/** Ids the interface uses for channels of its own. */
const RESERVED_IDS = new Set(["bookmarks"]);
const GENERIC_SEGMENTS = new Set([
  "feed",
  "feeds",
  "rss",
  "atom",
  "index",
  "xml",
  "rdf",
  "news",
  "www",
  "en",
  "ja",
]);
const MAX_ID_LENGTH = 40;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_ID_LENGTH)
    .replace(/-+$/, "");
}

/** A feed URL as saved: trimmed, http(s) only, normalised by the URL parser. Throws ReaderError otherwise. */
export function normaliseFeedUrl(input: string): string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ReaderError(`"${sanitizeInline(text)}" is not a URL (expected http:// or https://…)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ReaderError(`"${sanitizeInline(text)}" is not an http(s) URL`);
  url.hash = "";
  return url.href;
}

/** A short id for the command line: from an ASCII name, else from the URL's host and path; unique in `taken`. */
export function deriveChannelId(url: string, name: string | undefined, taken: Iterable<string>): string {
  const used = taken instanceof Set ? (taken as Set<string>) : new Set(taken);
  let base = name ? slug(name) : "";
  if (base.length < 2) {
    const parsed = new URL(url);
    const host = parsed.hostname.split(".").filter((label) => label !== "www" && label !== "");
    const segments = parsed.pathname
      .split("/")
      .map((s) => s.replace(/\.[a-z0-9]+$/i, ""))
      .filter((s) => s !== "" && !GENERIC_SEGMENTS.has(s.toLowerCase()));
    base = slug([host[0] ?? "feed", segments.at(-1) ?? ""].join("-")) || "feed";
  }
  return uniqueId(base, used);
}

/** `base`, or `base-2`, `base-3`… : the first not in `used` nor reserved. */
function uniqueId(base: string, used: ReadonlySet<string>): string {
  let id = base;
  for (let n = 2; used.has(id) || RESERVED_IDS.has(id); n++) id = `${base}-${n}`;
  return id;
}

function cleanFolder(folder: string | undefined): string | undefined {
  if (folder === undefined) return undefined;
  const parts = folder
    .split("/")
    .map((part) => sanitizeInline(part))
    .filter((part) => part !== "");
  return parts.length > 0 ? parts.join(" / ") : undefined;
}

export interface NewChannel {
  url: string;
  title?: string;
  folder?: string;
  /** Added with no network: the address as typed, its feed looked for later (see Channel.pending). */
  pending?: string;
}

/** Appends a user channel. Throws ReaderError on a bad URL or one already in the list. */
/** A channel the user added (by hand or from OPML): an id not yet taken, the host as title when there is none. */
export function userChannel(
  url: string,
  title: string,
  folder: string | undefined,
  takenIds: Iterable<string>,
): Channel {
  const channel: Channel = {
    id: deriveChannelId(url, title || undefined, takenIds),
    title: title || new URL(url).hostname,
    url,
    origin: "user",
  };
  if (folder) channel.folder = folder;
  return channel;
}

export function withChannelAdded(
  list: readonly Channel[],
  entry: NewChannel,
): { list: Channel[]; added: Channel } {
  const url = normaliseFeedUrl(entry.url);
  const existing = list.find((c) => c.url === url);
  if (existing) throw new ReaderError(`${url} is already in your sources as "${existing.id}"`);
  const { list: next, added } = withChannelsAdded(list, [entry]);
  return { list: next, added: added[0]! };
}

/** The URL a saved search is listed under (unique per query; nothing fetches it). */
export function searchChannelUrl(query: string): string {
  return `reader:search?q=${encodeURIComponent(query)}`;
}

/**
 * Appends a saved search: its title the name given, else 搜尋「query」; its id from an ASCII name or query,
 * else `search`. Throws ReaderError for an empty query or one saved already.
 */
export function withSearchAdded(
  list: readonly Channel[],
  entry: { query: string; title?: string; folder?: string },
): { list: Channel[]; added: Channel } {
  const query = sanitizeInline(entry.query).trim();
  if (query === "") throw new ReaderError("A saved search needs words to search for");
  const url = searchChannelUrl(query);
  const existing = list.find((c) => c.url === url);
  if (existing) throw new ReaderError(`"${query}" is already saved as "${existing.id}"`);
  const title = entry.title === undefined ? "" : sanitizeInline(entry.title).trim();
  const base = slug(title || query);
  const id = uniqueId(base.length < 2 ? "search" : base, new Set(list.map((c) => c.id)));
  const added: Channel = { id, title: title || `搜尋「${query}」`, url, origin: "user", query };
  const folder = cleanFolder(entry.folder);
  if (folder) added.folder = folder;
  return { list: [...list, added], added };
}

export interface ChannelsAdded {
  list: Channel[];
  /** The new channels, in the order given. */
  added: Channel[];
  /** Entries whose URL was in the list already (or given twice). */
  present: number;
  /** Why entries were refused (not an http(s) URL). */
  refused: string[];
}

/** Appends many user channels at once (an OPML import): URLs already present are skipped, bad ones refused. */
export function withChannelsAdded(list: readonly Channel[], entries: readonly NewChannel[]): ChannelsAdded {
  const urls = new Set(list.map((c) => c.url));
  const ids = new Set(list.map((c) => c.id));
  const added: Channel[] = [];
  const refused: string[] = [];
  let present = 0;
  for (const entry of entries) {
    let url: string;
    try {
      url = normaliseFeedUrl(entry.url);
    } catch (error) {
      refused.push((error as Error).message);
      continue;
    }
    if (urls.has(url)) {
      present++;
      continue;
    }
    const title = entry.title === undefined ? "" : sanitizeInline(entry.title);
    const channel = userChannel(url, title, cleanFolder(entry.folder), ids);
    if (entry.pending !== undefined) channel.pending = sanitizeInline(entry.pending);
    urls.add(url);
    ids.add(channel.id);
    added.push(channel);
  }
  return { list: [...list, ...added], added, present, refused };
}

function indexOf(list: readonly Channel[], id: string): number {
  const index = list.findIndex((c) => c.id === id);
  if (index < 0) throw new ReaderError(`No source with id "${sanitizeInline(id)}" (see \`reader sources\`)`);
  return index;
}

export function withChannelRenamed(list: readonly Channel[], id: string, name: string): Channel[] {
  const index = indexOf(list, id);
  const title = sanitizeInline(name);
  if (title === "") throw new ReaderError("A source needs a non-empty name");
  return list.map((c, i) => (i === index ? { ...c, title } : c));
}

/**
 * A channel added with no network, once its feed is found: the feed's address, and the feed's title unless the
 * person named it. The typed address is kept when another channel has that feed already.
 */
export function withChannelResolved(
  list: readonly Channel[],
  id: string,
  found: { url: string; title?: string },
): Channel[] {
  // (removed meanwhile, or found by another reader process: nothing to do)
  const index = list.findIndex((c) => c.id === id);
  const channel = list[index];
  if (channel?.pending === undefined) return [...list];
  const url = normaliseFeedUrl(found.url);
  const { pending: _, ...resolved } = channel;
  if (!list.some((c, i) => i !== index && c.url === url)) resolved.url = url;
  const title = found.title === undefined ? "" : sanitizeInline(found.title).trim();
  // The host is the title given when the person gave none (userChannel).
  if (title && channel.title === new URL(channel.url).hostname) resolved.title = title;
  return list.map((c, i) => (i === index ? resolved : c));
}

export function withChannelRemoved(list: readonly Channel[], id: string): Channel[] {
  const index = indexOf(list, id);
  return list.filter((_, i) => i !== index);
}

/** Moves a channel `delta` places (negative = up), stopping at either end. */
export function withChannelMoved(list: readonly Channel[], id: string, delta: number): Channel[] {
  const index = indexOf(list, id);
  const target = Math.max(0, Math.min(list.length - 1, index + Math.trunc(delta)));
  const next = [...list];
  const [moved] = next.splice(index, 1);
  if (moved) next.splice(target, 0, moved);
  return next;
}

/**
 * The list the user sees: on first run the builtins in order; afterwards the saved list, with builtins that
 * appeared since (not in `known`) appended. Builtins the user removed stay removed; a builtin's URLs follow
 * the program (they may move between versions), its title stays as the user left it.
 */
export function reconcileBuiltins(
  saved: readonly Channel[] | undefined,
  known: readonly string[] | undefined,
  builtins: readonly Channel[],
): { channels: Channel[]; known: string[] } {
  if (saved === undefined)
    return { channels: builtins.map((b) => ({ ...b })), known: builtins.map((b) => b.id) };
  const knownIds = new Set(known ?? []);
  const byId = new Map(builtins.map((b) => [b.id, b]));
  const channels = saved.map((c) => {
    const builtin = c.origin !== "user" ? byId.get(c.id) : undefined;
    if (!builtin) return { ...c };
    const refreshed: Channel = { ...c, url: builtin.url };
    if (builtin.fallbackUrl !== undefined) refreshed.fallbackUrl = builtin.fallbackUrl;
    else delete refreshed.fallbackUrl;
    return refreshed;
  });
  const present = new Set(channels.map((c) => c.id));
  for (const builtin of builtins) {
    if (knownIds.has(builtin.id)) continue;
    knownIds.add(builtin.id);
    if (!present.has(builtin.id)) channels.push({ ...builtin });
  }
  return { channels, known: [...knownIds] };
}

/** A saved entry as found in config.json, or undefined when it is not a usable channel. */
export function channelFromJson(value: unknown): Channel | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v["id"] !== "string" || v["id"] === "" || typeof v["url"] !== "string") return undefined;
  if (typeof v["title"] !== "string") return undefined;
  const origin = v["origin"];
  if (origin !== "sample" && origin !== "default" && origin !== "user") return undefined;
  const channel: Channel = { ...(v as object), id: v["id"], title: v["title"], url: v["url"], origin };
  if (v["folder"] !== undefined && typeof v["folder"] !== "string") delete channel.folder;
  if (v["fallbackUrl"] !== undefined && typeof v["fallbackUrl"] !== "string") delete channel.fallbackUrl;
  if (v["query"] !== undefined && typeof v["query"] !== "string") delete channel.query;
  if (v["pending"] !== undefined && typeof v["pending"] !== "string") delete channel.pending;
  // A saved search's words (and an address as typed) may have been edited by hand: they reach the screen.
  if (channel.query !== undefined) channel.query = sanitizeInline(channel.query);
  if (channel.pending !== undefined) channel.pending = sanitizeInline(channel.pending);
  return channel;
}

export const CHANNELS_SCHEMA = {
  type: "array",
  items: {
    type: "object",
    required: ["id", "title", "url", "origin"],
    properties: {
      id: { type: "string", minLength: 1 },
      title: { type: "string" },
      url: { type: "string" },
      origin: { enum: ["sample", "default", "user"] },
      folder: { type: "string" },
      fallbackUrl: { type: "string" },
      query: { type: "string" },
      pending: { type: "string" },
    },
  },
} as const;
