// The build's patch of Ink's Output (scripts/ink-output-patch.mjs) builds the same frame string as Ink's own,
// for any mix of styled CJK/Latin/emoji writes at any x, and repeated frames (the row cache) stay identical. Its
// patch of Ink's sanitiser keeps what Ink's keeps and drops what it drops: no escape a text brings gets further.
// The patched tokeniser gives ansi-tokenize's own tokens, and makes no grapheme segmenter for codes and ASCII.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs build script without types
import { patchAnsiTokenize, patchInkOutput, patchInkSanitizeAnsi } from "../../scripts/ink-output-patch.mjs";
import { SINGLETON_CLUSTERS } from "../../src/text/width.js";

const inkBuild = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../node_modules/ink/build");
const patchedFile = path.join(inkBuild, `output.patched-test-${process.pid}.js`);
// The patch imports our width module (TypeScript, which Node cannot load here): point it at a plain copy.
const singletonFile = path.join(inkBuild, `singleton-test-${process.pid}.mjs`);
writeFileSync(
  singletonFile,
  `export const SINGLETON_CLUSTERS = new RegExp(${JSON.stringify(SINGLETON_CLUSTERS.source)});\n`,
);
writeFileSync(
  patchedFile,
  patchInkOutput(readFileSync(path.join(inkBuild, "output.js"), "utf8")).replace(
    /from "[^"]*width\.ts"/,
    `from ${JSON.stringify(singletonFile)}`,
  ),
);
// Beside Ink's own, which it imports the tokeniser from.
const patchedSanitizer = path.join(inkBuild, `sanitize-ansi.patched-test-${process.pid}.js`);
writeFileSync(
  patchedSanitizer,
  patchInkSanitizeAnsi(readFileSync(path.join(inkBuild, "sanitize-ansi.js"), "utf8")),
);
// Beside ansi-tokenize's own, whose modules it imports.
const tokenizeBuild = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../node_modules/@alcalzone/ansi-tokenize/build",
);
const patchedTokenizer = path.join(tokenizeBuild, `tokenize.patched-test-${process.pid}.js`);
writeFileSync(
  patchedTokenizer,
  patchAnsiTokenize(readFileSync(path.join(tokenizeBuild, "tokenize.js"), "utf8")),
);
afterAll(() => {
  rmSync(patchedFile, { force: true });
  rmSync(singletonFile, { force: true });
  rmSync(patchedSanitizer, { force: true });
  rmSync(patchedTokenizer, { force: true });
});

type OutputClass = new (options: { width: number; height: number }) => {
  write(
    x: number,
    y: number,
    text: string,
    options: { transformers: Array<(s: string, i: number) => string> },
  ): void;
  get(): { output: string; height: number };
};
const original = (await import(pathToFileURL(path.join(inkBuild, "output.js")).href)).default as OutputClass;
const patched = (await import(pathToFileURL(patchedFile).href)).default as OutputClass;

const bold = (s: string) => `\u001b[1m${s}\u001b[22m`;
const inverse = (s: string) => `\u001b[7m${s}\u001b[27m`;
/** A row as nested Texts style it (a list row: coloured mark, bold title, dim date), codes between its parts. */
const nested = (s: string) => {
  const [a, b, c] = [s.slice(0, 2), s.slice(2, 9), s.slice(9)];
  return inverse(`\u001b[36m${a}\u001b[39m${bold(b)}\u001b[2m${c}\u001b[22m`);
};
const reset = (s: string) => `\u001b[1;4m${s.slice(0, 3)}\u001b[0m${s.slice(3)}`;

describe("Ink's Output, patched for speed", () => {
  const text = fc
    .array(fc.constantFrom("中", "文", "。", "「", "a", "b", " ", "한", "😀", "e\u0301", "…"), {
      maxLength: 30,
    })
    .map((parts) => parts.join(""));
  const write = fc.record({
    x: fc.integer({ min: 0, max: 10 }),
    y: fc.integer({ min: -2, max: 12 }),
    lines: fc.array(text, { minLength: 1, maxLength: 3 }),
    style: fc.constantFrom("plain", "bold", "inverse", "bold-cyan", "nested", "reset"),
  });

  it("gives the same frame as Ink's own, frame after frame", () => {
    fc.assert(
      fc.property(fc.array(fc.array(write, { maxLength: 8 }), { minLength: 1, maxLength: 3 }), (frames) => {
        for (const writes of frames) {
          const ours = new patched({ width: 40, height: 10 });
          const theirs = new original({ width: 40, height: 10 });
          for (const w of writes) {
            const transformers =
              w.style === "bold"
                ? [bold]
                : w.style === "inverse"
                  ? [(s: string) => inverse(s)]
                  : w.style === "bold-cyan"
                    ? [(s: string) => `\u001b[36m${s}\u001b[39m`, bold]
                    : w.style === "nested"
                      ? [nested]
                      : w.style === "reset"
                        ? [reset]
                        : [];
            ours.write(w.x, w.y, w.lines.join("\n"), { transformers });
            theirs.write(w.x, w.y, w.lines.join("\n"), { transformers });
          }
          expect(ours.get()).toEqual(theirs.get());
        }
      }),
      { numRuns: 400 },
    );
  });
});

