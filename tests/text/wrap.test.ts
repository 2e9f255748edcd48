import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  joinLayout,
  layoutParagraph,
  layoutPrepared,
  normalizeParagraph,
  prepareParagraph,
  wrapParagraph,
  wrapToRows,
  type LayoutOptions,
} from "../../src/text/wrap.js";
import { displayWidth } from "../../src/text/width.js";

const seed = readFileSync(new URL("../fixtures/seed.txt", import.meta.url), "utf8");
const seedParagraphs = seed.split("\n").filter((l) => l.trim() !== "");

const NO_START = [..."、，。．；：！？）」』】〕〉》”’,.;:!?)]}﹔"];
const NO_END = [..."（「『【〔〈《“‘([{"];

function lay(text: string, width: number, options?: Partial<LayoutOptions>) {
  return layoutParagraph(prepareParagraph(text, options), width);
}

describe("wrapParagraph on the seed article", () => {
  it("never starts a line with closing punctuation or ends one with an opening bracket, at widths 10..80", () => {
    const bad: string[] = [];
    for (let width = 10; width <= 80; width++) {
      for (const paragraph of seedParagraphs) {
        const lines = wrapParagraph(paragraph, width);
        lines.forEach((line, i) => {
          if (displayWidth(line) > width) bad.push(`${width}: too wide: ${line}`);
          if (i > 0 && NO_START.some((c) => line.startsWith(c))) bad.push(`${width}: starts: ${line}`);
          if (i < lines.length - 1 && NO_END.some((c) => line.endsWith(c)))
            bad.push(`${width}: ends: ${line}`);
          if (i > 0 && line.startsWith(" ")) bad.push(`${width}: leading space: ${line}`);
        });
      }
    }
    expect(bad).toEqual([]);
  });

  it("gives back every paragraph exactly when the lines are joined, at every width", () => {
    for (const paragraph of seedParagraphs) {
      const prepared = prepareParagraph(paragraph);
      for (let width = 2; width <= 120; width += 7) {
        expect(joinLayout(layoutParagraph(prepared, width))).toBe(normalizeParagraph(paragraph));
      }
    }
  });

  it("keeps the date and time of the dateline whole", () => {
    for (let width = 12; width <= 60; width++) {
      const lines = wrapParagraph("2023年09月18日08:40 | 來源:大眾報業·大眾日報", width, { indent: "none" });
      const text = lines.join("\n");
      for (const piece of ["2023", "09", "18", "08:40"]) expect(text).toContain(piece);
    }
  });
});

describe("kinsoku", () => {
  it("pushes the character before a full stop down instead of starting a line with 。 (oidashi)", () => {
    // At width 10 the full stop would start line 2: 五 goes down with it and line 1 stays one short.
    const lines = wrapParagraph("一二三四五。六七八九十", 10, { indent: "none" });
    expect(lines).toEqual(["一二三四", "五。六七八", "九十"]);
  });

  it("keeps an opening quote with the text it opens and a closing one with the text it closes", () => {
    const lines = wrapParagraph("他说：“你好，世界。”然后离开了房间。", 10, { indent: "none" });
    expect(lines.join("")).toBe("他说：“你好，世界。”然后离开了房间。");
    for (const line of lines.slice(1)) expect(NO_START.some((c) => line.startsWith(c))).toBe(false);
    for (const line of lines.slice(0, -1)) expect(NO_END.some((c) => line.endsWith(c))).toBe(false);
  });

  it("never splits —— or …… or ‥‥", () => {
    for (let width = 4; width <= 20; width++) {
      const lines = wrapParagraph("他沉默了很久——然后说……好吧‥‥再见。", width, { indent: "none" });
      for (let i = 1; i < lines.length; i++) {
        const joint = lines[i - 1]!.slice(-1) + lines[i]!.slice(0, 1);
        expect(["——", "……", "‥‥"]).not.toContain(joint);
      }
    }
  });

  it("lets two doubled pairs a space apart part at the space, and only there", () => {
    expect(wrapParagraph("的…… ……", 4, { indent: "none" })).toEqual(["的……", "……"]);
    expect(wrapParagraph("的‥‥\u3000‥‥", 4, { indent: "none" })).toEqual(["的‥‥", "‥‥"]);
    expect(wrapParagraph("的…………", 4, { indent: "none" })).toEqual(["的", "…………"]);
  });

  it("keeps small kana, ー and 々 off the line start only in strict mode", () => {
    const text = "ちょっとコーヒーを飲みに行きましょう人々";
    const starts = (kinsoku: "basic" | "strict") =>
      [8, 9, 10, 11, 12, 13, 14, 16].flatMap((w) =>
        wrapParagraph(text, w, { indent: "none", kinsoku })
          .slice(1)
          .map((l) => l[0]),
      );
    expect(starts("strict").filter((c) => "ょっーゃゅぁぃぅぇぉ々".includes(c!))).toEqual([]);
    expect(starts("basic").filter((c) => "ょっー".includes(c!)).length).toBeGreaterThan(0);
  });
});

