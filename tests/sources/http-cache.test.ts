import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { HttpCache } from "../../src/sources/cache.js";
import { HttpSource, HttpStatusError } from "../../src/sources/http.js";
import { closedPort, reply, startTestServer, type TestServer } from "../helpers/test-server.js";

const FEED = "<rss><channel><title>山東頻道</title></channel></rss>";
const LAST_MODIFIED = "Wed, 24 Apr 2024 07:00:00 GMT";
const decoded = (body: Uint8Array): string => new TextDecoder().decode(body);

let server: TestServer;
let dir: string;
let clock: Date;
let cache: HttpCache;
const sources: HttpSource[] = [];

function makeSource(options: ConstructorParameters<typeof HttpSource>[0] = {}): HttpSource {
  const source = new HttpSource({ cache, totalTimeoutMs: 5_000, ...options });
  sources.push(source);
  return source;
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  for (const name of ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"]) vi.stubEnv(name, "");
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "reader-http-cache-"));
  clock = new Date("2024-04-24T08:00:00.000Z");
  cache = new HttpCache({ dir, now: () => clock });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(sources.splice(0).map((s) => s.close()));
  await fs.rm(dir, { recursive: true, force: true });
});

describe("HttpSource with a cache: conditional requests", () => {
  it("revalidates with If-None-Match and serves the cached body on 304", async () => {
    server.route(
      "/etag.xml",
      reply.conditional({ body: FEED, etag: '"abc"', headers: { "content-type": "text/xml" } }),
    );
    const source = makeSource();
    const first = await source.fetch(server.url("/etag.xml"));
    expect(decoded(first.body)).toBe(FEED);
    const before = server.requests.length;

    clock = new Date("2024-04-24T09:00:00.000Z");
    const second = await source.fetch(server.url("/etag.xml"));
    const request = server.requests[before];
    expect(request?.headers["if-none-match"]).toBe('"abc"');
    expect(decoded(second.body)).toBe(FEED);
    expect(second.contentType).toBe("text/xml");
    expect(second.status).toBe(200);
    expect(second.fromCache).toBeUndefined(); // revalidated: fresh, not stale
    expect((await cache.get(server.url("/etag.xml")))?.meta.fetchedAt).toBe("2024-04-24T09:00:00.000Z");
  });

  it("revalidates with If-Modified-Since when the server gives only Last-Modified", async () => {
    server.route("/lm.xml", reply.conditional({ body: FEED, lastModified: LAST_MODIFIED }));
    const source = makeSource();
    await source.fetch(server.url("/lm.xml"));
    const before = server.requests.length;
    const second = await source.fetch(server.url("/lm.xml"));
    expect(server.requests[before]?.headers["if-modified-since"]).toBe(LAST_MODIFIED);
    expect(server.requests[before]?.headers["if-none-match"]).toBeUndefined();
    expect(decoded(second.body)).toBe(FEED);
  });

  it("replaces the cached copy when the server sends a new version", async () => {
    server.route("/changing.xml", reply.conditional({ body: "v1", etag: '"1"' }));
    const source = makeSource();
    await source.fetch(server.url("/changing.xml"));
    server.route("/changing.xml", reply.conditional({ body: "v2", etag: '"2"' }));
    expect(decoded((await source.fetch(server.url("/changing.xml"))).body)).toBe("v2");
    expect((await cache.get(server.url("/changing.xml")))?.meta.etag).toBe('"2"');
  });

  it("keeps the final URL of a redirected page through revalidation", async () => {
    server.route("/short", reply.redirect("/article/1.html", 301));
    server.route("/article/1.html", reply.conditional({ body: "<p>正文</p>", etag: '"p1"' }));
    const source = makeSource();
    await source.fetch(server.url("/short"));
    const before = server.requests.length;
    const again = await source.fetch(server.url("/short"));
    expect(again.url).toBe(server.url("/article/1.html"));
    expect(server.requests[before]?.headers["if-none-match"]).toBeUndefined(); // the redirecting URL
    expect(server.requests[before + 1]?.headers["if-none-match"]).toBe('"p1"'); // the page itself
  });

  it("does not cache error pages", async () => {
    server.route("/gone", reply.status(410));
    await expect(makeSource().fetch(server.url("/gone"))).rejects.toBeInstanceOf(HttpStatusError);
    expect(await cache.get(server.url("/gone"))).toBeUndefined();
  });
});

