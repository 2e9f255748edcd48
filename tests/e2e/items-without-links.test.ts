// A feed whose items have no link of their own (RSS allows an item with only a title and a description): it can
// be added, its items are listed, each opens as an article made of its own text, and the share panel says there is
// no link to share. Served from a local server.
import { describe, expect, it } from "vitest";
import { addChannel, cleanupAfterEach, keys, startReader } from "./harness.js";
import { reply, startTestServer } from "../helpers/test-server.js";

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>社區公告</title>
<item><title>停水通知</title><description>&lt;p&gt;明日上午九時至下午三時，第三區停水。&lt;/p&gt;</description>
<pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate></item>
<item><title>垃圾分類新規</title><description>下月起實施。</description></item>
</channel></rss>`;

const track = cleanupAfterEach();

describe("a feed whose items have no links", () => {
  it("is added, lists its items, opens one as its own text, and the share panel says it has no link", async () => {
    const server = track(
      await startTestServer({
        "/notices.xml": reply.body(FEED, { "content-type": "application/rss+xml; charset=utf-8" }),
      }),
    );
    const s = track(startReader({ args: [], env: { READER_TIMEOUT_MS: "3000" } }));
    await s.waitFor("山東頻道");
    await addChannel(s, server.url("/notices.xml"));
    await s.waitFor(/社區公告\s+2 篇 2 未讀/);

    const row = s.screen().findIndex((r) => r.includes("社區公告"));
    s.press(keys.home + "j".repeat(row - 1));
    await s.waitFor(`${row}/`);
    s.press(keys.enter);
    await s.waitFor("垃圾分類新規");
    s.press(keys.enter);
    await s.waitFor("明日上午九時至下午三時，第三區停水。");

    s.press("S");
    await s.waitFor("No link");
    s.press("c");
    await s.waitFor("this item has no link");
    expect(s.raw()).not.toContain("\u001b]52;");
    s.press(keys.escape);
    await s.waitFor((t) => !t.includes("No link"));
    s.press("q");
  });
});
