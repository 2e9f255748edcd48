// What the feed's parse warned of is shown where the list is shown (issue 19): a feed cut at the item limit says
// so above its articles, not only in `reader list`. The built program runs in a pty (`node scripts/build.mjs`).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ReplaySource, sampleSiteDir } from "../../src/sources/replay.js";
import { peopleChannels } from "../../src/sources/defaults.js";
import { FEED_ITEMS_MAX } from "../../src/sources/html.js";
import { openStore } from "../../src/store/store.js";
import { keys, startReader, type ReaderSession } from "../e2e/harness.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { tempDir } from "./local-web.js";

const ITEMS = FEED_ITEMS_MAX + 20;
const FEED = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>很長的頻道</title>${Array.from(
  { length: ITEMS },
  (_, i) => `<item><title>第${i + 1}條</title><link>/a/${i + 1}.html</link></item>`,
).join("")}</channel></rss>`;

describe("a list's warnings in the interface", () => {
  let server: TestServer;
  let session: ReaderSession;
  const configDir = tempDir("warnings-config");

  beforeAll(async () => {
    server = await startTestServer({
      "/long.xml": reply.body(FEED, { "content-type": "application/rss+xml; charset=utf-8" }),
    });
    const builtins = [...new ReplaySource(sampleSiteDir()).channels(), ...peopleChannels];
    const store = openStore({ builtins, dir: configDir });
    for (const channel of store.channels()) store.removeChannel(channel.id);
    store.addChannel(server.url("/long.xml"), "long");
    session = startReader({ cols: 120, rows: 24, args: [], configDir });
  });

  afterAll(async () => {
    session?.dispose();
    await server?.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  it("a feed cut at the item limit says so above its articles", async () => {
    await session.waitFor(new RegExp(`long\\s.*${FEED_ITEMS_MAX} 篇`));
    session.press(keys.enter);
    await session.waitFor("第1條");
    await session.waitFor(`the feed has ${ITEMS} items: only the first ${FEED_ITEMS_MAX} are listed`);
  });
});
