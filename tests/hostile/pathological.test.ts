// Pathological pages and feeds end within a bound of time and memory, and say what was cut. The time bound is
// relative, so that it holds on a loaded machine: the pathological input costs at most a few times what linear
// growth from the same input a tenth the size (measured just before, in the same process) would give. Quadratic
// or exponential behaviour costs ten times that or more; small regressions are not what this catches.
import { describe, expect, it } from "vitest";
import type { Resource } from "../../src/model.js";
import { loadFeed } from "../../src/sources/feed.js";
import { BODY_MAX, TITLE_MAX, loadArticle } from "../../src/sources/page.js";
import { FEED_ITEMS_MAX, MAX_NESTING_DEPTH } from "../../src/sources/html.js";
import { layoutArticle, prepareArticle } from "../../src/text/article.js";

/** The reference input is this many times smaller. */
const SCALE = 10;
/** How many times linear growth the whole input may cost. */
const SLACK = 4;
/** Below this (ms) a reference is mostly noise: the bound is at least SCALE × SLACK × this. */
const REFERENCE_FLOOR_MS = 10;
const HEAP_BOUND_BYTES = 300 * 1024 * 1024;

function timed(work: () => unknown): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/**
 * Runs `work` on the input made at full size, after running it on the input made a tenth the size (the best of
 * three: a pause of the machine only ever adds), and checks its time against linear growth, and its heap growth.
 * `make(scale)` builds the input at `scale` (1, or 1 / SCALE).
 */
function withinBounds<I, T>(make: (scale: number) => I, work: (input: I) => T): T {
  const small = make(1 / SCALE);
  const reference = Math.min(...[1, 2, 3].map(() => timed(() => work(small))));
  const input = make(1);
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let result: T | undefined;
  let elapsed = timed(() => (result = work(input)));
  const peak = Math.max(heapBefore, process.memoryUsage().heapUsed);
  const bound = Math.max(reference, REFERENCE_FLOOR_MS) * SCALE * SLACK;
  // Once more when over: a pause of the machine does not come twice alike, growth that is not linear does.
  if (elapsed >= bound)
    elapsed = Math.min(
      elapsed,
      timed(() => work(input)),
    );
  expect(elapsed).toBeLessThan(bound);
  expect(peak - heapBefore).toBeLessThan(HEAP_BOUND_BYTES);
  return result as T;
}

