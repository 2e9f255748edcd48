import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HttpCache } from "../../src/sources/cache.js";

let dir: string;
let clock: Date;
const tick = (ms: number): void => {
  clock = new Date(clock.getTime() + ms);
};
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (body: Uint8Array | undefined): string | undefined => body && new TextDecoder().decode(body);
const response = { finalUrl: "https://news.example/final", status: 200, contentType: "text/html" };

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "reader-cache-"));
  clock = new Date("2024-04-24T08:00:00.000Z");
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function makeCache(maxBytes?: number): HttpCache {
  return new HttpCache({ dir, now: () => clock, ...(maxBytes === undefined ? {} : { maxBytes }) });
}

describe("HttpCache", () => {
  it("two caches over one directory (the interface's and the prefetch worker's) write the same page at once: one whole copy", async () => {
    const ours = makeCache();
    const theirs = makeCache();
    const urls = Array.from({ length: 20 }, (_, i) => `https://news.example/same/${i}`);
    const big = (who: string) => bytes(who.repeat(50_000));
    await Promise.all(
      urls.flatMap((url) => [ours.put(url, response, big("甲")), theirs.put(url, response, big("乙"))]),
    );
    for (const url of urls)
      expect(["甲", "乙"].map((w) => w.repeat(50_000))).toContain(text((await ours.get(url))?.body));
    expect((await fs.readdir(dir)).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("returns what was stored for a URL, with its validators and time", async () => {
    const cache = makeCache();
    await cache.put(
      "https://news.example/a",
      { ...response, etag: '"v1"', lastModified: "Wed, 24 Apr 2024 07:00:00 GMT" },
      bytes("人民網"),
    );
    const entry = await cache.get("https://news.example/a");
    expect(text(entry?.body)).toBe("人民網");
    expect(entry?.meta).toEqual({
      url: "https://news.example/a",
      ...response,
      etag: '"v1"',
      lastModified: "Wed, 24 Apr 2024 07:00:00 GMT",
      fetchedAt: "2024-04-24T08:00:00.000Z",
    });
    expect(await cache.get("https://news.example/other")).toBeUndefined();
  });

  it("survives a restart (a new instance on the same directory)", async () => {
    await makeCache().put("https://news.example/a", response, bytes("body"));
    expect(text((await makeCache().get("https://news.example/a"))?.body)).toBe("body");
  });

  it("refresh updates the time and validators but keeps the body", async () => {
    const cache = makeCache();
    await cache.put("https://news.example/a", { ...response, etag: '"v1"' }, bytes("body"));
    tick(3_600_000);
    const refreshed = await cache.refresh("https://news.example/a", { etag: '"v2"' });
    expect(refreshed?.fetchedAt).toBe("2024-04-24T09:00:00.000Z");
    expect(refreshed?.etag).toBe('"v2"');
    expect(text((await cache.get("https://news.example/a"))?.body)).toBe("body");
  });

  it("a 304 with the same validators does not rewrite the entry, yet counts as fresh from then on", async () => {
    const cache = makeCache();
    await cache.put("https://news.example/a", { ...response, etag: '"v1"' }, bytes("人民網 body"));
    const [name] = (await fs.readdir(dir)).filter((f) => f.endsWith(".entry"));
    const file = path.join(dir, name!);
    const before = { bytes: await fs.readFile(file), inode: (await fs.stat(file)).ino };
    tick(3_600_000);
    await cache.refresh("https://news.example/a", { etag: '"v1"' });
    expect(await fs.readFile(file)).toEqual(before.bytes);
    expect((await fs.stat(file)).ino).toBe(before.inode);
    // A new instance (the next start) sees the revalidation time, the body and the validators.
    const entry = await makeCache().get("https://news.example/a");
    expect(entry?.meta.fetchedAt).toBe("2024-04-24T09:00:00.000Z");
    expect(entry?.meta.etag).toBe('"v1"');
    expect(text(entry?.body)).toBe("人民網 body");
    expect((await makeCache().getMeta("https://news.example/a"))?.fetchedAt).toBe("2024-04-24T09:00:00.000Z");
  });

  it("a body sent again byte for byte the same is not written again; one that differs, even as the old one's end, is", async () => {
    const url = "https://news.example/feed";
    const cache = makeCache();
    const first = "<rss>第一行\n第二行</rss>";
    expect(await cache.put(url, response, bytes(first))).toBe(true);
    const entryFile = async () =>
      path.join(
        dir,
        (await fs.readdir(dir)).find((f) => f.endsWith(".entry"))!,
      );
    const inode = async () => (await fs.stat(await entryFile())).ino;
    const stored = await inode();
    tick(60_000);
    // The same bytes: only marked fresh (no new file), and the caller is told nothing was stored.
    expect(await cache.put(url, response, bytes(first), await cache.getMeta(url))).toBe(false);
    expect(await inode()).toBe(stored);
    expect((await cache.getMeta(url))?.fetchedAt).toBe("2024-04-24T08:01:00.000Z");
    // The old body's last line alone (what follows a newline in the file), then one byte changed: both written.
    expect(await cache.put(url, response, bytes("第二行</rss>"), await cache.getMeta(url))).toBe(true);
    expect(text((await cache.get(url))?.body)).toBe("第二行</rss>");
    expect(await cache.put(url, response, bytes("第二行</rsS>"), await cache.getMeta(url))).toBe(true);
    expect(text((await cache.get(url))?.body)).toBe("第二行</rsS>");
    // A different type with the same bytes is written too (what the body is read as changed).
    expect(
      await cache.put(
        url,
        { ...response, contentType: "application/rss+xml" },
        bytes("第二行</rsS>"),
        await cache.getMeta(url),
      ),
    ).toBe(true);
  });

  it("an entry removed by another reader is noticed at its next revalidation, and asked for whole after", async () => {
    const cache = makeCache();
    await cache.put("https://news.example/a", { ...response, etag: '"v1"' }, bytes("body"));
    const known = await cache.getMeta("https://news.example/a");
    expect(known?.etag).toBe('"v1"');
    await makeCache().clear();
    await expect(cache.refresh("https://news.example/a", { etag: '"v1"' }, known)).rejects.toThrow();
    expect(await cache.getMeta("https://news.example/a")).toBeUndefined();
    expect(await cache.get("https://news.example/a")).toBeUndefined();
  });

  it("keeps the cache under its bound without scanning the directory on every write", async () => {
    const cache = makeCache(10_000); // room for about nine entries of ~1 KB
    const readdir = vi.spyOn(fs, "readdir");
    const stat = vi.spyOn(fs, "stat");
    try {
      for (let i = 0; i < 60; i++) {
        await cache.put(`https://news.example/${i}`, response, bytes("x".repeat(900)));
        tick(1000);
        expect(await cache.size()).toBeLessThanOrEqual(10_000);
      }
      // One scan at the first write; none per write after it (60 writes, several evictions).
      expect(readdir.mock.calls.length).toBeLessThanOrEqual(1);
      expect(stat.mock.calls.length).toBe(0);
    } finally {
      readdir.mockRestore();
      stat.mockRestore();
    }
    const files = (await fs.readdir(dir)).filter((f) => f.endsWith(".entry"));
    let total = 0;
    for (const f of files) total += (await fs.stat(path.join(dir, f))).size;
    expect(total).toBeLessThanOrEqual(10_000);
    expect(await cache.get("https://news.example/59")).toBeDefined(); // the newest stays
    expect(await cache.get("https://news.example/0")).toBeUndefined(); // the oldest went
  });

  it("reads the directory once a run: the lookups' listing is the one eviction's index is made from", async () => {
    const kilobyte = bytes("x".repeat(900));
    const earlier = makeCache();
    await earlier.put("https://news.example/kept", response, kilobyte);
    tick(1000);
    await earlier.put("https://news.example/old", response, kilobyte);
    await earlier.pin("https://news.example/kept");
    tick(1000);
    const cache = makeCache(3_500); // room for three entries of ~1 KB
    const readdir = vi.spyOn(fs, "readdir");
    try {
      // A refresh: each feed looked up first (the listing), then stored.
      for (let i = 0; i < 6; i++) {
        const url = `https://news.example/${i}`;
        expect(await cache.getMeta(url)).toBeUndefined();
        expect(await cache.refusal(url)).toBeUndefined();
        await cache.put(url, response, kilobyte);
        tick(1000);
      }
      expect(readdir.mock.calls.length).toBe(1);
    } finally {
      readdir.mockRestore();
    }
    // The entries the listing found were counted and evicted by age, the pinned one kept.
    expect(await cache.size()).toBeLessThanOrEqual(3_500);
    expect(await cache.get("https://news.example/old")).toBeUndefined();
    expect(await cache.get("https://news.example/kept")).toBeDefined();
    expect(await cache.get("https://news.example/5")).toBeDefined();
  });

  it("a pin made after the directory was listed, before the first write, still protects its entry", async () => {
    const kilobyte = bytes("x".repeat(900));
    await makeCache().put("https://news.example/bookmarked", response, kilobyte);
    tick(1000);
    const cache = makeCache(2_500);
    expect(await cache.getMeta("https://news.example/0")).toBeUndefined(); // (listed)
    await cache.pin("https://news.example/bookmarked");
    for (let i = 0; i < 4; i++) {
      await cache.put(`https://news.example/${i}`, response, kilobyte);
      tick(1000);
    }
    expect(await cache.get("https://news.example/bookmarked")).toBeDefined();
    expect(await cache.get("https://news.example/0")).toBeUndefined();
  });

  it("ignores a corrupt or truncated entry instead of failing", async () => {
    const cache = makeCache();
    await cache.put("https://news.example/a", response, bytes("body"));
    const [file] = (await fs.readdir(dir)).filter((f) => f.endsWith(".entry"));
    expect(file).toBeDefined();
    for (const garbage of ["", "{not json", '{"url":"https://news.example/a"}\nbody', "\u0000\u0001\n"]) {
      await fs.writeFile(path.join(dir, file!), garbage);
      expect(await cache.get("https://news.example/a")).toBeUndefined();
    }
    // And it can be overwritten by a good entry again.
    await cache.put("https://news.example/a", response, bytes("fresh"));
    expect(text((await cache.get("https://news.example/a"))?.body)).toBe("fresh");
  });

  it("a saved list cut short (a crash while it was written) is not used, and the next one saved is", async () => {
    const cache = makeCache();
    const url = "https://news.example/feed.xml";
    await cache.put(url, response, bytes("<rss/>"));
    const list = { title: "人民網", items: [{ title: "頭條", url: "https://news.example/1" }] };
    await cache.putParsed(url, list);
    expect((await cache.getParsed(url))?.value).toEqual(list);
    const [file] = await fs.readdir(dir);
    const whole = await fs.readFile(path.join(dir, file!));
    await fs.writeFile(path.join(dir, file!), whole.subarray(0, whole.length - 10));
    expect(await makeCache().getParsed(url)).toBeUndefined();
    expect(await cache.getParsed(url)).toBeUndefined();
    // The feed itself is untouched by it.
    expect(text((await makeCache().get(url))?.body)).toBe("<rss/>");
    await cache.putParsed(url, list);
    expect((await makeCache().getParsed(url))?.value).toEqual(list);
    // A list saved again (a shorter one) leaves nothing of the one before.
    await cache.putParsed(url, { title: "短" });
    expect((await makeCache().getParsed(url))?.value).toEqual({ title: "短" });
  });

  it("a feed and its saved list are one file: stored, saved and revalidated, nothing else is made", async () => {
    const cache = makeCache();
    const url = "https://news.example/feed.xml";
    await cache.put(url, { ...response, etag: '"v1"' }, bytes("<rss/>"));
    await cache.putParsed(url, { title: "人民網" });
    const [file, ...others] = await fs.readdir(dir);
    expect(others).toEqual([]);
    const before = await fs.readFile(path.join(dir, file!));
    // A 304 with the same validators: the file as it was, the list still valid.
    tick(60_000);
    await cache.refresh(url, { etag: '"v1"' });
    expect(await fs.readFile(path.join(dir, file!))).toEqual(before);
    expect((await makeCache().getParsed(url))?.value).toEqual({ title: "人民網" });
    // A new body: the list saved for the old one is not its list.
    await cache.put(url, { ...response, etag: '"v2"' }, bytes("<rss><item/></rss>"));
    expect(await makeCache().getParsed(url)).toBeUndefined();
    expect(text((await makeCache().get(url))?.body)).toBe("<rss><item/></rss>");
    expect(await fs.readdir(dir)).toEqual([file]);
  });

  it("an entry cut short (its body shorter than its meta says) is a miss, not served as the page", async () => {
    const url = "https://news.example/a";
    await makeCache().put(url, { ...response, etag: '"v1"' }, bytes("<html>whole page</html>"));
    const [file] = await fs.readdir(dir);
    const whole = await fs.readFile(path.join(dir, file!));
    await fs.writeFile(path.join(dir, file!), whole.subarray(0, whole.length - 5));
    const cache = makeCache();
    expect(await cache.get(url)).toBeUndefined();
    expect(await cache.getParsed(url)).toBeUndefined();
    // Nor asked for with its validators (the answer "unchanged" would leave the page cut short).
    expect(await cache.getMeta(url)).toBeUndefined();
    expect(await cache.put(url, response, bytes("<html>whole page</html>"))).toBe(true);
    expect(text((await makeCache().get(url))?.body)).toBe("<html>whole page</html>");
  });

  it("reads the previous version's entries (body to the end of the file, the list in a file beside it)", async () => {
    const url = "https://news.example/feed.xml";
    const pinned = "https://news.example/page";
    // As the previous version wrote them: named by the URL's hash, no body length in the meta line.
    const stem = (u: string) => path.join(dir, createHash("sha256").update(u).digest("hex"));
    const old = (u: string, body: string) =>
      JSON.stringify({ url: u, ...response, etag: '"v1"', fetchedAt: clock.toISOString() }) + "\n" + body;
    await fs.writeFile(stem(url) + ".entry", old(url, "<rss>old</rss>"));
    const saved = { url, storedAt: clock.toISOString(), value: { title: "舊" } };
    await fs.writeFile(stem(url) + ".parsed", JSON.stringify(saved));
    await fs.writeFile(stem(pinned) + ".entry", old(pinned, "<html>saved</html>"));
    await fs.writeFile(stem(pinned) + ".pin", pinned + "\n");

    const cache = makeCache();
    expect(text((await cache.get(url))?.body)).toBe("<rss>old</rss>");
    expect((await cache.getParsed(url))?.value).toEqual({ title: "舊" });
    expect((await cache.getMeta(url))?.etag).toBe('"v1"');
    // Sent again the same, it is not written again.
    expect(
      await cache.put(url, { ...response, etag: '"v1"' }, bytes("<rss>old</rss>"), await cache.getMeta(url)),
    ).toBe(false);
    // A list saved for an old entry is kept beside it, as before.
    await cache.putParsed(url, { title: "舊二" });
    expect((await makeCache().getParsed(url))?.value).toEqual({ title: "舊二" });
    // A new body replaces the entry; the old list goes with it.
    tick(1000);
    await cache.put(url, response, bytes("<rss>new</rss>"));
    await expect(fs.access(stem(url) + ".parsed")).rejects.toThrow();
    expect(await makeCache().getParsed(url)).toBeUndefined();
    // The pinned page of the previous version outlives eviction.
    tick(1000);
    await makeCache(10).put("https://news.example/other", response, bytes("z"));
    expect(text((await makeCache().get(pinned))?.body)).toBe("<html>saved</html>");
    expect(await makeCache().get(url)).toBeUndefined();
  });

  it("an entry with its saved list is no entry to the previous version, which would read the list as the body's end", async () => {
    const url = "https://news.example/feed.json";
    const cache = makeCache();
    await cache.put(
      url,
      { ...response, etag: '"v1"' },
      bytes('{"version":"https://jsonfeed.org/version/1.1"}'),
    );
    await cache.putParsed(url, { title: "新" });
    // The previous version's reading (its parseEntry): a meta line of its shape naming the URL, the body after it.
    const previous = (data: Buffer): string | undefined => {
      const newline = data.indexOf(0x0a);
      const meta = JSON.parse(data.subarray(0, newline).toString("utf8")) as Record<string, unknown>;
      const ok =
        meta["url"] === url &&
        typeof meta["finalUrl"] === "string" &&
        typeof meta["status"] === "number" &&
        typeof meta["fetchedAt"] === "string";
      return ok ? data.subarray(newline + 1).toString("utf8") : undefined;
    };
    const [file] = (await fs.readdir(dir)).filter((f) => f.endsWith(".entry"));
    expect(previous(await fs.readFile(path.join(dir, file!)))).toBeUndefined();
    // This version still reads it whole: body, validators and the list.
    const again = makeCache();
    expect(text((await again.get(url))?.body)).toBe('{"version":"https://jsonfeed.org/version/1.1"}');
    expect((await again.getMeta(url))?.etag).toBe('"v1"');
    expect((await again.getParsed(url))?.value).toEqual({ title: "新" });
  });

  it("an entry another reader stored after this one listed the directory is still served from the cache", async () => {
    const ours = makeCache();
    const url = "https://news.example/later";
    expect(await ours.getMeta(url)).toBeUndefined(); // (the directory listed: nothing there)
    await makeCache().put(url, { ...response, etag: '"v1"' }, bytes("body"));
    expect(text((await ours.get(url))?.body)).toBe("body");
  });

  it("leaves no temporary files after writing", async () => {
    const cache = makeCache();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => cache.put("https://news.example/same", response, bytes(`v${i}`))),
    );
    const files = await fs.readdir(dir);
    expect(files).toHaveLength(1);
    expect(text((await cache.get("https://news.example/same"))?.body)).toMatch(/^v\d$/);
  });

  it("evicts the oldest unpinned entries when over the size bound", async () => {
    const cache = makeCache(3_500); // room for three entries of ~1 KB (body + meta)
    const kilobyte = bytes("x".repeat(900));
    await cache.put("https://news.example/1", response, kilobyte);
    tick(1000);
    await cache.put("https://news.example/2", response, kilobyte);
    await cache.pin("https://news.example/1");
    tick(1000);
    await cache.put("https://news.example/3", response, kilobyte);
    tick(1000);
    await cache.put("https://news.example/4", response, kilobyte);
    expect(await cache.get("https://news.example/1")).toBeDefined(); // oldest, but pinned
    expect(await cache.get("https://news.example/2")).toBeUndefined(); // oldest unpinned
    expect(await cache.get("https://news.example/3")).toBeDefined();
    expect(await cache.get("https://news.example/4")).toBeDefined();
    expect(await cache.size()).toBeLessThanOrEqual(3_500);
  });

  it("clear removes everything but pinned entries; unpin makes an entry clearable", async () => {
    const cache = makeCache();
    await cache.put("https://news.example/bookmarked", response, bytes("keep"));
    await cache.put("https://news.example/other", response, bytes("drop"));
    await cache.pin("https://news.example/bookmarked");
    expect(await cache.isPinned("https://news.example/bookmarked")).toBe(true);
    await cache.clear();
    expect(text((await cache.get("https://news.example/bookmarked"))?.body)).toBe("keep");
    expect(await cache.get("https://news.example/other")).toBeUndefined();
    await cache.unpin("https://news.example/bookmarked");
    await cache.clear();
    expect(await cache.get("https://news.example/bookmarked")).toBeUndefined();
  });

  it("a pin made before the page is cached still protects it", async () => {
    const cache = makeCache(1_000);
    await cache.pin("https://news.example/later");
    await cache.put("https://news.example/later", response, bytes("x".repeat(900)));
    tick(1000);
    await cache.put("https://news.example/newer", response, bytes("x".repeat(900)));
    expect(await cache.get("https://news.example/later")).toBeDefined();
    expect(await cache.get("https://news.example/newer")).toBeUndefined();
  });

  it("works on a directory that does not exist yet, and reads nothing from it", async () => {
    const cache = new HttpCache({ dir: path.join(dir, "nested", "http") });
    expect(await cache.get("https://news.example/a")).toBeUndefined();
    await cache.clear();
    await cache.put("https://news.example/a", response, bytes("body"));
    expect(text((await cache.get("https://news.example/a"))?.body)).toBe("body");
  });

  it("defaults to cacheDir()/http", () => {
    const previous = process.env["READER_CACHE_DIR"];
    process.env["READER_CACHE_DIR"] = dir;
    try {
      expect(new HttpCache().dir).toBe(path.join(dir, "http"));
    } finally {
      if (previous === undefined) delete process.env["READER_CACHE_DIR"];
      else process.env["READER_CACHE_DIR"] = previous;
    }
  });
});
