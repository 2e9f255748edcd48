import { afterEach, describe, expect, it, vi } from "vitest";
import { parseArticlePage } from "../../src/sources/page.js";

const page = (head: string) =>
  `<html lang="de"><head>${head}</head><body><article><h1>Stadtrat beschliesst neuen Busplan</h1>
  <p>Der Stadtrat hat am Abend den neuen Busplan beschlossen, der ab dem Sommer mehr Nachtverbindungen bringt.</p>
  </article></body></html>`;

describe("the date of a generic page", () => {
  it("reads a date that names no zone in the zone the page's other dates name", () => {
    const html = page(`<meta property="article:published_time" content="2023-04-28T18:41:00">
      <meta property="article:modified_time" content="2023-04-28T19:05:00+02:00">`);
    expect(parseArticlePage(html, "https://www.example.de/a").published).toBe("2023-04-28T16:41:00Z");
  });

  it("takes the metadata date with a time and a zone over a day alone or a time with no zone", () => {
    const html = page(`<meta name="date" content="2024-11-29">
      <meta property="article:published_time" content="2024-11-29T11:31:54.000">
      <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-11-29T12:31:54+01:00"}</script>`);
    expect(parseArticlePage(html, "https://www.example.de/b").published).toBe("2024-11-29T11:31:54Z");
  });

  it("finds datePublished in an itemprop that lists several properties", () => {
    const html = page(
      `<meta property="article:published" itemprop="datePublished dateCreated" content="2019-11-19T11:00:09.000Z">`,
    );
    expect(parseArticlePage(html, "https://www.example.com/c").published).toBe("2019-11-19T11:00:09Z");
  });

  it("reads the article:published:time some pages write", () => {
    const html = page(`<meta property="article:published:time" content="2024-05-03T09:15:00+02:00">`);
    expect(parseArticlePage(html, "https://www.example.de/d").published).toBe("2024-05-03T07:15:00Z");
  });

  it("reads a time that names no zone in the zone of the page's country, not in Beijing time", () => {
    const at = (lang: string, url: string) =>
      parseArticlePage(
        page(`<meta property="article:published_time" content="2024-07-01T17:45:00">`).replace(
          'lang="de"',
          `lang="${lang}"`,
        ),
        url,
      ).published;
    expect(at("de", "https://www.example.com/e")).toBe("2024-07-01T15:45:00Z");
    expect(at("en-GB", "https://www.example.com/e")).toBe("2024-07-01T16:45:00Z");
    expect(at("en", "https://www.example.fr/e")).toBe("2024-07-01T15:45:00Z");
    // English on a .com names no country: the time is shown as UTC, not guessed into a zone.
    expect(at("en", "https://www.example.com/e")).toBe("2024-07-01T17:45:00Z");
  });

  it("reads a Japanese page with no language tag in Japan's zone, by the script of its title", () => {
    const html = `<html><head><title>港の朝市が再開 - 例示新聞</title>
      <meta property="article:published_time" content="2024-07-01T17:45:00"></head>
      <body><article><h1>港の朝市が再開</h1><p>漁港の岸壁で開かれてきた朝市が、施設の改修を終えて３年ぶりに再開した。</p></article></body></html>`;
    expect(parseArticlePage(html, "https://www.example.com/j").published).toBe("2024-07-01T08:45:00Z");
  });

  it("reads a JSON-LD date that names no zone in the zone its dateModified names", () => {
    const html = page(`<script type="application/ld+json">{"@type":"NewsArticle",
      "datePublished":"01:38:07 PM IST Nov 20, 2019","dateModified":"2019-11-20T01:41:20+05:30"}</script>`);
    expect(parseArticlePage(html, "https://www.example.com/f").published).toBe("2019-11-20T08:08:07Z");
  });

  it("takes a dateline with the time over a day alone just above it", () => {
    const html = `<html lang="en-GB"><head><title>Markets rise</title></head><body><article>
      <h1>Markets rise</h1><span class="day">Nov 20, 2019</span>
      <p>Shares rose for a third day on Wednesday as traders bet on lower interest rates next year.</p>
      <div class="published">First published on Nov 20, 2019 01:38 pm</div></article></body></html>`;
    expect(parseArticlePage(html, "https://www.example.com/g").published).toBe("2019-11-20T13:38:00Z");
  });
});

