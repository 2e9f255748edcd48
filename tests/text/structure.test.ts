// The article's structure as laid out for the terminal (the same lines the interface and `reader print` show),
// at widths 20, 40 and 80: tables as grids that fit, wrap or fall back to "header: value" rows; figures, lists,
// quotes and preformatted text each looking like what they are; ruby hidden, inline or above the line.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Article, Block, TableRow } from "../../src/model.js";
import { parseArticlePage } from "../../src/sources/page.js";
import {
  layoutArticle,
  pieceHidden,
  pieceTexts,
  prepareArticle,
  type LayoutLine,
} from "../../src/text/article.js";
import { searchLayout } from "../../src/text/search.js";
import { displayWidth } from "../../src/text/width.js";
import type { LayoutOptions } from "../../src/text/wrap.js";

const article = (body: Block[], title = "測試"): Article => ({
  url: "https://news.example/a.html",
  title,
  breadcrumb: [],
  editors: [],
  body,
  recommended: [],
  warnings: [],
});

function laid(body: Block[], width: number, options: Partial<LayoutOptions> = {}, title?: string) {
  const prepared = prepareArticle(article(body, title), options);
  const layout = layoutArticle(prepared, width);
  for (const line of layout.lines)
    expect(displayWidth(line.text, options.ambiguous), line.text).toBeLessThanOrEqual(width);
  return { prepared, layout, lines: layout.lines };
}
const bodyLines = (lines: LayoutLine[]) => lines.filter((l) => l.piece > 0 && l.kind !== "blank");

const table = (rows: string[][], header = true): Block => ({
  type: "table",
  text: rows.map((r) => r.join(" ")).join("\n"),
  rows: rows.map((cells, i): TableRow => ({ header: header && i === 0, cells })),
});

/** Every cell's text, read back from where the layout says it is shown (whitespace dropped at wraps aside). */
function shownCells(lines: LayoutLine[], texts: string[]): string[] {
  const shown: Array<{ offset: number; text: string }> = [];
  for (const line of lines)
    for (const s of line.segments ?? []) {
      let column = 0;
      let start = 0;
      // The segment's column names where its text starts on the line.
      for (const ch of line.text) {
        if (column >= s.column) break;
        column += displayWidth(ch);
        start += ch.length;
      }
      shown.push({ offset: s.offset, text: line.text.slice(start, start + s.length) });
      expect(texts[line.piece]!.slice(s.offset, s.offset + s.length)).toBe(
        line.text.slice(start, start + s.length),
      );
    }
  return shown.sort((a, b) => a.offset - b.offset).map((s) => s.text);
}

// Tables sized for each width: one that fits, one whose cells must wrap, one too wide even wrapped.
const cases: Array<[number, string[][], string[][], string[][]]> = [
  [
    20,
    [
      ["城市", "雨量"],
      ["台北", "2,405"],
    ],
    [
      ["城市名稱", "今年的降雨情況"],
      ["台北市", "比去年多了很多"],
    ],
    [
      ["城市", "雨量", "比去年", "排名"],
      ["台北", "2,405", "+12%", "1"],
    ],
  ],
  [
    40,
    [
      ["城市", "降雨量（毫米）", "比去年"],
      ["台北", "2,405", "+12%"],
      ["台中", "1,702", "-3%"],
    ],
    [
      ["城市", "說明"],
      ["台北", "今年北部雨量明顯高於去年，主要集中在颱風季節"],
    ],
    [
      ["党派", "候选人", "得票数", "得票率", "议席", "变化"],
      ["民生联盟", "42", "1,204,331", "38.2%", "27", "增加三席"],
    ],
  ],
  [
    80,
    [
      ["党派", "候选人", "得票数", "得票率", "议席"],
      ["民生联盟", "42", "1,204,331", "38.2%", "27"],
    ],
    [
      ["党派名称", "说明"],
      ["民生联盟", "本届选举中得票最多的党派，议席比上届增加三席，成为议会第一大党，将主导议长选举"],
    ],
    [
      ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"],
      [
        "甲乙",
        "丙丁",
        "戊己",
        "庚辛",
        "壬癸",
        "子丑",
        "寅卯",
        "辰巳",
        "午未",
        "申酉",
        "戌亥",
        "金木",
        "水火",
        "土石",
        "山川",
      ],
    ],
  ],
];

