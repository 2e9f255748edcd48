// The results of a search of everything kept draw their visible rows as one styled string. What the reader sees
// must be what a <Text> per row and per part of it gives — title bold, matched words bold and underlined in the
// accent colour, the rest of the snippet dim (not on the selected row), the date dim — in every theme and width.
import { Box, Text, renderToString } from "ink";
import { describe, expect, it } from "vitest";
import { snippetParts } from "../../src/commands/search-command.js";
import type { SearchHit } from "../../src/store/archive.js";
import { formatLocalTime } from "../../src/text/article.js";
import { displayWidth } from "../../src/text/width.js";
import { fit } from "../../src/tui/rows.js";
import { fitParts, SearchRows } from "../../src/tui/screens/search.js";
import type { ListScreen } from "../../src/tui/state.js";
import type { Theme } from "../../src/tui/theme.js";
import { THEMES, withFullColour } from "../helpers/themes.js";

const hits: SearchHit[] = Array.from({ length: 30 }, (_, i) => ({
  url: `http://example.test/a/${i}.html`,
  title: i % 2 ? `台風${i}号 九州に接近、各地で大雨のおそれ` : `Typhoon ${i} nears Kyushu`,
  ...(i % 3 === 0 ? {} : { published: `2025-08-${String((i % 28) + 1).padStart(2, "0")}T06:30:00+08:00` }),
  snippet: `気象庁によると、台風${i}号は九州の南の海上を北上しています。台風の影響で各地で雨が強まる見込みです。`,
  marks:
    i % 4 === 0
      ? []
      : [
          [7, 9],
          [29, 31],
        ],
}));

/** The rows as they were drawn before they became one string: a <Text> per row, one per part inside it. */
function reference(screen: ListScreen, height: number, width: number, theme: Theme) {
  const dateWidth = width >= 100 ? 16 : 0;
  const titleWidth = Math.min(40, Math.floor(width / 3));
  const snippetWidth = width - 2 - titleWidth - 2 - (dateWidth ? dateWidth + 1 : 0);
  return (
    <Box flexDirection="column">
      {hits.slice(screen.top, screen.top + height).map((hit, i) => {
        const selected = screen.top + i === screen.selected;
        const parts = fitParts(snippetParts(hit), snippetWidth, "narrow");
        const used = parts.reduce((n, p) => n + displayWidth(p.text), 0);
        return (
          <Text key={i} inverse={selected} wrap="truncate">
            {selected ? "› " : "  "}
            <Text bold>{fit(hit.title, titleWidth, "narrow")}</Text>
            {"  "}
            {parts.map((part, n) =>
              part.marked ? (
                <Text key={n} bold underline color={theme.accent}>
                  {part.text}
                </Text>
              ) : (
                <Text key={n} dimColor={theme.dim && !selected}>
                  {part.text}
                </Text>
              ),
            )}
            {" ".repeat(Math.max(0, snippetWidth - used))}
            {dateWidth ? (
              <Text dimColor={theme.dim}>
                {" "}
                {fit(hit.published ? formatLocalTime(hit.published) : "", dateWidth, "narrow")}
              </Text>
            ) : null}
          </Text>
        );
      })}
    </Box>
  );
}

withFullColour();

describe("the search results' rows", () => {
  for (const [name, makeIt] of THEMES)
    it(`are drawn as a <Text> per row and part would draw them (${name} theme, 40 to 120 columns)`, () => {
      const theme = makeIt();
      if (name === "dark") expect(theme.accent).toBe("cyan");
      for (const width of [40, 80, 120])
        for (const [top, selected] of [
          [0, 0],
          [0, 3],
          [11, 20],
        ] as const) {
          const screen: ListScreen = { kind: "articles", channelId: "s", top, selected };
          const ours = renderToString(
            <SearchRows
              screen={screen}
              height={12}
              width={width}
              theme={theme}
              ambiguous="narrow"
              hits={hits}
            />,
            { columns: width },
          );
          expect(ours, `${width} columns, top ${top}, selected ${selected}`).toBe(
            renderToString(reference(screen, 12, width, theme), { columns: width }),
          );
        }
    });
});

describe("a snippet on a narrow row", () => {
  const hit: SearchHit = {
    url: "http://example.test/wind.html",
    title: "威海海上風電與海洋牧場",
    snippet: "以東海域風力正勁。離岸約30公里處，數十台風機的葉片緩緩轉動；而在海面之下，風機基礎成了魚礁。",
    marks: [[20, 22]],
  };
  const shown = (width: number, ambiguous: "narrow" | "wide") =>
    fitParts(snippetParts(hit), width, ambiguous);

  it("keeps the first match in sight when the text before it would push it past the row's end", () => {
    for (const ambiguous of ["narrow", "wide"] as const)
      for (const width of [10, 14, 20, 23, 30]) {
        const parts = shown(width, ambiguous);
        const text = parts.map((p) => p.text).join("");
        expect(parts.find((p) => p.marked)?.text, `${width} columns`).toBe("台風");
        expect(displayWidth(text, ambiguous)).toBeLessThanOrEqual(width);
        // What is left out before it is marked as left out, and no comma follows the mark.
        expect(text).toMatch(/^…[^，,]/);
      }
  });

  it("leaves a snippet whose match fits as it was, from its start", () => {
    const parts = shown(60, "narrow");
    expect(parts.map((p) => p.text).join("")).toMatch(/^以東海域風力正勁。/);
    expect(parts.find((p) => p.marked)?.text).toBe("台風");
  });
});
