// The reader's memory, as the interface and the command line use it: synchronous reads from memory, cheap
// writes that reach the disk at once. Failures to save are StoreWriteError exceptions (the change still
// holds for this session); problems met at open are `warnings`, never exceptions.
import path from "node:path";
import { ReaderError, type ArticleRef, type Channel } from "../model.js";
import { removeStaleTempFiles } from "./atomic-write.js";
import { BookmarkFile, makeBookmark, type Bookmark } from "./bookmark-file.js";
import {
  reconcileBuiltins,
  withChannelAdded,
  withChannelsAdded,
  withChannelMoved,
  type ChannelsAdded,
  type NewChannel,
  withChannelRemoved,
  withChannelRenamed,
  withChannelResolved,
  withSearchAdded,
} from "./channel-list.js";
import { CHANNELS_FILE, ConfigDocument, READ_ONLY_WARNING, type ConfigDoc } from "./config-document.js";
import { Journal, latestByKey, type JournalRecord } from "./journal.js";
import { configDir } from "./paths.js";
import { trace } from "../trace.js";
import { settingsFrom, validateSetting, type Settings } from "./settings.js";

export type { Bookmark } from "./bookmark-file.js";
export type { NewChannel } from "./channel-list.js";
export { StoreWriteError } from "./store-error.js";
export { colorEnabled, type Settings } from "./settings.js";

/** Where reading stopped, independent of the terminal width: a block of the body and a character in it. */
export interface ReadingPosition {
  block: number;
  offset: number;
}

export interface Store {
  /** Problems met at open (a config file moved aside, a read-only directory): show them to the user. */
  readonly warnings: string[];
  /** The settings directory. */
  readonly dir: string;
  settings(): Settings;
  /** Throws ReaderError for an invalid value, StoreWriteError when it cannot be saved. */
  setSetting<K extends keyof Settings>(key: K, value: Settings[K]): void;
  channels(): Channel[];
  /**
   * Throws ReaderError for a bad or duplicate URL. `pending`: added with no network, the address as typed (its
   * feed looked for later, see resolveChannel).
   */
  addChannel(url: string, name?: string, folder?: string, pending?: string): Channel;
  /** A channel added with no network, saved with the feed found for it (see withChannelResolved). */
  resolveChannel(id: string, found: { url: string; title?: string }): Channel | undefined;
  /** Saves a search as a channel (`reader add --search`). Throws ReaderError for an empty or saved query. */
  addSearch(query: string, name?: string, folder?: string): Channel;
  /**
   * Adds many channels in one locked write (an import): URLs present already are skipped and counted, bad
   * ones refused with a reason. Throws StoreWriteError when it cannot be saved.
   */
  addChannels(entries: readonly NewChannel[]): Omit<ChannelsAdded, "list">;
  renameChannel(id: string, name: string): void;
  removeChannel(id: string): void;
  /** Moves a channel `delta` places (negative = up). */
  moveChannel(id: string, delta: number): void;
  isRead(url: string): boolean;
  setRead(url: string, read: boolean): void;
  /** Forgets read marks of items absent from every `liveUrls` given for 90 days; returns how many. */
  pruneReadMarks(liveUrls: Iterable<string>, now?: number): number;
  bookmarks(): Bookmark[];
  isBookmarked(url: string): boolean;
  /** Bookmarks or un-bookmarks; returns whether it is bookmarked now. */
  toggleBookmark(ref: ArticleRef & { channelId?: string }): boolean;
  position(url: string): ReadingPosition | undefined;
  setPosition(url: string, position: ReadingPosition): void;
  /** Every read mark and reading position held (the archive imports them once). */
  readState(): { read: string[]; positions: Array<[url: string, position: ReadingPosition]> };
  /** Compacts journals that have grown; call on quit. Never throws. */
  flush(): void;
  /** Re-reads everything from disk (changes made meanwhile by another reader process, e.g. `reader add`). */
  reload(): void;
}

export interface StoreOptions {
  /** The built-in channels, in order (the sample site, the default channels). */
  builtins: Channel[];
  /** Defaults to configDir(). */
  dir?: string;
  /** For tests: the clock. */
  now?: () => number;
}

const DAY_MS = 86_400_000;
/** Read marks of items gone from their feed this long are forgotten. */
export const READ_MARK_RETENTION_MS = 90 * DAY_MS;
/** Reading positions beyond this many (least recent first) are forgotten at compaction. */
export const MAX_POSITIONS = 5_000;
/** An unread mark is kept this long after being made, so an older "read" line cannot win by arriving late. */
const TOMBSTONE_MS = DAY_MS;

interface ReadMark extends JournalRecord {
  /** Read (true) or marked unread (false). */
  r: boolean;
  /** Last time (ms) the item was seen in a feed. */
  s?: number;
}

