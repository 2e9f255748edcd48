import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HttpSource } from "../../src/sources/http.js";
import { RequestLimiter } from "../../src/sources/limiter.js";
import { reply, startForwardProxy, startTestServer, type TestServer } from "../helpers/test-server.js";

const PROXY_VARIABLES = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"];

beforeEach(() => {
  for (const name of PROXY_VARIABLES) vi.stubEnv(name, "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("RequestLimiter", () => {
  it("grants slots up to the bounds and then in arrival order", async () => {
    const limiter = new RequestLimiter({ total: 3, perHost: 2 });
    const order: string[] = [];
    const a1 = await limiter.acquire("a");
    const a2 = await limiter.acquire("a");
    const a3 = limiter.acquire("a").then((release) => (order.push("a3"), release));
    const b1 = await limiter.acquire("b"); // a host with room is not held up by a's queue
    const b2 = limiter.acquire("b").then((release) => (order.push("b2"), release));
    const c1 = limiter.acquire("c").then((release) => (order.push("c1"), release));
    expect(limiter.inFlight()).toBe(3);
    expect(limiter.inFlight("a")).toBe(2);
    expect(limiter.waiting).toBe(3);

    a1(); // frees a total slot and an "a" slot: a3 was first in line
    (await a3)();
    b1();
    (await b2)();
    a2();
    (await c1)();
    expect(order).toEqual(["a3", "b2", "c1"]);
    expect(limiter.inFlight()).toBe(0);
  });

  it("a release called twice frees one slot only", async () => {
    const limiter = new RequestLimiter({ total: 1, perHost: 1 });
    const release = await limiter.acquire("a");
    const next = limiter.acquire("a");
    release();
    release();
    const second = await next;
    expect(limiter.inFlight()).toBe(1);
    second();
  });

  it("a stalled request gives its overall place to another host's, up to as many again, never its host's", async () => {
    const limiter = new RequestLimiter({ total: 2, perHost: 1 });
    const a = await limiter.acquire("a");
    const b = await limiter.acquire("b");
    const granted: string[] = [];
    const wait = (host: string) => limiter.acquire(host).then((release) => (granted.push(host), release));
    const a2 = wait("a");
    const c = wait("c");
    const d = wait("d");
    const e = wait("e");
    a.stalled();
    a.stalled(); // once only
    b.stalled();
    // Two places given back: c and d go; a's second request still waits for a's first.
    const [cRelease, dRelease] = await Promise.all([c, d]);
    expect(granted).toEqual(["c", "d"]);
    expect(limiter.inFlight()).toBe(4);
    cRelease.stalled();
    dRelease.stalled();
    // Twice the total in flight: e waits, stalled or not.
    await Promise.resolve();
    expect(granted).toEqual(["c", "d"]);
    a();
    expect((await a2, granted)).toEqual(["c", "d", "a"]);
    b();
    await e;
    expect(granted).toEqual(["c", "d", "a", "e"]);
  });

  it("an aborted waiter leaves the queue and rejects with the reason", async () => {
    const limiter = new RequestLimiter({ total: 1, perHost: 1 });
    const release = await limiter.acquire("a");
    const controller = new AbortController();
    const waiting = limiter.acquire("a", controller.signal);
    controller.abort(new Error("gave up"));
    await expect(waiting).rejects.toThrow("gave up");
    expect(limiter.waiting).toBe(0);
    release();
    expect(limiter.inFlight()).toBe(0);
  });
});

describe("HttpSource concurrency", () => {
  let servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });

  it("keeps at most 6 requests in flight overall and 2 per host", async () => {
    // Four hosts (ports) with three requests each; every response is held until the test releases it.
    const gates = Array.from({ length: 4 }, () => reply.gate("ok"));
    servers = await Promise.all(gates.map((gate) => startTestServer({ "/held": gate })));
    let inFlight = 0;
    let maxInFlight = 0;
    for (const server of servers) {
      server.events.on("request", () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
      });
      server.events.on("settled", () => (inFlight -= 1));
    }
    const limiter = new RequestLimiter(); // the default bounds, as HttpSource builds them
    const source = new HttpSource({ limiter });
    const progress = new EventEmitter(); // a request reached a server, or a fetch ended
    for (const server of servers) server.events.on("request", () => progress.emit("step"));
    const pending = servers.flatMap((server) =>
      [1, 2, 3].map((i) => source.fetch(server.url(`/held?i=${i}`)).finally(() => progress.emit("step"))),
    );
    const unreleased = [3, 3, 3, 3];
    const held = (): number => gates.reduce((sum, gate) => sum + gate.held, 0);
    // Barrier: every slot taken is a request held by a server, and every request not yet answered is held or
    // queued. Without a working limiter all of them would be at the servers at this point.
    const quiet = (): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          const open = unreleased.reduce((sum, n) => sum + n, 0);
          if (limiter.inFlight() !== held() || held() + limiter.waiting !== open) return;
          progress.off("step", check);
          resolve();
        };
        progress.on("step", check);
        check();
      });

    for (let released = 0; released < 12; released++) {
      await quiet();
      const index = gates.findIndex((gate) => gate.held > 0);
      gates[index]?.release();
      unreleased[index] = (unreleased[index] ?? 0) - 1;
    }
    const results = await Promise.all(pending);
    await source.close();

    expect(results.every((r) => new TextDecoder().decode(r.body) === "ok")).toBe(true);
    expect(maxInFlight).toBe(6);
    expect(servers.map((s) => s.maxActive)).toEqual([2, 2, 2, 2]);
  });
});

