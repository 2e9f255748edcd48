// Articles kept in the archive, read again without the page: offline or with the network gone once the HTTP
// cache has lost its copy (evicted, `reader cache clear`), and asked for with their ETag / Last-Modified, a 304
// then showing the kept copy without downloading or parsing the page again.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KeptArchive } from "../../src/store/kept.js";
import { openStore, type Store } from "../../src/store/store.js";
import { runReader } from "../helpers/run-reader.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { fixtureText, networkLibrary, tempDir } from "./local-web.js";

const PATH = "/n1/2024/0424/c1001-40223222.html";
const PAGE = fixtureText("politics-2024-04-24.html");
const WORDS = "促进航天技术更好惠及人民";

let server: TestServer;
let dir: string;
let store: Store;
let kept: KeptArchive;
beforeEach(async () => {
  dir = tempDir("kept");
  store = openStore({ builtins: [], dir: path.join(dir, "config") });
  kept = new KeptArchive(store, { dir: path.join(dir, "cache") });
  server = await startTestServer({
    [PATH]: reply.conditional({
      body: PAGE,
      etag: '"v1"',
      lastModified: "Wed, 24 Apr 2024 15:52:00 GMT",
      headers: { "content-type": "text/html; charset=utf-8" },
    }),
  });
});
afterEach(async () => {
  await kept.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Reads the page once online (keeping it), then empties the HTTP cache as `reader cache clear` does. */
async function readOnceThenClearCache(): Promise<void> {
  const web = networkLibrary({ cacheDir: path.join(dir, "cache", "http"), keep: kept });
  const article = await web.library.loadArticle(server.url(PATH));
  expect(article.title).toContain(WORDS);
  await kept.settled();
  await web.cache.clear();
  await web.dispose();
}

describe("a kept article", () => {
  it("opens offline from the archive when the HTTP cache has no copy, saying it is a kept copy", async () => {
    await readOnceThenClearCache();
    const offline = networkLibrary({ cacheDir: path.join(dir, "cache", "http"), offline: true, keep: kept });
    const requests = server.requests.length;
    const article = await offline.library.loadArticle(server.url(PATH));
    expect(article.title).toContain(WORDS);
    expect(article.body.length).toBeGreaterThan(3);
    expect(article.warnings[0]).toMatch(/^cached copy from \d+ min ago, kept for offline reading$/);
    expect(server.requests.length).toBe(requests);
    await offline.dispose();
  });

  it("opens from the archive when the server is gone, with the reason", async () => {
    await readOnceThenClearCache();
    await server.close();
    const web = networkLibrary({
      cacheDir: path.join(dir, "cache", "http"),
      keep: kept,
      totalTimeoutMs: 3000,
    });
    const article = await web.library.loadArticle(server.url(PATH));
    expect(article.title).toContain(WORDS);
    expect(article.warnings[0]).toMatch(/kept for offline reading — Could not connect to 127\.0\.0\.1/);
    await web.dispose();
  });

  it("is kept with its ETag and Last-Modified, sent when it is fetched again; a 304 shows the kept copy", async () => {
    await readOnceThenClearCache();
    const record = (await kept.keptArticle(server.url(PATH)))!;
    expect(record).toMatchObject({ etag: '"v1"', lastModified: "Wed, 24 Apr 2024 15:52:00 GMT" });
    const web = networkLibrary({ cacheDir: path.join(dir, "cache", "http"), keep: kept });
    const article = await web.library.loadArticle(server.url(PATH));
    const asked = server.requests.at(-1)!;
    expect(asked.headers["if-none-match"]).toBe('"v1"');
    expect(asked.headers["if-modified-since"]).toBe("Wed, 24 Apr 2024 15:52:00 GMT");
    // The server answered 304: the article is the kept one, with no warning (it is current).
    expect(article.title).toBe(record.article.title);
    expect(article.body).toEqual(record.article.body);
    expect(article.warnings).toEqual([]);
    await web.dispose();
  });

  it("a changed page (its ETag no longer matches) is downloaded and kept anew", async () => {
    await readOnceThenClearCache();
    server.route(
      PATH,
      reply.conditional({
        body: PAGE.replaceAll(WORDS, "新标题：航天"),
        etag: '"v2"',
        headers: { "content-type": "text/html; charset=utf-8" },
      }),
    );
    const web = networkLibrary({ cacheDir: path.join(dir, "cache", "http"), keep: kept });
    const article = await web.library.loadArticle(server.url(PATH));
    expect(article.title).toContain("新标题");
    await kept.settled();
    expect((await kept.keptArticle(server.url(PATH)))?.etag).toBe('"v2"');
    await web.dispose();
  });
});

describe("reader print", () => {
  it("`reader print URL --offline` prints an article printed before, after `reader cache clear`", async () => {
    const env = {
      HOME: dir,
      TZ: "Asia/Shanghai",
      READER_CONFIG_DIR: path.join(dir, "cli-config"),
      READER_CACHE_DIR: path.join(dir, "cli-cache"),
    };
    const online = await runReader(["print", server.url(PATH), "--width", "60"], env);
    expect(online).toMatchObject({ code: 0, stderr: "" });
    expect((await runReader(["cache", "clear"], env)).code).toBe(0);
    const offline = await runReader(["--offline", "print", server.url(PATH), "--width", "60"], env);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toBe(online.stdout);
    expect(offline.stderr).toMatch(/warning: cached copy from \d+ min ago, kept for offline reading\n$/);
    // What was printed is searchable, and a saved search lists it.
    expect((await runReader(["add", "--search", "航天合作", "--name", "space"], env)).code).toBe(0);
    const listed = await runReader(["list", "space", "--json"], env);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as Array<{ url: string }>).map((i) => i.url)).toEqual([
      server.url(PATH),
    ]);
  });
});