describe("tables", () => {
  for (const [width, fits, wraps, falls] of cases) {
    it(`at ${width} columns: a table that fits is a grid, numbers right-aligned, the header row ruled off`, () => {
      const { lines, prepared } = laid([table(fits)], width);
      const rows = bodyLines(lines).map((l) => l.text);
      expect(rows[0]).toMatch(/^┌─+┬/);
      expect(rows[2]).toMatch(/^╞═+╪/);
      expect(rows.at(-1)).toMatch(/^└─+┴/);
      expect(rows).toHaveLength(fits.length + 3);
      expect(bodyLines(lines)[1]?.kind).toBe("table-header");
      // A number ends at its column's right rule.
      expect(rows[3]).toMatch(/\d │/);
      expect(rows[3]).not.toMatch(/\d {2,}│/);
      expect(shownCells(lines, pieceTexts(prepared))).toEqual(fits.flat().filter(Boolean));
    });

    it(`at ${width} columns: a table too wide for the column wraps its cells, rows ruled apart`, () => {
      const { lines, prepared } = laid([table(wraps)], width);
      const rows = bodyLines(lines).map((l) => l.text);
      expect(rows[0]).toMatch(/^┌/);
      expect(rows.length).toBeGreaterThan(wraps.length + 3);
      const widths = rows.map((r) => displayWidth(r));
      expect(new Set(widths).size).toBe(1); // every row of the grid is as wide as its rules
      expect(shownCells(lines, pieceTexts(prepared)).join("")).toBe(wraps.flat().join(""));
    });

    it(`at ${width} columns: a table too wide even wrapped becomes one "header: value" block per row`, () => {
      const { lines } = laid([table(falls)], width);
      const text = bodyLines(lines).map((l) => l.text);
      expect(text.some((l) => l.startsWith("┌"))).toBe(false);
      const header = falls[0]!;
      const values = falls[1]!;
      const joined = text.join("\n");
      header.forEach((h, i) => expect(joined).toContain(`${h}：${values[i]}`));
    });
  }

  it("draws the grid in ASCII where box-drawing characters are wide", () => {
    const { lines } = laid([table(cases[1]![1])], 40, { ambiguous: "wide" });
    expect(bodyLines(lines)[0]?.text).toMatch(/^\+-+\+/);
  });

  it("finds a search inside a cell, at the cell's columns", () => {
    const { prepared, layout } = laid([table(cases[1]![1])], 40);
    const [match] = searchLayout(pieceTexts(prepared), layout, "1,702");
    const span = match!.spans[0]!;
    const line = layout.lines[span.line]!.text;
    expect(displayWidth(line.slice(0, line.indexOf("1,702")))).toBe(span.from);
    expect(span.to - span.from).toBe(5);
  });
});

describe("a page built of tables", () => {
  const html = readFileSync(new URL("../fixtures/structure/zh-layout-soup.html", import.meta.url), "utf8");
  const soup = parseArticlePage(html, "https://news.example/zh-layout-soup.html");
  for (const width of [20, 40, 80]) {
    it(`at ${width} columns: is read as its paragraphs, with no grid drawn`, () => {
      const prepared = prepareArticle(soup);
      const { lines } = layoutArticle(prepared, width);
      for (const line of lines) expect(displayWidth(line.text), line.text).toBeLessThanOrEqual(width);
      expect(lines.some((l) => /[┌│╞└+|]/.test(l.text))).toBe(false);
      expect(lines.some((l) => l.kind.startsWith("table"))).toBe(false);
      const body = lines
        .filter((l) => l.kind === "body")
        .map((l) => l.text)
        .join("");
      for (const text of ["本报讯 老城区改造工程今天上午正式启动", "首批启动的三个片区将于年底前完工"])
        expect(body.replace(/\s/g, "")).toContain(text.replace(/\s/g, ""));
      // The menu and footer cells are not in the article.
      expect(lines.map((l) => l.text).join("")).not.toMatch(/热点一|版权所有/);
    });
  }
});

