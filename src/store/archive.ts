// The archive: one SQLite database in the cache directory that keeps every list item seen and every article
// fetched, with a full-text index, so that anything read can be found again offline. It is a cache of what
// came from the network plus a copy of the read state: settings, channels, read marks, positions and bookmarks
// stay in their own files (which a person may edit, and which the interface reads before its first frame).
// Opened off the start-up path; a database that cannot be opened is moved aside or done without.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type { Article, ArticleRef } from "../model.js";
import { lazyBuiltin } from "../builtin.js";
import { loadConverter } from "../text/script.js";
import { trace } from "../trace.js";
import { indexTokens, searchPlan } from "./grams.js";
import { cacheDir } from "./paths.js";

type Database = BetterSqlite3.Database;
const zlib = lazyBuiltin<typeof import("node:zlib")>("node:zlib");

/** What the search index sees of a text: one script (简体), lower case, ASCII for full-width Latin. */
export type Normalise = (text: string) => string;

export interface ArchiveOptions {
  /** Defaults to cacheDir(). */
  dir?: string;
  normalise: Normalise;
  /** How long a second process may hold a write before we give up on it (ms). */
  busyTimeoutMs?: number;
  now?: () => number;
}

export interface KeptItem extends ArticleRef {
  channel?: string;
}

/** An article as kept: readable offline, and its validators for a conditional refetch. */
export interface KeptArticle {
  article: Article;
  /** When it was fetched (ms since the epoch). */
  fetchedAt: number;
  etag?: string;
  lastModified?: string;
}

export interface SearchHit {
  url: string;
  title: string;
  published?: string;
  channel?: string;
  /** A window of the text around the first match, and where the matches are in it. */
  snippet: string;
  marks: Array<[start: number, end: number]>;
}

export const DATABASE_NAME = "reader.db";
const DAY_MS = 86_400_000;
/** The meta key of the last prune's time (ms since the epoch). */
const PRUNED_AT = "pruned_at";
/**
 * A document's rowid in the index (its gram) is the minute of its sort time times DOC_IDS, plus its id: newest
 * first is the index's own order (a search stops at its first results instead of sorting every match), while
 * the documents table grows at its end, ids in the order kept. Within a minute the document kept later comes
 * first (a list's items are kept oldest first, see writeItems). Before version 5 a document's id was its rowid
 * in the index, the sort time in ms times 1024 (plus a few for equal times): a minute of those is DOC_IDS, so
 * documents kept then (ids of DOC_IDS and more, gram NULL) keep their place in the order with no new index.
 * 61 million new documents, dated up to 2248, stay below 2^53.
 */
const DOC_IDS = 60_000 * 1024;
const MAX_MINUTE = Math.floor(Number.MAX_SAFE_INTEGER / DOC_IDS) - 1;
const gramOf = (sortAt: number, id: number): number =>
  Math.min(Math.max(0, Math.floor(sortAt / 60_000)), MAX_MINUTE) * DOC_IDS + id;
const SNIPPET_BEFORE = 20;
const SNIPPET_LENGTH = 90;
/**
 * PRAGMA user_version of the schema below; 0 is the first archive (detail=full grams, articles as JSON), 2 the
 * second (no record of the lists kept), 3 the third (an index of the documents' sort_at, which no query used),
 * 4 the fourth (documents in the order of their dates, each one's id its index rowid: a feed's items went into
 * the middle of the table, a page rewritten for each).
 */
