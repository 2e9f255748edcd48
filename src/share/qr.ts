// A QR code of a URL drawn with half blocks, two modules per character row, for a phone to scan off the
// terminal.
//
// Which modules are drawn: a scanner wants dark modules on a light ground, with a light quiet zone around.
// On a dark terminal (the default) the characters therefore draw the LIGHT modules and the quiet zone in the
// foreground colour, and the dark modules are the terminal's own background showing through. `invert: true`
// is for light terminals: the characters draw the dark modules and the background is the light ground.
import qrcode from "qrcode-generator";

export interface QrOptions {
  /** Light margin around the code, in modules: 2 by default (the standard asks for 4; 2 saves four rows and
   * columns, and the code still decodes, see tests/share/qr.test.ts). */
  quietZone?: number;
  /** Draw the dark modules instead of the light ones: for a terminal with a light background. */
  invert?: boolean;
  /** Error correction: M (default, 15 %) or L (7 %, a smaller code). */
  errorCorrection?: "L" | "M";
}

const UPPER = "▀";
const LOWER = "▄";
const FULL = "█";
const NONE = " ";

/**
 * The modules of the QR code for `text` (byte mode, UTF-8): true = dark. Empty when the text is longer than
 * the largest QR code holds (2,331 bytes at level M; a feed decides how long its links are).
 */
export function qrMatrix(text: string, errorCorrection: "L" | "M" = "M"): boolean[][] {
  const code = qrcode(0, errorCorrection);
  // The library's byte mode takes one character per byte: hand it the UTF-8 bytes as Latin-1.
  code.addData(Buffer.from(text, "utf8").toString("latin1"), "Byte");
  try {
    code.make();
  } catch {
    return []; // "code length overflow": no version is large enough
  }
  const size = code.getModuleCount();
  const rows: boolean[][] = [];
  for (let r = 0; r < size; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < size; c++) row.push(code.isDark(r, c));
    rows.push(row);
  }
  return rows;
}

/**
 * The QR code for `text` as lines of ▀ ▄ █ and spaces, each character one module wide and two high. Every
 * line is 2 * quietZone + modules columns wide; there are ceil((modules + 2 * quietZone) / 2) lines. No lines
 * when the text does not fit a QR code.
 */
export function qrLines(text: string, opts: QrOptions = {}): string[] {
  const quiet = Math.max(0, Math.floor(opts.quietZone ?? 2));
  const matrix = qrMatrix(text, opts.errorCorrection);
  if (matrix.length === 0) return [];
  const size = matrix.length + 2 * quiet;
  // drawn(r, c): whether the character cell shows foreground at module (r, c) of the padded code. Below the
  // last row there is nothing to draw.
  const drawn = (r: number, c: number): boolean => {
    if (r >= size) return false;
    const inner = matrix[r - quiet]?.[c - quiet];
    const dark = inner ?? false; // the quiet zone is light
    return opts.invert ? dark : !dark;
  };
  const lines: string[] = [];
  for (let r = 0; r < size; r += 2) {
    let line = "";
    for (let c = 0; c < size; c++) {
      const top = drawn(r, c);
      const bottom = drawn(r + 1, c);
      line += top && bottom ? FULL : top ? UPPER : bottom ? LOWER : NONE;
    }
    lines.push(line);
  }
  return lines;
}
