// The HTTP cache on disk: what lets the reader show yesterday's page when today's network fails. One file per
// URL, named by the URL's hash, holding a line of JSON meta (with the body's length) then the body — one file so
// one rename makes a write atomic — then, for a list, what was parsed from that body (see putParsed): a cold
// refresh creates one file per feed, not two (creating a file is most of what the kernel does for a refresh).
// Pins are separate marker files so a bookmark can be pinned before (or after) its page is cached.
import {
  closeSync,
  fstatSync,
  ftruncateSync,
  futimesSync,
  openSync,
  readFileSync,
  readSync,
  utimesSync,
  writeSync,
  promises as fs,
} from "node:fs";
import path from "node:path";
import { lazyBuiltin } from "../builtin.js";
import { ReaderError, type Resource, type Source } from "../model.js";
import { cacheDir } from "../store/paths.js";
import { sanitizeInline } from "../text/sanitize.js";

/** What the cache knows about a stored response. */
export interface CacheMeta {
  /** URL asked for (the key). */
  url: string;
  /** Final URL after redirects. */
  finalUrl: string;
  status: number;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  /** ISO 8601 instant the copy was fetched or last revalidated. */
  fetchedAt: string;
}

export interface CacheEntry {
  meta: CacheMeta;
  body: Uint8Array;
}

/** A response refused (too large) that had validators: asked for again with them, it is not downloaded again. */
export interface Refusal {
  etag?: string;
  lastModified?: string;
  /** The message it was refused with. */
  reason: string;
}

export interface HttpCacheOptions {
  /** Directory of entries; default `cacheDir()/http`. */
  dir?: string;
  /** Size bound in bytes; the oldest unpinned entries go first when it is passed. Default 200 MB. */
  maxBytes?: number;
  /** Clock, for tests. */
  now?: () => Date;
}

const ENTRY = ".entry";
const PIN = ".pin";
const REFUSED = ".refused";
/** Saved lists beside their entries, as the previous version kept them: still read for its entries. */
const PARSED = ".parsed";
/**
 * Enough for the meta line of nearly every entry (a longer one is read whole); small enough to come from Node's
 * buffer pool (a refresh of thousands of feeds reads one per feed).
 */
const META_PREFIX_BYTES = 2 * 1024;

/**
 * Entries whose meta is kept in memory (see HttpCache.known): a few thousand feeds' worth, ~0.5 KB each; past it the
 * longest unused are read from their files again.
 */
const MAX_KNOWN_METAS = 4096;

/**
 * An entry's meta as written and read, and where its body lies in the file: from `bodyStart` (after the meta
 * line), `bodyBytes` long, what putParsed saved after it. An entry of the previous version has no length: its
 * body runs to the end of the file. (The meta line is `{"v":2,"bodyBytes":…,"meta":{…}}`: see parseHead.)
 */
interface Stored {
  meta: CacheMeta;
  mtime: Date;
  bodyStart: number;
  bodyBytes: number | undefined;
}

/** What eviction needs to know of an entry, kept in memory after one scan of the directory. */
interface IndexedEntry {
  size: number;
  mtimeMs: number;
}

/** The directory as scanned once and kept up to date by this instance's writes (see HttpCache.index). */
interface CacheIndex {
  entries: Map<string, IndexedEntry>;
  /** Keys (file names without their suffix) of the pins. */
  pins: Set<string>;
  total: number;
}

