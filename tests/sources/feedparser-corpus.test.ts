// Files from feedparser's own test corpus (tests/fixtures/feedparser, BSD-2-Clause), one per cause of
// disagreement the reader fixed, read the way `reader list URL` reads them: served from 127.0.0.1 with the
// headers feedparser's tests give them, through the Library and the real HttpSource.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasWebLink } from "../../src/model.js";
import { Library } from "../../src/sources/library.js";
import { listJson } from "../../src/print.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { networkLibrary, type NetworkLibrary } from "../integration/local-web.js";

const FILES: Record<string, Record<string, string>> = {
  "entities/hellip.xml": {},
  "wellformed/amp/amp04.xml": {},
  "wellformed/rss/item_dcterms_issued.xml": {},
  "wellformed/atom/entry_issued.xml": {},
  "wellformed/namespace/rss2.0NSwithModulesNoDefNS.xml": {},
  "wellformed/media-rss/item_media_title2.xml": {},
  "encoding/utf-16le-autodetect.xml": {},
  "encoding/http_text_xml_charset_2.xml": { "content-type": "text/xml; charset=windows-1252" },
  "illformed/chardet/koi8r.xml": {},
  "encoding/double-encoded-html.xml": {},
  "wellformed/base/http_item_link_base_content_location.xml": {
    "content-type": "text/xml",
    "content-location": "http://example.com/",
  },
  "wellformed/sanitize/item_body_meta.xml": {},
  "wellformed/rss/item_description.xml": {},
  "wellformed/atom10/entry_id.xml": {},
};

let server: TestServer;
let net: NetworkLibrary;

beforeAll(async () => {
  server = await startTestServer();
  for (const [file, headers] of Object.entries(FILES)) {
    const body = readFileSync(new URL(`../fixtures/feedparser/${file}`, import.meta.url));
    server.route(`/${file}`, reply.body(body, { "content-type": "application/xml", ...headers }));
  }
  net = networkLibrary();
});

afterAll(async () => {
  await net.dispose();
  await server.close();
});

/** The list as `reader list --json URL` prints it, with the feed's title and warnings. */
async function list(file: string, library: Library = net.library) {
  const url = server.url(`/${file}`);
  const result = await library.loadChannel({ id: url, title: url, url, origin: "user" });
  return {
    title: result.title,
    items: listJson(result.items) as {
      title: string;
      url: string | null;
      published: string | null;
      summary: string;
    }[],
    refs: result.items,
    warnings: result.warnings,
  };
}

describe("entities (HTML's named ones, decoded exactly once)", () => {
  it("shows &hellip; in a feed title as the character", async () => {
    expect((await list("entities/hellip.xml")).title).toBe("testing … entity");
  });

  it("decodes an escaped HTML title's &#38;amp; to one &", async () => {
    expect((await list("wellformed/amp/amp04.xml")).items[0]?.title).toBe("&");
  });
});

describe("dates", () => {
  it("reads dcterms:issued as the item's date", async () => {
    expect((await list("wellformed/rss/item_dcterms_issued.xml")).items[0]?.published).toBe(
      "2003-12-31T10:14:55Z",
    );
  });

  it("reads Atom 0.3 <issued>", async () => {
    expect((await list("wellformed/atom/entry_issued.xml")).items[0]?.published).toBe("2004-01-01T19:48:21Z");
  });
});

describe("namespaces", () => {
  it("reads a feed whose root is prefixed (<r:rss>), its items and dates", async () => {
    const feed = await list("wellformed/namespace/rss2.0NSwithModulesNoDefNS.xml");
    expect(feed.title).toBe("RSS Tests - RSS2.0 w/ NS no default NS");
    expect(feed.items[0]?.title).toBe("Test Item - - RSS2.0 w/ NS no default NS");
  });

  it("does not take media:title for the item's title", async () => {
    expect((await list("wellformed/media-rss/item_media_title2.xml")).items[0]?.title).toBe("foo");
  });
});

describe("charsets", () => {
  it("reads BOM-less UTF-16 as a feed", async () => {
    const feed = await list("encoding/utf-16le-autodetect.xml");
    // Read as XML (its only remark is about the feed's shape), not refused as "neither a feed nor a list".
    expect(feed.items).toEqual([]);
    expect(feed.warnings).toEqual(["no <channel> element"]);
  });

  it("maps windows-1252's 0x93/0x94 to quotes, as browsers do", async () => {
    expect((await list("encoding/http_text_xml_charset_2.xml")).items[0]?.summary).toBe("This is a £“test.”");
  });

  it("reads undeclared KOI8-R as Cyrillic, not as hanzi", async () => {
    expect((await list("illformed/chardet/koi8r.xml")).items[0]?.title).toBe("Как пережить новогоднюю ночь");
  });

  it("repairs UTF-8 written as Latin-1 character references", async () => {
    expect((await list("encoding/double-encoded-html.xml")).items[0]?.summary).toBe("…");
  });

  it("resolves relative links against Content-Location", async () => {
    expect((await list("wellformed/base/http_item_link_base_content_location.xml")).items[0]?.url).toBe(
      "http://example.com/relative/uri",
    );
  });
});

describe("a <meta http-equiv=refresh> inside an item", () => {
  it("is the item's text: the reader stays on the feed and lists the item", async () => {
    const before = server.requests.length;
    const feed = await list("wellformed/sanitize/item_body_meta.xml");
    expect(feed.items.map((i) => i.summary)).toEqual(["safe description"]);
    // The feed itself, and nothing else (the refresh target is http://example.com/).
    expect(server.requests.slice(before).map((r) => r.url)).toEqual([
      "/wellformed/sanitize/item_body_meta.xml",
    ]);
  });
});

describe("items without a link", () => {
  it("takes the link from an Atom <id> that is a URL", async () => {
    expect((await list("wellformed/atom10/entry_id.xml")).items[0]?.url).toBe("http://example.com/");
  });

  it("lists an item that has only a description, with no link, and reads it from the feed", async () => {
    const feed = await list("wellformed/rss/item_description.xml");
    expect(feed.items).toEqual([
      {
        title: "Example description",
        url: null,
        id: "Example description",
        published: null,
        source: null,
        summary: "Example description",
      },
    ]);
    const ref = feed.refs[0];
    expect(ref && hasWebLink(ref.url)).toBe(false);
    const article = await net.library.loadArticle(ref?.url ?? "");
    expect(article.body.map((b) => b.text)).toEqual(["Example description"]);
  });

  it("reads such an item offline, from the cached feed", async () => {
    const { refs } = await list("wellformed/rss/item_description.xml");
    const offline = networkLibrary({ cacheDir: net.cacheDir, offline: true });
    try {
      const article = await offline.library.loadArticle(refs[0]?.url ?? "");
      expect(article.body.map((b) => b.text)).toEqual(["Example description"]);
    } finally {
      await offline.library.close();
    }
  });

  it("can be added (`reader add`) when none of its items has a link", async () => {
    const url = server.url("/wellformed/rss/item_description.xml");
    await expect(net.library.resolveFeed(url)).resolves.toMatchObject({ url });
  });
});