interface PositionRecord extends JournalRecord {
  b: number;
  o: number;
}

function readMarkFromJson(value: unknown): ReadMark | undefined {
  const v = value as Partial<ReadMark> | null;
  if (!v || typeof v.u !== "string" || typeof v.t !== "number" || typeof v.r !== "boolean") return undefined;
  const mark: ReadMark = { u: v.u, t: v.t, r: v.r };
  if (typeof v.s === "number") mark.s = v.s;
  return mark;
}

function positionFromJson(value: unknown): PositionRecord | undefined {
  const v = value as Partial<PositionRecord> | null;
  if (!v || typeof v.u !== "string" || typeof v.t !== "number") return undefined;
  if (!Number.isInteger(v.b) || !Number.isInteger(v.o) || (v.b as number) < 0 || (v.o as number) < 0)
    return undefined;
  return { u: v.u, t: v.t, b: v.b as number, o: v.o as number };
}

/** Compact when the file has this many more lines than live entries (and at least `floor`). */
function needsCompaction(lines: number, live: number, floor = 2_000): boolean {
  return lines > Math.max(floor, live * 2);
}

class FileStore implements Store {
  readonly warnings: string[] = [];
  readonly dir: string;
  /** config.json: the settings. */
  private readonly config: ConfigDocument;
  /** channels.json: the channel list, apart so that a settings key writes a small file (and the reverse). */
  private readonly channelFile: ConfigDocument;
  private readonly bookmarkFile: BookmarkFile;
  private readonly readJournal: Journal<ReadMark>;
  private readonly positionJournal: Journal<PositionRecord>;
  private readonly marks = new Map<string, ReadMark>();
  private readonly positions = new Map<string, PositionRecord>();
  private readonly builtins: Channel[];
  private readonly now: () => number;
  private settingsCache: Settings;
  private channelsCache: Channel[];

  constructor(options: StoreOptions) {
    this.dir = options.dir ?? configDir();
    this.builtins = options.builtins;
    this.now = options.now ?? Date.now;
    this.config = new ConfigDocument(this.dir);
    this.warnings.push(...this.config.warnings);
    this.channelFile = new ConfigDocument(this.dir, CHANNELS_FILE);
    // A directory that cannot be written is said once, not once per file.
    const saidReadOnly = this.config.readOnlyReason !== undefined;
    this.warnings.push(
      ...this.channelFile.warnings.filter((w) => !saidReadOnly || !w.startsWith(READ_ONLY_WARNING)),
    );
    this.moveChannelsOut();
    this.bookmarkFile = new BookmarkFile(this.dir);
    this.warnings.push(...this.bookmarkFile.warnings);
    this.readJournal = new Journal(path.join(this.dir, "state", "read.jsonl"), readMarkFromJson);
    this.positionJournal = new Journal(path.join(this.dir, "state", "positions.jsonl"), positionFromJson);
    this.loadJournal(this.readJournal, this.marks);
    this.loadJournal(this.positionJournal, this.positions);
    this.settingsCache = this.settingsOf(this.config.doc);
    this.channelsCache = this.channelsOf();
    removeStaleTempFiles(this.dir);
    removeStaleTempFiles(path.dirname(this.readJournal.file));
  }

  private loadJournal<R extends JournalRecord>(journal: Journal<R>, into: Map<string, R>): void {
    try {
      latestByKey(journal.read().records, into);
    } catch (error) {
      this.warnings.push(`${journal.file} could not be read (${(error as Error).message}).`);
    }
  }

  private settingsOf(doc: ConfigDoc): Settings {
    return settingsFrom(doc).settings;
  }

  /**
   * Moves a channel list kept in config.json (as versions before channels.json did) to channels.json, once;
   * everything else in config.json stays. On a read-only disk the list is read from config.json as it is.
   */
  private moveChannelsOut(): void {
    const legacy = this.config.doc;
    if (!hasChannelList(legacy)) return;
    try {
      if (!hasChannelList(this.channelFile.doc)) {
        this.channelFile.update((doc) => {
          for (const key of CHANNEL_KEYS) if (Object.hasOwn(legacy, key)) doc[key] ??= legacy[key];
        });
      }
      this.config.update((doc) => {
        for (const key of CHANNEL_KEYS) delete doc[key];
      });
    } catch {
      // Left where it is: channelsOf() reads config.json's list while channels.json has none.
    }
  }

  /** The saved channel list: channels.json's, or an unmoved config.json's. */
  private channelDoc(): ConfigDoc {
    return hasChannelList(this.channelFile.doc) ? this.channelFile.doc : this.config.doc;
  }

  private channelsOf(doc: ConfigDoc = this.channelDoc()): Channel[] {
    const saved = Array.isArray(doc["channels"]) ? (doc["channels"] as Channel[]) : undefined;
    const known = Array.isArray(doc["knownBuiltins"]) ? (doc["knownBuiltins"] as string[]) : undefined;
    return reconcileBuiltins(saved, known, this.builtins).channels;
  }

