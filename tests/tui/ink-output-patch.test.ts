// The build's patch of Ink's Output (scripts/ink-output-patch.mjs) builds the same frame string as Ink's own,
// for any mix of styled CJK/Latin/emoji writes at any x, and repeated frames (the row cache) stay identical.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs build script without types
import { patchInkOutput } from "../../scripts/ink-output-patch.mjs";
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
afterAll(() => {
  rmSync(patchedFile, { force: true });
  rmSync(singletonFile, { force: true });
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
