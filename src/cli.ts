// The command line: the interface on a terminal, plain output otherwise. Heavy modules (Ink, parsers) are
// imported only by the commands that need them, so start-up stays fast.
import type { Command } from "commander";
import { addGlobalOptions, interfaceArgs, type GlobalOptions } from "./cli-args.js";
import { isSearchChannel, type ArticleRef, type Channel } from "./model.js";
import type { Keeper } from "./sources/library.js";
import { peopleChannels } from "./sources/defaults.js";
import { ReplaySource, sampleSiteDir } from "./sources/replay.js";
import { onLockWait } from "./store/file-lock.js";
import { openStore, type Store } from "./store/store.js";
import { makeLibrary as makeNetworkLibrary } from "./sources/network-library.js";
import type { LayoutOptions } from "./text/wrap.js";
import { sanitizeInline } from "./text/sanitize.js";
import { displayWidth, graphemes, graphemeWidth, loadWidthTables } from "./text/width.js";
import { trace } from "./trace.js";
import { errorText, writeErr, writeJson, writeOut } from "./writer.js";
// The first frame's modules come with the program: imported on demand once the store is open, they took ~4 ms
// longer to reach the screen (measured in a pty, median of 20 start-ups).
import { firstFrame } from "./tui/first-frame.js";
import { withBookmarks } from "./tui/rows.js";
import { logError, openScreen } from "./tui/session.js";

const VERSION = "0.1.0";

trace("cli loaded");

const warned = new Set<string>();
/** Store warnings (a config file moved aside…) reach stderr once, whichever command path opened the store. */
function warnOnce(text: string): void {
  if (warned.has(text)) return;
  warned.add(text);
  writeErr(text);
}

/** Run before the process ends (network connections would keep it alive for seconds). */
const closers: Array<() => Promise<void>> = [];

function fail(message: string, code = 1): never {
  // Messages can quote content (a feed's error text, a URL): never let it reach the terminal raw.
  writeErr(`reader: ${sanitizeInline(message)}\n`);
  process.exit(code);
}

/** An archive write that failed (disk full, held by another reader): the debug log, reading goes on. */
function logArchiveError(error: unknown): void {
  logError(error);
}

function makeLibrary(offline: boolean, keep?: Keeper) {
  return makeNetworkLibrary({ offline, ...(keep ? { keep } : {}) }).then((library) => {
    closers.push(() => library.close());
    return library;
  });
}

/** The store and the layout settings (command-line flags over saved settings). */
function storeContext(options: GlobalOptions, warnOnStderr = true) {
  const store = openDefaultStore();
  // The interface shows them itself (printed before its screen, they would never be seen).
  if (warnOnStderr) for (const warning of store.warnings) warnOnce(`reader: ${warning}\n`);
  const settings = store.settings();
  const layout: LayoutOptions = {
    ambiguous: options.ambiguous ?? settings.ambiguousWidth,
    kinsoku: options.kinsoku ?? settings.kinsoku,
    indent: options.indent ?? settings.indent,
    korean: options.korean ?? settings.korean,
    ruby: options.ruby ?? settings.ruby,
  };
  return { store, layout, settings, offline: options.offline ?? false };
}

async function context(program: Command, options: { keep?: boolean } = {}) {
  const base = storeContext(program.opts<GlobalOptions>());
  const keep = options.keep ? keptArchive(base.store) : undefined;
  return { ...base, library: await makeLibrary(base.offline, keep), channels: base.store.channels() };
}

/**
 * The archive for a command that reads articles or lists: what it fetches is kept (readable offline, found by
 * `reader search`), and a page it cannot have is read from there. Opened only when first used; its writes end
 * before the process.
 */
