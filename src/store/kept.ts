// The archive as the interface uses it: opened once the first frame is up, then everything read is kept in
// it. Until it is open (and if it never opens) writes wait in order on its promise; a write that fails (the
// disk full, another reader holding it past the busy timeout) is logged and the interface goes on.
import type { Hash } from "node:crypto";
import path from "node:path";
import type { Article, ArticleRef, Channel, Validators } from "../model.js";
import { ReaderError, ownRef } from "../model.js";
import {
  openArchive,
  loadNormaliser,
  type Archive,
  type KeptArticle,
  type KeptItem,
  type SearchHit,
} from "./archive.js";
import { importOnce } from "./archive-import.js";
import { lazyBuiltin } from "../builtin.js";
import { cacheDir } from "./paths.js";
import { trace } from "../trace.js";
import type { ReadingPosition, Store } from "./store.js";

export const KEEP_DAYS = 90;
/**
 * A list held unchanged for this long is kept again when it is read back unchanged: the archive forgets items not
 * seen for KEEP_DAYS, and a feed may stay the same for that long.
 */
const KEEP_AGAIN_MS = 7 * 86_400_000;
// A part is one transaction on the main thread: 50 new items take a few milliseconds (bench-tui --only=biglist),
// what 20 took before the index's tokens were made in one pass. Each transaction costs a commit (the index's
// pending tokens written out): 50 a part takes 15% less CPU per item than 20 (a list of 50 is one part).
const ITEMS_PER_WRITE = 50;
/**
 * Characters of list items waiting to be written past which the next feed waits before it is fetched (see room):
 * a cold refresh of 2,000 feeds brings items faster than they are written, and all of them waiting held ~100 MB
 * more heap (RSS 205–244 MB after it). This many is ~40 feeds of 50 items, a few seconds of writes.
 */
const MAX_WAITING_CHARS = 2_000_000;

export interface KeptOptions {
  /** Defaults to cacheDir(). */
  dir?: string;
  /** Where the HTTP cache is (imported once); defaults to `dir/http`. */
  httpCacheDir?: string;
  /** A warning to show the person (the database moved aside, search off). */
  onWarning?: (text: string) => void;
  onError?: (error: unknown) => void;
  /** Characters of list items waiting to be written past which `room()` waits (default MAX_WAITING_CHARS). */
  maxWaitingChars?: number;
}

const crypto = lazyBuiltin<typeof import("node:crypto")>("node:crypto");

/**
 * What identifies a list as kept: its items' identities, links, titles and dates in order, then, after a space,
 * their summaries when it has any. A list saved compact (no summaries) and read back at the next start has the
 * first part only, and is held when that part is (Archive.holdsList); one parsed again is held only with the same
 * summaries, so that a summary changed under the same title and link is searched for.
 */
export function listDigest(items: readonly ArticleRef[]): string {
  const hash = crypto().createHash("sha1");
  let summaries: Hash | undefined;
  for (const [i, item] of items.entries()) {
    hash.update(
      `${item.id ?? item.url}\u0000${item.url}\u0000${item.title}\u0000${item.published ?? ""}\u0001`,
    );
    if (item.summary) (summaries ??= crypto().createHash("sha1")).update(`${i}\u0000${item.summary}\u0001`);
  }
  return hash.digest("base64") + (summaries ? ` ${summaries.digest("base64")}` : "");
}

/** How a list read back unchanged is kept: only when the archive does not hold it (see keepItems). */
export interface UnchangedList {
  /** The list's items as parsed (with their summaries, which a saved list lacks), when they can be had. */
  reread?: () => Promise<readonly ArticleRef[] | undefined>;
}

/** About how much of the heap an item waiting to be written holds, in characters. */
function itemChars(item: KeptItem): number {
  return (
    item.title.length +
    item.url.length +
    (item.id?.length ?? 0) +
    (item.summary?.length ?? 0) +
    (item.published?.length ?? 0) +
    (item.source?.length ?? 0)
  );
}

