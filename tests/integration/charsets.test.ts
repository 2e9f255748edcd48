// Legacy CJK charsets over HTTP, as servers send them: the charset in the Content-Type header, only in the
// document, or nowhere at all; a header that contradicts the document; gzip; 304 revalidation; redirect chains;
// meta refresh; multi-page articles. Each page is a real-shaped article whose paragraphs are known.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../../src/model.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import {
  encode,
  fixtureJson,
  fixtureText,
  networkLibrary,
  withCharsetMeta,
  withHttpEquivMeta,
  withoutCharsetMeta,
  type ExpectedPage,
  type NetworkLibrary,
} from "./local-web.js";

// Pages of tests/fixtures/pages (UTF-8 there) and the charset their sites use.
const PAGES = [
  { name: "ja-news", charset: "shift_jis" },
  { name: "ja-flash", charset: "euc-jp" },
  { name: "ko-news", charset: "euc-kr" },
  { name: "zh-tw-news", charset: "big5" },
  { name: "zh-cn-news", charset: "gbk" },
] as const;
type Placement = "header" | "document" | "nowhere";
const PLACEMENTS: Placement[] = ["header", "document", "nowhere"];

// A simplified-Chinese page for GBK (the real people.com.cn page has its own test).
const ZH_CN: ExpectedPage = {
  url: "http://news.example.cn/2024/0514/a1.html",
  title: "山东济南：春季农业生产有序推进",
  paragraphs: [
    "连日来，山东省济南市各地抢抓农时，组织农民开展春耕春播，田间地头一派繁忙景象。",
    "记者在章丘区看到，大型农机在麦田里来回穿梭，喷洒农药，确保小麦稳产增收。当地农业部门负责人介绍，今年全区小麦种植面积保持稳定，长势良好。",
    "“我们提前做好了农资储备，化肥、种子都已经到位。”一位种粮大户说，政府的补贴政策让大家种粮更有信心。",
  ],
};
const ZH_CN_HTML = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${ZH_CN.title}_新闻网</title></head>
<body><nav><a href="/">首页</a><a href="/news/">新闻</a></nav>
<article><h1>${ZH_CN.title}</h1><div class="date">2024年05月14日 09:30</div>
${ZH_CN.paragraphs.map((p) => `<p>　　${p}</p>`).join("\n")}
</article><footer>版权所有 新闻网</footer></body></html>`;

function page(name: string): { html: string; expected: ExpectedPage } {
  if (name === "zh-cn-news") return { html: ZH_CN_HTML, expected: ZH_CN };
  return {
    html: fixtureText(`pages/${name}.html`),
    expected: fixtureJson<ExpectedPage>(`pages/${name}.expected.json`),
  };
}

/** The bytes and headers of `html` in `charset`, with the charset declared at `placement`. */
function served(html: string, charset: string, placement: Placement) {
  const text = placement === "document" ? withCharsetMeta(html, charset) : withoutCharsetMeta(html);
  const contentType = placement === "header" ? `text/html; charset=${charset}` : "text/html";
  return { body: encode(text, charset), headers: { "content-type": contentType } };
}

/** A feed item title made from a paragraph: its first 30 characters. */
const headline = (paragraph: string): string => [...paragraph].slice(0, 30).join("").trim();

function feedXml(items: { title: string; link: string }[], declaration: string): string {
  return `<?xml version="1.0"${declaration}?>
