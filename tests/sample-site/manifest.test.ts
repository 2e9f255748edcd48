// The bundled sample site must be self-consistent: the replay source serves exactly what the manifest lists,
// and a person browsing offline must never follow a feed or 推薦閱讀 link into a missing page.
// Plain string/regex checks on purpose: the real parsers live elsewhere and are tested on their own.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

interface ManifestEntry {
  file?: string;
  status: number;
  contentType?: string;
  location?: string;
}

interface Manifest {
  origin: string;
  channels: { id: string; title: string; url: string }[];
  resources: Record<string, ManifestEntry>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const siteDir = path.join(root, "sample-site");
const manifest = JSON.parse(readFileSync(path.join(siteDir, "manifest.json"), "utf8")) as Manifest;
const seedText = readFileSync(path.join(root, "tests", "fixtures", "seed.txt"), "utf8");

const INDENT = "\u3000\u3000";

function entryFor(key: string): ManifestEntry {
  const entry = manifest.resources[key];
  if (!entry) throw new Error(`${key} is not in the manifest`);
  return entry;
}

function bytesOf(entry: ManifestEntry): Buffer {
  if (!entry.file) throw new Error("entry has no file");
  return readFileSync(path.join(siteDir, entry.file));
}

function headerCharset(entry: ManifestEntry): string | undefined {
  return /charset=([\w-]+)/i.exec(entry.contentType ?? "")?.[1]?.toLowerCase();
}

function metaCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 1024).toString("latin1");
  return /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
}

/** Decodes as a browser would: the header's charset wins over the page's own <meta>. */
function decodeEntry(entry: ManifestEntry): string {
  const bytes = bytesOf(entry);
  const charset = headerCharset(entry) ?? metaCharset(bytes) ?? "utf-8";
  return new TextDecoder(charset, { fatal: true }).decode(bytes);
}

function unescapeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, name: string) => {
    if (name[0] === "#") {
      const hex = name[1] === "x" || name[1] === "X";
      return String.fromCodePoint(parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10));
    }
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[name.toLowerCase()] ?? "";
  });
}

const textOf = (html: string) => unescapeEntities(html.replace(/<[^>]*>/g, ""));

/** Resolves a link against the page or feed it appears on; returns the manifest key, or the URL if off-site. */
function keyOf(href: string, base: string): string {
  const url = new URL(unescapeEntities(href), base);
  return url.origin === manifest.origin ? url.pathname + url.search : url.href;
}

function follow(key: string): string {
  let current = key;
  for (let hops = 0; hops < 5; hops++) {
    const entry = entryFor(current);
    if (entry.status < 300 || entry.status >= 400) return current;
    current = keyOf(entry.location ?? "", manifest.origin + current);
  }
  throw new Error(`redirect loop at ${key}`);
}

interface Page {
  key: string;
  entry: ManifestEntry;
  html: string;
  title: string;
  breadcrumb: { title: string; key: string }[];
  dateline: string;
  paragraphs: string[];
  notice?: string;
  editors: string;
  share: string;
  related: { title: string; key: string; summary: string }[];
  relatedHeading: string;
}

function parsePage(key: string, entry: ManifestEntry): Page {
  const html = decodeEntry(entry);
  const base = manifest.origin + key;
  const crumbs = /<div class="layout route cf" id="rwb_navpath">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
  const body = /<div class="rm_txt_con cf">([\s\S]*?)<div class="edit cf">/.exec(html)?.[1] ?? "";
  const relatedBlock = /<div class="rm_relevant cf" id="rwb_tjyd">([\s\S]*?)<\/ul><\/div>/.exec(html)?.[1] ?? "";
  return {
    key,
    entry,
    html,
    title: textOf(/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? ""),
    breadcrumb: [...crumbs.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => ({
      key: keyOf(m[1] ?? "", base),
      title: textOf(m[2] ?? ""),
    })),
    dateline: textOf(/<div class="col-1-1">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? ""),
    paragraphs: [...body.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => textOf(m[1] ?? "")),
    notice: /<div class="rm_notice">([\s\S]*?)<\/div>/.exec(body)?.[1],
    editors: textOf(/<div class="edit cf">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? ""),
    share: textOf(/<p class="paper_num">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? ""),
    relatedHeading: textOf(/<h2>([\s\S]*?)<\/h2>/.exec(relatedBlock)?.[1] ?? ""),
    related: [...relatedBlock.matchAll(/<li><a href="([^"]*)"[^>]*>([\s\S]*?)<\/a><p>([\s\S]*?)<\/p><\/li>/g)].map(
      (m) => ({ key: keyOf(m[1] ?? "", base), title: textOf(m[2] ?? ""), summary: textOf(m[3] ?? "") }),
    ),
  };
}

