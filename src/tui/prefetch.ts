// The `prefetch` setting: after a refresh, the full article of each new item is fetched, extracted and kept
// (readable offline, found by search), a few at a time, in the background. The work is done in a worker thread
// (src/tui/prefetch-worker.ts): a 100 KB page takes 100–300 ms to parse and keep, which on the interface's
// thread held any key pressed meanwhile. The interface's side (PrefetchThread) hands it URLs, lends it request
// slots from its own limiter (per-host bounds hold across both threads), gives its writes their turn among its
// own, and shows its progress.
import type { Worker, WorkerOptions } from "node:worker_threads";
import { lazyBuiltin } from "../builtin.js";
import { hasWebLink, type Article, type Validators } from "../model.js";
import type { Release, RequestLimiter } from "../sources/limiter.js";
import { sanitizeInline } from "../text/sanitize.js";
import { errorText } from "../writer.js";

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
  /** Keeps an article fetched (readable offline, searchable); a promise when the write waits its turn. */
  keep(url: string, article: Article, validators: Validators | undefined): void | Promise<void>;
  /** Resolves when the work that holds the event loop (parse, keep) may run. Default: the next turn. */
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

/** Of a list's URLs, those to prefetch: with a web page, not asked for before (`asked`, which takes them). */
function takeFresh(urls: readonly string[], asked: Set<string>): string[] {
  const fresh = urls.filter((url) => hasWebLink(url) && !asked.has(url)).slice(0, PREFETCH_PER_LIST);
  for (const url of fresh) asked.add(url);
  return fresh;
}

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

