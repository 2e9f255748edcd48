// The output path between Ink and the terminal. Ink hands over each frame as whole text; this module writes
// only what changed since the frame on screen: rows that differ, and — when rows moved (an article scrolled by a
// line or a few) — a terminal scroll inside a scroll region (DECSTBM + SU/SD), so a one-line scroll costs about
// one new line of bytes, as in `less`. Frames are coalesced: keys arriving together (auto-repeat) draw once, and
// while the terminal is still taking the last frame (a slow SSH link) only the newest frame waits.

import { sanitizeFrame } from "../text/sanitize.js";

const CSI = "\u001b[";
const SYNC_BEGIN = `${CSI}?2026h`;
const SYNC_END = `${CSI}?2026l`;
const ERASE_LINE = `${CSI}K`;

/** How frames reach the terminal: `diff` (changed rows, scrolls), `full` (every row of every frame). */
export type OutputMode = "diff" | "full";

/** Written after every frame: hide the cursor (it is hidden already), a no-op that marks the frame's end. */
export const FRAME_END = "\u001b[?25l";

/** How long a frame too large for a just-resized terminal waits for the frame laid out for its new size. */
const UNFIT_FRAME_WAIT_MS = 150;

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
  // The best run so far: next[start..end] equals previous[start+by..end+by] (no objects made per shift tried:
  // this runs for every frame).
  let bestBy = 0;
  let bestStart = 0;
  let bestEnd = 0;
  let bestSaved = 1;
  // (1 - rows, not -(rows - 1): for one row that is -0, not an integer, and V8 threw the optimised code away)
  for (let by = 1 - rows; by <= rows - 1; by++) {
    if (by === 0) continue;
    const from = Math.max(0, -by);
    const to = Math.min(rows, rows - by);
    let start = -1;
    let saved = 0;
    for (let i = from; i <= to; i++) {
      const row = i < to ? next[i] : undefined;
      if (i < to && row === previous[i + by]) {
        if (start < 0) start = i;
        if (row !== previous[i]) saved++;
        continue;
      }
      if (start >= 0 && saved > bestSaved) {
        bestBy = by;
        bestStart = start;
        bestEnd = i - 1;
        bestSaved = saved;
      }
      start = -1;
      saved = 0;
    }
  }
  if (bestBy === 0) return undefined;
  return bestBy > 0
    ? { by: bestBy, top: bestStart, bottom: bestEnd + bestBy, saved: bestSaved }
    : { by: bestBy, top: bestStart + bestBy, bottom: bestEnd, saved: bestSaved };
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
  // Each changed row is looked at once: whether it needs an erase, and how it could be written from its middle.
  const plans = shown.map((was, row) => {
    const want = next[row] ?? "";
    return was === want ? undefined : planRow(was, want, row);
  });
  out += clearBlock(shown, next, plans);
  let written = 0;
  let cursorRow = -1;
  for (let row = 0; row < rows; row++) {
    const want = next[row] ?? "";
    const plan = plans[row];
    if (shown[row] === want || plan === undefined) continue;
    // The cursor goes to the row (CR LF from the row above: fewer bytes than a position), or to the first
    // column that changed when the row's start is unchanged (a status line whose percentage moved).
    const reach = row === cursorRow + 1 && cursorRow >= 0 ? "\r\n" : moveTo(row);
    out += rowBytes(plan, want, reach);
    cursorRow = row;
    written++;
  }
  if (written >= SYNC_FROM_ROWS) out = `${SYNC_BEGIN}${out}${SYNC_END}`;
  // When nearly everything changed (a page turned), a plain repaint is as good and no longer (made only then).
  return fullRepaintLength(next) < out.length ? fullRepaint(next) : out;
}

/** fullRepaint(next).length, without making it. */
function fullRepaintLength(next: readonly string[]): number {
  let length =
    SYNC_BEGIN.length + `${CSI}H${CSI}2J`.length + SYNC_END.length + 2 * Math.max(0, next.length - 1);
  for (const row of next) length += row.length;
  return length;
}

