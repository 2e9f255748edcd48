// Hostile pages and feeds: every string that reaches the model is free of escapes, controls and BiDi overrides,
// the text around them survives, and only http(s) links survive (the others are dropped with a warning).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hasWebLink, type Resource } from "../../src/model.js";
import { decodeBody } from "../../src/sources/decode.js";
import { loadFeed, parseFeed } from "../../src/sources/feed.js";
import { loadArticle } from "../../src/sources/page.js";
import { findFeedLinks, parseSectionPage } from "../../src/sources/section.js";
import { isWebUrl, unsafeStrings, urlsOf } from "./hostile-model.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/hostile/${name}`, import.meta.url));
const base = "http://127.0.0.1:8080/";
const resource = (name: string, contentType?: string): Resource => ({
  requestedUrl: base + name,
  url: base + name,
  status: 200,
  body: fixture(name),
  ...(contentType ? { contentType } : {}),
});

describe("a 人民網-template page with escapes in every field", () => {
  const article = loadArticle(resource("article.html", "text/html; charset=utf-8"));

  it("has no control, escape or BiDi character in any field", () => {
    expect(unsafeStrings(article)).toEqual([]);
  });

  it("keeps the text on both sides of every removed sequence", () => {
    expect(article.title).toBe("標題前標題後");
    expect(article.kicker).toBe("引題前引題後");
    expect(article.subtitle).toBe("副題前副題後");
    expect(article.source).toBe("來源前來源後");
    expect(article.notice).toBe("提示前提示後");
    expect(article.editors).toEqual(["編一前編一後", "編二前編二後"]);
    expect(article.breadcrumb.map((l) => l.title)).toEqual(["首站前首站後", "本地欄目"]);
    expect(article.body.map((b) => b.text)).toEqual([
      "正文一前正文一後這是第一段的其餘文字,用來確認段落照常排版,沒有任何內容被吞掉。",
      "正文二前正文二後危險鏈接文字第二段結束。",
      "預排前預排後",
      "引文前引文後",
    ]);
    expect(article.recommended[0]).toEqual({
      title: "推一前推一後",
      url: `${base}n1/2024/0424/c1001-1.html`,
      summary: "摘一前摘一後",
    });
  });

  it("keeps only http(s) links in the breadcrumb and 推薦閱讀, and says what it left out", () => {
    expect(urlsOf(article).every(isWebUrl)).toBe(true);
    expect(article.recommended.map((l) => l.title)).toEqual(["推一前推一後", "第二條正常推薦"]);
    expect(JSON.stringify(article)).not.toMatch(/不應出現|javascript|file:|data:/i);
    expect(article.warnings).toContain("2 breadcrumb links left out: not http or https");
    expect(article.warnings).toContain("5 recommended links left out: not http or https");
  });
});

describe("a generic page with escapes in its meta tags and invalid UTF-8 in its body", () => {
  const article = loadArticle(resource("generic.html"));

  it("is sanitised, keeps the text around the bad bytes and says bytes were replaced", () => {
    expect(unsafeStrings(article)).toEqual([]);
    expect(article.title).toBe("汎用前汎用後");
    expect(article.source).toBe("站名前站名後");
    expect(article.body[0]?.text).toContain("本文前本文後。");
    expect(article.body[1]?.text).toMatch(/^壊れた.*バイトの後。/);
    expect(article.warnings.join("\n")).toMatch(/invalid utf-8 sequences replaced/);
  });
});

describe.each([
  ["feed.rss", "RSS", "頻道前頻道後", "條目一前條目一後", "摘要一前摘要一後", "源一前源一後", 3],
  ["feed.atom", "Atom", "原子前原子後", "原子一前原子一後", "原摘前原摘後", "原源前原源後", 2],
  ["feed.json", "JSON Feed", "杰森前杰森後", "杰一前杰一後", "杰摘前杰摘後", undefined, 2],
] as const)("a hostile %s (%s)", (name, _format, title, itemTitle, summary, source, refused) => {
  const feed = loadFeed(resource(name));

  it("has no control, escape or BiDi character in the feed title or any item field", () => {
    expect(unsafeStrings(feed)).toEqual([]);
    expect(feed.title).toBe(title);
    expect(feed.items[0]?.title).toBe(itemTitle);
    expect(feed.items[0]?.summary).toBe(summary);
    expect(feed.items[0]?.source).toBe(source);
  });

  it("keeps items whose link is javascript:, file: or data: without that link, with a warning each", () => {
    expect(urlsOf(feed).every(isWebUrl)).toBe(true);
    const links = feed.items.map((i) => i.url).filter(hasWebLink);
    expect(links.join(" ")).not.toMatch(/不應出現|javascript|file:|data:/i);
    expect(feed.items.filter((i) => !hasWebLink(i.url))).toHaveLength(refused);
    expect(feed.warnings.filter((w) => /not http or https/.test(w))).toHaveLength(refused);
  });
});

describe("escapes written as character references", () => {
  it("are removed after the references are decoded", () => {
    const feed = loadFeed(resource("feed.rss"));
    const item = feed.items.find((i) => i.url.endsWith("c1001-3.html"));
    expect(item?.title).toMatch(/^實體轉義紅.?2J字反$/);
    expect(item?.summary).toBe("實體摘要");
  });
});

describe("other places content reaches the model", () => {
  it("a section page's link titles and title attributes", () => {
    const html = `<html><head><title>欄\u001b]52;c;aGk=\u0007目</title>
      <link rel="alternate" type="application/rss+xml" title="訂\u001b[2J閱" href="/rss.xml">
      <link rel="alternate" type="application/rss+xml" title="腳本" href="javascript:alert(1)"></head>
      <body><div class="p6"><a href="/n1/2024/0424/c1001-1.html" title="標\u202e題\u009b31m四字以上">
      </a><a href="javascript:alert(1)">腳本鏈接四字以上</a><a href="file:///etc/passwd">文件鏈接四字以上</a>
      </div></body></html>`;
    const page = parseSectionPage(html, base);
    expect(unsafeStrings(page)).toEqual([]);
    expect(page.title).toBe("欄目");
    expect(page.items).toEqual([{ title: "標題四字以上", url: `${base}n1/2024/0424/c1001-1.html` }]);
    const feeds = findFeedLinks(html, base);
    expect(feeds).toEqual([{ title: "訂閱", url: `${base}rss.xml` }]);
  });

  it("a charset label in a header or a page is shown sanitised in the warning", () => {
    const body = new TextEncoder().encode('<meta charset="x\u001b]52;c;aGk=\u0007y">文');
    const decoded = decodeBody(body, "text/html; charset=\u009b2Jbad\u001b[31m", "html");
    expect(unsafeStrings(decoded.warnings)).toEqual([]);
    expect(decoded.warnings.join("\n")).toMatch(/unknown charset "bad" in Content-Type/);
  });

  it("links with control characters inside the scheme never become javascript: links", () => {
    const feed = parseFeed(
      `<rss><channel><title>t</title><item><title>a</title><link>java\u001bscript:alert(1)</link></item>` +
        `<item><title>b</title><link> jav&#x09;ascript:alert(1)</link></item></channel></rss>`,
      base,
    );
    // The first is refused (the item stays, without a link); the second (tab made a space by the text cleaner)
    // is a harmless relative link.
    expect(feed.items.map((i) => hasWebLink(i.url))).toEqual([false, true]);
    expect(feed.items[1]?.url).toBe(`${base}jav%20ascript:alert(1)`);
    expect(feed.warnings).toEqual(["item 1 (a): its link is not http or https"]);
  });
});
