import { Command, CommanderError } from "commander";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  exitCodeOf,
  registerStoreCommands,
  type StoreCommandDeps,
} from "../../src/commands/store-commands.js";
import type { Channel } from "../../src/model.js";
import { importOpml } from "../../src/store/opml.js";
import { openStore } from "../../src/store/store.js";

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
const fixtures = path.join(import.meta.dirname, "..", "fixtures", "opml");

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "reader-cmd-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `reader <args>` in-process, as cli.ts would, and returns its exit code and output. */
async function reader(args: string[], deps: StoreCommandDeps = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const program = new Command("reader")
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  registerStoreCommands(program, () => openStore({ builtins: BUILTINS, dir: path.join(dir, "config") }), {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    ...deps,
  });
  try {
    await program.parseAsync(args, { from: "user" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: exitCodeOf(error), stdout, stderr };
    throw error;
  }
}

describe("reader sources / add / rename / remove", () => {
  it("lists the builtins, then the changes made", async () => {
    // Columns by display width: 時政（樣本） takes 12 columns, 人民網 時政 11.
    expect((await reader(["sources"])).stdout).toBe(
      "sample-politics  時政（樣本）  sample:politics\npeople-politics  人民網 時政   http://www.people.com.cn/rss/politics.xml\n",
    );
    const added = await reader([
      "add",
      "https://www3.nhk.or.jp/rss/news/cat0.xml",
      "--name",
      "NHK",
      "--folder",
      "日本",
    ]);
    expect(added).toEqual({
      code: 0,
      stdout: "Added nhk: NHK https://www3.nhk.or.jp/rss/news/cat0.xml\n",
      stderr: "",
    });
    expect((await reader(["rename", "nhk", "ＮＨＫ ニュース"])).stdout).toBe(
      "Renamed nhk to ＮＨＫ ニュース\n",
    );
    expect((await reader(["remove", "sample-politics"])).stdout).toBe(
      "Removed sample-politics (時政（樣本）)\n",
    );
    const json = JSON.parse((await reader(["sources", "--json"])).stdout) as Channel[];
    expect(json.map((c) => [c.id, c.title, c.folder])).toEqual([
      ["people-politics", "人民網 時政", undefined],
      ["nhk", "ＮＨＫ ニュース", "日本"],
    ]);
  });

  it("add uses the feed a page names when the network layer resolves it", async () => {
    const run = await reader(["add", "https://example.com/news/"], {
      resolveFeedUrl: async (url) => ({ url: `${url}feed.xml`, title: "Example News" }),
    });
    expect(run.stdout).toBe("Added example-news: Example News https://example.com/news/feed.xml\n");
  });

  it("fails with exit 1 and a message for a duplicate, a non-URL or an unknown id", async () => {
    expect(await reader(["add", "http://www.people.com.cn/rss/politics.xml"])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/already in your sources as "people-politics"/),
    });
    expect((await reader(["add", "ftp://x"])).code).toBe(1);
    const unknown = await reader(["remove", "nope"]);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringMatching(/No source with id "nope"/) });
    expect(unknown.stderr).not.toMatch(/Usage:/);
  });

  it("add --search saves a search as a channel that later runs see, refuses it twice, and remove takes it away", async () => {
    const added = await reader(["add", "--search", "台風"]);
    expect(added).toEqual({ code: 0, stdout: "Added search: 搜尋「台風」 (a saved search)\n", stderr: "" });
    expect((await reader(["add", "--search", "AI 教育", "--name", "AI in schools"])).stdout).toBe(
      "Added ai-in-schools: AI in schools (a saved search)\n",
    );
    // Saved in channels.json, in the list's order, and shown by its words.
    const saved = JSON.parse(fs.readFileSync(path.join(dir, "config", "channels.json"), "utf8")) as {
      channels: Channel[];
    };
    expect(saved.channels.map((c) => [c.id, c.query])).toContainEqual(["search", "台風"]);
    const listed = (await reader(["sources"])).stdout.split("\n");
    expect(listed).toContainEqual(expect.stringMatching(/^search +搜尋「台風」 +search: 台風$/));
    expect(await reader(["add", "--search", " 台風 "])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/"台風" is already saved as "search"/),
    });
    expect((await reader(["add", "--search", "  "])).code).toBe(1);
    expect((await reader(["add", "http://example.com/feed", "--search", "x"])).code).toBe(2);
    expect((await reader(["remove", "search"])).stdout).toBe("Removed search (搜尋「台風」)\n");
    const json = JSON.parse((await reader(["sources", "--json"])).stdout) as Channel[];
    expect(json.map((c) => c.id)).toEqual(["sample-politics", "people-politics", "ai-in-schools"]);
  });

  it("a missing argument or unknown option is a usage error (exit 2)", async () => {
    expect((await reader(["add"])).code).toBe(2);
    expect((await reader(["sources", "--bogus"])).code).toBe(2);
  });

  it("each command has --help", async () => {
    for (const command of ["sources", "add", "remove", "rename", "import", "export", "bookmarks"]) {
      const run = await reader([command, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`Usage: reader ${command}`));
    }
    const config = await reader(["config", "set", "--help"]);
    expect(config.stdout).toMatch(/readingWidth\s+text column width/);
    expect((await reader(["cache", "clear", "--help"])).stdout).toMatch(/--all/);
  });
});

