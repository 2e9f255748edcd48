// Lists of other articles beside or inside the body (`猜你喜欢`, `あわせて読みたい`, `You may also like`): the page
// fixtures other-articles-*.html show them left out; these show what must stay.
import { describe, expect, it } from "vitest";
import { parseArticlePage } from "../../src/sources/page.js";

describe("a list of other articles named by its heading", () => {
  it("keeps the body whose own paragraphs end with a `You may also like…` line and links", () => {
    const story = [
      "The band unveiled its plans towards the close of its Monday night performance in Nashville, bringing out its old singer for an encore.",
      "The tour stops at the music centre on July 22, and tickets go on sale on Friday morning at the box office and online.",
    ];
    const html = `<html lang="en-US"><head><title>Band to reunite for summer show</title></head><body>
      <h1>Band to reunite for summer show</h1><div class="story"><div class="article-body">
      ${story.map((p) => `<p>${p}</p>`).join("")}
      <p>You may also like...</p>
      <p><a href="/a/1">Festival adds second stage</a></p><p><a href="/a/2">Venue sold to new owners</a></p>
      </div></div></body></html>`;
    expect(parseArticlePage(html, "https://www.example.com/2019/11/19/band").body.map((b) => b.text)).toEqual(
      story,
    );
  });
});
