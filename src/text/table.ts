// Data tables for the terminal, as w3m draws them: a grid with box-drawing rules, columns sized by display
// width, numbers right-aligned, the header row set apart. A table wider than the column wraps its cells; when
// even that leaves a column too narrow to read, each row becomes a block of "header: value" lines.
//
// As with paragraphs, prepareTable does the width-independent work once (every cell segmented and measured) and
// layoutTable is the cheap pass run on every resize.
import type { TableRow } from "../model.js";
import { displayWidth, type AmbiguousWidth } from "./width.js";
import {
  layoutParagraph,
  prepareParagraph,
  preparedWidth,
  widestUnbreakable,
  type LayoutOptions,
  type PreparedParagraph,
} from "./wrap.js";

/** Which part of a piece's text a line shows at which column: what search highlighting maps matches onto. */
export interface LineSegment {
  /** UTF-16 offset in the piece's text. */
  offset: number;
  /** Display column in the line where that text starts. */
  column: number;
  /** UTF-16 length of the text shown. */
  length: number;
}

/** A line of a table: a LayoutLine of the article (src/text/article.ts). */
export interface TableLine {
  text: string;
  kind: "table" | "table-header";
  piece: number;
  offset: number;
  segments: LineSegment[];
}

export interface PreparedTable {
  rows: readonly TableRow[];
  /** Cells laid out like paragraphs (no indent), by row and column. */
  cells: PreparedParagraph[][];
  /** The cells' text one after another, each ended by "\n": what line offsets and search index into. */
  text: string;
  /** Where each cell starts in `text`. */
  starts: number[][];
  /** Display width of each cell, by row and column. */
  widths: number[][];
  /** Each cell as one line, for when its column is wide enough (undefined for a cell with line breaks). */
  whole: Array<Array<CellLines | undefined>>;
  /** Per column: widest cell, and the narrowest the column may wrap to. */
  natural: number[];
  minimum: number[];
  /** Per column: every body cell is a number (right-aligned, header too). */
  numeric: boolean[];
  /** Per column: its header text (header rows joined), for the "header: value" form. */
  labels: string[];
  /** The labels as the row form writes them (`城市：`), prepared for wrapping when wider than half the width. */
  leads: PreparedParagraph[];
  leadWidths: number[];
  ambiguous: AmbiguousWidth;
  /**
   * The lines last laid out, by the column widths (or, for the row form, the width) they were laid out at: a
   * resize that leaves a table's columns as they were (a table narrower than both widths, the usual case) costs
   * nothing for it.
   */
  last?: { key: string; piece: number; lines: TableLine[] };
}

// A cell that is a number as tables print them: 2,405  +12%  −3.5  ¥1,200  ３０％.
const NUMBER = /^[(（]?[+\-−±]?[$¥￥€£₩]?[\d０-９]+(?:[,，.．][\d０-９]+)*\s*[%％‰]?[)）]?$/;
// A wrapped column narrower than this shows a word or two per line: the row form reads better.
const COLUMN_MIN = 6;