/**
 * When a run of rows is replaced wholesale (a page turned) and many of them would each need an erase, blanks the
 * run at once by scrolling it out of a scroll region: fewer bytes than an erase per row, and blank new rows then
 * cost nothing. Updates `shown` and the plans of the rows it blanked; returns the bytes.
 */
function clearBlock(shown: string[], next: readonly string[], plans: (RowPlan | undefined)[]): string {
  let best: { top: number; bottom: number; erases: number } | undefined;
  let top = -1;
  let erases = 0;
  for (let row = 0; row <= shown.length; row++) {
    const plan = plans[row];
    // A row in the run: blank already, or changed and not better written from its middle.
    const inRun =
      row < shown.length &&
      (shown[row] === "" || (plan !== undefined && !writesPartial(plan, next[row] ?? "", 2)));
    if (inRun) {
      if (top < 0) top = row;
      if (plan?.erase) erases++;
      continue;
    }
    if (top >= 0 && erases > (best?.erases ?? 0)) best = { top, bottom: row - 1, erases };
    top = -1;
    erases = 0;
  }
  if (!best) return "";
  const count = best.bottom - best.top + 1;
  const bytes = `${CSI}${best.top + 1};${best.bottom + 1}r${CSI}${count}S${CSI}r`;
  if (bytes.length >= best.erases * ERASE_LINE.length) return "";
  for (let row = best.top; row <= best.bottom; row++) {
    shown[row] = "";
    plans[row] = { erase: false, partial: undefined };
  }
  return bytes;
}

// ---- one row: what changed in it ----

// eslint-disable-next-line no-control-regex
const SGR_AT = /\u001b\[[0-9;]*m/y;

/**
 * Columns of a character whose width every terminal agrees on: 1 for printable ASCII, 2 for CJK ideographs,
 * kana, Hangul syllables, CJK punctuation and full-width forms. Anything else (East Asian ambiguous quotes, Latin
 * letters with accents, emoji, combining marks) is undefined: its width depends on the terminal or on its
 * neighbours, so no cursor position is computed across it.
 */
function sureWidth(c: number): 1 | 2 | undefined {
  if (c >= 0x20 && c < 0x7f) return 1;
  if (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x309b && c <= 0x30ff) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0x3000 && c <= 0x3029) ||
    (c >= 0x3030 && c <= 0x303e) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff01 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6)
  )
    return 2;
  return undefined;
}

/**
 * The unchanged start of a row: how many UTF-16 units of `was` and `want` are the same text with the same
 * styles (cut only before a character, never inside an escape), the column there, and the style codes in force.
 * Stops at the first character whose width is not sure.
 */
function sharedStart(was: string, want: string): { length: number; column: number; styles: string } {
  let length = 0;
  let column = 0;
  let i = 0;
  const limit = Math.min(was.length, want.length);
  while (i < limit) {
    if (want.charCodeAt(i) === 0x1b) {
      SGR_AT.lastIndex = i;
      const code = SGR_AT.exec(want)?.[0];
      if (code === undefined || !was.startsWith(code, i)) break;
      i += code.length;
      continue;
    }
    const c = want.charCodeAt(i);
    const width = sureWidth(c);
    if (width === undefined || was.charCodeAt(i) !== c) break;
    i++;
    column += width;
    length = i;
  }
  // Style codes read past the last shared character belong to what is written, not to the start.
  return { length, column, styles: stylesBefore(want, length) };
}

/** The style codes in `row` before `end` (the state a write starting there must set first). */
function stylesBefore(row: string, end: number): string {
  let styles = "";
  for (let at = row.indexOf("\u001b"); at !== -1 && at < end; at = row.indexOf("\u001b", at + 1)) {
    SGR_AT.lastIndex = at;
    if (SGR_AT.test(row) && SGR_AT.lastIndex <= end) styles += row.slice(at, SGR_AT.lastIndex);
  }
  return styles;
}

