// Headings inside an article on the screen: every rank bold, the article's sections also in the title's colour
// where the theme has colour. The level itself is in the text (■ □ ◇, tests/text/structure.test.ts), so a
// terminal without colour or attributes still shows it.
import { describe, expect, it } from "vitest";
import type { LayoutLine, LineKind } from "../../src/text/article.js";
import { lineStyle } from "../../src/tui/screens/article.js";
import { makeTheme, type Theme } from "../../src/tui/theme.js";

const line = (kind: LineKind, text: string): LayoutLine => ({ kind, text, piece: 1, offset: 0 });

describe("headings on the article screen", () => {
  it("draws sections bold in the accent colour, lower ranks bold", () => {
    // The dark theme's colours (makeTheme gives none where the test's own terminal has no colour).
    const theme: Theme = { accent: "cyan", dim: true, link: "cyan", warn: "yellow", error: "red" };
    expect(lineStyle(line("heading", "■ 各地の雨量"), false, theme)).toEqual({ bold: true, color: "cyan" });
    expect(lineStyle(line("subheading", "□ やさしい日本語で"), false, theme)).toEqual({ bold: true });
    expect(lineStyle(line("minor-heading", "◇ 気をつけること"), false, theme)).toEqual({ bold: true });
  });

  it("keeps them bold without colour (NO_COLOR)", () => {
    const theme = makeTheme("auto", { NO_COLOR: "1" });
    for (const kind of ["heading", "subheading", "minor-heading"] as const)
      expect(lineStyle(line(kind, "■ 見出し"), false, theme).bold).toBe(true);
    expect(lineStyle(line("heading", "■ 見出し"), false, theme).color).toBeUndefined();
  });
});
