// The real people.com.cn page (tests/fixtures/politics-2024-04-24.html) served as the live site would serve
// it: once as UTF-8 with the charset in the header (its meta still says GB2312: the header must win), once
// re-encoded to GBK with only the meta to go by. Both give the ground-truth article.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { encode, fixtureJson, fixtureText, networkLibrary, type NetworkLibrary } from "./local-web.js";

const PATH = "/n1/2024/0424/c1001-40223222.html";
const html = fixtureText("politics-2024-04-24.html");
const truth = fixtureJson<{ title: string; paragraphs: string[] }>("politics-2024-04-24.expected.json");

// GBK cannot hold U+30FB or U+FFFD: a GBK server sends A1A4 (shown as U+00B7) for the one and nothing
// faithful for the other (iconv writes "?"). A GB decode shows U+2015 as U+2014, as browsers do.
const gbkHtml = html.replace(/\u30fb/g, "\u00b7");
const asAfterGbk = (text: string) =>
  text
    .replace(/\u2015/g, "\u2014")
    .replace(/\u30fb/g, "\u00b7")
    .replace(/\ufffd/g, "?");

describe("the real people.com.cn page over HTTP", () => {
  let server: TestServer;
  let net: NetworkLibrary;

  beforeAll(async () => {
    server = await startTestServer({
      [`/utf8${PATH}`]: reply.body(html, { "content-type": "text/html; charset=utf-8" }),
      [`/gbk${PATH}`]: reply.body(encode(gbkHtml, "gbk"), { "content-type": "text/html" }),
    });
    net = networkLibrary();
  });
  afterAll(async () => {
    await net.dispose();
    await server.close();
  });

  it("served as UTF-8 (header) despite its GB2312 meta: exactly the ground-truth paragraphs", async () => {
    const article = await net.library.loadArticle(server.url(`/utf8${PATH}`));
    expect(article.body.map((b) => b.text)).toEqual(truth.paragraphs);
    expect(truth.title.startsWith(article.title)).toBe(true);
    expect(article.published).toBe("2024-04-24T15:52:00Z");
    expect(article.editors).toEqual(["牛镛", "岳弘彬"]);
    expect(article.warnings).toEqual([]);
  });

  it("re-encoded to GBK, charset only in the meta: the same article, modulo what GBK cannot hold", async () => {
    const article = await net.library.loadArticle(server.url(`/gbk${PATH}`));
    expect(article.body.map((b) => b.text)).toEqual(truth.paragraphs.map(asAfterGbk));
    expect(asAfterGbk(truth.title).startsWith(article.title)).toBe(true);
    expect(article.published).toBe("2024-04-24T15:52:00Z");
    expect(article.source).toBe("新华网");
    expect(article.editors).toEqual(["牛镛", "岳弘彬"]);
    expect(article.warnings).toEqual([]);
  });

  it("the two copies differ only where GBK cannot hold a character", async () => {
    const utf8 = await net.library.loadArticle(server.url(`/utf8${PATH}`));
    const gbk = await net.library.loadArticle(server.url(`/gbk${PATH}`));
    expect(gbk.body.map((b) => b.text)).toEqual(utf8.body.map((b) => asAfterGbk(b.text)));
    expect(gbk.title).toBe(asAfterGbk(utf8.title));
  });
});