describe("HttpSource proxies", () => {
  it("sends http:// requests through HTTP_PROXY in absolute form", async () => {
    const server = await startTestServer({ "/via-proxy": reply.body("proxied") });
    const proxy = await startForwardProxy();
    vi.stubEnv("HTTP_PROXY", proxy.origin);
    const source = new HttpSource();
    try {
      const resource = await source.fetch(server.url("/via-proxy"));
      expect(new TextDecoder().decode(resource.body)).toBe("proxied");
      expect(proxy.targets).toEqual([server.url("/via-proxy")]);
      expect(server.requests[0]?.headers["user-agent"]).toMatch(/^cjk-reader\//);
    } finally {
      await source.close();
      await proxy.close();
      await server.close();
    }
  });

  it("honours lowercase http_proxy", async () => {
    const server = await startTestServer({ "/lower": reply.body("ok") });
    const proxy = await startForwardProxy();
    vi.stubEnv("http_proxy", proxy.origin);
    const source = new HttpSource();
    try {
      await source.fetch(server.url("/lower"));
      expect(proxy.targets).toEqual([server.url("/lower")]);
    } finally {
      await source.close();
      await proxy.close();
      await server.close();
    }
  });

  it("goes direct to hosts listed in NO_PROXY", async () => {
    const server = await startTestServer({ "/direct": reply.body("direct") });
    const proxy = await startForwardProxy();
    vi.stubEnv("HTTP_PROXY", proxy.origin);
    vi.stubEnv("NO_PROXY", "localhost,127.0.0.1");
    const source = new HttpSource();
    try {
      const resource = await source.fetch(server.url("/direct"));
      expect(new TextDecoder().decode(resource.body)).toBe("direct");
      expect(proxy.targets).toEqual([]);
      expect(server.requests).toHaveLength(1);
    } finally {
      await source.close();
      await proxy.close();
      await server.close();
    }
  });
});

describe("HttpSource on a host that does not answer", () => {
  it("fails the requests queued behind the one that timed out at once, with its message", async () => {
    const server = await startTestServer({ "/never": reply.never() });
    const source = new HttpSource({ totalTimeoutMs: 300, limiter: new RequestLimiter({ perHost: 2 }) });
    try {
      const results = await Promise.allSettled(
        [1, 2, 3, 4, 5].map((n) => source.fetch(server.url(`/never?channel=${n}`))),
      );
      const messages = results.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "ok"));
      expect(messages).toEqual(Array(5).fill("127.0.0.1 did not answer within 300 ms"));
      // Only the two let through at first reached the host; the three queued behind them did not wait again.
      expect(server.requests).toHaveLength(2);
      // A request asked for after the failure tries the host again.
      await expect(source.fetch(server.url("/never?again"))).rejects.toThrow("did not answer");
      expect(server.requests).toHaveLength(3);
    } finally {
      await source.close();
      await server.close();
    }
  });
});
