// The bundled sample site through the whole parsing pipeline: every channel and every article it lists.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/model.js";
import { loadFeed } from "../../src/sources/feed.js";
import { loadArticle } from "../../src/sources/page.js";
import { ReplaySource, sampleSiteDir } from "../../src/sources/replay.js";

// Lines the sample pages carry around the body that must never show as body text.
const BOILERPLATE =
  /^[\s\u3000]|^分享[讓让]更多人看到|^シェアして|^더 많은 사람과 공유하기|^[(（](?:編集|편집|責編|责编)|^(?:小字[號号]|文字サイズ|글자 크기)$/;

const hasSampleSite = (() => {
  try {
    return existsSync(sampleSiteDir());
  } catch {
    return false;
  }
})();

// The seed page as text: breadcrumb line, title, dateline, paragraphs, editors, 推薦閱讀 (title + summary pairs).
function readSeed() {
  const lines = readFileSync(new URL("../fixtures/seed.txt", import.meta.url), "utf8").split("\n");
  const at = (text: string) => lines.findIndex((l) => l.trim() === text || l.startsWith(text));
  const paragraphs = lines.slice(at("小字號") + 1, at("(責編")).filter((l) => l.trim());
  const rec = lines.slice(at("推薦閱讀") + 1, at("返回頂部") === -1 ? undefined : at("返回頂部"));
  const recommended: { title: string; summary: string }[] = [];
  for (let i = 0; i + 1 < rec.length; i += 2) {
    recommended.push({
      title: (rec[i] ?? "").trim(),
      summary: (rec[i + 1] ?? "").replace(/返回頂部$/, "").trim(),
    });
  }
  return {
    breadcrumb: (lines[1] ?? "").split(">>"),
    title: (lines[3] ?? "").trim(),
    paragraphs,
    editors: ["聶俊穹", "劉穎婕"],
    recommended,
  };
}

describe.skipIf(!hasSampleSite)("the bundled sample site", () => {
  const source = new ReplaySource(hasSampleSite ? sampleSiteDir() : "");

  it("has channels, each a feed that parses without warnings, and every listed article parses too", async () => {
    const channels = source.channels();
    expect(channels.length).toBeGreaterThanOrEqual(4);
    for (const channel of channels) {
      expect(channel.origin).toBe("sample");
      const feed = loadFeed(await source.fetch(channel.url));
      expect(feed.warnings, channel.id).toEqual([]);
      expect(feed.items.length, channel.id).toBeGreaterThan(0);
      for (const item of feed.items) {
        const res = await source.fetch(item.url);
        expect(res.status, item.url).toBe(200);
        const article = loadArticle(res);
        expect(article.warnings, item.url).toEqual([]);
        expect(article.title, item.url).toBe(item.title);
        expect(article.body.length, item.url).toBeGreaterThan(0);
        expect(article.published, item.url).toBe(item.published);
        expect(article.editors.length, item.url).toBeGreaterThan(0);
        for (const block of article.body) {
          expect(block.text, item.url).not.toMatch(BOILERPLATE);
        }
      }
    }
  });

  it("gives 山東頻道's seed article verbatim: paragraphs, editors, breadcrumb and five recommended items", async () => {
    const seed = readSeed();
    const feed = loadFeed(
      await source.fetch(source.channels().find((c) => c.title === "山東頻道")?.url ?? ""),
    );
    const item = feed.items.find((i) => i.title === seed.title);
    expect(item).toBeDefined();
    const article: Article = loadArticle(await source.fetch(item?.url ?? ""));
    expect(article.body.map((b) => b.text)).toEqual(seed.paragraphs);
    expect(article.editors).toEqual(seed.editors);
    expect(article.source).toBe("大眾報業·大眾日報");
    expect(article.published).toBe("2023-09-18T00:40:00Z");
    expect(article.breadcrumb.map((l) => l.title)).toEqual(seed.breadcrumb);
    expect(article.recommended).toHaveLength(5);
    expect(article.recommended.map(({ title, summary }) => ({ title, summary }))).toEqual(seed.recommended);
    for (const link of article.recommended) expect(link.url).toMatch(/^http:\/\/sample\.reader\.invalid\//);
  });
});
