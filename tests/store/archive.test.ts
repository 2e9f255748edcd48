// The archive: kept items and articles, searched offline in CJK and Latin text; pruning, a damaged database,
// two processes at once, and the one-time import of today's files.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Article } from "../../src/model.js";
import Database from "better-sqlite3";
import { Archive, DATABASE_NAME, builtAddon, loadNormaliser, openArchive } from "../../src/store/archive.js";
import { HttpCache } from "../../src/sources/cache.js";
import { KeptArchive, listDigest } from "../../src/store/kept.js";
import { openStore } from "../../src/store/store.js";

const DAY = 86_400_000;
let dir: string;
const open: Archive[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "reader-archive-"));
});
afterEach(() => {
  for (const archive of open.splice(0)) archive.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function archiveIn(where = dir, now?: () => number): Promise<Archive> {
  const { archive, warnings } = await openArchive({
    dir: where,
    normalise: await loadNormaliser(),
    ...(now ? { now } : {}),
  });
  expect(warnings).toEqual([]);
  open.push(archive!);
  return archive!;
}

function article(url: string, title: string, text: string, published?: string): Article {
  return {
    url,
    title,
    breadcrumb: [],
    editors: [],
    body: text.split("\n").map((t) => ({ type: "paragraph" as const, text: t })),
    recommended: [],
    warnings: [],
    ...(published ? { published } : {}),
  };
}

const urls = (hits: { url: string }[]) => hits.map((h) => h.url);

describe("search", () => {
  async function filled(): Promise<Archive> {
    const archive = await archiveIn();
    archive.putArticle(
      "https://tw.example/typhoon",
      article(
        "https://tw.example/typhoon",
        "颱風來襲 全台停班停課",
        "中央氣象局發布颱風警報，各地學校停課。\n人工智慧 AI 教育也受影響。",
        "2026-09-01T00:00:00Z",
      ),
    );
    archive.putArticle(
      "https://cn.example/vaccine",
      article("https://cn.example/vaccine", "新冠疫苗接种", "疫苗接种工作有序推进。", "2026-09-03T00:00:00Z"),
    );
    archive.putItems([
      {
        url: "https://kr.example/1",
        title: "한국 경제 뉴스",
        summary: "한국은행이 기준금리를 동결했다",
        published: "2026-09-02T00:00:00Z",
        channel: "kr",
      },
      { url: "https://en.example/1", title: "Typhoon Hits Taiwan", summary: "Schools closed", channel: "en" },
    ]);
    return archive;
  }

  it("finds two-character CJK words, and 简体 queries find 繁體 text (and the other way)", async () => {
    const archive = await filled();
    expect(urls(archive.search("台风"))).toEqual(["https://tw.example/typhoon"]);
    expect(urls(archive.search("颱風"))).toEqual(["https://tw.example/typhoon"]);
    expect(urls(archive.search("疫苗"))).toEqual(["https://cn.example/vaccine"]);
    expect(urls(archive.search("疫苗接種"))).toEqual(["https://cn.example/vaccine"]);
    expect(urls(archive.search("气象局发布"))).toEqual(["https://tw.example/typhoon"]);
  });

  it("finds one-character queries, Korean included", async () => {
    const archive = await filled();
    expect(urls(archive.search("한"))).toEqual(["https://kr.example/1"]);
    expect(urls(archive.search("苗"))).toEqual(["https://cn.example/vaccine"]);
  });

  it("needs every word of a mixed query, and Latin words match in any case", async () => {
    const archive = await filled();
    expect(urls(archive.search("AI 教育"))).toEqual(["https://tw.example/typhoon"]);
    expect(urls(archive.search("ai 疫苗"))).toEqual([]);
    expect(urls(archive.search("TYPHOON"))).toEqual(["https://en.example/1"]);
    expect(urls(archive.search("typhoon hits"))).toEqual(["https://en.example/1"]);
    expect(urls(archive.search("typh"))).toEqual(["https://en.example/1"]);
  });

  it("matches any letter in any case, full-width or not: the index lower-cases every text toLowerCase changes", async () => {
    const { archive } = await openArchive({ dir, normalise: (text) => text });
    open.push(archive!);
    // Every BMP character alone, and after a CJK one: normalised as narrowing then toLowerCase would.
    for (let unit = 0; unit < 0x10000; unit++) {
      if (unit >= 0xd800 && unit <= 0xdfff) continue;
      const c = String.fromCharCode(unit >= 0xff01 && unit <= 0xff5e ? unit - 0xfee0 : unit);
      const text = String.fromCharCode(unit);
      const expected = c.toLowerCase();
      if (archive!.normalise(text) !== expected) expect(archive!.normalise(text)).toBe(expected);
      if (archive!.normalise(`颱${text}`) !== `颱${expected}`)
        expect(archive!.normalise(`颱${text}`)).toBe(`颱${expected}`);
    }
    expect(archive!.normalise("\u{10400}Ｔｙｐｈｏｏｎ：颱風")).toBe("\u{10428}typhoon:颱風");
    archive!.putItems([{ url: "https://ru.example/1", title: "ТАЙФУН Ｋａｔｒｉｎａ", summary: "ⰀⰁ ꙀꙂ" }]);
    expect(urls(archive!.search("тайфун katrina"))).toEqual(["https://ru.example/1"]);
    expect(urls(archive!.search("ⰰⰱ ꙁꙃ"))).toEqual(["https://ru.example/1"]);
  });

  it("a longer CJK word matches only where its characters stand together", async () => {
    const archive = await filled();
    // 停課 and 學校 are both in the text, but not 課學 or 校停課 (a comma and other words between).
    expect(urls(archive.search("學校停課"))).toEqual(["https://tw.example/typhoon"]);
    expect(urls(archive.search("停課學校"))).toEqual([]);
    expect(urls(archive.search("警報各地"))).toEqual([]);
    // Both pairs of 氣象台 are in the text (氣象局, 大象台階), but not the word.
    archive.putItems([
      { url: "https://x.example/zoo", title: "動物園", summary: "氣象局說，大象台階上曬太陽" },
    ]);
    expect(urls(archive.search("氣象台"))).toEqual([]);
    expect(urls(archive.search("大象台"))).toEqual(["https://x.example/zoo"]);
    // And all three-character pieces of 氣象局長 (氣象局, 大象局長), but not the word.
    archive.putItems([
      { url: "https://x.example/zoo2", title: "動物園", summary: "氣象局說，大象局長曬太陽" },
    ]);
    expect(urls(archive.search("氣象局長"))).toEqual([]);
    expect(urls(archive.search("大象局長"))).toEqual(["https://x.example/zoo2"]);
  });

  it("an item listed again without its summary (the compact list kept again) is still found by the summary", async () => {
    const archive = await archiveIn();
    archive.putItems([
      { url: "https://x.example/s", id: "g1", title: "漁港", summary: "颱風前漁船全部回港" },
    ]);
    archive.putItems([{ url: "https://x.example/s", id: "g1", title: "漁港" }]);
    expect(urls(archive.search("漁船"))).toEqual(["https://x.example/s"]);
  });

  it("lists newest first and marks the matched words in the original text's snippet", async () => {
    const archive = await filled();
    archive.putArticle(
      "https://tw.example/older",
      article("https://tw.example/older", "舊聞", "去年的颱風", "2025-01-01T00:00:00Z"),
    );
    const hits = archive.search("台风");
    expect(urls(hits)).toEqual(["https://tw.example/typhoon", "https://tw.example/older"]);
    const [start, end] = hits[0]!.marks[0]!;
    expect(hits[0]!.snippet).toContain("中央氣象局發布颱風警報");
    expect(hits[0]!.snippet.slice(start, end)).toBe("颱風");
  });

  it("a word far into a long article is found, and its snippet shows it as written", async () => {
    const archive = await archiveIn();
    const filler = "各地學校停課，民眾做好防颱準備。".repeat(60);
    archive.putArticle(
      "https://tw.example/long",
      article("https://tw.example/long", "長文", `${filler}\n最後一段提到氣象局長的說明。\n${filler}`),
    );
    for (const query of ["气象局长", "氣象局長", "局"]) {
      const [hit] = archive.search(query);
      expect(hit?.url, query).toBe("https://tw.example/long");
      const [start, end] = hit!.marks[0]!;
      expect(hit!.snippet.slice(start, end)).toBe(query === "局" ? "局" : "氣象局長");
      expect(hit!.snippet).toContain("最後一段提到氣象局長的說明");
    }
  });

  it("an item's full article replaces its summary in the index; a later summary does not undo it", async () => {
    const archive = await archiveIn();
    archive.putItems([{ url: "https://x.example/a", title: "標題", summary: "摘要" }]);
    expect(urls(archive.search("全文內容"))).toEqual([]);
    archive.putArticle("https://x.example/a", article("https://x.example/a", "標題", "這是全文內容"));
    archive.putItems([{ url: "https://x.example/a", title: "標題", summary: "摘要" }]);
    expect(urls(archive.search("全文內容"))).toEqual(["https://x.example/a"]);
    expect(archive.article("https://x.example/a")?.body[0]?.text).toBe("這是全文內容");
  });
});

describe("keeping an article", () => {
  it("gives back the article as it was: 繁體, capitals, full-width letters, tables and ruby", async () => {
    const archive = await archiveIn();
    const kept: Article = {
      ...article("https://x.example/a", "颱風 Typhoon", "中央氣象局發布颱風警報\nAI 與 ＧＤＰ：Taipei 報導"),
      published: "2026-09-01T00:00:00Z",
      editors: ["王小明"],
    };
    kept.body.push(
      { type: "table", text: "縣市\t雨量", rows: [{ header: true, cells: ["縣市", "雨量"] }] },
      { type: "paragraph", text: "漢字", ruby: [{ start: 0, end: 2, reading: "かんじ" }] },
      { type: "paragraph", text: "" },
    );
    archive.putArticle("https://x.example/a", kept);
    expect(archive.article("https://x.example/a")).toEqual(kept);
    // The normalised text (简体, lower case) is what is searched.
    expect(urls(archive.search("气象局"))).toEqual(["https://x.example/a"]);
    expect(urls(archive.search("gdp"))).toEqual(["https://x.example/a"]);
    // A text whose length normalising changes (İ lower-cased is two characters) is kept whole.
    const turkish = article("https://x.example/b", "İstanbul", "İstanbul 報導");
    archive.putArticle("https://x.example/b", turkish);
    expect(archive.article("https://x.example/b")).toEqual(turkish);
  });
});

describe("keeping it bounded", () => {
  it("prunes items and articles older than keepDays, never bookmarks", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const archive = await archiveIn(dir, () => now);
    archive.putItems([
      { url: "https://x.example/old", title: "舊的颱風" },
      { url: "https://x.example/kept", title: "收藏的颱風" },
    ]);
    archive.putArticle("https://x.example/kept", article("https://x.example/kept", "收藏的颱風", "全文"));
    archive.setBookmarked({ url: "https://x.example/kept", title: "收藏的颱風" }, true);
    now += 91 * DAY;
    archive.putItems([{ url: "https://x.example/new", title: "新的颱風" }]);
    expect(archive.prune(90)).toEqual({ items: 1, articles: 0 });
    expect(urls(archive.search("颱風")).sort()).toEqual(["https://x.example/kept", "https://x.example/new"]);
    expect(archive.article("https://x.example/kept")).toBeDefined();
  });
});

describe("pruning at start", () => {
  it("prunes at most once a day: a start within the day leaves it to the next day's", async () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    let now = start;
    const archive = await archiveIn(dir, () => now);
    archive.putItems([{ url: "https://x.example/first", title: "第一篇颱風" }]);
    now = start + 0.9 * DAY;
    archive.putItems([{ url: "https://x.example/second", title: "第二篇颱風" }]);
    now = start + 90.5 * DAY;
    archive.pruneIfDue(90);
    expect(urls(archive.search("颱風"))).toEqual(["https://x.example/second"]);
    // Half a day later the second is past 90 days too, but the last prune was within the day.
    now = start + 91 * DAY;
    archive.pruneIfDue(90);
    expect(urls(archive.search("颱風"))).toEqual(["https://x.example/second"]);
    now = start + 91.5 * DAY;
    archive.pruneIfDue(90);
    expect(urls(archive.search("颱風"))).toEqual([]);
  });
});

