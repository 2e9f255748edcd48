// Fuzzing the hostile-input path: the charset decoder, the feed parser, the page extractor and the layout. No
// input makes them throw, their output is sanitised, and no laid-out line is wider than its width.
// `node scripts/fuzz.mjs --runs N` runs the same properties with many more cases (READER_FUZZ_RUNS).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Article, Block, Link } from "../../src/model.js";
import { decodeBody } from "../../src/sources/decode.js";
import { parseFeed } from "../../src/sources/feed.js";
import { parseArticlePage } from "../../src/sources/page.js";
import { layoutArticle, prepareArticle } from "../../src/text/article.js";
import { sanitizeBlock, sanitizeInline } from "../../src/text/sanitize.js";
import { displayWidth } from "../../src/text/width.js";
import { FORBIDDEN_INLINE, isWebUrl, unsafeStrings, urlsOf } from "./hostile-model.js";

const scale = Number(process.env["READER_FUZZ_RUNS"] ?? "0") || 0;
const seed = Number(process.env["READER_FUZZ_SEED"] ?? "20240424");
/** `base` runs in `npm test`; READER_FUZZ_RUNS replaces it (the fuzz script). */
const runs = (base: number) => ({ numRuns: scale || base, seed, endOnFailure: true });

// Pieces hostile or broken input is made of.
const ESCAPES = [
  "\u001b[2J",
  "\u001b[31;1m",
  "\u001b]52;c;aGk=\u0007",
  "\u001b]8;;http://e/\u001b\\",
  "\u001b]0;t",
  "\u001bP1$q",
  "\u001b\\",
  "\u001b_G",
  "\u001b^",
  "\u001bX",
  "\u001bc",
  "\u001b",
  "\u009b2J",
  "\u009d0;x\u009c",
  "\u0090",
  "\u0085",
  "\u202e",
  "\u2066",
  "\u2069",
  "\u0000",
  "\r",
  "\t",
  "\n",
  "\u3000",
  "\u00a0",
  "\u200b",
  "&#x1b;",
  "&#27;",
  "&#x9b;",
  "&#0;",
  "&#x202e;",
  "&amp;",
  "&lt;",
  "&",
];
const TEXT = [
  "標題",
  "本文です。",
  "기사",
  "推薦閱讀",
  "相關新聞",
  "(責編:張三、李四)",
  "2024年04月24日15:52",
  "來源:",
  " ",
];
const LINKS = [
  "http://a.test/x.html",
  "/n1/2024/0424/c1-1.html",
  "javascript:alert(1)",
  "file:///etc/passwd",
  "data:,x",
  "#top",
  "",
];

const textPiece = fc.oneof(
  fc.constantFrom(...ESCAPES, ...TEXT),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 8 }),
);

const XML_PIECES = [
  '<?xml version="1.0" encoding="utf-8"?>',
  "<rss>",
  "</rss>",
  "<channel>",
  "</channel>",
  "<item>",
  "</item>",
  "<title>",
  "</title>",
  '<title type="html">',
  "<link>",
  "</link>",
  "<description>",
  "</description>",
  "<guid>",
  "</guid>",
  "<pubDate>",
  "</pubDate>",
  "<source>",
  "</source>",
  '<feed xmlns="http://www.w3.org/2005/Atom">',
  "</feed>",
  "<entry>",
  "</entry>",
  '<link rel="alternate" href="',
  '"/>',
  "<summary>",
  "</summary>",
  "<rdf:RDF>",
  "</rdf:RDF>",
  "<![CDATA[",
  "]]>",
  "<!--",
  "-->",
  "<",
  ">",
  '"',
];
const xmlish = fc
  .array(fc.oneof(fc.constantFrom(...XML_PIECES), fc.constantFrom(...LINKS), textPiece), { maxLength: 60 })
  .map((parts) => parts.join(""));

const HTML_PIECES = [
  "<html>",
  "<body>",
  "<h1>",
  "</h1>",
  '<h3 class="pre">',
  '<h4 class="sub">',
  "</h3>",
  "</h4>",
  "<p>",
  "</p>",
  "<br>",
  "<div>",
  "</div>",
  '<div class="rm_txt_con">',
  '<div id="rwb_navpath">',
  '<div id="rwb_tjyd">',
  '<div class="edit">',
  '<div class="col-1-1">',
  '<div class="rm_notice">',
  '<article class="content">',
  "</article>",
  "<ul>",
  "<li>",
  "</li>",
  "<pre>",
  "</pre>",
  "<blockquote>",
  "<script>",
  "</script>",
  "<title>",
  "</title>",
  '<meta property="og:site_name" content="',
  '<meta property="og:title" content="',
  '">',
  '<a href="',
  '" title="',
  "</a>",
  "<table><tr><td>",
  "<!--",
  "-->",
  "<",
  ">",
];
const htmlish = fc
  .array(fc.oneof(fc.constantFrom(...HTML_PIECES), fc.constantFrom(...LINKS), textPiece), { maxLength: 80 })
  .map((parts) => parts.join(""));

