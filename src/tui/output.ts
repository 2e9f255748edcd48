// The output path between Ink and the terminal. Ink hands over each frame as whole text; this module writes
// only what changed since the frame on screen: rows that differ, and — when rows moved (an article scrolled by a
// line or a few) — a terminal scroll inside a scroll region (DECSTBM + SU/SD), so a one-line scroll costs about
// one new line of bytes, as in `less`. Frames are coalesced: keys arriving together (auto-repeat) draw once, and
// while the terminal is still taking the last frame (a slow SSH link) only the newest frame waits.

const CSI = "\u001b[";
const SYNC_BEGIN = `${CSI}?2026h`;
const SYNC_END = `${CSI}?2026l`;

/** How frames reach the terminal: `diff` (changed rows, scrolls), `full` (every row of every frame). */
export type OutputMode = "diff" | "full";

/** Written after every frame: hide the cursor (it is hidden already), a no-op that marks the frame's end. */
export const FRAME_END = "\u001b[?25l";

/** Rows with a single wholesale change, worth a synchronized update so the terminal never shows half of it. */
const SYNC_FROM_ROWS = 3;

function moveTo(row: number): string {
  return row === 0 ? `${CSI}H` : `${CSI}${row + 1}H`;
}

/** The bytes of a plain full repaint: clear, then every row. The baseline the diff is measured against. */
export function fullRepaint(next: readonly string[]): string {
  return `${SYNC_BEGIN}${CSI}H${CSI}2J${next.join("\r\n")}${SYNC_END}`;
}

interface Shift {
  /** Rows move up by `by` (> 0) or down (< 0) inside rows `top`..`bottom` (inclusive, 0-based). */
  by: number;
  top: number;
  bottom: number;
  /** Rows the shift saves from being rewritten. */
  saved: number;
}

/** The shift of a block of rows from `previous` to `next` that saves the most row writes, if any. */
export function findShift(previous: readonly string[], next: readonly string[]): Shift | undefined {
  const rows = Math.min(previous.length, next.length);
  let best: Shift | undefined;
  for (let by = -(rows - 1); by <= rows - 1; by++) {
    if (by === 0) continue;
    let start = -1;
    let saved = 0;
    const close = (end: number) => {
      // next[start..end] equals previous[start+by..end+by]
      if (start >= 0 && saved > (best?.saved ?? 1)) {
        best =
          by > 0 ? { by, top: start, bottom: end + by, saved } : { by, top: start + by, bottom: end, saved };
      }
      start = -1;
      saved = 0;
    };
    const from = Math.max(0, -by);
    const to = Math.min(rows, rows - by);
    for (let i = from; i < to; i++) {
      const row = next[i];
      if (row === previous[i + by]) {
        if (start < 0) start = i;
        if (row !== previous[i]) saved++;
      } else close(i - 1);
    }
    close(to - 1);
  }
  return best;
}

/**
 * The bytes that turn the screen showing `previous` into `next` (rows of text with SGR styles, no cursor
 * movement inside). Pure, so its correctness is tested against a terminal emulator.
 */
export function frameDiff(previous: readonly string[], next: readonly string[]): string {
  const shown = [...previous];
  const rows = Math.max(previous.length, next.length);
  while (shown.length < rows) shown.push("");
  let out = "";
  const shift = findShift(previous, next);
  if (shift) {
    const { by, top, bottom } = shift;
    const count = Math.abs(by);
    out += `${CSI}${top + 1};${bottom + 1}r${CSI}${count}${by > 0 ? "S" : "T"}${CSI}r`;
    const moved = shown.slice(top, bottom + 1);
    const blank = Array<string>(count).fill("");
    const region = by > 0 ? [...moved.slice(count), ...blank] : [...blank, ...moved.slice(0, -count)];
    shown.splice(top, region.length, ...region);
  }
  let written = 0;
  let cursorRow = -1;
  for (let row = 0; row < rows; row++) {
    const want = next[row] ?? "";
    if (shown[row] === want) continue;
    // Erase first, then write: an erase after a row that fills the line would hit its last column while the
    // cursor waits to wrap. The next row down is CR LF away (never from the bottom row: the frame is shorter than the terminal).
    out += `${row === cursorRow + 1 && cursorRow >= 0 ? "\r\n" : moveTo(row)}${CSI}K${want}`;
    cursorRow = row;
    written++;
  }
  if (written >= SYNC_FROM_ROWS) out = `${SYNC_BEGIN}${out}${SYNC_END}`;
  // When nearly everything changed (a page turned), a plain repaint is as good and no longer.
  const repaint = fullRepaint(next);
  return repaint.length < out.length ? repaint : out;
}

