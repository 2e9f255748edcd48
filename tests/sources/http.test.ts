import zlib from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ReaderError } from "../../src/model.js";
import { HttpSource, HttpStatusError, parseRetryAfter } from "../../src/sources/http.js";
import {
  closedPort,
  reply,
  startTestServer,
  type RouteHandler,
  type TestServer,
} from "../helpers/test-server.js";

const PAGE = "<html><body><p>中文新聞 한국어 日本語のニュース</p></body></html>";
const decoded = (body: Uint8Array): string => new TextDecoder().decode(body);

let server: TestServer;
let source: HttpSource;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  // A proxy in the developer's environment must not swallow requests to 127.0.0.1.
  for (const name of ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"]) vi.stubEnv(name, "");
  source = new HttpSource({ totalTimeoutMs: 5_000 });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await source.close();
});

describe("HttpSource: success", () => {
  it("handles http and https addresses only", () => {
    expect(source.handles("http://example.com/")).toBe(true);
    expect(source.handles("https://example.com/")).toBe(true);
    expect(source.handles("file:///etc/passwd")).toBe(false);
    expect(source.handles("sample:/index")).toBe(false);
    expect(source.handles("not a url")).toBe(false);
  });

  it("returns the body, status and content type, sending a User-Agent and Accept-Encoding", async () => {
    server.route("/plain", reply.body(PAGE, { "content-type": "text/html; charset=utf-8" }));
    const resource = await source.fetch(server.url("/plain"));
    expect(decoded(resource.body)).toBe(PAGE);
    expect(resource.status).toBe(200);
    expect(resource.contentType).toBe("text/html; charset=utf-8");
    expect(resource.url).toBe(server.url("/plain"));
    expect(resource.fromCache).toBeUndefined();
    const request = server.requests.at(-1);
    expect(request?.headers["user-agent"]).toMatch(/^cjk-reader\/\d+\.\d+\.\d+ \(\+terminal news reader\)$/);
    expect(request?.headers["accept-encoding"]).toMatch(/gzip/);
    expect(request?.headers["accept-encoding"]).toMatch(/deflate/);
    expect(request?.headers["accept-encoding"]).toMatch(/br/);
  });

  it.each(["gzip", "deflate", "br"] as const)("decodes a %s body", async (encoding) => {
    server.route(`/encoded-${encoding}`, reply.encoded(PAGE, encoding, { "content-type": "text/html" }));
    const resource = await source.fetch(server.url(`/encoded-${encoding}`));
    expect(decoded(resource.body)).toBe(PAGE);
  });

  it("decodes a deflate body sent raw (without the zlib wrapper), as some servers do", async () => {
    server.route("/raw-deflate", reply.body(zlib.deflateRawSync(PAGE), { "content-encoding": "deflate" }));
    expect(decoded((await source.fetch(server.url("/raw-deflate"))).body)).toBe(PAGE);
  });

  it("decodes a body with two codings, the last one first", async () => {
    const twice = zlib.brotliCompressSync(zlib.gzipSync(PAGE));
    server.route("/two-codings", reply.body(twice, { "content-encoding": "gzip, br" }));
    expect(decoded((await source.fetch(server.url("/two-codings"))).body)).toBe(PAGE);
  });

  it("gives a body in a coding it does not know as sent", async () => {
    server.route("/unknown-coding", reply.body(PAGE, { "content-encoding": "x-unknown" }));
    expect(decoded((await source.fetch(server.url("/unknown-coding"))).body)).toBe(PAGE);
  });
});