describe("figures, lists, quotes, preformatted text", () => {
  for (const width of [20, 40, 80]) {
    it(`at ${width} columns`, () => {
      const { lines } = laid(
        [
          { type: "figure", text: "颱風過後的台北街頭（記者攝）" },
          { type: "list-item", text: "各區公所清理倒伏路樹，今晚完成主要幹道。", marker: "1.", depth: 0 },
          { type: "list-item", text: "先查主幹道的雨水下水道", marker: "・", depth: 1 },
          { type: "list-item", text: "捷運全線恢復營運。", marker: "（一）", depth: 0 },
          { type: "quote", text: "「人力不足時，請國軍協助。」我們會在三天內恢復。", depth: 1 },
          { type: "preformatted", text: "時間   氣溫\n15:00  36.4℃   (今日最高，觀測以來最高的紀錄之一)" },
        ],
        width,
        {},
        "颱風過後",
      );
      const byKind = (kind: string) => lines.filter((l) => l.kind === kind).map((l) => l.text);
      const figure = byKind("figure");
      expect(figure[0]).toMatch(/^［圖］颱風/);
      for (const more of figure.slice(1)) expect(more.startsWith("      ")).toBe(true); // hanging under the label
      const items = byKind("list-item");
      expect(items[0]).toMatch(/^1\. 各區/);
      expect(items.find((l) => l.includes("・"))).toMatch(/^ {2}・先/);
      expect(items.find((l) => l.includes("（一）"))).toMatch(/^（一）捷運/);
      // Wrapped item lines hang under the text, not under the number.
      const second = items[1];
      if (second && !second.includes("・")) expect(second.startsWith("   ")).toBe(true);
      for (const q of byKind("quote")) expect(q.startsWith("│ │ ")).toBe(true);
      const pre = byKind("preformatted");
      expect(pre[0]).toBe("時間   氣溫".slice(0, width));
      if (width < 50) expect(pre[1]?.endsWith("…")).toBe(true);
      else expect(pre[1]).toBe("15:00  36.4℃   (今日最高，觀測以來最高的紀錄之一)");
      // Items of one list follow each other without blank lines.
      const first = lines.findIndex((l) => l.kind === "list-item");
      const last = lines.findLastIndex((l) => l.kind === "list-item");
      expect(lines.slice(first, last + 1).every((l) => l.kind === "list-item")).toBe(true);
    });
  }

  it("labels figures in the article's language", () => {
    const figure: Block = { type: "figure", text: "地図" };
    const first = (title: string) =>
      laid([figure], 40, {}, title).lines.find((l) => l.kind === "figure")?.text;
    expect(first("東京で地震がありました")).toBe("［図］地図");
    expect(first("폭염 대비 요령")).toBe("［그림］地図");
    expect(first("这是一个新闻")).toBe("［图］地図");
  });
});

describe("headings inside the article", () => {
  const sections: Block[] = [
    { type: "heading", text: "各地災情", level: 2 },
    { type: "paragraph", text: "颱風過後，各地陸續傳出災情。" },
    { type: "heading", text: "北部地區的淹水與停電情況", level: 3 },
    { type: "paragraph", text: "台北市多處淹水。" },
    { type: "heading", text: "新北市", level: 4 },
    { type: "paragraph", text: "新北市停電兩萬戶。" },
    { type: "heading", text: "汐止區", level: 5 },
  ];
  for (const width of [20, 40, 80]) {
    it(`at ${width} columns: a mark for each level, the same in print as on the screen`, () => {
      const { lines, prepared, layout } = laid(sections, width, {}, "颱風過後");
      const first = (kind: string) => lines.find((l) => l.kind === kind)?.text;
      expect(first("heading")).toBe("■ 各地災情");
      expect(first("subheading")).toMatch(/^□ 北部/);
      expect(first("minor-heading")).toBe("◇ 新北市");
      // Deeper levels than three share the third mark.
      expect(lines.filter((l) => l.kind === "minor-heading").map((l) => l.text)).toEqual([
        "◇ 新北市",
        "◇ 汐止區",
      ]);
      // A heading that wraps hangs under its text, not under the mark.
      for (const more of lines.filter((l) => l.kind === "subheading").slice(1))
        expect(more.text.startsWith("  ")).toBe(true);
      // Search finds the heading's text beside its mark.
      const found = searchLayout(pieceTexts(prepared), layout, "新北市", "narrow");
      expect(found[0]?.spans[0]?.from).toBe(2);
    });
  }

  it("ranks the levels the article uses: a site that writes its sections as h3 gets the first mark", () => {
    const { lines } = laid(
      [
        { type: "heading", text: "交通資訊", level: 3 },
        { type: "heading", text: "捷運", level: 5 },
      ],
      40,
    );
    expect(lines.filter((l) => l.kind !== "blank" && l.piece > 0).map((l) => l.text)).toEqual([
      "■ 交通資訊",
      "□ 捷運",
    ]);
  });

  it("leaves a heading the site already marks with its own mark", () => {
    const { lines } = laid([{ type: "heading", text: "【解説】豪雨の背景", level: 2 }], 40);
    expect(lines.find((l) => l.kind === "heading")?.text).toBe("【解説】豪雨の背景");
  });

  it("counts the mark's width where ambiguous characters are wide", () => {
    const { lines } = laid(sections, 20, { ambiguous: "wide" });
    const wrapped = lines.filter((l) => l.kind === "subheading");
    expect(wrapped[0]?.text).toMatch(/^□ /);
    // Under a mark two columns wide, the later lines hang three columns in.
    for (const more of wrapped.slice(1)) expect(more.text).toMatch(/^ {3}\S/u);
  });
});

