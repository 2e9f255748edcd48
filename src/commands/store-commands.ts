// `reader sources|add|remove|rename|import|export|config|bookmarks|cache`: the store from the command line.
// Exit codes: 0 ok, 1 failure (a file that cannot be read or written, an unknown id), 2 usage (a bad key or
// value). Errors go through commander's `command.error`, so the program's exitOverride/configureOutput apply.
import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError } from "commander";
import { isSearchChannel, ReaderError } from "../model.js";
import { sanitizeInline } from "../text/sanitize.js";
import { jsonText, writeErr, writeOut } from "../writer.js";
import { displayWidth, padToWidth } from "../text/width.js";
import { effectiveKeys, keymapProblems } from "../tui/keymap.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import { cacheDir } from "../store/paths.js";
import {
  describeSetting,
  formatSettingValue,
  isCommandName,
  isSettingKey,
  parseKeyList,
  parseSettingValue,
  SETTING_KEYS,
} from "../store/settings.js";
import type { Store } from "../store/store.js";

export interface StoreCommandDeps {
  /** Finds the feed of a web page (`<link rel=alternate>`); given by the network layer. */
  /** `pending`: there was no network, and the channel is added as typed (see Library.feedToAdd). */
  resolveFeedUrl?: (
    url: string,
  ) => Promise<{ url: string; title?: string; pending?: string; reason?: string }>;
  /** Empties the HTTP cache; `all` also drops pages kept for bookmarks. Default: cacheDir() contents. */
  clearCache?: (all: boolean) => Promise<void>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Exit code for an error thrown by commander under exitOverride: its own usage errors count as usage (2). */
export function exitCodeOf(error: CommanderError): number {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
  if (error.code.startsWith("commander.") && error.code !== "commander.error") return EXIT_USAGE;
  return error.exitCode;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function defaultClearCache(all: boolean): Promise<void> {
  const dir = cacheDir();
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return; // nothing cached yet
  }
  await Promise.all(
    names
      .filter((name) => all || name !== "http")
      .map((name) => fs.promises.rm(path.join(dir, name), { recursive: true, force: true })),
  );
  if (!all) {
    // Pages of bookmarked articles are pinned in the HTTP cache; its own clear keeps them.
    const { HttpCache } = await import("../sources/cache.js");
    await new HttpCache().clear();
  }
}

export function registerStoreCommands(
  program: Command,
  open: () => Store,
  deps: StoreCommandDeps = {},
): void {
  const out = deps.stdout ?? writeOut;
  const err = deps.stderr ?? writeErr;
  let opened: Store | undefined;
  const store = (): Store => {
    if (!opened) {
      opened = open();
      for (const warning of opened.warnings) err(`reader: ${warning}\n`);
    }
    return opened;
  };
  /** Runs an action; a ReaderError or file error becomes exit 1 with its message. */
  const run =
    <A extends unknown[]>(command: Command, action: (...args: A) => void | Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        await action(...args);
      } catch (error) {
        if (error instanceof CommanderError) throw error;
        // A failure is not a usage mistake: the command's help would only bury the message.
        command.showHelpAfterError(false);
        command.error(`reader: ${messageOf(error)}`, { exitCode: EXIT_FAILURE, code: "reader.failure" });
      }
    };
  const usage = (command: Command, message: string): never =>
    command.error(`reader: ${message}`, { exitCode: EXIT_USAGE, code: "reader.usage" });

  const sources = program
    .command("sources")
    .description("list your sources (channels) in order")
    .option("--json", "print JSON");
  sources.action(
    run(sources, (options: { json?: boolean }) => {
      const channels = store().channels();
      if (options.json) return out(jsonText(channels));
      // Columns by display width: a CJK title takes two columns a character.
      const idWidth = Math.max(0, ...channels.map((c) => displayWidth(c.id)));
      const titleWidth = Math.max(0, ...channels.map((c) => displayWidth(c.title)));
      for (const c of channels) {
        const where = isSearchChannel(c) ? `search: ${c.query}` : c.url;
        out(
          `${padToWidth(c.id, idWidth)}  ${padToWidth(c.title, titleWidth)}  ${where}${c.folder ? `  [${c.folder}]` : ""}\n`,
        );
      }
    }),
  );