<rss version="2.0"><channel><title>${items[0]?.title ?? ""}</title>
${items.map((i) => `<item><title>${i.title}</title><link>${i.link}</link></item>`).join("\n")}
</channel></rss>`;
}

describe("legacy CJK charsets over HTTP", () => {
  let server: TestServer;
  let net: NetworkLibrary;
  const channel = (url: string): Channel => ({ id: "c", title: "c", url, origin: "user" });

  beforeAll(async () => {
    server = await startTestServer();
    for (const { name, charset } of PAGES) {
      const { html, expected } = page(name);
      for (const placement of PLACEMENTS) {
        const { body, headers } = served(html, charset, placement);
        server.route(`/${placement}/${name}.html`, reply.body(body, headers));
        // A feed whose item titles are the page's first paragraphs (long enough to be plain prose).
        const items = expected.paragraphs
          .slice(0, 3)
          .map((p, i) => ({ title: headline(p), link: `a/${i}.html` }));
        const declaration = placement === "document" ? ` encoding="${charset}"` : "";
        server.route(
          `/${placement}/${name}.xml`,
          reply.body(encode(feedXml(items, declaration), charset), {
            "content-type": placement === "header" ? `application/rss+xml; charset=${charset}` : "text/xml",
          }),
        );
      }
    }
    net = networkLibrary();
  });
  afterAll(async () => {
    await net.dispose();
    await server.close();
  });

  for (const { name, charset } of PAGES) {
    for (const placement of PLACEMENTS) {
      it(`${charset} article page, charset ${placement === "nowhere" ? "declared nowhere" : `in the ${placement}`}: the same paragraphs as the UTF-8 page`, async () => {
        const { expected } = page(name);
        const article = await net.library.loadArticle(server.url(`/${placement}/${name}.html`));
        expect(article.title).toBe(expected.title);
        // Photo captions are figure blocks, not paragraphs (tests/sources/html-blocks.test.ts).
        expect(article.body.filter((b) => b.type !== "figure").map((b) => b.text)).toEqual(
          expected.paragraphs,
        );
        expect(article.warnings.filter((w) => /charset|invalid|sequences|UTF-8/i.test(w))).toEqual([]);
      });

      it(`${charset} feed, charset ${placement === "nowhere" ? "declared nowhere" : `in the ${placement}`}: titles read without mojibake`, async () => {
        const { expected } = page(name);
        const list = await net.library.loadChannel(channel(server.url(`/${placement}/${name}.xml`)));
        expect(list.items.map((i) => i.title)).toEqual(expected.paragraphs.slice(0, 3).map(headline));
        expect(list.items[0]?.url).toBe(server.url(`/${placement}/a/0.html`));
      });
    }
  }

  it.each(PAGES.map((p) => [p.charset, p.name] as const))(
    "a %s page served as ISO-8859-1 (the server's default) is read in its own charset",
    async (charset, name) => {
      const { html, expected } = page(name);
      server.route(
        `/latin1/${name}.html`,
        reply.body(encode(withoutCharsetMeta(html), charset), {
          "content-type": "text/html; charset=ISO-8859-1",
        }),
      );
      const article = await net.library.loadArticle(server.url(`/latin1/${name}.html`));
      expect(article.title).toBe(expected.title);
      expect(article.body.filter((b) => b.type !== "figure").map((b) => b.text)).toEqual(expected.paragraphs);
    },
  );

  it("a header charset that contradicts the page's meta wins (Big5 bytes, header big5, meta gb2312)", async () => {
    const { html, expected } = page("zh-tw-news");
    server.route(
      "/contradict.html",
      reply.body(encode(withHttpEquivMeta(html, "gb2312"), "big5"), {
        "content-type": "text/html; charset=big5",
      }),
    );
    const article = await net.library.loadArticle(server.url("/contradict.html"));
    expect(article.body.map((b) => b.text)).toEqual(expected.paragraphs);
  });

  it("a header charset that contradicts the page's meta wins even when both readings are valid (GBK header, Big5 meta)", async () => {
    // Pure two-byte Han text is valid in both GBK and Big5: only the order of precedence picks the right one.
    const text = "中国人民";
    const html = `<html><head><meta charset="big5"><title>t</title></head><body><div id="rwb_zw"><p>${text}</p></div></body></html>`;
    server.route(
      "/both-valid.html",
      reply.body(encode(html, "gbk"), { "content-type": "text/html; charset=gbk" }),
    );
    const article = await net.library.loadArticle(server.url("/both-valid.html"));
    expect(article.body.map((b) => b.text)).toEqual([text]);
  });

  it.each(["gzip", "deflate", "br"] as const)(
    "a %s-encoded GBK page decodes to the same article",
    async (encoding) => {
      const { html, expected } = page("zh-cn-news");
      server.route(
        `/${encoding}.html`,
        reply.encoded(encode(withHttpEquivMeta(html, "gb2312"), "gbk"), encoding, {
          "content-type": "text/html",
        }),
      );
      const article = await net.library.loadArticle(server.url(`/${encoding}.html`));
      expect(article.body.map((b) => b.text)).toEqual(expected.paragraphs);
    },
  );
});

describe("the transport around the decode: 304, redirects, meta refresh, multi-page", () => {
  let server: TestServer;
  const { html, expected } = page("zh-cn-news");
  const gbk = encode(withHttpEquivMeta(html, "gbk"), "gbk");

  beforeAll(async () => {
    server = await startTestServer({
      "/etag.html": reply.conditional({ body: gbk, etag: '"v1"', headers: { "content-type": "text/html" } }),
      "/r1": reply.redirect("/r2", 301),
      "/r3": reply.redirect("/news/2024/final.html", 303),
      "/news/2024/final.html": reply.body(gbk, { "content-type": "text/html" }),
      "/GB/1024/index.html": reply.body(
        `<html><head><meta http-equiv="refresh" content="0; url=../../n1/2024/0514/c1-1.html"></head><body></body></html>`,
        { "content-type": "text/html" },
      ),
      "/n1/2024/0514/c1-1.html": reply.body(gbk, { "content-type": "text/html" }),
    });
    // The absolute redirect needs the port, known only now.
    server.route("/r2", reply.redirect(server.url("/r3")));
  });
  afterAll(() => server.close());

  it("a second load revalidates with If-None-Match, gets 304 and shows the cached copy", async () => {
    const net = networkLibrary();
    try {
      const first = await net.library.loadArticle(server.url("/etag.html"));
      // A new Library (a new run) over the same cache: the article is not memoised, the cache is.
      const again = networkLibrary({ cacheDir: net.cacheDir });
      const second = await again.library.loadArticle(server.url("/etag.html"));
      await again.dispose();
      const asked = server.requests.filter((r) => r.url === "/etag.html");
      expect(asked).toHaveLength(2);
      expect(asked[0]?.headers["if-none-match"]).toBeUndefined();
      expect(asked[1]?.headers["if-none-match"]).toBe('"v1"');
      expect(second.body).toEqual(first.body);
      expect(second.body.map((b) => b.text)).toEqual(expected.paragraphs);
      expect(second.warnings.some((w) => w.startsWith("cached copy"))).toBe(false);
    } finally {
      await net.dispose();
    }
  });

  it("a redirect chain (relative, absolute, 303) ends at the article, whose URL is the final one", async () => {
    const net = networkLibrary();
    try {
      const article = await net.library.loadArticle(server.url("/r1"));
      expect(article.url).toBe(server.url("/news/2024/final.html"));
      expect(article.body.map((b) => b.text)).toEqual(expected.paragraphs);
    } finally {
      await net.dispose();
    }
  });

  it("a multi-page article (…-2.html, …-3.html) is joined in page order, page links left out of the text", async () => {
    const pageHtml = (n: number, paragraphs: string[]) =>
      `<html><head><meta http-equiv="content-type" content="text/html;charset=GB2312"/><title>分页文章--人民网</title></head>
