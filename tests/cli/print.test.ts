// The commands that work without a terminal, run as a user runs them: the built bin, plain output or JSON.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import stringWidth from "string-width";
import { afterAll, describe, expect, it } from "vitest";
import { readerBin, root } from "../e2e/harness.js";

const SEED = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";
const dir = mkdtempSync(path.join(os.tmpdir(), "reader-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function reader(...args: string[]) {
  return spawnSync(process.execPath, [readerBin, ...args], {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      READER_CONFIG_DIR: path.join(dir, "config"),
      READER_CACHE_DIR: path.join(dir, "cache"),
    },
  });
}

const seedText = readFileSync(path.join(root, "tests/fixtures/seed.txt"), "utf8");
const seedParagraphs = seedText
  .split("\n")
  .filter((l) => l.length > 60 && !l.startsWith("  "))
  .map((l) => l.trim());

describe("reader print", () => {
  it("prints the seed article as JSON with every part of the page", () => {
    const run = reader("--offline", "print", SEED, "--json");
    expect(run.status, run.stderr).toBe(0);
    const article = JSON.parse(run.stdout);
    expect(article.title).toBe("山東:以堅強組織領導確保取得實效");
    expect(article.breadcrumb.map((b: { title: string }) => b.title)).toEqual([
      "人民網",
      "山東頻道",
      "中國共產黨新聞網山東分網",
      "學習貫徹習近平新時代中國特色社會主義思想主題教育",
    ]);
    expect(new Date(article.published).toISOString()).toBe("2023-09-18T00:40:00.000Z");
    expect(article.source).toBe("大眾報業·大眾日報");
    expect(article.editors).toEqual(["聶俊穹", "劉穎婕"]);
    expect(article.body.map((b: { text: string }) => b.text)).toEqual(seedParagraphs);
    expect(article.recommended).toHaveLength(5);
    expect(article.recommended[0]).toMatchObject({ title: "山東省委常委會召開會議" });
    expect(article.recommended[0].summary).toMatch(/^9月10日上午/);
  });

  it("lays the article out for the width: no line wider, none starting with closing punctuation", () => {
    for (const width of [20, 33, 80]) {
      const run = reader("--offline", "print", SEED, "--width", String(width));
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout.split("\n");
      for (const line of lines) {
        expect(stringWidth(line)).toBeLessThanOrEqual(width);
        expect(line).not.toMatch(/^[、，。．；：！？）」』】〕〉》”’,.;:!?)\]}]/);
      }
      const text = lines.join("");
      expect(text).toContain("以堅強組織領導確保取得實效,必須嚴格落實責任");
    }
  });

  it("reads a plain-text file of paragraphs, and --ambiguous wide narrows lines with “quotes”", () => {
    const file = path.join(dir, "note.txt");
    writeFileSync(file, "第一段，“引號”與……省略號。\n\n第二段：2023年09月18日08:40，43%。\n");
    const narrow = reader("print", file, "--width", "12");
    expect(narrow.status, narrow.stderr).toBe(0);
    expect(narrow.stdout.replace(/\s/g, "")).toBe(
      "第一段，“引號”與……省略號。第二段：2023年09月18日08:40，43%。",
    );
    const wide = reader("--ambiguous", "wide", "print", file, "--width", "12");
    for (const line of wide.stdout.trimEnd().split("\n")) {
      expect(stringWidth(line, { ambiguousIsNarrow: false })).toBeLessThanOrEqual(12);
    }
  });

  it("breaks Korean at spaces by default, and also inside words with --korean normal", () => {
    const file = path.join(dir, "ko.txt");
    const text = "서울시는 올해 대중교통 이용객이 1,250만 명을 넘었다고 밝혔다.";
    writeFileSync(file, `${text}\n`);
    const words = new Set(text.split(" "));
    const keepAll = reader("--indent", "none", "print", file, "--width", "14");
    expect(keepAll.status, keepAll.stderr).toBe(0);
    for (const line of keepAll.stdout.trimEnd().split("\n")) {
      for (const word of line.split(" ")) expect(words.has(word)).toBe(true);
    }
    const normal = reader("--indent", "none", "--korean", "normal", "print", file, "--width", "14");
    const cut = normal.stdout
      .trimEnd()
      .split("\n")
      .some((line) => line.split(" ").some((word) => !words.has(word)));
    expect(cut).toBe(true);
  });

  it("decodes a GBK page file that names its charset only in <meta>", () => {
    const html =
      '<html><head><meta http-equiv="content-type" content="text/html;charset=GB2312"/><title>測試</title></head>' +
      '<body><div class="layout rm_txt cf"><div class="col col-1"><h1>济南泉水节开幕</h1>' +
      '<div class="rm_txt_con cf"><p>　　第十届济南泉水节今天开幕，游客可以在趵突泉边品茶听曲。</p></div></div></div></body></html>';
    const file = path.join(dir, "gbk.html");
    writeFileSync(file, iconv.encode(html, "gbk"));
    const run = reader("print", file, "--json");
    expect(run.status, run.stderr).toBe(0);
    const article = JSON.parse(run.stdout);
    expect(article.title).toBe("济南泉水节开幕");
    expect(article.body[0].text).toBe("第十届济南泉水节今天开幕，游客可以在趵突泉边品茶听曲。");
  });

  it("labels a Japanese or Korean page in its own language, not in Chinese", () => {
    const ja = reader("print", path.join(root, "tests/fixtures/pages/ja-news.html"), "--width", "60");
    expect(ja.status, ja.stderr).toBe(0);
    expect(ja.stdout).toContain("| 出典:例示新聞デジタル");
    const ko = reader("print", path.join(root, "tests/fixtures/pages/ko-news.html"), "--width", "60");
    expect(ko.status, ko.stderr).toBe(0);
    expect(ko.stdout).toContain("| 출처: ");
    for (const run of [ja, ko]) expect(run.stdout).not.toMatch(/來源|来源|推薦閱讀|推荐阅读/);
  });

  it("fails with a clear one-line message for a missing file and a bad width", () => {
    const missing = reader("print", path.join(dir, "nope.html"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.html/);
    const badWidth = reader("print", SEED, "--width", "zero");
    expect(badWidth.status).toBe(2);
    expect(badWidth.stderr).toMatch(/--width/);
  });
});