  /** Saves a settings change to config.json (only); the cache follows whatever the document is afterwards. */
  private updateConfig(change: (doc: ConfigDoc) => void): void {
    try {
      this.config.update(change);
    } finally {
      this.settingsCache = this.settingsOf(this.config.doc);
    }
  }

  private updateChannels(change: (list: Channel[]) => Channel[]): void {
    const update = (doc: ConfigDoc): void => {
      const saved = Array.isArray(doc["channels"]) ? (doc["channels"] as Channel[]) : undefined;
      const known = Array.isArray(doc["knownBuiltins"]) ? (doc["knownBuiltins"] as string[]) : undefined;
      const current = reconcileBuiltins(saved, known, this.builtins);
      doc["channels"] = change(current.channels);
      doc["knownBuiltins"] = current.known;
    };
    try {
      if (hasChannelList(this.config.doc)) this.moveChannelsOut();
      this.channelFile.update(update);
    } finally {
      this.channelsCache = this.channelsOf();
    }
  }

  settings(): Settings {
    return { ...this.settingsCache, keys: { ...this.settingsCache.keys } };
  }

  setSetting<K extends keyof Settings>(key: K, value: Settings[K]): void {
    const checked = validateSetting(key, value);
    if (!checked.ok) throw new StoreValueError(checked.message);
    const start = performance.now();
    this.updateConfig((doc) => {
      doc[key] = checked.value;
    });
    // For `npm run bench` (READER_TRACE): a settings key must cost the same at 10 channels or 2,000.
    trace(`setting ${key} written in ${(performance.now() - start).toFixed(2)} ms`);
  }

  channels(): Channel[] {
    return this.channelsCache.map((c) => ({ ...c }));
  }

  addChannel(url: string, name?: string, folder?: string, pending?: string): Channel {
    let added: Channel | undefined;
    const entry = { url, title: name, folder, ...(pending !== undefined ? { pending } : {}) };
    // Checked against the list in memory first, so a bad URL is refused even on a read-only disk.
    withChannelAdded(this.channelsCache, entry);
    this.updateChannels((list) => {
      const result = withChannelAdded(list, entry);
      added = result.added;
      return result.list;
    });
    return { ...(added as Channel) };
  }

  addSearch(query: string, name?: string, folder?: string): Channel {
    let added: Channel | undefined;
    const entry = { query, ...(name !== undefined ? { title: name } : {}), ...(folder ? { folder } : {}) };
    withSearchAdded(this.channelsCache, entry);
    this.updateChannels((list) => {
      const result = withSearchAdded(list, entry);
      added = result.added;
      return result.list;
    });
    return { ...(added as Channel) };
  }

  addChannels(entries: readonly NewChannel[]): Omit<ChannelsAdded, "list"> {
    let result: Omit<ChannelsAdded, "list"> = { added: [], present: 0, refused: [] };
    this.updateChannels((list) => {
      const { list: next, ...rest } = withChannelsAdded(list, entries);
      result = rest;
      return next;
    });
    return { ...result, added: result.added.map((c) => ({ ...c })) };
  }

  resolveChannel(id: string, found: { url: string; title?: string }): Channel | undefined {
    this.updateChannels((list) => withChannelResolved(list, id, found));
    const channel = this.channelsCache.find((c) => c.id === id);
    return channel && { ...channel };
  }

  renameChannel(id: string, name: string): void {
    withChannelRenamed(this.channelsCache, id, name);
    this.updateChannels((list) => withChannelRenamed(list, id, name));
  }

  removeChannel(id: string): void {
    withChannelRemoved(this.channelsCache, id);
    this.updateChannels((list) => withChannelRemoved(list, id));
  }

  moveChannel(id: string, delta: number): void {
    withChannelMoved(this.channelsCache, id, delta);
    this.updateChannels((list) => withChannelMoved(list, id, delta));
  }

  isRead(url: string): boolean {
    return this.marks.get(url)?.r === true;
  }

  setRead(url: string, read: boolean): void {
    if (this.isRead(url) === read) return;
    const t = Math.max(this.now(), (this.marks.get(url)?.t ?? 0) + 1);
    const mark: ReadMark = { u: url, t, r: read, s: t };
    this.marks.set(url, mark);
    this.readJournal.append(mark);
    this.compactIfLarge();
  }

