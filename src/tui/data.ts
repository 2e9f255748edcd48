// Asynchronous loading of channel lists and articles for the interface. Results live in a small external store
// (subscribe/getSnapshot) so that finished fetches re-render together, and nothing is fetched twice. A finished
// list costs O(1) here whatever the number of channels: the lists are one map updated in place, the number
// loading is counted as it changes, and listeners hear of lists at most once a frame.
// Only the lists on screen and the few shown last are held whole; the others are released to what the channel
// list needs of them (their items' URLs: counts that follow read marks) and read again from their saved copy
// when opened. 2,000 channels of 50 items held whole are ~20 MB.
import { useSyncExternalStore } from "react";
import { NoNetworkError, PendingChannelError, flatCopies, type Article, type Channel } from "../model.js";
import type { ChannelList, Library, LoadOptions } from "../sources/library.js";
import { sectionListId } from "./state.js";

export type Load<T> =
  | {
      status: "loading";
      /** A released list read back from its saved copy: not a refresh, so not counted in `loading`. */
      readingBack?: true;
    }
  | {
      status: "ready";
      value: T;
      /** A list released from memory: `value` has no items; these are its items' URLs (counts, read marks). */
      released?: { urls: readonly string[] };
    }
  /**
   * `noNetwork`: there was no network at all (not this site's fault). `pending`: a channel added with no network,
   * still without one (PendingChannelError): it waits, nothing failed.
   */
  | { status: "error"; error: string; noNetwork?: boolean; pending?: boolean };

/** The lists by channel id (only lookups: the map behind it is updated in place). */
export interface ListLookup {
  get(id: string): Load<ChannelList> | undefined;
}

export interface DataSnapshot {
  lists: ListLookup;
  articles: ReadonlyMap<string, Load<Article>>;
  /** How many lists are loading now. */
  loading: number;
}

const MAX_ARTICLES = 8;
/** Channel lists held whole besides those on screen: the ones shown last (likely next: back and forth). */
export const MAX_HELD_LISTS = 4;
/** Lists finishing within this many ms of each other are shown in one frame. */
const LIST_FRAME_MS = 40;
/**
 * While many lists load (a start or a refresh of every channel), the rows and the progress on the status line
 * are drawn this often: each frame draws the whole screen (~2 ms), which at one frame per 40 ms cost more than
 * the lists themselves when thousands of feeds answered "not modified".
 */
const BURST_FRAME_MS = 200;
/** More lists loading than this at once is such a burst. */
const BURST_LISTS = 6;

/** True while `loading` lists at once are a burst (a start or a refresh of many channels). */
export function manyLoading(loading: number): boolean {
  return loading > BURST_LISTS;
}

export class DataStore {
  private readonly lists = new Map<string, Load<ChannelList>>();
  private loading = 0;
  private snapshot: DataSnapshot = { lists: this.lists, articles: new Map(), loading: 0 };
  private readonly listeners = new Set<() => void>();
  private listTimer: NodeJS.Timeout | undefined;
  private lastListNotice = 0;
  /** Channels whose lists may be released (read again with loadChannel), by id. */
  private readonly releasable = new Map<string, Channel>();
  /** The lists on screen now: never released. */
  private shown = new Set<string>();
  /** The lists shown lately, oldest first: held while they are among the last MAX_HELD_LISTS. */
  private readonly recent = new Map<string, true>();