const entries = Object.entries(manifest.resources);
const pages = entries
  .filter(([key, e]) => e.status === 200 && /\/n\d\/\d{4}\/\d{4}\/c\d+-\d+\.html$/.test(key))
  .map(([key, e]) => parsePage(key, e));
const pageByKey = new Map(pages.map((p) => [p.key, p]));
const fullPages = pages.filter((p) => p.notice === undefined);
const stubPages = pages.filter((p) => p.notice !== undefined);
// A /BIG5/ twin repeats a /GB/ page in Traditional characters: not a separate article.
const isTwin = (p: Page) => p.key.startsWith("/BIG5/") && pageByKey.has(p.key.replace(/^\/BIG5\//, "/GB/"));

interface FeedItem {
  title: string;
  rawTitle: string;
  link: string;
  key: string;
  pubDate: string;
  source: string;
  summary: string;
}

function parseFeed(url: string): { xml: string; items: FeedItem[] } {
  const key = keyOf(url, manifest.origin);
  const xml = decodeEntry(entryFor(key));
  const field = (item: string, tag: string) => /<(\w+)[^>]*>([\s\S]*?)<\/\1>/.exec(item.slice(item.indexOf(`<${tag}`)))?.[2] ?? "";
  const text = (raw: string) => {
    const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(raw);
    return cdata ? (cdata[1] ?? "") : unescapeEntities(raw);
  };
  const items = [...xml.matchAll(/<item>([\s\S]*?)<\/item>/g)].map((m) => {
    const item = m[1] ?? "";
    const link = field(item, "link");
    return {
      rawTitle: field(item, "title"),
      title: text(field(item, "title")),
      link,
      key: keyOf(link, url),
      pubDate: field(item, "pubDate"),
      source: text(field(item, "source")),
      summary: text(field(item, "description")),
    };
  });
  return { xml, items };
}

const feeds = manifest.channels.map((c) => ({ channel: c, ...parseFeed(c.url) }));

describe("sample-site manifest", () => {
  it("lists at least four sample-* channels, 山東頻道 first, each feed served from the manifest", () => {
    expect(manifest.origin).toBe("http://sample.reader.invalid");
    expect(manifest.channels.length).toBeGreaterThanOrEqual(4);
    expect(manifest.channels[0]?.title).toBe("山東頻道");
    for (const channel of manifest.channels) {
      expect(channel.id).toMatch(/^sample-[a-z0-9-]+$/);
      expect(channel.url.startsWith(manifest.origin + "/")).toBe(true);
      expect(entryFor(keyOf(channel.url, manifest.origin)).status).toBe(200);
    }
    expect(new Set(manifest.channels.map((c) => c.id)).size).toBe(manifest.channels.length);
  });

  it("has a file on disk for every served resource and a known target for every redirect", () => {
    for (const [key, entry] of entries) {
      expect(key.startsWith("/"), key).toBe(true);
      if (entry.status >= 300 && entry.status < 400) {
        expect(entry.location, key).toBeTruthy();
        expect(follow(key), key).not.toBe(key);
      } else {
        expect(entry.file, key).toBeTruthy();
        expect(existsSync(path.join(siteDir, entry.file ?? "")), key).toBe(true);
        expect(entry.contentType, key).toBeTruthy();
      }
    }
    expect(entries.some(([, e]) => e.status === 404)).toBe(true);
    expect(entries.some(([, e]) => e.status === 301)).toBe(true);
  });

  it("decodes every page and feed without a single invalid byte in its declared charset", () => {
    for (const [key, entry] of entries) {
      if (!entry.file) continue;
      expect(() => decodeEntry(entry), key).not.toThrow();
      expect(decodeEntry(entry), key).not.toContain("\uFFFD");
    }
  });
});

describe("sample-site feeds", () => {
  it("gives each channel 5–8 items whose links all lead to pages in the manifest", () => {
    for (const feed of feeds) {
      expect(feed.xml).toContain('<rss version="2.0">');
      expect(feed.items.length, feed.channel.id).toBeGreaterThanOrEqual(5);
      expect(feed.items.length, feed.channel.id).toBeLessThanOrEqual(8);
      for (const item of feed.items) {
        const page = pageByKey.get(follow(item.key));
        expect(page, `${feed.channel.id}: ${item.link}`).toBeDefined();
        expect(page?.notice, item.link).toBeUndefined();
        expect(item.summary.length).toBeGreaterThan(10);
        expect(item.source.length).toBeGreaterThan(1);
      }
    }
  });

  it("titles each item as its page does, with entities unescaped exactly once", () => {
    for (const feed of feeds) {
      for (const item of feed.items) {
        expect(item.title).toBe(pageByKey.get(follow(item.key))?.title);
      }
    }
    const items = feeds.flatMap((f) => f.items);
    const escapedHan = items.find((i) => i.rawTitle.includes("&#x4E2D;"));
    expect(escapedHan?.title).toMatch(/^中/);
    const escapedAmp = items.find((i) => i.rawTitle.includes("R&amp;D"));
    expect(escapedAmp?.title).toContain("“R&D+");
  });

  it("mixes people.com.cn's zone-less dates, RFC 822 dates with a zone, CDATA and relative links", () => {
    const dates = feeds.flatMap((f) => f.items.map((i) => i.pubDate));
    expect(dates.some((d) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT)$/.test(d))).toBe(true);
    expect(feeds.some((f) => f.items.some((i) => i.rawTitle.startsWith("<![CDATA[")))).toBe(true);
    expect(feeds.some((f) => f.items.some((i) => i.link.startsWith("/")))).toBe(true);
    expect(feeds.some((f) => f.items.some((i) => follow(i.key) !== i.key))).toBe(true);
  });

  it("dates the seed 2023-09-18 08:40 Beijing time in the 山東頻道 feed", () => {
    const shandong = feeds[0];
    const seedItem = shandong?.items.find((i) => i.title === "山東:以堅強組織領導確保取得實效");
    expect(seedItem?.pubDate).toBe("2023-09-18 08:40:00");
  });
});

describe("sample-site pages", () => {
  it("holds at least 20 full articles, not counting summary-only pages or /BIG5/ twins", () => {
    expect(fullPages.filter((p) => !isTwin(p)).length).toBeGreaterThanOrEqual(20);
    expect(stubPages.length).toBe(5);
  });

  it("indents every body paragraph with two ideographic spaces, as the real site does", () => {
    for (const page of pages) {
      expect(page.paragraphs.length, page.key).toBeGreaterThan(0);
      for (const p of page.paragraphs) expect(p.startsWith(INDENT), `${page.key}: ${p.slice(0, 20)}`).toBe(true);
    }
  });

  it("links every breadcrumb step and 推薦閱讀 item to a resource in the manifest", () => {
    for (const page of pages) {
      expect(page.breadcrumb.length, page.key).toBeGreaterThanOrEqual(2);
      for (const step of page.breadcrumb) expect(manifest.resources[step.key], `${page.key} → ${step.key}`).toBeDefined();
      for (const item of page.related) expect(manifest.resources[item.key], `${page.key} → ${item.key}`).toBeDefined();
    }
  });

  it("recommends 2–6 other full articles, with their real titles and summaries, on every page but the seed", () => {
    for (const page of pages) {
      expect(page.relatedHeading, page.key).toMatch(/^(推薦閱讀|推荐阅读|関連記事|추천 기사)$/);
      if (page.title === "山東:以堅強組織領導確保取得實效") continue;
      expect(page.related.length, page.key).toBeGreaterThanOrEqual(2);
      expect(page.related.length, page.key).toBeLessThanOrEqual(6);
      for (const item of page.related) {
        const target = pageByKey.get(follow(item.key));
        expect(target?.notice, `${page.key} → ${item.key}`).toBeUndefined();
        expect(target?.title).toBe(item.title);
        expect(item.key).not.toBe(page.key);
        expect(item.summary.length).toBeGreaterThan(10);
      }
    }
  });

  it("carries one original long-form article of 10,000+ characters", () => {
    const lengths = fullPages.map((p) => p.paragraphs.join("").replaceAll(INDENT, "").length);
    expect(Math.max(...lengths)).toBeGreaterThanOrEqual(10_000);
  });

  it("contains the numbers, Latin words, URLs, quotes and emoji real news carries", () => {
    const text = fullPages.map((p) => [p.title, p.dateline, ...p.paragraphs].join("\n")).join("\n");
    for (const needle of [
      "2023年09月18日08:40",
      "1,250억",
      "43%",
      "2∶1",
      "3.14",
      "5G",
      "OpenAI",
      "Beidou",
      "https://example.org/some/long/path?x=1&y=2",
      "「",
      "」",
      "『",
      "』",
      "“",
      "”",
      "——",
      "……",
      "👩‍💻",
      "🇨🇳",
    ]) {
      expect(text, needle).toContain(needle);
    }
    // Five articles each in Korean and in Japanese, judged by how much of their body is in that script.
    const countOf = (s: string, re: RegExp) => s.match(re)?.length ?? 0;
    const bodies = fullPages.map((p) => p.paragraphs.join(""));
    expect(bodies.filter((b) => countOf(b, /[\uAC00-\uD7A3]/g) > 300).length).toBeGreaterThanOrEqual(5);
    expect(bodies.filter((b) => countOf(b, /[\u3040-\u30FF]/g) > 150).length).toBeGreaterThanOrEqual(5);
  });
});

describe("sample-site encodings", () => {
  it("serves a GBK page whose charset is only in its <meta>", () => {
    const gbk = pages.filter((p) => p.entry.contentType === "text/html" && /^(gbk|gb2312)$/.test(metaCharset(bytesOf(p.entry)) ?? ""));
    expect(gbk.length).toBeGreaterThanOrEqual(1);
    for (const page of gbk) {
      expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytesOf(page.entry))).toThrow();
      expect(page.title).toMatch(/[\u4E00-\u9FFF]{4}/);
    }
  });

  it("serves a Big5 page that decodes to the same article as its Simplified twin", () => {
    const big5 = pages.find((p) => headerCharset(p.entry) === "big5" || metaCharset(bytesOf(p.entry)) === "big5");
    expect(big5).toBeDefined();
    const twin = pageByKey.get(big5?.key.replace(/^\/BIG5\//, "/GB/") ?? "");
    expect(twin).toBeDefined();
    expect(big5?.paragraphs.length).toBe(twin?.paragraphs.length);
    expect(big5?.dateline.slice(0, 16)).toBe(twin?.dateline.slice(0, 16));
  });

  it("includes a page whose header charset is right while its <meta> is wrong", () => {
    const mislabelled = pages.filter((p) => {
      const header = headerCharset(p.entry);
      const meta = metaCharset(bytesOf(p.entry));
      return header !== undefined && meta !== undefined && header !== meta;
    });
    expect(mislabelled.length).toBeGreaterThanOrEqual(1);
    for (const page of mislabelled) {
      const meta = metaCharset(bytesOf(page.entry)) ?? "";
      expect(() => new TextDecoder(meta, { fatal: true }).decode(bytesOf(page.entry))).toThrow();
    }
  });

  it("writes characters a legacy charset lacks as numeric references, so nothing is lost", () => {
    const legacy = pages.filter((p) => !/^utf-8$/.test(headerCharset(p.entry) ?? metaCharset(bytesOf(p.entry)) ?? ""));
    expect(legacy.some((p) => p.paragraphs.join("").includes("🇨🇳"))).toBe(true);
  });
});

describe("sample-site seed article (山東頻道)", () => {
  const seedLines = seedText.split("\n");
  const bodyStart = seedLines.indexOf("小字號") + 1;
  const bodyEnd = seedLines.findIndex((l) => l.startsWith("(責編"));
  const seedParagraphs = seedLines.slice(bodyStart, bodyEnd).filter((l) => l.trim() !== "");
  const recStart = seedLines.indexOf("推薦閱讀") + 1;
  const recEnd = seedLines.indexOf("返回頂部");
  const seedRecommended: { title: string; summary: string }[] = [];
  for (let i = recStart; i + 1 < recEnd; i += 2) {
    seedRecommended.push({ title: seedLines[i] ?? "", summary: (seedLines[i + 1] ?? "").trim() });
  }
  const seedPage = pages.find((p) => p.title === seedLines[3]);
  const shandongFeed = feeds[0];

  it("is listed in the 山東頻道 feed and served as a page", () => {
    expect(seedPage).toBeDefined();
    expect(shandongFeed?.items.some((i) => follow(i.key) === seedPage?.key)).toBe(true);
  });

  it("keeps the breadcrumb, dateline, editors and share line of the original", () => {
    expect(seedPage?.breadcrumb.map((s) => s.title).join(">>")).toBe(seedLines[1]);
    expect(seedPage?.dateline).toBe(seedLines[5]);
    expect(seedPage?.editors).toBe(seedLines[bodyEnd]);
    expect(seedPage?.share).toBe("分享讓更多人看到");
    expect(seedPage?.html).toContain('<div class="topb">返回頂部</div>');
  });

  it("keeps every body paragraph verbatim", () => {
    expect(seedParagraphs.length).toBe(4);
    expect(seedPage?.paragraphs).toEqual(seedParagraphs.map((p) => INDENT + p));
  });

  it("keeps its five 推薦閱讀 items, each leading to its own summary-only page with a notice", () => {
    expect(seedRecommended).toHaveLength(5);
    expect(seedPage?.relatedHeading).toBe("推薦閱讀");
    expect(seedPage?.related.map(({ title, summary }) => ({ title, summary }))).toEqual(seedRecommended);
    const targets = seedPage?.related.map((r) => r.key) ?? [];
    expect(new Set(targets).size).toBe(5);
    for (const [i, key] of targets.entries()) {
      const stub = pageByKey.get(key);
      expect(stub?.notice, key).toContain("離線樣本");
      expect(stub?.title).toBe(seedRecommended[i]?.title);
      const summary = (seedRecommended[i]?.summary ?? "").replace(/…$/, "").replace(/ /g, "");
      expect(stub?.paragraphs.join("").replaceAll(INDENT, "")).toBe(summary);
    }
  });
});
