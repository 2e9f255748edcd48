// Keys as terminals send them. Esc and the key after it, arriving in one read (typed quickly, over a slow link, or
// through tmux, which sends Esc and a key pressed within its escape-time as Alt+key): both act, as when typed
// slowly. A sequence that is no key of the reader's (Ctrl-F1, escape codes pasted into a prompt) changes nothing.
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

describe("Esc twice at once", () => {
  it("goes back twice", async () => {
    const s = track(startReader({ cols: 80, rows: 24 }));
    await s.waitFor((t) => /山東頻道\s+\d+ 篇/.test(t) && !t.includes("更新中"));
    s.press(keys.enter);
    await s.waitFor(/\b1\/7\b/);
    s.press(keys.enter);
    await s.waitFor((t) => t.includes("reader › 山東頻道 › ") && /\d+%/.test(t));

    s.press(`${keys.escape}${keys.escape}`);
    await s.waitFor("頻道 Channels");
    expect(s.screen()[1]).toMatch(/^› 山東頻道/);
  });
});

describe("a terminal sequence that is no key of the reader's", () => {
  it("is ignored, on a screen and in a prompt, and the reader goes on", async () => {
    const s = track(startReader({ cols: 80, rows: 24 }));
    await s.waitFor((t) => /山東頻道\s+\d+ 篇/.test(t) && !t.includes("更新中"));
    // Ctrl-F1 and Ctrl-F3 as xterm sends them, then a key that moves.
    s.press("\u001b[1;5P\u001b[1;5R");
    s.press("j");
    await s.waitFor(/\b2\/\d+\b/);

    s.press("a");
    await s.waitFor("添加頻道 URL:");
    s.press("http://x\u001b[31mRED");
    await s.waitFor("添加頻道 URL: http://xRED");
    s.press(keys.escape);
    await s.waitFor("頻道 Channels");
    expect(s.screen()[2]).toMatch(/^› 要闻/);
  });
});
