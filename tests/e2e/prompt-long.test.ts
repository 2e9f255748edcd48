// A prompt's text longer than the status line shows its end — where the cursor is and what was typed last —
// after a `…`, so that a long URL or search can be checked while it is typed.
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/text/width.js";
import { cleanupAfterEach, startReader } from "./harness.js";

const track = cleanupAfterEach();

describe("a long prompt", () => {
  it("shows the last characters typed, at 80 and at 40 columns", async () => {
    const s = track(startReader({ cols: 80, rows: 24 }));
    await s.waitFor((t) => /山東頻道\s+\d+ 篇/.test(t) && !t.includes("更新中"));
    s.press("a");
    await s.waitFor("添加頻道 URL:");
    s.press(`http://example.com/${"長".repeat(60)}/feed-END`);
    const status = () => s.screen()[s.term.rows - 1] ?? "";
    await s.waitFor(() => status().includes("feed-END▏"));
    expect(status()).toMatch(/^添加頻道 URL: …長+\/feed-END▏ +\d+\/\d+ {2}\? 說明$/);

    s.resize(40, 16);
    // The terminal keeps the old frame's rows until the new frame comes (its status line, cut, is then on the
    // last row too): the new one is the line that fits.
    await s.waitFor(() => status().includes("feed-END▏") && displayWidth(status()) <= 40);
    expect(status()).toMatch(/^添加頻道 URL: …長*\/feed-END▏/);
    expect(displayWidth(status())).toBeLessThanOrEqual(40);
  });
});
