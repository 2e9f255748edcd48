// Asynchronous loading of channel lists and articles for the interface. Results live in a small external store
// (subscribe/getSnapshot) so that finished fetches re-render together, and nothing is fetched twice. A finished
// list costs O(1) here whatever the number of channels: the lists are one map updated in place, the number
// loading is counted as it changes, and listeners hear of lists at most once a frame.
import { useSyncExternalStore } from "react";
import { NoNetworkError, type Article, type Channel } from "../model.js";
import type { ChannelList, Library, LoadOptions } from "../sources/library.js";
import { sectionListId } from "./state.js";

export type Load<T> =
  | { status: "loading" }
  | { status: "ready"; value: T }
  /** `noNetwork`: there was no network at all (not this site's fault). */
  | { status: "error"; error: string; noNetwork?: boolean };

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
/** Lists finishing within this many ms of each other are shown in one frame. */
const LIST_FRAME_MS = 40;

export class DataStore {
  private readonly lists = new Map<string, Load<ChannelList>>();
  private loading = 0;
  private snapshot: DataSnapshot = { lists: this.lists, articles: new Map(), loading: 0 };
  private readonly listeners = new Set<() => void>();
  private listTimer: NodeJS.Timeout | undefined;
  private lastListNotice = 0;

  /** `maxAgeMs`: at start, a cached list younger than this is shown without asking the network. */
  constructor(
    private readonly library: Library,
    private readonly maxAgeMs?: number,
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
    const before = this.lists.get(id);
    this.loading += (load.status === "loading" ? 1 : 0) - (before?.status === "loading" ? 1 : 0);
    this.lists.set(id, load);
    // A burst of finished lists (a refresh of many channels) makes one new snapshot and one render per frame.
    if (this.listTimer) return;
    const wait = Math.max(0, this.lastListNotice + LIST_FRAME_MS - Date.now());
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
    this.loadList(channel, force, (options) => this.library.loadChannel(channel, options));
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

  private loadList(
    channel: Channel,
    force: boolean,
    read: (options: LoadOptions) => Promise<ChannelList>,
  ): void {
    const current = this.lists.get(channel.id);
    if (current && (current.status === "loading" || !force)) return;
    this.setList(channel.id, { status: "loading" });
    // Lists as the interface keeps them; what was shown stays when the server says it has not changed.
    const options = { compact: true, ...(current?.status === "ready" ? { previous: current.value } : {}) };
    read(force || this.maxAgeMs === undefined ? options : { ...options, maxAgeMs: this.maxAgeMs }).then(
      (value) => this.setList(channel.id, { status: "ready", value }),
      (error: unknown) => this.setList(channel.id, failure(error)),
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

function failure(error: unknown): Load<never> {
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