const SCHEMA_VERSION = 5;
/** The first schema whose index rowids are gramOf's (before, a document's id). */
const GRAM_VERSION = 5;
/** The oldest schema this version reads as it is (a read-only archive cannot be brought up to date). */
const READABLE_VERSION = 3;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- key: the item's id (guid/id, else link, else title and date: ArticleRef.id), else its URL.
CREATE TABLE IF NOT EXISTS items (
  key TEXT PRIMARY KEY, channel TEXT, title TEXT NOT NULL, link TEXT, published TEXT, summary TEXT,
  read INTEGER NOT NULL DEFAULT 0, bookmarked INTEGER NOT NULL DEFAULT 0, position TEXT,
  seen_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS items_link ON items (link);
-- article: a StoredArticle as JSON, deflated: the article without its text, which is its document's.
CREATE TABLE IF NOT EXISTS articles (
  url TEXT PRIMARY KEY, article BLOB NOT NULL, etag TEXT, last_modified TEXT, fetched_at INTEGER NOT NULL);
-- One searchable document per URL: the article's full text once fetched, the item's summary before. text is
-- the normalised body in two parts: its start (read alone for most snippets; as TEXT, or deflated in rows
-- written by earlier versions) and the rest, deflated (with the start as its dictionary, so nothing is lost
-- to the split); for checking matches, for snippets, and with restore the article's own text.
-- restore: what normalising changed ([gap, run, …] as JSON, deflated; empty when nothing), for an article
-- kept in parts; NULL for a summary (its item has it as written) or an article kept whole. The index holds
-- only tokens, without positions (see grams.ts); gram: the document's rowid there (gramOf; NULL: its id).
CREATE TABLE IF NOT EXISTS docs (
  id INTEGER PRIMARY KEY, gram INTEGER, url TEXT NOT NULL UNIQUE, channel TEXT, title TEXT NOT NULL,
  published TEXT, sort_at INTEGER NOT NULL, full INTEGER NOT NULL DEFAULT 0, text BLOB, restore BLOB, rest BLOB);
CREATE VIRTUAL TABLE IF NOT EXISTS grams USING fts5 (
  title, body, tokenize = 'ascii', content = '', contentless_delete = 1, detail = none);
-- The lists held whole: a channel's row is written in the transaction of its list's last part, so a list whose
-- writes were cut short (a kill, the quit bound) has none, or the digest of an older list, and is kept again.
-- digest: of the items as listed (listDigest in kept.ts); kept_at: when (ms), to keep an unchanged list again
-- before pruning would forget its items.
CREATE TABLE IF NOT EXISTS lists (channel TEXT PRIMARY KEY, digest TEXT NOT NULL, kept_at INTEGER NOT NULL);
`;

/**
 * An article as kept. Its blocks' text is the document's normalised text (which the index needs anyway) with
 * the characters normalising changed put back (the document's restore), so the text is stored once: `lengths`
 * cuts it into blocks. Without `lengths` (normalising changed the text's length) the article is whole.
 */
interface StoredArticle {
  article: Article;
  lengths?: number[];
}

/** Runs of the original text where it differs from the normalised: [gap since the last run, run, …]. */
type Restore = Array<number | string>;

/** Where `original` differs from `normalised`, a text of the same length. */
function differences(original: string, normalised: string): Restore {
  const out: Restore = [];
  let last = 0;
  for (let i = 0; i < original.length; i++) {
    if (original[i] === normalised[i]) continue;
    let end = i + 1;
    while (end < original.length && original[end] !== normalised[end]) end++;
    out.push(i - last, original.slice(i, end));
    last = end;
    i = end;
  }
  return out;
}

/** The original text of `normalised`, or of its start when that is all it is (as long, either way). */
function restored(normalised: string, restore: Readonly<Restore>): string {
  let out = "";
  let at = 0;
  for (let i = 0; i + 1 < restore.length; i += 2) {
    const gap = restore[i] as number;
    const run = restore[i + 1] as string;
    if (at + gap >= normalised.length) break;
    out += normalised.slice(at, at + gap) + run.slice(0, normalised.length - at - gap);
    at += gap + run.length;
  }
  return out + normalised.slice(at);
}

/** How much of a document's text is kept apart at its start: a snippet's worth and more. */
const START_LENGTH = 400;

/**
 * A document's start as stored: the text itself. Deflating it (at most START_LENGTH characters, a summary's
 * whole text) saved a third of its bytes for ~35 µs of CPU per item, most of what zlib costs to set up a
 * stream: a sixth of keeping a list's item (bench-tui --only=scale). Older rows hold it deflated, a Buffer.
 */
type StoredStart = string | Buffer;

function packText(text: string): { start: string; rest: Buffer | null } {
  let cut = Math.min(text.length, START_LENGTH);
  // Not between the halves of a surrogate pair.
  if (cut < text.length && /[\ud800-\udbff]/.test(text.charAt(cut - 1))) cut--;
  const start = text.slice(0, cut);
  return {
    start,
    rest:
      cut < text.length ? zlib().deflateRawSync(text.slice(cut), { dictionary: Buffer.from(start) }) : null,
  };
}

const unpackStart = (start: StoredStart | null): string =>
  start === null ? "" : typeof start === "string" ? start : inflate(start);
const unpackText = (start: string, rest: Buffer | null): string =>
  rest
    ? start +
      zlib()
        .inflateRawSync(rest, { dictionary: Buffer.from(start) })
        .toString("utf8")
    : start;

const deflate = (text: string): Buffer => zlib().deflateRawSync(text);
const inflate = (data: Buffer): string => zlib().inflateRawSync(data).toString("utf8");

function storedArticle(
  article: Article,
  original: string,
  normalised: string,
): { stored: StoredArticle; restore?: Restore } {
  const kept: Article = { ...article, warnings: [] };
  if (original.length !== normalised.length) return { stored: { article: kept } };
  return {
    stored: {
      article: { ...kept, body: article.body.map((block) => ({ ...block, text: "" })) },
      lengths: article.body.map((block) => block.text.length),
    },
    restore: differences(original, normalised),
  };
}

// An empty restore (nothing changed, the usual case for 简体 and Korean) costs no inflating.
const packRestore = (restore: Restore | undefined): Buffer | null =>
  restore === undefined ? null : restore.length === 0 ? Buffer.alloc(0) : deflate(JSON.stringify(restore));
const unpackRestore = (data: Buffer): Restore =>
  data.length === 0 ? [] : (JSON.parse(inflate(data)) as Restore);

/**
 * The article back from its stored form, its document's normalised text and restore; undefined if they do
 * not fit.
 */
function articleOf(stored: StoredArticle, normalised: string, restore: Buffer | null): Article | undefined {
  const { article, lengths } = stored;
  if (!lengths) return article;
  if (!restore) return undefined;
  const original = restored(normalised, unpackRestore(restore));
  const total = lengths.reduce((n, length) => n + length, 0) + Math.max(0, lengths.length - 1);
  if (lengths.length !== article.body.length || original.length !== total) return undefined;
  let at = 0;
  const body = article.body.map((block, i) => {
    const text = original.slice(at, at + lengths[i]!);
    at += lengths[i]! + 1;
    return { ...block, text };
  });
  return { ...article, body };
}

/** Plain text of an article for the index and for snippets: title lines and blocks, one per line. */
export function articleText(article: Article): string {
  return article.body.map((block) => block.text).join("\n");
}

function sortTime(published: string | undefined, fallback: number): number {
  const t = published ? Date.parse(published) : NaN;
  return Number.isFinite(t) ? t : fallback;
}

/**
 * Whether a code unit may be another in lower case: every BMP character that is (as Node's toLowerCase has
 * them, which tests/store/archive.test.ts checks for every code unit) and the surrogates of any astral one.
 */
const mayLower = (unit: number): boolean =>
  (unit >= 0x41 && unit <= 0x5a) ||
  (unit >= 0xc0 && unit <= 0x24ff) ||
  (unit >= 0x2c00 && unit <= 0x2cff) ||
  (unit >= 0xa640 && unit <= 0xa7ff) ||
  (unit >= 0xd800 && unit <= 0xdfff) ||
  (unit >= 0xff21 && unit <= 0xff3a);

/**
 * Full-width ASCII (Ａ１) as ASCII, one character for one, so positions in the text keep; then lower case, unless
 * nothing in the text has one. In one pass: a replace() called a function for each of a CJK text's full-width
 * marks (，：), and toLowerCase went over text with no letter it changes.
 */
function narrowLower(text: string): string {
  let out = "";
  let last = 0;
  let cased = false;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x41) continue;
    if (!cased) cased = mayLower(unit);
    if (unit < 0xff01 || unit > 0xff5e) continue;
    out += text.slice(last, i) + String.fromCharCode(unit - 0xfee0);
    last = i + 1;
  }
  const narrowed = last === 0 ? text : out + text.slice(last);
  return cased ? narrowed.toLowerCase() : narrowed;
}

/** The terms of a query: words split at spaces, normalised like the index. */
export function queryTerms(query: string, normalise: Normalise): string[] {
  return query
    .split(/[\s\u3000]+/u)
    .map((term) => normalise(term))
    .filter((term) => term.length > 0);
}

export class Archive {
  readonly file: string;
  readonly readOnly: boolean;
  private readonly normaliseText: Normalise;
  private readonly now: () => number;

  constructor(
    readonly db: Database,
    options: { file: string; readOnly: boolean; normalise: Normalise; now: () => number },
  ) {
    this.file = options.file;
    this.readOnly = options.readOnly;
    this.normaliseText = options.normalise;
    this.now = options.now;
  }

  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  /** A prepared statement, prepared once per text (preparing costs more than running most of them). */
  private stmt(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    try {
      this.db.close();
    } catch {
      // Already closed.
    }
  }

  normalise(text: string): string {
    return narrowLower(this.normaliseText(text));
  }

  meta(key: string): string | undefined {
    const row = this.stmt("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)").run(key, value);
  }

  /**
   * Makes the schema, or brings one written by an older version up to date: one transaction (killed half way,
   * the next start does it again), taken before any other writer so that two starting readers do it once.
   */
  upgrade(): void {
    const version = () => this.db.pragma("user_version", { simple: true }) as number;
    if (version() >= SCHEMA_VERSION) return;
    const migrated = this.db
      .transaction(() => {
        if (version() >= SCHEMA_VERSION) return false;
        // Before version 5 a document's rowid in the index was its id: its gram is NULL (see gramOf).
        if (
          version() < 5 &&
          this.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'docs'").get() !== undefined
        )
          this.db.exec("ALTER TABLE docs ADD COLUMN gram INTEGER");
        // Version 2 lacks only the lists table, which SCHEMA makes.
        const old =
          version() < 2 &&
          this.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'docs'").get() !== undefined;
        // Version 0 indexed with positions and kept each article whole beside its document's text.
        if (old) {
          this.db.exec("DROP TABLE IF EXISTS grams");
          // Its text stays as it is: a start that is the whole text.
          this.db.exec("ALTER TABLE docs ADD COLUMN restore BLOB");
          this.db.exec("ALTER TABLE docs ADD COLUMN rest BLOB");
        }
        this.db.exec(SCHEMA);
        // The order of documents is their id's (see putDoc): keeping this index up to date was a tenth of the CPU
        // of keeping a list's items.
        this.db.exec("DROP INDEX IF EXISTS docs_sort");
        if (old) this.upgradeFromFirst();
        this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
        return old;
      })
      .immediate();
    if (!migrated) return;
    try {
      // Gives the old index's pages back to the disk, and turns on auto_vacuum.
      this.db.exec("VACUUM");
    } catch {
      // Another reader is reading, or the disk is short of room for the copy: the space stays for reuse.
    }
  }

  private upgradeFromFirst(): void {
    const docs = this.db.prepare("SELECT id, url, title, full, text FROM docs").all() as Array<{
      id: number;
      url: string;
      title: string;
      full: number;
      text: StoredStart | null;
    }>;
    const docText = new Map<string, string>();
    for (const [i, doc] of docs.entries()) {
      trace(`archive upgrading ${i + 1}/${docs.length} documents`);
      const text = unpackStart(doc.text);
      if (doc.full) docText.set(doc.url, text);
      this.index(doc.id, doc.title, text);
    }
    const articles = this.db.prepare("SELECT url, article FROM articles").all() as Array<{
      url: string;
      article: Buffer;
    }>;
    const update = this.db.prepare("UPDATE articles SET article = ? WHERE url = ?");
    const updateDoc = this.db.prepare("UPDATE docs SET restore = ? WHERE url = ?");
    for (const [i, row] of articles.entries()) {
      trace(`archive upgrading ${i + 1}/${articles.length} articles`);
      let article: Article;
      try {
        article = JSON.parse(inflate(row.article)) as Article;
      } catch {
        continue; // unreadable before as well; pruned in time
      }
      const original = articleText(article);
      const normalised = this.normalise(original);
      const { stored, restore } =
        docText.get(row.url) === normalised
          ? storedArticle(article, original, normalised)
          : { stored: { article }, restore: undefined };
      update.run(deflate(JSON.stringify(stored)), row.url);
      updateDoc.run(packRestore(restore), row.url);
    }
  }

  /** Runs `work` as one transaction: all of it is kept, or (killed half way) none of it. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  private putDoc(doc: {
    url: string;
    channel?: string;
    title: string;
    published?: string;
    /** The normalised body. */
    text: string;
    restore?: Restore;
    full: boolean;
    seenAt: number;
    /** sortTime(published, seenAt), when the caller has it. */
    sortAt?: number;
  }): void {
    const existing = this.stmt(
      "SELECT id, coalesce(gram, id) AS gram, full, channel, title, published, text, rest FROM docs WHERE url = ?",
    ).get(doc.url) as
      | {
          id: number;
          gram: number;
          full: number;
          channel: string | null;
          title: string;
          published: string | null;
          text: StoredStart | null;
          rest: Buffer | null;
        }
      | undefined;
    // A list item's summary never replaces the article's full text.
    if (existing && existing.full && !doc.full) return;
    const channel = doc.channel ?? existing?.channel ?? null;
    // A listing without the summary (a list kept again from its compact copy) does not erase the one known.
    if (existing && !doc.full && doc.text === "" && existing.text !== null) {
      doc = { ...doc, text: unpackText(unpackStart(existing.text), existing.rest) };
    }
    const text = packText(doc.text);
    // A refresh lists the items it listed before: one unchanged is left as it is (no index rewritten).
    if (
      existing &&
      !doc.full &&
      existing.channel === channel &&
      existing.title === doc.title &&
      existing.published === (doc.published ?? null) &&
      existing.text !== null &&
      unpackStart(existing.text) === text.start &&
      (existing.rest === null ? text.rest === null : text.rest !== null && existing.rest.equals(text.rest))
    )
      return;
    const sortAt = doc.sortAt ?? sortTime(doc.published, doc.seenAt);
    // One changed keeps its id, its row rewritten where it stands; a new one goes at the table's end (in the
    // middle, in the order of dates, each insert rewrote pages of the table), as does one kept before version 5.
    let id = existing && existing.id < DOC_IDS ? existing.id : this.freshId();
    // A document kept before version 5 has its id for its rowid in the index: it may be this one's.
    this.holdsOldDocs ??= this.stmt("SELECT 1 FROM docs WHERE id >= ? LIMIT 1").get(DOC_IDS) !== undefined;
    while (this.holdsOldDocs && this.stmt("SELECT 1 FROM docs WHERE id = ?").get(gramOf(sortAt, id)))
      id = this.freshId(id + 1);
    const gram = gramOf(sortAt, id);
    // (One indexed in this transaction is still waiting: it never reaches the index.)
    if (existing && !this.unindexed?.delete(existing.gram))
      this.stmt("DELETE FROM grams WHERE rowid = ?").run(existing.gram);
    this.stmt(
      `INSERT OR REPLACE INTO docs (id, gram, url, channel, title, published, sort_at, full, text, rest, restore)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      gram,
      doc.url,
      channel,
      doc.title,
      doc.published ?? null,
      sortAt,
      doc.full ? 1 : 0,
      text.start,
      text.rest,
      packRestore(doc.restore),
    );
    if (this.unindexed) this.unindexed.set(gram, { title: doc.title, text: doc.text });
    else this.index(gram, doc.title, doc.text);
  }

  /**
   * The documents of a list being kept, by their rowids in the index, indexed together at its end in their
   * order. FTS5 writes out its pending tokens whenever a row comes with a smaller rowid than the last: a feed
   * lists newest first, its rowids (ordered by date) go down, and indexed one by one each item was a segment of
   * its own to merge later (the index was half of keeping a list's item).
   */
  private unindexed: Map<number, { title: string; text: string }> | undefined;
  /**
   * The next id no document has, while a list's items are kept (writeItems): its max(id) looked up once for the
   * list rather than once for each new item. Only within that transaction, which holds the database's write lock
   * (the prefetch worker's connection writes documents too).
   */
  private nextId: number | undefined;

  /** An id no document has (below DOC_IDS), `least` or more, not given out again in this list's transaction. */
  private freshId(least = 0): number {
    const next =
      this.nextId ??
      ((this.stmt("SELECT max(id) FROM docs WHERE id < ?").pluck().get(DOC_IDS) as number | null) ?? 0) + 1;
    const id = Math.max(least, next);
    if (this.unindexed) this.nextId = id + 1;
    return id;
  }
  /** Whether documents kept before version 5 are here (none are ever added: see gramOf). */
  private holdsOldDocs: boolean | undefined;

  private index(gram: number, title: string, normalisedText: string): void {
    this.stmt("INSERT INTO grams (rowid, title, body) VALUES (?, ?, ?)").run(
      gram,
      indexTokens(this.normalise(title)),
      indexTokens(normalisedText),
    );
  }

  /** Keeps the items of a channel's list (new ones added, known ones updated; their read state kept). */
  putItems(items: readonly KeptItem[], seenAt = this.now()): void {
    this.transaction(() => this.writeItems(items, seenAt));
    // Kept means committed: not inside a larger transaction (the import), which may yet be undone.
    if (!this.db.inTransaction) trace(`archive kept ${items.length} items`);
  }

  /**
   * putItems' writes, inside a transaction: putListEnd's own, not one nested in it (a savepoint, at which FTS5
   * writes out its pending tokens and merges: 40% more bytes written per item).
   */
  private writeItems(items: readonly KeptItem[], seenAt: number): void {
    const upsert = this.stmt(`
      INSERT INTO items (key, channel, title, link, published, summary, seen_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET channel = coalesce(excluded.channel, channel), title = excluded.title,
        link = excluded.link, published = coalesce(excluded.published, published),
        summary = coalesce(excluded.summary, summary), seen_at = excluded.seen_at`);
    // Bound by position: named, each item was an object of its values made for the binding.
    for (const item of items)
      upsert.run(
        item.id ?? item.url,
        item.channel ?? null,
        item.title,
        item.url,
        item.published ?? null,
        item.summary ?? null,
        seenAt,
      );
    // Oldest first: within a minute of the index's order (gramOf) the later id is the newer item.
    // Indexes sorted by times kept apart, not map()ped pairs: map() inlined in optimised code makes a holey array
    // where the interpreter's made a packed one, so the sort() of its result ("wrong map") threw writeItems'
    // optimised code away early in every refresh, and TurboFan, compiling it again, did the largest compile of a
    // cold refresh twice (V8 --trace-deopt, scripts/bench-archive.mjs).
    const at = new Float64Array(items.length);
    for (let i = 0; i < items.length; i++) at[i] = sortTime(items[i]!.published, seenAt);
    const byDate = Array.from(at.keys()).sort((a, b) => at[a]! - at[b]!);
    const unindexed = (this.unindexed = new Map());
    try {
      for (const i of byDate) {
        const item = items[i]!;
        // One shape for every item, whichever fields it has: putDoc's loads stay monomorphic.
        this.putDoc({
          url: item.url,
          channel: item.channel,
          title: item.title,
          published: item.published,
          text: this.normalise(item.summary ?? ""),
          full: false,
          seenAt,
          sortAt: at[i]!,
        });
      }
      for (const gram of [...unindexed.keys()].sort((a, b) => a - b)) {
        const doc = unindexed.get(gram)!;
        this.index(gram, doc.title, doc.text);
      }
    } finally {
      this.unindexed = undefined;
      this.nextId = undefined;
    }
  }

  /**
   * Keeps the last part of a channel's list and records the list as held (`digest`), in one transaction: the
   * record stands only once every part before it is committed too.
   */
  putListEnd(channel: string, digest: string, items: readonly KeptItem[], seenAt = this.now()): void {
    this.transaction(() => {
      this.writeItems(items, seenAt);
      this.stmt("INSERT OR REPLACE INTO lists (channel, digest, kept_at) VALUES (?, ?, ?)").run(
        channel,
        digest,
        seenAt,
      );
    });
    if (!this.db.inTransaction) trace(`archive kept ${items.length} items, the end of ${channel}'s list`);
  }

  /**
   * Whether the list of `channel` with this digest is held, kept less than `maxAgeMs` ago. A digest without the
   * summaries' part (a list saved compact, see listDigest) is held when the items' part is.
   */
  holdsList(channel: string, digest: string, maxAgeMs: number): boolean {
    const row = this.stmt("SELECT digest, kept_at FROM lists WHERE channel = ?").get(channel) as
      { digest: string; kept_at: number } | undefined;
    if (row === undefined || this.now() - row.kept_at > maxAgeMs) return false;
    return row.digest === digest || (!digest.includes(" ") && row.digest.startsWith(`${digest} `));
  }

  /** Keeps a fetched article (its extracted form, readable offline) and indexes its full text. */
  putArticle(
    url: string,
    article: Article,
    validators: { etag?: string; lastModified?: string; fetchedAt?: number } = {},
  ): void {
    const fetchedAt = validators.fetchedAt ?? this.now();
    const original = articleText(article);
    const text = this.normalise(original);
    const { stored, restore } = storedArticle(article, original, text);
    this.transaction(() => {
      this.stmt(
        "INSERT OR REPLACE INTO articles (url, article, etag, last_modified, fetched_at) VALUES (?, ?, ?, ?, ?)",
      ).run(
        url,
        deflate(JSON.stringify(stored)),
        validators.etag ?? null,
        validators.lastModified ?? null,
        fetchedAt,
      );
      this.putDoc({
        url,
        title: article.title,
        ...(article.published !== undefined ? { published: article.published } : {}),
        text,
        ...(restore !== undefined ? { restore } : {}),
        full: true,
        seenAt: fetchedAt,
      });
    });
    if (!this.db.inTransaction) trace("archive kept an article");
  }

  /** The kept copy of an article, for reading offline. */
  article(url: string): Article | undefined {
    return this.keptArticle(url)?.article;
  }

  /** The kept copy of an article with when it was fetched and its validators (to ask whether it changed). */
  keptArticle(url: string): KeptArticle | undefined {
    const row = this.stmt(
      `SELECT a.article, a.etag, a.last_modified, a.fetched_at, d.text, d.rest, d.restore
       FROM articles a LEFT JOIN docs d ON d.url = a.url WHERE a.url = ?`,
    ).get(url) as
      | {
          article: Buffer;
          etag: string | null;
          last_modified: string | null;
          fetched_at: number;
          text: StoredStart | null;
          rest: Buffer | null;
          restore: Buffer | null;
        }
      | undefined;
    if (!row) return undefined;
    let article: Article | undefined;
    try {
      const stored = JSON.parse(inflate(row.article)) as StoredArticle;
      article = articleOf(stored, unpackText(unpackStart(row.text), row.rest), row.restore);
    } catch {
      return undefined;
    }
    if (!article) return undefined;
    const kept: KeptArticle = { article, fetchedAt: row.fetched_at };
    if (row.etag !== null) kept.etag = row.etag;
    if (row.last_modified !== null) kept.lastModified = row.last_modified;
    return kept;
  }

  /** The URLs of `urls` that have no kept article (what a prefetch still has to fetch). */
  missingArticles(urls: readonly string[]): string[] {
    const has = this.stmt("SELECT 1 FROM articles WHERE url = ?");
    return urls.filter((url) => !has.get(url));
  }

  /**
   * Makes the row of an item known only by its link (a read mark or bookmark older than the archive, or made
   * before its list was kept), so that its read state has a place.
   */
  ensureItem(ref: string | (ArticleRef & { channelId?: string })): void {
    if (typeof ref === "string") ref = { url: ref, title: "" };
    this.stmt(
      `INSERT INTO items (key, channel, title, link, published, summary, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO NOTHING`,
    ).run(
      ref.url,
      ref.channelId ?? null,
      ref.title,
      ref.url,
      ref.published ?? null,
      ref.summary ?? null,
      this.now(),
    );
  }

  setRead(url: string, read: boolean): void {
    this.ensureItem(url);
    this.stmt("UPDATE items SET read = ? WHERE link = ?").run(read ? 1 : 0, url);
  }

  setBookmarked(ref: ArticleRef & { channelId?: string }, bookmarked: boolean): void {
    this.transaction(() => {
      this.ensureItem(ref);
      this.stmt("UPDATE items SET bookmarked = ? WHERE link = ?").run(bookmarked ? 1 : 0, ref.url);
    });
  }

  setPosition(url: string, position: { block: number; offset: number }): void {
    this.ensureItem(url);
    this.stmt("UPDATE items SET position = ? WHERE link = ?").run(JSON.stringify(position), url);
  }

  /** The read state of an item, for tests and for the migration's check. */
  itemState(url: string): {
    read: boolean;
    bookmarked: boolean;
    position?: { block: number; offset: number };
  } {
    const row = this.stmt("SELECT read, bookmarked, position FROM items WHERE link = ?").get(url) as
      { read: number; bookmarked: number; position: string | null } | undefined;
    return {
      read: row?.read === 1,
      bookmarked: row?.bookmarked === 1,
      ...(row?.position ? { position: JSON.parse(row.position) as { block: number; offset: number } } : {}),
    };
  }

  /**
   * Forgets items not seen, and articles not fetched, for `keepDays`; bookmarked ones are kept whatever their
   * age. Returns how many items and articles went.
   */
  prune(keepDays: number, now = this.now()): { items: number; articles: number } {
    const cutoff = now - keepDays * DAY_MS;
    const counts = this.transaction(() => {
      const items = this.stmt("DELETE FROM items WHERE seen_at < ? AND bookmarked = 0").run(cutoff).changes;
      const articles = this.stmt(
        `DELETE FROM articles WHERE fetched_at < ?
           AND url NOT IN (SELECT link FROM items WHERE bookmarked = 1 AND link IS NOT NULL)`,
      ).run(cutoff).changes;
      // Documents whose item and article are both gone.
      const gone = `FROM docs WHERE url NOT IN (SELECT url FROM articles)
        AND url NOT IN (SELECT link FROM items WHERE link IS NOT NULL)`;
      this.stmt(`DELETE FROM grams WHERE rowid IN (SELECT coalesce(gram, id) ${gone})`).run();
      this.stmt(`DELETE ${gone}`).run();
      // A list not kept for as long has had its items forgotten above.
      this.stmt("DELETE FROM lists WHERE kept_at < ?").run(cutoff);
      return { items, articles };
    });
    // The freed pages back to the disk (auto_vacuum is incremental), outside the transaction above.
    this.db.pragma("incremental_vacuum");
    return counts;
  }

  /**
   * `prune`, when the last one was a day ago or more. Its scans of every item and document took ~0.4 s of the
   * main thread at 50,000 items, at every start; items are kept for months, so once a day is as good.
   */
  pruneIfDue(keepDays: number, now = this.now()): void {
    const last = Number(this.meta(PRUNED_AT));
    if (Number.isFinite(last) && last <= now && now - last < DAY_MS) return;
    this.prune(keepDays, now);
    this.setMeta(PRUNED_AT, String(now));
  }

  /**
   * Titles and full text of everything kept, newest first. Each word of the query must be found (AND); a CJK
   * word of any length, 简体 or 繁體, and Latin words (as prefixes, in any case).
   */
  search(query: string, limit = 50): SearchHit[] {
    const plan = searchPlan(queryTerms(query, (t) => this.normalise(t)));
    if (plan === undefined || limit <= 0) return [];
    const hits: SearchHit[] = [];
    // Newest first is the index's own order (see gramOf); when matches must be checked, in parts until enough.
    const part = plan.check ? limit * 2 : limit;
    const candidates = this.stmt(
      "SELECT rowid AS id FROM grams WHERE grams MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?",
    );
    const columns = "url, title, published, channel, full, text, rest, restore";
    // A read-only archive of an older version has its documents' ids as their rowids in the index.
    this.gramsAreIds ??= (this.db.pragma("user_version", { simple: true }) as number) < GRAM_VERSION;
    const docOf = this.gramsAreIds
      ? (gram: number) => this.stmt(`SELECT ${columns} FROM docs WHERE id = ?`).get(gram)
      : (gram: number) =>
          this.stmt(`SELECT ${columns} FROM docs WHERE id IN (?, ?) AND coalesce(gram, id) = ?`).get(
            gram % DOC_IDS,
            gram,
            gram,
          );
    let below = Number.MAX_SAFE_INTEGER;
    while (hits.length < limit) {
      const ids = candidates.all(plan.match, below, part) as Array<{ id: number }>;
      for (const { id } of ids) {
        const row = docOf(id) as DocRow | undefined;
        if (!row) continue;
        // The start of the text alone when it settles the check and holds the snippet; else all of it.
        const start = unpackStart(row.text);
        let text = start;
        const whole = () => (text = unpackText(start, row.rest));
        if (plan.check && !this.holdsAll(row.title, start, plan.needles)) {
          if (!row.rest || !this.holdsAll(row.title, whole(), plan.needles)) continue;
        }
        // (A summary's start has no restore to show it as written: all of it, then.)
        if (row.rest && row.restore === null) whole();
        else if (row.rest && text === start) {
          const first = firstMatch(start, plan.needles);
          if (first < 0 || Math.max(0, first - SNIPPET_BEFORE) + SNIPPET_LENGTH > start.length) whole();
        }
        const hit: SearchHit = { url: row.url, title: row.title, ...this.snippet(row, text, plan.needles) };
        if (row.published) hit.published = row.published;
        if (row.channel) hit.channel = row.channel;
        hits.push(hit);
        if (hits.length >= limit) break;
      }
      if (ids.length < part) break;
      below = ids.at(-1)!.id;
    }
    return hits;
  }

  private gramsAreIds: boolean | undefined;

  /** Whether every piece of the query stands, whole, in a document's title or its (normalised) text. */
  private holdsAll(title: string, normalisedText: string, needles: readonly string[]): boolean {
    let normalisedTitle: string | undefined;
    return needles.every((needle) => {
      if (normalisedText.includes(needle)) return true;
      normalisedTitle ??= this.normalise(title);
      return normalisedTitle.includes(needle);
    });
  }

  /** The original text around the first match, with every match in the window marked. */
  private snippet(
    doc: DocRow,
    normalisedBody: string,
    terms: string[],
  ): Pick<SearchHit, "snippet" | "marks"> {
    const original = this.originalText(doc, normalisedBody);
    // The normalised text stands in for the original when they do not line up (a conversion that changed
    // the length), so that the marks fall on the matched words.
    const text =
      original !== undefined && original.length === normalisedBody.length ? original : normalisedBody;
    const first = Math.max(0, firstMatch(normalisedBody, terms));
    const start = Math.max(0, first - SNIPPET_BEFORE);
    const end = Math.min(text.length, start + SNIPPET_LENGTH);
    const window = normalisedBody.slice(start, end);
    const marks: Array<[number, number]> = [];
    for (const term of terms) {
      for (let i = window.indexOf(term); i >= 0; i = window.indexOf(term, i + term.length))
        marks.push([i, i + term.length]);
    }
    marks.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const mark of marks) {
      const last = merged.at(-1);
      if (last && mark[0] <= last[1]) last[1] = Math.max(last[1], mark[1]);
      else merged.push([mark[0], mark[1]]);
    }
    // One space for each white-space character, so the marks stay on their words.
    return { snippet: text.slice(start, end).replace(/\s/g, " "), marks: merged };
  }

  /**
   * A document's text as written: the article's (from the normalised text and its restore, without reading the
   * article), else the item's summary.
   */
  private originalText(doc: DocRow, normalisedBody: string): string | undefined {
    if (doc.full) {
      try {
        if (doc.restore) return restored(normalisedBody, unpackRestore(doc.restore));
        const article = this.article(doc.url);
        if (article) return articleText(article);
      } catch {
        return undefined;
      }
    }
    const row = this.stmt("SELECT summary FROM items WHERE link = ?").get(doc.url) as
      { summary: string | null } | undefined;
    return row ? (row.summary ?? "") : undefined;
  }
}