export function prepareTable(rows: readonly TableRow[], options: LayoutOptions): PreparedTable {
  const flat: LayoutOptions = { ...options, indent: "none" };
  const columns = Math.max(0, ...rows.map((r) => r.cells.length));
  const natural = new Array<number>(columns).fill(0);
  const unbreakable = new Array<number>(columns).fill(0);
  const numeric = new Array<boolean>(columns).fill(true);
  const hasNumber = new Array<boolean>(columns).fill(false);
  const labels = new Array<string>(columns).fill("");
  let text = "";
  const starts: number[][] = [];
  const widths: number[][] = [];
  const cells = rows.map((row) => {
    const rowStarts: number[] = [];
    const rowWidths: number[] = [];
    const prepared = Array.from({ length: columns }, (_, c) => {
      const cell = row.cells[c] ?? "";
      rowStarts.push(text.length);
      text += `${cell}\n`;
      const p = prepareParagraph(cell, flat);
      const width = preparedWidth(p, 0, p.text.length);
      rowWidths.push(width);
      natural[c] = Math.max(natural[c]!, width);
      unbreakable[c] = Math.max(unbreakable[c]!, widestUnbreakable(p));
      if (row.header) labels[c] = labels[c] ? `${labels[c]} ${cell}`.trim() : cell;
      else if (cell !== "") {
        if (NUMBER.test(cell)) hasNumber[c] = true;
        else numeric[c] = false;
      }
      return p;
    });
    starts.push(rowStarts);
    widths.push(rowWidths);
    return prepared;
  });
  const leads = labels.map((label) =>
    prepareParagraph(label ? labelled(label, options.ambiguous) : "", flat),
  );
  const whole = cells.map((row, r) =>
    row.map((p, c): CellLines | undefined =>
      p.text.includes("\n")
        ? undefined
        : p.count === 0
          ? NO_LINES
          : { lines: [p.text], offsets: [0], widths: [widths[r]![c]!] },
    ),
  );
  return {
    rows,
    cells,
    text,
    starts,
    widths,
    whole,
    natural,
    minimum: natural.map((n, c) => Math.min(n, Math.max(COLUMN_MIN, unbreakable[c]!))),
    numeric: numeric.map((n, c) => n && hasNumber[c]!),
    labels,
    leads,
    leadWidths: leads.map((p) => preparedWidth(p, 0, p.text.length)),
    ambiguous: options.ambiguous,
  };
}

interface Rules {
  vertical: string;
  horizontal: string;
  top: [string, string, string];
  middle: [string, string, string];
  header: [string, string, string];
  headerLine: string;
  bottom: [string, string, string];
}

// Box-drawing characters are East Asian Ambiguous: where they are wide, plain ASCII keeps the grid aligned.
const BOX: Rules = {
  vertical: "│",
  horizontal: "─",
  top: ["┌", "┬", "┐"],
  middle: ["├", "┼", "┤"],
  header: ["╞", "╪", "╡"],
  headerLine: "═",
  bottom: ["└", "┴", "┘"],
};
const ASCII: Rules = {
  vertical: "|",
  horizontal: "-",
  top: ["+", "+", "+"],
  middle: ["+", "+", "+"],
  header: ["+", "+", "+"],
  headerLine: "=",
  bottom: ["+", "+", "+"],
};

/**
 * Column widths that fit `width`, or undefined when the grid cannot fit. Only the widest columns give way: all
 * are capped at one level (no column below its minimum), the highest level that fits, as w3m does.
 */
function columnWidths(table: PreparedTable, width: number): number[] | undefined {
  const n = table.natural.length;
  const room = width - (3 * n + 1);
  const natural = table.natural.map((w) => Math.max(1, w));
  if (natural.reduce((a, b) => a + b, 0) <= room) return natural;
  const minimum = table.minimum.map((w) => Math.max(1, w));
  if (minimum.reduce((a, b) => a + b, 0) > room) return undefined;
  const at = (level: number) => natural.map((w, c) => Math.max(minimum[c]!, Math.min(w, level)));
  const total = (level: number) => at(level).reduce((a, b) => a + b, 0);
  let low = 0;
  let high = Math.max(...natural);
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (total(mid) <= room) low = mid;
    else high = mid - 1;
  }
  const widths = at(low);
  // What the level leaves over goes, a column each, to the columns it capped.
  let spare = room - widths.reduce((a, b) => a + b, 0);
  for (let c = 0; c < n && spare > 0; c++) {
    if (widths[c]! < natural[c]!) {
      widths[c]!++;
      spare--;
    }
  }
  return widths;
}

/** `piece` is the article piece the table is (LayoutLine.piece). */
export function layoutTable(table: PreparedTable, width: number, piece = 0): TableLine[] {
  if (table.rows.length === 0 || table.natural.length === 0) return [];
  const widths = columnWidths(table, width);
  const key = widths ? widths.join(" ") : `rows at ${width}`;
  if (table.last?.key === key && table.last.piece === piece) return table.last.lines;
  const lines = widths ? layoutGrid(table, widths, piece) : layoutRecords(table, width, piece);
  table.last = { key, piece, lines };
  return lines;
}

