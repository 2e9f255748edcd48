// A refresh of feeds that have not changed (every server answers 304) must cost a header check: the list parsed
// before is kept as it is (no body read back, no parse) and the cache entry is not rewritten.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ArticleRef, Channel } from "../../src/model.js";
import { HttpCache } from "../../src/sources/cache.js";
import { KeptArchive } from "../../src/store/kept.js";
import { openStore } from "../../src/store/store.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { networkLibrary, type NetworkLibrary } from "./local-web.js";

const RSS = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>要闻快讯</title>
<item><title>一条要闻</title><link>/n1/2024/0514/c1001-1.html</link><guid>yw-0514-1</guid>
<description>台风登陆前渔船全部回港</description></item></channel></rss>`;

/** The list saved with `url`'s cached feed (read by another cache over the directory, as the next start would), as JSON. */
async function savedList(cacheDir: string, url: string): Promise<string> {
  const saved = await new HttpCache({ dir: cacheDir }).getParsed(url);
  return saved ? JSON.stringify(saved.value) : "";
}

/** A library keeping into an archive of its own, for one test: both closed and their files removed after it. */
async function withKeeping(test: (keeping: { own: NetworkLibrary; kept: KeptArchive }) => Promise<void>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "reader-unchanged-"));
  const kept = new KeptArchive(openStore({ builtins: [], dir: path.join(dir, "config") }), { dir });
  const own = networkLibrary({ keep: kept });
  try {
    await test({ own, kept });
  } finally {
    await own.dispose();
    await kept.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The archive `kept` writes to, with its two list writes watched. */
async function watchWrites(kept: KeptArchive) {
  const archive = (await kept.open())!;
  return { archive, putItems: vi.spyOn(archive, "putItems"), putListEnd: vi.spyOn(archive, "putListEnd") };
}

describe("a refresh of an unchanged feed", () => {
  let server: TestServer;
  let net: NetworkLibrary;
  beforeAll(async () => {
    server = await startTestServer({
      "/feed.xml": reply.conditional({
        body: RSS,
        etag: '"v1"',
        headers: { "content-type": "application/rss+xml" },
      }),
    });
    net = networkLibrary();
  });
  afterAll(async () => {
    await net.dispose();
    await server.close();
  });

  /** A channel whose feed, at `/<id>.xml`, is sent whole at every request (`feed.body`, from RSS). */
  function sentWhole(id: string, headers: () => Record<string, string> = () => ({})) {
    const feed = { body: RSS };
    server.route(`/${id}.xml`, (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml", ...headers() });
      res.end(feed.body);
    });
    const channel: Channel = { id, title: "要闻", url: server.url(`/${id}.xml`), origin: "user" };
    return { channel, feed };
  }

  it("keeps the list parsed before and leaves the cache entry as it was", async () => {
    const channel: Channel = { id: "yw", title: "要闻", url: server.url("/feed.xml"), origin: "user" };
    const first = await net.library.loadChannel(channel);
    expect(first.items.map((i) => i.title)).toEqual(["一条要闻"]);
    const [name] = (await fs.readdir(net.cacheDir)).filter((f) => f.endsWith(".entry"));
    const file = path.join(net.cacheDir, name!);
    const before = { bytes: await fs.readFile(file), inode: (await fs.stat(file)).ino };
    const requests = server.requests.length;

    const second = await net.library.loadChannel(channel, { previous: first });
    expect(server.requests[requests]?.headers["if-none-match"]).toBe('"v1"');
    expect(second).toBe(first); // the same list: nothing re-parsed
    expect(await fs.readFile(file)).toEqual(before.bytes);
    expect((await fs.stat(file)).ino).toBe(before.inode);

    // Without a parsed copy the cached body is read back and parsed, as before.
    const third = await net.library.loadChannel(channel);
    expect(third).not.toBe(first);
    expect(third.items).toEqual(first.items);
  });

  it("the list the interface holds is compact, but what it keeps in the archive has the summary and the guid", async () => {
    const kept: ArticleRef[][] = [];
    const keep = {
      keepItems: (_: Channel, items: readonly ArticleRef[]) => void kept.push([...items]),
      keepArticle: () => {},
    };
    const channel: Channel = { id: "yw4", title: "要闻", url: server.url("/feed.xml"), origin: "user" };
    const own = networkLibrary({ keep });
    try {
      const shown = await own.library.loadChannel(channel, { compact: true });
      expect(shown.items[0]?.summary).toBeUndefined();
      // Search finds words of the summary, and the item is the feed's own (its guid), not one per address.
      expect(kept[0]?.[0]).toMatchObject({ summary: "台风登陆前渔船全部回港", id: "yw-0514-1" });
    } finally {
      await own.dispose();
    }
  });

  it("a list that did not change is not kept in the archive again in the run; the next start asks the archive", async () => {
    const kept: string[] = [];
    const keep = {
      keepItems: (c: Channel, _: unknown, unchanged?: unknown) =>
        void kept.push(unchanged ? `${c.id} unless held` : c.id),
      keepArticle: () => {},
    };
    const channel: Channel = { id: "yw3", title: "要闻", url: server.url("/feed.xml"), origin: "user" };
    const own = networkLibrary({ keep });
    try {
      const first = await own.library.loadChannel(channel, { compact: true });
      expect(kept).toEqual(["yw3"]);
      // `r`: the server answers 304 and the list shown stays.
      expect(await own.library.loadChannel(channel, { compact: true, previous: first })).toBe(first);
      expect(kept).toEqual(["yw3"]);
      await vi.waitFor(async () => expect(await savedList(own.cacheDir, channel.url)).not.toBe(""));
      // The next start reads the saved list, fresh or revalidated: kept only if the archive does not hold it.
      const next = networkLibrary({ cacheDir: own.cacheDir, keep });
      try {
        const again = await next.library.loadChannel(channel, { compact: true, maxAgeMs: 60_000 });
        const later = await next.library.loadChannel(channel, { compact: true, maxAgeMs: 0 });
        expect(again.items).toEqual(first.items);
        expect(later.items).toEqual(first.items);
        expect(kept).toEqual(["yw3", "yw3 unless held", "yw3 unless held"]);
      } finally {
        await next.library.close();
      }
    } finally {
      await own.dispose();
    }
  });

  it("the archive holds a list read back at the next start as it was kept when parsed: nothing written again", async () => {
    const channel: Channel = { id: "yw5", title: "要闻", url: server.url("/feed.xml"), origin: "user" };
    await withKeeping(async ({ own, kept }) => {
      await own.library.loadChannel(channel, { compact: true });
      await kept.settled();
      await vi.waitFor(async () => expect(await savedList(own.cacheDir, channel.url)).not.toBe(""));
      const archive = (await kept.open())!;
      const putItems = vi.spyOn(archive, "putItems");
      const next = networkLibrary({ cacheDir: own.cacheDir, keep: kept });
      try {
        await next.library.loadChannel(channel, { compact: true, maxAgeMs: 60_000 });
        await kept.settled();
        expect(putItems).not.toHaveBeenCalled();
        expect(archive.search("渔船 回港")).toHaveLength(1);
      } finally {
        await next.library.close();
      }
    });
  });

  it("a feed sent again whole (a server without validators) with the same items is not written to the archive again; a changed one is", async () => {
    const { channel, feed } = sentWhole("plain");
    await withKeeping(async ({ own, kept }) => {
      const first = await own.library.loadChannel(channel, { compact: true });
      await kept.settled();
      const { archive, putItems, putListEnd } = await watchWrites(kept);
      const second = await own.library.loadChannel(channel, { compact: true, previous: first });
      await kept.settled();
      expect(second.items).toEqual(first.items);
      expect(putItems).not.toHaveBeenCalled();
      expect(putListEnd).not.toHaveBeenCalled();

      feed.body = RSS.replace("一条要闻", "一条新的要闻");
      const third = await own.library.loadChannel(channel, { compact: true, previous: second });
      await kept.settled();
      expect(third.items.map((i) => i.title)).toEqual(["一条新的要闻"]);
      expect(archive.search("新的要闻")).toHaveLength(1);
      // The new list is saved beside the feed (after it is given): wait for it before the directory goes.
      await vi.waitFor(async () => {
        expect(await savedList(own.cacheDir, channel.url)).toContain("一条新的要闻");
      });
    });
  });

  it("a feed sent again with only its date changed is not kept again, though the list shown was released from memory", async () => {
    const { channel, feed } = sentWhole("dated");
    await withKeeping(async ({ own, kept }) => {
      const first = await own.library.loadChannel(channel, { compact: true });
      await kept.settled();
      const { putItems, putListEnd } = await watchWrites(kept);
      feed.body = RSS.replace(
        "<title>要闻快讯</title>",
        "<title>要闻快讯</title><lastBuildDate>Tue, 14 May 2024 09:00:00 +0800</lastBuildDate>",
      );
      // As the interface holds a list off screen: its items released (see DataStore.show).
      const second = await own.library.loadChannel(channel, {
        compact: true,
        previous: { ...first, items: [] },
      });
      await kept.settled();
      expect(second.items).toEqual(first.items);
      expect(putItems).not.toHaveBeenCalled();
      expect(putListEnd).not.toHaveBeenCalled();
      await vi.waitFor(async () => expect(await own.cache.getParsed(channel.url)).toBeDefined());
    });
  });

  it("an item whose summary changed under the same title and link is found by its new words", async () => {
    let version = 1;
    const { channel, feed } = sentWhole("summary", () => ({ etag: `"s${version}"` }));
    await withKeeping(async ({ own, kept }) => {
      const first = await own.library.loadChannel(channel, { compact: true });
      await kept.settled();
      const archive = (await kept.open())!;
      expect(archive.search("渔船")).toHaveLength(1);

      feed.body = RSS.replace("台风登陆前渔船全部回港", "暴雨红色预警全市停课");
      version = 2;
      const second = await own.library.loadChannel(channel, { compact: true, previous: first });
      await kept.settled();
      expect(second.items.map((i) => i.title)).toEqual(["一条要闻"]);
      expect(archive.search("红色预警")).toHaveLength(1);
      expect(archive.search("渔船")).toHaveLength(0);
      // The new list is saved beside the feed (after it is given): wait for it before the directory goes.
      await vi.waitFor(async () => expect(await own.cache.getParsed(channel.url)).toBeDefined());
    });
  });

  it("a feed sent again whole and byte for byte the same (no ETag, no Last-Modified) writes nothing and is not parsed again", async () => {
    const { channel, feed } = sentWhole("same");
    const own = networkLibrary();
    // Every file of the cache as it is: a write makes a new inode (a rename) or new bytes.
    const files = async () => {
      const names = (await fs.readdir(own.cacheDir)).sort();
      return Promise.all(
        names.map(async (name) => {
          const file = path.join(own.cacheDir, name);
          return { name, inode: (await fs.stat(file)).ino, bytes: await fs.readFile(file) };
        }),
      );
    };
    try {
      const first = await own.library.loadChannel(channel, { compact: true });
      // The saved list is written once the list is given: wait for it.
      await vi.waitFor(async () => expect(await savedList(own.cacheDir, channel.url)).not.toBe(""));
      const before = await files();
      const requests = server.requests.length;

      const second = await own.library.loadChannel(channel, { compact: true, previous: first });
      expect(server.requests.length).toBe(requests + 1);
      expect(server.requests[requests]?.headers["if-none-match"]).toBeUndefined();
      expect(second).toBe(first); // kept as it was: not parsed again
      expect(await files()).toEqual(before);

      // A changed body is stored and read.
      feed.body = RSS.replace("一条要闻", "一条新的要闻");
      const third = await own.library.loadChannel(channel, { compact: true, previous: second });
      expect(third.items.map((i) => i.title)).toEqual(["一条新的要闻"]);
      // (Read by name alone: a temporary file of the entry may be there meanwhile.)
      const entry = (await fs.readdir(own.cacheDir)).find((f) => f.endsWith(".entry"));
      expect(await fs.readFile(path.join(own.cacheDir, entry!), "utf8")).toContain("一条新的要闻");
      await vi.waitFor(async () => {
        expect(await savedList(own.cacheDir, channel.url)).toContain("一条新的要闻");
      });
    } finally {
      await own.dispose();
    }
  });

  it("the interface's list is saved beside the cached feed: the next start reads it without asking or parsing", async () => {
    const channel: Channel = { id: "yw2", title: "要闻", url: server.url("/feed.xml"), origin: "user" };
    const first = await net.library.loadChannel(channel, { compact: true });
    // The saved list is written once the list is given: wait for the file, not for a time.
    await vi.waitFor(async () => expect(await savedList(net.cacheDir, channel.url)).not.toBe(""));
    const requests = server.requests.length;
    // A new run (a new Library on the same cache), within the refresh interval.
    const next = networkLibrary({ cacheDir: net.cacheDir });
    try {
      const again = await next.library.loadChannel(channel, { compact: true, maxAgeMs: 60_000 });
      expect(again.items).toEqual(first.items);
      expect(server.requests.length).toBe(requests);
      // Past the interval: one conditional request, answered 304, and the saved list is kept.
      const later = await next.library.loadChannel(channel, { compact: true, maxAgeMs: 0 });
      expect(server.requests.length).toBe(requests + 1);
      expect(later.items).toEqual(first.items);
    } finally {
      await next.library.close();
    }
  });
});

describe("the first start, with feeds cached by a version that had no archive", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      "/first.xml": reply.conditional({
        body: RSS,
        etag: '"v1"',
        headers: { "content-type": "application/rss+xml" },
      }),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ["read fresh from the cache", { maxAgeMs: 60_000, offline: false }],
    ["revalidated (the server answers 304)", { maxAgeMs: 0, offline: false }],
    ["read offline", { maxAgeMs: 0, offline: true }],
  ])(
    "the archive imports each cached feed once; its channel's list %s is not written again",
    async (_, how) => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), "reader-first-start-"));
      const httpCacheDir = path.join(dir, "http");
      try {
        // The old version's cache: the feed's entry, and no list saved beside it.
        const old = networkLibrary({ cacheDir: httpCacheDir });
        await old.library.loadChannel({
          id: "old",
          title: "要闻",
          url: server.url("/first.xml"),
          origin: "user",
        });
        await old.library.close();
        const store = openStore({ builtins: [], dir: path.join(dir, "config") });
        const channel = store.addChannel(server.url("/first.xml"), "要闻");
        const kept = new KeptArchive(store, { dir, httpCacheDir });
        const { archive, putItems, putListEnd } = await watchWrites(kept);
        expect(archive.search("渔船 回港")).toHaveLength(1);
        putItems.mockClear();
        putListEnd.mockClear();

        const next = networkLibrary({ cacheDir: httpCacheDir, keep: kept, offline: how.offline });
        try {
          const list = await next.library.loadChannel(channel, { compact: true, maxAgeMs: how.maxAgeMs });
          await kept.settled();
          expect(list.items.map((i) => i.title)).toEqual(["一条要闻"]);
          expect(putItems).not.toHaveBeenCalled();
          expect(putListEnd).not.toHaveBeenCalled();
          expect(archive.search("渔船 回港")).toHaveLength(1);
        } finally {
          await next.library.close();
          await kept.close();
        }
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  );
});
