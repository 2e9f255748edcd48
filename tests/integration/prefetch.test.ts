// The `prefetch` setting's worker against a local server: the new items of a list are fetched, extracted and
// kept a few at a time (never more than two requests at once), so they read offline and search finds their full
// text; items kept already, or asked for before, are not fetched again.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { preloadConf } from "../../src/store/config-document.js";
import { KeptArchive } from "../../src/store/kept.js";
import { openStore } from "../../src/store/store.js";
import { Prefetcher, type PrefetchProgress } from "../../src/tui/prefetch.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { fixtureText, networkLibrary, tempDir, type NetworkLibrary } from "./local-web.js";

beforeAll(() => preloadConf());

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
