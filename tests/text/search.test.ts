import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/model.js";
import { layoutArticle, pieceTexts, prepareArticle, type ArticleLayout } from "../../src/text/article.js";
import { convertArticle, loadConverter } from "../../src/text/script.js";
import { filterTitles, searchLayout, type SearchMatch } from "../../src/text/search.js";
import { graphemes, graphemeWidth } from "../../src/text/width.js";

const seed = readFileSync(new URL("../fixtures/seed.txt", import.meta.url), "utf8");
const seedBody = seed
  .split("\n")
  .slice(8)
  .filter((line) => line.length > 40);

function seedArticle(): Article {
  return {
    url: "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html",
    title: "山東:以堅強組織領導確保取得實效",
    breadcrumb: [{ title: "人民網", url: "http://www.people.com.cn/BIG5/" }],
    published: "2023-09-18T00:40:00Z",
    source: "大眾報業·大眾日報",
    editors: ["聶俊穹", "劉穎婕"],
    body: [
      ...seedBody.map((text) => ({ type: "paragraph" as const, text })),
      { type: "quote", text: "The Quick Brown Fox jumps over the lazy dog in ２０２３, ＡＢＣ news." },
    ],
    recommended: [{ title: "2023綠色低碳高質量發展大會在煙台開幕", url: "http://sd.people.com.cn/x.html" }],
    warnings: [],
  };
}

/** The text shown in columns [from, to) of a line. */
function columns(text: string, from: number, to: number): string {
  let column = 0;
  let out = "";
  for (const g of graphemes(text)) {
    if (column >= from && column < to) out += g;
    column += graphemeWidth(g);
  }
  return out;
}

function shown(layout: ArticleLayout, match: SearchMatch): string[] {
  return match.spans.map((span) => columns(layout.lines[span.line]!.text, span.from, span.to));
}

function setup(article: Article, width: number) {
  const prepared = prepareArticle(article);
  return { pieces: pieceTexts(prepared), layout: layoutArticle(prepared, width) };
}

