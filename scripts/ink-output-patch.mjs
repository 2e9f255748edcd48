import { fileURLToPath } from "node:url";
// Build-time patch of Ink 6's Output (node_modules/ink/build/output.js), for speed on screens of CJK text:
// 1. its width and tokenizer caches live across frames (Ink makes new ones for every frame), bounded;
// 2. a frame made only of plain writes (no clipping — the interface draws none) is assembled row by row, and a
//    row already drawn before (same x positions, same styled text, same width: the rows of a scrolled article)
//    is taken from a bounded cache instead of being re-tokenised character by character.
// The result is the same string Ink builds (tests/e2e/render-equivalence.test.ts and the layout screen tests
// compare the screen with a plain full repaint). If Ink's file changes, the build stops rather than guess.

const widthModule = fileURLToPath(new URL("../src/text/width.ts", import.meta.url));

const FAST_GET = `
import isFullwidthCodePoint from 'is-fullwidth-code-point';
import { SINGLETON_CLUSTERS } from ${JSON.stringify(widthModule)};
// A line of plain text between SGR codes (how Ink's Text styles a line), each character its own cluster: its
// styled characters without the tokenizer's per-grapheme segmentation. The codes are tokenised once.
const SGR_AROUND_TEXT = /^((?:\\u001b\\[[0-9;]*m)*)([^\\u001b]*?)((?:\\u001b\\[[0-9;]*m)*)$/;
function styledCharsOfPlainText(line) {
    const parts = SGR_AROUND_TEXT.exec(line);
    if (!parts || !SINGLETON_CLUSTERS.test(parts[2])) return undefined;
    const styles = styledCharsFromTokens(tokenize(parts[1] + 'x' + parts[3]))[0]?.styles ?? [];
    const chars = [];
    for (let i = 0; i < parts[2].length; i++) {
        const value = parts[2][i];
        chars.push({ type: 'char', value, fullWidth: isFullwidthCodePoint(value.charCodeAt(0)), styles: styles.slice() });
    }
    return chars;
}
const sharedOutputCaches = new OutputCaches();
const renderedRows = new Map();
const BLANK_CELL = { type: 'char', value: ' ', fullWidth: false, styles: [] };
function assembleRows(output) {
    const rows = Array.from({ length: output.height }, () => []);
    for (const operation of output.operations) {
        if (operation.type !== 'write') return undefined;
        if (operation.y < 0) continue;
        const lines = operation.text.split('\\n');
        for (let index = 0; index < lines.length; index++) {
            const y = operation.y + index;
            if (y >= output.height) break;
            let line = lines[index];
            for (const transformer of operation.transformers) line = transformer(line, index);
            rows[y].push(operation.x, line);
        }
    }
    const text = rows.map(writes => {
        if (writes.length === 0) return '';
        const key = output.width + '\\u0002' + writes.join('\\u0001');
        let row = renderedRows.get(key);
        if (row === undefined) {
            const cells = new Array(output.width).fill(BLANK_CELL);
            for (let i = 0; i < writes.length; i += 2) {
                let offsetX = writes[i];
                for (const character of output.caches.getStyledChars(writes[i + 1])) {
                    cells[offsetX] = character;
                    const characterWidth = Math.max(1, output.caches.getStringWidth(character.value));
                    for (let k = 1; k < characterWidth; k++) {
                        cells[offsetX + k] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
                    }
                    offsetX += characterWidth;
                }
            }
            row = styledCharsToString(cells.filter(cell => cell !== undefined)).trimEnd();
            if (renderedRows.size > 2000) renderedRows.clear();
            renderedRows.set(key, row);
        }
        return row;
    });
    return { output: text.join('\\n'), height: output.height };
}
export default class Output {`;

/** Returns the patched source; throws when Ink's file no longer has what the patch expects. */
export function patchInkOutput(source) {
  const steps = [
    ["caches = new OutputCaches();", "caches = sharedOutputCaches;"],
    [
      "cached = styledCharsFromTokens(tokenize(line));",
      "cached = styledCharsOfPlainText(line) ?? styledCharsFromTokens(tokenize(line));",
    ],
    ["export default class Output {", FAST_GET],
    [
      "    get() {\n",
      "    get() {\n        return assembleRows(this) ?? this.getFromGrid();\n    }\n    getFromGrid() {\n",
    ],
  ];
  let patched = source;
  for (const [from, to] of steps) {
    if (!patched.includes(from))
      throw new Error(
        `ink/build/output.js changed (no "${from.trim()}"): update scripts/ink-output-patch.mjs`,
      );
    patched = patched.replace(from, to);
  }
  // Bounds: a tokenised line is ~5 KB of objects, so a few screens' worth of those; widths are small.
  return patched
    .replaceAll(/(this\.(widths|blockWidths))\.set\(/g, "($1.size > 20000 && $1.clear()), $1.set(")
    .replaceAll(/(this\.styledChars)\.set\(/g, "($1.size > 300 && $1.clear()), $1.set(");
}
