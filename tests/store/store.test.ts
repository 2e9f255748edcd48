import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Channel } from "../../src/model.js";
import { colorEnabled } from "../../src/store/settings.js";
import { MAX_POSITIONS, openStore, READ_MARK_RETENTION_MS, StoreValueError } from "../../src/store/store.js";

// These tests cover the store as the interface uses it once conf has loaded (see without-conf.test.ts).

const BUILTINS: Channel[] = [
  { id: "sample-politics", title: "時政（樣本）", url: "sample:politics", origin: "sample" },
  {
    id: "people-politics",
    title: "人民網 時政",
    url: "http://www.people.com.cn/rss/politics.xml",
    origin: "default",
  },
];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "reader-store-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const open = (builtins = BUILTINS, now?: () => number) => openStore({ builtins, dir, now });

describe("settings", () => {
  it("starts from the defaults and remembers a change across runs", () => {
    const store = open();
    expect(store.warnings).toEqual([]);
    expect(store.settings()).toMatchObject({
      ambiguousWidth: "narrow",
      readingWidth: null,
      refreshMinutes: 15,
    });
    store.setSetting("readingWidth", 72);
    store.setSetting("script", "hant");
    store.setSetting("keys", { open: ["enter", "l"] });
    const again = open();
    expect(again.settings()).toMatchObject({
      readingWidth: 72,
      script: "hant",
      keys: { open: ["enter", "l"] },
    });
  });

  it("refuses an invalid value with a message naming the setting, and keeps the old one", () => {
    const store = open();
    expect(() => store.setSetting("readingWidth", 5)).toThrow(StoreValueError);
    expect(() => store.setSetting("theme", "pink" as never)).toThrow(
      /theme: "pink" is not one of auto, dark/,
    );
    expect(open().settings().readingWidth).toBeNull();
  });

  it("keeps keys it does not know (a newer version's, or the user's own notes)", () => {
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ theme: "dark", futureThing: { a: 1 } }));
    const store = open();
    store.setSetting("kinsoku", "strict");
    const saved = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8"));
    expect(saved).toMatchObject({ theme: "dark", kinsoku: "strict", futureThing: { a: 1 } });
  });

  it("moves the channel list of the pre-1.0 layout (`sources`) to `channels`", () => {
    const legacy = [{ id: "old", title: "Old", url: "https://example.com/old.xml", origin: "user" }];
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ sources: legacy }));
    expect(
      open([])
        .channels()
        .map((c) => c.id),
    ).toEqual(["old"]);
  });

  it("turns colour off when NO_COLOR is set, whatever the theme", () => {
    expect(colorEnabled({ theme: "dark" }, { NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled({ theme: "dark" }, { NO_COLOR: "" })).toBe(true);
    expect(colorEnabled({ theme: "mono" }, {})).toBe(false);
    expect(colorEnabled({ theme: "auto" }, {})).toBe(true);
  });
});

describe("settings and channels in their own files", () => {
  const many = (n: number) => {
    const store = open([]);
    for (let i = 0; i < n; i++) store.addChannel(`https://example.com/feeds/${i}.xml`, `Feed ${i}`);
    return store;
  };
  const stateOf = (file: string) => {
    const stat = fs.statSync(path.join(dir, file));
    return { ino: stat.ino, size: stat.size, text: fs.readFileSync(path.join(dir, file), "utf8") };
  };

  it("a settings change writes config.json only, which holds no channels, and the channel list is untouched", () => {
    const store = many(30);
    const channelsBefore = stateOf("channels.json");
    store.setSetting("script", "hans");
    expect(stateOf("channels.json")).toEqual(channelsBefore);
    const config = JSON.parse(stateOf("config.json").text);
    expect(config.script).toBe("hans");
    expect(config.channels).toBeUndefined();
    expect(stateOf("config.json").size).toBeLessThan(1024);
    expect(open([]).channels()).toHaveLength(30);
  });

  it("a channel change leaves config.json as it was", () => {
    const store = many(2);
    store.setSetting("theme", "dark");
    const configBefore = stateOf("config.json");
    store.addChannel("https://example.com/feeds/new.xml", "New");
    expect(stateOf("config.json")).toEqual(configBefore);
    expect(
      open([])
        .channels()
        .map((c) => c.title),
    ).toContain("New");
  });

  it("an older config.json with settings and channels together is split without losing anything", () => {
    const channels = [{ id: "old", title: "Old", url: "https://example.com/old.xml", origin: "user" }];
    const legacy = {
      theme: "dark",
      readingWidth: 72,
      myNote: "mine",
      channels,
      knownBuiltins: ["sample-politics"],
    };
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(legacy));
    const store = open();
    expect(store.warnings).toEqual([]);
    expect(store.settings()).toMatchObject({ theme: "dark", readingWidth: 72 });
    expect(store.channels().map((c) => c.id)).toEqual(["old", "people-politics"]);
    const config = JSON.parse(stateOf("config.json").text);
    expect(config).toMatchObject({ theme: "dark", readingWidth: 72, myNote: "mine" });
    expect(config.channels).toBeUndefined();
    expect(JSON.parse(stateOf("channels.json").text)).toMatchObject({ channels });
    // And the next run reads the same.
    const again = open();
    expect(again.settings()).toMatchObject({ theme: "dark", readingWidth: 72 });
    expect(again.channels().map((c) => c.id)).toEqual(["old", "people-politics"]);
  });
});