describe("HttpSource with a cache: when the network fails", () => {
  async function cachedAt(url: string, body: string, fetchedAt: string): Promise<void> {
    clock = new Date(fetchedAt);
    await cache.put(
      url,
      { finalUrl: url, status: 200, contentType: "text/html" },
      new TextEncoder().encode(body),
    );
    clock = new Date("2024-04-24T11:00:00.000Z");
  }

  it("returns the cached copy marked stale, with its age and the error", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/news.html`;
    await cachedAt(url, "昨天的新聞", "2024-04-24T08:00:00.000Z");
    const resource = await makeSource().fetch(url);
    expect(decoded(resource.body)).toBe("昨天的新聞");
    expect(resource.fromCache).toEqual({
      fetchedAt: "2024-04-24T08:00:00.000Z",
      error: "Could not connect to 127.0.0.1: connection refused",
    });
  });

  it("falls back on a server error status too, naming the status", async () => {
    server.route("/maintenance", reply.status(503, { retryAfter: "60" }));
    await cachedAt(server.url("/maintenance"), "cached", "2024-04-24T10:00:00.000Z");
    const resource = await makeSource().fetch(server.url("/maintenance"));
    expect(decoded(resource.body)).toBe("cached");
    expect(resource.fromCache?.error).toBe(
      "127.0.0.1 answered HTTP 503 Service Unavailable; it asks to retry in 60 s",
    );
  });

  it("falls back when the server never answers, after the timeout", async () => {
    server.route("/hang", reply.never());
    await cachedAt(server.url("/hang"), "cached", "2024-04-24T10:00:00.000Z");
    const resource = await makeSource({ totalTimeoutMs: 300 }).fetch(server.url("/hang"));
    expect(resource.fromCache?.error).toBe("127.0.0.1 did not answer within 300 ms");
  });

  it("without a cached copy, the error itself reaches the caller", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/news.html`;
    await expect(makeSource().fetch(url)).rejects.toThrow("connection refused");
  });

  it("does not answer from the cache when the caller aborted", async () => {
    server.route("/hang-2", reply.never());
    await cachedAt(server.url("/hang-2"), "cached", "2024-04-24T10:00:00.000Z");
    const controller = new AbortController();
    const pending = makeSource().fetch(server.url("/hang-2"), controller.signal);
    await server.waitForRequests(server.requests.length + 1);
    controller.abort(new Error("cancelled"));
    await expect(pending).rejects.toThrow("cancelled");
  });
});

describe("HttpSource offline", () => {
  it("answers from the cache without touching the network", async () => {
    server.route("/offline.xml", reply.body(FEED));
    await makeSource().fetch(server.url("/offline.xml"));
    const before = server.requests.length;
    const resource = await makeSource({ offline: true }).fetch(server.url("/offline.xml"));
    expect(decoded(resource.body)).toBe(FEED);
    expect(resource.fromCache).toEqual({ fetchedAt: "2024-04-24T08:00:00.000Z" });
    expect(server.requests.length).toBe(before);
  });

  it("says clearly when there is no cached copy", async () => {
    const before = server.requests.length;
    await expect(makeSource({ offline: true }).fetch(server.url("/never-fetched"))).rejects.toThrow(
      "Offline, and there is no cached copy of this page from 127.0.0.1",
    );
    expect(server.requests.length).toBe(before);
  });
});

describe("HttpSource with a cache: a body refused for its size", () => {
  it("is not downloaded again while the server says it has not changed, and is once it has", async () => {
    let version = "1";
    let bodiesSent = 0;
    server.route("/big.xml", (req, res) => {
      const etag = `"big-${version}"`;
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      bodiesSent++;
      res.writeHead(200, { "content-type": "application/rss+xml", etag });
      res.end(version === "1" ? "x".repeat(5000) : FEED);
    });
    const source = makeSource({ maxBytes: 1000 });
    await expect(source.fetch(server.url("/big.xml"))).rejects.toThrow(/larger than 1000 bytes/);
    // Asked again in the same run: the refusal it wrote is known, not looked for as absent.
    await expect(source.fetch(server.url("/big.xml"))).rejects.toThrow(/larger than 1000 bytes/);
    expect(bodiesSent).toBe(1);
    const before = server.requests.length;
    // A later start: the same refusal, without the body sent again.
    await expect(makeSource({ maxBytes: 1000 }).fetch(server.url("/big.xml"))).rejects.toThrow(
      /larger than 1000 bytes/,
    );
    expect(server.requests[before]?.headers["if-none-match"]).toBe('"big-1"');
    expect(bodiesSent).toBe(1);
    // Changed (smaller now): downloaded and used.
    version = "2";
    expect(decoded((await source.fetch(server.url("/big.xml"))).body)).toBe(FEED);
    expect(bodiesSent).toBe(2);
  });
});
