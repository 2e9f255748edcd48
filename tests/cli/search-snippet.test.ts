// The snippet under a search hit (`reader search` and the `/` results) shows the matched words marked inside the
// text as it reads: the spaces around a match stay, so Korean and Latin words are not run together.
import { describe, expect, it } from "vitest";
import { searchLines, snippetParts } from "../../src/commands/search-command.js";
import type { SearchHit } from "../../src/store/archive.js";

function hit(snippet: string, word: string): SearchHit {
  const marks: Array<[number, number]> = [];
  for (let at = snippet.indexOf(word); at >= 0; at = snippet.indexOf(word, at + word.length))
    marks.push([at, at + word.length]);
  return { url: "http://example.test/a", title: "제목", snippet, marks };
}

const shown = (h: SearchHit) =>
  snippetParts(h)
    .map((p) => p.text)
    .join("");

describe("search snippets", () => {
  it("keep the spaces beside a match (Korean words stay apart)", () => {
    const h = hit("현역 해녀들이 직접 녹음한 이야기를 한국어·영어로 들을 수 있다", "한");
    expect(shown(h)).toBe("현역 해녀들이 직접 녹음한 이야기를 한국어·영어로 들을 수 있다");
    expect(searchLines([h], 80)[1]).toBe(
      "  현역 해녀들이 직접 녹음[한] 이야기를 [한]국어·영어로 들을 수 있다",
    );
  });

  it("keep the space between two matched Latin words, and still clean what the page put around them", () => {
    expect(shown(hit("uses AI and AI\u001b[31m again", "AI"))).toBe("uses AI and AI again");
    expect(shown(hit("AI\n\t tools", "AI"))).toBe("AI tools");
  });
});