  pruneReadMarks(liveUrls: Iterable<string>, now = this.now()): number {
    let stale = false;
    for (const url of liveUrls) {
      const mark = this.marks.get(url);
      if (!mark) continue;
      // Day granularity: a refresh does not make the journal dirty more than once a day per item.
      if (now - (mark.s ?? mark.t) >= DAY_MS) stale = true;
      mark.s = now;
    }
    const cutoff = now - READ_MARK_RETENTION_MS;
    let forgotten = 0;
    for (const mark of this.marks.values()) if ((mark.s ?? mark.t) < cutoff) forgotten++;
    if (forgotten > 0 || stale) this.compactReadMarks(now);
    return forgotten;
  }

  private compactReadMarks(now: number): void {
    const cutoff = now - READ_MARK_RETENTION_MS;
    const late = this.readJournal.compact((onDisk) => {
      // What other processes wrote counts too; our `s` (last seen) is newer knowledge than theirs.
      for (const record of onDisk) {
        const mine = this.marks.get(record.u);
        if (!mine || record.t > mine.t)
          this.marks.set(record.u, { ...record, s: Math.max(record.s ?? record.t, mine?.s ?? 0) });
      }
      for (const [url, mark] of this.marks) {
        const seen = mark.s ?? mark.t;
        if (seen < cutoff || (!mark.r && now - mark.t > TOMBSTONE_MS)) this.marks.delete(url);
      }
      return [...this.marks.values()];
    });
    latestByKey(late, this.marks);
  }

  private compactPositions(): void {
    const late = this.positionJournal.compact((onDisk) => {
      latestByKey(onDisk, this.positions);
      const newest = [...this.positions.values()].sort((a, b) => b.t - a.t).slice(0, MAX_POSITIONS);
      this.positions.clear();
      for (const record of newest.reverse()) this.positions.set(record.u, record);
      return [...this.positions.values()];
    });
    latestByKey(late, this.positions);
  }

  private compactIfLarge(): void {
    try {
      if (needsCompaction(this.readJournal.lineCount, this.marks.size)) this.compactReadMarks(this.now());
      // Positions are bounded with some slack, so that passing the bound does not compact on every change.
      const positions = this.positions.size;
      if (needsCompaction(this.positionJournal.lineCount, positions) || positions > MAX_POSITIONS * 1.1)
        this.compactPositions();
    } catch {
      // The append itself succeeded; compaction is retried on the next write or at flush.
    }
  }

  bookmarks(): Bookmark[] {
    return this.bookmarkFile.list.map((b) => ({ ...b }));
  }

  isBookmarked(url: string): boolean {
    return this.bookmarkFile.list.some((b) => b.url === url);
  }

  toggleBookmark(ref: ArticleRef & { channelId?: string }): boolean {
    // The user toggles what they see; applied to the file as it is now, so others' bookmarks are kept.
    const wanted = !this.isBookmarked(ref.url);
    const bookmark = makeBookmark(ref, new Date(this.now()));
    this.bookmarkFile.update((list) => {
      const others = list.filter((b) => b.url !== ref.url);
      return { list: wanted ? [...others, bookmark] : others, result: undefined };
    });
    return wanted;
  }

  position(url: string): ReadingPosition | undefined {
    const record = this.positions.get(url);
    return record ? { block: record.b, offset: record.o } : undefined;
  }

  setPosition(url: string, position: ReadingPosition): void {
    const current = this.positions.get(url);
    if (current && current.b === position.block && current.o === position.offset) return;
    const block = Math.max(0, Math.trunc(position.block));
    const offset = Math.max(0, Math.trunc(position.offset));
    const t = Math.max(this.now(), (current?.t ?? 0) + 1);
    const record: PositionRecord = { u: url, t, b: block, o: offset };
    this.positions.set(url, record);
    this.positionJournal.append(record);
    this.compactIfLarge();
  }

  readState(): { read: string[]; positions: Array<[string, ReadingPosition]> } {
    return {
      read: [...this.marks.values()].filter((m) => m.r).map((m) => m.u),
      positions: [...this.positions.values()].map((p) => [p.u, { block: p.b, offset: p.o }]),
    };
  }

  flush(): void {
    this.compactIfLarge();
  }

  reload(): void {
    this.config.reload();
    this.channelFile.reload();
    this.bookmarkFile.reload();
    this.loadJournal(this.readJournal, this.marks);
    this.loadJournal(this.positionJournal, this.positions);
    this.settingsCache = this.settingsOf(this.config.doc);
    this.channelsCache = this.channelsOf();
  }
}

/** The keys of the channel list in a document. */
const CHANNEL_KEYS = ["channels", "knownBuiltins"] as const;

function hasChannelList(doc: ConfigDoc): boolean {
  return CHANNEL_KEYS.some((key) => Object.hasOwn(doc, key));
}

/** A value the store refused (not a disk problem). */
export class StoreValueError extends ReaderError {
  override name = "StoreValueError";
}

/** Opens the store. Never throws for a broken or read-only settings directory: see `warnings`. */
export function openStore(options: StoreOptions): Store {
  return new FileStore(options);
}