describe("decodeBody on arbitrary bytes", () => {
  it("never throws, and its warnings are sanitised", () => {
    const contentType = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(
        "text/html",
        "text/html; charset=utf-8",
        "text/html; charset=gbk",
        "application/rss+xml; charset=big5",
        "text/html; charset=shift_jis",
        "text/html; charset=utf-16",
        "text/html; charset=utf-32be",
        "text/html; charset=euc-kr",
        "text/html; charset=iso-2022-jp",
      ),
      fc.string({ unit: "binary", maxLength: 40 }).map((s) => `text/html; charset=${s}`),
    );
    const prefix = fc.constantFrom(
      "",
      "\ufeff",
      '<meta charset="gb2312">',
      '<?xml version="1.0" encoding="big5"?>',
      '<meta http-equiv="content-type" content="text/html; charset=\u001b]52;c;x\u0007">',
    );
    fc.assert(
      fc.property(
        prefix,
        fc.uint8Array({ maxLength: 300 }),
        contentType,
        fc.constantFrom("html", "xml", "text"),
        (head, bytes, ct, kind: "html" | "xml" | "text") => {
          const body = new Uint8Array([...new TextEncoder().encode(head), ...bytes]);
          const decoded = decodeBody(body, ct, kind);
          expect(typeof decoded.text).toBe("string");
          expect(unsafeStrings(decoded.warnings)).toEqual([]);
        },
      ),
      runs(3000),
    );
  });
});

describe("parseFeed", () => {
  const check = (text: string) => {
    const feed = parseFeed(text, "http://base.test/feed.xml");
    expect(unsafeStrings(feed)).toEqual([]);
    expect(urlsOf(feed).filter((u) => !isWebUrl(u))).toEqual([]);
  };
  it("on XML-ish input never throws, and gives sanitised fields and only http(s) links", () => {
    fc.assert(fc.property(xmlish, check), runs(2000));
  });
  it("on arbitrary strings and JSON-ish input never throws", () => {
    const jsonish = fc
      .record({
        version: fc.constant("https://jsonfeed.org/version/1.1"),
        title: fc.oneof(textPiece, fc.integer()),
        items: fc.array(
          fc.record(
            { url: fc.constantFrom(...LINKS), title: textPiece, summary: textPiece, content_html: htmlish },
            { requiredKeys: [] },
          ),
          { maxLength: 5 },
        ),
      })
      .map((o) => JSON.stringify(o));
    fc.assert(fc.property(fc.oneof(fc.string({ unit: "binary" }), jsonish), check), runs(1000));
  });
});

describe("parseArticlePage", () => {
  const check = (html: string) => {
    const article = parseArticlePage(html, "http://base.test/n1/2024/0424/c1001-1.html");
    expect(unsafeStrings(article)).toEqual([]);
    expect(urlsOf(article).filter((u) => !isWebUrl(u))).toEqual([]);
  };
  it("on HTML-ish input never throws, and gives sanitised fields and only http(s) links", () => {
    fc.assert(fc.property(htmlish, check), runs(1500));
  });
  it("on arbitrary strings never throws", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 400 }), check), runs(1000));
  });
});

describe("prepareArticle + layoutArticle on arbitrary articles", () => {
  // Articles as the model allows them: any text, sanitised as the parsers sanitise it.
  const inline = fc
    .array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 12 }), fc.constantFrom(...TEXT, ...ESCAPES)), {
      maxLength: 6,
    })
    .map((parts) => sanitizeInline(parts.join("")));
  const blockText = fc
    .array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 30 }), fc.constantFrom(...TEXT, ...ESCAPES)), {
      maxLength: 10,
    })
    .map((parts) => sanitizeBlock(parts.join("")).trim());
  const block: fc.Arbitrary<Block> = fc.record({
    type: fc.constantFrom("paragraph", "heading", "quote", "list-item", "preformatted"),
    text: blockText,
  });
  const link: fc.Arbitrary<Link> = fc.record(
    { title: inline, url: fc.constant("http://a.test/"), summary: inline },
    { requiredKeys: ["title", "url"] },
  );
  const article: fc.Arbitrary<Article> = fc.record(
    {
      url: fc.constantFrom("http://a.test/BIG5/x.html", "http://a.test/GB/x.html"),
      title: inline,
      kicker: inline,
      subtitle: inline,
      breadcrumb: fc.array(link, { maxLength: 3 }),
      published: fc.constantFrom("2024-04-24T07:52:00Z", "not a date"),
      source: inline,
      editors: fc.array(inline, { maxLength: 3 }),
      body: fc.array(block, { maxLength: 6 }),
      recommended: fc.array(link, { maxLength: 11 }),
      notice: inline,
      warnings: fc.constant([]),
    },
    { requiredKeys: ["url", "title", "breadcrumb", "editors", "body", "recommended", "warnings"] },
  );

  it("never throws, writes no control character, and no line is wider than the width", () => {
    fc.assert(
      fc.property(
        article,
        fc.integer({ min: 8, max: 160 }),
        fc.constantFrom("narrow", "wide"),
        fc.constantFrom("fullwidth", "none"),
        (a, width, ambiguous: "narrow" | "wide", indent: "fullwidth" | "none") => {
          const layout = layoutArticle(prepareArticle(a, { ambiguous, indent }), width);
          for (const line of layout.lines) {
            expect(line.text).not.toMatch(FORBIDDEN_INLINE);
            expect(displayWidth(line.text, ambiguous), JSON.stringify(line.text)).toBeLessThanOrEqual(width);
          }
        },
      ),
      runs(1000),
    );
  });
});
