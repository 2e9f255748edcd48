import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadFeed, looksLikeFeed, parseFeed } from "../../src/sources/feed.js";
import iconv from "iconv-lite";
import { itemUrl } from "../../src/model.js";

const BASE = "http://www.people.com.cn/rss/politics.xml";

const rss2 = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>時政新聞</title>
  <link>http://politics.people.com.cn/</link>
  <item>
    <title><![CDATA[山東:以堅強組織領導確保取得實效]]></title>
    <link>http://sd.people.com.cn/n2/2023/0918/c386784-40574471.html</link>
    <pubDate>2023-09-18 08:40:00</pubDate>
    <description><![CDATA[<p>\u3000\u3000任何一項工作要達到預期效果,<b>關鍵</b>看組織。</p>]]></description>
    <source>大眾日報</source>
  </item>
  <item>
    <title>AT&amp;amp;T &amp; 中国移动 &lt;合作&gt;</title>
    <link>/n1/2024/0424/c1001-40223222.html</link>
    <pubDate>Wed, 24 Apr 2024 15:52:00 GMT</pubDate>
    <description>&lt;p&gt;A &amp;amp; B&lt;/p&gt;</description>
  </item>
  <item>
    <title>No link here</title>
  </item>
</channel>
</rss>`;

describe("parseFeed: RSS 2.0", () => {
  const feed = parseFeed(rss2, BASE);

  it("gives the channel title and its items in order", () => {
    expect(feed.title).toBe("時政新聞");
    expect(feed.link).toBe("http://politics.people.com.cn/");
    expect(feed.items.map((i) => i.title)).toEqual([
      "山東:以堅強組織領導確保取得實效",
      "AT&amp;T & 中国移动 <合作>",
      "No link here",
    ]);
  });

  it("reads a zone-less date in the zone the feed's other dates name, and an RFC 822 date with its zone", () => {
    expect(feed.items[0]?.published).toBe("2023-09-18T08:40:00Z");
    expect(feed.items[1]?.published).toBe("2024-04-24T15:52:00Z");
  });

  it("reads a 人民網 feed's zone-less dates as Beijing time, and another feed's as UTC or its language's zone", () => {
    const zoneless = (lang: string) =>
      `<rss><channel>${lang}<item><title>t</title><link>/a</link><pubDate>2023-09-18 08:40:00</pubDate></item></channel></rss>`;
    expect(parseFeed(zoneless(""), BASE).items[0]?.published).toBe("2023-09-18T00:40:00Z");
    expect(parseFeed(zoneless(""), "https://example.org/feed").items[0]?.published).toBe(
      "2023-09-18T08:40:00Z",
    );
    expect(
      parseFeed(zoneless("<language>ja</language>"), "https://example.org/feed").items[0]?.published,
    ).toBe("2023-09-17T23:40:00Z");
  });

  it("resolves relative links against the feed URL", () => {
    expect(feed.items[1]?.url).toBe("http://www.people.com.cn/n1/2024/0424/c1001-40223222.html");
  });

  it("turns HTML summaries into text, unescaping each layer once", () => {
    expect(feed.items[0]?.summary).toBe("任何一項工作要達到預期效果,關鍵看組織。");
    expect(feed.items[1]?.summary).toBe("A & B");
    expect(feed.items[0]?.source).toBe("大眾日報");
  });

  it("keeps an item without a link, to be read from the feed", () => {
    expect(feed.items[2]?.url).toMatch(/^feed-item:/);
    expect(feed.items[2]?.id).toBe("No link here");
    expect(feed.warnings).toEqual([]);
  });
});

describe("parseFeed: entities", () => {
  it("decodes every entity exactly once: HTML's named ones, and &amp;lt; in a plain-text title is &lt;", () => {
    const feed = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>&ldquo;新闻&rdquo; &middot; 今日&hellip;</title>` +
        `<entry><title type="text">a &amp;lt; b</title><link href="/1"/></entry></feed>`,
      BASE,
    );
    expect(feed.title).toBe("“新闻” · 今日…");
    expect(feed.items[0]?.title).toBe("a &lt; b");
  });
});

