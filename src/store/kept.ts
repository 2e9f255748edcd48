// The archive as the interface uses it: opened once the first frame is up, then everything read is kept in
// it. Until it is open (and if it never opens) writes wait in order on its promise; a write that fails (the
// disk full, another reader holding it past the busy timeout) is logged and the interface goes on.
import path from "node:path";
import type { Article, ArticleRef, Channel, Validators } from "../model.js";
import { ReaderError } from "../model.js";
import {
  openArchive,
  loadNormaliser,
  type Archive,
  type KeptArticle,
  type KeptItem,
  type SearchHit,
} from "./archive.js";
import { importOnce } from "./archive-import.js";
import { cacheDir } from "./paths.js";
import type { ReadingPosition, Store } from "./store.js";

export const KEEP_DAYS = 90;
// A part is one transaction on the main thread: 20 new items take a few milliseconds (bench-tui --only=biglist).
const ITEMS_PER_WRITE = 20;

export interface KeptOptions {
  /** Defaults to cacheDir(). */
  dir?: string;
  /** Where the HTTP cache is (imported once); defaults to `dir/http`. */
  httpCacheDir?: string;
  /** A warning to show the person (the database moved aside, search off). */
  onWarning?: (text: string) => void;
  onError?: (error: unknown) => void;
}

/** The next turn of the event loop: keys and frames waiting go first. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class KeptArchive {
  /** What the person should be told about the archive (moved aside, read-only, off). */
  readonly warnings: string[] = [];
  private opening: Promise<Archive | undefined> | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly options: KeptOptions = {},
  ) {}

  /** Opens the database, imports today's files once and prunes what is older than KEEP_DAYS. */
  open(): Promise<Archive | undefined> {
    this.opening ??= (async () => {
      const dir = this.options.dir ?? cacheDir();
      const { archive, warnings } = await openArchive({ dir, normalise: await loadNormaliser() });
      this.warnings.push(...warnings);
      for (const warning of warnings) this.options.onWarning?.(warning);
      if (!archive || archive.readOnly) return archive;
      try {
        await importOnce(archive, this.store, this.options.httpCacheDir ?? path.join(dir, "http"));
        archive.prune(KEEP_DAYS);
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

  /** Runs a write once the archive is open, after the writes asked for before it. */
  private later(write: (archive: Archive) => void, paced = false): void {
    this.chain = this.chain
      // A turn of the event loop between writes: keys and frames go between them.
      .then(() => (paced ? this.pace() : nextTurn()))
      .then(() => this.open())
      .then((archive) => {
        if (archive && !archive.readOnly) write(archive);
      })
      .catch((error: unknown) => this.options.onError?.(error));
  }

  /**
   * At quit: the writes still waiting go through one after another without waiting for a pause, for at most
   * `ms`. A list not yet kept would otherwise be missing from search until it changes (an unchanged list is not
   * kept again).
   */
  async drain(ms: number): Promise<void> {
    this.pace = nextTurn;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.settled(), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /** Resolves when every write asked for so far is done (tests, and before quitting). */
  settled(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  keepItems(channel: Channel, items: readonly ArticleRef[]): void {
    const kept: KeptItem[] = items.map((item) => ({ ...item, channel: channel.id }));
    // In small transactions, so that a list of thousands never holds the interface for long.
    for (let i = 0; i < kept.length; i += ITEMS_PER_WRITE) {
      const part = kept.slice(i, i + ITEMS_PER_WRITE);
      this.later((archive) => archive.putItems(part), true);
    }
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
    return new Proxy(store, {
      get(target, key) {
        if (typeof key === "string" && key in overrides) return overrides[key as keyof Store];
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}
