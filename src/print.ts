// Output without a terminal interface: articles and lists as plain text (laid out by the same src/text code the
// interface uses) or as JSON.
import path from "node:path";
import type { Article, ArticleRef, Channel } from "./model.js";
import { PendingChannelError, ReaderError, UNTITLED, hasWebLink } from "./model.js";
import { formatLocalTime, layoutArticle, prepareArticle } from "./text/article.js";
import { sanitizeBlock } from "./text/sanitize.js";
import { truncateToWidth } from "./text/width.js";
import type { LayoutOptions } from "./text/wrap.js";
import type { Library } from "./sources/library.js";
import { loadFeed, looksLikeFeed } from "./sources/feed.js";
import { readLocalFile, type LocalBody } from "./sources/local-file.js";
import { capBody, loadArticle } from "./sources/page.js";
import { pathToFileURL } from "node:url";

export function isUrl(target: string): boolean {
  return /^https?:\/\//i.test(target);
}

/** A plain-text file: paragraphs separated by blank lines; the first paragraph is not treated as a title. */
export function articleFromText(text: string, url: string): Article {
  const paragraphs = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n\s*\r?\n/)
    .map((p) => sanitizeBlock(p.replace(/\r?\n/g, " ")).trim())
    .filter((p) => p.length > 0);
  const warnings: string[] = [];
  // The same body cap as a web page's: a 10 MB text file would take a second and 100s of MB to lay out.
  const body = capBody(
    paragraphs.map((text) => ({ type: "paragraph", text })),
    warnings,
  );
  return { url, title: "", breadcrumb: [], editors: [], body, recommended: [], warnings };
}

/**
 * What is wrong with a web address `print` was given, if anything: not http(s), or no host. Anything else that
 * is not a web address is a file name.
 */
function addressProblem(target: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1];
  if (scheme === undefined) return undefined;
  if (!/^https?$/i.test(scheme)) return `cannot read ${target}: only http:// and https:// addresses are read`;
  let host = "";
  try {
    host = new URL(target).hostname;
  } catch {
    // Reported below.
  }
  return host ? undefined : `${target} is not a complete web address (no host name)`;
}

/** Whether bytes are a program, an image or other binary data rather than text (NUL bytes, as `file` and git judge). */
function looksBinary(body: Uint8Array): boolean {
  return body.subarray(0, 8192).includes(0);
}

/** Reads an article from a URL (through the library) or a local .html/.txt file (any charset). */
export async function readArticle(target: string, library: Library): Promise<Article> {
  const problem = addressProblem(target);
  if (problem) throw new ReaderError(problem);
  if (isUrl(target)) return library.loadArticle(target);
  const { body, cut } = await readLocalFile(target);
  const article = await articleFromFile(target, body);
  if (cut) article.warnings.push(cut);
  return article;
}

async function articleFromFile(target: string, body: Uint8Array): Promise<Article> {
  if (looksBinary(body)) throw new ReaderError(`${target} is a binary file, not an article`);
  const url = pathToFileURL(path.resolve(target)).href;
  const ext = path.extname(target).toLowerCase();
  const resource = { requestedUrl: url, url, status: 200, body };
  const { decodeBody } = await import("./sources/decode.js");
  const text = decodeBody(
    body,
    undefined,
    ext === ".txt" || ext === ".text" || ext === "" ? "text" : "html",
  ).text;
  if (looksLikeFeed(text)) throw new ReaderError(`${target} is a feed: reader list ${target}`);
  if (ext === ".txt" || ext === ".text" || ext === "") return articleFromText(text, url);
  if (/^\s*[[{]/.test(text)) throw new ReaderError(`${target} is JSON, not an article`);
  const article = loadArticle(resource);
  if (article.body.length === 0 && !article.title)
    throw new ReaderError(`no article text found in ${target} (print reads web pages and .txt files)`);
  return article;
}

export async function readList(
  target: string,
  library: Library,
  channels: Channel[],
): Promise<{ title?: string; items: ArticleRef[]; warnings: string[] }> {
  const channel = channels.find((c) => c.id === target || c.title === target);
  // One added with no network is listed from the feed its address names (the interface saves that feed with it).
  if (channel?.pending !== undefined && !library.offline)
    return library.loadChannel({ ...channel, url: (await library.resolveFeed(channel.pending)).url });
  // …and with none still, it has no list yet: what comes next, not "no cached copy of this page".
  if (channel?.pending !== undefined)
    throw new PendingChannelError(
      `${channel.id} was added as typed (${channel.pending}) with no network; its feed is looked for at the next refresh with a network (reader remove ${channel.id} removes it)`,
    );
  if (channel) return library.loadChannel(channel);
  if (isUrl(target)) {
    return library.loadChannel({ id: target, title: target, url: target, origin: "user" });
  }
  let local: LocalBody;
  try {
    local = await readLocalFile(target);
  } catch (error) {
    // A name that is not a file at all was most likely meant as a channel.
    if (error instanceof ReaderError && / no such file$/.test(error.message))
      throw new ReaderError(`no channel, feed URL or file named ${target} (see \`reader channels\`)`);
    throw error;
  }
  const url = pathToFileURL(path.resolve(target)).href;
  const feed = loadFeed({ requestedUrl: url, url, status: 200, body: local.body });
  if (local.cut) feed.warnings.push(local.cut);
  return feed;
}

export function articleLines(article: Article, width: number, options: Partial<LayoutOptions>): string[] {
  return layoutArticle(prepareArticle(article, options), width).lines.map((l) => l.text);
}

export function articleJson(article: Article): object {
  return {
    url: article.url,
    title: article.title,
    ...(article.kicker ? { kicker: article.kicker } : {}),
    ...(article.subtitle ? { subtitle: article.subtitle } : {}),
    breadcrumb: article.breadcrumb.map((l) => ({ title: l.title, url: l.url })),
    published: article.published ?? null,
    source: article.source ?? null,
    editors: article.editors,
    body: article.body.map((b) => ({
      type: b.type,
      text: b.text,
      ...(b.level !== undefined ? { level: b.level } : {}),
      ...(b.marker !== undefined ? { marker: b.marker } : {}),
      ...(b.depth ? { depth: b.depth } : {}),
      ...(b.caption !== undefined ? { caption: b.caption } : {}),
      ...(b.rows ? { rows: b.rows.map((r) => ({ header: r.header, cells: r.cells })) } : {}),
      ...(b.ruby?.length
        ? { ruby: b.ruby.map((r) => ({ start: r.start, end: r.end, reading: r.reading })) }
        : {}),
    })),
    recommended: article.recommended.map((l) => ({ title: l.title, url: l.url, summary: l.summary ?? "" })),
    ...(article.notice ? { notice: article.notice } : {}),
    ...(article.warnings.length ? { warnings: article.warnings } : {}),
  };
}

export function listJson(items: ArticleRef[]): object[] {
  return items.map((i) => ({
    title: i.title,
    // An item without a web link has none to print; its id says which it is.
    url: hasWebLink(i.url) ? i.url : null,
    ...(i.id !== undefined ? { id: i.id } : {}),
    published: i.published ?? null,
    source: i.source ?? null,
    summary: i.summary ?? "",
  }));
}

/** One line per item: date, title, source — fitted to the width. */
export function listLines(items: ArticleRef[], width: number): string[] {
  return items.map((item) => {
    const date = (item.published ? formatLocalTime(item.published) : "").padEnd(16);
    // Feed items are sanitised when parsed.
    const source = item.source ? `  ${item.source}` : "";
    return truncateToWidth(`${date}  ${item.title || UNTITLED}${source}`, width, "narrow", "…");
  });
}
