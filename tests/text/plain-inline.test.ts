// Titles and summaries of plain text skip the inline cleaning passes (isPlainInline). That shortcut must never
// let through a character the passes would have removed or changed: every code unit of the BMP, alone and
// around spaces and CJK, gives the same text with the shortcut as the passes do.
import { describe, expect, it } from "vitest";
import { cleanInline } from "../../src/sources/html.js";
import { isPlainInline, sanitizeInline } from "../../src/text/sanitize.js";

describe("plain inline text", () => {
  it("is only what the inline cleaning would leave as it is", () => {
    // A BEL (removed by the cleaning) makes the text not plain: the passes run, and must give the text back.
    const passes = (clean: (text: string) => string, text: string) => clean(`${text}\u0007`);
    const wrong: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      for (const text of [c, `a${c}b`, `中${c}${c}中`, ` ${c}`, `${c} `]) {
        if (
          isPlainInline(text) &&
          (passes(cleanInline, text) !== text || passes(sanitizeInline, text) !== text)
        )
          wrong.push(code.toString(16));
      }
    }
    expect(wrong).toEqual([]);
  });

  it("still cleans what needs it: escapes, controls, runs of spaces, long clusters", () => {
    expect(cleanInline("頭條\u001b[31m紅\u0007  新聞\u3000")).toBe("頭條紅 新聞");
    expect(cleanInline(" 標題 ")).toBe("標題");
    expect(cleanInline("e" + "\u0301".repeat(30))).toBe("e");
    expect(isPlainInline("頻道1 第2篇 東屿岛十年：居民讲述变化。")).toBe(true);
  });
});
