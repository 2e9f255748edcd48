import { describe, expect, it } from "vitest";
import { findFeedLinks, findMetaRefresh, parseSectionPage } from "../../src/sources/section.js";

const SECTION_URL = "http://sd.people.com.cn/GB/386784/index.html";

const section = `<!DOCTYPE html><html><head><meta charset="gb2312"><title>時政要聞--山東頻道--人民網</title></head><body>
<div class="nav"><a href="http://www.people.com.cn/">人民網首頁</a><a href="/GB/386785/index.html">社會法治</a></div>
<div class="p6">
  <ul>
    <li><a href="../../n2/2023/0918/c386784-40574471.html" target="_blank">山東:以堅強組織領導確保取得實效</a> [2023-09-18]</li>
    <li><a href='/n2/2023/0911/c386784-40566543.html'>山東省委常委會召開會議</a><em>2023年09月11日08:12</em></li>
    <li><a href="../../n2/2023/0918/c386784-40574471.html">山東:以堅強組織領導確保取得實效</a></li>
    <li><a href="javascript:void(0)">更多</a></li>
  </ul>
</div>
<div class="page_n"><a href="index2.html">下一頁</a></div>
</body></html>`;

describe("parseSectionPage", () => {
  const page = parseSectionPage(section, SECTION_URL);

  it("lists the articles of a 人民網 list container once each, with resolved ../ links and dates", () => {
    expect(page.title).toBe("時政要聞");
    expect(page.items).toEqual([
      {
        title: "山東:以堅強組織領導確保取得實效",
        url: "http://sd.people.com.cn/n2/2023/0918/c386784-40574471.html",
        published: "2023-09-18",
      },
      {
        title: "山東省委常委會召開會議",
        url: "http://sd.people.com.cn/n2/2023/0911/c386784-40566543.html",
        published: "2023-09-11T00:12:00Z",
      },
    ]);
    expect(page.warnings).toEqual([]);
  });

  it("without a known container, keeps only links that look like articles", () => {
    const html = `<html><body><ul><li><a href="/about.html">關於我們</a></li>
      <li><a href="/news/2024/05/14/trains.html">北陸新幹線の延伸で説明会</a></li>
      <li><a href="/news/articleView.html?idxno=20130">전통시장 상품권 환급 연장</a></li></ul></body></html>`;
    expect(parseSectionPage(html, "https://news.example/").items.map((i) => i.url)).toEqual([
      "https://news.example/news/2024/05/14/trains.html",
      "https://news.example/news/articleView.html?idxno=20130",
    ]);
  });

  it("warns when there is nothing to list", () => {
    expect(parseSectionPage("<html><body>空</body></html>", SECTION_URL).warnings[0]).toMatch(
      /no article links/,
    );
  });
});

describe("findFeedLinks and findMetaRefresh", () => {
  it("finds RSS, Atom and JSON feeds a page names, absolute", () => {
    const html = `<html><head>
      <link rel="alternate" type="application/rss+xml" title="總覽" href="/rss/index.xml">
      <link rel="alternate" type="application/atom+xml" href="https://feeds.example/atom">
      <link rel="alternate" hreflang="en" href="/en/">
      <link rel="stylesheet" href="/a.css"></head></html>`;
    expect(findFeedLinks(html, "http://news.example/a/b.html")).toEqual([
      { title: "總覽", url: "http://news.example/rss/index.xml" },
      { title: "https://feeds.example/atom", url: "https://feeds.example/atom" },
    ]);
  });

  it("reads a meta refresh target as section index pages use it", () => {
    const html = `<html><head><meta http-equiv="Refresh" content="0; URL=../1024/index.html"></head></html>`;
    expect(findMetaRefresh(html, "http://politics.people.com.cn/GB/1001/index.html")).toBe(
      "http://politics.people.com.cn/GB/1024/index.html",
    );
    expect(findMetaRefresh("<html></html>", SECTION_URL)).toBeUndefined();
  });
});