describe("reader channels and reader list", () => {
  it("lists the sample channels first, 山東頻道 at the top", () => {
    const run = reader("--offline", "channels", "--json");
    expect(run.status, run.stderr).toBe(0);
    const channels = JSON.parse(run.stdout);
    expect(channels[0]).toMatchObject({ id: "sample-shandong", title: "山東頻道" });
    expect(channels.length).toBeGreaterThanOrEqual(4);
  });

  it("lists a channel's articles with dates, sources and summaries", () => {
    const run = reader("--offline", "list", "sample-shandong", "--json");
    expect(run.status, run.stderr).toBe(0);
    const items = JSON.parse(run.stdout);
    const seed = items.find((i: { url: string }) => i.url === SEED);
    expect(seed).toMatchObject({ title: "山東:以堅強組織領導確保取得實效" });
    expect(new Date(seed.published).toISOString()).toBe("2023-09-18T00:40:00.000Z");
    expect(seed.source).toMatch(/大眾/);
    for (const item of items) expect(item.title.length).toBeGreaterThan(0);
  });

  it("calls an unknown command a usage error, not an article to open", () => {
    const run = reader("prnt");
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown command.*prnt/);
  });

  it("reorders sources with `reader move`, and says so when the steps make no sense", () => {
    const env = { READER_CONFIG_DIR: path.join(dir, "move-config") };
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [readerBin, ...args], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, ...env },
      });
    expect(run("move", "sample-korean", "up").status).toBe(0);
    expect(run("move", "sample-shandong", "2").status).toBe(0);
    const ids = JSON.parse(run("sources", "--json").stdout).map((c: { id: string }) => c.id);
    expect(ids.slice(0, 4)).toEqual(["sample-yaowen", "sample-korean", "sample-shandong", "sample-japanese"]);
    const bad = run("move", "sample-korean", "sideways");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/steps must be/);
  });

  it("says which channel is unknown", () => {
    const run = reader("--offline", "list", "no-such-channel");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no-such-channel/);
  });
});