describe("searchLayout", () => {
  it("finds a phrase the layout split over two lines, with a span on each line", () => {
    const { pieces, layout } = setup(seedArticle(), 30);
    // Take the end of one body line and the start of the next as the phrase.
    const index = layout.lines.findIndex(
      (line, i) => line.kind === "body" && layout.lines[i + 1]?.piece === line.piece && i > 10,
    );
    const first = layout.lines[index]!;
    const second = layout.lines[index + 1]!;
    const phrase = [...first.text].slice(-3).join("") + [...second.text].slice(0, 3).join("");
    const matches = searchLayout(pieces, layout, phrase);
    const across = matches.find((m) => m.spans.length === 2);
    expect(across).toBeDefined();
    expect(across!.spans.map((s) => s.line)).toEqual([index, index + 1]);
    expect(across!.spans[1]!.from).toBe(0);
    expect(shown(layout, across!)).toEqual([
      [...first.text].slice(-3).join(""),
      [...second.text].slice(0, 3).join(""),
    ]);
    expect(pieces[across!.piece]!.slice(across!.start, across!.end)).toBe(phrase);
  });

  it("finds every occurrence, in reading order, with the columns where each one is drawn", () => {
    const { pieces, layout } = setup(seedArticle(), 40);
    const matches = searchLayout(pieces, layout, "主題教育");
    const count = pieces.join("\n").split("主題教育").length - 1;
    expect(matches).toHaveLength(count);
    expect(count).toBeGreaterThan(5);
    for (const match of matches) expect(shown(layout, match).join("")).toBe("主題教育");
    const order = matches.map((m) => [m.piece, m.start] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it("counts columns after the first-line indent, the quote bar and the link number", () => {
    const { pieces, layout } = setup(seedArticle(), 60);
    const link = searchLayout(pieces, layout, "煙台開幕").at(-1);
    expect(layout.lines[layout.linkLines[0]!]!.text).toBe("[1] 2023綠色低碳高質量發展大會在煙台開幕");
    expect(link!.spans).toEqual([{ line: layout.linkLines[0], from: 4 + 4 + 24, to: 4 + 4 + 32 }]);
    const [quote] = searchLayout(pieces, layout, "quick");
    expect(layout.lines[quote!.spans[0]!.line]!.text.startsWith("│ The Quick")).toBe(true);
    expect(quote!.spans[0]).toMatchObject({ from: 6, to: 11 });
    const body = searchLayout(pieces, layout, seedBody[0]!.slice(0, 4))[0]!;
    expect(body.spans[0]).toMatchObject({ from: 4, to: 12 }); // after the two U+3000 of the indent
  });

  it("ignores Latin case, full-width forms and the space dropped where an English phrase was broken", () => {
    const { pieces, layout } = setup(seedArticle(), 24);
    expect(searchLayout(pieces, layout, "QUICK brown").map((m) => shown(layout, m).join("|"))).toEqual([
      "Quick Brown",
    ]);
    expect(shown(layout, searchLayout(pieces, layout, "2023,")[0]!).join("")).toBe("２０２３,");
    expect(shown(layout, searchLayout(pieces, layout, "ａｂｃ")[0]!).join("")).toBe("ＡＢＣ");
    // "over the lazy dog" is broken at a space at this width: still one match, over two lines.
    const lazy = searchLayout(pieces, layout, "jumps over the lazy dog");
    expect(lazy).toHaveLength(1);
    expect(lazy[0]!.spans.length).toBeGreaterThan(1);
    expect(shown(layout, lazy[0]!).join(" ")).toBe("jumps over the lazy dog");
  });

  it("finds nothing for an empty or blank query, or text that is not there", () => {
    const { pieces, layout } = setup(seedArticle(), 40);
    expect(searchLayout(pieces, layout, "")).toEqual([]);
    expect(searchLayout(pieces, layout, "  \u3000")).toEqual([]);
    expect(searchLayout(pieces, layout, "不存在的詞語")).toEqual([]);
  });

  it("searches the converted text when the article is shown in 简体", async () => {
    const toHans = await loadConverter("hans", "tw");
    const { pieces, layout } = setup(convertArticle(seedArticle(), toHans), 40);
    const matches = searchLayout(pieces, layout, "主题教育");
    expect(matches.length).toBeGreaterThan(5);
    for (const match of matches) expect(shown(layout, match).join("")).toBe("主题教育");
    expect(searchLayout(pieces, layout, "主題教育")).toEqual([]);
  });

  it("for any width and any stretch of any piece, finds it where it is and shows exactly its text", () => {
    const article = seedArticle();
    const prepared = prepareArticle(article);
    const pieces = pieceTexts(prepared);
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 100 }),
        fc.nat({ max: pieces.length - 1 }),
        fc.nat(),
        fc.integer({ min: 1, max: 30 }),
        (width, piece, at, length) => {
          const text = pieces[piece]!;
          const start = at % text.length;
          const needle = text.slice(start, start + length);
          fc.pre(needle.trim() !== "" && !/[\ud800-\udfff]/.test(needle));
          const layout = layoutArticle(prepared, width);
          // A match starts at the first character that is not whitespace.
          const from = start + needle.length - needle.trimStart().length;
          const found = searchLayout(pieces, layout, needle).find(
            (m) => m.piece === piece && m.start <= from,
          );
          expect(found).toBeDefined();
          const drawn = shown(layout, found!).join("");
          expect(drawn.replace(/\s/g, "")).toBe(
            pieces[piece]!.slice(found!.start, found!.end).replace(/\s/g, ""),
          );
          for (const span of found!.spans) expect(span.to).toBeLessThanOrEqual(width);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("filterTitles", () => {
  const items = [
    { title: "山東:以堅強組織領導確保取得實效", url: "a" },
    { title: "Apple 發布 ＩＰＨＯＮＥ", url: "b" },
    { title: "2023綠色低碳高質量發展大會在煙台開幕", url: "c" },
  ];
  it("keeps the titles that contain the query, folding case, width and spaces", () => {
    expect(filterTitles(items, "組織").map((i) => i.url)).toEqual(["a"]);
    expect(filterTitles(items, "iphone").map((i) => i.url)).toEqual(["b"]);
    expect(filterTitles(items, "apple發布").map((i) => i.url)).toEqual(["b"]);
    expect(filterTitles(items, "２０２３").map((i) => i.url)).toEqual(["c"]);
    expect(filterTitles(items, "發").map((i) => i.url)).toEqual(["b", "c"]);
  });
  it("keeps everything for an empty query, and nothing that does not match", () => {
    expect(filterTitles(items, "")).toEqual(items);
    expect(filterTitles(items, "")).not.toBe(items);
    expect(filterTitles(items, "xyz")).toEqual([]);
  });
});
