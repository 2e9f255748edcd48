// The diffing writer is only worth its bytes if the screen ends up exactly as a full repaint leaves it: every
// case here is played into a terminal emulator both ways and compared cell by cell, styles included.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import xterm from "@xterm/headless";
import { FRAME_END, findShift, frameDiff, fullRepaint, TerminalOutput } from "../../src/tui/output.js";

const COLS = 24;

function write(term: xterm.Terminal, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

/** Every cell: character, width and the attributes a reader sees. */
function cells(term: xterm.Terminal): string[] {
  const buffer = term.buffer.active;
  const rows: string[] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(y);
    let row = "";
    for (let x = 0; x < term.cols; x++) {
      const cell = line?.getCell(x);
      if (!cell) continue;
      row += `${cell.getChars() || "·"}${cell.getWidth()}${cell.isBold() ? "b" : ""}${cell.isInverse() ? "i" : ""}${cell.isDim() ? "d" : ""}${cell.getFgColor()}|`;
    }
    rows.push(row);
  }
  return rows;
}

async function screenAfter(frames: string[][], rows: number, diff: boolean): Promise<string[]> {
  const term = new xterm.Terminal({ cols: COLS, rows, allowProposedApi: true, scrollback: 0 });
  let previous: string[] | undefined;
  for (const frame of frames) {
    await write(term, previous && diff ? frameDiff(previous, frame) : fullRepaint(frame));
    previous = frame;
  }
  const result = cells(term);
  term.dispose();
  return result;
}

const styles = ["", "\u001b[1m", "\u001b[7m", "\u001b[2m", "\u001b[33m"];
const closers: Record<string, string> = {
  "": "",
  "\u001b[1m": "\u001b[22m",
  "\u001b[7m": "\u001b[27m",
  "\u001b[2m": "\u001b[22m",
  "\u001b[33m": "\u001b[39m",
};
// Sure widths, and characters whose width the writer treats as unsure (East Asian ambiguous, accented Latin):
// xterm.js draws those narrow, as most terminals do.
const glyphs = ["a", "b", "Z", " ", "中", "文", "あ", "한", "。", "「", "“", "›", "é"];
const widthOf = (g: string) => (/[ -~“›é]/.test(g) ? 1 : 2);

/** A row as Ink writes it: styled runs, no wider than the terminal, no trailing spaces. */
const row = fc
  .array(fc.tuple(fc.constantFrom(...styles), fc.array(fc.constantFrom(...glyphs), { maxLength: 8 })), {
    maxLength: 4,
  })
  .map((runs) => {
    let width = 0;
    let out = "";
    for (const [style, chars] of runs) {
      let text = "";
      for (const g of chars) {
        if (width + widthOf(g) > COLS) break;
        width += widthOf(g);
        text += g;
      }
      if (text) out += style + text + closers[style];
    }
    return out.replace(/ +$/, "");
  });

/** A frame and the next one: rows scrolled by some lines (as an article scrolls), some rows changed. */
const framePair = fc
  .integer({ min: 3, max: 10 })
  .chain((height) =>
    fc.tuple(
      fc.array(row, { minLength: height, maxLength: height }),
      fc.array(row, { minLength: height, maxLength: height }),
      fc.integer({ min: -height, max: height }),
      fc.integer({ min: 0, max: height - 1 }),
      fc.integer({ min: 0, max: height - 1 }),
      fc.array(fc.tuple(fc.nat(height - 1), row), { maxLength: 3 }),
    ),
  )
  .map(([previous, fresh, by, a, b, edits]) => {
    const [top, bottom] = a <= b ? [a, b] : [b, a];
    const next = [...previous];
    for (let i = top; i <= bottom; i++) {
      const from = i + by;
      next[i] = from >= top && from <= bottom ? previous[from]! : fresh[i]!;
    }
    for (const [i, text] of edits) next[i] = text;
    return { previous, next };
  });

