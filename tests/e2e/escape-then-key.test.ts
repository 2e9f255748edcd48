// Esc and the key after it, arriving in one read (typed quickly, over a slow link, or through tmux, which sends
// Esc and a key pressed within its escape-time as Alt+key): both act, as when typed slowly.
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, keys, startReader } from "./harness.js";

const track = cleanupAfterEach();

describe("Esc followed at once by a key", () => {
  it("goes back, then the key acts on the screen it came back to", async () => {
    const s = track(startReader({ cols: 80, rows: 24 }));
    await s.waitFor((t) => /山東頻道\s+\d+ 篇/.test(t) && !t.includes("更新中"));
    s.press(keys.enter);
    await s.waitFor("reader › 山東頻道");
    await s.waitFor(/\b1\/7\b/);

    s.press(`${keys.escape}j`);
    await s.waitFor((t) => t.includes("頻道 Channels") && /\b2\/\d+\b/.test(t));
    expect(s.screen()[2]).toMatch(/^› 要闻/);
  });
});