/** The queue of articles to prefetch, run where the work is done (the worker thread; in-thread in tests). */
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
    if (this.stopper.signal.aborted) return;
    const fresh = takeFresh(urls, this.asked);
    if (fresh.length === 0) return;
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

  /** Starts what the slots allow, each after a turn of the event loop. */
  pump(): void {
    const limit = this.options.concurrency ?? 2;
    while (this.active < limit && this.queue.length > 0 && !this.stopper.signal.aborted) {
      if (this.options.busy?.()) return; // pumped again when that is over
      const url = this.queue.shift()!;
      this.active++;
      const idle = this.options.whenIdle ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
      void idle()
        .then(() => this.options.fetch(url, this.stopper.signal, idle))
        .then(async (fetched) => {
          if (!fetched || this.stopper.signal.aborted) return;
          await idle();
          await this.options.keep(url, fetched.article, fetched.validators);
        })
        .catch((error: unknown) => {
          this.progress.failed++;
          if (!this.stopper.signal.aborted) this.options.onError?.(error);
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

  /** Resolves when nothing is queued or running. */
  settled(): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops: what is running is aborted, nothing more starts (quitting). Resolves when what ran has ended. */
  stop(): Promise<void> {
    this.stopper.abort();
    this.queue.length = 0;
    this.pump();
    return this.settled();
  }

  private report(): void {
    this.options.onProgress?.({ ...this.progress });
  }
}

/** What the interface tells the worker. */
export type ToWorker =
  | { type: "add"; urls: string[] }
  | { type: "busy"; busy: boolean }
  /** A request slot asked for is had (`slot`), or a write's turn has come (`turn`). */
  | { type: "granted"; id: number }
  | { type: "stop" };

/** What the worker tells the interface. */
export type FromWorker =
  | { type: "slot"; id: number; host: string }
  | { type: "release"; id: number }
  /** A request long without an answer (RequestLimiter's Release.stalled). */
  | { type: "stalled"; id: number }
  | { type: "turn"; id: number }
  | { type: "written"; id: number }
  | { type: "progress"; progress: PrefetchProgress }
  /** An article that could not be had or kept (for the debug log; progress counts it). */
  | { type: "failed"; message: string }
  /** The worker cannot go on (the database would not open): said on the status line. */
  | { type: "fatal"; message: string }
  /** Nothing queued or running, after `adds` lists handed over. */
  | { type: "idle"; adds: number }
  | { type: "stopped" };

/** What the worker is started with. */
export interface PrefetchWorkerData {
  /** The cache directory (archive and HTTP cache); the default one when undefined. */
  dir?: string;
}

/** How the worker thread is started (tests start the TypeScript module through tsx). */
export type SpawnWorker = (options: WorkerOptions & { workerData: PrefetchWorkerData }) => Worker;

export interface PrefetchThreadOptions {
  /** The interface's request slots: the worker's requests count against the same bounds. */
  slots: Pick<RequestLimiter, "acquire">;
  /**
   * Runs a write of the worker's in its turn among the interface's own (KeptArchive.turn): better-sqlite3 waits
   * for another connection's lock synchronously, so an interface write behind the worker's would hold a key.
   */
  turn(work: () => Promise<void>): Promise<void>;
  /** Resolves true once the archive is open and writable; the worker starts after that, never before. */
  ready(): Promise<boolean>;
  dir?: string;
  /** True while the person waits for an article of their own: the worker starts no new fetch then. */
  busy?: () => boolean;
  /**
   * Told of progress (the status line), the latest only, once `whenIdle` resolves: a render between two keys of
   * a held key would delay the second.
   */
  onProgress?: (progress: PrefetchProgress) => void;
  whenIdle?: () => Promise<void>;
  /** An article that failed (the debug log). */
  onError?: (error: unknown) => void;
  /** The worker stopped for good (it could not open the database, or it crashed): a line to show, sanitised. */
  onFailure?: (message: string) => void;
  spawn?: SpawnWorker;
}

// Loaded when the worker is first started (the prefetch setting is on and a list has new items).
const workerThreads = lazyBuiltin<typeof import("node:worker_threads")>("node:worker_threads");

const spawnBundled: SpawnWorker = (options) =>
  // Built beside this module's chunk in dist/ (scripts/build.mjs).
  new (workerThreads().Worker)(new URL("./prefetch-worker.js", import.meta.url), options);

/** A request slot asked for by the worker: had (`release`), or let go before it was had (`dropped`). */
interface Slot {
  release?: Release;
  dropped?: boolean;
}

/** One worker thread, and what the interface holds for it. */
interface Running {
  worker: Worker;
  /** Request slots held for it (or asked for: released as soon as had, if it let go meanwhile). */
  slots: Map<number, Slot>;
  /** Its writes whose turn has come, by id: resolved when it says it is done. */
  writes: Map<number, () => void>;
  /** Lists handed to it. */
  adds: number;
  /** Told to end (done, or quitting): it is not handed anything more. */
  retired: boolean;
  ended: Promise<void>;
  endedNow: boolean;
}

/**
 * The interface's side of the worker: started with the first URLs handed over (after the first frame, once the
 * archive is open), ended when it has nothing left to do (its memory, ~40 MB, is given back; the next refresh
 * starts another), and stopped at quit with its writes finished. Nothing it does here holds the event loop for
 * more than a message.
 */
export class PrefetchThread {
  private current: Promise<Running | undefined> | undefined;
  /** The worker `current` resolved to, once started. */
  private live: Running | undefined;
  /** A worker that has been told to end: the next one starts after it has. */
  private ending: Promise<void> = Promise.resolve();
  private readonly asked = new Set<string>();
  private stopped = false;
  private wasBusy = false;
  /** Progress not yet told (waiting for a pause in the keys). */
  private progress: PrefetchProgress | undefined;

  constructor(private readonly options: PrefetchThreadOptions) {}

  /** Hands over a list's items: the newest with a web page that were not handed over before. */
  add(urls: readonly string[]): void {
    if (this.stopped) return;
    const fresh = takeFresh(urls, this.asked);
    if (fresh.length === 0) return;
    void this.running().then((running) => {
      if (!running || running.retired) return;
      running.adds++;
      running.worker.postMessage({ type: "add", urls: fresh } satisfies ToWorker);
    });
  }

  /** Tells the worker whether the person is waiting for an article (called when the data changes). */
  pump(): void {
    const busy = this.options.busy?.() ?? false;
    if (busy === this.wasBusy) return;
    this.wasBusy = busy;
    void this.current?.then((running) =>
      running?.worker.postMessage({ type: "busy", busy } satisfies ToWorker),
    );
  }

  /**
   * Stops the worker: nothing new starts, what runs is aborted, a write under way is finished; the database is
   * closed and the thread ends. Its end takes a turn among the archive's writes, so that quitting (which waits
   * for those) waits for it too. Resolves when it has ended.
   */
  stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      void this.current?.then((running) => running && this.retire(running));
    }
    return (this.current ?? Promise.resolve(undefined)).then((running) =>
      Promise.all([running?.ended, this.ending]).then(() => undefined),
    );
  }

  /** The worker to hand URLs to: the one running, else a new one (after the last has ended). */
  private running(): Promise<Running | undefined> {
    this.current ??= this.ending
      .then(() => this.options.ready())
      .then((ready) => (ready && !this.stopped ? this.start() : undefined));
    return this.current;
  }

  private start(): Running {
    const worker = (this.options.spawn ?? spawnBundled)({
      workerData: this.options.dir ? { dir: this.options.dir } : {},
      // Its output (Node's warnings) would be drawn over the screen: the debug log has it instead.
      stdout: true,
      stderr: true,
    });
    for (const output of [worker.stdout, worker.stderr])
      output.on("data", (chunk: Buffer) => this.options.onError?.(`prefetch worker: ${String(chunk)}`));
    // Never what keeps the process alive: it ends when done, at quit, or with the process.
    worker.unref();
    const running: Running = {
      worker,
      slots: new Map(),
      writes: new Map(),
      adds: 0,
      retired: false,
      ended: new Promise<void>((resolve) => worker.once("exit", () => resolve())),
      endedNow: false,
    };
    this.live = running;
    void running.ended.then(() => this.onExit(running));
    worker.on("message", (message: FromWorker) => this.onMessage(running, message));
    worker.on("error", (error) => this.fail(`預取停止 prefetch stopped: ${errorText(error)}`));
    if (this.wasBusy) worker.postMessage({ type: "busy", busy: true } satisfies ToWorker);
    return running;
  }

  /** Tells a worker to end; the next URLs go to a new one. */
  private retire(running: Running): void {
    if (running.retired) return;
    running.retired = true;
    if (this.live === running) {
      this.current = undefined;
      this.live = undefined;
      this.ending = running.ended;
    }
    if (running.endedNow) return;
    running.worker.postMessage({ type: "stop" } satisfies ToWorker);
    void this.options.turn(() => running.ended);
  }

  private onMessage(running: Running, message: FromWorker): void {
    const { worker, slots, writes } = running;
    switch (message.type) {
      case "slot": {
        const slot: Slot = {};
        slots.set(message.id, slot);
        this.options.slots.acquire(message.host).then((release) => {
          if (slot.dropped || running.endedNow) return release();
          slot.release = release;
          worker.postMessage({ type: "granted", id: message.id } satisfies ToWorker);
        }, this.options.onError);
        return;
      }
      case "stalled":
        slots.get(message.id)?.release?.stalled();
        return;
      case "release": {
        const slot = slots.get(message.id);
        slots.delete(message.id);
        if (slot?.release) slot.release();
        else if (slot) slot.dropped = true;
        return;
      }
      case "turn":
        void this.options.turn(
          () =>
            new Promise<void>((resolve) => {
              if (running.endedNow) return resolve();
              writes.set(message.id, resolve);
              worker.postMessage({ type: "granted", id: message.id } satisfies ToWorker);
            }),
        );
        return;
      case "written":
        writes.get(message.id)?.();
        writes.delete(message.id);
        return;
      case "progress":
        this.report(message.progress);
        return;
      case "idle":
        // Done with every list handed to it (none on its way): ended, its memory given back.
        if (message.adds === running.adds) this.retire(running);
        return;
      case "failed":
        this.options.onError?.(new Error(message.message));
        return;
      case "fatal":
        this.stopped = true;
        this.fail(message.message);
        return;
      case "stopped":
        return;
    }
  }

  private report(progress: PrefetchProgress): void {
    const waiting = this.progress !== undefined;
    this.progress = progress;
    if (waiting) return;
    void (this.options.whenIdle?.() ?? Promise.resolve()).then(() => {
      const latest = this.progress;
      this.progress = undefined;
      if (latest) this.options.onProgress?.(latest);
    });
  }

  private fail(text: string): void {
    this.options.onFailure?.(sanitizeInline(text));
  }

  /** A thread has ended (done, stopped, crashed or killed): what it held is let go. */
  private onExit(running: Running): void {
    running.endedNow = true;
    for (const slot of running.slots.values()) {
      if (slot.release) slot.release();
      else slot.dropped = true;
    }
    running.slots.clear();
    for (const done of running.writes.values()) done();
    running.writes.clear();
    // One that ended on its own (a crash) is not started again for the next list: said once, and that is all.
    if (this.live === running) this.stopped = true;
  }
}
