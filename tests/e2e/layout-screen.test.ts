// What the terminal shows is exactly the layout: the article screen, read back through a real terminal emulator,
// equals `reader print --width N` line for line — no wide character split at the edge, no terminal auto-wrap.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import stringWidth from "string-width";
import { cleanupAfterEach, keys, readerBin, root, startReader } from "./harness.js";

const SEED = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";
const LONG = "http://sample.reader.invalid/GB/n1/2025/0820/c1012-40512364.html";
// A table, a figure, a list and a furigana passage.
const STRUCTURED = "http://sample.reader.invalid/ja/n3/2025/0828/c94475-10384990.html";

const track = cleanupAfterEach();

function printed(url: string, width: number, extra: string[] = []): string[] {
  const result = spawnSync(
    process.execPath,
    [readerBin, "--offline", ...extra, "print", url, "--width", String(width)],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, READER_CONFIG_DIR: "/nonexistent-reader-test", TZ: "Asia/Shanghai" },
    },
  );
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.replace(/\n$/, "").split("\n");
}

const cases: Array<[string, string, number, number, string[]]> = [
  ["the seed article", SEED, 40, 12, []],
  ["the seed article", SEED, 57, 20, []],
  ["the long feature", LONG, 80, 24, []],
  ["the long feature", LONG, 123, 30, []],
  ["the long feature with ambiguous-wide characters", LONG, 61, 24, ["--ambiguous", "wide"]],
  ["the structured article", STRUCTURED, 40, 14, []],
  // 19 rows: each page turn lands on a text row (the test counts pages of body - 1 lines; a page that would start
  // below a line's readings starts at the readings, as state.ts scrollTo does).
  ["the structured article with ruby above the line", STRUCTURED, 60, 19, ["--ruby", "above"]],
  [
    "the structured article with ruby inline, ambiguous-wide",
    STRUCTURED,
    80,
    14,
    ["--ruby", "inline", "--ambiguous", "wide"],
  ],
];

describe("the article screen equals the layout", () => {
  for (const [name, url, cols, rows, extra] of cases) {
    it(`${name} at ${cols}×${rows}${extra.length ? ` (${extra.join(" ")})` : ""}`, async () => {
      const expected = printed(url, cols, extra);
      const s = track(startReader({ cols, rows, args: ["--offline", ...extra, url] }));
      const body = rows - 2; // all but the header and the status line
      for (let page = 0; page < 3; page++) {
        const from = page * (body - 1);
        const want = expected.slice(from, from + body);
        // The page has turned when its first and last lines with text are on their rows (a blank line is on
        // every page).
        const first = want.findIndex((l) => l.trim() !== "");
        const last = want.findLastIndex((l) => l.trim() !== "");
        await s.waitFor(
          () =>
            s.screen()[1 + first]?.trimEnd() === want[first]!.trimEnd() &&
            s.screen()[1 + last]?.trimEnd() === want[last]!.trimEnd(),
        );
        const shown = s.screen().slice(1, 1 + want.length);
        expect(shown).toEqual(want.map((l) => l.trimEnd()));
        for (let y = 0; y < rows; y++) {
          const line = s.term.buffer.active.getLine(y)!;
          expect(line.isWrapped).toBe(false);
          expect(stringWidth(line.translateToString(true))).toBeLessThanOrEqual(cols);
        }
        s.press(keys.pageDown);
      }
    });
  }
});