describe("reader import / export", () => {
  it("imports newsboat's OPML, then skips what is already there", async () => {
    const file = path.join(fixtures, "newsboat.opml");
    const first = await reader(["import", file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("Imported 2 sources (1 already present)\n");
    expect(first.stderr).toMatch(/query:Unread/);
    expect((await reader(["import", file])).stdout).toBe("Imported 0 sources (3 already present)\n");
  });

  it("exports what import read, folders included (round trip through the store)", async () => {
    await reader(["remove", "people-politics"]);
    await reader(["import", path.join(fixtures, "nested-folders.opml")]);
    const out = path.join(dir, "out.opml");
    expect((await reader(["export", out])).stdout).toBe(`Exported 5 sources to ${out}\n`);
    const original = importOpml(fs.readFileSync(path.join(fixtures, "nested-folders.opml"), "utf8")).channels;
    const back = importOpml(fs.readFileSync(out, "utf8")).channels;
    const essentials = (list: Channel[]) => list.map(({ title, url, folder }) => ({ title, url, folder }));
    expect(essentials(back)).toEqual(essentials(original));
    const withoutDate = (xml: string) => xml.replace(/<dateCreated>.*<\/dateCreated>/, "");
    expect(withoutDate((await reader(["export"])).stdout)).toBe(withoutDate(fs.readFileSync(out, "utf8")));
  });

  it("a missing file fails with exit 1", async () => {
    expect(await reader(["import", path.join(dir, "nope.opml")])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/ENOENT|no such file/),
    });
  });
});

