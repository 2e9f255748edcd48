// bookmarks.json: a small document (people keep tens or hundreds of bookmarks), rewritten atomically under
// the lock with read-merge-write, so two processes bookmarking at once both land.
import fs from "node:fs";
import path from "node:path";
import { ReaderError, type ArticleRef } from "../model.js";
import { sanitizeInline } from "../text/sanitize.js";
import { writeFileAtomic } from "./atomic-write.js";
import { withFileLock } from "./file-lock.js";
import { isMissingFile, StoreWriteError, writeFailure } from "./store-error.js";

export interface Bookmark extends ArticleRef {
  /** The channel it was bookmarked from, when known. */
  channelId?: string;
  /** ISO 8601 instant it was bookmarked. */
  bookmarkedAt: string;
}

function bookmarkFromJson(value: unknown): Bookmark | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v["url"] !== "string" || typeof v["title"] !== "string") return undefined;
  const bookmark: Bookmark = {
    url: v["url"],
    title: v["title"],
    bookmarkedAt: typeof v["bookmarkedAt"] === "string" ? v["bookmarkedAt"] : new Date(0).toISOString(),
  };
  for (const key of ["published", "source", "summary", "channelId"] as const)
    if (typeof v[key] === "string") bookmark[key] = v[key];
  return bookmark;
}

/** A bookmark made from what the feed said; strings pass the sanitiser like all content. */
export function makeBookmark(ref: ArticleRef & { channelId?: string }, now: Date): Bookmark {
  const bookmark: Bookmark = {
    url: ref.url,
    title: sanitizeInline(ref.title),
    bookmarkedAt: now.toISOString(),
  };
  if (ref.published !== undefined) bookmark.published = ref.published;
  if (ref.source !== undefined) bookmark.source = sanitizeInline(ref.source);
  if (ref.summary !== undefined) bookmark.summary = sanitizeInline(ref.summary);
  if (ref.channelId !== undefined) bookmark.channelId = ref.channelId;
  return bookmark;
}

export class BookmarkFile {
  list: Bookmark[] = [];
  readonly warnings: string[] = [];
  readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, "bookmarks.json");
    this.list = this.read(true);
  }

  /** Reads the file; a broken one is moved aside (at open) and counts as empty. */
  private read(atOpen: boolean): Bookmark[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (error) {
      if (isMissingFile(error)) return [];
      if (!atOpen) throw error;
      // A directory in its place is moved aside like a broken file; anything else (the settings directory is
      // a file, no permission) is said, and the reader goes on without bookmarks.
      if ((error as NodeJS.ErrnoException).code === "EISDIR") this.moveAside("it is a directory");
      else
        this.warnings.push(
          `${this.file} could not be read (${writeFailure(error, this.file).message.replace(/^Could not save [^:]*: /, "")}); starting with no bookmarks.`,
        );
      return [];
    }
    try {
      const parsed: unknown = JSON.parse(text);
      const raw = (parsed as { bookmarks?: unknown } | null)?.bookmarks;
      if (!Array.isArray(raw)) throw new Error("no bookmarks list");
      return raw.map(bookmarkFromJson).filter((b) => b !== undefined);
    } catch (error) {
      if (!atOpen)
        throw new StoreWriteError(
          `Could not save ${this.file}: it is no longer valid JSON; it was left as it is.`,
        );
      this.moveAside((error as Error).message);
      return [];
    }
  }

  private moveAside(why: string): void {
    const aside = `${this.file}.corrupt-${new Date().toISOString().replace(/:/g, "-")}`;
    try {
      fs.renameSync(this.file, aside);
      this.warnings.push(
        `${this.file} could not be read (${why}). It was moved to ${aside}; starting with no bookmarks.`,
      );
    } catch {
      this.warnings.push(`${this.file} could not be read (${why}); it was left as it is.`);
    }
  }

  /** Re-reads the file; keeps what is in memory when it cannot be read. */
  reload(): void {
    try {
      this.list = this.read(false);
    } catch {
      // broken since open: the next update reports it
    }
  }

  /** Applies `change` to the bookmarks on disk now and saves; on failure applies it in memory and throws. */
  update<T>(change: (list: Bookmark[]) => { list: Bookmark[]; result: T }): T {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      return withFileLock(this.file, () => {
        const { list, result } = change(this.read(false));
        writeFileAtomic(this.file, JSON.stringify({ version: 1, bookmarks: list }, null, 2) + "\n");
        this.list = list;
        return result;
      });
    } catch (error) {
      if (error instanceof ReaderError && !(error instanceof StoreWriteError)) throw error;
      this.list = change(this.list).list;
      throw writeFailure(error, this.file);
    }
  }
}
