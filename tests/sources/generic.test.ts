import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseArticlePage } from "../../src/sources/page.js";

interface Expected {
  url: string;
  title: string;
  published?: string;
  paragraphs: string[];
  recommended: number;
}

const dir = new URL("../fixtures/pages/", import.meta.url);
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".expected.json"))
  .map((f) => f.replace(/\.expected\.json$/, ""));

describe("parseArticlePage: generic extractor on Japanese, Korean and Taiwanese news pages", () => {
  it("has fixtures to run", () => {
    expect(names.length).toBeGreaterThanOrEqual(4);
  });

  it.each(names)("%s: the article's paragraphs, nothing from nav, sidebars or related lists", (name) => {
    const expected = JSON.parse(readFileSync(new URL(`${name}.expected.json`, dir), "utf8")) as Expected;
    const article = parseArticlePage(readFileSync(new URL(`${name}.html`, dir), "utf8"), expected.url);
    // Photo captions are figure blocks (tests/sources/html-blocks.test.ts), not paragraphs.
    expect(article.body.filter((b) => b.type !== "figure").map((b) => b.text)).toEqual(expected.paragraphs);
    expect(article.title).toBe(expected.title);
    expect(article.published).toBe(expected.published);
    expect(article.recommended).toHaveLength(expected.recommended);
    for (const link of article.recommended) expect(link.url).toMatch(/^https?:\/\//);
    expect(article.warnings).toEqual([]);
  });

  it("marks a heading inside the body as a heading", () => {
    const expected = JSON.parse(readFileSync(new URL("ja-news.expected.json", dir), "utf8")) as Expected;
    const article = parseArticlePage(readFileSync(new URL("ja-news.html", dir), "utf8"), expected.url);
    expect(article.body.find((b) => b.text === "費用の膨張も課題に")?.type).toBe("heading");
    expect(article.recommended[0]).toEqual({
      title: "北陸新幹線の敦賀延伸から１カ月、乗客数は想定を上回る",
      url: "https://www.example-shimbun.jp/articles/ASS20240501.html",
      summary: "5月1日",
    });
  });

  it("keeps loose <br> text with inline links but drops lines that are only links", () => {
    const html = `<html lang="ko"><body><div id="articleBody">
      강릉 단오제가 6일 남대천 단오장에서 개막했다. 올해 축제는 <a href="/tag/1">단오</a>를 주제로 열린다.<br><br>
      축제위원회는 통역 안내소를 처음으로 설치했다고 밝혔다. 방문객은 약 80만 명으로 예상된다.<br><br>
      <a href="/news/1">강릉 단오제 앞두고 신주빚기 행사</a><br>
      <a href="/news/2">동해안 주말 나들이객 몰려</a>
    </div></body></html>`;
    const article = parseArticlePage(html, "https://news.example.kr/view/1");
    expect(article.body.map((b) => b.text)).toEqual([
      "강릉 단오제가 6일 남대천 단오장에서 개막했다. 올해 축제는 단오를 주제로 열린다.",
      "축제위원회는 통역 안내소를 처음으로 설치했다고 밝혔다. 방문객은 약 80만 명으로 예상된다.",
    ]);
  });

  it("warns instead of failing when a page has no article text", () => {
    const article = parseArticlePage(
      "<html><body><nav><a href='/'>ホーム</a></nav></body></html>",
      "https://x.example.jp/",
    );
    expect(article.body).toEqual([]);
    expect(article.warnings.join(" ")).toMatch(/no article text/);
  });
});