describe("reader config", () => {
  it("lists, gets and sets settings, which later runs see", async () => {
    expect((await reader(["config", "list"])).stdout).toMatch(
      /^ambiguousWidth = narrow\n.*readingWidth = full\n/s,
    );
    expect((await reader(["config", "set", "readingWidth", "72"])).stdout).toBe("readingWidth = 72\n");
    expect((await reader(["config", "get", "readingWidth"])).stdout).toBe("72\n");
    expect((await reader(["config", "set", "readingWidth", "full"])).stdout).toBe("readingWidth = full\n");
    await reader(["config", "set", "keys.open", "enter, l"]);
    expect((await reader(["config", "get", "keys.open"])).stdout).toBe("enter,l\n");
    expect((await reader(["config", "get", "keys"])).stdout).toBe('{"open":["enter","l"]}\n');
  });

  it("cannot lock a user out: a key of two commands or an unknown command is refused, naming it", async () => {
    const clash = await reader(["config", "set", "keys.quit", "q,j"]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/j would be the key of both down and quit/);
    const unknown = await reader(["config", "set", "keys.qiut", "x"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/"qiut" is not a command; the commands: up, down/);
    const ctrlC = await reader(["config", "set", "keys.down", "ctrl-c"]);
    expect(ctrlC.code).toBe(2);
    expect(ctrlC.stderr).toMatch(/ctrl-c always quits/);
    // Nothing refused was saved; the keys in effect are printed, defaults included.
    expect((await reader(["config", "get", "keys.quit"])).stdout).toBe("q,ctrl-c\n");
    await reader(["config", "set", "keys.quit", "x"]);
    expect((await reader(["config", "get", "keys.quit"])).stdout).toBe("x,ctrl-c\n");
  });

  it("refuses a bad key or value with exit 2 and a message saying what is allowed", async () => {
    const badValue = await reader(["config", "set", "theme", "pink"]);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/theme: "pink" is not one of auto, dark, light, mono/);
    const badKey = await reader(["config", "get", "colour"]);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/unknown setting "colour"; one of: ambiguousWidth/);
    expect((await reader(["config", "set", "readingWidth", "5"])).code).toBe(2);
    expect((await reader(["config", "get", "theme"])).stdout).toBe("auto\n");
  });

  it("reports a broken config file it moved aside, and still works", async () => {
    fs.mkdirSync(path.join(dir, "config"));
    fs.writeFileSync(path.join(dir, "config", "config.json"), "{ hand edited, oops");
    const run = await reader(["config", "get", "theme"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("auto\n");
    expect(run.stderr).toMatch(/config\.json could not be read.*moved to .*config\.json\.corrupt-/);
  });
});

describe("reader bookmarks / cache clear", () => {
  it("lists bookmarks as text and JSON", async () => {
    expect((await reader(["bookmarks"])).stdout).toMatch(/No bookmarks yet/);
    openStore({ builtins: BUILTINS, dir: path.join(dir, "config") }).toggleBookmark({
      title: "兩會 特稿",
      url: "https://example.com/a",
      published: "2024-04-24T01:00:00Z",
    });
    expect((await reader(["bookmarks"])).stdout).toBe("兩會 特稿\n  https://example.com/a  2024-04-24\n");
    expect(JSON.parse((await reader(["bookmarks", "--json"])).stdout)).toEqual([
      expect.objectContaining({ title: "兩會 特稿", url: "https://example.com/a" }),
    ]);
  });

  it("cache clear calls the cache's clear, keeping bookmarked pages unless --all", async () => {
    const calls: boolean[] = [];
    const clearCache = async (all: boolean) => void calls.push(all);
    expect((await reader(["cache", "clear"], { clearCache })).code).toBe(0);
    expect((await reader(["cache", "clear", "--all"], { clearCache })).code).toBe(0);
    expect(calls).toEqual([false, true]);
  });

  it("cache clear by default empties cacheDir() but keeps pinned (bookmarked) pages", async () => {
    const cache = path.join(dir, "cache");
    fs.mkdirSync(path.join(cache, "http"), { recursive: true });
    for (const f of ["http/kept.entry", "http/kept.pin", "http/dropped.entry", "debug.log"])
      fs.writeFileSync(path.join(cache, f), "x");
    const previous = process.env["READER_CACHE_DIR"];
    process.env["READER_CACHE_DIR"] = cache;
    try {
      expect((await reader(["cache", "clear"])).code).toBe(0);
      expect(fs.readdirSync(path.join(cache, "http")).sort()).toEqual(["kept.entry", "kept.pin"]);
      expect(fs.existsSync(path.join(cache, "debug.log"))).toBe(false);
      expect((await reader(["cache", "clear", "--all"])).code).toBe(0);
      expect(fs.readdirSync(cache)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env["READER_CACHE_DIR"];
      else process.env["READER_CACHE_DIR"] = previous;
    }
  });
});
