// The HTTP cache on disk: what lets the reader show yesterday's page when today's network fails. One file per
// URL, named by the URL's hash, holding a line of JSON meta then the body — one file so one rename makes a write
// atomic. Pins are separate marker files so a bookmark can be pinned before (or after) its page is cached.
import { promises as fs } from "node:fs";
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

export class HttpCache {
  readonly dir: string;
  readonly maxBytes: number;
  private readonly now: () => Date;
  private tempCounter = 0;

  constructor(options: HttpCacheOptions = {}) {
    this.dir = options.dir ?? path.join(cacheDir(), "http");
    this.maxBytes = options.maxBytes ?? 200 * 1024 * 1024;
    this.now = options.now ?? (() => new Date());
  }

  /** The stored entry for `url`, or undefined when absent or unreadable (a corrupt entry is not an error). */
  async get(url: string): Promise<CacheEntry | undefined> {
    let data: Buffer;
    try {
      data = await fs.readFile(this.entryPath(url));
    } catch {
      return undefined;
    }
    return parseEntry(data, url);
  }

  /** Stores a response for `url` (fetchedAt is now), then evicts if the cache is over its size bound. */
  async put(url: string, response: Omit<CacheMeta, "url" | "fetchedAt">, body: Uint8Array): Promise<void> {
    const meta: CacheMeta = { url, ...response, fetchedAt: this.now().toISOString() };
    await this.write(url, meta, body);
    await this.evict();
  }

  /** Marks a revalidated entry (a 304) as fresh now, taking any new validators. Returns the updated entry. */
  async refresh(
    url: string,
    validators: { etag?: string; lastModified?: string } = {},
  ): Promise<CacheEntry | undefined> {
    const entry = await this.get(url);
    if (!entry) return undefined;
    const meta: CacheMeta = {
      ...entry.meta,
      etag: validators.etag ?? entry.meta.etag,
      lastModified: validators.lastModified ?? entry.meta.lastModified,
      fetchedAt: this.now().toISOString(),
    };
    await this.write(url, meta, entry.body);
    return { meta, body: entry.body };
  }

  /** Keeps `url`'s entry (now or once stored) from eviction and `clear()`. */
  async pin(url: string): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await this.writeAtomic(this.pinPath(url), Buffer.from(url + "\n"));
  }

  async unpin(url: string): Promise<void> {
    await fs.rm(this.pinPath(url), { force: true });
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
        .filter((f) => (f.endsWith(ENTRY) && !pinned.has(f.slice(0, -ENTRY.length))) || f.includes(".tmp-"))
        .map((f) => fs.rm(path.join(this.dir, f), { force: true })),
    );
  }

  /** Total bytes of stored entries. */
  async size(): Promise<number> {
    const entries = await this.statEntries();
    return entries.reduce((sum, e) => sum + e.size, 0);
  }

  /** Deletes the oldest unpinned entries until the total is within `maxBytes`. */
  async evict(): Promise<void> {
    const entries = await this.statEntries();
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    if (total <= this.maxBytes) return;
    const candidates = entries.filter((e) => !e.pinned).sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const entry of candidates) {
      if (total <= this.maxBytes) break;
      await fs.rm(entry.file, { force: true });
      total -= entry.size;
    }
  }

  private async write(url: string, meta: CacheMeta, body: Uint8Array): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const header = Buffer.from(JSON.stringify(meta) + "\n");
    // Written as two pieces: no second copy of the body (a large buffer the allocator would keep afterwards).
    await this.writeAtomic(this.entryPath(url), [header, body], this.now());
  }

  // Temp file in the same directory, then rename: readers see the old entry or the new one, never half.
  private async writeAtomic(target: string, data: Uint8Array | Uint8Array[], mtime?: Date): Promise<void> {
    this.tempCounter += 1;
    const temp = `${target}.tmp-${process.pid}-${this.tempCounter}`;
    try {
      await fs.writeFile(temp, data);
      // Eviction orders by mtime; set it from our clock so "oldest" means oldest fetched.
      if (mtime) await fs.utimes(temp, mtime, mtime);
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
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

  private async statEntries(): Promise<{ file: string; size: number; mtimeMs: number; pinned: boolean }[]> {
    const files = await this.list();
    const pins = new Set(files.filter((f) => f.endsWith(PIN)).map((f) => f.slice(0, -PIN.length)));
    const stats = await Promise.all(
      files
        .filter((f) => f.endsWith(ENTRY))
        .map(async (f) => {
          const file = path.join(this.dir, f);
          try {
            const stat = await fs.stat(file);
            return {
              file,
              size: stat.size,
              mtimeMs: stat.mtimeMs,
              pinned: pins.has(f.slice(0, -ENTRY.length)),
            };
          } catch {
            return undefined; // removed meanwhile
          }
        }),
    );
    return stats.filter((s) => s !== undefined);
  }

  private entryPath(url: string): string {
    return path.join(this.dir, keyOf(url) + ENTRY);
  }

  private pinPath(url: string): string {
    return path.join(this.dir, keyOf(url) + PIN);
  }
}

const crypto = lazyBuiltin<typeof import("node:crypto")>("node:crypto");
function keyOf(url: string): string {
  return crypto().createHash("sha256").update(url).digest("hex");
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

function parseEntry(data: Buffer, url: string): CacheEntry | undefined {
  const newline = data.indexOf(0x0a);
  if (newline < 0) return undefined;
  let meta: unknown;
  try {
    meta = JSON.parse(data.subarray(0, newline).toString("utf8"));
  } catch {
    return undefined;
  }
  if (!isMeta(meta) || meta.url !== url) return undefined;
  return { meta, body: new Uint8Array(data.subarray(newline + 1)) };
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
