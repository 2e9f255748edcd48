// The help overlay fits any terminal of at least 40×12: it scrolls, and every key is in it, whole.
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, keys, startReader, type ReaderSession } from "./harness.js";
import { helpRows } from "../../src/tui/keymap.js";

const track = cleanupAfterEach();

const POSITION = /(\d+)–(\d+)\/(\d+) j\/k/;

/** Opens help and scrolls it to the end with `key`, one press at a time; returns every entry line, in order. */
async function readHelp(s: ReaderSession, key: string): Promise<string[]> {
  await s.waitFor((t) => t.includes("山東頻道") && !t.includes("更新中"));
  s.press("?");
  await s.waitFor("鍵盤操作 Keys");
  const lines: string[] = [];
  for (;;) {
    const screen = s.screen();
    const status = screen[s.term.rows - 1] ?? "";
    const [, from, to, count] = (POSITION.exec(status) ?? []).map(Number);
    if (from === undefined || to === undefined || count === undefined)
      throw new Error(`no position: ${status}`);
    // Entry lines are rows 3.. of the screen (header, title, blank line above them).
    screen.slice(3, 3 + to - from + 1).forEach((line, i) => (lines[from - 1 + i] = line));
    if (to === count) return lines;
    await s.step(key);
  }
}

/** Each entry's help text, its wrapped lines joined (an entry starts at a line not beginning with a space). */
function entries(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (!line.startsWith(" ") || out.length === 0) out.push(line);
    else out[out.length - 1] += line;
  }
  return out.map((entry) => entry.replace(/\s+/g, ""));
}

describe("help", () => {
  it("at 80×24 scrolls with Space and lists every key; k and PgUp scroll back", async () => {
    const s = track(startReader({ cols: 80, rows: 24 }));
    const lines = await readHelp(s, " ");
    const all = entries(lines);
    for (const row of helpRows())
      expect(all.some((e) => e.includes(row.help.replace(/\s+/g, "")))).toBe(true);
    const end = POSITION.exec(s.text())?.[1];
    s.press("k");
    await s.waitFor((t) => POSITION.exec(t)?.[1] === String(Number(end) - 1));
    s.press(keys.pageUp + keys.pageUp + keys.pageUp);
    await s.waitFor((t) => POSITION.exec(t)?.[1] === "1");
  });

  it("at 40×12 shows every entry whole: none is cut, so no two read the same", async () => {
    const s = track(startReader({ cols: 40, rows: 12 }));
    const all = entries(await readHelp(s, "j"));
    for (const row of helpRows()) {
      const keysAndHelp = (row.keys + row.help).replace(/\s+/g, "");
      expect(all, row.help).toContain(keysAndHelp);
    }
    expect(new Set(all).size).toBe(all.length);
  });
});