describe("frameDiff leaves the screen as a full repaint does", () => {
  it("for any frame after any frame (rows scrolled, changed, styled, wide)", async () => {
    await fc.assert(
      fc.asyncProperty(framePair, async ({ previous, next }) => {
        const rows = previous.length + 1;
        const viaDiff = await screenAfter([previous, next], rows, true);
        const viaRepaint = await screenAfter([next], rows, false);
        expect(viaDiff).toEqual(viaRepaint);
      }),
      { numRuns: 300 },
    );
  });

  it("through a sequence of frames of different heights", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(row, { minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 6 }),
        async (frames) => {
          const viaDiff = await screenAfter(frames, 9, true);
          const viaRepaint = await screenAfter([frames[frames.length - 1]!], 9, false);
          expect(viaDiff).toEqual(viaRepaint);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("bytes per change", () => {
  const article = Array.from({ length: 30 }, (_, i) => `第${i}行：山東青島港口的自動化碼頭`);
  const frame = (scroll: number) => [
    "reader › 文章",
    ...article.slice(scroll, scroll + 20),
    `\u001b[7m${scroll}%\u001b[27m`,
  ];

  it("a one-line scroll scrolls the region and writes one new row and the status line", () => {
    const bytes = frameDiff(frame(0), frame(1));
    expect(findShift(frame(0), frame(1))).toMatchObject({ by: 1, top: 1, bottom: 20 });
    expect(bytes).toContain("\u001b[2;21r\u001b[1S\u001b[r");
    expect(bytes).toContain(article[20]);
    expect(bytes).not.toContain(article[19]);
    expect(Buffer.byteLength(bytes)).toBeLessThan(Buffer.byteLength(fullRepaint(frame(1))) / 5);
  });

  it("a scroll back up scrolls the region down", () => {
    expect(frameDiff(frame(2), frame(1))).toContain("\u001b[2;21r\u001b[1T\u001b[r");
  });

  it("an unchanged frame writes nothing, and a list move rewrites only the two rows that changed", () => {
    expect(frameDiff(frame(3), frame(3))).toBe("");
    const list = ["a", "\u001b[7m› b\u001b[27m", "  c", "  d"];
    const moved = ["a", "  b", "\u001b[7m› c\u001b[27m", "  d"];
    const bytes = frameDiff(list, moved);
    expect(bytes).toBe("\u001b[2H\u001b[K  b\r\n\u001b[K\u001b[7m› c\u001b[27m");
  });
});

describe("bytes per changed row", () => {
  it("a status line whose percentage moved is written from the first changed column", () => {
    const status = (p: number) => `\u001b[7m東嶼島十年${" ".repeat(50)}${p}%  ? 說明\u001b[27m`;
    const bytes = frameDiff(["標題", status(2)], ["標題", status(5)]);
    expect(bytes).toBe(`\u001b[2;61H\u001b[7m5%  ? 說明\u001b[27m`);
  });

  it("a row is not erased when the new text surely covers the old, and is when it may not", () => {
    expect(frameDiff(["x", "短い"], ["x", "長い文章"])).toBe("\u001b[2H長い文章");
    expect(frameDiff(["x", "長い文章"], ["x", "短い"])).toBe("\u001b[2H\u001b[K短い");
    // “ is one column in some terminals and two in others: ““ may reach further than 「 does.
    expect(frameDiff(["x", "““ab"], ["x", "「ab"])).toBe("\u001b[2H\u001b[K「ab");
    expect(frameDiff(["x", "“ab"], ["x", "「ab"])).toBe("\u001b[2H「ab");
  });
});

describe("TerminalOutput", () => {
  function sink() {
    const writes: string[] = [];
    return { writes, write: (s: string) => (writes.push(s), true), once: () => undefined };
  }

  it("draws only the latest of frames that arrive together (held keys never queue up)", async () => {
    const stream = sink();
    const output = new TerminalOutput(stream);
    output.frame("a\nb");
    await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 5; i++) output.frame(`a\n${i}`);
    await new Promise((r) => setImmediate(r));
    expect(stream.writes).toHaveLength(2);
    expect(stream.writes[1]).toBe("\u001b[2H4" + FRAME_END);
  });

  it("holds frames while the terminal drains and then draws only the newest", async () => {
    let drain: (() => void) | undefined;
    const writes: string[] = [];
    const output = new TerminalOutput({
      write: (s: string) => (writes.push(s), false),
      once: (_: "drain", listener: () => void) => (drain = listener),
    });
    output.frame("x\n0");
    await new Promise((r) => setImmediate(r));
    output.frame("x\n1");
    output.frame("x\n2");
    await new Promise((r) => setImmediate(r));
    expect(writes).toHaveLength(1);
    drain?.();
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([expect.any(String), "\u001b[2H2" + FRAME_END]);
  });

  it("after a resize, draws no frame laid out for the old size, and the first that fits in full", async () => {
    const stream = sink();
    const output = new TerminalOutput(stream);
    output.frame("一二三四五\nb\nc");
    await new Promise((r) => setImmediate(r));
    output.resize(6, 3);
    // The old frame (10 columns wide), drawn again by Ink before the interface has re-laid it out.
    output.frame("一二三四五\nb\nc");
    await new Promise((r) => setImmediate(r));
    expect(stream.writes).toHaveLength(1);
    output.frame("一二三\n四五\nb");
    await new Promise((r) => setImmediate(r));
    expect(stream.writes[1]).toBe(fullRepaint(["一二三", "四五", "b"]) + FRAME_END);
    // Then changes only again.
    output.frame("一二三\n四五\nc");
    await new Promise((r) => setImmediate(r));
    expect(stream.writes[2]).toBe("\u001b[3Hc" + FRAME_END);
  });

  it("repaints everything after invalidate (Ctrl-L)", async () => {
    const stream = sink();
    const output = new TerminalOutput(stream);
    output.frame("a\nb");
    await new Promise((r) => setImmediate(r));
    output.invalidate();
    output.frame("a\nb");
    await new Promise((r) => setImmediate(r));
    expect(stream.writes[1]).toBe(fullRepaint(["a", "b"]) + FRAME_END);
  });
});
