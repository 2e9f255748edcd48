// Asynchronous loading of channel lists and articles for the interface. Results live in a small external store
// (subscribe/getSnapshot) so that a finished fetch re-renders once, and nothing is fetched twice.
import { useSyncExternalStore } from "react";
import { NoNetworkError, type Article, type Channel } from "../model.js";
import type { ChannelList, Library } from "../sources/library.js";

export type Load<T> =
  | { status: "loading" }
  | { status: "ready"; value: T }
  /** `noNetwork`: there was no network at all (not this site's fault). */
  | { status: "error"; error: string; noNetwork?: boolean };

export interface DataSnapshot {
  lists: ReadonlyMap<string, Load<ChannelList>>;
  articles: ReadonlyMap<string, Load<Article>>;
}

const MAX_ARTICLES = 8;

export class DataStore {
  private snapshot: DataSnapshot = { lists: new Map(), articles: new Map() };
  private readonly listeners = new Set<() => void>();

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
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }

  private setList(id: string, load: Load<ChannelList>): void {
    this.update({ lists: new Map(this.snapshot.lists).set(id, load) });
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
    const current = this.snapshot.lists.get(channel.id);
    if (current && (current.status === "loading" || !force)) return;
    this.setList(channel.id, { status: "loading" });
    this.library
      .loadChannel(channel, force || this.maxAgeMs === undefined ? {} : { maxAgeMs: this.maxAgeMs })
      .then(
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