  /**
   * `maxAgeMs`: at start, a cached list younger than this is shown without asking the network. `resolvePending`:
   * finds the feed of a channel added with no network (Channel.pending) and saves the channel with it.
   */
  constructor(
    private readonly library: Library,
    private readonly maxAgeMs?: number,
    private readonly resolvePending?: (channel: Channel) => Promise<Channel>,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DataSnapshot => this.snapshot;

  private update(change: Partial<DataSnapshot>): void {
    clearTimeout(this.listTimer);
    this.listTimer = undefined;
    this.snapshot = { ...this.snapshot, ...change, loading: this.loading };
    for (const listener of this.listeners) listener();
  }

  private setList(id: string, load: Load<ChannelList>): void {
    // A list read back from its saved copy is not counted: the status line would flash 更新中 (updating) and the
    // end of that "refresh" would run the saved searches again, for a read of a few ms that changes nothing.
    const counted = (l: Load<ChannelList> | undefined) => (l?.status === "loading" && !l.readingBack ? 1 : 0);
    this.loading += counted(load) - counted(this.lists.get(id));
    this.lists.set(id, load.status === "ready" && !this.isHeld(id) ? released(load) : load);
    // A burst of finished lists (a refresh of many channels) makes one new snapshot and one render per frame.
    if (this.listTimer) {
      if (this.loading > 0) return;
      clearTimeout(this.listTimer); // the last one: the end of a burst is shown without its wait
    }
    const interval = manyLoading(this.loading) ? BURST_FRAME_MS : LIST_FRAME_MS;
    const wait = Math.max(0, this.lastListNotice + interval - Date.now());
    this.listTimer = setTimeout(() => {
      this.lastListNotice = Date.now();
      this.update({});
    }, wait);
  }

  private setArticle(url: string, load: Load<Article>): void {
    const articles = new Map(this.snapshot.articles);
    articles.delete(url);
    articles.set(url, load);
    // Memory stays bounded however many articles are opened: the oldest are dropped (and reloaded, from the
    // cache, if the reader goes back to them).
    for (const oldest of articles.keys()) {
      if (articles.size <= MAX_ARTICLES) break;
      articles.delete(oldest);
    }
    this.update({ articles });
  }

  /** Starts loading a channel unless it is loaded or loading; `force` reloads. */
  loadChannel(channel: Channel, force = false): void {
    this.releasable.set(channel.id, channel);
    this.loadList(channel, force, (options) => this.readChannel(channel, options));
  }

  /** A channel's list; one added with no network has its feed looked for first. */
  private async readChannel(channel: Channel, options: LoadOptions): Promise<ChannelList> {
    if (channel.pending === undefined || !this.resolvePending)
      return this.library.loadChannel(channel, options);
    const resolved = await this.resolvePending(channel);
    if (this.releasable.get(channel.id) === channel) this.releasable.set(channel.id, resolved);
    return this.library.loadChannel(resolved, options);
  }

  /**
   * The lists now on screen (the channels of the screens open): held whole, and one released before is read again
   * from its saved copy (`loading` until then). Of the lists shown before, the MAX_HELD_LISTS shown last stay
   * held; the others are released.
   */
  show(ids: readonly string[]): void {
    this.shown = new Set(ids);
    for (const id of ids) {
      this.recent.delete(id);
      this.recent.set(id, true);
      const channel = this.releasable.get(id);
      if (channel) this.loadList(channel, false, (options) => this.readChannel(channel, options), true);
    }
    for (const id of [...this.recent.keys()]) {
      if (this.recent.size <= MAX_HELD_LISTS + this.shown.size) break;
      if (this.shown.has(id)) continue;
      this.recent.delete(id);
      const load = this.lists.get(id);
      if (load?.status === "ready" && this.releasable.has(id)) this.lists.set(id, released(load));
    }
  }

  private isHeld(id: string): boolean {
    return !this.releasable.has(id) || this.shown.has(id) || this.recent.has(id);
  }

  /** The same for a section opened from an article's breadcrumb: the list `sectionListId(url)`. */
  loadSection(section: { url: string; title: string }, force = false): void {
    const channel: Channel = {
      id: sectionListId(section.url),
      title: section.title,
      url: section.url,
      origin: "user",
    };
    this.loadList(channel, force, (options) => this.library.loadSection(channel, options));
  }

  /** `readReleased`: only if the list is released, read it again (its saved copy, however old). */
  private loadList(
    channel: Channel,
    force: boolean,
    read: (options: LoadOptions) => Promise<ChannelList>,
    readReleased = false,
  ): void {
    const { id } = channel;
    const current = this.lists.get(id);
    const placeholder = current?.status === "ready" && current.released ? current : undefined;
    if (readReleased ? !placeholder : current && (current.status === "loading" || !force)) return;
    this.setList(id, readReleased ? { status: "loading", readingBack: true } : { status: "loading" });
    // Lists as the interface keeps them; what was shown stays when the server says it has not changed. A released
    // list is given without its items: unchanged, it comes back as it was given, and stays released.
    const previous = !readReleased && current?.status === "ready" ? current.value : undefined;
    const options = { compact: true, ...(previous ? { previous } : {}) };
    const maxAgeMs = readReleased ? Infinity : force ? undefined : this.maxAgeMs;
    read(maxAgeMs === undefined ? options : { ...options, maxAgeMs }).then(
      (value) => {
        if (!placeholder || readReleased || value.items !== placeholder.value.items)
          return this.setList(id, { status: "ready", value });
        this.setList(id, { ...placeholder, value });
        // Opened while it was being refreshed: its items are wanted after all.
        if (this.isHeld(id)) this.loadList(channel, false, read, true);
      },
      (error: unknown) => this.setList(id, failure(error)),
    );
  }

  loadArticle(url: string, force = false): void {
    const current = this.snapshot.articles.get(url);
    if (current && (current.status === "loading" || !force)) return;
    this.setArticle(url, { status: "loading" });
    // A multi-page article's first page is shown while the others load.
    const onFirstPage = (value: Article) => {
      if (this.snapshot.articles.get(url)?.status === "loading")
        this.setArticle(url, { status: "ready", value });
    };
    this.library.loadArticle(url, undefined, { onFirstPage, ...(force ? { reload: true } : {}) }).then(
      (value) => this.setArticle(url, { status: "ready", value }),
      (error: unknown) => this.setArticle(url, failure(error)),
    );
  }
}

/** The list without its items, which it keeps as URLs (see DataStore.show). */
function released(load: Load<ChannelList> & { status: "ready" }): Load<ChannelList> {
  if (load.released) return load;
  return {
    status: "ready",
    value: { ...load.value, items: [] },
    released: { urls: flatCopies(load.value.items.map((item) => item.url)) },
  };
}

/** The URLs of a ready list's items, held or released. */
export function listUrls(load: Load<ChannelList> & { status: "ready" }): readonly string[] {
  return load.released?.urls ?? load.value.items.map((item) => item.url);
}

/** A ready list's number of items and of those not read, held or released. */
export function listCounts(
  load: Load<ChannelList> & { status: "ready" },
  isRead: (url: string) => boolean,
): { total: number; unread: number } {
  const urls = listUrls(load);
  let unread = 0;
  for (const url of urls) if (!isRead(url)) unread++;
  return { total: urls.length, unread };
}

function failure(error: unknown): Load<never> {
  if (error instanceof PendingChannelError)
    return { status: "error", error: messageOf(error), pending: true };
  return error instanceof NoNetworkError
    ? { status: "error", error: messageOf(error), noNetwork: true }
    : { status: "error", error: messageOf(error) };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function useData(store: DataStore): DataSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
