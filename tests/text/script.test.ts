import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/model.js";
import { convertArticle, detectScript, loadConverter, needsConversion } from "../../src/text/script.js";

const seed = readFileSync(new URL("../fixtures/seed.txt", import.meta.url), "utf8");
const seedBody = seed
  .split("\n")
  .slice(8)
  .filter((line) => line.length > 40);
const politics = JSON.parse(
  readFileSync(new URL("../fixtures/politics-2024-04-24.expected.json", import.meta.url), "utf8"),
) as { url: string; title: string; paragraphs: string[] };
const japanese = JSON.parse(
  readFileSync(new URL("../fixtures/pages/ja-news.expected.json", import.meta.url), "utf8"),
) as { url: string; title: string; paragraphs: string[] };
const korean = JSON.parse(
  readFileSync(new URL("../fixtures/pages/ko-news.expected.json", import.meta.url), "utf8"),
) as { url: string; title: string; paragraphs: string[] };

/** The seed page (/BIG5/, 繁體) with every kind of displayed field filled in. */
function seedArticle(): Article {
  return {
    url: "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html",
    title: "山東:以堅強組織領導確保取得實效",
    kicker: "學習貫徹習近平新時代中國特色社會主義思想主題教育",
    subtitle: "堅強的組織領導是前提和保証",
    breadcrumb: [
      { title: "人民網", url: "http://www.people.com.cn/BIG5/" },
      { title: "山東頻道", url: "http://sd.people.com.cn/BIG5/" },
    ],
    published: "2023-09-18T00:40:00Z",
    source: "大眾報業·大眾日報",
    editors: ["聶俊穹", "劉穎婕"],
    body: seedBody.map((text) => ({ type: "paragraph" as const, text })),
    recommended: [
      {
        title: "2023綠色低碳高質量發展大會在煙台開幕",
        url: "http://sd.people.com.cn/BIG5/n2/2023/0829/c386784-1.html",
        summary: "黃渤海之濱,天清海闊、秋韻如畫。",
      },
      { title: "山東省委常委會召開會議", url: "http://sd.people.com.cn/BIG5/n2/2023/0825/c386784-2.html" },
    ],
    notice: "全文來自離線樣本。",
    warnings: ["a warning"],
  };
}

function plainArticle(source: { url: string; title: string; paragraphs: string[] }): Article {
  return {
    url: source.url,
    title: source.title,
    breadcrumb: [],
    editors: [],
    body: source.paragraphs.map((text) => ({ type: "paragraph" as const, text })),
    recommended: [],
    warnings: [],
  };
}

describe("detectScript", () => {
  it("tells 繁體 (the seed page) from 简体 (the politics page)", () => {
    expect(detectScript(seedBody.join(""))).toBe("hant");
    expect(detectScript(politics.paragraphs.join(""))).toBe("hans");
  });
  it("says unknown for Japanese, Korean, Latin text and text without telling characters", () => {
    expect(detectScript(japanese.paragraphs.join(""))).toBe("unknown");
    expect(detectScript(korean.paragraphs.join(""))).toBe("unknown");
    expect(detectScript("The quick brown fox")).toBe("unknown");
    expect(detectScript("山東")).toBe("unknown");
  });
});

describe("needsConversion", () => {
  it("does not convert a /BIG5/ page to 繁體 again, nor a 简体 page to 简体", () => {
    expect(needsConversion(seedArticle(), "hant")).toBe(false);
    expect(needsConversion(seedArticle(), "hans")).toBe(true);
    expect(needsConversion(plainArticle(politics), "hans")).toBe(false);
    expect(needsConversion(plainArticle(politics), "hant")).toBe(true);
  });
  it("goes by the /BIG5/ or /GB/ path when the text is too short to tell", () => {
    const short = { ...plainArticle(politics), title: "山東", body: [] };
    expect(needsConversion({ ...short, url: "http://x.people.com.cn/BIG5/n1/1.html" }, "hant")).toBe(false);
    expect(needsConversion({ ...short, url: "http://x.people.com.cn/GB/n1/1.html" }, "hant")).toBe(true);
  });
  it("never converts Japanese or Korean (kanji are not hanzi to be simplified)", () => {
    for (const target of ["hans", "hant"] as const) {
      expect(needsConversion(plainArticle(japanese), target)).toBe(false);
      expect(needsConversion(plainArticle(korean), target)).toBe(false);
    }
  });
});

