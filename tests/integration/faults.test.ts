// The same network faults in-process, through Library and HttpSource: each becomes a ReaderError a person can
// read, and once a channel or article has been fetched, a later failure shows the cached copy with its age and the
// error instead of nothing. Faults that are not about time run with the usual timeout, so that a loaded machine
// never turns one into a timeout; the two that are about time are told apart by what the server saw.
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../../src/model.js";
import {
  closedPort,
  reply,
  startTestServer,
  type RouteHandler,
  type TestServer,
} from "../helpers/test-server.js";
import { networkLibrary, type NetworkLibrary } from "./local-web.js";

const FEED = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>要闻</title>
<item><title>一条要闻</title><link>/a/1.html</link></item></channel></rss>`;
const ARTICLE = `<html><head><meta charset="utf-8"><title>标题</title></head><body>
<div class="rm_txt"><h1>标题</h1><div class="rm_txt_con"><p>　　正文第一段。</p></div></div></body></html>`;

describe("network faults through the Library", () => {
  let server: TestServer;
  let net: NetworkLibrary;
  const channel = (url: string): Channel => ({ id: "c", title: "c", url, origin: "user" });
  /** The server's side of each request to a route, once it has closed: what the reader was sent before it hung up. */
  const closed = new Map<string, Promise<ServerResponse>>();
  const watched =
    (path: string, handler: RouteHandler): RouteHandler =>
    (req, res) => {
      closed.set(
        path,
        once(res, "close").then(() => res),
      );
      return handler(req, res);
    };

  beforeAll(async () => {
    server = await startTestServer({
      "/never.xml": watched("/never.xml", reply.never()),
      // A byte every 50 ms of 100 KB: never had whole whatever the timeout, and never idle long.
      "/drip.xml": watched("/drip.xml", reply.drip(FEED.padEnd(100_000), 50, { "content-type": "text/xml" })),
      "/huge.xml": reply.large(50 * 1024 * 1024, { chunked: true }),
      "/loop-a": reply.redirect("/loop-b"),
      "/loop-b": reply.redirect("/loop-a"),
      "/503.xml": reply.status(503, { retryAfter: "30" }),
      "/page.html": reply.body("<html><body><p>首页</p></body></html>", { "content-type": "text/html" }),
      "/reset.xml": reply.resetMidBody(),
    });
    net = networkLibrary();
  });
  afterAll(async () => {
    await net.dispose();
    await server.close();
  });

  const failures: [string, string, RegExp][] = [
    ["a redirect loop", "/loop-a", /^Redirect loop at 127\.0\.0\.1/],
    [
      "503 with Retry-After",
      "/503.xml",
      /^127\.0\.0\.1 answered HTTP 503 Service Unavailable; it asks to retry in 30 s$/,
    ],
    [
      "HTML where a feed was expected",
      "/page.html",
      /^127\.0\.0\.1 sent a page that is neither a feed nor a list of articles/,
    ],
    [
      "a connection reset mid-body",
      "/reset.xml",
      /^The connection to 127\.0\.0\.1 was cut off mid-download$/,
    ],
  ];
  it.each(failures)("%s: the channel fails with a message fit to show", async (_name, path, message) => {
    await expect(net.library.loadChannel(channel(server.url(path)))).rejects.toThrow(message);
  });

  it("a 50 MB body: the channel fails with a message fit to show", async () => {
    await expect(net.library.loadChannel(channel(server.url("/huge.xml")))).rejects.toThrow(
      /^The page from 127\.0\.0\.1 is larger than 10 MB; stopped reading$/,
    );
  });

  // The faults about time, each with a timeout of its own (headers from 127.0.0.1 come well within it however
  // loaded the machine is). Counted, not timed: one request reached the server, the reader hung up on it, and what
  // it had been sent by then (no headers, or headers and part of the body) is what the message names. Without the
  // overall timeout either would hang until the test's own limit.
  const timeouts: [string, string, RegExp, { headersSent: boolean; writableFinished: boolean }][] = [
    [
      "a server that never answers",
      "/never.xml",
      /^127\.0\.0\.1 did not answer within 2 s$/,
      { headersSent: false, writableFinished: false },
    ],
    [
      "a slow drip",
      "/drip.xml",
      /^127\.0\.0\.1 was too slow: the page did not finish loading within 2 s$/,
      { headersSent: true, writableFinished: false },
    ],
  ];
  it.each(timeouts)(
    "%s: its one request is given up with a message fit to show",
    async (_name, path, message, sent) => {
      const timed = networkLibrary({ totalTimeoutMs: 2000 });
      const requests = server.requests.length;
      try {
        await expect(timed.library.loadChannel(channel(server.url(path)))).rejects.toThrow(message);
        expect(server.requests.slice(requests).map((r) => r.url)).toEqual([path]);
        const res = await closed.get(path)!;
        expect({ headersSent: res.headersSent, writableFinished: res.writableFinished }).toEqual(sent);
      } finally {
        await timed.dispose();
      }
    },
    20_000,
  );

  it("connection refused: the channel fails naming the host", async () => {
    const port = await closedPort();
    await expect(net.library.loadChannel(channel(`http://127.0.0.1:${port}/feed.xml`))).rejects.toThrow(
      /^Could not connect to 127\.0\.0\.1: connection refused$/,
    );
  });
});

