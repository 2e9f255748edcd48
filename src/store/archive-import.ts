// Bringing what the reader already has into the archive, once: read marks, reading positions and bookmarks
// from the settings directory, and the pages and feeds in the HTTP cache. The old files stay where they are
// (they remain what the interface reads at start-up). It goes in small transactions at the interface's pace (a
// cache holding a feed of 10,000 items took one transaction of seconds, while the keys waited); the last one
// records the import as done, so a run killed half way imports again next time, from the start, and what it
// had written is written the same again.
import { promises as fs } from "node:fs";
import path from "node:path";
import type { ArticleRef, Channel, Resource } from "../model.js";
import { parseEntry, resourceFromEntry, urlOfEntry } from "../sources/cache.js";
import { trace } from "../trace.js";
import type { Archive, KeptItem } from "./archive.js";
import type { Store } from "./store.js";

const IMPORTED = "imported-v1";

export interface ImportCounts {
  read: number;
  positions: number;
  bookmarks: number;
  articles: number;
  items: number;
}

function looksLikeFeed(resource: Resource): boolean {
  if (/xml|rss|atom/i.test(resource.contentType ?? "")) return true;
  const head = new TextDecoder("latin1").decode(resource.body.subarray(0, 512));
  return /^\s*(<\?xml|<rss\b|<feed\b|<rdf:RDF\b)/i.test(head);
}

/** Cached responses as Resources: every entry file that still parses. */
async function cachedResources(
  dir: string,
): Promise<Array<{ resource: Resource; fetchedAt: number; etag?: string; lastModified?: string }>> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const out = [];
  for (const name of names) {
    if (!name.endsWith(".entry")) continue;
    let data: Buffer;
    try {
      data = await fs.readFile(path.join(dir, name));
    } catch {
      continue; // removed meanwhile
    }
    const url = urlOfEntry(data);
    if (url === undefined) continue;
    const entry = parseEntry(data, url);
    if (!entry || entry.meta.status >= 400) continue;
    out.push({
      resource: resourceFromEntry(url, entry),
      fetchedAt: Date.parse(entry.meta.fetchedAt),
      ...(entry.meta.etag !== undefined ? { etag: entry.meta.etag } : {}),
      ...(entry.meta.lastModified !== undefined ? { lastModified: entry.meta.lastModified } : {}),
    });
  }
  return out;
}

/** How the import goes in parts (see KeptArchive: the same as a list's items are kept). */
export interface ImportPacing {
  /** Waited for before each part: in the interface, a pause in the keys. */
  pace: () => Promise<void>;
  /** Items written per transaction. */
  itemsPerPart: number;
  /** The digest a channel's list is recorded as held with, so that its list loaded now is not kept again. */
  digest: (items: readonly ArticleRef[]) => string;
}

/**
 * Imports today's files unless done already. Cached feeds become items of the channel they belong to; cached
 * pages are extracted as articles. Returns what was imported, or undefined when it had been done before.
 */
export async function importOnce(
  archive: Archive,
  store: Store,
  httpCacheDir: string,
  pacing?: ImportPacing,
): Promise<ImportCounts | undefined> {
  if (archive.readOnly || archive.meta(IMPORTED)) return undefined;
  const [{ loadFeed }, { loadArticle }] = await Promise.all([
    import("../sources/feed.js"),
    import("../sources/page.js"),
  ]);
  const channelOf = new Map<string, Channel>();
  for (const channel of store.channels()) {
    channelOf.set(channel.url, channel);
    if (channel.fallbackUrl) channelOf.set(channel.fallbackUrl, channel);
  }
  const pace = pacing?.pace ?? (() => Promise.resolve());
  // Parsed first, one file at a time; then written.
  const lists: Array<{ channel?: string; parsed: readonly ArticleRef[]; items: KeptItem[]; seenAt: number }> =
    [];
  const articles: Array<Parameters<Archive["putArticle"]>> = [];
  for (const cached of await cachedResources(httpCacheDir)) {
    const { resource } = cached;
    await pace();
    try {
      const channel = channelOf.get(resource.requestedUrl);
      if (channel || looksLikeFeed(resource)) {
        const feed = loadFeed(resource);
        lists.push({
          ...(channel ? { channel: channel.id } : {}),
          parsed: feed.items,
          items: feed.items.map((item) => (channel ? { ...item, channel: channel.id } : item)),
          seenAt: cached.fetchedAt,
        });
        continue;
      }
      const article = loadArticle(resource);
      if (article.body.length === 0) continue;
      articles.push([
        resource.requestedUrl,
        article,
        {
          fetchedAt: cached.fetchedAt,
          ...(cached.etag !== undefined ? { etag: cached.etag } : {}),
          ...(cached.lastModified !== undefined ? { lastModified: cached.lastModified } : {}),
        },
      ]);
    } catch {
      // A cached page that does not parse is left in the cache, where it was.
    }
  }
  const size = pacing?.itemsPerPart ?? Infinity;
  for (const list of lists) {
    for (let i = 0; i < list.items.length; i += size) {
      await pace();
      const part = list.items.slice(i, i + size);
      // A channel's list, its last part: recorded as held (as a list kept by the interface is), kept when the
      // cached copy was fetched.
      if (list.channel !== undefined && pacing && i + size >= list.items.length)
        archive.putListEnd(list.channel, pacing.digest(list.parsed), part, list.seenAt);
      else archive.putItems(part, list.seenAt);
    }
  }
  for (const [i, args] of articles.entries()) {
    await pace();
    archive.putArticle(...args);
    trace(`archive importing ${i + 1}/${articles.length} pages`);
  }
  await pace();
  const state = store.readState();
  const bookmarks = store.bookmarks();
  const counts = archive.transaction(() => {
    for (const bookmark of bookmarks) archive.setBookmarked(bookmark, true);
    // Read marks and positions of items not listed (yet) make their own item rows, so none is dropped.
    for (const url of state.read) archive.setRead(url, true);
    for (const [url, position] of state.positions) archive.setPosition(url, position);
    archive.setMeta(IMPORTED, new Date().toISOString());
    return {
      read: state.read.length,
      positions: state.positions.length,
      bookmarks: bookmarks.length,
      articles: articles.length,
      items: lists.reduce((n, list) => n + list.items.length, 0),
    };
  });
  trace("archive imported");
  return counts;
}
