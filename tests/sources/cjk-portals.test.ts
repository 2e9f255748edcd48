import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseArticlePage } from "../../src/sources/page.js";

// Pages in the shape of large Chinese and Japanese portals (tests/fixtures/pages, written for these cases).
const fixture = (name: string) => {
  const dir = new URL("../fixtures/pages/", import.meta.url);
  const expected = JSON.parse(readFileSync(new URL(`${name}.expected.json`, dir), "utf8")) as {
    url: string;
    published: string;
    paragraphs: string[];
  };
  return { html: readFileSync(new URL(`${name}.html`, dir), "utf8"), expected };
};

describe("a portal's article page", () => {
  it("is dated by a dateline written in pieces, each in an element of its own, not by its year alone", () => {
    // <span class=year>2024</span> <span class=day>05/03</span> <span class=time>13:30:15</span>
    const { html, expected } = fixture("zh-split-dateline");
    expect(parseArticlePage(html, expected.url).published).toBe("2024-05-03T05:30:15Z");
    // A year with no other date on the page dates nothing (not the first of January).
    const yearOnly = html
      .replace(/<span class="day">.*?<\/span>\s*<span class="time">.*?<\/span>/s, "")
      .replace(/<span id="today">.*?<\/span>/, "");
    expect(parseArticlePage(yearOnly, expected.url).published).toBeUndefined();
  });

  it("keeps the lead paragraph above a body split into sections", () => {
    const { html, expected } = fixture("ja-lead-beside-chunks");
    const body = parseArticlePage(html, expected.url).body.map((b) => b.text);
    expect(body[0]).toBe("大型連休の後半に入った３日、各地の行楽地は多くの人でにぎわいました。");
    expect(body).toEqual(expected.paragraphs);
  });

  it("leaves out a link back to the site's front page and a reprint's note of the headline it had", () => {
    const { html, expected } = fixture("zh-front-page-link");
    const body = parseArticlePage(html, expected.url).body.map((b) => b.text);
    expect(body).not.toContain("返回范例网，查看更多");
    expect(body).not.toContain("（原标题：城市更新让老街区焕发新活力）");
    expect(body).toEqual(expected.paragraphs);
    // A reprint whose title was changed keeps the note: it says something the headline does not.
    const renamed = html.replace("（原标题：城市更新", "（原标题：老街区改造");
    expect(parseArticlePage(renamed, expected.url).body[0]?.text).toBe(
      "（原标题：老街区改造让老街区焕发新活力）",
    );
    // A link to another page of the site, all of a paragraph, is a sentence of the text.
    const other = html.replace("//www.example.com.cn/?strategyid=00001 ", "//www.example.com.cn/a/123_456");
    expect(parseArticlePage(other, expected.url).body.map((b) => b.text)).toContain("返回范例网，查看更多");
  });
});

describe("a paywall's notice where the free text ends", () => {
  it("is left out of the body of a Japanese paid article", () => {
    const { html, expected } = fixture("ja-paywall-notice");
    const body = parseArticlePage(html, expected.url).body.map((b) => b.text);
    expect(body).toEqual(expected.paragraphs);
    expect(body.join("\n")).not.toMatch(/有料記事|有料会員/);
  });

  it.each([
    ["ko", "이 기사는 유료 회원 전용입니다."],
    ["zh", "付费阅读全文"],
    ["en", "Subscribe to continue reading"],
  ])("is left out in %s, and a sentence about paying for news stays", (lang, notice) => {
    const text = "A sentence of the article, long enough to be the text of the page. ".repeat(3);
    const about = "조사에 따르면 유료 회원 수가 작년보다 늘었다. 구독료는 그대로다.";
    const html = `<html lang="${lang}"><body><article><p>${text}</p><p>${about}</p><p>${notice}</p></article></body></html>`;
    expect(parseArticlePage(html, "https://news.example.com/1").body.map((b) => b.text)).toEqual([
      text.trim(),
      about,
    ]);
  });
});

describe("an article an app draws from the page's own state", () => {
  it("is read from the state's HTML when the markup shows none of it", () => {
    const { html, expected } = fixture("zh-app-state");
    const article = parseArticlePage(html, expected.url);
    expect(article.body.map((b) => b.text)).toEqual(expected.paragraphs);
    expect(article.published).toBe(expected.published);
    expect(article.notice).toBeUndefined();
  });

  it("is not made of a list page's teasers: the page still says it has no article", () => {
    const teasers = Array.from(
      { length: 12 },
      (_, i) => `{"title":"新闻${i}","summary":"<p>这是第${i}条新闻的摘要，很短。</p>"}`,
    ).join(",");
    const html = `<html><head><title>范例科技</title></head><body><div id="app"><a href="/a/1">新闻1</a></div>
      <script>window.__INITIAL_STATE__={"list":[${teasers}]};</script></body></html>`;
    const article = parseArticlePage(html, "https://tech.example.cn/");
    expect(article.body).toEqual([]);
    expect(article.notice).toMatch(/No article text found/);
  });
});

describe("a picture's caption written as a paragraph under it", () => {
  it("is the picture's caption, not a paragraph of the text", () => {
    const { html, expected } = fixture("zh-tw-caption-paragraph");
    const body = parseArticlePage(html, expected.url).body;
    expect(body.find((b) => b.text.startsWith("▲"))).toEqual({
      type: "figure",
      text: "▲捷運新線今日試營運。（圖／記者林小明攝）",
    });
    expect(body.filter((b) => b.type !== "figure").map((b) => b.text)).toEqual(expected.paragraphs);
  });

  it.each([
    ["서울 시내 한 주택가의 전력량계. [사진=연합뉴스]", "figure"],
    ["新车在车展上亮相。（图片来源：主办方）", "figure"],
    // (a sentence under a picture, with no caption's mark or credit, is text)
    ["新车在车展上亮相，吸引了大量观众驻足观看。", "paragraph"],
  ])("reads %s under a picture as a %s", (text, type) => {
    const html = `<html><body><article><p>${"正文的第一段话，足够长，是文章的正文内容。".repeat(4)}</p>
      <p><img src="a.jpg"></p><p>${text}</p><p>${"正文的另一段话，也足够长，是文章的正文。".repeat(4)}</p></article></body></html>`;
    const body = parseArticlePage(html, "https://news.example.cn/a/1.html").body;
    expect(body.find((b) => b.text === text)?.type).toBe(type);
  });
});

describe("the site asking its reader to follow it", () => {
  it("is left out of the body: a short call to act with the site's own name", () => {
    const { html, expected } = fixture("zh-tw-caption-paragraph");
    const body = parseArticlePage(html, expected.url).body.map((b) => b.text);
    expect(body).not.toContain("★ 歡迎加入範例新聞雲粉絲團");
    expect(body).toEqual(expect.arrayContaining(expected.paragraphs));
  });

  it("keeps a sentence of the text that names the site, and a call to act naming another", () => {
    const { html, expected } = fixture("zh-tw-caption-paragraph");
    const kept = ["範例新聞雲記者今日走訪捷運新線。", "★ 歡迎加入捷運公司粉絲團"];
    const page = html.replace("<p>★ 歡迎加入範例新聞雲粉絲團</p>", kept.map((t) => `<p>${t}</p>`).join(""));
    expect(parseArticlePage(page, expected.url).body.map((b) => b.text)).toEqual(
      expect.arrayContaining(kept),
    );
  });
});