interface CellLines {
  lines: string[];
  offsets: number[];
  /** Each line's display width; for a wrapped cell measured when the row is drawn, from `prepared`. */
  widths?: number[];
  prepared?: PreparedParagraph;
}
const NO_LINES: CellLines = { lines: [], offsets: [], widths: [] };

/** A grid laid out at one set of column widths: what its row lines are drawn from. */
interface Grid {
  table: PreparedTable;
  widths: readonly number[];
  /** Each row's cells at their column widths. */
  laid: CellLines[][];
  rules: Rules;
  ends: (n: number) => string;
}

/**
 * A line of a grid row. Its text and segments are put together when first read: a resize re-lays every table
 * of the article (their heights decide where everything is), but only the rows on the screen are drawn.
 */
class GridLine implements TableLine {
  readonly kind: "table" | "table-header";
  readonly piece: number;
  readonly offset: number;
  readonly #grid: Grid;
  readonly #row: number;
  readonly #k: number;
  #text: string | undefined;
  #segments: LineSegment[] | undefined;

  constructor(grid: Grid, row: number, k: number, kind: GridLine["kind"], piece: number, offset: number) {
    this.kind = kind;
    this.piece = piece;
    this.offset = offset;
    this.#grid = grid;
    this.#row = row;
    this.#k = k;
  }

