import fc from "fast-check";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import fastStringWidth from "../../src/text/fast-string-width.js";

describe("the fast string-width Ink measures with", () => {
  const pieces = fc.constantFrom(
    "中",
    "文",
    "。",
    "「",
    "“",
    "…",
    "—",
    "·",
    "a",
    " ",
    "한",
    "ｶ",
    "ﾞ",
    "か",
    "\u3099",
    "😀",
    "👩‍💻",
    "🇨🇳",
    "e\u0301",
    "\u001b[1m",
    "\u001b[22m",
    "\u001b[38;2;10;20;30m",
    "\u001b[7m",
    "\u001b[",
    "\u001b]8;;http://x\u0007",
    "m",
    ";",
    "\u00ad",
    "①",
    "\t",
  );
  it("gives string-width's answer for any mix of CJK, kana, Hangul, Latin, emoji, marks and escapes", () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), fc.boolean(), (parts, narrow) => {
        const text = parts.join("");
        expect(fastStringWidth(text, { ambiguousIsNarrow: narrow })).toBe(
          stringWidth(text, { ambiguousIsNarrow: narrow }),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