describe("a broken config.json", () => {
  it("is moved aside, named in a warning, and defaults are used", () => {
    const file = path.join(dir, "config.json");
    fs.writeFileSync(file, '{"theme": "dark", "channels": [');
    const store = open();
    const aside = fs.readdirSync(dir).filter((f) => f.startsWith("config.json.corrupt-"));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, aside[0]!), "utf8")).toBe('{"theme": "dark", "channels": [');
    expect(store.warnings.join("\n")).toContain(path.join(dir, aside[0]!));
    expect(store.settings().theme).toBe("auto");
    expect(store.channels().map((c) => c.id)).toEqual(BUILTINS.map((b) => b.id));
  });

  it("with a bad value keeps its other values, and the original is kept beside it", () => {
    const file = path.join(dir, "config.json");
    const original = JSON.stringify({ theme: "dark", readingWidth: "wide", refreshMinutes: 30 });
    fs.writeFileSync(file, original);
    const store = open();
    expect(store.settings()).toMatchObject({ theme: "dark", readingWidth: null, refreshMinutes: 30 });
    expect(store.warnings.join("\n")).toMatch(/readingWidth/);
    const aside = fs.readdirSync(dir).filter((f) => f.startsWith("config.json.corrupt-"));
    expect(aside.map((f) => fs.readFileSync(path.join(dir, f), "utf8"))).toEqual([original]);
  });
});

it("a config.json broken by hand while the reader runs is left alone; the change is refused with a message", () => {
  const store = open();
  store.setSetting("theme", "dark");
  const file = path.join(dir, "config.json");
  fs.writeFileSync(file, '{"theme": "dark",');
  expect(() => store.setSetting("theme", "light")).toThrow(/changed by hand and is no longer valid/);
  expect(fs.readFileSync(file, "utf8")).toBe('{"theme": "dark",');
  expect(store.settings().theme).toBe("light");
});

