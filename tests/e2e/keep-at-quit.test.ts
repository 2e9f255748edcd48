// A list is kept in the archive (for search) in parts, each waiting for a pause in the keys. However the reader
// ends while parts still wait — `q`, SIGTERM, or a kill nothing can catch — no item of it stays out of search:
// quitting and signals finish the parts first (within a bound, the terminal already restored), and the next start
// keeps again a list the archive does not record as held.
import { readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { HttpCache } from "../../src/sources/cache.js";
import { DATABASE_NAME, loadNormaliser, openArchive } from "../../src/store/archive.js";
import { addChannel, cleanupAfterEach, startReader, type ReaderSession } from "./harness.js";
import { reply, startTestServer } from "../helpers/test-server.js";

const track = cleanupAfterEach();

function feed(items: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>停電公告</title>
${Array.from(
  { length: items },
  (_, i) =>
    `<item><title>停電通知第${i}號</title><link>http://127.0.0.1/n/${i}.html</link><guid>n-${i}</guid>` +
    `<description>檢修線路${i}區</description></item>`,
).join("\n")}
</channel></rss>`;
}

/** A feed that answers 304 to a request that has it: the next start reads it back unchanged. */
async function feedServer(items: number) {
  return track(
    await startTestServer({
      "/feed.xml": reply.conditional({
        body: feed(items),
        etag: '"k1"',
        headers: { "content-type": "application/rss+xml; charset=utf-8" },
      }),
    }),
  );
}

/** A part of a list kept, not its last (see KeptArchive.keepList). */
const isPart = (line: string) => /^archive kept \d+ items$/.test(line);

/** How many of the feed's items the archive has committed (read as another process would). */
function keptCount(cacheDir: string): number {
  const db = new Database(path.join(cacheDir, DATABASE_NAME), { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT count(*) FROM items WHERE title LIKE '停電通知%'").pluck().get() as number;
  } finally {
    db.close();
  }
}

/** What search finds of the feed's items, by title and by summary. */
async function found(cacheDir: string, items: number): Promise<{ titles: number; summaries: number }> {
  const { archive } = await openArchive({ dir: cacheDir, normalise: await loadNormaliser() });
  try {
    expect(archive).toBeDefined();
    return {
      titles: archive!.search("停電通知", items * 2).length,
      summaries: archive!.search("檢修線路", items * 2).length,
    };
  } finally {
    archive?.close();
  }
}

/**
 * Adds the feed as a channel, with the trace's length from before: the list's first parts may be kept before it is
 * even drawn, on a loaded machine, so a test waits for them from there.
 */
async function addFeed(s: ReaderSession, url: string): Promise<number> {
  await s.waitFor("山東頻道");
  const from = s.traceLines().length;
  await addChannel(s, url);
  return from;
}

describe("ending the reader while a long list is being kept", () => {
  it("q: every item of it is kept first, and found by search afterwards", async () => {
    const items = 1000;
    const server = await feedServer(items);
    const s = track(startReader({ args: [], env: { READER_TIMEOUT_MS: "3000" } }));
    await s.waitFor("山東頻道");
    await addChannel(s, server.url("/feed.xml"));
    await s.waitFor(`${items} 篇`);
    // Keys at once, then quit: the parts still waiting for a pause are left when `q` arrives.
    s.press("jkjkjkjk");
    s.press("q");
    expect((await s.exited).exitCode).toBe(0);
    expect(await found(s.cacheDir, items)).toEqual({ titles: items, summaries: items });
  });

  it("SIGTERM: the terminal is restored, the list finished, and only then the process ends", async () => {
    const items = 1000;
    const server = await feedServer(items);
    const s = track(startReader({ args: [], env: { READER_TIMEOUT_MS: "3000" }, trace: true }));
    const from = await addFeed(s, server.url("/feed.xml"));
    await s.waitForTrace(isPart, { from });
    // Stopped at its first part, the signal waits for it: the list is cut short when the signal comes.
    s.kill("SIGSTOP");
    expect(keptCount(s.cacheDir)).toBeLessThan(items);
    s.kill("SIGTERM");
    s.kill("SIGCONT");
    expect((await s.exited).exitCode).toBe(143);
    const raw = s.raw();
    expect(raw.lastIndexOf("\u001b[?1049l")).toBeGreaterThan(raw.lastIndexOf("\u001b[?1049h"));
    expect(await found(s.cacheDir, items)).toEqual({ titles: items, summaries: items });
  });

  it("killed (kill -9): the next start keeps the list again, and search finds every item of it", async () => {
    // 100 parts: the list's saved copy (written after the list is given, in no set order with the parts) comes while
    // parts are still waiting, however loaded the machine (with 20, all were once kept before it).
    const items = 5000;
    const server = await feedServer(items);
    const dirs = { configDir: track.dir("config"), cacheDir: track.dir("cache") };
    const env = { READER_TIMEOUT_MS: "3000" };
    const first = track(startReader({ args: [], env, trace: true, ...dirs }));
    const feedUrl = server.url("/feed.xml");
    let from = await addFeed(first, feedUrl);
    // Killed between two parts of the list, once the list is saved beside the cached feed (what the next start
    // reads back): stopped at each part until it is.
    for (;;) {
      from = (await first.waitForTrace(isPart, { from })) + 1;
      first.kill("SIGSTOP");
      const saved = await new HttpCache({ dir: path.join(dirs.cacheDir, "http") }).getParsed(feedUrl);
      if (saved) break;
      first.kill("SIGCONT");
    }
    first.kill("SIGKILL");
    await first.exited;
    const cut = keptCount(dirs.cacheDir);
    expect(cut).toBeLessThan(items);

    // The next start reads the list back unchanged (saved beside the cached feed, or a 304).
    const next = track(startReader({ args: [], env, trace: true, ...dirs }));
    await next.waitFor(`${items} 篇`);
    const channels = JSON.parse(readFileSync(path.join(dirs.configDir, "channels.json"), "utf8")) as {
      channels: Array<{ id: string; url: string }>;
    };
    const id = channels.channels.find((c) => c.url === server.url("/feed.xml"))?.id;
    expect(id).toBeDefined();
    await next.waitForTrace((line) => line.endsWith(`the end of ${id}'s list`));
    next.press("q");
    expect((await next.exited).exitCode).toBe(0);
    // Its summaries too: the list is parsed again from the cached feed, not kept from the saved titles alone.
    expect(await found(dirs.cacheDir, items)).toEqual({ titles: items, summaries: items });
    // Not fetched again for it: the feed was asked at most whether it changed.
    expect(server.requests.filter((r) => !r.headers["if-none-match"])).toHaveLength(1);
  });
});