/** Where the first of the needles stands in a text, or -1. */
function firstMatch(text: string, needles: readonly string[]): number {
  const firsts = needles.map((t) => text.indexOf(t)).filter((i) => i >= 0);
  return firsts.length > 0 ? Math.min(...firsts) : -1;
}

interface DocRow {
  url: string;
  title: string;
  published: string | null;
  channel: string | null;
  full: number;
  text: StoredStart | null;
  rest: Buffer | null;
  restore: Buffer | null;
}

/** The result of opening: the archive when there is one, and what the person should be told. */
export interface ArchiveOpen {
  archive?: Archive;
  warnings: string[];
}

function sqliteCode(error: unknown): string {
  return typeof (error as { code?: unknown }).code === "string" ? (error as { code: string }).code : "";
}

function isCorrupt(error: unknown): boolean {
  const code = sqliteCode(error);
  return code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB");
}

function isReadOnly(error: unknown): boolean {
  const code = sqliteCode(error);
  return code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_CANTOPEN") || code === "EACCES";
}

/**
 * The page cache of each connection, in KiB (as `PRAGMA cache_size` takes it, negative). better-sqlite3 builds
 * SQLite with 16 MB (SQLite's own default is 2 MB), which a long refresh fills and keeps: ~16 MB of resident memory
 * per connection, interleaved in malloc's heap with the bodies freed around it. A quarter of it read 0.1–0.2 KB
 * more per item kept, from the system's page cache, at 1,000 and 2,000 feeds.
 */
