// Resident memory for a long session. Every article opened is fetched, parsed into a DOM, laid out and drawn;
// almost all of that is garbage a moment later. V8 collects its old generation only when it nears a limit
// that grows with the heap, and keeps the pages it freed, so after a hundred articles the process holds
// ~200 MB of which ~30 MB is live. So when the heap has grown well past what was live at the last collection,
// the keeper asks V8 for a full collection: in the first pause (250 ms without a frame; a reader is idle most
// of the time), twice so that sparse pages are compacted and returned; or, after growth of twice the bar without
// any pause (articles opened one after another), once, right after a frame is written. That one frees garbage
// but keeps its pages, so a pause also collects when the heap has taken much more memory than after the last
// pause's collection. A full collection holds the program for 20–40 ms, so the one between frames never runs while
// keys are arriving (paging through a long list, a held key): it waits for a gap in the keys, unless the heap has
// grown so far (four times the bar) that memory matters more.
// The bar grows with what is live: a full collection costs time in proportion to the live heap, so with a fixed bar
// a large live heap (a refresh of 2,000 feeds) was collected ever more often at ever more cost (45% of its CPU).
// While many lists load (a refresh), the one between frames waits until the heap has grown four times the bar: a
// refresh draws a frame every 200 ms, so it has no pause, and ends in one that gives the memory back.
import { lazyBuiltin } from "../builtin.js";

// Loaded at first use, after the first frame is out.
const v8 = lazyBuiltin<typeof import("node:v8")>("node:v8");
const vm = lazyBuiltin<typeof import("node:vm")>("node:vm");

type Collect = () => void;

/** Keys closer together than this are one burst (a held key, pages turned one after another). */
const KEY_GAP_MS = 120;
/**
 * Growth past the bar, in bars, that runs a collection between frames without waiting for a gap in the keys. Three
 * instead of four made no difference to RSS after opening 100 articles (`bench-tui --only=memory`, 6 runs each:
 * median 124.7 MB against 120.5 MB, within the runs' spread), and more collections fall inside key bursts.
 */
const AT_ONCE_BARS = 4;
/** The bar is at least this share of the heap live after the last collection. */
const LIVE_SHARE = 0.5;

/**
 * Keeps V8's young generation at its initial size (1 MB semispaces) instead of letting it grow to 16 MB: both
 * semispaces stay resident once grown, 32 MB for a program whose live data is a few MB. Scavenges become more
 * frequent and each is smaller; what they promote is garbage the collections below return. Measured with
 * `npm run bench` (RSS and key→frame figures). Heap-sizing flags are read at every resize, so setting it at run
 * time works (unlike the semispace maximum, which V8 reads only at start).
 */
export function keepYoungGenerationSmall(): void {
  try {
    v8().setFlagsFromString("--semi-space-growth-factor=1");
  } catch {
    // An unusual runtime: V8's own sizing stays.
  }
}

/** V8's collector, obtained once; undefined where the runtime refuses (then V8's own heuristics rule). */
let collector: Collect | null | undefined = null;
function getCollector(): Collect | undefined {
  if (collector !== null) return collector;
  collector = undefined;
  try {
    const exposed = typeof (globalThis as { gc?: unknown }).gc === "function";
    if (exposed) collector = (globalThis as { gc: Collect }).gc;
    else {
      v8().setFlagsFromString("--expose-gc");
      collector = vm().runInNewContext("gc") as Collect;
      v8().setFlagsFromString("--no-expose-gc");
    }
  } catch {
    collector = undefined;
  }
  return collector;
}

export interface MemoryKeeperOptions {
  /** Quiet time (no frame written) before a collection may run. */
  idleMs?: number;
  /**
   * Heap growth past the last live size that is worth a collection in a pause (twice this: between frames), at
   * least: the bar is `liveShare` of the live heap when that is more.
   */
  growthBytes?: number;
  /** The bar's share of the live heap (default LIVE_SHARE; 0: a fixed bar). */
  liveShare?: number;
  /** Keys this close together are a burst that a collection between frames waits out. */
  keyGapMs?: number;
  /** Called after each collection (tests, READER_TRACE). */
  onCollect?: (info: { ms: number; before: number; after: number }) => void;
}

/** Bytes V8's heap holds now, live or not yet collected (`used`), and has taken from the system (`committed`). */
function heap(): { used: number; committed: number } {
  const stats = v8().getHeapStatistics();
  return { used: stats.used_heap_size, committed: stats.total_heap_size };
}

