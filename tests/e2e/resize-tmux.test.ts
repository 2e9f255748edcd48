// Resizing in a real terminal emulator (tmux): after every resize the screen is exactly the frame for the new
// size — each text row a row of `reader print --width W` for the same article, one status line — and the
// reading position is where it was.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, readerBin, root } from "./harness.js";
import { startInTmux, type TmuxSession } from "./tmux.js";
import { displayWidth, loadWidthTables } from "../../src/text/width.js";

const SEED = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";
const STATUS = "? 說明";
const track = cleanupAfterEach();

function start(columns: number, rows: number): TmuxSession {
  return track(startInTmux({ columns, rows, args: ["--offline", SEED] }));
}

function printed(s: TmuxSession, width: number): Set<string> {
  const text = execFileSync(
    process.execPath,
    [readerBin, "print", "--offline", SEED, "--width", String(width)],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, READER_CONFIG_DIR: s.configDir, READER_CACHE_DIR: s.cacheDir },
    },
  );
  return new Set(text.split("\n").map((line) => line.trimEnd()));
}

/** What is wrong with the screen as the article's frame at `columns`×`rows`, if anything. */
function problems(screen: string[], lines: Set<string>, columns: number, rows: number): string[] {
  const found: string[] = [];
  if (screen.length !== rows) found.push(`${screen.length} rows, not ${rows}`);
  if (!screen[0]?.startsWith("reader")) found.push(`header is ${JSON.stringify(screen[0])}`);
  const status = screen.flatMap((row, i) => (row.includes(STATUS) ? [i] : []));
  if (status.length !== 1 || status[0] !== rows - 1) found.push(`status lines at ${status.join(", ")}`);
  screen.forEach((row, i) => {
    if (displayWidth(row) > columns) found.push(`row ${i} is wider than ${columns}: ${row}`);
    if (i > 0 && i < rows - 1 && row !== "" && !lines.has(row))
      found.push(`row ${i} is not the article's: ${row}`);
  });
  return found;
}

describe("resize in tmux", () => {
  it("shows exactly the new frame after each resize, and keeps the reading position", async () => {
    await loadWidthTables();
    const s = start(80, 24);
    await s.waitFor(
      (rows) => rows.join("\n").includes("任何一項工作要達到預期效果") && !rows.join("\n").includes("更新中"),
    );
    // Scroll into the article so that a kept position shows.
    s.send("j", "j", "j", "j", "j", "j", "j");
    const before = await s.waitFor((rows) => !rows.join("\n").includes("任何一項工作要達到預期效果"));
    for (const [columns, rows] of [
      [50, 20],
      [40, 16],
      [120, 30],
      [80, 24],
    ] as const) {
      const lines = printed(s, columns);
      s.resize(columns, rows);
      const screen = await s
        .waitFor((shown) => problems(shown, lines, columns, rows).length === 0)
        .catch(() => s.screen());
      expect(problems(screen, lines, columns, rows), `at ${columns}×${rows}:\n${screen.join("\n")}`).toEqual(
        [],
      );
    }
    // Back at the first size, the same line is at the top.
    expect((await s.waitFor((rows) => rows[1] === before[1]))[1]).toBe(before[1]);
  });

  it("Ctrl-L draws the whole screen again", async () => {
    const s = start(60, 20);
    await s.waitFor((rows) => rows.join("\n").includes("任何一項工作要達到預期效果"));
    const shown = await s.waitFor((rows) => !rows.join("\n").includes("更新中"));
    // Another program writes over the screen (a background job, a `wall` message).
    s.writeToTerminal("\u001b[2J\u001b[5;1Hbroadcast message\r\n");
    await s.waitFor((rows) => rows.join("\n").includes("broadcast message"));
    s.send("C-l");
    expect(await s.waitFor((rows) => rows.join("\n") === shown.join("\n"))).toEqual(shown);
  });

  it("shrinking with help open shows the help as drawn at the new size", async () => {
    const small = start(40, 16);
    await small.waitFor((rows) => rows.join("\n").includes("任何一項工作要達到預期效果"));
    await small.waitFor((rows) => !rows.join("\n").includes("更新中"));
    small.send("?");
    const expected = await small.waitFor((rows) => rows.join("\n").includes("鍵盤操作"));

    const s = start(80, 24);
    await s.waitFor((rows) => rows.join("\n").includes("任何一項工作要達到預期效果"));
    await s.waitFor((rows) => !rows.join("\n").includes("更新中"));
    s.send("?");
    await s.waitFor((rows) => rows.join("\n").includes("鍵盤操作"));
    s.resize(40, 16);
    const screen = await s.waitFor((rows) => rows.join("\n") === expected.join("\n")).catch(() => s.screen());
    expect(screen).toEqual(expected);
  });
});