const PAGE_CACHE_KIB = 4000;

function prepare(db: Database, busyTimeoutMs: number, readOnly: boolean): void {
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  // The connection's own memory, not the file: set for any archive, even one left as it is.
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  const version = db.pragma("user_version", { simple: true }) as number;
  // One written by a newer version (a downgrade) is left exactly as it is, not even its journal mode changed: its
  // tables may mean what this version cannot know (v4 code searching a v5 archive missed every newer document),
  // and a write in the old layout could lose what the newer version kept.
  if (version > SCHEMA_VERSION)
    throw new Error(
      `it was written by a newer version of reader (schema ${version}; this one reads up to ${SCHEMA_VERSION}), and is left as it is: update reader to search it`,
    );
  if (readOnly) {
    // One written by a much older version cannot be brought up to date: done without.
    if (version < READABLE_VERSION) throw new Error("read-only, and written by an older version");
    db.prepare("SELECT count(*) FROM docs").get();
    return;
  }
  // Pages freed by pruning go back to the disk (see prune). Takes effect only before the first table.
  db.pragma("auto_vacuum = INCREMENTAL");
  db.pragma("journal_mode = WAL");
  // WAL with synchronous=NORMAL: a committed transaction survives the process being killed.
  db.pragma("synchronous = NORMAL");
}