describe("keeping it bounded on disk", () => {
  it("pruning gives the space back to the disk", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const archive = await archiveIn(dir, () => now);
    const text = "颱風過境後各地災情陸續傳出，政府啟動緊急應變機制，協助民眾復原家園。".repeat(40);
    for (let i = 0; i < 300; i++)
      archive.putArticle(
        `https://x.example/${i}`,
        article(`https://x.example/${i}`, `第${i}篇`, `${i} ${text}`),
      );
    const size = () => {
      archive.db.pragma("wal_checkpoint(TRUNCATE)");
      return fs.statSync(path.join(dir, DATABASE_NAME)).size;
    };
    const full = size();
    now += 91 * DAY;
    archive.putArticle("https://x.example/new", article("https://x.example/new", "新的", text));
    expect(archive.prune(90).articles).toBe(300);
    expect(size()).toBeLessThan(full / 4);
    expect(urls(archive.search("颱風過境"))).toEqual(["https://x.example/new"]);
  });

  it("a list's items of one minute list newest first, whichever order the feed gives them in", async () => {
    const archive = await archiveIn();
    const at = (second: number) => `2026-09-01T08:30:${String(second).padStart(2, "0")}Z`;
    archive.putItems(
      [40, 10, 50, 20].map((n) => ({ url: `https://x.example/${n}`, title: `快訊 ${n}`, published: at(n) })),
    );
    expect(urls(archive.search("快訊"))).toEqual([50, 40, 20, 10].map((n) => `https://x.example/${n}`));
  });

  it("a feed whose thousand items all carry one date keeps them all, and newer ones list first", async () => {
    const archive = await archiveIn();
    const date = "2026-09-01T00:00:00Z";
    const items = Array.from({ length: 1100 }, (_, i) => ({
      url: `https://x.example/${i}`,
      title: `同一時刻 ${i}`,
      published: date,
    }));
    archive.putItems(items);
    archive.putItems([
      { url: "https://x.example/later", title: "同一時刻 later", published: "2026-09-02T00:00:00Z" },
    ]);
    const hits = archive.search("同一時刻", 2000);
    expect(hits).toHaveLength(1101);
    expect(hits[0]!.url).toBe("https://x.example/later");
    expect(new Set(urls(hits)).size).toBe(1101);
  });
});