/** The next turn of the event loop: keys and frames waiting go first. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class KeptArchive {
  /** What the person should be told about the archive (moved aside, read-only, off). */
  readonly warnings: string[] = [];
  private opening: Promise<Archive | undefined> | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  /** Characters of the list items waiting to be written (see MAX_WAITING_CHARS). */
  private waiting = 0;
  /** Fetches waiting for the items ahead of them to be written. */
  private readonly roomWaiters: Array<() => void> = [];

  constructor(
    private readonly store: Store,
    private readonly options: KeptOptions = {},
  ) {}

  private get maxWaiting(): number {
    return this.options.maxWaitingChars ?? MAX_WAITING_CHARS;
  }

  /** Opens the database, imports today's files once and prunes what is older than KEEP_DAYS. */
  open(): Promise<Archive | undefined> {
    this.opening ??= (async () => {
      const dir = this.options.dir ?? cacheDir();
      const { archive, warnings } = await openArchive({ dir, normalise: await loadNormaliser() });
      this.warnings.push(...warnings);
      for (const warning of warnings) this.options.onWarning?.(warning);
      if (!archive || archive.readOnly) return archive;
      try {
        await importOnce(archive, this.store, this.options.httpCacheDir ?? path.join(dir, "http"), {
          pace: () => this.pace(),
          itemsPerPart: ITEMS_PER_WRITE,
          digest: listDigest,
        });
        archive.pruneIfDue(KEEP_DAYS);
      } catch (error) {
        this.options.onError?.(error);
      }
      return archive;
    })().catch((error: unknown) => {
      this.options.onError?.(error);
      return undefined;
    });
    return this.opening;
  }

  /** The directory of the database (and of the HTTP cache beside it). */
  get dir(): string {
    return this.options.dir ?? cacheDir();
  }

  /** True once the database is open for writing (false when it could not be, or only for reading). */
  async writable(): Promise<boolean> {
    const archive = await this.open();
    return archive !== undefined && !archive.readOnly;
  }

  /**
   * Searches everything kept (opening the archive first if need be), after the writes asked for before it: a
   * list just loaded is found.
   */
  async search(query: string, limit?: number): Promise<SearchHit[]> {
    await this.settled();
    const archive = await this.open();
    if (!archive) throw new ReaderError(this.warnings.join(" · ") || "search is off");
    return archive.search(query, limit);
  }

  /**
   * How the writes of a list's items wait their turn: by default a turn of the event loop; the interface sets a
   * wait for a pause in the keys, so that a list of thousands being kept never stands between a key and its frame.
   */
  pace: () => Promise<void> = nextTurn;

  /** Runs a write once the archive is open, after the writes asked for before it (and what it returns). */
  private later(write: (archive: Archive) => void | Promise<void>, paced = false): void {
    this.chain = this.chain
      // A turn of the event loop between writes: keys and frames go between them.
      .then(() => (paced ? this.pace() : nextTurn()))
      .then(() => this.open())
      .then((archive) => {
        if (archive && !archive.readOnly) return write(archive);
      })
      .catch((error: unknown) => this.options.onError?.(error));
  }

  /**
   * At quit (and on SIGTERM or SIGHUP): the writes still waiting go through one after another without waiting
   * for a pause, for at most `ms`. A list cut short here is kept at the next start (the archive records the lists
   * it holds), but finished now it is found by search at once.
   */
  async drain(ms: number): Promise<void> {
    this.pace = nextTurn;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.settled(), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /**
   * Resolves when every write asked for so far is done, and those they asked for in turn (a list found not held
   * is kept in parts asked for then): tests, and before quitting.
   */
  async settled(): Promise<void> {
    let chain: Promise<unknown>;
    do {
      chain = this.chain;
      await chain;
    } while (chain !== this.chain);
  }

  /**
   * Runs `work`, a write made through another connection (the prefetch worker's), in its turn among the writes
   * here: better-sqlite3 waits for another connection's lock synchronously, so a write here behind one of the
   * worker's would hold the event loop for as long as that one takes.
   */
  turn(work: () => Promise<void>): Promise<void> {
    const done = this.chain.then(nextTurn).then(work);
    this.chain = done.catch((error: unknown) => this.options.onError?.(error));
    return done;
  }

  /**
   * Resolves once the list items waiting to be written are few enough for another feed's (at once, mostly):
   * awaited before a feed is fetched, so that a refresh goes at the speed the archive writes rather than holding
   * everything it brought in memory.
   */
  room(): Promise<void> {
    if (this.waiting < this.maxWaiting) return Promise.resolve();
    if (this.roomWaiters.length === 0) trace(`archive backlog full: ${this.waiting} characters waiting`);
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** `chars` of waiting items were written (or dropped): fetches waiting for room go on when there is. */
  private written(chars: number): void {
    this.waiting -= chars;
    while (this.waiting < this.maxWaiting && this.roomWaiters.length > 0) this.roomWaiters.shift()?.();
  }

  /**
   * Keeps a channel's list for search. `unchanged`: the list was read back as it was (a 304, or the list saved
   * at the last run), and is kept only if the archive does not hold it as it is — its writes were cut short by a
   * kill or the quit bound, or it was kept long ago — so that nothing dropped stays out of search.
   */
  keepItems(channel: Channel, items: readonly ArticleRef[], unchanged?: UnchangedList): void {
    if (!unchanged) {
      this.keepList(channel.id, items);
      return;
    }
    // At the interface's pace too: the digest of a list of thousands and its parse again (the feed read once
    // more from the cache, ~0.5 s for 10,000 items) come just after the list is shown, when keys are likely.
    this.later(async (archive) => {
      const digest = listDigest(items);
      if (archive.holdsList(channel.id, digest, KEEP_AGAIN_MS)) return;
      const parsed = await unchanged.reread?.().catch(() => undefined);
      // Recorded with the summaries' part when read again with them.
      this.keepList(channel.id, parsed ?? items, parsed && parsed !== items ? undefined : digest);
    }, true);
  }

  /**
   * In small transactions, so that a list of thousands never holds the interface for long; the last records the
   * list as held (its digest worked out then, off the path that loaded the list).
   */
  private keepList(channel: string, items: readonly ArticleRef[], digest?: string): void {
    // In strings of their own: a refresh brings items faster than they are written, and while they wait a string
    // cut from the feed would keep the whole feed's text alive (RSS after a 2,000-feed refresh).
    const kept: KeptItem[] = items.map((item) => ({ ...ownRef(item, true), channel }));
    const lastPart = Math.max(0, Math.ceil(kept.length / ITEMS_PER_WRITE) - 1) * ITEMS_PER_WRITE;
    for (let i = 0; i < lastPart; i += ITEMS_PER_WRITE) {
      const part = kept.slice(i, i + ITEMS_PER_WRITE);
      this.laterPart(part, (archive) => archive.putItems(part));
    }
    const last = kept.slice(lastPart);
    this.laterPart(last, (archive) => archive.putListEnd(channel, digest ?? listDigest(items), last));
  }

  /** A part of a list, written in its turn (paced); its characters count as waiting until then. */
  private laterPart(part: readonly KeptItem[], write: (archive: Archive) => void): void {
    const chars = part.reduce((sum, item) => sum + itemChars(item), 0);
    this.waiting += chars;
    this.later(write, true);
    // Whether it was written, failed or had no archive to go to, it waits no more.
    this.chain = this.chain.then(() => this.written(chars));
  }

  keepArticle(url: string, article: Article, validators: Validators = {}): void {
    this.later((archive) => archive.putArticle(url, article, validators));
  }

  /** The article kept from an earlier fetch, if any (a database that cannot be read has none). */
  async keptArticle(url: string): Promise<KeptArticle | undefined> {
    try {
      return (await this.open())?.keptArticle(url);
    } catch (error) {
      this.options.onError?.(error);
      return undefined;
    }
  }

  /** Of `urls`, those with no article kept (all of them when there is no database). */
  async missingArticles(urls: readonly string[]): Promise<string[]> {
    try {
      return (await this.open())?.missingArticles(urls) ?? [...urls];
    } catch (error) {
      this.options.onError?.(error);
      return [...urls];
    }
  }

  /** Finishes the writes asked for, then closes the database (a command about to end). */
  async close(): Promise<void> {
    await this.settled();
    if (this.opening) (await this.opening)?.close();
  }

  /** The store, with read marks, positions and bookmarks copied into the archive as they are made. */
  storeKeeping(): Store {
    const { store } = this;
    const overrides: Partial<Store> = {
      setRead: (url: string, read: boolean) => {
        store.setRead(url, read);
        this.later((archive) => archive.setRead(url, read));
      },
      setPosition: (url: string, position: ReadingPosition) => {
        store.setPosition(url, position);
        this.later((archive) => archive.setPosition(url, position));
      },
      toggleBookmark: (ref: ArticleRef & { channelId?: string }) => {
        const bookmarked = store.toggleBookmark(ref);
        this.later((archive) => archive.setBookmarked(ref, bookmarked));
        return bookmarked;
      },
    };
    // The store's own methods bound once each: the interface asks `isRead` of every row it draws, and a method
    // bound at every call was a new function each time.
    const bound = new Map<PropertyKey, { method: unknown; bound: unknown }>();
    return new Proxy(store, {
      get(target, key) {
        if (typeof key === "string" && key in overrides) return overrides[key as keyof Store];
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== "function") return value;
        const kept = bound.get(key);
        if (kept?.method === value) return kept.bound;
        const method = (value as (...a: unknown[]) => unknown).bind(target);
        bound.set(key, { method: value, bound: method });
        return method;
      },
    });
  }
}
