// Search, filters and prompts as a person uses them: the match count is consistent and `n` goes forward from
// what is on screen, wrapping with a word; clearing a filter returns to the row selected before it (or keeps
// the one picked in it); Ctrl-U clears a prompt; `t` converts the source column of a list too.
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, keys, startReader, type ReaderSession } from "./harness.js";

const SEED = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";
const track = cleanupAfterEach();

const status = (s: ReaderSession) => s.screen()[s.term.rows - 1] ?? "";
/** The `current/total` of the search on the status line. */
function count(s: ReaderSession): [number, number] {
  const match = /(\d+)\/(\d+) +(\d+%|全文)/.exec(status(s));
  return [Number(match?.[1]), Number(match?.[2])];
}
/** The title of the selected row (its counts may still be loading). */
const selected = (s: ReaderSession) =>
  (s.screen().find((row) => row.startsWith("›")) ?? "").slice(2).split(/\s{2,}/)[0];
/** The title of an article list's selected row: the one drawn in inverse video. */
function selectedArticle(s: ReaderSession): string | undefined {
  const rows = s.screen();
  for (let y = 1; y < s.term.rows - 1; y++)
    if (s.term.buffer.active.getLine(y)?.getCell(2)?.isInverse()) return rows[y]?.slice(2).split(/\s{2,}/)[0];
  return undefined;
}

async function ready(s: ReaderSession, text: string) {
  await s.waitFor(text);
  await s.waitFor((t) => !t.includes("更新中"));
}

describe("search in an article", () => {
  it("after G, /主題 counts within its total, and n goes forward from the view and says when it wraps", async () => {
    const s = track(startReader({ args: ["--offline", SEED] }));
    await ready(s, "任何一項工作要達到預期效果");
    await s.step("G");
    s.press("/主題");
    await s.waitFor("/主題▏");
    s.press(keys.enter);
    await s.waitFor("處 matches");
    const [first, total] = count(s);
    expect(first).toBeLessThanOrEqual(total);
    expect(total).toBeGreaterThan(2);
    let current = first;
    let wraps = 0;
    for (let i = 0; i < total; i++) {
      s.press("n");
      const expected = current === total ? 1 : current + 1;
      await s.waitFor(() => count(s)[0] === expected);
      if (expected === 1) {
        wraps++;
        expect(status(s)).toContain("search wrapped to the top");
      } else expect(status(s)).not.toContain("wrapped");
      current = expected;
    }
    expect(wraps).toBe(1);
  });

  it("in the 繁體 display finds the words as written (巡回督導組 on a page shown as written)", async () => {
    const s = track(startReader({ args: ["--offline", SEED] }));
    await ready(s, "任何一項工作要達到預期效果");
    s.press("t");
    await s.waitFor("简体");
    s.press("t");
    await s.waitFor((t) => t.includes("繁體") && t.includes("任何一項工作"));
    s.press("/巡回督導組");
    await s.waitFor("/巡回督導組▏");
    s.press(keys.enter);
    await s.waitFor(/處 matches|not found/);
    expect(status(s)).toMatch(/1 處 matches/);
  });

  it("Ctrl-U clears the prompt", async () => {
    const s = track(startReader({ args: ["--offline", SEED] }));
    await ready(s, "任何一項工作要達到預期效果");
    s.press("/主題教育");
    await s.waitFor("/主題教育▏");
    s.press("\u0015");
    await s.waitFor((t) => t.includes("/▏") && !t.includes("/主題教育▏"));
  });
});

describe("list filters", () => {
  it("in an article list, Esc returns to the row selected before the filter, or keeps the row picked in it", async () => {
    const s = track(startReader());
    await ready(s, "山東頻道");
    s.press("jj");
    // Wait for the selection itself: a channel's counts arriving also changes the screen.
    await s.waitFor(() => selected(s)?.includes("日本語") === true);
    s.press(keys.enter);
    await s.waitFor(() => selectedArticle(s)?.includes("福岡") === true);
    s.press("jjj");
    await s.waitFor(() => selectedArticle(s)?.includes("富山") === true);
    // `/` in an article list filters its titles (on the channel list it searches everything kept).
    s.press("/観光");
    await s.waitFor((t) => t.includes("/観光▏") && !t.includes("富山"));
    s.press(keys.escape);
    await s.waitFor((t) => !t.includes("▏") && selectedArticle(s)?.includes("富山") === true);

    s.press("/観光");
    await s.waitFor((t) => t.includes("/観光▏") && !t.includes("富山"));
    s.press(keys.enter);
    await s.waitFor((t) => !t.includes("▏") && selectedArticle(s)?.includes("福岡") === true);
    s.press("j");
    await s.waitFor(() => selectedArticle(s)?.includes("長野") === true);
    s.press(keys.escape);
    await s.waitFor((t) => t.includes("富山") && selectedArticle(s)?.includes("長野") === true);
  });

  it("t converts the source column too", async () => {
    const s = track(startReader());
    await ready(s, "山東頻道");
    s.press(keys.enter);
    await s.waitFor("大眾日報");
    s.press("t");
    await s.waitFor("大众日报");
  });
});
