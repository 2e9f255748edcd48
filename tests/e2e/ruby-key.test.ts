// Ruby (furigana) with f, as a reader of the sample site's Japanese learners' passage uses it: hidden at first,
// then inline after each base, then above the line; the choice is kept for the next start; help names the key.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, startReader } from "./harness.js";

const STRUCTURED = "http://sample.reader.invalid/ja/n3/2025/0828/c94475-10384990.html";
const track = cleanupAfterEach();

describe("ruby with f", () => {
  it("cycles hidden → inline → above the line → hidden, and keeps the choice", async () => {
    const configDir = mkdtempSync(path.join(os.tmpdir(), "reader-config-"));
    // Tall enough that the learners' passage, reading rows and text rows, is on the first screen.
    const s = track(startReader({ cols: 60, rows: 50, configDir, args: ["--offline", STRUCTURED] }));
    await s.waitFor("台風で、九州にたくさん雨が降っています");
    await s.waitFor((t) => !t.includes("更新中"));
    expect(s.text()).not.toContain("たいふう");
    // The table and the figure are on the screen as they are in print.
    expect(s.text()).toContain("［図］冠水した宮崎市内の道路");
    expect(s.text()).toMatch(/│ 宮崎県えびの市\s+│\s+812 │/);

    s.press("f");
    await s.waitFor("台風（たいふう）で、九州（きゅうしゅう）");
    s.press("f");
    await s.waitFor((t) => /たいふう\s+きゅうしゅう/.test(t) && !t.includes("（たいふう）"));
    const rows = s.screen();
    const reading = rows.findIndex((r) => /たいふう\s+きゅうしゅう/.test(r));
    expect(rows[reading + 1]).toMatch(/台風\s+で、\s+九州/);
    s.dispose();
    expect(JSON.parse(readFileSync(path.join(configDir, "config.json"), "utf8")).ruby).toBe("above");

    const again = track(startReader({ cols: 60, rows: 50, configDir, args: ["--offline", STRUCTURED] }));
    await again.waitFor((t) => /たいふう\s+きゅうしゅう/.test(t));
    again.press("f");
    await again.waitFor(
      (t) => t.includes("台風で、九州にたくさん雨が降っています") && !t.includes("たいふう"),
    );
  });

  it("is in the help", async () => {
    const s = track(startReader({ cols: 100, rows: 50, args: ["--offline", STRUCTURED] }));
    await s.waitFor("台風10号");
    s.press("?");
    await s.waitFor(/f\s+ruby \(furigana\)/);
  });
});
