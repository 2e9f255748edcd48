// A message longer than the status line (a channel added offline, and when it is fetched, at 40 columns) is shown
// whole, on the rows just above the status line, until the next key; cut to one line it lost the part that says
// why ("Offline, and there is no c…", when offline `a` refused a channel).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { addChannel, cleanupAfterEach, startReader } from "./harness.js";

const track = cleanupAfterEach();

describe("a long message on a narrow terminal", () => {
  it("is shown whole above the status line, and the rows it covered come back at the next key", async () => {
    const s = track(startReader({ args: ["--offline"], cols: 40, rows: 16 }));
    await s.waitFor("★ 書籤 Bookmarks");
    // (offline: nothing is fetched; the channel is added, to be fetched with a network)
    await addChannel(s, "http://127.0.0.1:9/feed.xml");
    await s.waitFor(/離線 offline/);
    const screen = s.screen();
    expect(screen).toHaveLength(16);
    for (const row of screen) expect(stringWidth(row)).toBeLessThanOrEqual(40);
    // The message's rows, read as one text: all of it, nothing cut off with "…".
    const message = screen
      .slice(screen.findIndex((row) => row.startsWith("離線 offline")))
      .join(" ")
      .replace(/\s+/g, " ");
    expect(message).toMatch(
      /離線 offline: 已添加 added 127\.0\.0\.1; its feed is looked for at the next refresh with a network/,
    );
    expect(message).not.toContain("…");
    // Still the status line's own part on the last row, and the header on the first.
    expect(screen.at(-1)).toMatch(/1\/\d+ {2}\? 說明$/);
    expect(screen[0]).toMatch(/^reader/);

    s.press("j");
    await s.waitFor((text) => !text.includes("離線 offline"));
    expect(s.screen().some((row) => row.includes("★ 書籤 Bookmarks"))).toBe(true);
    expect(s.screen().at(-1)).toMatch(/^頻道 Channels/);
    s.press("q");
    expect((await s.exited).exitCode).toBe(0);
  });

  it("a config.json that does not parse: the message says where it was moved, all of it", async () => {
    const configDir = mkdtempSync(path.join(os.tmpdir(), "reader-broken-config-"));
    writeFileSync(path.join(configDir, "config.json"), '{"theme": "da');
    const s = track(startReader({ args: ["--offline"], configDir }));
    await s.waitFor(/could not be\s+read/);
    const moved = readdirSync(configDir).find((name) => name.startsWith("config.json.corrupt-"));
    expect(moved).toBeDefined();
    // The whole path it was moved to, on the rows the message takes (a long path may be cut after a `/`).
    expect(s.text().replace(/\s+/g, "")).toContain(path.join(configDir, moved!).replace(/\s+/g, ""));
    s.dispose();
    rmSync(configDir, { recursive: true, force: true });
  });
});