<body><div class="rm_txt"><h1>分页文章</h1><div class="rm_txt_con">
${paragraphs.map((p) => `<p>　　${p}</p>`).join("\n")}
<div class="zdfy"><a href="c1001-777.html">1</a><a href="c1001-777-2.html">2</a><a href="c1001-777-3.html">3</a>
<a href="c1001-777-${Math.min(n + 1, 3)}.html">下一页</a></div>
</div></div></body></html>`;
    const parts = [
      ["第一页第一段，内容较长以便识别。", "第一页第二段。"],
      ["第二页的正文段落。"],
      ["第三页，也是最后一页。"],
    ];
    const paths = [
      "/n1/2024/0514/c1001-777.html",
      "/n1/2024/0514/c1001-777-2.html",
      "/n1/2024/0514/c1001-777-3.html",
    ];
    paths.forEach((path, i) =>
      server.route(
        path,
        reply.body(encode(pageHtml(i + 1, parts[i] ?? []), "gbk"), { "content-type": "text/html" }),
      ),
    );
    const net = networkLibrary();
    try {
      const article = await net.library.loadArticle(server.url(paths[0] ?? ""));
      expect(article.title).toBe("分页文章");
      expect(article.body.map((b) => b.text)).toEqual(parts.flat());
      expect(article.warnings).toEqual([]);
      // Each further page fetched once.
      for (const path of paths) expect(server.requests.filter((r) => r.url === path)).toHaveLength(1);
    } finally {
      await net.dispose();
    }
  });

  it("a <meta http-equiv=refresh> index page with a ../ target leads to the article", async () => {
    const net = networkLibrary();
    try {
      const article = await net.library.loadArticle(server.url("/GB/1024/index.html"));
      expect(article.url).toBe(server.url("/n1/2024/0514/c1-1.html"));
      expect(article.title).toBe(expected.title);
    } finally {
      await net.dispose();
    }
  });
});