/** Columns of a row: exact, or the least and most it can take when some characters' widths are unsure. */
function rowWidth(row: string): { least: number; most: number } {
  let least = 0;
  let most = 0;
  for (let i = 0; i < row.length; i++) {
    const c = row.charCodeAt(i);
    if (c === 0x1b) {
      SGR_AT.lastIndex = i;
      const code = SGR_AT.exec(row)?.[0];
      if (code === undefined) return { least: 0, most: Infinity };
      i += code.length - 1;
      continue;
    }
    // An unsure unit (a mark, an ambiguous character, half of an emoji) takes 0 to 2 columns.
    const width = sureWidth(c);
    least += width ?? 0;
    most += width ?? 2;
  }
  return { least, most };
}

/** How a changed row can be written: whether its old text needs an erase, and the write from its middle. */
interface RowPlan {
  erase: boolean;
  partial: string | undefined;
}

function planRow(was: string, want: string, row: number): RowPlan {
  const wantWidth = rowWidth(want);
  const wasWidth = rowWidth(was);
  return {
    erase: was !== "" && wantWidth.least < wasWidth.most,
    partial: partialUpdate(was, want, row, wantWidth, wasWidth),
  };
}

/**
 * Bytes that write a changed row, the cursor brought there by `reach` (CR LF or a position at the row's start):
 * the whole row, or the part after its unchanged start when that is shorter. Erases always come before the
 * write: an erase after a row that fills the line would hit its last column while the cursor waits to wrap.
 */
function rowBytes(plan: RowPlan, want: string, reach: string): string {
  if (writesPartial(plan, want, Buffer.byteLength(reach)) && plan.partial !== undefined) return plan.partial;
  return `${reach}${plan.erase ? ERASE_LINE : ""}${want}`;
}

/** Whether rowBytes writes the row from its middle: fewer bytes than the whole row, reached in `reach` bytes. */
function writesPartial(plan: RowPlan, want: string, reach: number): boolean {
  const { partial } = plan;
  if (partial === undefined) return false;
  const whole = reach + (plan.erase ? ERASE_LINE.length : 0) + Buffer.byteLength(want);
  return Buffer.byteLength(partial) < whole;
}