describe("a portal's dateline", () => {
  const text =
    "<p>记者从市交通运输局获悉，本市将于下月起调整二十条公交线路，方便新城区居民出行，早晚高峰发车间隔缩短至十分钟以内。</p>";

  it("gives the time of the day a page's metadata gives alone", () => {
    const html = `<html><head><title>本市调整二十条公交线路_示例网</title><meta name="publishdate" content="2024-05-03"></head>
      <body><div class="top">2024年05月06日 星期一</div><h1>本市调整二十条公交线路</h1>
      <div class="info"><span>2024-05-03 13:30</span> 来源：示例日报</div><div class="content">${text}</div></body></html>`;
    expect(parseArticlePage(html, "http://www.example.cn/a.html").published).toBe("2024-05-03T05:30:00Z");
  });

  it("keeps the metadata's day when the dateline near the headline is of another day", () => {
    const html = `<html><head><title>本市调整二十条公交线路_示例网</title><meta name="publishdate" content="2024-05-03"></head>
      <body><h1>本市调整二十条公交线路</h1><div class="info"><span>2024-05-04 09:00</span></div>
      <div class="content">${text}</div></body></html>`;
    expect(parseArticlePage(html, "http://www.example.cn/a.html").published).toBe("2024-05-03");
  });
});

describe("the date a page's scripts hold, when its markup shows none", () => {
  const page = (script: string) =>
    `<html lang="zh-CN"><head><title>新能源汽车下乡活动启动</title><script>${script}</script></head><body>
    <h1>新能源汽车下乡活动启动</h1><div class="content-article"><p>记者从商务部获悉，今年的新能源汽车下乡活动日前启动，将在全国二十个省份举办一百余场展销活动。</p></div></body></html>`;

  it("reads a Unix time in seconds or milliseconds", () => {
    expect(
      parseArticlePage(page('var DATA = {"publish_time": 1714714200};'), "https://m.example.cn/a/1")
        .published,
    ).toBe("2024-05-03T05:30:00Z");
    expect(
      parseArticlePage(page('var DATA = {"publishedAt": 1714714200000};'), "https://m.example.cn/a/2")
        .published,
    ).toBe("2024-05-03T05:30:00Z");
  });

  it("passes over a template's placeholder for the date it holds next", () => {
    const script =
      'var A = {"datePublished":"0001-01-01T00:00:00Z"}; var B = {"pubtime":"2024-05-03 13:30:00"};';
    expect(parseArticlePage(page(script), "https://m.example.cn/a/3").published).toBe("2024-05-03T05:30:00Z");
  });
});

describe("a dateline with no year", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const page = (time: string) =>
    `<html lang="ja"><head><title>東京で初雪を観測</title></head><body><h1>東京で初雪を観測</h1>
    <p class="content--date"><time>${time}</time></p><div class="content--detail-body">
    <p>気象庁は、東京都心で初雪を観測したと発表しました。平年より早い観測で、去年より１０日早くなりました。</p></div></body></html>`;

  it("is dated in this year, or last year when this year's would be in the future", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-01-05T03:00:00Z") });
    expect(parseArticlePage(page("1/5(日) 9:10"), "https://news.example.jp/a/k1").published).toBe(
      "2025-01-05T00:10:00Z",
    );
    expect(parseArticlePage(page("12/31(火) 18:05"), "https://news.example.jp/a/k2").published).toBe(
      "2024-12-31T09:05:00Z",
    );
  });

  it("reads a dateline relative to now, unless the URL files the page under another day", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-01-05T03:00:00Z") });
    expect(parseArticlePage(page("2時間前"), "https://news.example.jp/a/k3").published).toBe(
      "2025-01-05T01:00:00Z",
    );
    expect(
      parseArticlePage(page("2時間前"), "https://news.example.jp/news/html/20191119/k3.html").published,
    ).toBeUndefined();
  });

  it("takes its year from the day the page's URL gives", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T00:00:00Z") });
    expect(
      parseArticlePage(page("12/31(火) 18:05"), "https://news.example.jp/news/html/20241231/k1.html")
        .published,
    ).toBe("2024-12-31T09:05:00Z");
  });
});
