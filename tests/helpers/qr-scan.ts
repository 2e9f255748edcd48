// What a phone camera sees of a QR code drawn with half blocks on a terminal, and a plain scanner's reading of it.
import jsQRModule from "jsqr";

// jsqr is CommonJS with an `exports.default` beside module.exports: its types describe the latter's property.
const jsQR = jsQRModule.default;

const PIXELS_PER_MODULE = 4;
const TERMINAL_MARGIN = 3; // characters of plain terminal background around the drawn code

/**
 * What a camera sees: each character is one module wide and two high (▀ top, ▄ bottom, █ both, space none),
 * drawn in `foreground` on `background`, with some plain terminal around it. RGBA, as jsQR wants.
 */
export function photograph(lines: string[], foreground: number, background: number) {
  const columns = Math.max(...lines.map((l) => [...l].length)) + 2 * TERMINAL_MARGIN;
  const rows = 2 * (lines.length + 2 * TERMINAL_MARGIN);
  const width = columns * PIXELS_PER_MODULE;
  const height = rows * PIXELS_PER_MODULE;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  const paint = (moduleRow: number, moduleCol: number, on: boolean) => {
    const value = on ? foreground : background;
    for (let y = 0; y < PIXELS_PER_MODULE; y++)
      for (let x = 0; x < PIXELS_PER_MODULE; x++) {
        const i = ((moduleRow * PIXELS_PER_MODULE + y) * width + moduleCol * PIXELS_PER_MODULE + x) * 4;
        data[i] = data[i + 1] = data[i + 2] = value;
      }
  };
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) paint(r, c, false);
  lines.forEach((line, lineIndex) => {
    [...line].forEach((char, column) => {
      const top = char === "▀" || char === "█";
      const bottom = char === "▄" || char === "█";
      const r = 2 * (lineIndex + TERMINAL_MARGIN);
      const c = column + TERMINAL_MARGIN;
      paint(r, c, top);
      paint(r + 1, c, bottom);
    });
  });
  return { data, width, height };
}

export const LIGHT = 230;
export const DARK = 20;

/** Decodes as a plain scanner does: dark modules on a light ground only. */
export function scan(image: { data: Uint8ClampedArray; width: number; height: number }): string | undefined {
  const result = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
  return result ? Buffer.from(result.binaryData).toString("utf8") : undefined;
}