const rubyBlock: Block = {
  type: "paragraph",
  text: "東京で地震がありました。気象庁によると、震源の深さは約１０キロです。",
  ruby: [
    { start: 0, end: 2, reading: "とうきょう" },
    { start: 3, end: 5, reading: "じしん" },
    { start: 12, end: 15, reading: "きしょうちょう" },
  ],
};

describe("ruby", () => {
  for (const width of [20, 40, 80]) {
    it(`at ${width} columns, hidden: the base text only`, () => {
      const { lines } = laid([rubyBlock], width, { ruby: "hidden" });
      const text = bodyLines(lines)
        .map((l) => l.text)
        .join("");
      expect(text).not.toMatch(/とうきょう|じしん/);
      expect(text.replace(/\s/g, "")).toBe(rubyBlock.text);
    });

    it(`at ${width} columns, inline: each reading in brackets after its base, never parted from it`, () => {
      const { lines, prepared, layout } = laid([rubyBlock], width, { ruby: "inline" });
      const rows = bodyLines(lines).map((l) => l.text.trim());
      expect(rows.some((r) => r.includes("東京（とうきょう）"))).toBe(true);
      expect(rows.some((r) => r.includes("地震（じしん）"))).toBe(true);
      // A line break never falls between a base and its reading.
      expect(rows.some((r) => /(?:東京|地震)$/.test(r))).toBe(false);
      // Search reads the base text: 東京で matches across the reading.
      const found = searchLayout(pieceTexts(prepared), layout, "東京で", "narrow", pieceHidden(prepared));
      expect(found).toHaveLength(1);
    });

    it(`at ${width} columns, above: a row of readings, each centred over its base`, () => {
      const { lines, prepared, layout } = laid([rubyBlock], width, { ruby: "above" });
      const body = bodyLines(lines);
      const rubyRows = body.filter((l) => l.kind === "ruby");
      expect(rubyRows.length).toBeGreaterThan(0);
      for (const line of body.filter((l) => l.kind !== "ruby"))
        expect(line.text).not.toMatch(/とうきょう|じしん/);
      const at = body.findIndex((l) => l.kind !== "ruby" && l.text.includes("東京"));
      const above = body[at - 1]!;
      expect(above.kind).toBe("ruby");
      const centre = (text: string, word: string) => {
        const before = displayWidth(text.slice(0, text.indexOf(word)));
        return before + displayWidth(word) / 2;
      };
      expect(centre(above.text, "とうきょう")).toBe(centre(body[at]!.text, "東京"));
      const found = searchLayout(pieceTexts(prepared), layout, "地震があり");
      expect(found.length).toBeGreaterThan(0);
      expect(found[0]!.spans.every((s) => layout.lines[s.line]!.kind !== "ruby")).toBe(true);
    });
  }
});

describe("簡⇄繁 display of structured blocks", () => {
  it("converts cells, captions and ruby bases, the readings staying over their bases", async () => {
    const { convertArticle, loadConverter } = await import("../../src/text/script.js");
    const toHans = await loadConverter("hans", "tw");
    const shown = convertArticle(
      article([
        {
          ...table([
            ["城市", "說明"],
            ["臺北", "颱風過後"],
          ]),
          caption: "各區雨量與說明",
        },
        { type: "paragraph", text: "這裡學校很多", ruby: [{ start: 2, end: 4, reading: "ㄒㄩㄝˊㄒㄧㄠˋ" }] },
      ]),
      toHans,
    );
    const [grid, paragraph] = shown.body;
    expect(grid?.rows?.[1]?.cells).toEqual(["台北", "台风过后"]);
    expect(grid?.caption).toBe("各区雨量与说明");
    expect(paragraph?.text).toBe("这里学校很多");
    const r = paragraph!.ruby![0]!;
    expect(paragraph!.text.slice(r.start, r.end)).toBe("学校");
  });
});
