// A list is kept in the archive (for search) in parts, each waiting for a pause in the keys. Quitting while parts
// still wait must not drop them: an unchanged list is not kept again, so its items would be missing from search.
import { afterEach, describe, expect, it } from "vitest";
import { loadNormaliser, openArchive } from "../../src/store/archive.js";
import { addChannel, startReader, type ReaderSession } from "./harness.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";

const ITEMS = 1000;
const FEED = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>停電公告</title>
${Array.from(
  { length: ITEMS },
  (_, i) =>
    `<item><title>停電通知第${i}號</title><link>http://127.0.0.1/n/${i}.html</link><guid>n-${i}</guid></item>`,
).join("\n")}
</channel></rss>`;

let session: ReaderSession | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  session?.dispose();
  session = undefined;
  await server?.close();
  server = undefined;
});

describe("quitting while a long list is being kept", () => {
  it("keeps every item of it: all are found by search afterwards", async () => {
    server = await startTestServer({
      "/feed.xml": reply.body(FEED, { "content-type": "application/rss+xml; charset=utf-8" }),
    });
    const s = (session = startReader({ args: [], env: { READER_TIMEOUT_MS: "3000" } }));
    await s.waitFor("山東頻道");
    await addChannel(s, server.url("/feed.xml"));
    await s.waitFor(`${ITEMS} 篇`);
    // Keys at once, then quit: the parts still waiting for a pause are left when `q` arrives.
    s.press("jkjkjkjk");
    s.press("q");
    expect((await s.exited).exitCode).toBe(0);

    const { archive } = await openArchive({
      dir: s.cacheDir,
      normalise: await loadNormaliser(),
    });
    try {
      expect(archive).toBeDefined();
      expect(archive!.search("停電通知", ITEMS * 2)).toHaveLength(ITEMS);
    } finally {
      archive?.close();
    }
  });
});
