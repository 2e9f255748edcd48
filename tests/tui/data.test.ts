import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Channel } from "../../src/model.js";
import type { ChannelList, Library } from "../../src/sources/library.js";
import { DataStore } from "../../src/tui/data.js";

const channel = (i: number): Channel => ({
  id: `c${i}`,
  title: `頻道 ${i}`,
  url: `http://127.0.0.1/f/${i}.xml`,
  origin: "user",
});

/** A library whose lists finish when the test says so. */
function fakeLibrary() {
  const pending = new Map<string, (list: ChannelList) => void>();
  const library = {
    loadChannel: (c: Channel) => new Promise<ChannelList>((resolve) => pending.set(c.id, resolve)),
  } as unknown as Library;
  const finish = async (i: number) => {
    pending.get(`c${i}`)?.({ items: [{ title: `第${i}篇`, url: `http://127.0.0.1/${i}` }], warnings: [] });
    await Promise.resolve();
  };
  return { library, finish };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("DataStore: lists finishing in a refresh of many channels", () => {
  it("draws the progress a few times a second, and the end of the refresh at once", async () => {
    const { library, finish } = fakeLibrary();
    const store = new DataStore(library);
    let notices = 0;
    store.subscribe(() => notices++);
    const count = 100;
    for (let i = 0; i < count; i++) store.loadChannel(channel(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getSnapshot().loading).toBe(count);

    // One list finishing every 10 ms for most of a second: the screen is told of them 4 or 5 times, not 23
    // (one per 40 ms frame).
    notices = 0;
    for (let i = 0; i < count - 8; i++) {
      await finish(i);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(notices).toBeGreaterThanOrEqual(3);
    expect(notices).toBeLessThanOrEqual(5);
    expect(store.getSnapshot().lists.get("c0")?.status).toBe("ready");

    // Right after a frame, one more finishes (its frame is due 200 ms later), then the last seven at once: the
    // end of the refresh is shown within a frame, without the rest of the burst's wait.
    const seen = notices;
    while (notices === seen) await vi.advanceTimersByTimeAsync(1);
    for (let i = count - 8; i < count; i++) await finish(i);
    await vi.advanceTimersByTimeAsync(40);
    expect(store.getSnapshot().loading).toBe(0);
    expect(store.getSnapshot().lists.get(`c${count - 1}`)?.status).toBe("ready");
  });

  it("shows a single list at once", async () => {
    const { library, finish } = fakeLibrary();
    const store = new DataStore(library);
    store.loadChannel(channel(1));
    await vi.advanceTimersByTimeAsync(1000);
    await finish(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getSnapshot().lists.get("c1")?.status).toBe("ready");
    expect(store.getSnapshot().loading).toBe(0);
  });
});