function keptArchive(store: Store): Keeper {
  let opened: Promise<import("./store/kept.js").KeptArchive> | undefined;
  const kept = () =>
    (opened ??= import("./store/kept.js").then(
      ({ KeptArchive }) => new KeptArchive(store, { onError: logArchiveError }),
    ));
  // Its writes end before the process does.
  closers.push(async () => {
    if (opened) await (await opened).close();
  });
  // The sample site is always there to read: only a page from the network is worth loading the database for
  // (~100–200 ms on a loaded machine).
  const sample = new ReplaySource(sampleSiteDir());
  return {
    // A list read from the command line is kept as the interface keeps it: search finds its items.
    keepItems: (channel, items, unchanged) => {
      if (!sample.handles(channel.url))
        void kept().then((archive) => archive.keepItems(channel, items, unchanged));
    },
    keepArticle: (url, article, validators) => {
      if (!sample.handles(url)) void kept().then((archive) => archive.keepArticle(url, article, validators));
    },
    keptArticle: async (url) => (await kept()).keptArticle(url),
    room: async () => {
      if (opened) await (await opened).room();
    },
  };
}

/** The built-in channels: the bundled sample site's, then 人民網's. */
function builtinChannels(): Channel[] {
  return [...new ReplaySource(sampleSiteDir()).channels(), ...peopleChannels];
}

function openDefaultStore() {
  // A write waiting for another reader process (one stopped with Ctrl-Z holds its lock) says so.
  onLockWait((message) => writeErr(`reader: ${message}\n`));
  return openStore({ builtins: builtinChannels() });
}

function outputWidth(requested: string | undefined): number {
  if (requested !== undefined) {
    const width = Number(requested);
    if (!Number.isInteger(width) || width < 1 || width > 10_000)
      fail(`--width must be a whole number from 1 to 10000`, 2);
    return width;
  }
  return process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 80;
}

/** The widest character of the lines that are wider than `width` (0 when none is). */
function widestCharacter(lines: string[], width: number, ambiguous: LayoutOptions["ambiguous"]): number {
  let widest = 0;
  for (const line of lines) {
    if (displayWidth(line, ambiguous) <= width) continue;
    for (const g of graphemes(line)) widest = Math.max(widest, graphemeWidth(g, ambiguous));
  }
  return widest;
}

/** The name closest to a mistyped one (at most two edits away, or one for short names), if any. */
export function nearestName(typed: string, names: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(typed.toLowerCase(), name);
    if (distance <= (name.length > 4 ? 2 : 1) && distance < (best?.distance ?? Infinity))
      best = { name, distance };
  }
  return best?.name;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit (`prnit` → `print`). */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      row.push(value);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length] ?? 0;
}

async function savedSearchList(
  store: Store,
  query: string,
): Promise<{ items: ArticleRef[]; warnings: string[] }> {
  const { searchArchive, searchItems } = await import("./commands/search-command.js");
  const warnings: string[] = [];
  const hits = await searchArchive(store, query, 50, (text) => warnings.push(text));
  return { items: searchItems(hits), warnings };
}

function write(lines: string[]): void {
  writeOut(lines.length ? `${lines.join("\n")}\n` : "");
}

/**
 * How long quitting (or a SIGTERM or SIGHUP) may wait for writes to the archive still queued (a list of thousands
 * is ~0.5 s); what is left is kept at the next start.
 */
const QUIT_DRAIN_MS = 2000;

/** The interface: the channel list (or the article at `url`) on the terminal until the user quits. */
async function runInterfaceCommand(url: string | undefined, options: GlobalOptions): Promise<never> {
  // The screen session has its own crash handlers: they restore the terminal first.
  process.off("uncaughtException", onFatal);
  process.off("unhandledRejection", onFatal);
  // The channel list is on screen before Ink, React and the parsers have loaded (~150 ms on a small server).
  const { store: savedStore, layout, settings, offline } = storeContext(options, false);
  trace("store open");
  const session = openScreen();
  const frame = url
    ? undefined
    : firstFrame(
        withBookmarks(savedStore.channels()),
        process.stdout.columns || 80,
        process.stdout.rows || 24,
        layout.ambiguous,
      );
  if (frame) session.paint(frame);
  trace("first frame painted");
  // The archive (kept articles, search) is opened by the interface once it is up; until then writes wait.
  const { KeptArchive } = await import("./store/kept.js");
  const kept = new KeptArchive(savedStore, { onError: logArchiveError });
  const store = kept.storeKeeping();
  const [{ runInterface }, { makeTheme }, library] = await Promise.all([
    import("./tui/run.js"),
    import("./tui/theme.js"),
    makeLibrary(offline, kept),
    loadWidthTables(),
  ]);
  trace("interface loaded");
  const code = await runInterface(
    {
      library,
      store,
      layoutOptions: layout,
      theme: makeTheme(settings.theme),
      ...(url ? { initialUrl: url } : {}),
      archive: kept,
      onQuit: () => store.flush(),
    },
    session,
  );
  // Quit or ended by a signal (SIGTERM, SIGHUP): the terminal is already back to the shell's; a list still being
  // kept is finished first, briefly.
  await kept.drain(QUIT_DRAIN_MS);
  process.exit(code);
}

