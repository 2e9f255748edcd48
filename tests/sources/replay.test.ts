import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ReaderError } from "../../src/model.js";
import { loadFeed } from "../../src/sources/feed.js";
import { Library } from "../../src/sources/library.js";
import { loadArticle } from "../../src/sources/page.js";
import { ReplaySource } from "../../src/sources/replay.js";

const SITE = fileURLToPath(new URL("../fixtures/replay", import.meta.url));
const ORIGIN = "http://sample.reader.invalid";

describe("ReplaySource", () => {
  const source = new ReplaySource(SITE);

  it("lists the manifest's channels as sample channels", () => {
    expect(source.channels()).toEqual([
      { id: "sample-shandong", title: "山東頻道", url: `${ORIGIN}/rss/shandong.xml`, origin: "sample" },
    ]);
  });

  it("answers for its own origin only", () => {
    expect(source.handles(`${ORIGIN}/rss/shandong.xml`)).toBe(true);
    expect(source.handles("http://www.people.com.cn/rss/politics.xml")).toBe(false);
    expect(source.handles("not a url")).toBe(false);
  });

  it("serves a feed with its content type, and the feed parses", async () => {
    const res = await source.fetch(`${ORIGIN}/rss/shandong.xml`);
    expect(res).toMatchObject({
      status: 200,
      url: `${ORIGIN}/rss/shandong.xml`,
      contentType: "application/rss+xml; charset=utf-8",
    });
    const feed = loadFeed(res);
    expect(feed.items).toEqual([
      {
        title: "山東:以堅強組織領導確保取得實效",
        url: `${ORIGIN}/GB/old.html`,
        // No zone, no language, not 人民網's host: read as UTC.
        published: "2023-09-18T08:40:00Z",
        summary: "任何一項工作要達到預期效果,關鍵看組織,根本靠落實。",
      },
    ]);
  });

  it("a refresh of a sample channel keeps the list parsed before: the bundled files do not change in a run", async () => {
    const library = new Library();
    const [channel] = library.sampleChannels();
    const first = await library.loadChannel(channel!, { compact: true });
    expect(first.items.length).toBeGreaterThan(0);
    expect(await library.loadChannel(channel!, { compact: true, previous: first })).toBe(first);
    // Without the list parsed before, it is read and parsed.
    const again = await library.loadChannel(channel!, { compact: true });
    expect(again).not.toBe(first);
    expect(again.items).toEqual(first.items);
    const res = await source.fetch(`${ORIGIN}/rss/shandong.xml`, undefined, { haveParsed: true });
    expect(res).toMatchObject({ status: 200, notModified: true, body: new Uint8Array() });
  });

  it("follows redirects and gives the final URL", async () => {
    const res = await source.fetch(`${ORIGIN}/GB/old.html`);
    expect(res.requestedUrl).toBe(`${ORIGIN}/GB/old.html`);
    expect(res.url).toBe(`${ORIGIN}/GB/n1/2023/0918/c1001-2.html`);
    const article = loadArticle(res);
    expect(article).toMatchObject({
      url: res.url,
      title: "山東:以堅強組織領導確保取得實效",
      editors: ["聶俊穹", "劉穎婕"],
      source: "大眾報業·大眾日報",
      breadcrumb: [
        { title: "人民網", url: "http://www.people.com.cn/" },
        { title: "山東頻道", url: `${ORIGIN}/GB/index.html` },
      ],
    });
    expect(article.body.map((b) => b.text)).toEqual(["任何一項工作要達到預期效果,關鍵看組織,根本靠落實。"]);
  });

  it("matches a path with its query", async () => {
    expect((await source.fetch(`${ORIGIN}/search?q=1`)).status).toBe(200);
    expect((await source.fetch(`${ORIGIN}/search?q=2`)).status).toBe(404);
  });

  it("gives a 404 resource for an unknown path, not an exception", async () => {
    const res = await source.fetch(`${ORIGIN}/nowhere.html`);
    expect(res).toMatchObject({ status: 404, url: `${ORIGIN}/nowhere.html` });
    expect(res.body.length).toBe(0);
  });

  it("says which file is missing, and stops a redirect loop", async () => {
    await expect(source.fetch(`${ORIGIN}/GB/gone.html`)).rejects.toThrow(ReaderError);
    await expect(source.fetch(`${ORIGIN}/GB/gone.html`)).rejects.toThrow(/not-there\.html/);
    await expect(source.fetch(`${ORIGIN}/loop/a`)).rejects.toThrow(/redirects/);
  });

  it("reports a missing manifest as a ReaderError", async () => {
    const nowhere = new ReplaySource(fileURLToPath(new URL("../fixtures/no-such-site", import.meta.url)));
    await expect(nowhere.fetch(`${ORIGIN}/x`)).rejects.toThrow(/manifest/);
    expect(() => nowhere.channels()).toThrow(ReaderError);
  });
});