describe("numbers, words and URLs", () => {
  it("never cuts 1,250억, 43% or 2∶1", () => {
    for (let width = 8; width <= 30; width++) {
      const lines = wrapParagraph("이번 투자 규모는 1,250억 원으로 점유율 43% 비율 2∶1 이다", width, {
        indent: "none",
      });
      const text = lines.join("\n");
      for (const piece of ["1,250억", "43%", "2∶1"]) expect(text).toContain(piece);
    }
  });

  it("breaks Korean at spaces only (keep-all) unless asked for normal", () => {
    const text = "대한민국 정부는 오늘 새로운 경제정책을 발표했다";
    for (let width = 12; width <= 30; width++) {
      const lines = wrapParagraph(text, width, { indent: "none" });
      expect(lines.join(" ")).toBe(text);
    }
    const normal = wrapParagraph(text, 12, { indent: "none", korean: "normal" });
    expect(normal.join(" ")).not.toBe(text);
    expect(normal.every((l) => displayWidth(l) <= 12)).toBe(true);
  });

  it("cuts a Hangul word only when it is wider than the line", () => {
    expect(wrapParagraph("가나다라마바사아자차", 8, { indent: "none" })).toEqual([
      "가나다라",
      "마바사아",
      "자차",
    ]);
  });

  it("keeps a URL whole when it fits and breaks a longer one after / . - ? & = _", () => {
    const url = "https://example.com/news/2024/04/24/article?id=123&lang=zh";
    expect(wrapParagraph(`詳見 ${url} 。`, 70, { indent: "none" })).toEqual([`詳見 ${url} 。`]);
    const lines = wrapParagraph(`詳見${url}，謝謝。`, 24, { indent: "none" });
    expect(lines.join("")).toBe(`詳見${url}，謝謝。`);
    expect(lines.some((l) => l === url)).toBe(false);
    for (const line of lines.slice(0, -1)) {
      if (line.includes("/") || line.includes("?")) expect(line).toMatch(/[/.\-?&=_]$|^詳見$/);
    }
  });

  it("never cuts a full-width number (１９分, 第７７条, １２８処, １，２００) where ASCII ones stay whole", () => {
    const text = "政府は第７７条に基づき、１２８処の施設を１９分で点検し、費用は１，２００万円だった";
    for (let width = 10; width <= 40; width++) {
      const lines = wrapParagraph(text, width, { indent: "none" });
      expect(lines.join("")).toBe(text);
      for (const piece of ["７７", "１２８", "１９", "１，２００"])
        expect(
          lines.some((l) => l.includes(piece)),
          `${piece} at ${width}`,
        ).toBe(true);
    }
  });

  it("keeps a number with the CJK unit after it (1月14日, ３月, 2024年, 15時, 100元, 5万, 第7条) where the line can break elsewhere", () => {
    const texts = [
      "据统计，截至2024年1月14日，全市共接待游客100元以上消费者5万人次，较上年增长明显。",
      "会議は３月の第２週、15時30分から始まり、参加者は約120人だった。",
      "根据第7条的规定，该项目须在30天内完成，逾期每日罚款200元。",
      "올해 1월 14일까지 5만 명이 방문했고, 입장료는 3000원이었다.",
    ];
    const unit = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]/u;
    for (const text of texts)
      for (const korean of ["keep-all", "normal"] as const)
        // (from 14 columns: every number with its unit, and the Korean word 3000원이었다., fits a line)
        for (let width = 14; width <= 40; width++) {
          const lines = wrapParagraph(text, width, { indent: "none", korean });
          expect(lines.join("").replace(/ /g, "")).toBe(text.replace(/ /g, ""));
          for (let i = 0; i + 1 < lines.length; i++) {
            const end = lines[i]!;
            const next = lines[i + 1]!;
            // A line that ends in a digit while the next starts with its unit, or one ending in 第 before the number.
            const parted =
              (/[0-9０-９]$/u.test(end) && unit.test(next.charAt(0))) ||
              (end.endsWith("第") && /^[0-9０-９]/u.test(next));
            expect(parted, `${JSON.stringify(end)} / ${JSON.stringify(next)} at ${width}`).toBe(false);
          }
        }
  });

  it("parts a number from its unit only when the line has no other break", () => {
    // 20240114 and its 年 are wider than the line together: the cut falls between them, not inside the number.
    expect(wrapParagraph("20240114年", 8, { indent: "none" })).toEqual(["20240114", "年"]);
  });

  it("cuts a URL or token wider than the line after / . - ? & = _, not inside a word", () => {
    const url = "https://news.example.com/politics/2024/budget-vote_final?session=winter&page=2";
    const token = "config.server.max_connections_per_host=64";
    for (const long of [url, token])
      for (let width = 16; width <= 30; width++) {
        const lines = wrapParagraph(long, width, { indent: "none" });
        expect(lines.join("")).toBe(long);
        for (const line of lines.slice(0, -1)) expect(line, `${long} at ${width}`).toMatch(/[/.\-?&=_]$/);
      }
  });

  it("keeps a Latin word whole and cuts only a word wider than the line", () => {
    expect(wrapParagraph("The quick brown fox jumps", 10, { indent: "none" })).toEqual([
      "The quick",
      "brown fox",
      "jumps",
    ]);
    expect(wrapParagraph("Supercalifragilistic", 8, { indent: "none" })).toEqual([
      "Supercal",
      "ifragili",
      "stic",
    ]);
  });
});

