// Feeds in every supported format, fetched over HTTP through Library.loadChannel as the interface does: the
// list a person sees has the titles, absolute links (relative ones resolved against the URL the server
// finally answered from) and instants with their zones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../../src/model.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { networkLibrary, type NetworkLibrary } from "./local-web.js";

const RSS2 = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>時政新聞</title><link>http://politics.people.com.cn/</link>
  <item>
    <title><![CDATA[促进航天技术更好惠及人民]]></title>
    <link>../n1/2024/0424/c1001-40223222.html</link>
    <pubDate>2024-04-24 15:52:00</pubDate>
    <description><![CDATA[<p>　　4月24日，习近平主席向首届论坛致贺信。</p>]]></description>
  </item>
  <item>
    <title>AT&amp;T &amp; 中国移动</title>
    <link>item/2.html</link>
    <pubDate>Wed, 24 Apr 2024 15:52:00 +0900</pubDate>
  </item>
</channel></rss>`;

const RDF = `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://example.jp/"><title>ニュース速報</title><link>http://example.jp/</link></channel>
  <item rdf:about="/articles/1.html">
    <title>北陸新幹線の延伸ルートで説明会</title>
    <link>/articles/1.html</link>
    <dc:date>2024-05-14T18:30:00+09:00</dc:date>
  </item>
</rdf:RDF>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">오늘의 뉴스</title>
  <link href="/" rel="alternate"/>
  <entry>
    <title type="html">서울 &amp;lt;속보&amp;gt;</title>
    <link href="news/100.html" rel="alternate" type="text/html"/>
    <updated>2024-05-14T09:00:00+09:00</updated>
    <summary type="html">&lt;p&gt;요약 &amp;amp; 내용&lt;/p&gt;</summary>
  </entry>
</feed>`;

const JSON_FEED = JSON.stringify({
  version: "https://jsonfeed.org/version/1.1",
  title: "聯合新聞",
  items: [
    {
      id: "1",
      url: "story/7.html",
      title: "臺灣 新聞",
      date_published: "2024-05-14T08:00:00-05:00",
      content_html: "<p>內容</p>",
    },
  ],
});

describe("feeds through Library.loadChannel over HTTP", () => {
  let server: TestServer;
  let net: NetworkLibrary;
  const channel = (url: string): Channel => ({ id: "c", title: "c", url, origin: "user" });

  beforeAll(async () => {
    server = await startTestServer({
      // Each feed lives under /feeds/…/ but is asked for at /old/…: the server redirects.
      "/old/rss2.xml": reply.redirect("/feeds/rss/politics.xml", 301),
      "/feeds/rss/politics.xml": reply.body(RSS2, { "content-type": "application/rss+xml" }),
      "/old/rdf.rdf": reply.redirect("/feeds/rdf/index.rdf"),
      "/feeds/rdf/index.rdf": reply.body(RDF, { "content-type": "application/rdf+xml" }),
      "/old/atom.xml": reply.redirect("/feeds/atom/feed.xml", 308),
      "/feeds/atom/feed.xml": reply.body(ATOM, { "content-type": "application/atom+xml; charset=utf-8" }),
      "/old/feed.json": reply.redirect("/feeds/json/feed.json", 307),
      "/feeds/json/feed.json": reply.body(JSON_FEED, { "content-type": "application/feed+json" }),
    });
    net = networkLibrary();
  });
  afterAll(async () => {
    await net.dispose();
    await server.close();
  });

  it("RSS 2.0: CDATA title, entities once, links against the final URL, a zone-less date in the feed's zone", async () => {
    const list = await net.library.loadChannel(channel(server.url("/old/rss2.xml")));
    expect(list.title).toBe("時政新聞");
    expect(list.items).toEqual([
      {
        title: "促进航天技术更好惠及人民",
        url: server.url("/feeds/n1/2024/0424/c1001-40223222.html"),
        // No zone: the one the feed's other date names (+09:00).
        published: "2024-04-24T06:52:00Z",
        summary: "4月24日，习近平主席向首届论坛致贺信。",
      },
      {
        title: "AT&T & 中国移动",
        url: server.url("/feeds/rss/item/2.html"),
        published: "2024-04-24T06:52:00Z",
      },
    ]);
    expect(list.warnings).toEqual([]);
  });

  it("RSS 1.0/RDF: items beside the channel, dc:date with its zone", async () => {
    const list = await net.library.loadChannel(channel(server.url("/old/rdf.rdf")));
    expect(list.title).toBe("ニュース速報");
    expect(list.items).toEqual([
      {
        title: "北陸新幹線の延伸ルートで説明会",
        url: server.url("/articles/1.html"),
        published: "2024-05-14T09:30:00Z",
      },
    ]);
  });

  it("Atom: html-typed title and summary unescaped once, relative href against the final URL", async () => {
    const list = await net.library.loadChannel(channel(server.url("/old/atom.xml")));
    expect(list.title).toBe("오늘의 뉴스");
    expect(list.items).toEqual([
      {
        title: "서울 <속보>",
        url: server.url("/feeds/atom/news/100.html"),
        published: "2024-05-14T00:00:00Z",
        summary: "요약 & 내용",
      },
    ]);
  });

  it("JSON Feed: url resolved against the final URL, date with a negative offset", async () => {
    const list = await net.library.loadChannel(channel(server.url("/old/feed.json")));
    expect(list.title).toBe("聯合新聞");
    expect(list.items).toEqual([
      {
        title: "臺灣 新聞",
        url: server.url("/feeds/json/story/7.html"),
        id: "1",
        published: "2024-05-14T13:00:00Z",
        summary: "內容",
      },
    ]);
  });

  it("sends the program's User-Agent and asks for compressed bodies", () => {
    const request = server.requests.find((r) => r.url === "/feeds/rss/politics.xml");
    expect(request?.headers["user-agent"]).toMatch(/^cjk-reader\//);
    expect(request?.headers["accept-encoding"]).toMatch(/gzip/);
  });
});
