// What "sanitised" means for the model, shared by the hostile tests: no control character, escape introducer or
// BiDi override in any string, and only http(s) URLs in link fields.
import { feedOfItemUrl, type Article, type ArticleRef } from "../../src/model.js";
import type { Feed } from "../../src/sources/feed.js";

// C0 except LF (kept only inside preformatted blocks), DEL, C1, BiDi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex
export const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
// eslint-disable-next-line no-control-regex
export const FORBIDDEN_INLINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** Every string in a value, with its path (`body[2].text`). */
export function stringsOf(value: unknown, at = ""): Array<[string, string]> {
  if (typeof value === "string") return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, `${at}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => stringsOf(v, at ? `${at}.${k}` : k));
  return [];
}

/** Paths of strings that carry something a terminal would act on; `[]` when clean. */
export function unsafeStrings(value: unknown): string[] {
  return stringsOf(value)
    .filter(([at, s]) => (/^body\[\d+\]\.text$/.test(at) ? FORBIDDEN.test(s) : FORBIDDEN_INLINE.test(s)))
    .map(([at, s]) => `${at}: ${JSON.stringify(s)}`);
}

/** A URL the reader may open: http(s), or an item without a link, read from an http(s) feed. */
export function isWebUrl(url: string): boolean {
  const page = feedOfItemUrl(url) ?? url;
  return /^https?:\/\//.test(page) && (() => new URL(page).protocol.startsWith("http"))();
}

/** Every URL field of an article or feed (the article's own, breadcrumb, recommended, items). */
export function urlsOf(value: Article | Feed | ArticleRef[]): string[] {
  if (Array.isArray(value)) return value.map((i) => i.url);
  if ("items" in value) return [...(value.link ? [value.link] : []), ...value.items.map((i) => i.url)];
  return [value.url, ...value.breadcrumb.map((l) => l.url), ...value.recommended.map((l) => l.url)];
}