describe("HttpSource: redirects", () => {
  function chain(name: string, hops: number): string {
    server.route(`/${name}/final`, reply.body(PAGE));
    for (let i = 0; i < hops; i++) {
      const next = i + 1 === hops ? `/${name}/final` : `/${name}/${i + 1}`;
      server.route(`/${name}/${i}`, reply.redirect(next, i % 2 === 0 ? 301 : 302));
    }
    return server.url(`/${name}/0`);
  }

  it("follows up to 5 redirects and reports the final URL", async () => {
    const start = chain("five", 5);
    const resource = await source.fetch(start);
    expect(resource.requestedUrl).toBe(start);
    expect(resource.url).toBe(server.url("/five/final"));
    expect(decoded(resource.body)).toBe(PAGE);
  });

  it("fails on the 6th redirect with a message naming the host", async () => {
    await expect(source.fetch(chain("six", 6))).rejects.toThrow(
      /Too many redirects from 127\.0\.0\.1 \(more than 5\)/,
    );
  });

  it("counts redirects the caller already followed (meta refresh)", async () => {
    const start = chain("three", 3);
    await expect(source.fetch(start, undefined, { redirectsSoFar: 2 })).resolves.toMatchObject({
      url: server.url("/three/final"),
    });
    await expect(source.fetch(start, undefined, { redirectsSoFar: 3 })).rejects.toThrow(/Too many redirects/);
  });

  it("stops a redirect loop", async () => {
    server.route("/loop/a", reply.redirect("/loop/b"));
    server.route("/loop/b", reply.redirect(server.url("/loop/a"), 307));
    await expect(source.fetch(server.url("/loop/a"))).rejects.toThrow(/Redirect loop at 127\.0\.0\.1/);
  });

  it("does not follow a redirect to a non-web scheme", async () => {
    server.route("/to-file", reply.redirect("file:///etc/passwd"));
    await expect(source.fetch(server.url("/to-file"))).rejects.toThrow(
      /file: address, which is not followed/,
    );
  });
});

