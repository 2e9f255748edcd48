/**
 * A local HTTP server for tests: 127.0.0.1, a random port, routes keyed by path, and ready-made handlers for
 * the faults a news reader meets (slow drips, resets, redirect loops, bombs). Never touches the internet.
 *
 * ```ts
 * const server = await startTestServer({
 *   "/feed.xml": reply.body(xml, { "content-type": "application/rss+xml; charset=utf-8" }),
 *   "/moved": reply.redirect("/feed.xml"),
 *   "/down": reply.status(503, { retryAfter: "120" }),
 * });
 * await source.fetch(server.url("/feed.xml"));
 * expect(server.requests[0]?.headers["user-agent"]).toMatch(/cjk-reader/);
 * await server.close(); // in afterEach/afterAll: destroys open sockets, so never-answering routes end too
 * ```
 *
 * Unknown paths answer 404. The query string is ignored when matching routes. Handlers see every request; the
 * server records each one (method, url, headers) in `requests` and tracks requests in flight (`active`,
 * `maxActive`) so tests can prove concurrency bounds.
 */
import http, { type IncomingMessage, type ServerResponse, type OutgoingHttpHeaders } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { EventEmitter, once } from "node:events";
import zlib from "node:zlib";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RecordedRequest {
  method: string;
  /** Request target as sent: a path, or an absolute URL when the server is used as a proxy. */
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Absolute URL for a path on this server. */
  url(path: string): string;
  /** Adds or replaces a route. */
  route(path: string, handler: RouteHandler): void;
  readonly requests: RecordedRequest[];
  /** Requests whose response has not finished or closed yet. */
  readonly active: number;
  /** The highest `active` seen. */
  readonly maxActive: number;
  /**
   * Emits "request" (RecordedRequest) on each arrival, once the route handler has started, and "settled" when
   * a response finishes or closes.
   */
  readonly events: EventEmitter;
  /** Resolves once `count` requests in total have arrived (including earlier ones). */
  waitForRequests(count: number): Promise<void>;
  /** Stops listening and destroys every open socket. */
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with the given routes (more can be added with `route`). */
export async function startTestServer(routes: Record<string, RouteHandler> = {}): Promise<TestServer> {
  const table = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const events = new EventEmitter();
  const sockets = new Set<Socket>();
  let active = 0;
  let maxActive = 0;

  const server = http.createServer((req, res) => {
    const recorded = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers };
    requests.push(recorded);
    active += 1;
    maxActive = Math.max(maxActive, active);
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      active -= 1;
      events.emit("settled");
    };
    res.once("finish", settle);
    res.once("close", settle);
    const path = pathOf(req.url ?? "/");
    const handler = table.get(path) ?? reply.status(404, { body: "not found" });
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    // After the handler's synchronous part, so listeners see its effect (e.g. a gate holding the request).
    events.emit("request", recorded);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    url: (path) => new URL(path, origin).href,
    route: (path, handler) => void table.set(path, handler),
    requests,
    get active() {
      return active;
    },
    get maxActive() {
      return maxActive;
    },
    events,
    waitForRequests: (count) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (requests.length < count) return;
          events.off("request", check);
          resolve();
        };
        events.on("request", check);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function pathOf(target: string): string {
  // Absolute-form targets (proxy requests) are matched by their path too.
  return new URL(target, "http://placeholder").pathname;
}

const BOMB_CACHE = new Map<number, Buffer>();

/** Handler factories for `startTestServer` routes. */
export const reply = {
  /** A fixed body with headers (content-length is set for you). */
  body(body: string | Uint8Array, headers: OutgoingHttpHeaders = {}, status = 200): RouteHandler {
    const bytes = typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
    return (_req, res) => {
      res.writeHead(status, { "content-length": bytes.length, ...headers });
      res.end(bytes);
    };
  },

  /** The body compressed with `encoding`, sent with the matching Content-Encoding. */
  encoded(
    body: string | Uint8Array,
    encoding: "gzip" | "deflate" | "br",
    headers: OutgoingHttpHeaders = {},
  ): RouteHandler {
    const raw = typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
    const compressed =
      encoding === "gzip"
        ? zlib.gzipSync(raw)
        : encoding === "deflate"
          ? zlib.deflateSync(raw)
          : zlib.brotliCompressSync(raw);
    return reply.body(compressed, { "content-encoding": encoding, ...headers });
  },

  /**
   * A cacheable body: answers 304 (no body) when the request's If-None-Match matches `etag` or its
   * If-Modified-Since equals `lastModified`; otherwise 200 with the validators set.
   */
  conditional(options: {
    body: string | Uint8Array;
    etag?: string;
    lastModified?: string;
    headers?: OutgoingHttpHeaders;
  }): RouteHandler {
    const validators: OutgoingHttpHeaders = {};
    if (options.etag) validators["etag"] = options.etag;
    if (options.lastModified) validators["last-modified"] = options.lastModified;
    const full = reply.body(options.body, { ...options.headers, ...validators });
    return (req, res) => {
      const noneMatch = req.headers["if-none-match"];
      const modifiedSince = req.headers["if-modified-since"];
      const fresh =
        (options.etag !== undefined && noneMatch === options.etag) ||
        (noneMatch === undefined &&
          options.lastModified !== undefined &&
          modifiedSince === options.lastModified);
      if (fresh) {
        res.writeHead(304, validators);
        res.end();
        return;
      }
      return full(req, res);
    };
  },

  /** A redirect to `location` (relative locations are sent as given). */
  redirect(location: string, status = 302): RouteHandler {
    return (_req, res) => {
      res.writeHead(status, { location, "content-length": 0 });
      res.end();
    };
  },

  /** An error status, optionally with Retry-After and a body. */
  status(
    status: number,
    options: { body?: string; retryAfter?: string; headers?: OutgoingHttpHeaders } = {},
  ): RouteHandler {
    const headers: OutgoingHttpHeaders = { "content-type": "text/plain; charset=utf-8", ...options.headers };
    if (options.retryAfter !== undefined) headers["retry-after"] = options.retryAfter;
    return reply.body(options.body ?? `${status}`, headers, status);
  },

  /** Sends headers, then the body one byte every `intervalMs`; stops when the client goes away. */
  drip(body: string | Uint8Array, intervalMs: number, headers: OutgoingHttpHeaders = {}): RouteHandler {
    const bytes = typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
    return (_req, res) => {
      res.writeHead(200, { "content-length": bytes.length, ...headers });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= bytes.length) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write(bytes.subarray(sent, sent + 1));
        sent += 1;
      }, intervalMs);
      res.once("close", () => clearInterval(timer));
    };
  },

  /** Accepts the request and never answers (the socket stays open until the client or `close()` ends it). */
  never(): RouteHandler {
    return () => {};
  },

  /** Promises `totalBytes`, sends `sentBytes` of them, then resets the connection (TCP RST). */
  resetMidBody(totalBytes = 100_000, sentBytes = 1_000): RouteHandler {
    return (req, res) => {
      res.writeHead(200, { "content-length": totalBytes, "content-type": "text/html; charset=utf-8" });
      res.write(Buffer.alloc(sentBytes, 0x61), () => req.socket.resetAndDestroy());
    };
  },

  /**
   * A body of `totalBytes` ("a" repeated), streamed in 64 KiB chunks with back-pressure. `chunked` leaves out
   * Content-Length, so the client only learns the size by reading.
   */
  large(
    totalBytes: number,
    options: { chunked?: boolean; headers?: OutgoingHttpHeaders } = {},
  ): RouteHandler {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    return (_req, res) => {
      const length: OutgoingHttpHeaders = options.chunked ? {} : { "content-length": totalBytes };
      res.writeHead(200, { ...length, "content-type": "text/plain", ...options.headers });
      let sent = 0;
      const pump = (): void => {
        while (sent < totalBytes) {
          const piece = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
          sent += piece.length;
          if (!res.write(piece)) {
            res.once("drain", pump);
            return;
          }
        }
        res.end();
      };
      res.once("close", () => res.off("drain", pump));
      pump();
    };
  },

  /** A small gzip body that inflates to `decodedBytes` zeros (built once per size). */
  gzipBomb(decodedBytes: number): RouteHandler {
    return (req, res) => {
      let bomb = BOMB_CACHE.get(decodedBytes);
      if (!bomb) {
        bomb = zlib.gzipSync(Buffer.alloc(decodedBytes), { level: 9 });
        BOMB_CACHE.set(decodedBytes, bomb);
      }
      return reply.body(bomb, { "content-encoding": "gzip", "content-type": "text/html" })(req, res);
    };
  },

  /** Holds every request until `release()` is called for it (FIFO); for concurrency tests. */
  gate(body = "ok"): RouteHandler & { release(): boolean; readonly held: number } {
    const held: ServerResponse[] = [];
    const handler = ((_req: IncomingMessage, res: ServerResponse) => {
      held.push(res);
    }) as RouteHandler & { release(): boolean; readonly held: number };
    handler.release = () => {
      const res = held.shift();
      if (!res) return false;
      res.writeHead(200, { "content-length": Buffer.byteLength(body) });
      res.end(body);
      return true;
    };
    Object.defineProperty(handler, "held", { get: () => held.length });
    return handler;
  },
};

/** TCP port that refuses connections (bound then closed again), for "connection refused" tests. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ForwardProxy {
  /** `http://127.0.0.1:<port>`, for HTTP_PROXY. */
  readonly origin: string;
  /** Request targets the proxy received (absolute-form URLs). */
  readonly targets: string[];
  close(): Promise<void>;
}

/** A plain HTTP forward proxy (absolute-form requests, no CONNECT) that records what it forwards. */
export async function startForwardProxy(): Promise<ForwardProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const target = req.url ?? "";
    targets.push(target);
    if (!/^https?:\/\//.test(target)) {
      res.writeHead(400).end("absolute-form request expected");
      return;
    }
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