  const add = program
    .command("add")
    .description("add a feed (or a page that names its feed) to your sources, or save a search as one")
    .argument("[url]", "feed URL, or a web page with <link rel=alternate>")
    .option("--name <name>", "the name to show (default: the feed's title or host)")
    .option("--folder <folder>", 'file it under a folder ("News/Asia" nests)')
    .option(
      "--search <words>",
      "save a search of everything kept as a channel (its list: what the words find, newest first)",
    );
  add.action(
    run(
      add,
      async (url: string | undefined, options: { name?: string; folder?: string; search?: string }) => {
        if (options.search !== undefined) {
          if (url !== undefined) usage(add, "give a URL or --search, not both");
          const channel = store().addSearch(options.search, options.name, options.folder);
          return out(`Added ${channel.id}: ${channel.title} (a saved search)\n`);
        }
        if (url === undefined) return usage(add, "give a feed URL, or --search <words> to save a search");
        let feedUrl = url;
        let name = options.name;
        let pending: string | undefined;
        let reason: string | undefined;
        if (deps.resolveFeedUrl) {
          const found = await deps.resolveFeedUrl(url);
          feedUrl = found.url;
          name ??= found.title;
          pending = found.pending;
          reason = found.reason;
        }
        const channel = store().addChannel(feedUrl, name, options.folder, pending);
        out(
          `Added ${channel.id}: ${channel.title} ${channel.url}${pending === undefined ? "" : ` (${reason === undefined ? "offline" : sanitizeInline(reason)}: its feed is looked for at the next refresh with a network; reader remove ${channel.id} removes it)`}\n`,
        );
      },
    ),
  );

  const remove = program
    .command("remove")
    .description("remove a source")
    .argument("<id>", "the source's id (see `reader sources`)");
  remove.action(
    run(remove, (id: string) => {
      const channel = store()
        .channels()
        .find((c) => c.id === id);
      store().removeChannel(id);
      out(`Removed ${id}${channel ? ` (${channel.title})` : ""}\n`);
    }),
  );

  const rename = program
    .command("rename")
    .description("rename a source")
    .argument("<id>", "the source's id (see `reader sources`)")
    .argument("<name>", "the new name");
  rename.action(
    run(rename, (id: string, name: string) => {
      store().renameChannel(id, name);
      out(`Renamed ${id} to ${sanitizeInline(name)}\n`);
    }),
  );

  const move = program
    .command("move")
    .description("move a source up or down the list (the order the interface shows)")
    .argument("<id>", "the source's id (see `reader sources`)")
    .argument("<steps>", "how far: up, down, or a number (negative moves up)");
  move.action(
    run(move, (id: string, steps: string) => {
      const delta = steps === "up" ? -1 : steps === "down" ? 1 : Number(steps);
      if (!Number.isInteger(delta) || delta === 0) {
        usage(move, `steps must be up, down or a whole number other than 0, not ${sanitizeInline(steps)}`);
      }
      store().moveChannel(id, delta);
      const position = store()
        .channels()
        .findIndex((c) => c.id === id);
      out(`Moved ${id} to position ${position + 1}\n`);
    }),
  );

  const importCommand = program
    .command("import")
    .description("add the feeds of an OPML file (newsboat and other readers' exports; folders kept)")
    .argument("<file>", "an .opml file");
  importCommand.action(
    run(importCommand, async (file: string) => {
      const { readLocalFile } = await import("../sources/local-file.js");
      const local = await readLocalFile(file);
      if (local.cut) err(`reader: ${local.cut}\n`);
      const xml = new TextDecoder().decode(local.body);
      // The XML parser is loaded by the two commands that need it, not at every start.
      const { importOpml } = await import("../store/opml.js");
      const { channels, warnings } = importOpml(xml);
      for (const warning of warnings) err(`reader: ${warning}\n`);
      if (channels.length === 0 && warnings.length > 0 && !/<opml/i.test(xml))
        throw new ReaderError(`${file} is not an OPML file`);
      // One locked write for the whole file, however many feeds it has.
      const { added, present, refused } = store().addChannels(channels);
      for (const reason of refused) err(`reader: skipped: ${reason}\n`);
      const count = added.length;
      out(`Imported ${count} source${count === 1 ? "" : "s"} (${present} already present)\n`);
    }),
  );