export interface TerminalOutputOptions {
  mode?: OutputMode;
  /** Bytes written so far, for benchmarks and tests (READER_DEBUG logs use it too). */
  onWrite?: (bytes: string) => void;
}

interface Writable {
  write(chunk: string): boolean;
  once(event: "drain", listener: () => void): unknown;
  writableLength?: number;
}

/** Receives Ink's frames and writes them to the terminal as changes. */
export class TerminalOutput {
  private shown: string[] | undefined;
  private pending: string | undefined;
  private scheduled = false;
  private draining = false;
  private closed = false;
  private readonly mode: OutputMode;

  constructor(
    private readonly stream: Writable,
    private readonly options: TerminalOutputOptions = {},
  ) {
    this.mode = options.mode ?? "diff";
  }

  /** A new frame from Ink; only the latest one is drawn. */
  frame(text: string): void {
    if (this.closed) return;
    this.pending = text;
    this.schedule();
  }

  /** Draws `text` now rather than after the current work (a first frame painted before a long import). */
  paint(text: string): void {
    if (this.closed) return;
    this.pending = text;
    this.flush();
  }

  /** The screen is no longer known (resize, or something else wrote to it): the next frame repaints all. */
  invalidate(): void {
    this.shown = undefined;
    if (this.pending === undefined && this.lastFrame !== undefined) this.frame(this.lastFrame);
  }

  /** Draws the pending frame now (before the program leaves the screen), then ignores further frames. */
  close(): void {
    if (this.pending !== undefined && !this.draining) this.flush();
    this.closed = true;
  }

  private lastFrame: string | undefined;

  private schedule(): void {
    if (this.scheduled || this.draining) return;
    this.scheduled = true;
    // After the current input chunk is handled: a chunk of held keys renders several frames, and draws one.
    setImmediate(() => {
      this.scheduled = false;
      if (!this.closed) this.flush();
    });
  }

  private flush(): void {
    const text = this.pending;
    if (text === undefined) return;
    this.pending = undefined;
    this.lastFrame = text;
    const next = text.split("\n");
    const bytes =
      this.shown === undefined || this.mode === "full" ? fullRepaint(next) : frameDiff(this.shown, next);
    this.shown = next;
    if (bytes === "") return;
    // Every frame ends the same way (the cursor stays hidden): whoever reads the stream — a test, a recorder —
    // can tell a whole frame from one still arriving.
    const frame = bytes + FRAME_END;
    this.options.onWrite?.(frame);
    if (!this.stream.write(frame)) {
      // The terminal is behind: hold on to the newest frame only until it has taken this one.
      this.draining = true;
      this.stream.once("drain", () => {
        this.draining = false;
        if (this.pending !== undefined && !this.closed) this.schedule();
      });
    }
  }
}

/**
 * A stand-in for stdout that Ink renders to: size, events and everything else are the terminal's; writes are
 * frames for `output`.
 */
export function frameSink<T extends object>(stdout: T, output: TerminalOutput): T {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    // Ink's own writer may clear "nothing" on a resize; a frame always has rows.
    const text = String(chunk);
    if (text !== "") output.frame(text);
    const callback = rest.find((r): r is () => void => typeof r === "function");
    callback?.();
    return true;
  };
  return new Proxy(stdout, {
    get(target, property) {
      if (property === "write") return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
