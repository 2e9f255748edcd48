// `reader list` keeps what it fetched in the archive, as the interface does: the items of a channel only ever
// listed from the command line (never opened in the interface) are found by `reader search`, by title and by
// summary, and a list read again adds nothing twice.
import { rmSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runReader } from "../helpers/run-reader.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { tempDir } from "./local-web.js";

const FEED = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>防災頻道</title>
<item><title>颱風山陀兒逼近南部</title><link>https://tw.example/typhoon/1</link><guid>t1</guid>
<description>氣象署發布海上陸上颱風警報，高雄屏東停班停課。</description><pubDate>Wed, 02 Oct 2024 08:00:00 +0800</pubDate></item>
<item><title>地震速報演練</title><link>https://tw.example/quake/2</link><guid>q2</guid>
<description>全台同步舉行國家防災日演練。</description><pubDate>Wed, 02 Oct 2024 07:00:00 +0800</pubDate></item>
</channel></rss>`;

let server: TestServer;
let dir: string;
let env: Record<string, string>;
beforeEach(async () => {
  dir = tempDir("list-keeps");
  env = { HOME: dir, READER_CONFIG_DIR: `${dir}/config`, READER_CACHE_DIR: `${dir}/cache` };
  server = await startTestServer({
    "/feed.xml": reply.body(FEED, { "content-type": "application/rss+xml" }),
  });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function search(query: string): Promise<Array<{ url: string; title: string; channel?: string }>> {
  const run = await runReader(["search", "--json", query], env);
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as Array<{ url: string; title: string; channel?: string }>;
}

it("a saved channel listed from the command line is found by search, by its titles and summaries", async () => {
  // The archive is there already (its first opening imports the HTTP cache, once).
  expect(await search("颱風")).toEqual([]);
  expect((await runReader(["add", server.url("/feed.xml"), "--name", "防災"], env)).code).toBe(0);
  const listed = await runReader(["list", "防災"], env);
  expect(listed.code).toBe(0);
  expect(listed.stdout).toContain("颱風山陀兒逼近南部");
  // A word of a summary only, in 简体: the 繁體 text is found.
  const hits = await search("停班停课");
  expect(hits.map((h) => h.url)).toEqual(["https://tw.example/typhoon/1"]);
  expect(hits[0]!.title).toBe("颱風山陀兒逼近南部");
  expect((await search("演練")).map((h) => h.url)).toEqual(["https://tw.example/quake/2"]);
  // Listed again with an item more: that one is found, and the others are not there twice.
  server.route(
    "/feed.xml",
    reply.body(
      FEED.replace(
        "<item>",
        `<item><title>颱風過後復原</title><link>https://tw.example/typhoon/3</link></item><item>`,
      ),
      {
        "content-type": "application/rss+xml",
      },
    ),
  );
  expect((await runReader(["list", "防災"], env)).code).toBe(0);
  expect((await search("颱風")).map((h) => h.url).sort()).toEqual([
    "https://tw.example/typhoon/1",
    "https://tw.example/typhoon/3",
  ]);
});

it("a feed listed by its URL is found by search too", async () => {
  expect(await search("颱風")).toEqual([]);
  expect((await runReader(["list", server.url("/feed.xml")], env)).code).toBe(0);
  expect((await search("颱風")).map((h) => h.url)).toEqual(["https://tw.example/typhoon/1"]);
});