  const exportCommand = program
    .command("export")
    .description("write your sources as OPML 2.0 (to a file, or to standard output)")
    .argument("[file]", "where to write; standard output if omitted");
  exportCommand.action(
    run(exportCommand, async (file: string | undefined) => {
      // The bundled sample site has no URL another reader could fetch.
      const channels = store()
        .channels()
        .filter((c) => c.origin !== "sample" && /^https?:/.test(c.url));
      const { exportOpml } = await import("../store/opml.js");
      const xml = exportOpml(channels);
      if (!file) return out(xml);
      writeFileAtomic(path.resolve(file), xml);
      out(`Exported ${channels.length} source${channels.length === 1 ? "" : "s"} to ${file}\n`);
    }),
  );

  const config = program.command("config").description("show or change settings");
  const settingsHelp = SETTING_KEYS.map((key) => `  ${key.padEnd(15)} ${describeSetting(key)}`).join("\n");
  config.addHelpText("after", `\nSettings:\n${settingsHelp}`);
  const list = config.command("list").description("show every setting");
  list.action(
    run(list, () => {
      const settings = store().settings();
      for (const key of SETTING_KEYS) out(`${key} = ${formatSettingValue(settings[key])}\n`);
    }),
  );
  const get = config.command("get").description("show one setting").argument("<key>", "a setting name");
  get.action(
    run(get, (key: string) => {
      const settings = store().settings();
      const [head, command] = key.split(/\.(.*)/s);
      if (head === "keys" && command !== undefined) {
        const keys = effectiveKeys(command, settings.keys);
        if (!keys) return usage(get, `"${sanitizeInline(command)}" is not a command`);
        return out(`${keys.join(",")}\n`);
      }
      if (!isSettingKey(key))
        usage(get, `unknown setting "${sanitizeInline(key)}"; one of: ${SETTING_KEYS.join(", ")}`);
      else out(`${formatSettingValue(settings[key])}\n`);
    }),
  );
  const set = config
    .command("set")
    .description("change one setting")
    .argument("<key>", "a setting name, or keys.<command>")
    .argument("<value>", "the new value")
    .addHelpText("after", `\nSettings:\n${settingsHelp}`);
  set.action(
    run(set, (key: string, value: string) => {
      const [head, command] = key.split(/\.(.*)/s);
      if (head === "keys" && command !== undefined) {
        if (!isCommandName(command)) usage(set, `"${sanitizeInline(command)}" is not a command name`);
        const keys = { ...store().settings().keys };
        const list = parseKeyList(value);
        if (list.length > 0) keys[command] = list;
        else delete keys[command];
        // Refused, not saved, when it would make a key do two things or name no command.
        const problems = keymapProblems(keys);
        if (problems.length > 0) return usage(set, sanitizeInline(problems.join("; ")));
        store().setSetting("keys", keys);
        return out(`keys.${command} = ${list.join(",") || "(default)"}\n`);
      }
      if (!isSettingKey(key))
        return usage(set, `unknown setting "${sanitizeInline(key)}"; one of: ${SETTING_KEYS.join(", ")}`);
      const parsed = parseSettingValue(key, value);
      if (!parsed.ok) return usage(set, parsed.message);
      store().setSetting(key, parsed.value);
      out(`${key} = ${formatSettingValue(parsed.value)}\n`);
    }),
  );

  const bookmarks = program
    .command("bookmarks")
    .description("list your bookmarked articles")
    .option("--json", "print JSON");
  bookmarks.action(
    run(bookmarks, async (options: { json?: boolean }) => {
      const list = store().bookmarks();
      if (options.json) return out(jsonText(list));
      if (list.length === 0) return out("No bookmarks yet (press s on an article).\n");
      const { formatLocalTime } = await import("../text/article.js");
      for (const b of list)
        // (the day in the reader's zone: the stored instant's first ten characters are its day in UTC)
        out(`${b.title}\n  ${b.url}${b.published ? `  ${formatLocalTime(b.published).slice(0, 10)}` : ""}\n`);
    }),
  );

  const cache = program.command("cache").description("manage the cache of downloaded pages");
  const clear = cache
    .command("clear")
    .description("delete cached pages (pages of bookmarked articles are kept unless --all)")
    .option("--all", "also delete the pages kept for bookmarks");
  clear.action(
    run(clear, async (options: { all?: boolean }) => {
      await (deps.clearCache ?? defaultClearCache)(options.all === true);
      out(
        `Cleared ${options.all ? "the whole cache" : "the cache (bookmarked pages kept)"} in ${cacheDir()}\n`,
      );
    }),
  );
}