describe("parseFeed: other formats", () => {
  it("reads RSS 1.0 / RDF with dc:date", () => {
    const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example.jp/"><title>ニュース速報</title><link>https://news.example.jp/</link></channel>
  <item rdf:about="https://news.example.jp/a/1"><title>台風１０号、九州に接近</title><link>https://news.example.jp/a/1</link><dc:date>2024-08-28T09:00:00+09:00</dc:date></item>
  <item rdf:about="https://news.example.jp/a/2"><title>株価が続伸</title><dc:date>2024-08-28T10:30:00+09:00</dc:date></item>
</rdf:RDF>`;
    const feed = parseFeed(rdf, "https://news.example.jp/rss.rdf");
    expect(feed.title).toBe("ニュース速報");
    expect(feed.items).toEqual([
      {
        title: "台風１０号、九州に接近",
        url: "https://news.example.jp/a/1",
        published: "2024-08-28T00:00:00Z",
      },
      { title: "株価が続伸", url: "https://news.example.jp/a/2", published: "2024-08-28T01:30:00Z" },
    ]);
    expect(feed.warnings).toEqual([]);
  });

  it("reads Atom with xml:base, html titles and the alternate link", () => {
    const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example.kr/">
  <title>속보</title>
  <link rel="self" href="/atom.xml"/><link rel="alternate" href="/"/>
  <entry>
    <title type="html">&lt;b&gt;정부&lt;/b&gt;, 새 경제 대책 발표</title>
    <link rel="alternate" type="text/html" href="article/1001"/>
    <link rel="enclosure" href="/img/1.jpg"/>
    <published>2024-04-24T10:00:00+09:00</published>
    <summary type="html">&lt;p&gt;대통령은 &amp;quot;국민&amp;quot;을 말했다.&lt;/p&gt;</summary>
  </entry>
</feed>`;
    const feed = parseFeed(atom, "https://news.example.kr/atom.xml");
    expect(feed.title).toBe("속보");
    expect(feed.link).toBe("https://news.example.kr/");
    expect(feed.items).toEqual([
      {
        title: "정부, 새 경제 대책 발표",
        url: "https://news.example.kr/article/1001",
        published: "2024-04-24T01:00:00Z",
        summary: '대통령은 "국민"을 말했다.',
      },
    ]);
  });

  it("reads JSON Feed", () => {
    const json = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      title: "博客",
      home_page_url: "https://blog.example.cn/",
      items: [
        {
          id: "1",
          url: "/posts/1",
          title: "第一篇",
          content_text: "正文 <不是标签>",
          date_published: "2024-01-02T03:04:05Z",
        },
        { id: "2", title: "没有链接" },
      ],
    });
    const feed = parseFeed(json, "https://blog.example.cn/feed.json");
    expect(feed.title).toBe("博客");
    expect(feed.items).toEqual([
      {
        title: "第一篇",
        url: "https://blog.example.cn/posts/1",
        id: "1",
        published: "2024-01-02T03:04:05Z",
        summary: "正文 <不是标签>",
      },
      { title: "没有链接", url: itemUrl("https://blog.example.cn/feed.json", "2"), id: "2" },
    ]);
    expect(feed.warnings).toEqual([]);
  });
});

describe("parseFeed on broken input", () => {
  it("returns the items before the break of a truncated feed, with a warning", () => {
    const cut = rss2.slice(0, rss2.indexOf("<item>", rss2.indexOf("<item>") + 1) + 20);
    const feed = parseFeed(cut, BASE);
    expect(feed.items[0]?.title).toBe("山東:以堅強組織領導確保取得實效");
    expect(feed.warnings.join(" ")).toMatch(/ends early/);
  });

  it("says an HTML page is not a feed instead of throwing", () => {
    const feed = parseFeed("<html><body><p>hello</p></body></html>", BASE);
    expect(feed.items).toEqual([]);
    expect(feed.warnings[0]).toMatch(/not a feed/);
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const feed = parseFeed(`<rss><channel><item><title>${s}</title><link>${s}</link></item>${s}`, BASE);
        expect(Array.isArray(feed.items)).toBe(true);
        parseFeed(s, BASE);
        parseFeed(`{${s}`, BASE);
      }),
      { numRuns: 300 },
    );
  });
});

describe("looksLikeFeed and loadFeed", () => {
  it("tells feeds from pages", () => {
    expect(looksLikeFeed(rss2)).toBe(true);
    expect(looksLikeFeed('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">')).toBe(true);
    expect(looksLikeFeed('{"version":"https://jsonfeed.org/version/1","items":[]}')).toBe(true);
    expect(
      looksLikeFeed("<!DOCTYPE html><html><head><link rel=alternate type=application/rss+xml></head>"),
    ).toBe(false);
    expect(looksLikeFeed('{"a":1}')).toBe(false);
  });

  it("decodes a GBK feed declared only in its XML declaration", () => {
    const xml = rss2
      .replace('encoding="utf-8"', 'encoding="gb2312"')
      .replace(/[山東堅強組織領導確保實效項達預鍵看]/g, "中");
    const feed = loadFeed({
      requestedUrl: BASE,
      url: BASE,
      status: 200,
      contentType: "text/xml",
      body: iconv.encode(xml, "gbk"),
    });
    expect(feed.items[0]?.title).toBe("中中:以中中中中中中中中取得中中");
    expect(feed.warnings).toEqual([]);
  });

  it("reads an HTML channel URL as a section list page", () => {
    const html = `<html><head><title>時政--人民網</title></head><body><div class="ej_list_box"><ul>
      <li><a href="/n1/2024/0424/c1001-40223222.html">促进航天技术更好惠及人民</a> <em>2024-04-24</em></li></ul></div></body></html>`;
    const url = "http://politics.people.com.cn/GB/1024/index.html";
    const feed = loadFeed({
      requestedUrl: url,
      url,
      status: 200,
      contentType: "text/html; charset=utf-8",
      body: Buffer.from(html),
    });
    expect(feed.title).toBe("時政");
    expect(feed.items).toEqual([
      {
        title: "促进航天技术更好惠及人民",
        url: "http://politics.people.com.cn/n1/2024/0424/c1001-40223222.html",
        published: "2024-04-24",
      },
    ]);
  });

  it("refuses an HTTP error status with a message", () => {
    expect(() => loadFeed({ requestedUrl: BASE, url: BASE, status: 404, body: new Uint8Array() })).toThrow(
      /404/,
    );
  });
});