function buildProgram(
  { Command, Option }: typeof import("commander"),
  { registerStoreCommands }: typeof import("./commands/store-commands.js"),
): Command {
  const program = addGlobalOptions(
    new Command("reader")
      .description("A keyboard-only terminal reader for Chinese, Japanese and Korean news.")
      .version(VERSION),
    Option,
  )
    .exitOverride()
    // Every command but the interface lays text out at once: load the full width tables first. (The interface
    // paints its first frame before they load.)
    .hook("preAction", async (_program, action) => {
      if (action !== program) await loadWidthTables();
    });
  // Commander echoes arguments in its errors ("unknown option '…'"): through the sanitiser like everything else.
  program.configureOutput({ writeErr, writeOut });

  program
    .argument("[url]", "open this article directly (back goes to the channels)")
    // `reader prnt x`: a mistyped command with its argument is reported as the unknown command it is.
    .allowExcessArguments()
    .action(async (url?: string) => {
      if (url !== undefined && !/^https?:\/\//i.test(url)) {
        const near = nearestName(
          url,
          program.commands.map((c) => c.name()),
        );
        fail(
          `unknown command, and not a web address: ${url}${near ? `; did you mean \`reader ${near}\`?` : ""} (see \`reader --help\`)`,
          2,
        );
      }
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        fail(
          "the interface needs a terminal; for plain output try `reader print <url|file>` or `reader --help`",
          2,
        );
      }
      await runInterfaceCommand(url, program.opts<GlobalOptions>());
    });

  program
    .command("print")
    .description("print an article (URL, .html file in any charset, or .txt file) laid out for a width")
    .argument("<target>", "article URL or file")
    .option("-w, --width <columns>", "line width (default: the terminal's, or 80)")
    .option("--json", "print the parsed article as JSON")
    .action(async (target: string, options: { width?: string; json?: boolean }) => {
      const width = outputWidth(options.width);
      const { library, layout } = await context(program, { keep: true });
      const { readArticle, articleJson, articleLines } = await import("./print.js");
      const article = await readArticle(target, library);
      for (const warning of article.warnings) writeErr(`reader: warning: ${warning}\n`);
      if (options.json) return writeJson(articleJson(article));
      const lines = articleLines(article, width, layout);
      const widest = widestCharacter(lines, width, layout.ambiguous);
      if (widest > width)
        fail(`--width ${width} is narrower than a character of the article (${widest} columns wide)`, 2);
      write(lines);
    });

  program
    .command("channels")
    .description("list the channels")
    .option("--json", "print as JSON")
    .action((options: { json?: boolean }) => {
      // Listing needs the saved channels only, not the parsers or the network.
      const channels = storeContext(program.opts<GlobalOptions>()).store.channels();
      if (options.json) {
        writeJson(channels.map(({ id, title, url, origin }) => ({ id, title, url, origin })));
      } else write(channels.map((c) => `${c.id}\t${c.title}\t${c.url}`));
    });

  program
    .command("list")
    .description("list a channel's articles (channel id or title, feed URL, or feed file)")
    .argument("<channel>", "channel id/title, feed URL or file")
    .option("-w, --width <columns>", "line width")
    .option("--json", "print as JSON")
    .action(async (target: string, options: { json?: boolean; width?: string }) => {
      // One line per article: to a pipe (grep, a file) whole, unless a width is asked for.
      const width =
        options.width === undefined && !process.stdout.isTTY ? Infinity : outputWidth(options.width);
      const { library, channels, store } = await context(program, { keep: true });
      const { readList, listJson, listLines } = await import("./print.js");
      const saved = channels.find((c) => isSearchChannel(c) && (c.id === target || c.title === target));
      // A saved search lists what it finds in everything kept.
      const list =
        saved?.query !== undefined
          ? await savedSearchList(store, saved.query)
          : await readList(target, library, channels);
      for (const warning of list.warnings) writeErr(`reader: warning: ${warning}\n`);
      if (options.json) writeJson(listJson(list.items));
      else write(listLines(list.items, width));
    });

  program
    .command("search")
    .description("search the titles and full text of every article kept, offline, newest first")
    .argument("<query...>", "words to find (all of them); CJK words of any length, 简体 and 繁體 alike")
    .option("-w, --width <columns>", "line width")
    .option("-n, --limit <count>", "at most this many results (default 50)")
    .option("--json", "print as JSON")
    .action(async (words: string[], options: { json?: boolean; width?: string; limit?: string }) => {
      const width = outputWidth(options.width);
      const limit = options.limit === undefined ? 50 : Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) fail("--limit must be a whole number of 1 or more", 2);
      const { store } = storeContext(program.opts<GlobalOptions>());
      const { searchArchive, searchJson, searchLines } = await import("./commands/search-command.js");
      const hits = await searchArchive(store, words.join(" "), limit, (text) =>
        warnOnce(`reader: ${text}\n`),
      );
      if (options.json) writeJson(searchJson(hits));
      else write(searchLines(hits, width));
    });

  registerStoreCommands(program, openDefaultStore, {
    stdout: writeOut,
    stderr: (text) => (text.startsWith("reader: ") ? warnOnce(text) : writeErr(text)),
    // Only the network is needed here: the command has its store open already.
    resolveFeedUrl: async (url) =>
      (await makeLibrary(program.opts<GlobalOptions>().offline ?? false)).feedToAdd(url),
    clearCache: async (all) => {
      const { HttpCache } = await import("./sources/cache.js");
      const { rm } = await import("node:fs/promises");
      const cache = new HttpCache();
      if (all) await rm(cache.dir, { recursive: true, force: true });
      else await cache.clear();
    },
  });

  pointToHelp(program);
  return program;
}