/** Moves a broken database (and its WAL files) aside; returns where it went. */
function moveAside(file: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, "-");
  const target = `${file}.broken-${stamp}`;
  fs.renameSync(file, target);
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  return target;
}

/**
 * better-sqlite3's compiled addon: its path where its install builds or downloads it, else where its `bindings`
 * search finds it from the package's own directory. Given its path, better-sqlite3 does not run that search (a
 * dozen paths, a stack trace read: ~2 ms of CPU at every start). Throws, saying where it looked, when there is
 * none: bundled, better-sqlite3's own search would look in the reader's directory and name its paths instead.
 */
export function builtAddon(require: NodeJS.Require): string {
  try {
    return require.resolve("better-sqlite3/build/Release/better_sqlite3.node");
  } catch {
    // Built elsewhere (a debug build…): searched for below.
  }
  let manifest: string;
  try {
    manifest = require.resolve("better-sqlite3/package.json");
  } catch {
    throw new Error("better-sqlite3 is not installed");
  }
  const root = path.dirname(manifest);
  try {
    const bindings = createRequire(manifest)("bindings") as (options: {
      bindings: string;
      module_root: string;
      path: true;
    }) => string;
    return bindings({ bindings: "better_sqlite3.node", module_root: root, path: true });
  } catch {
    throw new Error(
      `its compiled addon, better_sqlite3.node, is not in ${root}: npm rebuild better-sqlite3 builds it`,
    );
  }
}

