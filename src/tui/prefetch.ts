// The `prefetch` setting: after a refresh, the full article of each new item is fetched, extracted and kept
// (readable offline, found by search), a few at a time, in the background. It never holds the interface: one
// article at a time per slot, a turn of the event loop before each, and none started while the person waits
// for an article of their own.
import { hasWebLink, type Article, type Validators } from "../model.js";

export interface PrefetchProgress {
  /** Articles fetched (or given up on) out of `total` asked for since the start. */
  done: number;
  total: number;
  failed: number;
}

export interface PrefetchOptions {
  /**
   * Fetches and extracts one article, waiting for `beforeParse` between download and parse; undefined when
   * there is nothing to keep.
   */
  fetch(
    url: string,
    signal: AbortSignal,
    beforeParse: () => Promise<void>,
  ): Promise<{ article: Article; validators?: Validators } | undefined>;
  /** Keeps an article fetched (readable offline, searchable). */
  keep(url: string, article: Article, validators: Validators | undefined): void;
  /**
   * Resolves when the person has left the keys alone for a moment: parsing and keeping an article hold the
   * event loop for tens of milliseconds, and are done then. Default: at once.
   */
  whenIdle?: () => Promise<void>;
  /** Of these URLs, those with no article kept yet. */
  missing(urls: readonly string[]): Promise<string[]>;
  /** True while the person waits for something (an article opening): no new prefetch starts then. */
  busy?: () => boolean;
  /** How many at a time (default 2: the network layer allows 2 per host, so a host is never all ours). */
  concurrency?: number;
  onProgress?: (progress: PrefetchProgress) => void;
  onError?: (error: unknown) => void;
}

/** How many of a list's items one refresh prefetches at most (the newest, in the feed's order). */
export const PREFETCH_PER_LIST = 30;

/**
 * A `whenIdle` for the Prefetcher: resolves once `quietMs` have passed since `lastActivity()` (a key), and never
 * sooner than the next turn of the event loop.
 */
export function idleAfter(lastActivity: () => number, quietMs: number): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      const check = () => {
        const wait = lastActivity() + quietMs - performance.now();
        if (wait <= 0) resolve();
        else setTimeout(check, wait);
      };
      setImmediate(check);
    });
}

export class Prefetcher {
  private readonly queue: string[] = [];
  /** Every URL asked for this run: a refresh brings the same items again. */
  private readonly asked = new Set<string>();
  private active = 0;
  private readonly progress: PrefetchProgress = { done: 0, total: 0, failed: 0 };
  private readonly stopper = new AbortController();
  private idle: Array<() => void> = [];

  constructor(private readonly options: PrefetchOptions) {}

  /** Queues the items of a list just loaded: those with a web page, not asked for before, not kept yet. */
  add(urls: readonly string[]): void {
    const fresh = urls.filter((url) => hasWebLink(url) && !this.asked.has(url)).slice(0, PREFETCH_PER_LIST);
    if (fresh.length === 0 || this.stopper.signal.aborted) return;
    for (const url of fresh) this.asked.add(url);
    this.active++; // the lookup counts as work: `settled` waits for it
    this.options
      .missing(fresh)
      .then(
        (missing) => {
          if (missing.length === 0) return;
          this.queue.push(...missing);
          this.progress.total += missing.length;
          this.report();
        },
        (error: unknown) => this.options.onError?.(error),
      )
      .finally(() => {
        this.active--;
        this.pump();
      });
  }

  /** Starts what the slots allow, each after a turn of the event loop (keys and frames go first). */
  pump(): void {
    const limit = this.options.concurrency ?? 2;
    while (this.active < limit && this.queue.length > 0 && !this.stopper.signal.aborted) {
      if (this.options.busy?.()) return; // pumped again when the data changes
      const url = this.queue.shift()!;
      this.active++;
      const idle = this.options.whenIdle ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
      void idle()
        .then(() => this.options.fetch(url, this.stopper.signal, idle))
        .then(async (fetched) => {
          if (!fetched || this.stopper.signal.aborted) return;
          await idle();
          this.options.keep(url, fetched.article, fetched.validators);
        })
        .catch(() => {
          this.progress.failed++;
        })
        .finally(() => {
          this.active--;
          this.progress.done++;
          this.report();
          this.pump();
        });
    }
    if (this.active === 0 && (this.queue.length === 0 || this.stopper.signal.aborted)) {
      const waiting = this.idle;
      this.idle = [];
      for (const resolve of waiting) resolve();
    }
  }

  /** Resolves when nothing is queued or running (tests). */
  settled(): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops: what is running is aborted, nothing more starts (quitting). */
  stop(): void {
    this.stopper.abort();
    this.queue.length = 0;
  }

  private report(): void {
    this.options.onProgress?.({ ...this.progress });
  }
}