describe("a cached copy when the network fails later", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      "/feed.xml": reply.body(FEED, { "content-type": "text/xml" }),
      "/a/1.html": reply.body(ARTICLE, { "content-type": "text/html" }),
    });
  });
  afterAll(() => server.close());

  it("the channel list comes from the cache, marked stale with the error; the article says its age", async () => {
    const first = networkLibrary();
    try {
      await first.library.loadChannel(channel(server.url("/feed.xml")));
      await first.library.loadArticle(server.url("/a/1.html"));
      // The site starts failing.
      server.route("/feed.xml", reply.status(500));
      server.route("/a/1.html", reply.status(502));
      const later = networkLibrary({ cacheDir: first.cacheDir });
      const list = await later.library.loadChannel(channel(server.url("/feed.xml")));
      expect(list.items.map((i) => i.title)).toEqual(["一条要闻"]);
      expect(list.stale?.error).toBe("127.0.0.1 answered HTTP 500 Internal Server Error");
      const article = await later.library.loadArticle(server.url("/a/1.html"));
      expect(article.body.map((b) => b.text)).toEqual(["正文第一段。"]);
      expect(article.warnings[0]).toMatch(/^cached copy from 0 min ago — 127\.0\.0\.1 answered HTTP 502/);
      await later.dispose();
    } finally {
      await first.dispose();
    }
  });

  it("an article shown from the cache because the network failed is fetched again once the site is back", async () => {
    server.route("/a/2.html", reply.body(ARTICLE, { "content-type": "text/html" }));
    const net = networkLibrary();
    try {
      // A first run caches the page; in this run the site fails, then comes back.
      const first = networkLibrary({ cacheDir: net.cacheDir });
      await first.library.loadArticle(server.url("/a/2.html"));
      await first.dispose();
      server.route("/a/2.html", reply.status(503));
      const stale = await net.library.loadArticle(server.url("/a/2.html"));
      expect(stale.warnings[0]).toMatch(/^cached copy from .* — 127\.0\.0\.1 answered HTTP 503/);
      server.route(
        "/a/2.html",
        reply.body(ARTICLE.replace("正文第一段", "更新后的正文"), { "content-type": "text/html" }),
      );
      const fresh = await net.library.loadArticle(server.url("/a/2.html"));
      expect(fresh.body.map((b) => b.text)).toEqual(["更新后的正文。"]);
      expect(fresh.warnings).toEqual([]);
      // A good copy is kept for the run; `reload` asks the network again.
      const requests = server.requests.length;
      await net.library.loadArticle(server.url("/a/2.html"));
      expect(server.requests.length).toBe(requests);
      await net.library.loadArticle(server.url("/a/2.html"), undefined, { reload: true });
      expect(server.requests.length).toBe(requests + 1);
    } finally {
      await net.dispose();
    }
  });

  function channel(url: string): Channel {
    return { id: "c", title: "c", url, origin: "user" };
  }
});
