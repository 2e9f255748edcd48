// The index's tokens: every CJK character, pair and triple of a run once, other words whole; characters outside
// the BMP (two code units) count as one, and a search for them finds the item.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadNormaliser, openArchive } from "../../src/store/archive.js";
import { indexTokens, segments } from "../../src/store/grams.js";

const tokens = (text: string) => indexTokens(text).split(" ").filter(Boolean).sort();

describe("indexTokens", () => {
  it("gives each character, pair and triple of a CJK run once, and other words whole", () => {
    expect(tokens("台风台风")).toEqual(["台", "风", "台风", "风台", "台风台", "风台风"].sort());
    expect(tokens("ai教育, typhoon 2025")).toEqual(["2025", "ai", "typhoon", "教", "育", "教育"].sort());
  });

  it("does not join characters across a word or a mark between them", () => {
    expect(tokens("东京x大学")).toEqual(["x", "东", "京", "东京", "大", "学", "大学"].sort());
    expect(tokens("东京・大学")).not.toContain("京大");
  });

  it("counts a character outside the BMP as one", () => {
    const yoshi = "\u{20bb7}"; // 𠮷, two code units
    expect(tokens(`${yoshi}野家`)).toEqual([yoshi, "野", "家", `${yoshi}野`, "野家", `${yoshi}野家`].sort());
    expect(segments(`a${yoshi}b`)).toEqual([
      { cjk: false, text: "a" },
      { cjk: true, text: yoshi },
      { cjk: false, text: "b" },
    ]);
  });

  it("tokenises each text on its own: after a long text, and after the same text", () => {
    indexTokens("台风".repeat(50_000));
    expect(tokens("台风")).toEqual(["台", "风", "台风"].sort());
    expect(tokens("台风")).toEqual(["台", "风", "台风"].sort());
    expect(tokens("风")).toEqual(["风"]);
  });

  it("gives every gram of a long text once, however many it has (the table of grams seen grows as they come)", () => {
    // 60,000 characters drawn from 3,000: tens of thousands of distinct pairs and triples.
    let seed = 7;
    const chars = Array.from({ length: 60_000 }, () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return String.fromCharCode(0x4e00 + (seed % 3000));
    });
    const expected = new Set<string>();
    for (let i = 0; i < chars.length; i++)
      for (let n = 1; n <= 3 && i + n <= chars.length; n++) expected.add(chars.slice(i, i + n).join(""));
    const got = indexTokens(chars.join("")).split(" ");
    expect(got.length).toBe(expected.size);
    expect(new Set(got)).toEqual(expected);
  });

  it("leaves out a lone surrogate and keeps the words around it", () => {
    expect(tokens("东\ud800京")).toEqual(["东", "京"]);
  });
});

describe("search of what the tokens index", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds an item by a word with a character outside the BMP, and by kana and Hangul", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "reader-grams-"));
    const { archive } = await openArchive({ dir, normalise: await loadNormaliser() });
    archive!.putItems([
      { url: "https://jp.example/1", title: "\u{20bb7}野家の新メニュー", summary: "牛丼チェーン" },
      { url: "https://kr.example/1", title: "서울 날씨", summary: "맑음" },
    ]);
    const urls = (query: string) => archive!.search(query).map((hit) => hit.url);
    expect(urls("\u{20bb7}野家")).toEqual(["https://jp.example/1"]);
    expect(urls("メニュー")).toEqual(["https://jp.example/1"]);
    expect(urls("날씨")).toEqual(["https://kr.example/1"]);
    archive!.putItems([{ url: "https://fr.example/1", title: "Un café à Москва", summary: "été" }]);
    expect(urls("café")).toEqual(["https://fr.example/1"]);
    expect(urls("москва été")).toEqual(["https://fr.example/1"]);
    archive!.close();
  });
});