/** The row written from its first changed column, if its start is unchanged. */
function partialUpdate(
  was: string,
  want: string,
  row: number,
  wantWidth: { least: number; most: number },
  wasWidth: { least: number; most: number },
): string | undefined {
  const start = sharedStart(was, want);
  if (start.length === 0) return undefined;
  const rest = want.slice(start.length);
  // The shared start is characters of sure widths, `start.column` columns: the rest of a row takes its width
  // less those, unless the row holds an escape rowWidth does not measure (a link), when it is measured alone.
  const restLeast = Number.isFinite(wantWidth.most) ? wantWidth.least - start.column : rowWidth(rest).least;
  const wasRestMost = Number.isFinite(wasWidth.most)
    ? wasWidth.most - start.column
    : rowWidth(was.slice(start.length)).most;
  // A write from the middle sets the style codes in force there first; the rest ends with the row's own
  // closing codes. The old end is erased first (at the default style) unless the rest surely covers it.
  const erase = restLeast >= wasRestMost ? "" : ERASE_LINE;
  return `${CSI}${row + 1};${start.column + 1}H${erase}${start.styles}${rest}`;
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
  private held = false;
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

  /** The screen is no longer known (Ctrl-L, or something else wrote to it): the next frame repaints all. */
  invalidate(): void {
    this.shown = undefined;
    if (this.pending === undefined && this.lastFrame !== undefined) this.frame(this.lastFrame);
  }

  /**
   * The terminal is now `columns`×`rows`. What it shows is unknown (it may have cut or moved rows), and the
   * frames already laid out are for the old size: the next frame that fits the new size is drawn in full, and
   * frames that do not fit (Ink redraws the old layout once before the interface has re-laid it) are not drawn
   * at all — drawn, they would wrap and scroll, and every later diff would be against rows no longer there.
   */
  resize(columns: number, rows: number): void {
    this.size = { columns, rows };
    this.invalidate();
  }

  /**
   * Suspended (Ctrl-Z), the shell has the screen: nothing is drawn (work that finished meanwhile, run before the
   * SIGCONT handler, would draw onto the shell's screen); released, the newest frame is drawn whole.
   */
  hold(held: boolean): void {
    this.held = held;
    if (held) return;
    this.invalidate();
    if (this.pending !== undefined) this.schedule();
  }

  /** Draws the pending frame now (before the program leaves the screen), then ignores further frames. */
  close(): void {
    if (this.pending !== undefined && !this.draining) this.flush();
    clearTimeout(this.unfitTimer);
    this.closed = true;
  }

  private lastFrame: string | undefined;
  /** The terminal's size since the last resize; frames are checked against it until one fits. */
  private size: { columns: number; rows: number } | undefined;
  /** A frame too large for the terminal, drawn anyway if no other frame follows it soon. */
  private unfitTimer: ReturnType<typeof setTimeout> | undefined;

  private schedule(): void {
    if (this.scheduled || this.draining) return;
    this.scheduled = true;
    // After the current input chunk is handled: a chunk of held keys renders several frames, and draws one.
    setImmediate(() => {
      this.scheduled = false;
      if (!this.closed) this.flush();
    });
  }

  /**
   * Whether a frame drawn now, after a resize, can be the screen: no more rows than the terminal and no row
   * surely wider. One that cannot is held; should nothing replace it soon, it is drawn as it is (autowrap is off:
   * its long rows are cut, not wrapped) and the screen stays unknown, so the next frame repaints again.
   */
  private fitsAfterResize(next: readonly string[], size: { columns: number; rows: number }): boolean {
    clearTimeout(this.unfitTimer);
    this.unfitTimer = undefined;
    const fits = next.length <= size.rows && next.every((row) => rowWidth(row).least <= size.columns);
    if (fits) {
      this.size = undefined;
      return true;
    }
    this.unfitTimer = setTimeout(() => {
      if (this.closed || this.pending !== undefined) return;
      this.write(fullRepaint(next.slice(0, size.rows)));
    }, UNFIT_FRAME_WAIT_MS);
    this.unfitTimer.unref?.();
    return false;
  }

  private flush(): void {
    const text = this.pending;
    if (text === undefined) return;
    this.pending = undefined;
    this.lastFrame = text;
    // Every frame passes the sanitiser whole: no path into the interface can forget it.
    const next = sanitizeFrame(text).split("\n");
    if (this.size && !this.fitsAfterResize(next, this.size)) return;
    const bytes =
      this.shown === undefined || this.mode === "full" ? fullRepaint(next) : frameDiff(this.shown, next);
    this.shown = next;
    this.write(bytes);
  }

  private write(bytes: string): void {
    if (bytes === "" || this.held) return;
    // Every frame ends the same way (the cursor stays hidden): whoever reads the stream — a test, a recorder —
    // can tell a whole frame from one still arriving.
    const frame = bytes + FRAME_END;
    if (!this.stream.write(frame)) {
      // The terminal is behind: hold on to the newest frame only until it has taken this one.
      this.draining = true;
      this.stream.once("drain", () => {
        this.draining = false;
        if (this.pending !== undefined && !this.closed) this.schedule();
      });
    }
    this.options.onWrite?.(frame);
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
  return standIn(stdout, { write });
}

/**
 * The terminal less its last row, for Ink's own writer (READER_OUTPUT=ink, a baseline for benchmarks): that
 * writer clears the whole terminal before every frame as tall as the terminal (Ink 6.8's onRender,
 * `outputHeight >= stdout.rows`), so the interface is laid out a row short there.
 */
export function oneRowShort<T extends { rows?: number }>(stdout: T): T {
  return standIn(stdout, {
    get rows() {
      return Math.max(1, (stdout.rows || 24) - 1);
    },
  });
}

/** `stdout` with the properties of `own` in place of its own; everything else is the terminal's. */
function standIn<T extends object>(stdout: T, own: object): T {
  return new Proxy(stdout, {
    get(target, property) {
      if (property in own) return Reflect.get(own, property) as unknown;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
