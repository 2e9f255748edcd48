// The `prefetch` setting's worker against a local server: the new items of a list are fetched, extracted and
// kept a few at a time (never more than two requests at once), so they read offline and search finds their full
// text; items kept already, or asked for before, are not fetched again. In its own thread (as the interface runs
// it) its requests count against this thread's per-host bound, quitting ends it with what it kept intact, and its
// failures are said once, sanitised.
import { once } from "node:events";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { afterEach, beforeEach, expect, it } from "vitest";
import { KeptArchive } from "../../src/store/kept.js";
import { openStore } from "../../src/store/store.js";
import { makeLibrary } from "../../src/sources/network-library.js";
import { RequestLimiter } from "../../src/sources/limiter.js";
import {
  Prefetcher,
  PrefetchThread,
  type PrefetchProgress,
  type PrefetchThreadOptions,
} from "../../src/tui/prefetch.js";
import { reply, startTestServer, type RouteHandler, type TestServer } from "../helpers/test-server.js";
import { prefetchWorker, tsWorker } from "../helpers/ts-worker.js";
import { fixtureText, networkLibrary, tempDir, type NetworkLibrary } from "./local-web.js";

const PAGE = fixtureText("politics-2024-04-24.html");
const TITLE = "促进航天技术更好惠及人民";
/** Words of the body only (not in any title or summary). */
const BODY_WORDS = "高水平中拉航天合作伙伴关系";
const COUNT = 8;
const pagePath = (n: number) => `/n1/2024/0424/c1001-${n}.html`;