export class HttpCache {
  readonly dir: string;
  readonly maxBytes: number;
  private readonly now: () => Date;
  private tempCounter = 0;
  private made: Promise<void> | undefined;
  /**
   * Entries by file name and their total, from the listing and a stat of each entry at the first write, then kept
   * up to date by this instance's writes: a write costs no directory scan (which, per saved response, made a
   * refresh of N feeds cost N² stats).
   */
  private index: Promise<CacheIndex> | undefined;
  /**
   * The names of the entries, refusals and pins in the directory, from its one listing (at the first lookup or
   * write), then kept up to date by this instance's writes: one not there is not looked for on disk (a cold
   * refresh of N feeds asked the disk 3N times for files that were not there: the entry twice, the refusal once),
   * and the index is built from it. A file another process wrote since costs at most a request without
   * validators, as with `known`, and is not counted against the bound until the next run.
   */
  private listing: Promise<Set<string>> | undefined;
  /** The listing once made. */
  private listed: Set<string> | undefined;
  /** The clock is the system's: a file written now has the right time without setting it. */
  private readonly systemClock: boolean;
  /**
   * Entries' metas (as written) and file times, by file name, as this instance last wrote or read them: a refresh
   * of thousands of unchanged feeds then opens no file to ask with their validators, only touches each one's time.
   * Another process's write meanwhile costs at most a download the validators would have spared.
   */
  private readonly known = new Map<string, Stored>();

  constructor(options: HttpCacheOptions = {}) {
    this.dir = options.dir ?? path.join(cacheDir(), "http");
    this.maxBytes = options.maxBytes ?? 200 * 1024 * 1024;
    this.now = options.now ?? (() => new Date());
    this.systemClock = options.now === undefined;
  }