describe("channels", () => {
  it("are the builtins in order on first run", () => {
    expect(open().channels()).toEqual(BUILTINS);
  });

  it("can be added, renamed, moved and removed, and stay so across runs", () => {
    const store = open();
    const added = store.addChannel("https://www3.nhk.or.jp/rss/news/cat0.xml", "NHK News", "日本/ニュース");
    expect(added).toMatchObject({ id: "nhk-news", origin: "user", folder: "日本 / ニュース" });
    store.renameChannel("nhk-news", "ＮＨＫ");
    store.moveChannel("nhk-news", -1);
    store.removeChannel("sample-politics");
    const again = open();
    expect(again.channels().map((c) => [c.id, c.title])).toEqual([
      ["nhk-news", "ＮＨＫ"],
      ["people-politics", "人民網 時政"],
    ]);
  });

  it("gives each added feed a unique id and refuses a duplicate or a non-URL", () => {
    const store = open();
    const a = store.addChannel("https://example.com/a/rss.xml");
    const b = store.addChannel("https://example.com/b/a.xml");
    expect(a.id).not.toBe(b.id);
    expect(() => store.addChannel("https://example.com/a/rss.xml")).toThrow(/already in your sources/);
    expect(() => store.addChannel("not a url")).toThrow(/not a URL/);
    expect(() => store.renameChannel("nope", "x")).toThrow(/No source with id "nope"/);
  });

  it("gain builtins added by a later version, but a removed builtin stays removed", () => {
    open().removeChannel("people-politics");
    const later: Channel = {
      id: "people-world",
      title: "國際",
      url: "http://www.people.com.cn/rss/world.xml",
      origin: "default",
    };
    const store = open([...BUILTINS, later]);
    expect(store.channels().map((c) => c.id)).toEqual(["sample-politics", "people-world"]);
  });

  it("one added with no network is saved as typed, then with the feed found and its title, across runs", () => {
    const store = open();
    const added = store.addChannel("https://example.com/news", undefined, undefined, "example.com/news");
    expect(open().channels().at(-1)).toMatchObject({ title: "example.com", pending: "example.com/news" });
    store.resolveChannel(added.id, {
      url: "https://example.com/news/rss.xml",
      title: "Example\u001b[2J News",
    });
    const resolved = open().channels().at(-1)!;
    expect(resolved).toMatchObject({
      id: added.id,
      title: "Example News",
      url: "https://example.com/news/rss.xml",
    });
    expect(resolved.pending).toBeUndefined();
  });

  it("an address as typed edited into channels.json by hand reaches the screen without its control characters", () => {
    const store = open();
    store.addChannel("https://example.com/news", undefined, undefined, "example.com/news");
    const file = path.join(dir, "channels.json");
    fs.writeFileSync(
      file,
      fs.readFileSync(file, "utf8").replace('"example.com/news"', '"example\\u001b[2J.com"'),
    );
    expect(open().channels().at(-1)?.pending).toBe("example.com");
  });

  it("strips control characters from names", () => {
    const added = open().addChannel("https://example.com/x.xml", "Evil\u001b[31m name\u0007");
    expect(added.title).toBe("Evil name");
  });
});