describe("loadConverter", () => {
  it("converts 繁體 to 简体", async () => {
    const toHans = await loadConverter("hans", "tw");
    expect(toHans("堅強的組織領導,是扎實開展好主題教育的前提")).toBe(
      "坚强的组织领导,是扎实开展好主题教育的前提",
    );
    expect(toHans("發展經濟")).toBe("发展经济");
  });

  it("converts 简体 to 繁體 by phrase: 后 becomes 後 after 之, stays in 皇后 (Taiwan)", async () => {
    const toTw = await loadConverter("hant", "tw");
    expect(toTw("之后，皇后说发展经济，里面的头发")).toBe("之後，皇后說發展經濟，裡面的頭髮");
  });

  it("writes the Hong Kong variant when asked", async () => {
    const toHk = await loadConverter("hant", "hk");
    expect(toHk("皇后说，里面")).toBe("皇后説，裏面");
  });

  it("builds each converter once", async () => {
    const [a, b] = await Promise.all([loadConverter("hant", "tw"), loadConverter("hant", "tw")]);
    expect(a).toBe(b);
    expect(await loadConverter("hant", "hk")).not.toBe(a);
  });
});

describe("convertArticle", () => {
  it("converts every displayed string and no URL, into a new article", async () => {
    const original = seedArticle();
    const toHans = await loadConverter("hans", "tw");
    const shown = convertArticle(original, toHans);
    expect(shown).not.toBe(original);
    expect(shown.title).toBe("山东:以坚强组织领导确保取得实效");
    expect(shown.kicker).toBe("学习贯彻习近平新时代中国特色社会主义思想主题教育");
    expect(shown.subtitle).toBe("坚强的组织领导是前提和保证");
    expect(shown.breadcrumb.map((l) => l.title)).toEqual(["人民网", "山东频道"]);
    expect(shown.source).toBe("大众报业·大众日报");
    expect(shown.editors).toEqual(["聂俊穹", "刘颖婕"]);
    expect(shown.body[0]!.text).toBe(toHans(original.body[0]!.text));
    expect(shown.body[0]!.text).not.toBe(original.body[0]!.text);
    expect(shown.recommended[0]).toEqual({
      title: "2023绿色低碳高质量发展大会在烟台开幕",
      url: original.recommended[0]!.url,
      summary: "黄渤海之滨,天清海阔、秋韵如画。",
    });
    expect(shown.recommended[1]).toEqual({
      title: "山东省委常委会召开会议",
      url: original.recommended[1]!.url,
    });
    expect("summary" in shown.recommended[1]!).toBe(false);
    expect(shown.notice).toBe("全文来自离线样本。");
    expect(shown.url).toBe(original.url);
    expect(shown.breadcrumb.map((l) => l.url)).toEqual(original.breadcrumb.map((l) => l.url));
    expect(shown.published).toBe(original.published);
    expect(shown.warnings).toEqual(original.warnings);
  });

  it("cycling original → 简体 → 繁體 → original leaves the stored article exactly as it was", async () => {
    const stored = seedArticle();
    const saved = structuredClone(stored);
    const toHans = await loadConverter("hans", "tw");
    const toHant = await loadConverter("hant", "tw");
    // Each mode is made from the stored original, never from the previous mode's text.
    for (let round = 0; round < 3; round++) {
      const hans = convertArticle(stored, toHans);
      const hant = needsConversion(stored, "hant") ? convertArticle(stored, toHant) : stored;
      expect(hans.body[0]!.text).not.toBe(stored.body[0]!.text);
      expect(hant).toBe(stored); // a /BIG5/ page is shown as it is in 繁體
      // Even converting the shown copy again touches only the copy.
      convertArticle(hans, toHant);
    }
    expect(stored).toEqual(saved);

    const gb = plainArticle(politics);
    const gbSaved = structuredClone(gb);
    const shown = convertArticle(convertArticle(gb, toHant), toHans);
    expect(shown.body.length).toBe(gb.body.length);
    expect(gb).toEqual(gbSaved);
  });

  it("for any converter, changes exactly the displayed fields and never the input", () => {
    const mark = (s: string) => `«${s}»`;
    fc.assert(
      fc.property(
        fc.record({
          title: fc.string(),
          kicker: fc.option(fc.string(), { nil: undefined }),
          summary: fc.option(fc.string(), { nil: undefined }),
          body: fc.array(fc.string(), { maxLength: 5 }),
        }),
        (input) => {
          const article: Article = {
            ...seedArticle(),
            title: input.title,
            body: input.body.map((text) => ({ type: "quote" as const, text })),
            recommended: [
              {
                title: "t",
                url: "http://a/",
                ...(input.summary !== undefined ? { summary: input.summary } : {}),
              },
            ],
          };
          if (input.kicker === undefined) delete article.kicker;
          else article.kicker = input.kicker;
          const saved = structuredClone(article);
          const shown = convertArticle(article, mark);
          expect(article).toEqual(saved);
          expect(shown.title).toBe(mark(input.title));
          expect(shown.kicker).toBe(input.kicker === undefined ? undefined : mark(input.kicker));
          expect("kicker" in shown).toBe(input.kicker !== undefined);
          expect(shown.body).toEqual(input.body.map((text) => ({ type: "quote", text: mark(text) })));
          expect(shown.recommended[0]!.summary).toBe(
            input.summary === undefined ? undefined : mark(input.summary),
          );
          expect(shown.recommended[0]!.url).toBe("http://a/");
        },
      ),
    );
  });
});