  /** The stored entry for `url`, or undefined when absent or unreadable (a corrupt entry is not an error). */
  async get(url: string): Promise<CacheEntry | undefined> {
    let data: Buffer;
    let mtime: Date;
    try {
      const handle = await fs.open(this.entryPath(url), "r");
      try {
        mtime = (await handle.stat()).mtime;
        data = await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch {
      return undefined;
    }
    const entry = parseEntry(data, url);
    if (entry) entry.meta = revalidatedAt(entry.meta, mtime);
    return entry;
  }

  /**
   * The stored meta for `url` without its body (a conditional request needs only the validators), or undefined.
   */
  async getMeta(url: string): Promise<CacheMeta | undefined> {
    const stored = await this.readMeta(url);
    return stored && revalidatedAt(stored.meta, stored.mtime);
  }

  /** The meta as written (`fetchedAt` is when the body was stored) and the file's time. */
  private readMeta(url: string): Promise<Stored | undefined> {
    const known = this.known.get(keyOf(url) + ENTRY);
    return known
      ? Promise.resolve(known)
      : this.listFiles().then(() => inSlices(() => this.readMetaNow(url)));
  }

  /** The directory's entries and refusals by name (see `listing`); an unreadable directory lists nothing. */
  private listFiles(): Promise<Set<string>> {
    if (this.listing) return this.listing;
    const listing = this.list().then((files) => {
      const names = new Set(
        files.filter(
          (f) => f.endsWith(ENTRY) || f.endsWith(REFUSED) || f.endsWith(PIN) || f.endsWith(PARSED),
        ),
      );
      if (this.listing === listing) this.listed = names; // (not one cleared meanwhile)
      return names;
    });
    this.listing = listing;
    return listing;
  }

  /** Notes a file of ours written or removed in the listing (once it is made: see `listing`). */
  private listedAs(name: string, present: boolean): void {
    void this.listing?.then((names) => (present ? names.add(name) : names.delete(name)));
  }

  private readMetaNow(url: string): Stored | undefined {
    const name = keyOf(url) + ENTRY;
    const known = this.known.get(name);
    if (known) return known;
    if (this.listed && !this.listed.has(name)) return undefined;
    const file = path.join(this.dir, name);
    let prefix: Buffer;
    let mtime: Date;
    let size: number;
    try {
      const fd = openSync(file, "r");
      try {
        ({ mtime, size } = fstatSync(fd));
        const buffer = Buffer.allocUnsafe(META_PREFIX_BYTES);
        prefix = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
        // A meta line longer than the prefix: the entry is read whole (rare; the body may be large).
        if (prefix.indexOf(0x0a) < 0) prefix = readFileSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      return undefined;
    }
    const head = parseHead(prefix, url);
    // One whose body was cut short is not there: asked for with its validators, it would be answered "unchanged".
    if (!head || (head.bodyBytes !== undefined && size < head.bodyStart + head.bodyBytes)) return undefined;
    return this.remember(name, { ...head, mtime });
  }

  /** Keeps an entry's meta and time in memory (see `known`), the longest unused going past the bound. */
  private remember(name: string, known: Stored): Stored {
    this.known.delete(name);
    this.known.set(name, known);
    if (this.known.size > MAX_KNOWN_METAS) this.known.delete(this.known.keys().next().value!);
    return known;
  }

  /**
   * Keeps what was made of `url`'s stored body (the interface's parsed list) after it, in its entry, valid as long
   * as that body is the one stored: a start-up then reads it instead of parsing every feed again. Written in
   * place, not through a temporary file and a rename (no second file per feed): what is kept here is made again
   * from the body, the body before it is not touched, and one cut short by a crash (or read while written) does
   * not parse, so the feed is parsed again. (An entry of the previous version, with no body length, keeps its
   * list beside it, as that version did.)
   */
  async putParsed(url: string, value: unknown): Promise<void> {
    const stored = await this.readMeta(url);
    if (!stored) return;
    const saved = Buffer.from(JSON.stringify({ url, storedAt: stored.meta.fetchedAt, value }));
    if (stored.bodyBytes === undefined) {
      await fs.writeFile(this.parsedPath(url), saved);
      this.listedAs(keyOf(url) + PARSED, true);
      return;
    }
    const name = keyOf(url) + ENTRY;
    const size = await inSlices(() => this.writeParsed(name, url, stored, saved));
    if (size === undefined) return;
    // Counted against the bound as part of the entry (an index not made yet will stat it).
    const index = await this.index;
    const indexed = index?.entries.get(name);
    if (!index || !indexed) return;
    index.total += size - indexed.size;
    indexed.size = size;
    if (index.total > this.maxBytes) await this.evict();
  }

  /**
   * Writes a saved list after the body of the entry `stored` describes, when the file still holds that body (not
   * one another reader stored meanwhile); resolves with the file's new size, or undefined when not written.
   */
  private writeParsed(name: string, url: string, stored: Stored, saved: Buffer): number | undefined {
    const end = stored.bodyStart + stored.bodyBytes!;
    let fd: number;
    try {
      fd = openSync(path.join(this.dir, name), "r+");
    } catch {
      return undefined; // gone meanwhile
    }
    // The file's time is when the body was last revalidated (what eviction orders by and what `fetchedAt`
    // becomes): a write leaves it as it is now (another reader may have revalidated it since `stored` was read),
    // even one that fails part way (a full disk): else the feed would be taken as fetched now.
    let mtime: Date | undefined;
    try {
      const head = Buffer.allocUnsafe(stored.bodyStart);
      const stat = fstatSync(fd);
      if (stat.size < end || readSync(fd, head, 0, head.length, 0) !== head.length) return undefined;
      const now = parseHead(head, url);
      if (now?.bodyStart !== stored.bodyStart || now.bodyBytes !== stored.bodyBytes) return undefined;
      if (now.meta.fetchedAt !== stored.meta.fetchedAt) return undefined;
      mtime = stat.mtime;
      // Cut first: a crash in the write leaves a saved list cut short (which does not parse), never the end of a
      // longer one after the start of this one.
      ftruncateSync(fd, end);
      for (let offset = 0; offset < saved.length;)
        offset += writeSync(fd, saved, offset, saved.length - offset, end + offset);
      return end + saved.length;
    } catch {
      return undefined;
    } finally {
      try {
        if (mtime) futimesSync(fd, mtime, mtime);
      } finally {
        closeSync(fd);
      }
    }
  }

  /**
   * What putParsed kept for the body stored now, with the entry's meta and when that body was stored; undefined
   * when there is none.
   */
  async getParsed(url: string): Promise<{ value: unknown; meta: CacheMeta; storedAt: string } | undefined> {
    await this.listFiles();
    return inSlices(() => {
      const stored = this.readMetaNow(url);
      if (!stored) return undefined;
      let saved: { url?: unknown; storedAt?: unknown; value?: unknown };
      try {
        saved = JSON.parse(this.readSaved(url, stored)) as typeof saved;
      } catch {
        return undefined; // none, or unreadable
      }
      if (saved.url !== url || saved.storedAt !== stored.meta.fetchedAt) return undefined;
      return {
        value: saved.value,
        meta: revalidatedAt(stored.meta, stored.mtime),
        storedAt: stored.meta.fetchedAt,
      };
    });
  }

  /** The saved list's text after the entry's body (or beside an entry of the previous version); throws when none. */
  private readSaved(url: string, stored: Stored): string {
    if (stored.bodyBytes === undefined) {
      if (this.listed && !this.listed.has(keyOf(url) + PARSED)) throw new Error("none");
      return readFileSync(this.parsedPath(url), "utf8");
    }
    const fd = openSync(this.entryPath(url), "r");
    try {
      const start = stored.bodyStart + stored.bodyBytes;
      const size = fstatSync(fd).size;
      if (size <= start) throw new Error("none");
      const buffer = Buffer.allocUnsafe(size - start);
      const read = readSync(fd, buffer, 0, buffer.length, start);
      return buffer.toString("utf8", 0, read);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Stores a response for `url` (fetchedAt is now), then evicts if the cache is over its size bound. `known`: the
   * meta the request was made with (getMeta's); when the answer is that entry's (the same body, address, status
   * and type), the entry is only marked fresh, as by a 304, and nothing is written. Resolves with whether the
   * body was stored.
   */
  async put(
    url: string,
    response: Omit<CacheMeta, "url" | "fetchedAt">,
    body: Uint8Array,
    known?: CacheMeta,
  ): Promise<boolean> {
    if (
      known?.finalUrl === response.finalUrl &&
      known.status === response.status &&
      known.contentType === response.contentType &&
      (await inSlices(() => this.holdsBody(url, body)))
    ) {
      const validators = { etag: response.etag, lastModified: response.lastModified };
      // Gone meanwhile (cleared, evicted by another reader): written again below.
      if (await this.refresh(url, validators, known).catch(() => undefined)) return false;
    }
    const meta: CacheMeta = { url, ...response, fetchedAt: this.now().toISOString() };
    const index = await this.loadIndex();
    const size = await this.write(url, meta, body);
    const name = keyOf(url) + ENTRY;
    index.total += size - (index.entries.get(name)?.size ?? 0);
    index.entries.set(name, { size, mtimeMs: this.now().getTime() });
    if (index.total > this.maxBytes) await this.evict();
    return true;
  }

  /**
   * Whether `url`'s entry holds `body` byte for byte: a server that sends no validators sends the same feed again
   * whole, and a body found the same is not written again. Compared with the file, a few KB at a time into one
   * buffer: several times cheaper than hashing the body (a hash of every feed fetched was a quarter of the cost
   * of one sent again), and nothing to keep.
   */
  private holdsBody(url: string, body: Uint8Array): boolean {
    const stored = this.readMetaNow(url);
    if (!stored) return false;
    let fd: number;
    try {
      fd = openSync(this.entryPath(url), "r");
    } catch {
      return false;
    }
    try {
      const size = fstatSync(fd).size;
      const start = stored.bodyStart;
      if ((stored.bodyBytes ?? size - start) !== body.byteLength || size < start + body.byteLength)
        return false;
      const buffer = (compareBuffer ??= Buffer.allocUnsafe(COMPARE_BYTES));
      // The meta line ends where the body starts (the file may have been written again since it was read).
      if (readSync(fd, buffer, 0, 1, start - 1) !== 1 || buffer[0] !== 0x0a) return false;
      for (let offset = 0; offset < body.byteLength;) {
        const read = readSync(
          fd,
          buffer,
          0,
          Math.min(COMPARE_BYTES, body.byteLength - offset),
          start + offset,
        );
        if (read <= 0 || !buffer.subarray(0, read).equals(body.subarray(offset, offset + read))) return false;
        offset += read;
      }
      return true;
    } catch {
      return false;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Marks a revalidated entry (a 304) as fresh now. The entry is rewritten only when the server sent new
   * validators; otherwise only its time changes (an unchanged feed costs no bytes written). Returns the meta.
   */
  async refresh(
    url: string,
    validators: { etag?: string; lastModified?: string } = {},
    /** The meta the request was made with (getMeta's), so that it is not read again. */
    known?: CacheMeta,
  ): Promise<CacheMeta | undefined> {
    const current = known ?? (await this.getMeta(url));
    if (!current) return undefined;
    const now = this.now();
    const changed =
      (validators.etag !== undefined && validators.etag !== current.etag) ||
      (validators.lastModified !== undefined && validators.lastModified !== current.lastModified);
    if (changed) {
      const entry = await this.get(url);
      if (!entry) return undefined;
      const meta: CacheMeta = {
        ...entry.meta,
        etag: validators.etag ?? entry.meta.etag,
        lastModified: validators.lastModified ?? entry.meta.lastModified,
        fetchedAt: now.toISOString(),
      };
      await this.write(url, meta, entry.body);
      return meta;
    }
    // The file's time is when it was last revalidated (and what eviction orders by).
    const name = keyOf(url) + ENTRY;
    try {
      await inSlices(() => utimesSync(path.join(this.dir, name), now, now));
    } catch (error) {
      this.known.delete(name); // gone meanwhile (cleared by another reader)
      throw error;
    }
    const held = this.known.get(name);
    if (held) this.remember(name, { ...held, mtime: now });
    const indexed = (await this.index)?.entries.get(name);
    if (indexed) indexed.mtimeMs = now.getTime();
    return { ...current, fetchedAt: now.toISOString() };
  }

  /** Remembers that `url`'s answer was refused (too large), with the validators to ask again with. */
  async refuse(url: string, refusal: Refusal): Promise<void> {
    await this.ensureDir();
    await this.writeAtomic(this.refusedPath(url), Buffer.from(JSON.stringify({ url, ...refusal })));
    this.listedAs(keyOf(url) + REFUSED, true);
  }

  /** The refusal remembered for `url`, or undefined. */
  async refusal(url: string): Promise<Refusal | undefined> {
    if (!(await this.listFiles()).has(keyOf(url) + REFUSED)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(await fs.readFile(this.refusedPath(url), "utf8"));
    } catch {
      return undefined;
    }
    const record = value as Partial<Refusal & { url: string }> | null;
    if (!record || record.url !== url || typeof record.reason !== "string") return undefined;
    const optional = (v: unknown) => (typeof v === "string" ? v : undefined);
    const etag = optional(record.etag);
    const lastModified = optional(record.lastModified);
    return {
      reason: record.reason,
      ...(etag !== undefined ? { etag } : {}),
      ...(lastModified !== undefined ? { lastModified } : {}),
    };
  }

  async forgetRefusal(url: string): Promise<void> {
    await fs.rm(this.refusedPath(url), { force: true });
    this.listedAs(keyOf(url) + REFUSED, false);
  }

  /** Keeps `url`'s entry (now or once stored) from eviction and `clear()`. */
  async pin(url: string): Promise<void> {
    await this.ensureDir();
    await this.writeAtomic(this.pinPath(url), Buffer.from(url + "\n"));
    this.listedAs(keyOf(url) + PIN, true);
    (await this.index)?.pins.add(keyOf(url));
  }

  async unpin(url: string): Promise<void> {
    await fs.rm(this.pinPath(url), { force: true });
    this.listedAs(keyOf(url) + PIN, false);
    (await this.index)?.pins.delete(keyOf(url));
  }

  async isPinned(url: string): Promise<boolean> {
    return fileExists(this.pinPath(url));
  }

  /** Removes every unpinned entry (and leftovers of interrupted writes). */
  async clear(): Promise<void> {
    const files = await this.list();
    const pinned = new Set(files.filter((f) => f.endsWith(PIN)).map((f) => f.slice(0, -PIN.length)));
    await Promise.all(
      files
        .filter(
          (f) =>
            (f.endsWith(ENTRY) && !pinned.has(f.slice(0, -ENTRY.length))) ||
            f.endsWith(REFUSED) ||
            f.endsWith(PARSED) ||
            f.includes(".tmp-"),
        )
        .map((f) => fs.rm(path.join(this.dir, f), { force: true })),
    );
    this.index = this.listing = this.listed = undefined;
    this.known.clear();
    this.made = undefined;
  }

  /** Total bytes of stored entries (as this instance knows them). */
  async size(): Promise<number> {
    return (await this.loadIndex()).total;
  }

  /** When over `maxBytes`, deletes the oldest unpinned entries until the total is within it. */
  async evict(): Promise<void> {
    const index = await this.loadIndex();
    if (index.total <= this.maxBytes) return;
    const candidates = [...index.entries]
      .filter(([name]) => !index.pins.has(name.slice(0, -ENTRY.length)))
      .sort(([, a], [, b]) => a.mtimeMs - b.mtimeMs);
    for (const [name, entry] of candidates) {
      if (index.total <= this.maxBytes) break;
      const stem = path.join(this.dir, name.slice(0, -ENTRY.length));
      await fs.rm(stem + ENTRY, { force: true });
      if (!this.listed || this.listed.has(path.basename(stem) + PARSED))
        await fs.rm(stem + PARSED, { force: true });
      index.entries.delete(name);
      this.known.delete(name);
      this.listedAs(name, false);
      index.total -= entry.size;
    }
  }

  /** Creates the directory once per instance (again after a failure: it may have been removed meanwhile). */
  private ensureDir(): Promise<void> {
    this.made ??= fs.mkdir(this.dir, { recursive: true }).then(
      () => undefined,
      (error: unknown) => {
        this.made = undefined;
        throw error;
      },
    );
    return this.made;
  }

  /** The entries' sizes and times, at the first need: a stat of each entry the listing names. */
  private loadIndex(): Promise<CacheIndex> {
    this.index ??= this.statEntries().then((stats) => {
      const entries = new Map<string, IndexedEntry>();
      let total = 0;
      for (const stat of stats.entries) {
        entries.set(stat.name, { size: stat.size, mtimeMs: stat.mtimeMs });
        total += stat.size;
      }
      return { entries, pins: stats.pins, total };
    });
    return this.index;
  }

  /** Writes an entry; resolves with its size in bytes. */
  private async write(url: string, meta: CacheMeta, body: Uint8Array): Promise<number> {
    await this.ensureDir();
    const header = Buffer.from(JSON.stringify({ v: 2, bodyBytes: body.byteLength, meta }) + "\n");
    const stem = keyOf(url);
    const name = stem + ENTRY;
    const mtime = this.now();
    this.known.delete(name); // until written: a failed write leaves whatever is there
    // Written as two pieces: no second copy of the body (a large buffer the allocator would keep afterwards).
    await this.writeAtomic(path.join(this.dir, name), [header, body], mtime);
    this.remember(name, { meta, mtime, bodyStart: header.byteLength, bodyBytes: body.byteLength });
    this.listedAs(name, true);
    // A list the previous version saved beside the entry it replaced: its place is now in the entry.
    if (this.listed?.has(stem + PARSED)) {
      await fs.rm(path.join(this.dir, stem + PARSED), { force: true });
      this.listedAs(stem + PARSED, false);
    }
    return header.byteLength + body.byteLength;
  }

  // Temp file in the same directory, then rename: readers see the old entry or the new one, never half. That is
  // kept for entries (a body cut short would be served again as current after every 304: no refetch mends it) and
  // for pins and refusals; no fsync, since an entry lost in a crash costs only its download again.
  private async writeAtomic(target: string, data: Uint8Array | Uint8Array[], mtime?: Date): Promise<void> {
    this.tempCounter += 1;
    // Unique across processes (the pid) and across threads of one (the prefetch worker has a cache of its own
    // over the same directory, with its own counter).
    const temp = `${target}.tmp-${process.pid}-${this.tempCounter}${Math.random().toString(36).slice(2, 6)}`;
    try {
      await fs.writeFile(temp, data);
      // Eviction orders by mtime; set it from our clock so "oldest" means oldest fetched (the system's clock set it
      // as the file was written).
      if (mtime && !this.systemClock) await fs.utimes(temp, mtime, mtime);
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      this.made = undefined; // the directory may be what went missing (`reader cache clear --all`)
      throw error;
    }
  }

  private async list(): Promise<string[]> {
    try {
      return await fs.readdir(this.dir);
    } catch {
      return [];
    }
  }

  private async statEntries(): Promise<{
    entries: { name: string; size: number; mtimeMs: number }[];
    pins: Set<string>;
  }> {
    const files = [...(await this.listFiles())];
    const pins = new Set(files.filter((f) => f.endsWith(PIN)).map((f) => f.slice(0, -PIN.length)));
    const stats = await Promise.all(
      files
        .filter((f) => f.endsWith(ENTRY))
        .map(async (name) => {
          try {
            const stat = await fs.stat(path.join(this.dir, name));
            return { name, size: stat.size, mtimeMs: stat.mtimeMs };
          } catch {
            return undefined; // removed meanwhile
          }
        }),
    );
    return { entries: stats.filter((s) => s !== undefined), pins };
  }

  private entryPath(url: string): string {
    return path.join(this.dir, keyOf(url) + ENTRY);
  }

  private pinPath(url: string): string {
    return path.join(this.dir, keyOf(url) + PIN);
  }

  private parsedPath(url: string): string {
    return path.join(this.dir, keyOf(url) + PARSED);
  }

  private refusedPath(url: string): string {
    return path.join(this.dir, keyOf(url) + REFUSED);
  }
}

/**
 * Small file operations of the refresh path (an entry's meta line, a saved list, a revalidation's time) are done
 * synchronously, this many milliseconds' worth per turn of the event loop, with keys and frames between turns.
 * Through the thread pool each cost several times the CPU (a round trip per call, a FileHandle, a promise per
 * step): with thousands of feeds that was most of a start-up and of a refresh of unchanged feeds.
 */
const SLICE_MS = 3;
const slices: Array<() => void> = [];
let sliceHead = 0;

function inSlices<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    slices.push(() => {
      try {
        resolve(work());
      } catch (error) {
        reject(error as Error);
      }
    });
    if (slices.length - sliceHead === 1) setImmediate(runSlice);
  });
}

function runSlice(): void {
  const start = performance.now();
  while (sliceHead < slices.length && performance.now() - start < SLICE_MS) slices[sliceHead++]!();
  if (sliceHead < slices.length) setImmediate(runSlice);
  else slices.length = sliceHead = 0;
}

const crypto = lazyBuiltin<typeof import("node:crypto")>("node:crypto");
/**
 * File names by URL, for as many URLs as metas are kept: a refresh asks for each feed's name several times (its
 * meta, its time), and a hash each time was a tenth of what an unchanged feed cost.
 */
const keys = new Map<string, string>();
function keyOf(url: string): string {
  let key = keys.get(url);
  if (key === undefined) {
    key = crypto().createHash("sha256").update(url).digest("hex");
    if (keys.size >= MAX_KNOWN_METAS) keys.delete(keys.keys().next().value!);
    keys.set(url, key);
  }
  return key;
}

/** The buffer holdsBody reads an entry's body into, part by part (made at its first use). */
const COMPARE_BYTES = 16 * 1024;
let compareBuffer: Buffer | undefined;

async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * An entry's meta and its body (without what putParsed saved after it), or undefined when it is not `url`'s, is
 * corrupt or was cut short.
 */
export function parseEntry(data: Buffer, url: string): CacheEntry | undefined {
  const head = parseHead(data, url);
  if (!head) return undefined;
  const end = head.bodyBytes === undefined ? data.length : head.bodyStart + head.bodyBytes;
  if (end > data.length) return undefined;
  return { meta: head.meta, body: new Uint8Array(data.subarray(head.bodyStart, end)) };
}

/** The URL an entry's meta line names (an entry of either layout), or undefined when it has none. */
export function urlOfEntry(data: Buffer): string | undefined {
  const url = (metaLine(data)?.value as { url?: unknown } | null | undefined)?.url;
  return typeof url === "string" ? url : undefined;
}

/** The meta line at the start of `data` (a whole entry or its first bytes): `url`'s meta and where the body is. */
function parseHead(data: Buffer, url: string): Omit<Stored, "mtime"> | undefined {
  const line = metaLine(data);
  if (!line || !isMeta(line.value) || line.value.url !== url) return undefined;
  const { bodyBytes, ...meta } = line.value as CacheMeta & { bodyBytes?: unknown };
  // No length: an entry of the previous version, whose body runs to the end of the file.
  if (bodyBytes !== undefined && !(Number.isSafeInteger(bodyBytes) && (bodyBytes as number) >= 0))
    return undefined;
  return { meta, bodyStart: line.bodyStart, bodyBytes: bodyBytes as number | undefined };
}

/** The JSON of an entry's first line, unwrapped, and where its body starts; undefined when there is none. */
function metaLine(data: Buffer): { value: unknown; bodyStart: number } | undefined {
  const newline = data.indexOf(0x0a);
  if (newline < 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data.subarray(0, newline).toString("utf8"));
  } catch {
    return undefined;
  }
  // An entry written since the saved list is kept in it: its meta is wrapped, so that the previous version, which
  // would read the list as the end of the body (a JSON Feed then fails to parse), finds no meta of its own there
  // and fetches the feed whole. (One with its length beside the meta was written between the two.)
  if (isWrapped(value)) value = { ...value.meta, bodyBytes: value.bodyBytes };
  return { value, bodyStart: newline + 1 };
}

/** The meta with `fetchedAt` the file's time when that is later: a 304 only touches the file. */
function revalidatedAt(meta: CacheMeta, mtime: Date): CacheMeta {
  return mtime.getTime() > Date.parse(meta.fetchedAt) ? { ...meta, fetchedAt: mtime.toISOString() } : meta;
}

function isWrapped(value: unknown): value is { v: 2; bodyBytes: unknown; meta: object } {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return entry["v"] === 2 && typeof entry["meta"] === "object" && entry["meta"] !== null;
}

function isMeta(value: unknown): value is CacheMeta {
  if (typeof value !== "object" || value === null) return false;
  const meta = value as Record<string, unknown>;
  const optionalString = (key: string): boolean => meta[key] === undefined || typeof meta[key] === "string";
  return (
    typeof meta["url"] === "string" &&
    typeof meta["finalUrl"] === "string" &&
    typeof meta["status"] === "number" &&
    typeof meta["fetchedAt"] === "string" &&
    !Number.isNaN(Date.parse(meta["fetchedAt"])) &&
    optionalString("contentType") &&
    optionalString("etag") &&
    optionalString("lastModified")
  );
}

/** The host of a URL for messages (or the sanitised text when it is no URL). */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return sanitizeInline(url);
  }
}

/** A cached entry as a Resource; `fromCache` says it was not revalidated (offline, or the network failed). */
export function resourceFromEntry(
  url: string,
  entry: CacheEntry,
  fromCache?: Resource["fromCache"],
): Resource {
  const resource: Resource = {
    requestedUrl: url,
    url: entry.meta.finalUrl,
    status: entry.meta.status,
    body: entry.body,
  };
  if (entry.meta.contentType !== undefined) resource.contentType = entry.meta.contentType;
  if (fromCache) resource.fromCache = fromCache;
  return resource;
}

/** What `--offline` answers for a web address: the cached copy, or a clear error. */
export function answerOffline(url: string, cached: CacheEntry | undefined): Resource {
  if (cached) return resourceFromEntry(url, cached, { fetchedAt: cached.meta.fetchedAt });
  throw new ReaderError(`Offline, and there is no cached copy of this page from ${hostOf(url)}`);
}

/** `--offline`'s network: the cache alone, so not even the HTTP client is loaded. */
export function offlineSource(cache: HttpCache): Source {
  return {
    handles: (url) => /^https?:\/\//i.test(url),
    fetch: async (url) => answerOffline(url, await cache.get(url)),
  };
}
