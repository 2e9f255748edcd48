// The labels around an article (the recommended list's heading, the editors line, the source on the dateline)
// are in the article's language, on the article screen and in `reader print` alike (both lay out with
// layoutArticle).
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/model.js";
import { formatDateline, layoutArticle, prepareArticle } from "../../src/text/article.js";

const article = (title: string, paragraph: string, url = "https://news.example.org/a/1.html"): Article => ({
  url,
  title,
  breadcrumb: [],
  editors: ["A", "B"],
  source: "Example",
  published: "2024-05-14T00:30:00Z",
  body: [{ type: "paragraph", text: paragraph }],
  recommended: [{ title: "Other", url: "https://news.example.org/a/2.html" }],
  warnings: [],
});

const shown = (a: Article) => {
  const lines = layoutArticle(prepareArticle(a), 60).lines;
  const of = (kind: string) => lines.filter((l) => l.kind === kind).map((l) => l.text.trim());
  return { section: of("section"), editors: of("editors"), dateline: formatDateline(a, "UTC") };
};

describe("the labels around an article", () => {
  it.each([
    [
      "Japanese",
      article(
        "北陸新幹線の延伸ルートで説明会",
        "国と建設主体の鉄道・運輸機構は１４日、住民を対象にした説明会を開いた。",
      ),
      { section: ["関連記事"], editors: ["(編集:A、B)"], dateline: "2024-05-14 00:30 | 出典:Example" },
    ],
    [
      "Korean",
      article(
        "전통시장 상품권 환급 행사 연장",
        "시는 전통시장 온누리상품권 환급 행사를 이달 말까지 연장한다고 밝혔다.",
      ),
      { section: ["추천 기사"], editors: ["(편집: A, B)"], dateline: "2024-05-14 00:30 | 출처: Example" },
    ],
    [
      "Traditional Chinese",
      article("濟南泉水節開幕", "第十屆濟南泉水節今天開幕，遊客們可以在趵突泉邊品茶聽曲，這是國內的盛會。"),
      { section: ["推薦閱讀"], editors: ["(責編:A、B)"], dateline: "2024-05-14 00:30 | 來源:Example" },
    ],
    [
      "Simplified Chinese",
      article("济南泉水节开幕", "第十届济南泉水节今天开幕，游客们可以在趵突泉边品茶听曲，这是国内的盛会。"),
      { section: ["推荐阅读"], editors: ["(责编:A、B)"], dateline: "2024-05-14 00:30 | 来源:Example" },
    ],
    [
      "English",
      article("Night trains return to the coast", "The night train to the coast runs again from Friday."),
      {
        section: ["Recommended"],
        editors: ["(Editors: A, B)"],
        dateline: "2024-05-14 00:30 | Source: Example",
      },
    ],
  ])("are in the article's language: %s", (_, a, want) => {
    expect(shown(a)).toEqual(want);
  });
});