/**
 * A usage error says what was wrong and where to look (`reader print --help`), rather than printing the whole
 * help after it: 40 lines that push the one line that matters off the screen.
 */
function pointToHelp(command: Command, name = command.name()): void {
  command.showHelpAfterError(`(see \`${name} --help\`)`);
  for (const sub of command.commands) pointToHelp(sub, `${name} ${sub.name()}`);
}

/** `reader [options] [url]` on a terminal goes straight to the interface; everything else through commander. */
async function run(): Promise<void> {
  const plain =
    process.stdin.isTTY && process.stdout.isTTY ? interfaceArgs(process.argv.slice(2)) : undefined;
  if (plain) return runInterfaceCommand(plain.url, plain.options);
  const [commander, storeCommands] = await Promise.all([
    import("commander"),
    import("./commands/store-commands.js"),
  ]);
  try {
    await buildProgram(commander, storeCommands).parseAsync(process.argv);
  } catch (error) {
    if (error instanceof commander.CommanderError) process.exit(storeCommands.exitCodeOf(error));
    throw error;
  }
}

/** An error nothing caught: one sanitised line (Node's own report would print its message raw). */
function onFatal(error: unknown): void {
  if (process.env["READER_DEBUG"] && error instanceof Error) writeErr(`${error.stack}\n`);
  fail(errorText(error));
}

async function main(): Promise<void> {
  process.on("uncaughtException", onFatal);
  process.on("unhandledRejection", onFatal);
  // `reader list x | head`: a closed pipe ends the output quietly, not with a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  try {
    await run();
    await Promise.all(closers.map((close) => close().catch(() => undefined)));
  } catch (error) {
    onFatal(error);
  }
}

await main();
