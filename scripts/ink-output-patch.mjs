import { fileURLToPath } from "node:url";
// Build-time patch of Ink 6's Output (node_modules/ink/build/output.js), for speed on screens of CJK text:
// 1. its width and tokenizer caches live across frames (Ink makes new ones for every frame), bounded;
// 2. a frame made only of plain writes (no clipping — the interface draws none) is assembled row by row, and a
//    row already drawn before (same x positions, same styled text, same width: the rows of a scrolled article)
//    is taken from a bounded cache instead of being re-tokenised character by character.
// 3. its sanitiser of every text (squash-text-nodes.js, twice a frame: to measure and to draw) tokenises the
//    whole text and builds it again whenever it holds an escape; a text whose only escapes are colour and weight
//    codes (SGR), as every styled text of ours is, comes out as it went in, so it is returned as it is.
// The result is the same string Ink builds (tests/e2e/render-equivalence.test.ts and the layout screen tests
// compare the screen with a plain full repaint). If Ink's file changes, the build stops rather than guess.

const widthModule = fileURLToPath(new URL("../src/text/width.ts", import.meta.url));

const FAST_GET = `
import isFullwidthCodePoint from 'is-fullwidth-code-point';
import { ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental } from '@alcalzone/ansi-tokenize';
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
// The styles after a run of SGR codes, from the styles before it (reduced as Ink's tokenizer reduces them), and
// the codes Ink writes between a character in one style and the next in another (from its styledCharsToString):
// each worked out once per pair. A style's key is its codes in order, which is all the codes written depend on.
// Both caches are by one key, then the other (a Map of Maps), so a lookup joins no strings: each row of a list or
// an article looks up several, and a page brings ~40 rows never drawn.
const NO_STYLE = { styles: [], key: '' };
const stylesAfterCodes = new Map();
let stylesAfterSize = 0;
function stylesAfter(style, codes) {
    if (codes === '') return style;
    let byCodes = stylesAfterCodes.get(style.key);
    let next = byCodes?.get(codes);
    if (next === undefined) {
        const tokens = tokenize(codes).filter(token => token.type === 'ansi');
        const styles = reduceAnsiCodesIncremental(style.styles, tokens);
        next = { styles, key: styles.map(code => code.code).join('') };
        if (stylesAfterSize++ > 1000) {
            stylesAfterCodes.clear();
            stylesAfterSize = 0;
            byCodes = undefined;
        }
        if (byCodes === undefined) stylesAfterCodes.set(style.key, (byCodes = new Map()));
        byCodes.set(codes, next);
    }
    return next;
}
const transitions = new Map();
let transitionsSize = 0;
function transition(from, to) {
    if (from.key === to.key) return '';
    let byTo = transitions.get(from.key);
    let codes = byTo?.get(to.key);
    if (codes === undefined) {
        codes = ansiCodesToString(diffAnsiCodes(from.styles, to.styles));
        if (transitionsSize++ > 1000) {
            transitions.clear();
            transitionsSize = 0;
            byTo = undefined;
        }
        if (byTo === undefined) transitions.set(from.key, (byTo = new Map()));
        byTo.set(to.key, codes);
    }
    return codes;
}
// Columns of a character that is a cluster of its own (a UTF-16 unit, never a surrogate: SINGLETON_CLUSTERS), as
// Ink's grid counts it (at least one), by its code: worked out once per character, with no string made for it.
const UNIT_COLUMNS = new Uint8Array(0x10000);
function unitColumns(output, text, k) {
    const code = text.charCodeAt(k);
    let columns = UNIT_COLUMNS[code];
    if (columns === 0) {
        columns = Math.max(1, output.caches.getStringWidth(text[k]));
        UNIT_COLUMNS[code] = columns;
    }
    return columns;
}
// A write is runs of SGR codes and text; any other escape leaves the row to the grid.
const CODES_THEN_TEXT = /((?:\\u001b\\[[0-9;]*m)*)([^\\u001b\\u009b]*)/y;
// A row of writes of plain text with SGR codes around and between its parts (how Ink's nested Texts style a
// row), left to right, not overlapping: the string Ink's cell grid gives (blanks before and between, the codes
// from each character's style to the next's), built run by run instead of cell by cell — a page turn brings ~40
// rows never drawn before.
function plainRow(output, writes) {
    let row = '';
    let column = 0;
    let style = NO_STYLE;
    for (let i = 0; i < writes.length; i += 2) {
        const x = writes[i];
        const line = writes[i + 1];
        if (x < column) return undefined;
        let lineStyle = NO_STYLE;
        for (let at = 0; at < line.length;) {
            CODES_THEN_TEXT.lastIndex = at;
            const parts = CODES_THEN_TEXT.exec(line);
            if (!parts || parts[0] === '') return undefined;
            at += parts[0].length;
            lineStyle = stylesAfter(lineStyle, parts[1]);
            const text = parts[2];
            if (text === '') continue;
            if (!SINGLETON_CLUSTERS.test(text)) return undefined;
            if (x > column) {
                row += transition(style, NO_STYLE) + ' '.repeat(x - column);
                style = NO_STYLE;
                column = x;
            }
            row += transition(style, lineStyle) + text;
            style = lineStyle;
            for (let k = 0; k < text.length; k++) column += unitColumns(output, text, k);
        }
    }
    return (row + transition(style, NO_STYLE)).trimEnd();
}
const sharedOutputCaches = new OutputCaches();
// Rows by what was written on them: a row of one write (almost all: a list's or an article's rows are lines of
// one text) by its width and x, then its line, so that looking it up joins nothing; any other by its writes
// joined. A line cut from a frame's text can hold that whole text alive: a row kept keeps a copy of its own.
const renderedRows = new Map();
const rowsByLine = new Map();
let renderedCount = 0;
function keepRow(place, writes, row) {
    if (renderedCount++ > 2000) {
        renderedRows.clear();
        rowsByLine.clear();
        renderedCount = 1;
    }
    if (place === undefined) {
        renderedRows.set(writes, row);
        return;
    }
    let byLine = rowsByLine.get(place);
    if (byLine === undefined) rowsByLine.set(place, (byLine = new Map()));
    byLine.set((writes[1] + ' ').slice(0, -1), row);
}
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
        const place = writes.length === 2 ? output.width * 65536 + writes[0] : undefined;
        const key = place === undefined ? output.width + '\\u0002' + writes.join('\\u0001') : undefined;
        let row = place === undefined ? renderedRows.get(key) : rowsByLine.get(place)?.get(writes[1]);
        if (row !== undefined) return row;
        row = plainRow(output, writes);
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
        keepRow(place, place === undefined ? key : writes, row);
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

// Ink 6's sanitiser (sanitize-ansi.js) keeps text, OSC and SGR sequences and drops every other escape, by
// tokenising: some 20 objects and strings per row of a list or an article, for a result equal to its input when
// the only escapes are SGR (`ESC [` digits, `:` or `;`, `m`) and no C1 control is present. That case is found by
// a scan that allocates nothing; any other text goes through Ink's tokeniser as before.
const ONLY_SGR = `
const SGR_AT = /\\u001b\\[[\\d:;]*m/y;
const C1_CONTROL = /[\\u0080-\\u009f]/;
function onlySgrEscapes(text) {
    if (C1_CONTROL.test(text)) return false;
    for (let at = text.indexOf('\\u001b'); at !== -1; at = text.indexOf('\\u001b', SGR_AT.lastIndex)) {
        SGR_AT.lastIndex = at;
        if (!SGR_AT.test(text)) return false;
    }
    return true;
}
`;

/** Returns the patched sanitiser; throws when Ink's file no longer has what the patch expects. */
export function patchInkSanitizeAnsi(source) {
  const from = "const sanitizeAnsi = (text) => {\n";
  if (!source.includes(from))
    throw new Error(
      `ink/build/sanitize-ansi.js changed (no "${from.trim()}"): update scripts/ink-output-patch.mjs`,
    );
  return source.replace(
    from,
    `${ONLY_SGR}${from}    if (onlySgrEscapes(text)) {\n        return text;\n    }\n`,
  );
}

// The first Intl.Segmenter a process makes costs 10–16 ms of CPU (ICU's break data), and @alcalzone/ansi-tokenize
// makes one as it loads; Ink's Output (and our patch above) then tokenises with it runs of SGR codes and plain
// ASCII, strings in which every UTF-16 unit is a grapheme of its own (no ASCII character extends another, and only
// CR LF is one cluster of two). Those are walked unit by unit; the segmenter is made at the first other string.
// The tokens are the tokeniser's own (its parser, its splitting of compound codes, its end codes): only the walk
// differs (tests/tui/ink-output-patch.test.ts compares the two on any mix of codes and text).
const ASCII_GRAPHEMES = `let segmenter;
const ASCII = /^[\\u0000-\\u007f]*$/;
function graphemes(str) {
    if (!ASCII.test(str) || str.includes("\\r\\n"))
        return (segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" })).segment(str);
    const units = [];
    for (let index = 0; index < str.length; index++) units.push({ segment: str[index], index });
    return units;
}`;

/** Returns ansi-tokenize's tokenize.js with its segmenter made at first need and ASCII walked without it. */
export function patchAnsiTokenize(source) {
  return replaceEach(source, "@alcalzone/ansi-tokenize/build/tokenize.js", [
    ['const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });', ASCII_GRAPHEMES],
    [
      "for (const { segment, index } of segmenter.segment(str)) {",
      "for (const { segment, index } of graphemes(str)) {",
    ],
  ]);
}

/**
 * slice-ansi (Ink's Output, only for clipped writes, and cli-truncate) makes its grapheme segmenter as it loads: it
 * is made at its first use instead.
 */
export function patchSliceAnsi(source) {
  const name = "GRAPHEME_SEGMENTER";
  // Anything but .segment( on it would need the segmenter itself.
  if (source.split(name).length !== source.split(`${name}.segment(`).length + 1)
    throw new Error("slice-ansi/tokenize-ansi.js changed: its segmenter is used other than by .segment(");
  return replaceEach(source, "slice-ansi/tokenize-ansi.js", [
    [
      `const ${name} = new Intl.Segmenter(undefined, {granularity: 'grapheme'});`,
      `let graphemeSegmenter;\nconst ${name} = {segment: (string) => (graphemeSegmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'})).segment(string)};`,
    ],
  ]);
}

/** Each [from, to] replaced in `source`, where each `from` occurs exactly once: if the package changed, the build stops. */
function replaceEach(source, file, replacements) {
  for (const [from, to] of replacements) {
    if (source.split(from).length !== 2)
      throw new Error(`${file} changed (expected once: "${from}"): update scripts/ink-output-patch.mjs`);
    source = source.replace(from, () => to);
  }
  return source;
}
