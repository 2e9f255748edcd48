// Keys typed while something loads are kept: they count once it has arrived, in the order typed (the README
// promises that keys typed quickly all count). The list is held back by a local server until the keys are in.
import { describe, expect, it } from "vitest";
import { ReplaySource, sampleSiteDir } from "../../src/sources/replay.js";
import { peopleChannels } from "../../src/sources/defaults.js";
import { openStore } from "../../src/store/store.js";
import { cleanupAfterEach, keys, startReader } from "../e2e/harness.js";
import { reply, startTestServer } from "../helpers/test-server.js";

const TITLES = ["第一條", "第二條", "第三條", "第四條", "第五條"];
const FEED = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>慢頻道</title>
${TITLES.map((t, i) => `<item><title>${t}新聞</title><link>/a/${i}.html</link></item>`).join("\n")}
</channel></rss>`;
const SEED = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";

const track = cleanupAfterEach();

describe("keys typed while loading", () => {
  it("Enter then G on a list still loading ends on its last article", async () => {
    const gate = reply.gate(FEED);
    const server = track(await startTestServer({ "/feed.xml": gate }));
    const configDir = track.dir("keys-config");
    const builtins = [...new ReplaySource(sampleSiteDir()).channels(), ...peopleChannels];
    const store = openStore({ builtins, dir: configDir });
    for (const channel of store.channels()) store.removeChannel(channel.id);
    store.addChannel(server.url("/feed.xml"), "慢頻道");
    store.flush();
    const s = track(startReader({ args: [], configDir }));
    await s.waitFor("慢頻道");
    await server.waitForRequests(1);
    s.press(keys.enter);
    s.press("G");
    await s.waitFor("載入中");
    expect(gate.held).toBe(1);
    gate.release();
    await s.waitFor(`${TITLES.length}/${TITLES.length}`);
    expect(s.screen().find((row) => row.includes("第五條"))).toBeDefined();
  });

  it("from 原文, t and then t t typed at once end at 原文", async () => {
    const s = track(startReader({ args: ["--offline", SEED] }));
    await s.waitFor("任何一項工作要達到預期效果");
    await s.waitFor((t) => !t.includes("更新中"));
    s.press("t");
    await s.waitFor("顯示 script: 简体");
    s.press("tt");
    await s.waitFor(/顯示 script: (原文|繁體)/);
    expect(s.text()).toContain("顯示 script: 原文");
  });
});
