// The whole journey as a person makes it, in a real pty: channels → 山東頻道 → the seed article → 推薦閱讀 1 → back → q.
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, keys, startReader, type ReaderSession } from "./harness.js";

const SEED_TITLE = "山東:以堅強組織領導確保取得實效";

const track = cleanupAfterEach();

/** Rows of the list body (the screen minus header and status line). */
function rowIndexOf(s: ReaderSession, text: string): number {
  return s.screen().findIndex((row) => row.includes(text));
}

async function openSeedArticle(s: ReaderSession): Promise<void> {
  await s.waitFor("山東頻道");
  // Sample channels load in the background; wait for the counts before opening.
  await s.waitFor((t) => /山東頻道\s+\d+ 篇/.test(t));
  const channelRow = rowIndexOf(s, "山東頻道");
  s.press("j".repeat(channelRow - 1) + keys.enter);
  await s.waitFor(SEED_TITLE);
  const row = rowIndexOf(s, SEED_TITLE);
  s.press("j".repeat(row - 1));
  await s.waitFor(() => (s.term.buffer.active.getLine(row)?.getCell(2)?.isInverse() ?? 0) !== 0);
  expect(s.screen()[s.term.rows - 1]).toContain(`${row}/`);
  s.press(keys.enter);
  await s.waitFor("任何一項工作要達到預期效果");
  // Channels load in the background; from here on the screen changes only because of keys.
  await s.waitFor((t) => !t.includes("更新中"));
}

describe("the offline journey at 80×24", () => {
  it("opens 山東頻道 and the seed article, opens 推薦閱讀 1, comes back to the same place, and quits cleanly", async () => {
    const s = track(startReader({ cols: 80, rows: 24 }));
    await s.waitFor("頻道");
    expect(s.text()).toContain("山東頻道");

    await openSeedArticle(s);
    const article = s.text();
    expect(article).toContain(SEED_TITLE);
    expect(article).toContain("人民網 » 山東頻道");
    expect(article).toMatch(/2023-09-18 08:40/);
    expect(article).toContain("大眾報業·大眾日報");
    expect(article).toMatch(/\d+%/);

    // Scroll a little so that "back" has a position to restore.
    await s.step("j", "j", "j");
    const before = s.text();

    s.press("1");
    await s.waitFor("9月10日上午");
    expect(s.text()).toContain("山東省委常委會召開會議");
    expect(s.text()).toMatch(/離線/);

    s.press(keys.escape);
    await s.waitFor((t) => t === before);
    expect(s.text()).toBe(before);

    s.press("q");
    const { exitCode } = await s.exited;
    expect(exitCode).toBe(0);
    expect(s.term.buffer.active.type).toBe("normal");
    const raw = s.raw();
    expect(raw.lastIndexOf("\u001b[?1049l")).toBeGreaterThan(raw.lastIndexOf("\u001b[?1049h"));
    expect(raw.lastIndexOf("\u001b[?25h")).toBeGreaterThan(raw.lastIndexOf("\u001b[?25l"));
  });

  it("reads the 推薦閱讀 list with Tab and opens the selected item with Enter", async () => {
    const s = track(startReader({ cols: 80, rows: 24 }));
    await openSeedArticle(s);
    // From the end of the article Tab starts at the 推薦閱讀 shown (from the top, at the breadcrumb).
    await s.step("G");
    s.press(keys.tab + keys.tab);
    await s.waitFor("[2] 林武率山東省代表團訪問烏茲別克斯坦");
    s.press(keys.enter);
    // The item's own page (its date under its heading), not the list's summary of it (on screen before Enter).
    await s.waitFor("2023-09-08 07:10");
    s.press(keys.backspace);
    await s.waitFor(
      (t) => t.includes("[2] 林武率山東省代表團訪問烏茲別克斯坦") && !t.includes("2023-09-08 07:10"),
    );
  });

  it("re-lays the article at once on a resize to 50×20 and back, keeping the reading position", async () => {
    const s = track(startReader({ cols: 80, rows: 24 }));
    await openSeedArticle(s);
    s.press(keys.pageDown);
    await s.waitFor((t) => !t.includes("任何一項工作要達到預期效果"));
    const topText = s.screen()[1]!.trim().slice(0, 4);
    s.resize(50, 20);
    await s.waitFor((t) => t.split("\n").every((row) => row.length <= 50) && /\d+%/.test(t));
    // The text at the top of the page before the resize is still on screen.
    await s.waitFor(topText);
    for (const row of s.screen()) expect(row.trimEnd().length).toBeLessThanOrEqual(50);
    s.resize(80, 24);
    await s.waitFor(topText);
    s.press("q");
    expect((await s.exited).exitCode).toBe(0);
  });

  it("shows the help overlay with ? and closes it with Esc", async () => {
    const s = track(startReader({ cols: 80, rows: 24 }));
    await s.waitFor("山東頻道");
    s.press("?");
    await s.waitFor("返回頂部");
    s.press(keys.escape);
    await s.waitFor((t) => t.includes("山東頻道") && !t.includes("返回頂部"));
  });

  it("says the terminal is too small below 40×12 instead of crashing, and recovers", async () => {
    const s = track(startReader({ cols: 30, rows: 10 }));
    await s.waitFor("too small");
    s.resize(80, 24);
    await s.waitFor("山東頻道");
  });
});
