// A list released from memory (off screen, not among the last MAX_HELD_LISTS shown) is read back from its saved
// copy when it is opened again. That read is not a refresh: the status line must not flash 更新中 (updating) for
// it, as it did when the read counted as a list loading (and its end then ran the saved searches again).
import { describe, expect, it } from "vitest";
import { ReplaySource, sampleSiteDir } from "../../src/sources/replay.js";
import { openStore } from "../../src/store/store.js";
import { MAX_HELD_LISTS } from "../../src/tui/data.js";
import { cleanupAfterEach, keys, startReader } from "./harness.js";
import { reply, startTestServer, type RouteHandler } from "../helpers/test-server.js";

function rss(n: number): string {
  const items = [1, 2, 3]
    .map((k) => `<item><title>頻道${n} 第${k}篇</title><link>/a/${n}-${k}.html</link></item>`)
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>頻道${n}</title>${items}</channel></rss>`;
}

const track = cleanupAfterEach();

describe("a released list opened again", () => {
  it("is read back without 更新中 on the status line", async () => {
    // The bundled sample channels (read back from the sample site's files) and local feeds (from their saved
    // copies): more lists than are held.
    const samples = [...new ReplaySource(sampleSiteDir()).channels()];
    const local = Math.max(0, MAX_HELD_LISTS + 2 - samples.length);
    const routes: Record<string, RouteHandler> = {};
    for (let n = 0; n < local; n++)
      routes[`/f/${n}.xml`] = reply.conditional({
        body: rss(n),
        etag: `"v${n}"`,
        headers: { "content-type": "application/rss+xml" },
      });
    const server = track(await startTestServer(routes));
    const configDir = track.dir("released-config");
    const store = openStore({ builtins: samples, dir: configDir });
    for (const channel of store.channels()) store.removeChannel(channel.id);
    const titles = [...samples.map((c) => c.title), ...Array.from({ length: local }, (_, n) => `頻道${n}`)];
    for (const sample of samples) store.addChannel(sample.url, sample.title);
    for (let n = 0; n < local; n++) store.addChannel(server.url(`/f/${n}.xml`), `頻道${n}`);
    store.flush();
    const s = track(startReader({ args: [], configDir, cacheDir: track.dir("released-cache") }));
    await s.waitFor((text) => text.includes(titles.at(-1)!) && !text.includes("更新中"));

    // Open every list in turn: the first is then released (not on screen, not among the last shown).
    for (const [i, title] of titles.entries()) {
      s.press(keys.enter);
      await s.waitFor(`reader › ${title}`);
      s.press(keys.escape);
      await s.waitFor("頻道 Channels");
      if (i < titles.length - 1) await s.step("j");
    }
    const requests = server.requests.length;
    await s.step("g");
    const mark = s.raw().length;
    s.press(keys.enter);
    await s.waitFor(`reader › ${titles[0]}`);
    await s.waitFor((text) => !text.includes("載入中"));
    expect(s.raw().slice(mark)).not.toContain("更新中");
    expect(server.requests.length).toBe(requests);
  });
});
