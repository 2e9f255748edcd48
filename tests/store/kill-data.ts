// What the kill -9 tests' child keeps, made the same way in the child and in the test that checks it.
import type { Article, ArticleRef } from "../../src/model.js";

export const MARKED = {
  read: "https://example.com/marked/read",
  position: "https://example.com/marked/position",
  bookmark: "https://example.com/marked/bookmark",
};

export function killItem(i: number): ArticleRef {
  return {
    url: `https://example.com/item/${i}`,
    id: `item-${i}`,
    title: `第${i}條 颱風消息`,
    summary: `颱風第${i}報：中央氣象局發布海上陸上颱風警報。`,
    published: new Date(Date.parse("2026-11-01T00:00:00Z") + i * 60_000).toISOString(),
  };
}

export function killArticle(i: number): Article {
  const paragraphs = Array.from(
    { length: 12 },
    (_, k) => `第${i}篇第${k}段：颱風過境後各地災情陸續傳出，政府啟動緊急應變機制。`,
  );
  return {
    url: `https://example.com/article/${i}`,
    title: `第${i}篇 颱風過境`,
    published: new Date(Date.parse("2026-11-01T00:00:00Z") + i * 60_000).toISOString(),
    breadcrumb: [],
    editors: [],
    body: paragraphs.map((text) => ({ type: "paragraph", text })),
    recommended: [],
    warnings: [],
  };
}

/** killArticle(i) as a page a server sends (the first start's import reads it, a prefetch fetches it). */
export function killPage(i: number): string {
  const a = killArticle(i);
  return `<html><head><title>${a.title}</title></head><body><article><h1>${a.title}</h1>${a.body
    .map((b) => `<p>${b.text}</p>`)
    .join("")}</article></body></html>`;
}
