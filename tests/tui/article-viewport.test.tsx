// The article viewport draws its visible lines as one styled string (a page turn is one text update, not forty
// elements). What the reader sees must be what one Ink <Text> per line, styled by the line's kind, gives: same
// characters, same colours, bold, dim, underline and inverse — in every theme, with a selected link and with
// search matches marked.
import { stripVTControlCharacters } from "node:util";
import { Box, Text, renderToString } from "ink";
import { describe, expect, it } from "vitest";
import type { ArticleLayout, LayoutLine, LineKind } from "../../src/text/article.js";
import type { SearchMatch } from "../../src/text/search.js";
import { ArticleViewport, lineStyle } from "../../src/tui/screens/article.js";
import { makeTheme, type Theme } from "../../src/tui/theme.js";
import { withFullColour } from "../helpers/themes.js";

const line = (kind: LineKind, text: string, link?: number): LayoutLine => ({
  kind,
  text,
  piece: 0,
  offset: 0,
  ...(link === undefined ? {} : { link }),
});

const layout: ArticleLayout = {
  width: 40,
  linkLines: [9, 11],
  lines: [
    line("breadcrumb", "人民網>>山東頻道>>原創稿件"),
    line("title", "任何一項工作要達到預期效果"),
    line("dateline", "2023年09月18日08:40 | 來源:大眾報業·大眾日報"),
    line("blank", ""),
    line("body", "　　基層黨組織凝聚力戰斗力，事關"),
    line("heading", "一、小標題"),
    line("notice", "（本文有刪節）"),
    line("editors", "(責編:張三、李四)"),
    line("section", "推薦閱讀"),
    line("link-title", "東屿島十年：一座漁港的轉身", 0),
    line("link-summary", "十年間，這座島從捕撈轉向養殖。", 0),
    line("link-title", "Node 20 與 CJK 排版", 1),
    line("link-summary", "A summary in Latin text.", 1),
  ],
};

/** What one <Text> per line draws, each in its kind's style (the viewport's drawing before it became one string). */
function reference(theme: Theme, selectedLink: number, marked: Map<number, Array<[string, string]>>) {
  return (
    <Box flexDirection="column">
      {layout.lines.map((l, i) => {
        const parts = marked.get(i);
        if (parts)
          return (
            <Text key={i}>
              {parts.map(([kind, text], k) =>
                kind === "plain" ? (
                  <Text key={k}>{text}</Text>
                ) : (
                  <Text
                    key={k}
                    inverse
                    bold={kind === "current"}
                    color={kind === "current" ? theme.warn : undefined}
                  >
                    {text}
                  </Text>
                ),
              )}
            </Text>
          );
        return (
          <Text key={i} {...lineStyle(l, l.link !== undefined && l.link === selectedLink, theme)}>
            {l.text === "" ? " " : l.text}
          </Text>
        );
      })}
    </Box>
  );
}

withFullColour();

describe("the article viewport", () => {
  const view = (
    theme: Theme,
    selectedLink: number,
    matches: SearchMatch[] = [],
    currentMatch = -1,
    selectedSpans?: SearchMatch["spans"],
  ) =>
    renderToString(
      <ArticleViewport
        layout={layout}
        scroll={0}
        height={layout.lines.length}
        selectedLink={selectedLink}
        selectedSpans={selectedSpans}
        theme={theme}
        margin={0}
        matches={matches}
        currentMatch={currentMatch}
      />,
      { columns: 40 },
    );

  for (const setting of ["dark", "light", "mono"] as const) {
    it(`styles each kind of line as a <Text> of that kind would (${setting} theme, a link selected)`, () => {
      const theme = makeTheme(setting);
      for (const selected of [0, 1]) {
        const ours = view(theme, selected);
        expect(ours).toContain("\u001b[");
        expect(ours).toBe(renderToString(reference(theme, selected, new Map()), { columns: 40 }));
      }
    });
  }

  it("marks search matches, the current one bold in the warning colour, over a line break", () => {
    const theme = makeTheme("dark");
    const matches: SearchMatch[] = [
      // 「事關」 at the end of line 4 and 「一、」 at the start of line 5: one match over two lines.
      {
        piece: 0,
        start: 0,
        end: 0,
        spans: [
          { line: 4, from: 28, to: 32 },
          { line: 5, from: 0, to: 4 },
        ],
      },
      { piece: 0, start: 0, end: 0, spans: [{ line: 1, from: 0, to: 4 }] },
    ];
    const marked = new Map<number, Array<[string, string]>>([
      [
        1,
        [
          ["match", "任何"],
          ["plain", "一項工作要達到預期效果"],
        ],
      ],
      [
        4,
        [
          ["plain", "　　基層黨組織凝聚力戰斗力，"],
          ["current", "事關"],
        ],
      ],
      [
        5,
        [
          ["current", "一、"],
          ["plain", "小標題"],
        ],
      ],
    ]);
    const ours = view(theme, -1, matches, 0);
    expect(ours).toBe(renderToString(reference(theme, -1, marked), { columns: 40 }));
  });

  it("draws the selected breadcrumb step in inverse video, the rest of the line as it was", () => {
    const theme = makeTheme("dark");
    // 山東頻道 in 人民網>>山東頻道>>原創稿件: columns 8 to 16.
    const marked = new Map<number, Array<[string, string]>>([
      [
        0,
        [
          ["plain", "人民網>>"],
          ["selected", "山東頻道"],
          ["plain", ">>原創稿件"],
        ],
      ],
    ]);
    const ours = view(theme, -1, [], -1, [{ line: 0, from: 8, to: 16 }]);
    expect(ours).toBe(renderToString(reference(theme, -1, marked), { columns: 40 }));
  });

  it("marks the selected breadcrumb step's line with › where the terminal draws no attributes", () => {
    const ours = view({ dim: false, marks: true }, -1, [], -1, [{ line: 0, from: 8, to: 16 }]);
    const rows = ours.split("\n");
    expect(rows[0]).toBe("› 人民網>>山東頻道>>原創稿件");
    expect(rows.slice(1).every((row) => !row.startsWith("›"))).toBe(true);
  });
});

describe("ruby above the line at the end of a page", () => {
  const rubyLayout: ArticleLayout = {
    width: 40,
    linkLines: [],
    lines: [
      line("body", "台風で、九州にたくさん雨が降っています。"),
      line("ruby", "たいふう　きゅうしゅう"),
      line("body", "台風で九州に雨"),
      line("body", "おわり"),
    ],
  };
  const drawn = (scroll: number, height: number) =>
    renderToString(
      <ArticleViewport
        layout={rubyLayout}
        scroll={scroll}
        height={height}
        selectedLink={-1}
        theme={makeTheme("dark")}
        margin={0}
        matches={[]}
        currentMatch={0}
      />,
      { columns: 40 },
    )
      .split("\n")
      .map((row) => stripVTControlCharacters(row).trimEnd());

  it("leaves a row of readings whose text row is on the next page for that page", () => {
    expect(drawn(0, 2)).toEqual(["台風で、九州にたくさん雨が降っています。", ""]);
    expect(drawn(1, 2)).toEqual(["たいふう　きゅうしゅう", "台風で九州に雨"]);
    // With its text row on the page, it is drawn.
    expect(drawn(0, 3).at(1)).toBe("たいふう　きゅうしゅう");
  });
});