describe("HttpSource: faults", () => {
  it("reports a refused connection", async () => {
    const port = await closedPort();
    await expect(source.fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(
      "Could not connect to 127.0.0.1: connection refused",
    );
  });

  it("reports a host that does not exist", async () => {
    const error = await source.fetch("http://no-such-host.invalid/feed.xml").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReaderError);
    expect((error as Error).message).toMatch(/no-such-host\.invalid/);
    expect((error as Error).message).toMatch(/DNS/);
  });

  it("gives up on a server that never answers at the total timeout", async () => {
    server.route("/never", reply.never());
    const quick = new HttpSource({ totalTimeoutMs: 300 });
    try {
      await expect(quick.fetch(server.url("/never"))).rejects.toThrow(
        "127.0.0.1 did not answer within 300 ms",
      );
    } finally {
      await quick.close();
    }
  });

  it("gives up on a slow drip at the total timeout", async () => {
    server.route("/drip", reply.drip("x".repeat(1000), 20));
    const quick = new HttpSource({ totalTimeoutMs: 300 });
    try {
      await expect(quick.fetch(server.url("/drip"))).rejects.toThrow(
        "127.0.0.1 was too slow: the page did not finish loading within 300 ms",
      );
    } finally {
      await quick.close();
    }
  });

  it("reports a connection reset mid-body", async () => {
    server.route("/reset", reply.resetMidBody());
    await expect(source.fetch(server.url("/reset"))).rejects.toThrow(
      "The connection to 127.0.0.1 was cut off mid-download",
    );
  });

  it.each([
    [404, "404 Not Found"],
    [410, "410 Gone"],
    [500, "500 Internal Server Error"],
  ])("reports HTTP %i as an error keeping the status", async (status, text) => {
    server.route(`/status-${status}`, reply.status(status, { body: "<html>error page</html>" }));
    const error = await source.fetch(server.url(`/status-${status}`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(status);
    expect((error as HttpStatusError).message).toBe(`127.0.0.1 answered HTTP ${text}`);
  });

  it("includes Retry-After in a 503 message", async () => {
    server.route("/busy", reply.status(503, { retryAfter: "120" }));
    const error = await source.fetch(server.url("/busy")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).retryAfterSeconds).toBe(120);
    expect((error as Error).message).toBe(
      "127.0.0.1 answered HTTP 503 Service Unavailable; it asks to retry in 2 min",
    );
  });

  it("includes Retry-After in a 429 message", async () => {
    server.route("/slow-down", reply.status(429, { retryAfter: "30" }));
    await expect(source.fetch(server.url("/slow-down"))).rejects.toThrow(
      "127.0.0.1 answered HTTP 429 Too Many Requests; it asks to retry in 30 s",
    );
  });

  it("a Retry-After of years (or of more digits than a number holds) says 'later', not a figure", async () => {
    server.route("/years", reply.status(503, { retryAfter: "99999999999999999999" }));
    await expect(source.fetch(server.url("/years"))).rejects.toThrow(
      "127.0.0.1 answered HTTP 503 Service Unavailable; it asks to retry later",
    );
    expect(parseRetryAfter("Fri, 01 Jan 2100 00:00:00 GMT", new Date("2024-04-24T08:00:00Z"))).toBe(86_401);
  });

  it("reads Retry-After given as an HTTP date", () => {
    const now = new Date("2024-04-24T08:00:00Z");
    expect(parseRetryAfter("Wed, 24 Apr 2024 08:05:00 GMT", now)).toBe(300);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("cuts a 50 MB body at the 10 MB limit", async () => {
    // No Content-Length shortcut: the limit must hold while streaming.
    server.route("/huge", reply.large(50 * 1024 * 1024, { chunked: true }));
    await expect(source.fetch(server.url("/huge"))).rejects.toThrow(
      "The page from 127.0.0.1 is larger than 10 MB; stopped reading",
    );
  });

  it("refuses a body whose Content-Length is over the limit without reading it", async () => {
    server.route("/huge-declared", reply.large(50 * 1024 * 1024));
    await expect(source.fetch(server.url("/huge-declared"))).rejects.toThrow(/larger than 10 MB/);
  });

  it("stops a gzip bomb at the limit on decoded bytes", async () => {
    server.route("/bomb", reply.gzipBomb(64 * 1024 * 1024));
    const small = new HttpSource({ maxBytes: 1024 * 1024 });
    try {
      await expect(small.fetch(server.url("/bomb"))).rejects.toThrow(
        "The page from 127.0.0.1 is larger than 1 MB; stopped reading",
      );
    } finally {
      await small.close();
    }
  });

  it("rejects with the caller's reason when the caller aborts", async () => {
    server.route("/never-2", reply.never());
    const controller = new AbortController();
    const pending = source.fetch(server.url("/never-2"), controller.signal);
    await server.waitForRequests(server.requests.length + 1);
    controller.abort(new Error("user pressed Esc"));
    await expect(pending).rejects.toThrow("user pressed Esc");
  });
});

describe("HttpSource: connections", () => {
  /** A route that notes the client's port (one per connection) and then answers as `then` does. */
  const noting = (ports: number[], then: RouteHandler) =>
    ((req, res) => {
      ports.push(req.socket.remotePort ?? -1);
      return then(req, res);
    }) satisfies RouteHandler;

  it("asks again on the same connections after a body, a redirect, an error page and a 304", async () => {
    const ports: number[] = [];
    server.route("/conn/page", noting(ports, reply.body(PAGE)));
    server.route("/conn/moved", noting(ports, reply.redirect("/conn/page")));
    server.route("/conn/missing", noting(ports, reply.body("<p>not here</p>".repeat(200), {}, 404)));
    server.route("/conn/same", noting(ports, reply.body("", {}, 304)));
    expect(decoded((await source.fetch(server.url("/conn/page"))).body)).toBe(PAGE);
    expect(decoded((await source.fetch(server.url("/conn/moved"))).body)).toBe(PAGE);
    await expect(source.fetch(server.url("/conn/missing"))).rejects.toThrow("HTTP 404");
    const answer = await source.fetch(server.url("/conn/same"), undefined, { validators: { etag: '"1"' } });
    expect(answer.notModified).toBe(true);
    expect(decoded((await source.fetch(server.url("/conn/page"))).body)).toBe(PAGE);
    // undici opens a second connection beside the first; after that no answer costs one.
    expect(ports).toHaveLength(6);
    expect(new Set(ports).size).toBeLessThanOrEqual(2);
  });

  it("closes the connection of an error page too long to wait for, and asks again on a new one", async () => {
    const ports: number[] = [];
    server.route("/conn/huge-error", noting(ports, reply.body("x".repeat(1024 * 1024), {}, 500)));
    server.route("/conn/after", noting(ports, reply.body(PAGE)));
    await expect(source.fetch(server.url("/conn/huge-error"))).rejects.toThrow("HTTP 500");
    expect(decoded((await source.fetch(server.url("/conn/after"))).body)).toBe(PAGE);
    expect(ports).toHaveLength(2);
    expect(ports[0]).not.toBe(ports[1]);
  });
});
