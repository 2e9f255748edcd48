// A multi-page article is bounded like a single page: the joined body stays under BODY_MAX, the further pages
// share one deadline (twenty hanging pages cost one wait, not twenty), pages past the cap are not fetched, and
// the first page is given to show while the others load.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Article } from "../../src/model.js";
import { HttpCache } from "../../src/sources/cache.js";
import { HttpSource } from "../../src/sources/http.js";
import { Library } from "../../src/sources/library.js";
import { BODY_MAX, bodyLength } from "../../src/sources/page.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { tempDir } from "../integration/local-web.js";

const PAGES = 20;
const stem = (dir: string) => `/${dir}/2024/0514/c1001-777`;
const pagePath = (dir: string, n: number) => `${stem(dir)}${n === 1 ? "" : `-${n}`}.html`;

function pageHtml(dir: string, paragraph: string): string {
  const links = Array.from(
    { length: PAGES },
    (_, i) => `<a href="${pagePath(dir, i + 1)}">${i + 1}</a>`,
  ).join("");
  return `<html><head><meta charset="utf-8"><title>分页文章--人民网</title></head>
<body><div class="rm_txt"><h1>分页文章</h1><div class="rm_txt_con"><p>　　${paragraph}</p>
<div class="zdfy">${links}</div></div></div></body></html>`;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const html = { "content-type": "text/html; charset=utf-8" };
  // "big": every page 100,000 characters — twenty of them would be 2M.
  for (let n = 1; n <= PAGES; n++)
    server.route(pagePath("big", n), reply.body(pageHtml("big", `第${n}页。${"長".repeat(100_000)}`), html));
  // "hang": the first page answers, the nineteen others never do.
  server.route(pagePath("hang", 1), reply.body(pageHtml("hang", "第一页，其余各页永不回答。"), html));
  for (let n = 2; n <= PAGES; n++) server.route(pagePath("hang", n), reply.never());
});
afterAll(() => server.close());

function library(morePagesMs: number): Library {
  const cache = new HttpCache({ dir: tempDir("multipage-cache") });
  const source = new HttpSource({ cache, totalTimeoutMs: 60_000 });
  return new Library({ cache, network: async () => source, morePagesMs });
}

it("twenty pages of 100,000 characters join to at most BODY_MAX, and pages past the cap are not fetched", async () => {
  const lib = library(30_000);
  try {
    const article = await lib.loadArticle(server.url(pagePath("big", 1)));
    expect(bodyLength(article.body)).toBeLessThanOrEqual(BODY_MAX);
    expect(bodyLength(article.body)).toBeGreaterThan(BODY_MAX - 100_000);
    expect(article.body[0]?.text).toContain("第1页");
    expect(article.warnings.join("\n")).toMatch(
      /pages \d+–20 not loaded: the article is already 500,000 characters/,
    );
    const fetched = server.requests.filter((r) => r.url?.startsWith(stem("big"))).length;
    // A few ahead of the last page joined, not all twenty (however slowly the pages are read).
    expect(fetched).toBeLessThan(PAGES / 2);
  } finally {
    await lib.close();
  }
});

it("nineteen hanging further pages share one deadline: the first page comes back with a warning", async () => {
  const lib = library(500);
  try {
    const article = await lib.loadArticle(server.url(pagePath("hang", 1)));
    expect(article.body.map((b) => b.text)).toEqual(["第一页，其余各页永不回答。"]);
    expect(article.warnings).toEqual(["pages 2–20 not loaded: no answer within 1 s"]);
  } finally {
    await lib.close();
  }
});

it("the first page is handed over while the further pages are still loading", async () => {
  const lib = library(60_000);
  try {
    const first = await new Promise<Article>((resolve) => {
      void lib
        .loadArticle(server.url(pagePath("hang", 1)), undefined, { onFirstPage: resolve })
        .catch(() => {});
    });
    expect(first.body.map((b) => b.text)).toEqual(["第一页，其余各页永不回答。"]);
    expect(first.warnings).toEqual(["loading pages 2–20…"]);
  } finally {
    await lib.close();
  }
});
