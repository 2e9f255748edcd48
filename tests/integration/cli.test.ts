// The built CLI (`bin/reader.js`, run `node scripts/build.mjs` first) against a local server, as a person runs
// it: print and list as JSON, add a page that names its feed, read from the cache offline, and — once the
// server is gone — still print the cached article, with a warning that says how old it is and why.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readerBin } from "../e2e/harness.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { encode, fixtureJson, fixtureText, tempDir } from "./local-web.js";

const PATH = "/n1/2024/0424/c1001-40223222.html";
const truth = fixtureJson<{ paragraphs: string[] }>("politics-2024-04-24.expected.json");
const FEED = `<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel><title>时政新闻</title>
<item><title>促进航天技术更好惠及人民</title><link>..${PATH}</link><pubDate>2024-04-24 23:52:00</pubDate></item>
</channel></rss>`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe("the reader command against a local server", () => {
  let server: TestServer;
  const configDir = tempDir("cli-config");
  const cacheDir = tempDir("cli-cache");

  // Async, never spawnSync: the server answering these requests lives in this process.
  const reader = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [readerBin, ...args],
        {
          env: {
            PATH: process.env["PATH"] ?? "/usr/bin:/bin",
            HOME: configDir,
            TZ: "Asia/Shanghai",
            READER_CONFIG_DIR: configDir,
            READER_CACHE_DIR: cacheDir,
            READER_TIMEOUT_MS: "5000",
          },
          timeout: 20_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });

  beforeAll(async () => {
    server = await startTestServer({
      [PATH]: reply.body(
        encode(fixtureText("politics-2024-04-24.html").replace(/\u30fb/g, "\u00b7"), "gbk"),
        {
          "content-type": "text/html",
        },
      ),
      "/rss/politics.xml": reply.body(encode(FEED, "gbk"), { "content-type": "text/xml" }),
      "/generic/library.html": reply.body(fixtureText("pages/dateline-ko.html"), {
        "content-type": "text/html; charset=utf-8",
      }),
      "/generic/portal.html": reply.body(
        `<html><head><title>예시포털 - 홈</title></head><body><nav><a href="/">홈</a></nav>
        <ul><li><a href="/news/1.html">도서관 야간 개방 확대</a></li><li><a href="/news/2.html">시내버스 노선 개편</a></li></ul></body></html>`,
        { "content-type": "text/html; charset=utf-8" },
      ),
      "/news/index.html": reply.body(
        `<html><head><title>要闻</title><link rel="alternate" type="application/rss+xml" href="/rss/politics.xml"></head><body></body></html>`,
        { "content-type": "text/html; charset=utf-8" },
      ),
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(configDir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it("`reader print <url> --json` prints the GBK article as JSON", async () => {
    const run = await reader("print", server.url(PATH), "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const article = JSON.parse(run.stdout) as { url: string; published: string; body: { text: string }[] };
    expect(article.url).toBe(server.url(PATH));
    expect(article.published).toBe("2024-04-24T15:52:00Z");
    expect(article.body.map((b) => b.text)).toHaveLength(truth.paragraphs.length);
    expect(article.body[2]?.text).toBe(truth.paragraphs[2]);
  });

  it("`reader print <url>` of a generic page shows its headline, its date in the reader's zone and its text", async () => {
    const run = await reader("print", server.url("/generic/library.html"), "--width", "60");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("도서관 야간 개방 확대");
    // 13:30 in Seoul is 12:30 in the reader's zone (Asia/Shanghai here).
    expect(lines[1]).toBe("2024-05-03 12:30");
    expect(run.stdout.replace(/\s+/g, "")).toContain("시립도서관다섯곳이다음달부터평일밤10시까지문을연다.");
  });

  it("`reader print <url>` of a page with no article says so, with its title and links, and exits as before", async () => {
    const run = await reader("print", server.url("/generic/portal.html"), "--width", "60");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("예시포털");
    expect(run.stdout).toContain("No article text found on this page.");
    expect(run.stdout).toContain("[1] 도서관 야간 개방 확대");
    expect(run.stdout).toContain("[2] 시내버스 노선 개편");
    expect(run.stderr).toMatch(/no article text found/);
    const json = await reader("print", server.url("/generic/portal.html"), "--json");
    const links = (JSON.parse(json.stdout) as { recommended: { url: string }[] }).recommended;
    expect(links.map((l) => l.url)).toEqual([server.url("/news/1.html"), server.url("/news/2.html")]);
  });

  it("`reader list <url> --json` prints the feed's items with absolute links", async () => {
    const run = await reader("list", server.url("/rss/politics.xml"), "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        title: "促进航天技术更好惠及人民",
        url: server.url(PATH),
        published: "2024-04-24T15:52:00Z",
        source: null,
        summary: "",
      },
    ]);
  });

  it("`reader add <page>` subscribes to the feed the page names; `reader sources --json` shows it", async () => {
    const added = await reader("add", server.url("/news/index.html"));
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(server.url("/rss/politics.xml"));
    const sources = await reader("sources", "--json");
    const channels = JSON.parse(sources.stdout) as { title: string; url: string; origin: string }[];
    expect(channels).toContainEqual(
      expect.objectContaining({ title: "时政新闻", url: server.url("/rss/politics.xml"), origin: "user" }),
    );
  });

  it("`reader --offline add <page>` adds the channel as typed; `reader list` online lists the feed it names", async () => {
    const before = server.requests.length;
    const page = `${server.url("/news/index.html")}?later`;
    const added = await reader("--offline", "add", page, "--name", "later");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(
      "(offline: its feed is looked for at the next refresh with a network; reader remove later removes it)",
    );
    expect(server.requests.length).toBe(before);
    // Still offline, it has no list yet, and says what comes next (not that a page has no cached copy).
    const waiting = await reader("--offline", "list", "later");
    expect(waiting.stdout).toBe("");
    expect(waiting.stderr).toBe(
      `reader: later was added as typed (${page}) with no network; its feed is looked for at the next refresh with a network (reader remove later removes it)\n`,
    );
    expect(server.requests.length).toBe(before);
    const channels = JSON.parse((await reader("sources", "--json")).stdout) as { url: string }[];
    expect(channels).toContainEqual(expect.objectContaining({ url: page }));
    const listed = await reader("list", "later");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("促进航天技术更好惠及人民");
  });

  it("`reader --offline print <url>` after an online print serves the cached copy without asking the server", async () => {
    const before = server.requests.length;
    const run = await reader("--offline", "print", server.url(PATH), "--json");
    expect(run.code).toBe(0);
    expect(server.requests.length).toBe(before);
    const article = JSON.parse(run.stdout) as { body: { text: string }[] };
    expect(article.body[2]?.text).toBe(truth.paragraphs[2]);
    expect(run.stderr).toMatch(/warning: cached copy from \d+ min ago/);
  });

  it("`reader --offline print` of a page never fetched fails with a clear message", async () => {
    const run = await reader("--offline", "print", server.url("/n1/2024/0424/c1001-1.html"));
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^reader: Offline, and there is no cached copy/);
  });

  it("with the server gone, `reader print <url>` prints the cached article and warns with its age and the error", async () => {
    await server.close();
    const run = await reader("print", server.url(PATH), "--width", "60");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(truth.paragraphs[2]?.slice(0, 20));
    expect(run.stderr).toMatch(
      /reader: warning: cached copy from \d+ min ago — Could not connect to 127\.0\.0\.1: connection refused/,
    );
  });
});
