// Channels over HTTP: a default-style channel whose feed is missing or empty shows its section list page
// instead (people.com.cn list markup, meta-refresh index, ../ links), and Library.resolveFeed finds what to
// subscribe to for a URL a person types.
import { rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../../src/model.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { encode, networkLibrary, type NetworkLibrary } from "./local-web.js";

// A 人民網 section list page as the live site writes it: GB2312, relative ../ links, dates beside the links,
// navigation and a ranking box (article links too) around the list that must not become items.
const SECTION_ITEMS = [
  { title: "习近平同巴西总统卢拉会谈", path: "n1/2024/0514/c1024-40235001.html", date: "2024-05-14 21:10" },
  {
    title: "国务院常务会议部署推动高质量发展",
    path: "n1/2024/0514/c1024-40235002.html",
    date: "2024-05-14 18:02",
  },
  { title: "全国人大常委会举行专题讲座", path: "n1/2024/0513/c1024-40234003.html", date: "2024-05-13 09:45" },
];
const SECTION_PAGE = `<!DOCTYPE html><html><head>
<meta http-equiv="content-type" content="text/html;charset=GB2312"/><title>时政--人民网</title></head>
<body>
<div class="nav"><a href="http://www.people.com.cn/">人民网首页</a><a href="../../GB/1027/index.html">高层动态</a></div>
<div class="ej_list_box clear"><ul class="list_16 mt10">
${SECTION_ITEMS.map((i) => `<li><a href="../../${i.path}" target="_blank">${i.title}</a><em>${i.date}</em></li>`).join("\n")}
</ul></div>
<div class="page_n clearfix"><a href="index2.html">下一页</a></div>
<div class="hot_rank"><a href="../../n1/2024/0501/c1024-40000001.html">五一假期热点排行第一名</a></div>
<div class="footer"><a href="http://www.people.com.cn/GB/50142/104580/index.html">关于人民网</a></div>
</body></html>`;

const EMPTY_RSS = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>时政新闻</title></channel></rss>`;
const RSS = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>要闻快讯</title>
<item><title>一条要闻</title><link>/n1/2024/0514/c1001-1.html</link></item></channel></rss>`;

describe("a default channel falls back to its section list page", () => {
  let server: TestServer;
  let net: NetworkLibrary;
  const expectedItems = () =>
    SECTION_ITEMS.map((i) => ({
      title: i.title,
      url: server.url(`/${i.path}`),
      published: new Date(`${i.date.replace(" ", "T")}:00+08:00`).toISOString().replace(".000Z", "Z"),
    }));

  beforeAll(async () => {
    server = await startTestServer({
      "/rss/empty.xml": reply.body(EMPTY_RSS, { "content-type": "application/rss+xml" }),
      "/rss/ywkx.xml": reply.body(RSS, { "content-type": "application/rss+xml" }),
      // The section index redirects with a meta refresh, as /GB/{node}/index.html pages do.
      "/GB/1024/index.html": reply.body(
        encode(
          `<html><head><meta http-equiv="Refresh" content="0;URL=../../GB/1024/index1.html"></head><body></body></html>`,
          "gbk",
        ),
        { "content-type": "text/html" },
      ),
      "/GB/1024/index1.html": reply.body(encode(SECTION_PAGE, "gbk"), { "content-type": "text/html" }),
    });
    net = networkLibrary();
  });
  afterAll(async () => {
    await net.dispose();
    await server.close();
  });

  const channel = (feed: string): Channel => ({
    id: "people-politics",
    title: "人民網 時政",
    url: server.url(feed),
    origin: "default",
    fallbackUrl: server.url("/GB/1024/index.html"),
  });

  it("when the feed answers 404, the channel shows the section's items (title, absolute link, Beijing date)", async () => {
    const list = await net.library.loadChannel(channel("/rss/politics.xml"));
    expect(list.items).toEqual(expectedItems());
    expect(list.title).toBe("时政");
  });

  it("when the feed is empty, the channel shows the section's items", async () => {
    const list = await net.library.loadChannel(channel("/rss/empty.xml"));
    expect(list.items).toEqual(expectedItems());
  });

  it("when the feed is empty and the section page lists nothing, the error says both", async () => {
    server.route("/GB/blank/index.html", reply.body("<html><body><p>维护中</p></body></html>"));
    const blank: Channel = { ...channel("/rss/empty.xml"), fallbackUrl: server.url("/GB/blank/index.html") };
    await expect(net.library.loadChannel(blank)).rejects.toThrow(
      /^the feed has no items; section page: 127\.0\.0\.1 sent a page that is neither a feed nor a list of articles$/,
    );
  });

  // The list markup of other 人民網 sections and templates: the same items come out of each.
  it.each([
    ['<div class="p2j_list">', "</div>"],
    ['<div class="p6">', "</div>"],
    ['<div class="headingNews">', "</div>"],
    ['<div class="leftItem">', "</div>"],
  ])("a section page listing its articles in %s falls back the same way", async (open, close) => {
    const markup = SECTION_PAGE.replace(
      '<div class="ej_list_box clear"><ul class="list_16 mt10">',
      `${open}<ul>`,
    ).replace("</ul></div>", `</ul>${close}`);
    const path = `/GB/${encodeURIComponent(open.replace(/\W/g, ""))}/index.html`;
    server.route(path, reply.body(encode(markup, "gbk"), { "content-type": "text/html" }));
    const list = await net.library.loadChannel({
      ...channel("/rss/gone.xml"),
      fallbackUrl: server.url(path),
    });
    // The ../../ links resolve from two levels down, as on the live site.
    expect(list.items).toEqual(expectedItems());
  });

  it("when the feed has items, the section page is not asked for", async () => {
    const before = server.requests.length;
    const list = await net.library.loadChannel(channel("/rss/ywkx.xml"));
    expect(list.items.map((i) => i.title)).toEqual(["一条要闻"]);
    expect(server.requests.slice(before).map((r) => r.url)).toEqual(["/rss/ywkx.xml"]);
  });

  it("when the feed and the section page both fail, the error names both", async () => {
    const broken: Channel = { ...channel("/rss/gone.xml"), fallbackUrl: server.url("/GB/gone/index.html") };
    await expect(net.library.loadChannel(broken)).rejects.toThrow(
      /^feed: .*HTTP 404.*; section page: .*HTTP 404/,
    );
  });
});

describe("Library.resolveFeed: what to subscribe to for a typed URL", () => {
  let server: TestServer;
  let net: NetworkLibrary;

  beforeAll(async () => {
    server = await startTestServer({
      "/rss/ywkx.xml": reply.body(RSS, { "content-type": "application/rss+xml" }),
      "/news/page.html": reply.body(
        `<html><head><title>某报</title>
<link rel="alternate" type="application/rss+xml" title="要闻" href="../rss/ywkx.xml"></head>
<body><p>正文</p></body></html>`,
        { "content-type": "text/html; charset=utf-8" },
      ),
      "/GB/1024/index1.html": reply.body(encode(SECTION_PAGE, "gbk"), { "content-type": "text/html" }),
      "/about.html": reply.body(
        `<html><head><title>关于我们</title></head><body><p>本站简介。</p><a href="/">首页</a></body></html>`,
        { "content-type": "text/html; charset=utf-8" },
      ),
    });
    net = networkLibrary();
  });
  afterAll(async () => {
    await net.dispose();
    await server.close();
  });

  it("a feed URL resolves to itself, with the feed's title", async () => {
    await expect(net.library.resolveFeed(server.url("/rss/ywkx.xml"))).resolves.toEqual({
      url: server.url("/rss/ywkx.xml"),
      title: "要闻快讯",
    });
  });

  it("a page naming its feed in <link rel=alternate> (relative href) resolves to the feed", async () => {
    await expect(net.library.resolveFeed(server.url("/news/page.html"))).resolves.toEqual({
      url: server.url("/rss/ywkx.xml"),
      title: "要闻快讯",
    });
  });

  it("a section list page resolves to the page itself", async () => {
    await expect(net.library.resolveFeed(server.url("/GB/1024/index1.html"))).resolves.toEqual({
      url: server.url("/GB/1024/index1.html"),
      title: "时政",
    });
  });

  it("a page with neither a feed nor an article list is refused with a clear error", async () => {
    await expect(net.library.resolveFeed(server.url("/about.html"))).rejects.toThrow(
      /no feed or article list found/,
    );
  });

  it("an address typed without http:// is found (https first, then http)", async () => {
    const typed = server.url("/rss/ywkx.xml").replace(/^http:\/\//, "");
    await expect(net.library.resolveFeed(`  ${typed} `)).resolves.toEqual({
      url: server.url("/rss/ywkx.xml"),
      title: "要闻快讯",
    });
  });

  it("a feed file's path is refused with the way to read it, and words are called what they are", async () => {
    const file = path.join(os.tmpdir(), `reader-typed-${process.pid}.xml`);
    writeFileSync(file, RSS);
    try {
      for (const typed of [file, pathToFileURL(file).href])
        await expect(net.library.resolveFeed(typed)).rejects.toThrow(
          `is a file: a channel is added by its feed's web address (http:// or https://); \`reader list`,
        );
    } finally {
      rmSync(file);
    }
    await expect(net.library.resolveFeed("人民网 要闻")).rejects.toThrow(
      "not a web address: 人民网 要闻 (a feed's address starts with http:// or https://)",
    );
  });

  it("a URL that answers 404 is refused naming the status", async () => {
    await expect(net.library.resolveFeed(server.url("/missing.xml"))).rejects.toThrow(/404/);
  });
});

describe("Library.loadSection: a section opened from an article's breadcrumb", () => {
  let server: TestServer;
  let net: NetworkLibrary;
  const section = (path: string): Channel => ({
    id: "reader:section:x",
    title: "時政",
    url: server.url(path),
    origin: "user",
  });

  beforeAll(async () => {
    server = await startTestServer({
      "/rss/ywkx.xml": reply.body(RSS, { "content-type": "application/rss+xml" }),
      "/news/": reply.body(
        `<html><head><title>某报</title>
<link rel="alternate" type="application/rss+xml" title="要闻" href="../rss/ywkx.xml"></head>
<body><p>正文</p></body></html>`,
        { "content-type": "text/html; charset=utf-8" },
      ),
      "/GB/1024/": reply.body(encode(SECTION_PAGE, "gbk"), { "content-type": "text/html" }),
      "/about.html": reply.body(
        `<html><head><title>关于我们</title></head><body><p>本站简介。</p></body></html>`,
        {
          "content-type": "text/html; charset=utf-8",
        },
      ),
    });
    net = networkLibrary();
  });
  afterAll(async () => {
    await net.dispose();
    await server.close();
  });

  it("lists the articles its page lists, and says which page that is", async () => {
    const list = await net.library.loadSection(section("/GB/1024/"));
    expect(list.items.map((i) => i.title)).toEqual(SECTION_ITEMS.map((i) => i.title));
    expect(list.link).toBe(server.url("/GB/1024/"));
  });

  it("a page that lists nothing but names its feed lists the feed's items", async () => {
    const list = await net.library.loadSection(section("/news/"));
    expect(list.items.map((i) => i.title)).toEqual(["一条要闻"]);
  });

  it("a page with neither is refused with a clear error", async () => {
    await expect(net.library.loadSection(section("/about.html"))).rejects.toThrow(
      /no feed or article list found/,
    );
  });
});
