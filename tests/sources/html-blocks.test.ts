// The page parser keeps the article's structure: data tables with their header rows, figure captions (never a
// decorative image), list markers as the page writes them and nesting, nested quotes, heading levels, and ruby
// as readings beside the text, never in it. A page laid out with tables is still read as text.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Block } from "../../src/model.js";
import { parseArticlePage } from "../../src/sources/page.js";

const page = (name: string, dir = "structure") =>
  parseArticlePage(
    readFileSync(new URL(`../fixtures/${dir}/${name}.html`, import.meta.url), "utf8"),
    `https://news.example/${name}.html`,
  );
const ofType = (body: Block[], type: Block["type"]) => body.filter((b) => b.type === type);

describe("tables", () => {
  it("reads a data table as a grid with its header row", () => {
    const [table, ...more] = ofType(page("zh-rainfall").body, "table");
    expect(more).toHaveLength(0);
    expect(table?.rows).toEqual([
      { header: true, cells: ["城市", "降雨量（毫米）", "比去年"] },
      { header: false, cells: ["台北", "2,405", "+12%"] },
      { header: false, cells: ["台中", "1,702", "-3%"] },
      { header: false, cells: ["高雄", "1,880", "-8%"] },
    ]);
    // Nothing of the table is left behind as loose paragraphs.
    expect(page("zh-rainfall").body.some((b) => b.type === "paragraph" && b.text === "台北")).toBe(false);
  });

  it("keeps the caption, and a colspan cell in its first column", () => {
    const [table] = ofType(page("zh-election").body, "table");
    expect(table?.caption).toBe("各党派得票及议席（截至晚上十时）");
    expect(table?.rows?.[4]?.cells).toEqual(["无党派及其他", "", "559,803", "17.7%", "4", "减少一席"]);
    expect(table?.text).toContain("1,204,331");
  });

  it("reads a page built of tables as its paragraphs, not as a data table", () => {
    const article = page("zh-layout-soup");
    expect(ofType(article.body, "table")).toEqual([]);
    expect(article.body.map((b) => b.text)).toEqual([
      expect.stringMatching(/^本报讯 老城区改造工程今天上午正式启动/),
      expect.stringMatching(/^据介绍/),
      expect.stringMatching(/^首批启动/),
    ]);
  });
});

describe("figures", () => {
  it("keeps a figure's caption, and drops tracking pixels and icons", () => {
    const figures = ofType(page("zh-rainfall").body, "figure");
    expect(figures.map((f) => f.text)).toEqual(["颱風過後的台北街頭（記者攝）"]);
  });

  it("uses the alt text when a figure has no caption", () => {
    expect(ofType(page("ko-list").body, "figure").map((f) => f.text)).toEqual(["양산을 쓴 시민들"]);
    expect(ofType(page("ko-news", "pages").body, "figure").map((f) => f.text)).toEqual([
      "지난 8일 서울 중구의 한 전통시장에서 시민들이 장을 보고 있다. (사진=예시일보 DB)",
    ]);
  });
});

describe("lists", () => {
  it("numbers an ordered list, nests a list inside an item, and keeps markers the page wrote", () => {
    const items = ofType(page("zh-rainfall").body, "list-item").map((b) => [b.marker, b.depth, b.text]);
    expect(items).toEqual([
      ["1.", 0, "各區公所清理倒伏路樹，今晚完成主要幹道。"],
      ["2.", 0, "檢查排水設施："],
      ["・", 1, "先查主幹道的雨水下水道"],
      ["・", 1, "再查巷弄側溝"],
      ["3.", 0, "受災戶可向區公所申請補助。"],
      ["（一）", 0, "捷運全線恢復營運。"],
      ["（二）", 0, "部分公車路線改道。"],
    ]);
  });

  it("starts an ordered list where the page says", () => {
    expect(ofType(page("ko-list").body, "list-item").map((b) => b.marker)).toEqual(["3.", "4."]);
  });
});

describe("quotes, headings, preformatted text", () => {
  it("marks a quote inside a quote one level deeper, and a heading with its level", () => {
    const body = page("zh-rainfall").body;
    expect(ofType(body, "quote").map((b) => [b.depth, b.text])).toEqual([
      [0, "我們會在三天內讓市區恢復正常。"],
      [1, "「人力不足時，請國軍協助。」"],
    ]);
    expect(ofType(body, "heading")).toEqual([{ type: "heading", text: "交通資訊", level: 3 }]);
  });

  it("keeps preformatted lines as they are", () => {
    const [pre] = ofType(page("ko-list").body, "preformatted");
    expect(pre?.text.split("\n")[1]).toBe("12:00      35.1℃");
  });
});

describe("ruby", () => {
  it("keeps readings beside the text: never in it, the rp fallbacks nowhere", () => {
    const [first] = page("ja-ruby").body;
    expect(first?.text).toBe("東京で地震がありました。気象庁によると、震源の深さは約１０キロメートルです。");
    expect(first?.ruby?.slice(0, 2)).toEqual([
      { start: 0, end: 2, reading: "とうきょう" },
      { start: 3, end: 5, reading: "じしん" },
    ]);
    const all = JSON.stringify(page("ja-ruby"));
    expect(all).not.toMatch(/[()]/);
  });

  it("reads ruby in captions and list items too", () => {
    const body = page("ja-ruby").body;
    expect(ofType(body, "figure")[0]?.ruby?.map((r) => r.reading)).toEqual(["しんげん", "ちず"]);
    expect(ofType(body, "list-item")[0]?.ruby?.[0]).toEqual({ start: 0, end: 2, reading: "かぐ" });
  });

  it("keeps bopomofo over each character", () => {
    const [first] = page("zh-tw-zhuyin").body;
    expect(first?.text.startsWith("學校的營養午餐")).toBe(true);
    expect(first?.ruby?.map((r) => r.reading).slice(0, 2)).toEqual(["ㄒㄩㄝˊ", "ㄒㄧㄠˋ"]);
  });
});

describe("hostile structure", () => {
  it("sanitises cells, captions, alt text and readings, and bounds a table's spans", () => {
    const esc = "\u001b[2J\u001b]52;c;AAAA\u0007";
    const html = `<html><head><title>t</title></head><body><article>
      <p>這是一段足夠長的正文，用來讓頁面被認出是一篇文章，而不是一頁導航連結。這是一段足夠長的正文，用來讓頁面被認出是一篇文章。</p>
      <table><tr><th>欄${esc}</th><th colspan="100000">值</th></tr><tr><td rowspan="99999">甲${esc}</td><td>1</td></tr></table>
      <figure><img alt="圖${esc}說"><figcaption>說明${esc}文字</figcaption></figure>
      <p><ruby>東${esc}京<rt>とう${esc}きょう</rt></ruby>的消息。</p>
      </article></body></html>`;
    const article = parseArticlePage(html, "https://news.example/h.html");
    const all = JSON.stringify(article);
    expect(all).not.toMatch(/\\u001b|\\u0007/);
    const [table] = ofType(article.body, "table");
    expect(table?.rows?.every((r) => r.cells.length <= 40)).toBe(true);
    expect(table?.rows?.length).toBeLessThanOrEqual(2);
  });
});
