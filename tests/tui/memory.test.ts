// The memory keeper gives memory back between frames: after a burst of garbage that outlived the young
// generation (articles opened one after another), the heap in use falls back to what is live.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it, vi } from "vitest";
import { MemoryKeeper } from "../../src/tui/memory.js";

const MB = 1024 * 1024;
const memoryModule = fileURLToPath(new URL("../../src/tui/memory.ts", import.meta.url));

/** About `megabytes` of objects that live long enough to reach the old generation, then die. */
function promotedGarbage(megabytes: number): void {
  promoted(megabytes);
}

/** About `megabytes` of objects in the old generation, live while the caller holds them. */
function promoted(megabytes: number): unknown[] {
  const keep: unknown[] = [];
  for (let i = 0; i < megabytes * 16; i++)
    keep.push(Array.from({ length: 1000 }, (_, j) => ({ i, j, s: `文${j}` })));
  return keep;
}

describe("MemoryKeeper", () => {
  it("collects after a frame once the heap has grown well past what was live", async () => {
    // A full collection first: the keeper takes what the heap holds when it starts as live, and the garbage of the
    // modules loaded before this first test, freed by V8 while the 32 MB below are made, would hide their growth.
    v8.setFlagsFromString("--expose-gc");
    (vm.runInNewContext("gc") as () => void)();
    // And no marking by V8 begun while the 32 MB are made (a loaded machine's timing): a collection in the middle
    // of one keeps what was made during it, whoever asks for it.
    v8.setFlagsFromString("--no-incremental-marking");
    let keeper: MemoryKeeper | undefined;
    try {
      const info = await new Promise<{ before: number; after: number }>((resolve) => {
        keeper = new MemoryKeeper({ idleMs: 10, growthBytes: 4 * MB, liveShare: 0, onCollect: resolve });
        // Held until the frame is written, then garbage: only a collection after it can free them.
        const made = promoted(32);
        keeper.touch();
        made.length = 0;
      });
      expect(info.before - info.after).toBeGreaterThan(8 * MB);
    } finally {
      v8.setFlagsFromString("--incremental-marking");
      // Stopped: its pause's collection would otherwise come in a later test.
      keeper?.stop();
    }
  });

  it("a collection between frames waits while keys arrive (pages turned one after another), then runs in their gap", () => {
    // A full collection first, so that V8's own does not free the garbage below before the keeper sees it.
    v8.setFlagsFromString("--expose-gc");
    (vm.runInNewContext("gc") as () => void)();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      const collections: number[] = [];
      const keeper = new MemoryKeeper({
        idleMs: 60_000,
        growthBytes: 5 * MB,
        liveShare: 0,
        keyGapMs: 100,
        onCollect: () => collections.push(performance.now()),
      });
      // ~12 MB: past twice the bar (a collection between frames is due), short of four times (not at once).
      promotedGarbage(10);
      const burstStart = performance.now();
      for (let key = 0; key < 30; key++) {
        keeper.keyPressed();
        keeper.touch();
        vi.advanceTimersByTime(20);
      }
      expect(collections).toEqual([]);
      vi.advanceTimersByTime(100);
      expect(collections).toHaveLength(1);
      // After the last key, in the gap: not inside the burst.
      expect(collections[0]! - burstStart).toBeGreaterThanOrEqual(30 * 20);
      keeper.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it("while many lists load (a refresh: a frame every 200 ms, no pause), a collection between frames waits for four times the bar", () => {
    v8.setFlagsFromString("--expose-gc");
    (vm.runInNewContext("gc") as () => void)();
    const used = () => v8.getHeapStatistics().used_heap_size;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    // Held, not garbage: V8's own collections cannot take the growth the keeper looks at.
    const held: unknown[] = [];
    try {
      let count = 0;
      const bar = 4 * MB;
      const keeper = new MemoryKeeper({
        idleMs: 60_000,
        growthBytes: bar,
        liveShare: 0,
        keyGapMs: 0,
        onCollect: () => count++,
      });
      const live = used();
      const frameAfterGrowth = (bars: number) => {
        while (used() - live < bars * bar) held.push(promoted(1));
        keeper.touch();
        vi.advanceTimersByTime(10);
      };
      keeper.loadingMany(true);
      frameAfterGrowth(3);
      expect(count).toBe(0);
      frameAfterGrowth(4.5);
      expect(count).toBe(1);
      // The refresh over: twice the bar again.
      keeper.loadingMany(false);
      const after = used();
      while (used() - after < 3 * bar) held.push(promoted(1));
      keeper.touch();
      vi.advanceTimersByTime(10);
      expect(count).toBe(2);
      keeper.stop();
    } finally {
      vi.useRealTimers();
    }
    expect(held.length).toBeGreaterThan(0);
  });

  it("the bar grows with the live heap: the same garbage sets off a collection beside a small live heap only", () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    // 48 MB live (a refresh of thousands of feeds holds as much): the bar is at least half of it.
    let live: unknown[] | undefined = Array.from({ length: 48 * 16 }, (_, i) =>
      Array.from({ length: 1000 }, (_, j) => ({ i, j })),
    );
    try {
      const collectionsWith = (liveShare: number | undefined): number => {
        gc();
        let count = 0;
        const keeper = new MemoryKeeper({
          idleMs: 60_000,
          growthBytes: 4 * MB,
          keyGapMs: 0,
          ...(liveShare === undefined ? {} : { liveShare }),
          onCollect: () => count++,
        });
        // ~12 MB: past twice a 4 MB bar, short of twice half the live heap.
        promotedGarbage(10);
        keeper.touch();
        vi.advanceTimersByTime(100);
        keeper.stop();
        return count;
      };
      expect(collectionsWith(undefined)).toBe(0);
      expect(collectionsWith(0)).toBe(1);
    } finally {
      vi.useRealTimers();
      live = undefined;
      void live;
    }
  });

  it("the pause's collection waits when a long task held the program (keys typed meanwhile are read first)", async () => {
    v8.setFlagsFromString("--expose-gc");
    (vm.runInNewContext("gc") as () => void)();
    const collections: number[] = [];
    const keeper = new MemoryKeeper({
      idleMs: 100,
      growthBytes: 4 * MB,
      liveShare: 0,
      onCollect: () => collections.push(performance.now()),
    });
    // Past the bar for a pause's collection, short of twice it (none between frames). Held until the end, so that
    // V8's own collection (which a loaded machine may run first) cannot take the growth the keeper looks at.
    const held = promoted(5);
    keeper.touch();
    // A long task (a feed of thousands parsed): no frame for three times the idle time, but nothing was idle.
    const busyUntil = performance.now() + 300;
    while (performance.now() < busyUntil) {
      // busy
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(collections).toEqual([]);
    // Then a real pause: collected in it.
    await vi.waitFor(() => expect(collections).toHaveLength(1), { timeout: 5000 });
    expect(collections[0]! - busyUntil).toBeGreaterThanOrEqual(90);
    keeper.stop();
    // Read here, so that it is live until here (V8 does not scan a variable that is never read again).
    expect(held).toHaveLength(5 * 16);
  });

  it("a collection right after a frame is followed by one in the next pause, which gives the pages back", () => {
    // In a fresh process: the heap's committed size must start small, as in the reader.
    const script = `
      const { MemoryKeeper } = await import(${JSON.stringify(memoryModule)});
      const v8 = await import("node:v8");
      const committed = () => v8.getHeapStatistics().total_heap_size;
      const collections = [];
      await new Promise((resolve) => {
        let guard;
        const keeper = new MemoryKeeper({
          idleMs: 20,
          growthBytes: 4 * ${MB},
          onCollect: (info) => {
            collections.push({ ...info, committed: committed() });
            if (collections.length === 2) {
              clearTimeout(guard);
              resolve();
            }
          },
        });
        let keep = [];
        for (let i = 0; i < 32 * 16; i++) keep.push(Array.from({ length: 1000 }, (_, j) => ({ i, j, s: "文" + j })));
        keep = undefined;
        keeper.touch();
        // Only so that a keeper that never collects twice ends this process (the test then fails on the count).
        // From here, not from before the garbage is made: on a loaded machine making it took over 2 s, and the
        // guard's timer, due first, ended the wait before either collection.
        guard = setTimeout(resolve, 20_000);
      });
      console.log(JSON.stringify(collections));`;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    const collections = JSON.parse(run.stdout) as Array<{ before: number; after: number }>;
    // Past twice the threshold: collected at once (garbage freed, its pages kept), then again in the pause.
    expect(collections).toHaveLength(2);
    expect(collections[0]!.before - collections[0]!.after).toBeGreaterThan(8 * MB);
  });

  it("keeps the young generation small: a fresh process under heavy allocation stays small, and grows without it", () => {
    const young = (keepSmall: boolean) => {
      const script = `
        const { keepYoungGenerationSmall } = await import(${JSON.stringify(memoryModule)});
        const v8 = await import("node:v8");
        if (${keepSmall}) keepYoungGenerationSmall();
        let keep = [];
        for (let round = 0; round < 40; round++) {
          keep = [];
          for (let i = 0; i < 20000; i++) keep.push({ i, s: "文" + i });
        }
        console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size);`;
      const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        encoding: "utf8",
      });
      expect(run.stderr).toBe("");
      return Number(run.stdout.trim());
    };
    expect(young(false)).toBeGreaterThan(8 * MB);
    expect(young(true)).toBeLessThanOrEqual(4 * MB);
  });
});
