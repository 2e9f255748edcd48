import fc from "fast-check";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { Channel } from "../../src/model.js";
import { exportOpml, importOpml } from "../../src/store/opml.js";

const fixture = (name: string) =>
  fs.readFileSync(new URL(`../fixtures/opml/${name}`, import.meta.url), "utf8");
const essentials = (channels: Channel[]) =>
  channels.map(({ title, url, folder }) => ({ title, url, folder }));

describe("importOpml", () => {
  it("reads newsboat's export, decoding entities and skipping query/exec feeds with a warning", () => {
    const { channels, warnings } = importOpml(fixture("newsboat.opml"));
    expect(essentials(channels)).toEqual([
      { title: "時政新聞 & 評論", url: "http://www.people.com.cn/rss/politics.xml", folder: undefined },
      { title: "NHKニュース", url: "https://www3.nhk.or.jp/rss/news/cat0.xml", folder: undefined },
      { title: "연합뉴스 <최신>", url: "https://www.yna.co.kr/rss/news.xml", folder: undefined },
    ]);
    expect(warnings).toHaveLength(2);
    expect(warnings.join("\n")).toMatch(/query:Unread/);
    expect(warnings.join("\n")).toMatch(/exec:/);
  });

  it("turns nested outlines into folder names and takes text when there is no title", () => {
    const { channels, warnings } = importOpml(fixture("nested-folders.opml"));
    expect(essentials(channels)).toEqual([
      { title: "人民網 時政", url: "http://www.people.com.cn/rss/politics.xml", folder: "News / 中文" },
      { title: "BBC 中文", url: "https://feeds.bbci.co.uk/zhongwen/trad/rss.xml", folder: "News / 中文" },
      { title: "NHK", url: "https://www3.nhk.or.jp/rss/news/cat0.xml", folder: "News / 日本語" },
      {
        title: `Top level "quoted" & 'apos'`,
        url: "https://example.com/feed.xml?a=1&b=2",
        folder: undefined,
      },
      { title: "upper case attrs", url: "https://example.org/atom", folder: "Tech" },
    ]);
    expect(warnings).toEqual(["Skipped a second entry for https://www3.nhk.or.jp/rss/news/cat0.xml."]);
    expect(new Set(channels.map((c) => c.id)).size).toBe(channels.length);
  });

  it("says so when the file is not OPML", () => {
    expect(importOpml("<html><body>hi</body></html>").warnings).toEqual([
      "This is not an OPML file (no <opml><body>).",
    ]);
  });
});

describe("exportOpml", () => {
  it("round-trips the fixtures: import → export → import gives the same channels", () => {
    for (const name of ["newsboat.opml", "nested-folders.opml"]) {
      const first = importOpml(fixture(name)).channels;
      const xml = exportOpml(first);
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
      const second = importOpml(xml);
      expect(second.warnings).toEqual([]);
      expect(essentials(second.channels)).toEqual(essentials(first));
    }
  });

  it("round-trips any titles and folders, markup characters included", () => {
    // Titles reach the store sanitised (no controls, no runs of spaces); "/" separates folders.
    // eslint-disable-next-line no-control-regex
    const unsafe = new RegExp("[\\s\\u0000-\\u001f\\u007f-\\u009f/]", "g");
    const text = fc.string({ minLength: 1, maxLength: 12 }).map((s) => s.replace(unsafe, "x"));
    const channel = fc.record({
      title: text,
      path: fc.string({ maxLength: 6 }).map((s) => encodeURIComponent(s)),
      folder: fc.option(fc.array(text, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(channel, { maxLength: 8 }), (entries) => {
        const channels: Channel[] = entries.map((e, i) => ({
          id: `c${i}`,
          title: e.title,
          url: `https://example.com/${i}/${e.path}?q=<&>"'`,
          origin: "user",
          ...(e.folder ? { folder: e.folder.join(" / ") } : {}),
        }));
        const back = importOpml(exportOpml(channels)).channels;
        // Folders group their feeds, so compare as sets keyed by URL.
        const key = (list: Channel[]) =>
          essentials(list)
            .map((c) => JSON.stringify([new URL(c.url).href, c.title, c.folder]))
            .sort();
        expect(key(back)).toEqual(key(channels));
      }),
    );
  });
});