describe("a short text in a few rows (wrapToRows)", () => {
  it("wraps a message to the width, and cuts only its last allowed row, with …", () => {
    const text = "Offline, and there is no cached copy of this page from 127.0.0.1";
    expect(wrapToRows(text, 26, 3, "narrow")).toEqual([
      "Offline, and there is no",
      "cached copy of this page",
      "from 127.0.0.1",
    ]);
    expect(wrapToRows(text, 26, 2, "narrow")).toEqual([
      "Offline, and there is no",
      "cached copy of this page …",
    ]);
    expect(wrapToRows(text, 80, 3, "narrow")).toEqual([text]);
  });
});

describe("indent, spaces and hard breaks", () => {
  it("replaces the source's indent by two ideographic spaces, or none", () => {
    expect(wrapParagraph("\u3000\u3000任何一項工作", 20)).toEqual(["\u3000\u3000任何一項工作"]);
    expect(wrapParagraph("  任何一項工作", 20, { indent: "none" })).toEqual(["任何一項工作"]);
  });

  it("starts no continuation line with a space and restores the spaces on join", () => {
    const text = "one  two   three    four";
    const layout = lay(text, 6, { indent: "none" });
    expect(layout.lines).toEqual(["one", "two", "three", "four"]);
    expect(joinLayout(layout)).toBe(text);
  });

  it("treats a newline as a hard break and keeps the next line's own indentation", () => {
    const layout = lay("a = 1;\n  b = 2;\n", 20, { indent: "none" });
    expect(layout.lines).toEqual(["a = 1;", "  b = 2;", ""]);
    expect(joinLayout(layout)).toBe("a = 1;\n  b = 2;\n");
  });

  it("measures ambiguous characters as wide when asked, so no line overflows such a terminal", () => {
    const text = "“这是一个引号”……※①②③④⑤⑥⑦⑧⑨⑩";
    for (let width = 4; width <= 20; width++) {
      for (const line of wrapParagraph(text, width, { ambiguous: "wide", indent: "none" })) {
        expect(displayWidth(line, "wide")).toBeLessThanOrEqual(width);
      }
    }
  });

  it("re-lays a prepared paragraph at any width without preparing again", () => {
    const p = prepareParagraph(seedParagraphs[6]!);
    expect(layoutPrepared(p, 30)).toEqual(wrapParagraph(seedParagraphs[6]!, 30));
    expect(layoutPrepared(p, 50)).toEqual(wrapParagraph(seedParagraphs[6]!, 50));
  });

  it("lays out an empty paragraph as no lines", () => {
    expect(wrapParagraph("", 20)).toEqual([]);
    expect(wrapParagraph("\u3000\u3000", 20)).toEqual([]);
  });
});

describe("indent and the first word", () => {
  it("leaves the indent out rather than cut a first word that fits a whole line", () => {
    expect(wrapParagraph("삼성전자가 투자를 발표했다", 12)).toEqual(["삼성전자가", "투자를", "발표했다"]);
    expect(wrapParagraph("삼성전자가 투자를 발표했다", 14)[0]).toBe("\u3000\u3000삼성전자가");
  });
});