  get text(): string {
    if (this.#text === undefined) this.#draw();
    return this.#text!;
  }

  get segments(): LineSegment[] {
    if (this.#segments === undefined) this.#draw();
    return this.#segments!;
  }

  #draw(): void {
    const { table, widths, laid, rules, ends } = this.#grid;
    const cells = laid[this.#row]!;
    const starts = table.starts[this.#row]!;
    const k = this.#k;
    let text = rules.vertical;
    let column = 1;
    const segments: LineSegment[] = [];
    for (let c = 0; c < widths.length; c++) {
      const cell = cells[c]!;
      const content = cell.lines[k];
      const shown = content === undefined ? 0 : cellLineWidth(cell, k);
      const pad = widths[c]! - shown;
      const left = table.numeric[c] ? pad : 0;
      if (content !== undefined && content !== "") {
        segments.push({
          offset: starts[c]! + cell.offsets[k]!,
          column: column + 1 + left,
          length: content.length,
        });
        text += spaces(left + 1) + content + ends(pad - left);
      } else text += ends(widths[c]! + 1);
      column += widths[c]! + 3;
    }
    this.#text = text;
    this.#segments = segments;
  }
}

function layoutGrid(table: PreparedTable, widths: number[], piece: number): TableLine[] {
  const rules = table.ambiguous === "narrow" ? BOX : ASCII;
  const columns = widths.length;
  const out: TableLine[] = [];
  // Cells at their column widths (most fit as they are), and whether any row wraps (rows are then ruled apart).
  let wraps = false;
  const laid: CellLines[][] = [];
  for (let r = 0; r < table.cells.length; r++) {
    const row = table.cells[r]!;
    const cells: CellLines[] = [];
    for (let c = 0; c < columns; c++) {
      const whole = table.whole[r]![c];
      if (whole && table.widths[r]![c]! <= widths[c]!) cells.push(whole);
      else {
        wraps = true;
        cells.push(wrapCell(row[c]!, widths[c]!));
      }
    }
    laid.push(cells);
  }
  const grid: Grid = { table, widths, laid, rules, ends: rules === BOX ? boxEnds : asciiEnds };
  const headerRule = rule(rules.header, rules.headerLine, widths);
  const rowRule = wraps ? rule(rules.middle, rules.horizontal, widths) : "";
  out.push(ruleLine(rule(rules.top, rules.horizontal, widths), piece, 0));
  const last = table.rows.length - 1;
  for (let r = 0; r <= last; r++) {
    const row = table.rows[r]!;
    const cells = laid[r]!;
    const kind = row.header ? "table-header" : "table";
    let height = 1;
    for (let c = 0; c < columns; c++) height = Math.max(height, cells[c]!.lines.length);
    for (let k = 0; k < height; k++) out.push(new GridLine(grid, r, k, kind, piece, table.starts[r]![0]!));
    if (r === last) break;
    const next = table.rows[r + 1]!;
    const nextStart = table.starts[r + 1]![0]!;
    if (row.header && !next.header) out.push(ruleLine(headerRule, piece, nextStart));
    else if (wraps) out.push(ruleLine(rowRule, piece, nextStart));
  }
  out.push(ruleLine(rule(rules.bottom, rules.horizontal, widths), piece, table.starts[last]![0]!));
  return out;
}

/** A cell wrapped to its column (its lines' widths are measured when drawn: most rows never are). */
function wrapCell(cell: PreparedParagraph, width: number): CellLines {
  const wrapped = layoutParagraph(cell, width);
  return { lines: wrapped.lines, offsets: wrapped.offsets, prepared: cell };
}

function cellLineWidth(cell: CellLines, k: number): number {
  if (cell.widths) return cell.widths[k] ?? 0;
  const from = cell.offsets[k] ?? 0;
  return preparedWidth(cell.prepared!, from, from + (cell.lines[k]?.length ?? 0));
}

function rule(ends: readonly [string, string, string], fill: string, widths: readonly number[]): string {
  let text = ends[0];
  for (let c = 0; c < widths.length; c++) text += (c > 0 ? ends[1] : "") + fill.repeat(widths[c]! + 2);
  return text + ends[2];
}

function ruleLine(text: string, piece: number, offset: number): TableLine {
  return { text, kind: "table", piece, offset, segments: [] };
}

/** Each body row as lines of "header: value" (or just the values, for a table without a header), ruled apart. */
function layoutRecords(table: PreparedTable, width: number, piece: number): TableLine[] {
  const rules = table.ambiguous === "narrow" ? BOX : ASCII;
  const out: TableLine[] = [];
  const separator = rules.horizontal.repeat(Math.max(1, Math.min(width, 20)));
  table.rows.forEach((row, r) => {
    if (row.header && table.rows.some((other) => !other.header)) return;
    if (out.length > 0)
      out.push({ text: separator, kind: "table", piece, offset: table.starts[r]![0]!, segments: [] });
    row.cells.forEach((cell, c) => {
      if (cell === "") return;
      const label = row.header ? "" : (table.labels[c] ?? "");
      const lead = label ? table.leads[c]!.text : "";
      const leadWidth = label ? table.leadWidths[c]! : 0;
      // A label taking more than half the width puts its value on the lines below it, indented.
      const own = leadWidth <= width / 2;
      const hang = own ? leadWidth : Math.min(2, Math.max(0, width - 1));
      if (!own)
        for (const line of layoutParagraph(table.leads[c]!, width).lines)
          out.push({ text: line, kind: "table", piece, offset: table.starts[r]![c]!, segments: [] });
      const laid = layoutParagraph(table.cells[r]![c]!, Math.max(1, width - hang));
      laid.lines.forEach((line, k) => {
        const offset = table.starts[r]![c]! + (laid.offsets[k] ?? 0);
        const front = own && k === 0 ? lead : " ".repeat(hang);
        out.push({
          text: front + line,
          kind: row.header ? "table-header" : "table",
          piece,
          offset,
          segments: [{ offset, column: hang, length: line.length }],
        });
      });
    });
  });
  return out;
}

const SPACES = " ".repeat(256);
function spaces(n: number): string {
  return n <= SPACES.length ? SPACES.slice(0, n) : " ".repeat(n);
}
// The end of a grid cell: `n` spaces, one more, the rule. One slice instead of three joins per cell.
const BOX_ENDS = `${SPACES} ${BOX.vertical}`;
const ASCII_ENDS = `${SPACES} ${ASCII.vertical}`;
const boxEnds = (n: number): string =>
  n <= SPACES.length ? BOX_ENDS.slice(SPACES.length - n) : spaces(n) + BOX_ENDS.slice(-2);
const asciiEnds = (n: number): string =>
  n <= SPACES.length ? ASCII_ENDS.slice(SPACES.length - n) : spaces(n) + ASCII_ENDS.slice(-2);

/** `城市：` after a CJK label, `City: ` after a Latin one. */
function labelled(label: string, ambiguous: AmbiguousWidth): string {
  const last = Array.from(label).pop() ?? "";
  return displayWidth(last, ambiguous) === 2 ? `${label}：` : `${label}: `;
}