/**
 * Opens (or creates) the archive. Never throws: a corrupt database is moved aside and a new one started, a
 * read-only one is opened for search only, and one held by another process for longer than the busy timeout
 * is done without for this run — each with a warning saying so.
 */
export async function openArchive(options: ArchiveOptions): Promise<ArchiveOpen> {
  const dir = options.dir ?? cacheDir();
  const file = path.join(dir, DATABASE_NAME);
  const now = options.now ?? Date.now;
  const busy = options.busyTimeoutMs ?? 5_000;
  const warnings: string[] = [];
  let Sqlite: typeof BetterSqlite3;
  let nativeBinding: string;
  try {
    // Bundled in the build (scripts/build.mjs); unbundled (tests), Node imports it as a CommonJS package.
    Sqlite = (await import("better-sqlite3")).default;
    nativeBinding = builtAddon(createRequire(import.meta.url));
  } catch (error) {
    return { warnings: [`search is off: the database module did not load (${(error as Error).message})`] };
  }
  const make = (readOnly: boolean) => {
    const db = new Sqlite(file, {
      ...(readOnly ? { readonly: true, fileMustExist: true } : {}),
      nativeBinding,
    });
    try {
      prepare(db, busy, readOnly);
    } catch (error) {
      db.close();
      throw error;
    }
    const archive = new Archive(db, { file, readOnly, normalise: options.normalise, now });
    if (!readOnly) {
      try {
        archive.upgrade();
      } catch (error) {
        db.close();
        throw error;
      }
    }
    return archive;
  };
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch {
    // A read-only or missing parent: the open below says what it can.
  }
  try {
    return { archive: make(false), warnings };
  } catch (error) {
    if (isCorrupt(error)) {
      try {
        const aside = moveAside(file, now());
        warnings.push(`the article database was damaged; it was moved to ${aside} and a new one started`);
        return { archive: make(false), warnings };
      } catch (again) {
        return { warnings: [...warnings, `search is off: ${file}: ${(again as Error).message}`] };
      }
    }
    if (isReadOnly(error)) {
      try {
        const archive = make(true);
        warnings.push(`${file} is read-only: search works, but nothing new is kept`);
        return { archive, warnings };
      } catch {
        // Fall through: no archive at all.
      }
    }
    if (sqliteCode(error).startsWith("SQLITE_BUSY"))
      return { warnings: [`search is off for this run: ${file} is held by another reader`] };
    return { warnings: [`search is off: ${file}: ${(error as Error).message}`] };
  }
}

/** The index's normaliser: 繁體 (any variant) as 简体, so that a query in one script finds text in the other. */
export async function loadNormaliser(): Promise<Normalise> {
  return loadConverter("hans", "tw");
}
