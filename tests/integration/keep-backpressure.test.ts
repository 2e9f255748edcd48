// A refresh of thousands of feeds brings items faster than the archive writes them. Waiting in memory, they held
// ~100 MB of heap (RSS 205–244 MB after a 2,000-feed refresh): the next feed is now fetched only when the items
// waiting to be written leave room, and the refresh goes on as they are written.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../../src/model.js";
import type { Keeper } from "../../src/sources/library.js";
import { KeptArchive, listDigest } from "../../src/store/kept.js";
import { openStore } from "../../src/store/store.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { networkLibrary } from "./local-web.js";

function rss(n: number): string {
  const items = Array.from(
    { length: 20 },
    (_, k) =>
      `<item><title>頻道${n} 第${k}篇</title><link>/a/${n}-${k}.html</link><description>${"颱風消息".repeat(50)}</description></item>`,
  ).join("");
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>頻道${n}</title>${items}</channel></rss>`;
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe("keeping lists during a refresh", () => {
  let server: TestServer;
  let dir: string;
  const events: string[] = [];

  beforeAll(async () => {
    const feed = (n: number) => {
      const send = reply.body(rss(n), { "content-type": "application/rss+xml" });
      return (...args: Parameters<typeof send>) => {
        events.push(`request ${n}`);
        return send(...args);
      };
    };
    server = await startTestServer({ "/f/0.xml": feed(0), "/f/1.xml": feed(1) });
    dir = mkdtempSync(path.join(os.tmpdir(), "reader-backpressure-"));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const channel = (n: number): Channel => ({
    id: `c${n}`,
    title: `頻道${n}`,
    url: server.url(`/f/${n}.xml`),
    origin: "user",
  });

  it("the archive has room again only once the items waiting to be written are written", async () => {
    const store = openStore({ builtins: [], dir: path.join(dir, "config") });
    // Room for less than one feed's items.
    const kept = new KeptArchive(store, { dir: path.join(dir, "cache"), maxWaitingChars: 1000 });
    const archive = (await kept.open())!;
    let letGo: () => void = () => {};
    const keys = new Promise<void>((resolve) => (letGo = resolve));
    // Keys are being pressed: the interface holds the writes back until they stop.
    kept.pace = () => keys;
    const net = networkLibrary({ keep: kept });
    try {
      const first = await net.library.loadChannel(channel(0));
      let room = false;
      void kept.room().then(() => (room = true));
      await turns(10);
      expect(room).toBe(false);
      letGo();
      await kept.room();
      expect(archive.holdsList("c0", listDigest(first.items), 60_000)).toBe(true);
    } finally {
      letGo();
      await kept.close();
      await net.dispose();
    }
  });

  it("each feed is fetched only once the keeper has room", async () => {
    events.length = 0;
    const keep: Keeper = {
      keepItems: () => events.push("kept"),
      keepArticle: () => undefined,
      room: async () => {
        events.push("room asked");
        await turns(3);
        events.push("room given");
      },
    };
    const net = networkLibrary({ keep });
    try {
      await net.library.loadChannel(channel(0));
      await net.library.loadChannel(channel(1));
    } finally {
      await net.dispose();
    }
    expect(events).toEqual([
      ...["room asked", "room given", "request 0", "kept"],
      ...["room asked", "room given", "request 1", "kept"],
    ]);
  });
});