const resource = (text: string, contentType: string): Resource => ({
  requestedUrl: "http://127.0.0.1/p.html",
  url: "http://127.0.0.1/p.html",
  status: 200,
  contentType,
  body: new TextEncoder().encode(text),
});
const page = (body: string, title = "病態頁面") =>
  resource(
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`,
    "text/html; charset=utf-8",
  );

/** Reads the page `make(scale)` gives, and lays it out at 80 columns, within bounds. */
function readAndLayOut(make: (scale: number) => Resource) {
  return withinBounds(make, (r) => {
    const article = loadArticle(r);
    const layout = layoutArticle(prepareArticle(article), 80);
    return { article, layout };
  });
}

describe("pathological pages are handled within bounds", () => {
  it("5 MB of one paragraph: shown up to the body limit, with a warning", () => {
    const paragraph = (scale: number) =>
      "新聞文字 and words ".repeat(Math.ceil((scale * 5 * 1024 * 1024) / 23));
    expect(new TextEncoder().encode(paragraph(1)).length).toBeGreaterThan(5 * 1024 * 1024);
    const { article, layout } = readAndLayOut((scale) =>
      page(`<h1>長段落</h1><div class="content"><p>${paragraph(scale)}</p></div>`),
    );
    expect(article.title).toBe("長段落");
    const shown = article.body.reduce((n, b) => n + b.text.length, 0);
    expect(shown).toBeGreaterThan(BODY_MAX * 0.99);
    expect(shown).toBeLessThanOrEqual(BODY_MAX);
    expect(article.body[0]?.text.startsWith("新聞文字 and words 新聞文字")).toBe(true);
    expect(article.warnings.join("\n")).toMatch(/longer than 500,000 characters/);
    expect(layout.lines.length).toBeGreaterThan(1000);
  });

  it("100k-deep nesting: flattened past the depth limit, the text kept, with a warning", () => {
    const { article } = readAndLayOut((scale) => {
      const depth = 100_000 * scale;
      return page(
        `${"<div>".repeat(depth)}<p>深處的正文,仍然要讀得到。這一段在十萬層之下。</p>${"</div>".repeat(depth)}`,
      );
    });
    expect(article.body.map((b) => b.text)).toEqual(["深處的正文,仍然要讀得到。這一段在十萬層之下。"]);
    expect(article.warnings.join("\n")).toMatch(new RegExp(`nested deeper than ${MAX_NESTING_DEPTH} levels`));
  });

  it("100k unclosed inline elements end within bounds too", () => {
    const { article } = readAndLayOut((scale) =>
      page(`<div class="content">${"<span><b>".repeat(50_000 * scale)}正文</div>`),
    );
    expect(article.warnings.join("\n")).toMatch(/flattened/);
  });

  it("1 million entities: decoded, removed where they are controls", () => {
    const repeats = 333_334; // three entities each: 1,000,002
    const { article, layout } = readAndLayOut((scale) =>
      page(
        `<h1>實體</h1><div class="content"><p>${"&amp;&#x1b;&#x202e;".repeat(Math.round(repeats * scale))}</p><p>實體之後的段落,還在。</p></div>`,
      ),
    );
    // Compared as booleans: a failure must not print a megabyte.
    expect(article.body[0]?.text === "&".repeat(repeats)).toBe(true);
    expect(article.body[1]?.text).toBe("實體之後的段落,還在。");
    // eslint-disable-next-line no-control-regex
    expect(layout.lines.some((l) => /[\u001b\u202e]/.test(l.text))).toBe(false);
  });

  it("a title of 10k characters is cut, with a warning", () => {
    const { article, layout } = readAndLayOut((scale) =>
      page(
        `<h1>${"長".repeat(10_000 * scale)}</h1><div class="content"><p>正文正文正文,正文正文正文。正文正文正文正文。</p></div>`,
      ),
    );
    expect([...article.title]).toHaveLength(TITLE_MAX);
    expect(article.title.endsWith("…")).toBe(true);
    expect(article.warnings).toContain(`the title cut from 10000 to ${TITLE_MAX} characters`);
    expect(layout.lines.filter((l) => l.kind === "title").length).toBeLessThan(30);
  });

  it("a feed with 50k items lists the first 5,000, with a warning", () => {
    const items = (scale: number) =>
      Array.from(
        { length: 50_000 * scale },
        (_, i) =>
          `<item><title>條目${i}</title><link>http://127.0.0.1/${i}.html</link><description>&lt;p&gt;摘要${i}&lt;/p&gt;</description></item>`,
      ).join("");
    const feed = withinBounds(
      (scale) =>
        resource(
          `<?xml version="1.0"?><rss><channel><title>大</title>${items(scale)}</channel></rss>`,
          "application/rss+xml",
        ),
      loadFeed,
    );
    expect(feed.items).toHaveLength(FEED_ITEMS_MAX);
    expect(feed.items[FEED_ITEMS_MAX - 1]?.title).toBe(`條目${FEED_ITEMS_MAX - 1}`);
    expect(feed.warnings).toContain(`the feed has 50000 items: only the first ${FEED_ITEMS_MAX} are listed`);
  });

  it("a feed nested 100k deep ends within bounds with a warning", () => {
    const feed = withinBounds(
      (scale) =>
        resource(
          `<?xml version="1.0"?><rss><channel><title>深</title>${"<x>".repeat(100_000 * scale)}${"</x>".repeat(100_000 * scale)}` +
            `<item><title>之後</title><link>http://127.0.0.1/1.html</link></item></channel></rss>`,
          "application/rss+xml",
        ),
      loadFeed,
    );
    expect(feed.title).toBe("深");
    expect(feed.warnings.join("\n")).toMatch(/flattened/);
  });
});