/** Watches activity; `touch()` on every frame written, `keyPressed()` on every key. `stop()` before exit. */
export class MemoryKeeper {
  private timer: NodeJS.Timeout | undefined;
  /** The heap in use after the last collection (first: when the keeper starts). */
  private live: number;
  /** What the heap had taken from the system after the last collection in a pause. */
  private committed: number;
  private readonly idleMs: number;
  private readonly growthBytes: number;
  private readonly liveShare: number;
  private readonly keyGapMs: number;
  private lastKeyAt = -Infinity;
  private loading = false;
  /** When the pause's collection is due (the idle time after the last frame). */
  private pauseAt = Infinity;

  private soon: NodeJS.Timeout | undefined;

  constructor(private readonly options: MemoryKeeperOptions = {}) {
    // The same two figures as heap(), without loading node:v8 before the first frame.
    const { heapUsed, heapTotal } = process.memoryUsage();
    this.live = heapUsed;
    this.committed = heapTotal;
    this.idleMs = options.idleMs ?? 250;
    this.growthBytes = options.growthBytes ?? 16 * 1024 * 1024;
    this.liveShare = options.liveShare ?? LIVE_SHARE;
    this.keyGapMs = options.keyGapMs ?? KEY_GAP_MS;
  }

  /** Growth worth a collection: the threshold, or a share of what was live after the last one when more. */
  private get bar(): number {
    return Math.max(this.growthBytes, this.live * this.liveShare);
  }

  /** A key arrived: a collection between frames waits until the keys leave a gap. */
  keyPressed(): void {
    this.lastKeyAt = performance.now();
  }

  /**
   * Many lists are loading at once (a refresh), or no longer. Meanwhile a collection between frames waits for
   * growth of AT_ONCE_BARS bars, not two; after it, the pause's collection gives the memory back. `node
   * scripts/bench-tui.mjs --only=scale --scale=2000 --cold-only --baseline=<without>`, once in each order under
   * load: 15 and 18 collections instead of 31 and 37, cold CPU 0.84× and 0.83×, RSS after the refresh 128.9 and
   * 132.8 MB against 129.6 and 119.7 MB.
   */
  loadingMany(on: boolean): void {
    this.loading = on;
  }

  /**
   * Something happened (a frame was written): a collection waits for the next pause — or, when the heap has
   * grown by twice the threshold without a pause (articles opened one after another), runs after this frame, so
   * the screen is already up to date while it runs: at once, or once the keys leave a gap.
   */
  touch(): void {
    this.pauseAt = performance.now() + this.idleMs;
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(() => this.paused(), this.idleMs);
      this.timer.unref();
    }
    const due = (this.loading ? AT_ONCE_BARS : 2) * this.bar;
    if (!this.soon && heap().used - this.live >= due) this.collectSoon();
  }

  /**
   * The pause's collection, unless its timer comes late: then the program was busy, not idle (a long task held
   * it, such as a list of thousands parsed), and keys typed meanwhile are waiting to be read: wait for a real pause.
   */
  private paused(): void {
    const now = performance.now();
    if (now - this.pauseAt > this.idleMs / 2) {
      this.pauseAt = now + this.idleMs;
      this.timer?.refresh();
      return;
    }
    this.collect(true);
  }

  private collectSoon(wait = 0): void {
    this.soon = setTimeout(() => {
      this.soon = undefined;
      const left = this.lastKeyAt + this.keyGapMs - performance.now();
      if (left > 0 && heap().used - this.live < AT_ONCE_BARS * this.bar) this.collectSoon(left);
      else this.collect();
    }, wait);
    this.soon.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.soon);
    this.soon = undefined;
  }

  private collect(thorough = false): void {
    // The pause's collection stays due after one right after a frame: that one keeps the pages it freed.
    if (thorough) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const { used: before, committed } = heap();
    // A collection right after a frame frees the garbage but leaves its pages taken; so does one that is followed
    // by less than the threshold of new garbage. The next pause gives them back when the heap holds much more
    // than after the last pause's collection.
    const bar = this.bar;
    const grown = before - this.live >= bar || (thorough && committed - this.committed >= bar);
    if (!grown) return;
    const collect = getCollector();
    if (!collect) return;
    const start = performance.now();
    collect();
    // A second collection right after the first finds the pages the first left sparse and moves their objects
    // together, so whole pages go back to the system: worth it in a pause, not between frames.
    if (thorough) collect();
    const now = heap();
    const after = now.used;
    this.live = after;
    if (thorough) this.committed = now.committed;
    this.options.onCollect?.({ ms: performance.now() - start, before, after });
  }
}