describe("opening", () => {
  it("finds better-sqlite3's addon where its install put it, or says where it looked when there is none", () => {
    // A better-sqlite3 whose addon is not built, then built elsewhere (a debug build).
    const modules = path.join(dir, "node_modules");
    const root = path.join(modules, "better-sqlite3");
    fs.mkdirSync(path.join(root, "build", "Debug"), { recursive: true });
    fs.writeFileSync(path.join(root, "package.json"), '{"name": "better-sqlite3", "main": "index.js"}');
    const bindings = path.dirname(createRequire(import.meta.url).resolve("bindings/package.json"));
    fs.symlinkSync(bindings, path.join(modules, "bindings"), "dir");
    const fromHere = createRequire(path.join(dir, "index.js"));
    const debug = path.join(root, "build", "Debug", "better_sqlite3.node");
    expect(() => builtAddon(fromHere)).toThrow(
      `its compiled addon, better_sqlite3.node, is not in ${root}: npm rebuild better-sqlite3 builds it`,
    );
    fs.writeFileSync(debug, "");
    expect(builtAddon(fromHere)).toBe(debug);
  });

  it("moves a damaged database aside, says where, and starts a new one", async () => {
    fs.writeFileSync(path.join(dir, DATABASE_NAME), "this is not a database ".repeat(500));
    const { archive, warnings } = await openArchive({ dir, normalise: await loadNormaliser() });
    open.push(archive!);
    expect(warnings).toHaveLength(1);
    const aside = /moved to (\S+)/.exec(warnings[0]!)?.[1];
    expect(aside && fs.readFileSync(aside, "utf8")).toMatch(/^this is not a database/);
    archive!.putItems([{ url: "https://x.example/a", title: "颱風" }]);
    expect(urls(archive!.search("颱風"))).toEqual(["https://x.example/a"]);
  });

  it("an archive written by a newer version is left untouched, with a message saying to update", async () => {
    const first = await archiveIn();
    first.putItems([{ url: "https://x.example/a", title: "颱風" }]);
    first.close();
    const file = path.join(dir, DATABASE_NAME);
    const newer = new Database(file);
    newer.pragma("journal_mode = DELETE");
    newer.pragma("user_version = 99");
    newer.close();
    const before = fs.readFileSync(file);
    const { archive, warnings } = await openArchive({ dir, normalise: await loadNormaliser() });
    archive?.close();
    expect(archive).toBeUndefined();
    expect(warnings.join()).toMatch(/search is off: .*newer version of reader \(schema 99.*update reader/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it("a cache directory that cannot be made: search is off with a message, and nothing throws", async () => {
    const blocked = path.join(dir, "a-file");
    fs.writeFileSync(blocked, "");
    const { archive, warnings } = await openArchive({
      dir: path.join(blocked, "cache"),
      normalise: await loadNormaliser(),
    });
    expect(archive).toBeUndefined();
    expect(warnings.join()).toMatch(/search is off: .*a-file/);
  });

  // Root writes whatever the modes say.
  it.skipIf(process.getuid?.() === 0)(
    "a read-only database still searches, and says nothing new is kept",
    async () => {
      const first = await archiveIn();
      first.putItems([{ url: "https://x.example/a", title: "颱風" }]);
      first.close();
      fs.chmodSync(path.join(dir, DATABASE_NAME), 0o444);
      fs.chmodSync(dir, 0o555);
      try {
        const { archive, warnings } = await openArchive({ dir, normalise: await loadNormaliser() });
        open.push(archive!);
        expect(warnings.join()).toMatch(/read-only/);
        expect(urls(archive!.search("颱風"))).toEqual(["https://x.example/a"]);
      } finally {
        fs.chmodSync(dir, 0o755);
      }
    },
  );

  it("two processes writing at once: every article of both is kept", async () => {
    const child = path.join(import.meta.dirname, "archive-child.ts");
    const root = path.join(import.meta.dirname, "..", "..");
    const runs = ["a", "b"].map(
      (prefix) =>
        new Promise<number | null>((resolve) => {
          const proc = spawn(process.execPath, ["--import", "tsx", child, "put", dir, prefix, "60"], {
            cwd: root,
            stdio: "inherit",
          });
          proc.on("exit", resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0]);
    const archive = await archiveIn();
    expect(archive.search("颱風消息", 500)).toHaveLength(120);
  });
});

describe("a database written by the first version", () => {
  it("is brought up to date on opening: search, kept articles and read state are all there", async () => {
    fs.copyFileSync(
      path.join(import.meta.dirname, "..", "fixtures", "archive-v1", DATABASE_NAME),
      path.join(dir, DATABASE_NAME),
    );
    const now = () => Date.parse("2026-11-21T00:00:00Z");
    for (const run of ["upgrading", "opened again"]) {
      const archive = await archiveIn(dir, now);
      expect(urls(archive.search("苗")), run).toEqual(["https://cn.example/vaccine"]);
      expect(urls(archive.search("한"))).toEqual(["https://kr.example/1"]);
      expect(urls(archive.search("台风"))).toEqual(["https://tw.example/typhoon"]);
      expect(urls(archive.search("學校停課"))).toEqual(["https://tw.example/typhoon"]);
      expect(urls(archive.search("停課學校"))).toEqual([]);
      expect(urls(archive.search("typhoon"))).toEqual(["https://en.example/1"]);
      expect(urls(archive.search("abc"))).toEqual(["https://cn.example/vaccine"]);
      expect(archive.search("颱風")[0]?.snippet).toContain("中央氣象局發布颱風警報");
      expect(archive.article("https://tw.example/typhoon")?.body.map((b) => b.text)).toEqual([
        "中央氣象局發布颱風警報，各地學校停課。",
        "人工智慧 AI 教育也受影響。",
      ]);
      expect(archive.article("https://cn.example/vaccine")?.body[1]?.text).toBe("ＡＢＣ全角字母。");
      expect(archive.itemState("https://tw.example/typhoon").read).toBe(true);
      expect(archive.itemState("https://cn.example/vaccine")).toEqual({
        read: false,
        bookmarked: true,
        position: { block: 1, offset: 4 },
      });
      const etag = archive.db.prepare("SELECT etag FROM articles WHERE url = ?").pluck();
      expect(etag.get("https://tw.example/typhoon")).toBe('"t1"');
      // The import stays done: today's files are not imported a second time.
      expect(archive.meta("imported-v1")).toBe("2026-11-20T00:00:00.000Z");
      // Pruning gives space back to the disk from now on.
      expect(archive.db.pragma("auto_vacuum", { simple: true })).toBe(2);
      archive.close();
      open.pop();
    }
  });
});

describe("a database written by the third version", () => {
  it("is brought up to date on opening: what it kept is found and read, and left as it is when listed again", async () => {
    fs.copyFileSync(
      path.join(import.meta.dirname, "..", "fixtures", "archive-v3", DATABASE_NAME),
      path.join(dir, DATABASE_NAME),
    );
    const now = () => Date.parse("2026-12-01T00:00:00Z");
    const long = "颱風「青鸞」逼近，中央氣象局發布海上颱風警報。".repeat(20) + "各地學校停課，港口暫停作業。";
    const tw = [
      { id: "tw-1", url: "https://tw.example/1", title: "颱風警報發布", summary: long, channel: "tw" },
      {
        id: "tw-2",
        url: "https://tw.example/2",
        title: "停電通知",
        summary: "線路檢修，明日停電。",
        channel: "tw",
      },
    ].map((item, i) => ({ ...item, published: `2026-11-30T0${8 + i}:00:00.000Z` }));
    const storedAs = (url: string) =>
      archive.db.prepare("SELECT id, typeof(text) AS type FROM docs WHERE url = ?").get(url);
    let archive = await archiveIn(dir, now);
    for (const run of ["upgrading", "opened again"]) {
      if (run !== "upgrading") archive = await archiveIn(dir, now);
      expect(archive.db.pragma("user_version", { simple: true }), run).toBe(5);
      // The documents' order is their ids': an index of their dates cost CPU at every write, for nothing.
      expect(
        archive.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'docs_sort'").get(),
      ).toBeUndefined();
      expect(archive.search("台风警报").map((hit) => hit.url)).toEqual(["https://tw.example/1"]);
      // Past the first 400 characters: the rest, deflated with the start as its dictionary.
      expect(urls(archive.search("港口暂停"))).toEqual(["https://tw.example/1"]);
      expect(urls(archive.search("线路检修"))).toEqual(["https://tw.example/2"]);
      expect(urls(archive.search("AI 教育"))).toEqual(["https://tw.example/3"]);
      expect(archive.article("https://tw.example/3")?.body[0]?.text).toBe("颱風過後，各地學校今日復課。");
      expect(archive.itemState("https://tw.example/2").read).toBe(true);
      // Its lists' digests name their items only: held for the list read back without summaries; one parsed
      // with its summaries is kept once more, since the old digest cannot say they are the same.
      const withoutSummaries = tw.map(({ summary: _, ...item }) => item);
      expect(archive.holdsList("tw", listDigest(withoutSummaries), 7 * DAY)).toBe(true);
      archive.close();
      open.pop();
    }
    archive = await archiveIn(dir, now);
    const before = tw.map((item) => storedAs(item.url));
    // A refresh listing the same items: their documents, kept in the old form, are not written again.
    archive.putItems(tw);
    expect(tw.map((item) => storedAs(item.url))).toEqual(before);
    // A new one is kept in the new form, and found.
    archive.putItems([{ url: "https://tw.example/4", title: "復電", summary: "線路檢修完成，全面復電。" }]);
    expect(storedAs("https://tw.example/4")).toMatchObject({ type: "text" });
    expect(urls(archive.search("检修"))).toEqual(["https://tw.example/4", "https://tw.example/2"]);
  });
});

describe("a database written by the fourth version", () => {
  it("is brought up to date on opening: nothing lost, and search finds what it found, newest first", async () => {
    fs.copyFileSync(
      path.join(import.meta.dirname, "..", "fixtures", "archive-v4", DATABASE_NAME),
      path.join(dir, DATABASE_NAME),
    );
    const now = () => Date.parse("2026-12-01T00:00:00Z");
    // What version 4 answered (the fixture's README).
    const found: Record<string, string[]> = {
      台风: ["cn/3", "tw/1", "tw/3", "cn/2", "cn/1"],
      颱風: ["cn/3", "tw/1", "tw/3", "cn/2", "cn/1"],
      停電通知: ["tw/2", "cn/2", "cn/1"],
      线路检修: ["tw/2", "cn/1"],
      港口暂停: ["tw/1"],
      "AI 教育": ["tw/3"],
      typhoon: ["cn/3"],
      abc: ["cn/3"],
      태풍: ["kr/1"],
    };
    const full = (short: string) => `https://${short.slice(0, 2)}.example/${short.slice(3)}`;
    for (const run of ["upgrading", "opened again"]) {
      const archive = await archiveIn(dir, now);
      expect(archive.db.pragma("user_version", { simple: true }), run).toBe(5);
      for (const [query, hits] of Object.entries(found))
        expect(urls(archive.search(query)), `${run}: ${query}`).toEqual(hits.map(full));
      expect(archive.search("港口暂停")[0]?.snippet).toContain("港口暫停作業");
      expect(archive.article("https://tw.example/3")?.body.map((b) => b.text)).toEqual([
        "颱風過後，各地學校今日復課。",
        "人工智慧 ＡＩ 教育也受影響。",
      ]);
      expect(archive.keptArticle("https://tw.example/3")?.etag).toBe('"t3"');
      expect(archive.itemState("https://tw.example/2").read).toBe(true);
      expect(archive.itemState("https://cn.example/2")).toEqual({
        read: false,
        bookmarked: true,
        position: { block: 0, offset: 3 },
      });
      expect(archive.meta("imported-v1")).toBe("2026-11-29T00:00:00.000Z");
      const count = (table: string) => archive.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
      expect([count("docs"), count("lists")]).toEqual([7, 3]);
      archive.close();
      open.pop();
    }
    // New items are found in their place by date: one of the same minute as two kept by version 4 (their ids,
    // the index's rowids then, one a new id would give) is found beside them, newest first.
    const archive = await archiveIn(dir, now);
    archive.putItems([
      {
        id: "cn-4",
        url: "https://cn.example/4",
        title: "停电通知第四号",
        published: "2026-11-28T00:00:30.000Z",
      },
    ]);
    archive.putItems([
      { id: "tw-4", url: "https://tw.example/4", title: "颱風再來", published: "2026-11-30T09:00:00.000Z" },
    ]);
    expect(urls(archive.search("停電通知"))).toEqual(["tw/2", "cn/4", "cn/2", "cn/1"].map(full));
    expect(urls(archive.search("颱風"))).toEqual([
      "https://cn.example/3",
      "https://tw.example/4",
      ...found["颱風"]!.slice(1).map(full),
    ]);
    // A summary changed: its document, kept by version 4, is found once, by its new text (and, kept later,
    // first in its minute).
    const cn1 = { id: "cn-1", url: "https://cn.example/1", title: "台风过后 停电通知第一号", channel: "cn" };
    archive.putItems([{ ...cn1, summary: "线路已经修好。", published: "2026-11-28T00:00:00.000Z" }]);
    expect(urls(archive.search("线路检修"))).toEqual(["https://tw.example/2"]);
    expect(urls(archive.search("已经修好"))).toEqual(["https://cn.example/1"]);
    expect(urls(archive.search("停電通知"))).toEqual(["tw/2", "cn/1", "cn/4", "cn/2"].map(full));
    archive.prune(90, now());
    expect(urls(archive.search("颱風"))).toHaveLength(6);
    expect(urls(archive.search("停電通知"))).toHaveLength(4);
  });
});

describe("a read-only database written by the fourth version", () => {
  it("is searched as it is: the same documents found, newest first", async () => {
    const file = path.join(dir, DATABASE_NAME);
    fs.copyFileSync(path.join(import.meta.dirname, "..", "fixtures", "archive-v4", DATABASE_NAME), file);
    // As openArchive opens one it cannot write (which root, running the tests, always can).
    const archive = new Archive(new Database(file, { readonly: true, fileMustExist: true }), {
      file,
      readOnly: true,
      normalise: await loadNormaliser(),
      now: Date.now,
    });
    open.push(archive);
    expect(archive.db.pragma("user_version", { simple: true })).toBe(4);
    expect(urls(archive.search("停電通知"))).toEqual([
      "https://tw.example/2",
      "https://cn.example/2",
      "https://cn.example/1",
    ]);
    expect(archive.search("港口暂停")[0]?.snippet).toContain("港口暫停作業");
  });
});

describe("a database written by the second version", () => {
  it("is brought up to date on opening, and the lists it has are kept again, since it cannot say it holds them", async () => {
    fs.copyFileSync(
      path.join(import.meta.dirname, "..", "fixtures", "archive-v2", DATABASE_NAME),
      path.join(dir, DATABASE_NAME),
    );
    const now = () => Date.parse("2026-12-01T00:00:00Z");
    const cn = [
      { id: "cn-1", url: "https://cn.example/1", title: "停电通知第一号" },
      { id: "cn-2", url: "https://cn.example/2", title: "停电通知第二号" },
    ];
    for (const run of ["upgrading", "opened again"]) {
      const archive = await archiveIn(dir, now);
      expect(archive.db.pragma("user_version", { simple: true }), run).toBe(5);
      expect(urls(archive.search("停電通知")).sort()).toEqual([
        "https://cn.example/1",
        "https://cn.example/2",
      ]);
      expect(urls(archive.search("线路检修"))).toEqual(["https://cn.example/1"]);
      expect(archive.article("https://tw.example/typhoon")?.body[0]?.text).toBe(
        "中央氣象局發布颱風警報，各地學校停課。",
      );
      expect(archive.itemState("https://cn.example/1").read).toBe(true);
      expect(archive.itemState("https://cn.example/2")).toEqual({
        read: false,
        bookmarked: true,
        position: { block: 0, offset: 3 },
      });
      expect(archive.meta("imported-v1")).toBe("2026-11-29T00:00:00.000Z");
      expect(archive.holdsList("cn", listDigest(cn), 7 * DAY), run).toBe(false);
      archive.close();
      open.pop();
    }
  });
});

describe("which lists the archive holds", () => {
  const channel = { id: "tw", title: "台灣", url: "https://x.example/feed", origin: "user" as const };
  // More than two parts (a part is 50 items): a cut-short keeping leaves some of it out.
  const parsed = Array.from({ length: 120 }, (_, i) => ({
    id: `tw-${i}`,
    url: `https://x.example/${i}`,
    title: `颱風消息${i}`,
    summary: `第${i}報：停班停課`,
  }));
  // As the next start reads it back from the list saved beside the cached feed: no summaries.
  const saved = parsed.map(({ summary: _, ...item }) => item);

  it("a list read back unchanged is not written again when the archive holds it", async () => {
    const store = openStore({ builtins: [], dir: path.join(dir, "config") });
    const kept = new KeptArchive(store, { dir: path.join(dir, "cache") });
    const archive = (await kept.open())!;
    open.push(archive);
    kept.keepItems(channel, parsed);
    await kept.settled();
    const putItems = vi.spyOn(archive, "putItems");
    const reread = vi.fn(async () => parsed);
    kept.keepItems(channel, saved, { reread });
    await kept.settled();
    expect(putItems).not.toHaveBeenCalled();
    expect(reread).not.toHaveBeenCalled();
    // A list that changed is kept, whatever was held before.
    kept.keepItems(channel, saved.slice(1), { reread });
    await kept.settled();
    expect(putItems).toHaveBeenCalled();
  });

  it("a list whose writes were cut short is kept at the next start, with its summaries, so search finds it all", async () => {
    const store = openStore({ builtins: [], dir: path.join(dir, "config") });
    const first = new KeptArchive(store, { dir: path.join(dir, "cache") });
    const archive = (await first.open())!;
    open.push(archive);
    // Keys pressed all along, then the process ended: only the first part went through.
    let parts = 0;
    first.pace = () => (parts++ === 0 ? Promise.resolve() : new Promise<void>(() => {}));
    first.keepItems(channel, parsed);
    await vi.waitFor(() => expect(archive.search("颱風消息", 200)).toHaveLength(50));
    expect(archive.holdsList(channel.id, listDigest(saved), 7 * DAY)).toBe(false);
    archive.close();
    open.pop();

    const next = new KeptArchive(store, { dir: path.join(dir, "cache") });
    const again = (await next.open())!;
    open.push(again);
    next.keepItems(channel, saved, { reread: async () => parsed });
    await next.settled();
    expect(again.search("颱風消息", 200)).toHaveLength(120);
    expect(again.search("第119報")).toHaveLength(1);
    expect(again.holdsList(channel.id, listDigest(saved), 7 * DAY)).toBe(true);
  });

  it("a list parsed again with a summary changed is not held; the same list read back compact is", async () => {
    const archive = await archiveIn(dir, () => Date.parse("2026-12-01T00:00:00Z"));
    archive.putListEnd("tw", listDigest(parsed), parsed);
    expect(archive.holdsList("tw", listDigest(parsed), 7 * DAY)).toBe(true);
    expect(archive.holdsList("tw", listDigest(saved), 7 * DAY)).toBe(true);
    const changed = parsed.map((item, i) => (i === 7 ? { ...item, summary: "第7報：颱風轉向" } : item));
    expect(archive.holdsList("tw", listDigest(changed), 7 * DAY)).toBe(false);
  });

  it("an unchanged list held for more than a week is kept again (pruning would forget its items)", async () => {
    let time = Date.parse("2026-12-01T00:00:00Z");
    const archive = await archiveIn(dir, () => time);
    archive.putListEnd("tw", listDigest(saved), parsed);
    expect(archive.holdsList("tw", listDigest(saved), 7 * DAY)).toBe(true);
    expect(archive.holdsList("tw", listDigest(saved.slice(1)), 7 * DAY)).toBe(false);
    time += 8 * DAY;
    expect(archive.holdsList("tw", listDigest(saved), 7 * DAY)).toBe(false);
  });
});

describe("the first start imports today's files once", () => {
  it("read marks, positions, bookmarks and cached pages are all there; the old files stay", async () => {
    const configDir = path.join(dir, "config");
    const cacheDir = path.join(dir, "cache");
    // Files as the current version writes them.
    const store = openStore({ builtins: [], dir: configDir });
    store.setRead("https://x.example/read", true);
    store.setRead("https://x.example/unread-again", true);
    store.setRead("https://x.example/unread-again", false);
    store.setPosition("https://x.example/pos", { block: 7, offset: 3 });
    store.toggleBookmark({ url: "https://x.example/saved", title: "收藏的文章" });
    const cache = new HttpCache({ dir: path.join(cacheDir, "http") });
    const page = `<html><head><title>颱風過境</title></head><body><article><h1>颱風過境</h1>
      <p>颱風過境後各地災情陸續傳出，政府啟動緊急應變機制，協助民眾復原家園。</p></article></body></html>`;
    await cache.put(
      "https://x.example/page",
      {
        finalUrl: "https://x.example/page",
        status: 200,
        contentType: "text/html; charset=utf-8",
        etag: '"v1"',
      },
      new TextEncoder().encode(page),
    );
    const before = fs.readdirSync(configDir, { recursive: true }).sort();

    const reopened = openStore({ builtins: [], dir: configDir });
    const kept = new KeptArchive(reopened, { dir: cacheDir });
    const archive = (await kept.open())!;
    open.push(archive);
    expect(archive.itemState("https://x.example/read").read).toBe(true);
    expect(archive.itemState("https://x.example/unread-again").read).toBe(false);
    expect(archive.itemState("https://x.example/pos").position).toEqual({ block: 7, offset: 3 });
    expect(archive.itemState("https://x.example/saved").bookmarked).toBe(true);
    expect(urls(archive.search("台风过境"))).toEqual(["https://x.example/page"]);
    expect(archive.article("https://x.example/page")?.title).toBe("颱風過境");
    // Nothing removed from the settings directory or the cache.
    expect(fs.readdirSync(configDir, { recursive: true }).sort()).toEqual(before);
    expect(await cache.get("https://x.example/page")).toBeDefined();

    // Once: a mark made after the import is not overwritten by importing again.
    archive.setRead("https://x.example/read", false);
    archive.close();
    open.pop();
    const again = (await new KeptArchive(reopened, { dir: cacheDir }).open())!;
    open.push(again);
    expect(again.itemState("https://x.example/read").read).toBe(false);
  });

  it("a cached feed of thousands is imported at the interface's pace, and its channel's list is then not kept again", async () => {
    const store = openStore({ builtins: [], dir: path.join(dir, "config") });
    const channel = store.addChannel("https://x.example/big.xml", "颱風頻道");
    const items = Array.from({ length: 1200 }, (_, i) => ({
      url: `https://x.example/${i}`,
      title: `颱風消息第${i}則`,
    }));
    const feed = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>颱風頻道</title>${items
      .map((item) => `<item><title>${item.title}</title><link>${item.url}</link></item>`)
      .join("")}</channel></rss>`;
    await new HttpCache({ dir: path.join(dir, "cache", "http") }).put(
      channel.url,
      { finalUrl: channel.url, status: 200, contentType: "application/rss+xml; charset=utf-8" },
      new TextEncoder().encode(feed),
    );
    const kept = new KeptArchive(store, { dir: path.join(dir, "cache") });
    let letGo: () => void = () => {};
    const keys = new Promise<void>((resolve) => (letGo = resolve));
    let waits = 0;
    // Keys are being pressed: the import waits for a pause before its parts, as a list being kept does.
    kept.pace = () => {
      waits++;
      return keys;
    };
    const opening = kept.open();
    await vi.waitFor(() => expect(waits).toBe(1));
    // Held there: nothing parsed or written goes ahead of the keys.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(waits).toBe(1);
    letGo();
    const archive = (await opening)!;
    open.push(archive);
    // In parts, each waiting its turn: one for the file, then one per part of the feed's items, then the marks.
    expect(waits).toBeGreaterThan(1200 / 100);
    expect(archive.search("颱風消息", 2000)).toHaveLength(1200);
    expect(archive.holdsList(channel.id, listDigest(items), 86_400_000)).toBe(true);
  });

  it("a list read back unchanged is read again from the cache only once the interface lets go", async () => {
    const store = openStore({ builtins: [], dir: path.join(dir, "config") });
    const kept = new KeptArchive(store, { dir: path.join(dir, "cache") });
    const archive = (await kept.open())!;
    open.push(archive);
    let letGo: () => void = () => {};
    const keys = new Promise<void>((resolve) => (letGo = resolve));
    kept.pace = () => keys;
    const items = Array.from({ length: 30 }, (_, i) => ({
      url: `https://x.example/${i}`,
      title: `颱風${i}`,
    }));
    const reread = vi.fn(async () =>
      items.map((item) => ({ ...item, summary: "颱風過境後各地災情陸續傳出" })),
    );
    kept.keepItems({ id: "tw", title: "台灣", url: "https://x.example/feed", origin: "user" }, items, {
      reread,
    });
    // Keys are being pressed, just after the list was shown: its feed is not parsed again meanwhile.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(reread).not.toHaveBeenCalled();
    letGo();
    await kept.settled();
    expect(reread).toHaveBeenCalledTimes(1);
    expect(archive.search("災情", 100)).toHaveLength(30);
  });

  it("a list's items are kept at the interface's pace: none while it holds them back, all once it lets go", async () => {
    const store = openStore({ builtins: [], dir: path.join(dir, "config") });
    const kept = new KeptArchive(store, { dir: path.join(dir, "cache") });
    const archive = (await kept.open())!;
    open.push(archive);
    let letGo: () => void = () => {};
    const keys = new Promise<void>((resolve) => (letGo = resolve));
    kept.pace = () => keys;
    const items = Array.from({ length: 45 }, (_, i) => ({
      url: `https://x.example/${i}`,
      title: `颱風消息${i}`,
    }));
    kept.keepItems({ id: "tw", title: "台灣", url: "https://x.example/feed", origin: "user" }, items);
    // Keys are being pressed: a few turns of the event loop go by and nothing is written.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(archive.search("颱風消息")).toHaveLength(0);
    letGo();
    await kept.settled();
    expect(archive.search("颱風消息", 100)).toHaveLength(45);
  });

  it("marks made in the interface reach the archive once it is open", async () => {
    const store = openStore({ builtins: [], dir: path.join(dir, "config") });
    const kept = new KeptArchive(store, { dir: path.join(dir, "cache") });
    const keeping = kept.storeKeeping();
    keeping.setRead("https://x.example/a", true);
    keeping.toggleBookmark({ url: "https://x.example/b", title: "b" });
    keeping.setPosition("https://x.example/c", { block: 2, offset: 1 });
    await kept.settled();
    const archive = (await kept.open())!;
    open.push(archive);
    expect(store.isRead("https://x.example/a")).toBe(true);
    expect(archive.itemState("https://x.example/a").read).toBe(true);
    expect(archive.itemState("https://x.example/b").bookmarked).toBe(true);
    expect(archive.itemState("https://x.example/c").position).toEqual({ block: 2, offset: 1 });
    // The store's own methods, through the keeping store (bound once, asked for every row drawn).
    const isRead = keeping.isRead;
    expect([isRead("https://x.example/a"), isRead("https://x.example/b")]).toEqual([true, false]);
    keeping.setRead("https://x.example/a", false);
    expect(keeping.isRead("https://x.example/a")).toBe(false);
    await kept.settled();
    expect(archive.itemState("https://x.example/a").read).toBe(false);
  });
});
