// The reader remembers: a bookmarked article is in the Bookmarks channel after a restart, offline, and opens at
// the place where the reader left it; read marks survive too.
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, keys, startReader } from "./harness.js";

const SEED = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";
const track = cleanupAfterEach();
const tempDir = (name: string) => track.dir(name);

describe("state kept across runs", () => {
  it("bookmarks an article, quits, restarts offline and reads it from Bookmarks at the same position", async () => {
    const configDir = tempDir("config");
    const cacheDir = tempDir("cache");
    const first = track(startReader({ args: ["--offline", SEED], configDir, cacheDir }));
    await first.waitFor("任何一項工作要達到預期效果");
    await first.waitFor((t) => !t.includes("更新中"));
    await first.step(keys.pageDown, "j", "j", "j");
    expect(first.text()).not.toContain("任何一項工作要達到預期效果");
    const reading = first.screen().slice(1, 10).join("\n");
    const percent = /\d+%/.exec(first.text())![0];
    first.press("s");
    await first.waitFor("已加入書籤");
    first.press("q");
    expect((await first.exited).exitCode).toBe(0);

    const second = track(startReader({ args: ["--offline"], configDir, cacheDir }));
    await second.waitFor(/書籤 Bookmarks\s+1 篇/);
    const row = second.screen().findIndex((r) => r.includes("書籤 Bookmarks"));
    second.press("j".repeat(row - 1) + keys.enter);
    await second.waitFor("山東:以堅強組織領導確保取得實效");
    // Opened before, so it is no longer marked unread.
    expect(second.screen().find((r) => r.includes("山東:以堅強組織領導確保取得實效"))).not.toContain("●");
    second.press(keys.enter);
    await second.waitFor(() => second.screen().slice(1, 10).join("\n") === reading);
    expect(second.text()).toContain(percent);
    second.press("q");
    expect((await second.exited).exitCode).toBe(0);
  });

  it("m marks an article unread again, and the channel's unread count follows", async () => {
    const configDir = tempDir("config");
    const s = track(startReader({ args: ["--offline"], configDir }));
    await s.waitFor(/山東頻道\s+7 篇 7 未讀/);
    s.press(keys.enter);
    await s.waitFor("山東:以堅強組織領導確保取得實效");
    s.press(keys.enter);
    await s.waitFor("文章");
    s.press(keys.escape);
    await s.waitFor("1/7");
    s.press(keys.escape);
    await s.waitFor(/山東頻道\s+7 篇 6 未讀/);
    s.press(keys.enter);
    await s.waitFor("1/7");
    s.press("m");
    await s.waitFor("未讀 marked unread");
    s.press(keys.escape);
    await s.waitFor(/山東頻道\s+7 篇 7 未讀/);
  });
});
