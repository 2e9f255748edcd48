// Pathological pages and feeds end within a bound of time and memory, and say what was cut. Bounds are generous
// (measured figures are far below them): they catch quadratic or exponential behaviour, not small regressions.
import { describe, expect, it } from "vitest";
import type { Resource } from "../../src/model.js";
import { loadFeed } from "../../src/sources/feed.js";
import { BODY_MAX, TITLE_MAX, loadArticle } from "../../src/sources/page.js";
import { FEED_ITEMS_MAX, MAX_NESTING_DEPTH } from "../../src/sources/html.js";
import { layoutArticle, prepareArticle } from "../../src/text/article.js";

const TIME_BOUND_MS = 5_000;
const HEAP_BOUND_BYTES = 300 * 1024 * 1024;

/** Runs `work` (decode, parse and, for articles, lay out at 80 columns) and checks its time and heap growth. */
function withinBounds<T>(work: () => T): T {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  let peak = heapBefore;
  const result = work();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const elapsed = performance.now() - start;
  expect(elapsed).toBeLessThan(TIME_BOUND_MS);
  expect(peak - heapBefore).toBeLessThan(HEAP_BOUND_BYTES);
  return result;
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

function readAndLayOut(r: Resource) {
  return withinBounds(() => {
    const article = loadArticle(r);
    const layout = layoutArticle(prepareArticle(article), 80);
    return { article, layout };
  });
}

describe("pathological pages are handled within bounds", () => {
  it("5 MB of one paragraph: shown up to the body limit, with a warning", () => {
    const paragraph = "新聞文字 and words ".repeat(Math.ceil((5 * 1024 * 1024) / 23));
    expect(new TextEncoder().encode(paragraph).length).toBeGreaterThan(5 * 1024 * 1024);
    const { article, layout } = readAndLayOut(
      page(`<h1>長段落</h1><div class="content"><p>${paragraph}</p></div>`),
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
    const depth = 100_000;
    const { article } = readAndLayOut(
      page(
        `${"<div>".repeat(depth)}<p>深處的正文,仍然要讀得到。這一段在十萬層之下。</p>${"</div>".repeat(depth)}`,
      ),
    );
    expect(article.body.map((b) => b.text)).toEqual(["深處的正文,仍然要讀得到。這一段在十萬層之下。"]);
    expect(article.warnings.join("\n")).toMatch(new RegExp(`nested deeper than ${MAX_NESTING_DEPTH} levels`));
  });

  it("100k unclosed inline elements end within bounds too", () => {
    const { article } = readAndLayOut(page(`<div class="content">${"<span><b>".repeat(50_000)}正文</div>`));
    expect(article.warnings.join("\n")).toMatch(/flattened/);
  });

  it("1 million entities: decoded, removed where they are controls", () => {
    const repeats = 333_334; // three entities each: 1,000,002
    const { article, layout } = readAndLayOut(
      page(
        `<h1>實體</h1><div class="content"><p>${"&amp;&#x1b;&#x202e;".repeat(repeats)}</p><p>實體之後的段落,還在。</p></div>`,
      ),
    );
    // Compared as booleans: a failure must not print a megabyte.
    expect(article.body[0]?.text === "&".repeat(repeats)).toBe(true);
    expect(article.body[1]?.text).toBe("實體之後的段落,還在。");
    // eslint-disable-next-line no-control-regex
    expect(layout.lines.some((l) => /[\u001b\u202e]/.test(l.text))).toBe(false);
  });

  it("a title of 10k characters is cut, with a warning", () => {
    const { article, layout } = readAndLayOut(
      page(
        `<h1>${"長".repeat(10_000)}</h1><div class="content"><p>正文正文正文,正文正文正文。正文正文正文正文。</p></div>`,
      ),
    );
    expect([...article.title]).toHaveLength(TITLE_MAX);
    expect(article.title.endsWith("…")).toBe(true);
    expect(article.warnings).toContain(`the title cut from 10000 to ${TITLE_MAX} characters`);
    expect(layout.lines.filter((l) => l.kind === "title").length).toBeLessThan(30);
  });

  it("a feed with 50k items lists the first 5,000, with a warning", () => {
    const items = Array.from(
      { length: 50_000 },
      (_, i) =>
        `<item><title>條目${i}</title><link>http://127.0.0.1/${i}.html</link><description>&lt;p&gt;摘要${i}&lt;/p&gt;</description></item>`,
    ).join("");
    const feed = withinBounds(() =>
      loadFeed(
        resource(
          `<?xml version="1.0"?><rss><channel><title>大</title>${items}</channel></rss>`,
          "application/rss+xml",
        ),
      ),
    );
    expect(feed.items).toHaveLength(FEED_ITEMS_MAX);
    expect(feed.items[FEED_ITEMS_MAX - 1]?.title).toBe(`條目${FEED_ITEMS_MAX - 1}`);
    expect(feed.warnings).toContain(`the feed has 50000 items: only the first ${FEED_ITEMS_MAX} are listed`);
  });

  it("a feed nested 100k deep ends within bounds with a warning", () => {
    const feed = withinBounds(() =>
      loadFeed(
        resource(
          `<?xml version="1.0"?><rss><channel><title>深</title>${"<x>".repeat(100_000)}${"</x>".repeat(100_000)}` +
            `<item><title>之後</title><link>http://127.0.0.1/1.html</link></item></channel></rss>`,
          "application/rss+xml",
        ),
      ),
    );
    expect(feed.title).toBe("深");
    expect(feed.warnings.join("\n")).toMatch(/flattened/);
  });
});
