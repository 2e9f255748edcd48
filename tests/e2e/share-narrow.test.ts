// The share panel on a narrow terminal shows the whole link, over as many rows as it takes: a link cut with `…`
// cannot be copied off the screen.
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, startReader } from "./harness.js";

const SEED = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";

const track = cleanupAfterEach();

describe("the share panel at 40 columns", () => {
  it("wraps the link instead of cutting it", async () => {
    const s = track(startReader({ cols: 40, rows: 16, args: ["--offline", SEED] }));
    await s.waitFor((t) => t.includes("任何一項工作") && !t.includes("更新中"));
    s.press("S");
    await s.waitFor("分享 Share:");
    const rows = s.screen();
    const first = rows.findIndex((row) => row.startsWith("http://"));
    expect(rows[first]).toHaveLength(40);
    expect(`${rows[first]}${rows[first + 1]}`).toBe(SEED);
    expect(rows[first + 2]).toMatch(/^c 複製連結 copy/);
    expect(s.screen()).toHaveLength(16);
  });
});
