// The store writes config.json and channels.json without conf, in the layout conf kept (earlier versions of reader
// used it): a file broken by hand meanwhile is refused as conf refused it, and conf reads and extends what is written.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Channel } from "../../src/model.js";
import Conf from "conf";
import { CHANNELS_FILE, CONFIG_FILE, CONFIG_FORMAT_VERSION } from "../../src/store/config-document.js";
import { openStore } from "../../src/store/store.js";

const builtins: Channel[] = [
  { id: "sample-a", title: "A", url: "http://sample.reader.invalid/rss/a.xml", origin: "sample" },
];
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the store, without conf", () => {
  it("refuses a change to a config.json broken by hand while it runs, and leaves the file as it is", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reader-noconf-"));
    dirs.push(dir);
    const store = openStore({ builtins, dir });
    store.setSetting("theme", "dark");
    const file = path.join(dir, "config.json");
    for (const broken of ['{"theme": "dark",', "[1, 2]"]) {
      fs.writeFileSync(file, broken);
      expect(() => store.setSetting("theme", "light")).toThrow(/changed by hand and is no longer valid/);
      expect(fs.readFileSync(file, "utf8")).toBe(broken);
      expect(store.settings().theme).toBe("light");
    }
  });

  it("refuses a change to a file given an invalid value by hand while it runs, and loses nothing saved", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reader-noconf-"));
    dirs.push(dir);
    const store = openStore({ builtins, dir });
    store.setSetting("theme", "dark");
    store.addChannel("http://127.0.0.1:9/feed.xml", "Mine");
    const config = path.join(dir, "config.json");
    const channels = path.join(dir, "channels.json");
    // A key binding mistyped, and a channel's title removed, each in an editor.
    const badKeys = JSON.stringify({ theme: "dark", keys: { next: ["j"], prev: [] } });
    fs.writeFileSync(config, badKeys);
    expect(() => store.setSetting("theme", "light")).toThrow(/changed by hand and is no longer valid.*keys/);
    expect(fs.readFileSync(config, "utf8")).toBe(badKeys);
    const list = JSON.parse(fs.readFileSync(channels, "utf8")) as { channels: Record<string, unknown>[] };
    delete list.channels.find((c) => c["title"] === "Mine")!["title"];
    const badList = JSON.stringify(list);
    fs.writeFileSync(channels, badList);
    expect(() => store.addChannel("http://127.0.0.1:9/other.xml", "Other")).toThrow(/changed by hand/);
    expect(fs.readFileSync(channels, "utf8")).toBe(badList);
  });

  it("saves settings and channels as conf kept them: conf (earlier versions) reads and extends them, and the store reads that back", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reader-noconf-"));
    dirs.push(dir);
    const early = openStore({ builtins, dir });
    early.setSetting("readingWidth", 60);
    early.addChannel("http://127.0.0.1:9/feed.xml", "Early feed");

    const conf = (kind: typeof CONFIG_FILE) =>
      new Conf<Record<string, unknown>>({
        projectName: "reader",
        projectSuffix: "",
        cwd: dir,
        configName: kind.name,
        schema: kind.schema as never,
        ...(kind.migrations ? { projectVersion: CONFIG_FORMAT_VERSION, migrations: {} } : {}),
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
      });
    const settings = conf(CONFIG_FILE);
    expect(settings.get("readingWidth")).toBe(60);
    const list = conf(CHANNELS_FILE).get("channels") as { title: string }[];
    expect(list.map((c) => c.title)).toContain("Early feed");
    settings.set("ambiguousWidth", "wide");

    const later = openStore({ builtins, dir });
    expect(later.settings()).toMatchObject({ readingWidth: 60, ambiguousWidth: "wide" });
    expect(later.channels().map((c) => c.title)).toEqual(["A", "Early feed"]);
    later.setSetting("theme", "dark");
    expect(conf(CONFIG_FILE).store).toMatchObject({
      readingWidth: 60,
      ambiguousWidth: "wide",
      theme: "dark",
    });
  });
});