type Sanitize = (text: string) => string;
const inkSanitize = (await import(pathToFileURL(path.join(inkBuild, "sanitize-ansi.js")).href))
  .default as Sanitize;
const patchedSanitize = (await import(pathToFileURL(patchedSanitizer).href)).default as Sanitize;

describe("Ink's sanitiser, patched to pass styled text through untouched", () => {
  // Pieces of text as a page, a feed or our own styling may bring them: SGR codes (kept) beside cursor moves,
  // screen clears, private modes, OSC titles and links, C1 controls and escapes cut short (dropped or kept as Ink
  // decides).
  const piece = fc.constantFrom(
    "中文",
    "한국어",
    "abc",
    " ",
    "\n",
    "…",
    "\u001b[1m",
    "\u001b[22m",
    "\u001b[38;2;255;0;0m",
    "\u001b[38:5:196m",
    "\u001b[m",
    "\u001b[2J",
    "\u001b[H",
    "\u001b[?25l",
    "\u001b[1 q",
    "\u001b[<1m",
    "\u001b]0;title\u0007",
    "\u001b]8;;http://example.test/\u001b\\",
    "\u009b31m",
    "\u009d0;x\u009c",
    "\u0085",
    "\u001bc",
    "\u001b",
    "\u001b[",
    "\u001b[12",
    "\u0007",
  );

  it("gives what Ink's own gives for any mix of text and escapes", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("");
        expect(patchedSanitize(text)).toBe(inkSanitize(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("still drops a cursor move or a screen clear among styled text", () => {
    expect(patchedSanitize("\u001b[1m标题\u001b[22m\u001b[2J\u001b[H正文")).toBe(
      "\u001b[1m标题\u001b[22m正文",
    );
    expect(patchedSanitize("一\u009b2J二")).toBe("一二");
  });
});

type Tokenize = (text: string) => unknown[];
const inkTokenize = (await import(pathToFileURL(path.join(tokenizeBuild, "tokenize.js")).href))
  .tokenize as Tokenize;
/** A fresh instance of the patched tokeniser (its segmenter not yet made). */
const patchedTokenize = async (instance: string) =>
  (await import(`${pathToFileURL(patchedTokenizer).href}?${instance}`)).tokenize as Tokenize;

describe("ansi-tokenize's tokeniser, patched to walk ASCII without a grapheme segmenter", () => {
  // SGR codes as Ink's Text and our rows write them, and as a page may bring them: compound, 256-colour and
  // truecolour (kept whole inside a compound), cut-short colours, resets; text in ASCII and beyond (combining
  // marks, emoji, CR LF: clusters of more than one unit), C1 and OSC escapes.
  const codes = [
    "\u001b[1m",
    "\u001b[22m",
    "\u001b[1;3;31m",
    "\u001b[38;5;196m",
    "\u001b[48;5;21m",
    "\u001b[38;2;255;128;0m",
    "\u001b[48;2;1;2;3m",
    "\u001b[1;38;2;10;20;30;4m",
    "\u001b[7;38;5;33;49m",
    "\u001b[38;5m",
    "\u001b[38;2;1;2m",
    "\u001b[39m",
    "\u001b[49m",
    "\u001b[27m",
    "\u001b[0m",
    "\u001b[m",
    "\u001b[;m",
    "\u001b[2;1m",
  ];
  const texts = [
    "x",
    "abc",
    " ",
    "\r",
    "\n",
    "\r\n",
    "\u0007",
    "\u001b",
    "\u001b[",
    "\u001b[12",
    "\u001b[38:5:1m",
  ];
  const beyond = ["中文", "e\u0301", "😀", "🇨🇳", "\u009b31m", "\u001b]8;;http://example.test/\u0007", "한"];

  it("makes no segmenter for SGR codes and ASCII text", async () => {
    const tokenize = await patchedTokenize("ascii-only");
    const Original = Intl.Segmenter;
    let made = 0;
    const intl = Intl as { Segmenter: typeof Original };
    intl.Segmenter = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        made++;
      }
    };
    try {
      for (const code of codes) tokenize(code + "x" + code);
      for (const text of texts) if (text !== "\r\n") tokenize(codes.join("") + text + codes[1]);
      expect(made).toBe(0);
      tokenize("中" + codes[0]);
      expect(made).toBe(1);
    } finally {
      intl.Segmenter = Original;
    }
  });

  it("gives ansi-tokenize's tokens for any mix of codes and text", async () => {
    const tokenize = await patchedTokenize("mixed");
    const piece = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...codes) },
      { weight: 2, arbitrary: fc.constantFrom(...texts) },
      { weight: 1, arbitrary: fc.constantFrom(...beyond) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("");
        expect(tokenize(text)).toEqual(inkTokenize(text));
      }),
      { numRuns: 3000 },
    );
  });
});