let server: TestServer;
let dir: string;
let kept: KeptArchive;
let web: NetworkLibrary;
beforeEach(async () => {
  dir = tempDir("prefetch");
  const store = openStore({ builtins: [], dir: path.join(dir, "config") });
  kept = new KeptArchive(store, { dir: path.join(dir, "cache") });
  const routes: Record<string, ReturnType<typeof reply.body>> = {};
  for (let n = 1; n <= COUNT; n++)
    routes[pagePath(n)] = reply.body(PAGE.replaceAll(TITLE, `第${n}篇：${TITLE}`), {
      "content-type": "text/html; charset=utf-8",
    });
  server = await startTestServer(routes);
  web = networkLibrary({ cacheDir: path.join(dir, "cache", "http"), keep: kept });
});
afterEach(async () => {
  await web.dispose();
  await kept.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function prefetcher(progress: PrefetchProgress[] = []): Prefetcher {
  return new Prefetcher({
    fetch: (url, signal, beforeParse) => web.library.prefetchArticle(url, signal, beforeParse),
    keep: (url, article, validators) => kept.keepArticle(url, article, validators),
    missing: (urls) => kept.missingArticles(urls),
    onProgress: (p) => progress.push(p),
  });
}

it("keeps every new item's article, two at a time, found by its body text and readable offline", async () => {
  const urls = Array.from({ length: COUNT }, (_, i) => server.url(pagePath(i + 1)));
  const progress: PrefetchProgress[] = [];
  const worker = prefetcher(progress);
  worker.add(urls);
  await worker.settled();
  await kept.settled();
  expect(server.requests.length).toBe(COUNT);
  expect(server.maxActive).toBeLessThanOrEqual(2);
  expect(progress.at(-1)).toEqual({ done: COUNT, total: COUNT, failed: 0 });
  const hits = await kept.search(BODY_WORDS);
  expect(hits.map((h) => h.url).sort()).toEqual([...urls].sort());
  // Read with no network (the HTTP cache elsewhere): from the archive.
  const offline = networkLibrary({ cacheDir: path.join(dir, "other-cache"), offline: true, keep: kept });
  for (const url of urls) expect((await offline.library.loadArticle(url)).title).toMatch(/^第\d篇：/);
  await offline.dispose();
});

it("fetches nothing kept already, nor what a later refresh hands over again, nor items without a page", async () => {
  const urls = Array.from({ length: COUNT }, (_, i) => server.url(pagePath(i + 1)));
  // Two read before (kept by reading them).
  await web.library.loadArticle(urls[0]!);
  await web.library.loadArticle(urls[1]!);
  await kept.settled();
  const before = server.requests.length;
  const worker = prefetcher();
  worker.add([...urls, "feed-item:x#1"]);
  await worker.settled();
  worker.add(urls);
  await worker.settled();
  expect(server.requests.length - before).toBe(COUNT - 2);
});

/** Requests that wait until let go (`release`), so a test sees what is in flight at once, without timing. */
function holdingRoutes(routes: Record<string, RouteHandler>) {
  let holding = true;
  const held: Array<() => void> = [];
  const wrapped: Record<string, RouteHandler> = {};
  for (const [path, handler] of Object.entries(routes))
    wrapped[path] = (req, res) => {
      if (holding) held.push(() => void handler(req, res));
      else return handler(req, res);
    };
  return {
    routes: wrapped,
    release() {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
  };
}

/** The worker thread as the interface runs it: this thread's limiter lent, its writes in the archive's turn. */
function prefetchThread(
  slots: Pick<RequestLimiter, "acquire">,
  options: Partial<PrefetchThreadOptions> = {},
): PrefetchThread {
  return new PrefetchThread({
    slots,
    turn: (work) => kept.turn(work),
    ready: () => kept.writable(),
    dir: path.join(dir, "cache"),
    spawn: prefetchWorker,
    ...options,
  });
}

/** Resolves when `progress` has come to `done` of `total`. */
function progressTo(total: number) {
  const seen: PrefetchProgress[] = [];
  let reached: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (reached = resolve));
  return {
    seen,
    done,
    onProgress(progress: PrefetchProgress) {
      seen.push(progress);
      if (progress.total === total && progress.done === total) reached();
    },
  };
}

it("in its own thread: every article is kept and found here, and this thread's per-host bound holds for both", async () => {
  await server.close();
  const hold = holdingRoutes(
    Object.fromEntries(
      Array.from({ length: COUNT }, (_, i) => [
        pagePath(i + 1),
        reply.body(PAGE.replaceAll(TITLE, `第${i + 1}篇：${TITLE}`), {
          "content-type": "text/html; charset=utf-8",
        }),
      ]),
    ),
  );
  server = await startTestServer(hold.routes);
  const urls = Array.from({ length: COUNT }, (_, i) => server.url(pagePath(i + 1)));
  const here = await makeLibrary({ offline: false, httpCacheDir: path.join(dir, "cache", "http") });
  // The worker's requests ask this thread's limiter for their slots.
  let asked = 0;
  let askedTwice: () => void = () => undefined;
  const workerAsked = new Promise<void>((resolve) => (askedTwice = resolve));
  const progress = progressTo(COUNT - 2);
  const thread = prefetchThread(
    {
      acquire: (host, signal) => {
        if (++asked === 2) askedTwice();
        return here.requestSlots!.acquire(host, signal);
      },
    },
    { onProgress: progress.onProgress, onFailure: (text) => expect.fail(text) },
  );
  // The person reads two pages of the host meanwhile (held: the host's two slots are theirs).
  const reading = [urls[0]!, urls[1]!].map((url) => here.loadArticle(url));
  await server.waitForRequests(2);
  thread.add(urls.slice(2));
  await workerAsked;
  expect(server.active).toBe(2);
  hold.release();
  await Promise.all(reading);
  await progress.done;
  await kept.settled();
  expect(server.requests.length).toBe(COUNT);
  expect(server.maxActive).toBeLessThanOrEqual(2);
  expect(progress.seen.at(-1)).toEqual({ done: COUNT - 2, total: COUNT - 2, failed: 0 });
  const hits = await kept.search(BODY_WORDS);
  expect(hits.map((h) => h.url).sort()).toEqual(urls.slice(2).sort());
  await thread.stop();
  await here.close();
});

it("stopped (quitting) while pages hang: it ends, lets its request slots go, and what it kept stays kept", async () => {
  const urls = Array.from({ length: 4 }, (_, i) => server.url(pagePath(i + 1)));
  server.route(pagePath(3), reply.never());
  server.route(pagePath(4), reply.never());
  const limiter = new RequestLimiter();
  const progress = progressTo(4);
  let keptTwo: () => void = () => undefined;
  const twoKept = new Promise<void>((resolve) => (keptTwo = resolve));
  const thread = prefetchThread(limiter, {
    onProgress: (p) => {
      progress.onProgress(p);
      if (p.done === 2) keptTwo();
    },
    onFailure: (text) => expect.fail(text),
  });
  thread.add(urls);
  await twoKept;
  await server.waitForRequests(4);
  expect(limiter.inFlight()).toBe(2);
  await thread.stop();
  await kept.settled();
  expect(limiter.inFlight()).toBe(0);
  expect(limiter.waiting).toBe(0);
  const hits = await kept.search(BODY_WORDS);
  expect(hits.map((h) => h.url).sort()).toEqual(urls.slice(0, 2).sort());
  // Asked for after it stopped: nothing starts.
  thread.add([server.url(pagePath(5))]);
  expect(server.requests.length).toBe(4);
});

it("a worker that fails is said once on the status line, sanitised, and nothing else breaks", async () => {
  const failures: string[] = [];
  let failed: () => void = () => undefined;
  const said = new Promise<void>((resolve) => (failed = resolve));
  const thread = prefetchThread(new RequestLimiter(), {
    onFailure: (text) => {
      failures.push(text);
      failed();
    },
    spawn: () => tsWorker({ code: 'throw new Error("\\x1b]0;pwned\\x07 boom \\x1b[31mred")' }),
  });
  thread.add([server.url(pagePath(1))]);
  await said;
  await thread.stop();
  await thread.stop();
  expect(failures).toHaveLength(1);
  expect(failures[0]).toMatch(/^預取停止 prefetch stopped: .*boom/);
  // eslint-disable-next-line no-control-regex
  expect(failures[0]).not.toMatch(/[\x00-\x1f\x7f]/);
  await kept.settled();
});

it("a database the worker cannot open is said on the status line, sanitised, and the worker ends", async () => {
  // A directory where the database file would be, under a name with escape sequences in it.
  const odd = path.join(dir, "odd\x1b[2J\x07");
  mkdirSync(path.join(odd, "reader.db"), { recursive: true });
  const failures: string[] = [];
  let failed: () => void = () => undefined;
  const said = new Promise<void>((resolve) => (failed = resolve));
  const thread = prefetchThread(new RequestLimiter(), {
    dir: odd,
    onFailure: (text) => {
      failures.push(text);
      failed();
    },
  });
  thread.add([server.url(pagePath(1))]);
  await said;
  await thread.stop();
  expect(failures).toHaveLength(1);
  expect(failures[0]).toMatch(/^預取停止 prefetch stopped: search is off/);
  // eslint-disable-next-line no-control-regex
  expect(failures[0]).not.toMatch(/[\x00-\x1f\x7f]/);
  expect(server.requests).toHaveLength(0);
});

it("the thread ends once it has done what it was handed (its memory given back), and the next list starts another", async () => {
  const urls = Array.from({ length: 4 }, (_, i) => server.url(pagePath(i + 1)));
  const started: Worker[] = [];
  let done: () => void = () => undefined;
  let allDone = new Promise<void>((resolve) => (done = resolve));
  const thread = prefetchThread(new RequestLimiter(), {
    spawn: (options) => {
      const worker = prefetchWorker(options);
      started.push(worker);
      return worker;
    },
    onProgress: (p) => p.done === p.total && done(),
    onFailure: (text) => expect.fail(text),
  });
  thread.add(urls.slice(0, 2));
  await allDone;
  await once(started[0]!, "exit");
  allDone = new Promise<void>((resolve) => (done = resolve));
  thread.add(urls.slice(2));
  await allDone;
  await kept.settled();
  expect(started).toHaveLength(2);
  const hits = await kept.search(BODY_WORDS);
  expect(hits.map((h) => h.url).sort()).toEqual([...urls].sort());
  await thread.stop();
});
