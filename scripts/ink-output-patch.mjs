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
// The codes Ink writes to open and to close one style (from its own styledCharsToString), by the SGR codes a
// write has around its text; and whether that style is no style at all.
const styleEnds = new Map();
function endsOfStyle(before, after) {
    const key = before + '\u0001' + after;
    let ends = styleEnds.get(key);
    if (ends === undefined) {
        const chars = styledCharsOfPlainText(before + 'x' + after);
        const drawn = styledCharsToString(chars);
        const at = drawn.indexOf('x');
        ends = { open: drawn.slice(0, at), close: drawn.slice(at + 1), plain: chars[0].styles.length === 0 };
        if (styleEnds.size > 1000) styleEnds.clear();
        styleEnds.set(key, ends);
    }
    return ends;
}
// A row of writes of plain text in one style each, left to right, not overlapping: the string Ink's cell grid
// gives (blanks before and between, each write's opening and closing codes around its text), built directly —
// a page turn brings ~40 rows never drawn before. Two styled writes side by side are left to the grid, where
// Ink writes only the difference of their codes.
function plainRow(output, writes) {
    let row = '';
    let column = 0;
    let styledBefore = false;
    for (let i = 0; i < writes.length; i += 2) {
        const x = writes[i];
        const parts = SGR_AROUND_TEXT.exec(writes[i + 1]);
        if (!parts || !SINGLETON_CLUSTERS.test(parts[2]) || x < column) return undefined;
        const text = parts[2];
        if (text === '') continue;
        const ends = endsOfStyle(parts[1], parts[3]);
        if (x > column) row += ' '.repeat(x - column);
        else if (styledBefore && !ends.plain) return undefined;
        row += ends.open + text + ends.close;
        column = x;
        for (let k = 0; k < text.length; k++) column += Math.max(1, output.caches.getStringWidth(text[k]));
        styledBefore = !ends.plain;
    }
    return row.trimEnd();
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
        if (row === undefined) row = plainRow(output, writes);
        if (row === undefined) {
            const cells = new Array(output.width).fill(BLANK_CELL);
            for (let i = 0; i < writes.length; i += 2) {
                let offsetX = writes[i];
                for (const character of styledCharsOfPlainText(writes[i + 1]) ?? output.caches.getStyledChars(writes[i + 1])) {
                    cells[offsetX] = character;
                    const characterWidth = Math.max(1, output.caches.getStringWidth(character.value));
                    for (let k = 1; k < characterWidth; k++) {
                        cells[offsetX + k] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
                    }
                    offsetX += characterWidth;
                }
            }
            row = styledCharsToString(cells.filter(cell => cell !== undefined)).trimEnd();
        }
        if (renderedRows.size > 2000) renderedRows.clear();
        renderedRows.set(key, row);
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

/**
 * Ink 6 keeps every text it ever measured, with its size, in a Map that is never emptied: every screen of every
 * article read stays in memory. Here it keeps short texts only (rows of lists, status lines: measured again and
 * again), a bounded number of them; a screen of article text is measured once and left to die young.
 */
export function patchInkMeasureText(source) {
  const from = "cache.set(text, dimensions);";
  if (!source.includes(from))
    throw new Error(`ink/build/measure-text.js changed (no "${from}"): update scripts/ink-output-patch.mjs`);
  return source.replace(
    from,
    "if (text.length > 256) return dimensions;\n    if (cache.size > 500) cache.clear();\n    " + from,
  );
}