describe("what the command line refuses, in one line", () => {
  const oneLine = (run: ReturnType<typeof reader>) => run.stderr.trim().split("\n");

  it("`print` of a program or other binary file: exit 1, no bytes of it printed", () => {
    const run = reader("print", process.execPath);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(oneLine(run)).toEqual([`reader: ${process.execPath} is a binary file, not an article`]);
  });

  it("`print` of JSON or markdown it cannot read: exit 1", () => {
    const json = reader("print", path.join(root, "package.json"));
    expect(json.status).toBe(1);
    expect(oneLine(json)).toEqual([expect.stringMatching(/is JSON, not an article$/)]);
    const markdown = path.join(dir, "notes.md");
    writeFileSync(markdown, "# Notes\n\n```\ncode\n```\n");
    const md = reader("print", markdown);
    expect(md.status).toBe(1);
    expect(oneLine(md)).toEqual([expect.stringMatching(/^reader: no article text found in .*notes\.md/)]);
  });

  it("`print` of a feed file says to list it", () => {
    const feed = path.join(root, "sample-site/rss/shandong.xml");
    const run = reader("print", feed);
    expect(run.status).toBe(1);
    expect(oneLine(run)).toEqual([`reader: ${feed} is a feed: reader list ${feed}`]);
  });

  it("`print --width` narrower than the widest character is a usage error", () => {
    const run = reader("--offline", "print", SEED, "--width", "1");
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(oneLine(run)).toEqual([
      expect.stringMatching(/--width 1 is narrower than a character .*2 columns/),
    ]);
  });

  it("`print http://` and `print ftp://x` say what is wrong with the address", () => {
    expect(oneLine(reader("print", "http://"))).toEqual([
      "reader: http:// is not a complete web address (no host name)",
    ]);
    expect(oneLine(reader("print", "ftp://x"))).toEqual([
      "reader: cannot read ftp://x: only http:// and https:// addresses are read",
    ]);
  });

  it("an unknown command suggests the nearest one", () => {
    const run = reader("prnt", "x");
    expect(run.status).toBe(2);
    expect(oneLine(run)).toEqual([expect.stringContaining("did you mean `reader print`?")]);
  });

  it("a usage error says what is wrong and which help to read, without the whole help after it", () => {
    for (const [args, help] of [
      [["--bogus"], "reader --help"],
      [["print"], "reader print --help"],
      [["list", "x", "--width"], "reader list --help"],
      [["config", "set", "--zz"], "reader config set --help"],
    ] as const) {
      const run = reader(...args);
      expect(run.status, args.join(" ")).toBe(2);
      expect(oneLine(run), args.join(" ")).toEqual([expect.stringMatching(/^error: /), `(see \`${help}\`)`]);
    }
  });

  it("`import` of a missing file is one line", () => {
    const run = reader("import", path.join(dir, "missing.opml"));
    expect(run.status).toBe(1);
    expect(oneLine(run)).toEqual([`reader: cannot read ${path.join(dir, "missing.opml")}: no such file`]);
  });

  it("`sources` aligns its columns by display width", () => {
    const run = reader("sources");
    const rows = run.stdout.trim().split("\n");
    const urlColumns = rows.map((row) => stringWidth(row.slice(0, row.indexOf("http"))));
    expect(new Set(urlColumns).size).toBe(1);
  });

  it("`list` to a pipe is not cut to 80 columns", () => {
    const run = reader("--offline", "list", "山東頻道");
    expect(run.stdout).toContain("「鋼鐵駝隊」跑出加速度  人民日報");
    expect(run.stdout).not.toContain("…");
  });
});