describe("read marks and positions", () => {
  it("are remembered across runs", () => {
    const store = open();
    store.setRead("https://example.com/1", true);
    store.setRead("https://example.com/2", true);
    store.setRead("https://example.com/2", false);
    store.setPosition("https://example.com/1", { block: 12, offset: 3 });
    const again = open();
    expect(again.isRead("https://example.com/1")).toBe(true);
    expect(again.isRead("https://example.com/2")).toBe(false);
    expect(again.position("https://example.com/1")).toEqual({ block: 12, offset: 3 });
    expect(again.position("https://example.com/3")).toBeUndefined();
  });

  it("survive a torn last line (a writer killed mid-line)", () => {
    const store = open();
    store.setRead("https://example.com/1", true);
    fs.appendFileSync(path.join(dir, "state", "read.jsonl"), '{"u":"https://example.com/2","t":17');
    const again = open();
    expect(again.isRead("https://example.com/1")).toBe(true);
    again.setRead("https://example.com/3", true);
    expect(open().isRead("https://example.com/3")).toBe(true);
  });

  it("do not rewrite a file per change: a mark is one appended line", () => {
    const store = open();
    const file = path.join(dir, "state", "read.jsonl");
    store.setRead("https://example.com/1", true);
    const inode = fs.statSync(file).ino;
    for (let i = 2; i < 50; i++) store.setRead(`https://example.com/${i}`, true);
    expect(fs.statSync(file).ino).toBe(inode);
    expect(fs.readFileSync(file, "utf8").trim().split("\n")).toHaveLength(49);
  });

  it("are compacted when the journal grows, losing nothing", () => {
    const store = open();
    const url = "https://example.com/toggled";
    for (let i = 0; i < 2_100; i++) store.setRead(url, i % 2 === 0);
    store.setRead("https://example.com/kept", true);
    store.flush();
    const lines = fs
      .readFileSync(path.join(dir, "state", "read.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(lines.length).toBeLessThan(200);
    const again = open();
    expect(again.isRead(url)).toBe(false);
    expect(again.isRead("https://example.com/kept")).toBe(true);
  });

  it("forget a read mark once its item has been gone from every feed for 90 days", () => {
    let now = Date.UTC(2024, 3, 24);
    const store = open(BUILTINS, () => now);
    store.setRead("https://example.com/gone", true);
    store.setRead("https://example.com/live", true);
    now += READ_MARK_RETENTION_MS / 2;
    expect(store.pruneReadMarks(["https://example.com/live"], now)).toBe(0);
    now += READ_MARK_RETENTION_MS / 2 + 1;
    expect(store.pruneReadMarks(["https://example.com/live"], now)).toBe(1);
    const again = open(BUILTINS, () => now);
    expect(again.isRead("https://example.com/gone")).toBe(false);
    expect(again.isRead("https://example.com/live")).toBe(true);
  });

  it("keep at most MAX_POSITIONS positions, the most recent", () => {
    let now = 1_000;
    const store = open(BUILTINS, () => now++);
    const count = Math.ceil(MAX_POSITIONS * 1.1) + 1;
    for (let i = 0; i < count; i++) store.setPosition(`https://example.com/${i}`, { block: i, offset: 0 });
    const again = open();
    expect(again.position("https://example.com/0")).toBeUndefined();
    expect(again.position(`https://example.com/${count - 1}`)).toEqual({ block: count - 1, offset: 0 });
  });
});

it("removes temporary files left by a writer killed mid-write, once they are old", () => {
  open().setSetting("theme", "dark");
  const old = path.join(dir, "config.json.tmp-123-abcd");
  const fresh = path.join(dir, "bookmarks.json.tmp-456-ef01");
  fs.writeFileSync(old, "{");
  fs.writeFileSync(fresh, "{");
  fs.utimesSync(old, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
  expect(open().settings().theme).toBe("dark");
  expect(fs.existsSync(old)).toBe(false);
  expect(fs.existsSync(fresh)).toBe(true);
});

describe("bookmarks", () => {
  it("toggle on and off, keep the article's details, and are remembered", () => {
    const store = open();
    const ref = {
      title: "兩會 特稿",
      url: "https://example.com/a",
      published: "2024-04-24T01:00:00Z",
      channelId: "people-politics",
    };
    expect(store.toggleBookmark(ref)).toBe(true);
    expect(store.isBookmarked(ref.url)).toBe(true);
    expect(open().bookmarks()).toEqual([expect.objectContaining({ ...ref })]);
    expect(store.toggleBookmark(ref)).toBe(false);
    expect(open().bookmarks()).toEqual([]);
  });

  it("made by two stores at once are both kept", () => {
    const first = open();
    const second = open();
    first.toggleBookmark({ title: "one", url: "https://example.com/1" });
    second.toggleBookmark({ title: "two", url: "https://example.com/2" });
    expect(
      open()
        .bookmarks()
        .map((b) => b.title),
    ).toEqual(["one", "two"]);
  });

  it("in a broken bookmarks.json are moved aside with a warning, not overwritten", () => {
    fs.writeFileSync(path.join(dir, "bookmarks.json"), "{oops");
    const store = open();
    expect(store.warnings.join("\n")).toMatch(/bookmarks\.json could not be read.*moved to/);
    expect(fs.readdirSync(dir).some((f) => f.startsWith("bookmarks.json.corrupt-"))).toBe(true);
  });
});

it("reload shows what another process changed meanwhile", () => {
  const tui = open([]);
  const cli = open([]);
  cli.addChannel("https://example.com/1.xml");
  cli.setRead("https://example.com/a", true);
  cli.toggleBookmark({ title: "a", url: "https://example.com/a" });
  cli.setSetting("theme", "light");
  expect(tui.channels()).toEqual([]);
  tui.reload();
  expect(tui.channels().map((c) => c.url)).toEqual(["https://example.com/1.xml"]);
  expect(tui.isRead("https://example.com/a")).toBe(true);
  expect(tui.isBookmarked("https://example.com/a")).toBe(true);
  expect(tui.settings().theme).toBe("light");
});

it("two stores open at once both keep their added channels", () => {
  const first = open([]);
  const second = open([]);
  first.addChannel("https://example.com/1.xml");
  second.addChannel("https://example.com/2.xml");
  expect(
    open([])
      .channels()
      .map((c) => c.url),
  ).toEqual(["https://example.com/1.xml", "https://example.com/2.xml"]);
});
