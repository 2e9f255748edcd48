// The writer sends only what changed (rows, terminal scrolls); this proves the savings never cost correctness.
// Two readers get the same keys: one with the normal output, one repainting every row of every frame
// (READER_OUTPUT=full). After each key both screens, read back through a terminal emulator, must be the same
// cell for cell — characters, widths and styles — at 80×24, after resizes, on the article and on the lists.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, keys, readerBin, root, startReader, type ReaderSession } from "./harness.js";

const LONG = "http://sample.reader.invalid/GB/n1/2025/0820/c1012-40512364.html";

const track = cleanupAfterEach();

/** Every cell as a reader sees it: character, width, bold/dim/inverse/underline, colours. */
function cells(s: ReaderSession): string[] {
  const buffer = s.term.buffer.active;
  const rows: string[] = [];
  for (let y = 0; y < s.term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    let row = "";
    for (let x = 0; x < s.term.cols; x++) {
      const c = line?.getCell(x);
      if (!c) continue;
      row += `${c.getChars() || "·"}${c.getWidth()}${c.isBold() ? "b" : ""}${c.isDim() ? "d" : ""}`;
      row += `${c.isInverse() ? "i" : ""}${c.isUnderline() ? "u" : ""}${c.getFgColor()}/${c.getBgColor()}|`;
    }
    rows.push(row);
  }
  return rows;
}

function printed(url: string, width: number): string[] {
  const result = spawnSync(
    process.execPath,
    [readerBin, "--offline", "print", url, "--width", String(width)],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, READER_CONFIG_DIR: "/nonexistent-reader-test", TZ: "Asia/Shanghai" },
    },
  );
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.replace(/\n$/, "").split("\n");
}

function firstDifference(a = "", b = ""): string {
  const x = a.split("|");
  const y = b.split("|");
  const i = x.findIndex((cell, k) => cell !== y[k]);
  return i < 0 ? "none" : `column ${i}: ${x[i]} vs ${y[i]}`;
}

/** Waits until the diffing reader shows exactly what the repainting one shows. */
async function sameScreens(diffing: ReaderSession, repainting: ReaderSession, step: string) {
  const same = () => JSON.stringify(cells(diffing)) === JSON.stringify(cells(repainting));
  try {
    // Checked whenever either terminal receives output: the last bytes may come from either one.
    await Promise.any([diffing.waitFor(() => same(), 5000), repainting.waitFor(() => same(), 5000)]);
  } catch {
    const a = diffing.screen();
    const b = repainting.screen();
    const ca = cells(diffing);
    const cb = cells(repainting);
    const rows = a.flatMap((row, y) =>
      row === b[y] && ca[y] === cb[y]
        ? []
        : [`row ${y}:\n  diff: ${row}\n  full: ${b[y]}\n  cells: ${firstDifference(ca[y], cb[y])}`],
    );
    expect.fail(`after ${step} the screens differ:\n${rows.join("\n")}`);
  }
}

describe("the screen after each key equals a full repaint", () => {
  it("scrolling, paging, links, lists and resizes at 80×24", async () => {
    const start = (env: Record<string, string>) =>
      track(startReader({ cols: 80, rows: 24, args: ["--offline", LONG], env }));
    const diffing = start({});
    const repainting = start({ READER_OUTPUT: "full" });
    const both = [diffing, repainting];
    // The article is laid out once the status line shows how far in the reader is.
    // Channels still loading in the background re-lay the screen when they arrive, at different moments in the
    // two readers: start once everything has arrived.
    await Promise.all(
      both.map((s) => s.waitFor((text) => /东屿岛[\s\S]*\d+%/.test(text) && !text.includes("更新中"))),
    );
    await sameScreens(diffing, repainting, "start");

    const press = async (key: string, name: string) => {
      const before = JSON.stringify(cells(repainting));
      for (const s of both) s.press(key);
      await repainting.waitFor(() => JSON.stringify(cells(repainting)) !== before, 5000);
      await sameScreens(diffing, repainting, name);
    };
    const resize = async (cols: number, rows: number) => {
      for (const s of both) s.resize(cols, rows);
      await repainting.waitFor((text) => text.split("\n")[0]!.length > 0 && /\d+%|全文/.test(text));
      await sameScreens(diffing, repainting, `resize to ${cols}×${rows}`);
      // Each reader learns of the resize by a signal, at its own moment relative to the keys that follow: a
      // round trip through the help overlay makes sure both have handled it before the next key is compared.
      for (const s of both) s.press("?");
      await Promise.all(both.map((s) => s.waitFor("鍵盤操作")));
      for (const s of both) s.press(keys.escape);
      await Promise.all(both.map((s) => s.waitFor((text) => !text.includes("鍵盤操作"))));
      await sameScreens(diffing, repainting, `resize to ${cols}×${rows}, settled`);
    };

    for (let i = 0; i < 3; i++) await press("j", "j (one line down)");
    // Not vacuous: the body is the laid-out article three lines down.
    const expected = printed(LONG, 80).slice(3, 3 + 21);
    expect(diffing.screen().slice(1, 22)).toEqual(expected.map((l) => l.trimEnd()));

    await press("k", "k (one line up)");
    await press(" ", "space (page down)");
    await press(keys.pageDown, "PageDown");
    await press("b", "b (page up)");
    for (let i = 0; i < 5; i++) await press("j", "j after a page");
    await press("G", "G (bottom)");
    await press(keys.tab, "Tab (select a link)");
    await press(keys.tab, "Tab (next link)");
    await press(keys.shiftTab, "Shift-Tab");
    await press("g", "g (top)");
    await press("j", "j");
    await resize(100, 30);
    await press("j", "j at 100×30");
    await press(" ", "space at 100×30");
    await resize(80, 24);
    await press("k", "k after the resize back");
    await press("-", "- (narrower column)");
    await press("j", "j in the narrow column");
    await press("=", "= (full width)");
    await press("h", "h (back to the channels)");
    await press("j", "j on the channel list");
    await press("j", "j on the channel list");
    await press("k", "k on the channel list");
    await press("l", "l (open a channel)");
    await press("j", "j on the article list");
    await press("?", "? (help)");
    await press(keys.escape, "Esc (close help)");
  }, 60_000);
});
