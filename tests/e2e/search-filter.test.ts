// Search, filters and prompts as a person uses them: the match count is consistent and `n` goes forward from
// what is on screen, wrapping with a word; clearing a filter returns to the row selected before it (or keeps
// the one picked in it); Ctrl-U clears a prompt; `t` converts the source column of a list too.
import { afterEach, describe, expect, it } from "vitest";
import { keys, startReader, type ReaderSession } from "./harness.js";

const SEED = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";
let session: ReaderSession | undefined;
afterEach(() => {
  session?.dispose();
  session = undefined;
});

const status = (s: ReaderSession) => s.screen()[s.term.rows - 2] ?? "";
/** The `current/total` of the search on the status line. */
function count(s: ReaderSession): [number, number] {
  const match = /(\d+)\/(\d+) +(\d+%|全文)/.exec(status(s));
  return [Number(match?.[1]), Number(match?.[2])];
}
/** The title of the selected row (its counts may still be loading). */
const selected = (s: ReaderSession) =>
  (s.screen().find((row) => row.startsWith("›")) ?? "").slice(2).split(/\s{2,}/)[0];

async function ready(s: ReaderSession, text: string) {
  await s.waitFor(text);
  await s.waitFor((t) => !t.includes("更新中"));
}

describe("search in an article", () => {
  it("after G, /主題 counts within its total, and n goes forward from the view and says when it wraps", async () => {
    const s = (session = startReader({ args: ["--offline", SEED] }));
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
    const s = (session = startReader({ args: ["--offline", SEED] }));
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
    const s = (session = startReader({ args: ["--offline", SEED] }));
    await ready(s, "任何一項工作要達到預期效果");
    s.press("/主題教育");
    await s.waitFor("/主題教育▏");
    s.press("\u0015");
    await s.waitFor((t) => t.includes("/▏") && !t.includes("/主題教育▏"));
  });
});

describe("list filters", () => {
  it("Esc returns to the row selected before the filter, or keeps the row picked in it", async () => {
    const s = (session = startReader());
    await ready(s, "山東頻道");
    s.press("jj");
    // Wait for the selection itself: a channel's counts arriving also changes the screen.
    await s.waitFor(() => selected(s)?.includes("日本語") === true);
    const before = selected(s);
    s.press("/人民");
    await s.waitFor("/人民▏");
    s.press(keys.escape);
    await s.waitFor((t) => !t.includes("▏") && selected(s) === before);

    s.press("/人民");
    await s.waitFor("/人民▏");
    s.press(keys.enter);
    await s.waitFor((t) => !t.includes("▏"));
    const firstMatch = selected(s);
    s.press("j");
    await s.waitFor(() => selected(s) !== firstMatch);
    const picked = selected(s);
    expect(picked).toContain("人民網");
    s.press(keys.escape);
    await s.waitFor((t) => t.includes("要闻") && selected(s) === picked);
  });

  it("t converts the source column too", async () => {
    const s = (session = startReader());
    await ready(s, "山東頻道");
    s.press(keys.enter);
    await s.waitFor("大眾日報");
    s.press("t");
    await s.waitFor("大众日报");
  });
});
