// Lists off screen are released from memory (2,000 channels held whole are ~20 MB): the channel list's counts stay
// right, read marks made meanwhile included, and a list opened again is read from its saved copy with its read
// marks, without asking the network.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../../src/model.js";
import { DataStore, listCounts, MAX_HELD_LISTS, type Load } from "../../src/tui/data.js";
import type { ChannelList } from "../../src/sources/library.js";
import { reply, startTestServer, type RouteHandler, type TestServer } from "../helpers/test-server.js";
import { networkLibrary, type NetworkLibrary } from "../integration/local-web.js";

const CHANNELS = MAX_HELD_LISTS + 3;

function rss(n: number): string {
  const items = [1, 2, 3]
    .map(
      (k) =>
        `<item><title>頻道${n} 第${k}篇</title><link>/a/${n}-${k}.html</link><guid>g${n}-${k}</guid></item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>頻道${n}</title>${items}</channel></rss>`;
}

describe("lists released from memory", () => {
  let server: TestServer;
  let net: NetworkLibrary;
  let data: DataStore;
  const channels: Channel[] = [];
  const marks = new Set<string>();
  const isRead = (url: string) => marks.has(url);

  /** Resolves once `test` holds for the store (checked at each notice). */
  const until = (test: () => boolean) =>
    new Promise<void>((resolve) => {
      if (test()) return resolve();
      const stop = data.subscribe(() => {
        if (!test()) return;
        stop();
        resolve();
      });
    });
  const load = (i: number) => data.getSnapshot().lists.get(channels[i]!.id);
  const ready = (i: number): Load<ChannelList> & { status: "ready" } => {
    const found = load(i);
    if (found?.status !== "ready") throw new Error(`channel ${i} is ${found?.status}`);
    return found;
  };

  beforeAll(async () => {
    const routes: Record<string, RouteHandler> = {};
    for (let n = 0; n < CHANNELS; n++)
      routes[`/f/${n}.xml`] = reply.conditional({
        body: rss(n),
        etag: `"v${n}"`,
        headers: { "content-type": "application/rss+xml" },
      });
    server = await startTestServer(routes);
    net = networkLibrary();
    data = new DataStore(net.library);
    for (let n = 0; n < CHANNELS; n++)
      channels.push({ id: `c${n}`, title: `頻道${n}`, url: server.url(`/f/${n}.xml`), origin: "user" });
    for (const channel of channels) data.loadChannel(channel);
    await until(() => channels.every((_, i) => load(i)?.status === "ready"));
  });
  afterAll(async () => {
    await net.dispose();
    await server.close();
  });

  it("keeps each channel's counts, and they follow read marks made while the list is released", () => {
    for (let i = 0; i < CHANNELS; i++) {
      expect(ready(i).released).toBeDefined();
      expect(listCounts(ready(i), isRead)).toEqual({ total: 3, unread: 3 });
    }
    // Read elsewhere (a search result, the same article in another list).
    marks.add(server.url("/a/2-1.html"));
    expect(listCounts(ready(2), isRead)).toEqual({ total: 3, unread: 2 });
  });

  it("reads a list opened again from its saved copy, with its read marks, without asking the network", async () => {
    const requests = server.requests.length;
    data.show([channels[2]!.id]);
    expect(load(2)?.status).toBe("loading");
    await until(() => load(2)?.status === "ready");
    const items = ready(2).value.items;
    expect(items.map((item) => item.title)).toEqual(["頻道2 第1篇", "頻道2 第2篇", "頻道2 第3篇"]);
    expect(items.map((item) => isRead(item.url))).toEqual([true, false, false]);
    expect(listCounts(ready(2), isRead)).toEqual({ total: 3, unread: 2 });
    expect(server.requests.length).toBe(requests);
  });

  it("holds the lists shown last, releases the older ones, and their counts stay right", async () => {
    for (let i = 0; i < CHANNELS; i++) {
      data.show([channels[i]!.id]);
      await until(() => load(i)?.status === "ready");
      expect(ready(i).released).toBeUndefined();
    }
    // Back from the last one to the channel list: the MAX_HELD_LISTS shown last are still held whole.
    data.show([]);
    const held = channels.map((_, i) => ready(i).released === undefined);
    expect(held.filter(Boolean)).toHaveLength(MAX_HELD_LISTS);
    expect(held.slice(-MAX_HELD_LISTS).every(Boolean)).toBe(true);
    expect(listCounts(ready(2), isRead)).toEqual({ total: 3, unread: 2 });
  });

  it("a refresh that finds a released list unchanged leaves it released, with its counts", async () => {
    expect(ready(0).released).toBeDefined();
    data.loadChannel(channels[0]!, true);
    await until(() => load(0)?.status === "ready");
    expect(ready(0).released).toBeDefined();
    expect(listCounts(ready(0), isRead)).toEqual({ total: 3, unread: 3 });
    // Opened afterwards: all its items are there.
    data.show([channels[0]!.id]);
    await until(() => load(0)?.status === "ready");
    expect(ready(0).value.items).toHaveLength(3);
  });
});
