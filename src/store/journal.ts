// State that grows with use (read marks, reading positions) is an append-only JSON-lines file: one small
// write per change instead of rewriting a document on every keypress. Several processes may append at once
// (O_APPEND, one write per whole line); a torn last line (killed mid-write) is skipped on read. When the file
// grows, it is compacted: rewritten with one line per key, under the lock, by atomic rename.
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import { withFileLock } from "./file-lock.js";
import { isMissingFile, writeFailure } from "./store-error.js";

/** Every journal record names its key (`u`, a URL) and when it was made (`t`, ms since epoch). */
export interface JournalRecord {
  u: string;
  t: number;
}

export interface JournalRead<R> {
  records: R[];
  /** Lines that did not parse (a torn last line, or hand damage). */
  skipped: number;
}

function parseLines<R extends JournalRecord>(
  text: string,
  check: (value: unknown) => R | undefined,
): JournalRead<R> {
  const records: R[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let record: R | undefined;
    try {
      record = check(JSON.parse(line));
    } catch {
      record = undefined;
    }
    if (record) records.push(record);
    else skipped++;
  }
  return { records, skipped };
}

function sameFile(a: fs.Stats, b: fs.Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev;
}

export class Journal<R extends JournalRecord> {
  /** Lines in the file as far as this process knows; drives compaction. */
  lineCount = 0;
  private endsWithNewline = true;

  constructor(
    readonly file: string,
    private readonly check: (value: unknown) => R | undefined,
  ) {}

  /** Reads every record in file order. A missing file is empty. */
  read(): JournalRead<R> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (error) {
      if (isMissingFile(error)) return { records: [], skipped: 0 };
      throw error;
    }
    this.endsWithNewline = text === "" || text.endsWith("\n");
    const result = parseLines(text, this.check);
    this.lineCount = result.records.length + result.skipped;
    return result;
  }

  /** Appends one record as a single write. Throws StoreWriteError when the disk refuses. */
  append(record: R): void {
    // A torn line left by a killed writer must not swallow the next record: start on a fresh line.
    const line = (this.endsWithNewline ? "" : "\n") + JSON.stringify(record) + "\n";
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      // If a compaction renamed a new file into place while we wrote, our line went to the old file:
      // write it again to the current one (records carry their time, so a duplicate is harmless).
      for (let attempt = 0; attempt < 5; attempt++) {
        const fd = fs.openSync(this.file, "a", 0o644);
        let written: fs.Stats;
        try {
          fs.writeSync(fd, line);
          written = fs.fstatSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        let current: fs.Stats | undefined;
        try {
          current = fs.statSync(this.file);
        } catch {
          current = undefined;
        }
        if (current && sameFile(current, written)) break;
      }
    } catch (error) {
      throw writeFailure(error, this.file);
    }
    this.endsWithNewline = true;
    this.lineCount++;
  }

  /**
   * Rewrites the journal as `compact(all records on disk)`, under the lock. Records appended by other
   * processes while it ran are carried over to the new file and returned so the caller can apply them.
   */
  compact(compactRecords: (records: R[]) => R[]): R[] {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
    } catch (error) {
      throw writeFailure(error, this.file);
    }
    return withFileLock(this.file, () => {
      let fd: number | undefined;
      try {
        fd = fs.openSync(this.file, "r");
      } catch (error) {
        if (!isMissingFile(error)) throw writeFailure(error, this.file);
      }
      try {
        const before = fd === undefined ? Buffer.alloc(0) : readFrom(fd, 0);
        const kept = compactRecords(parseLines(before.toString("utf8"), this.check).records);
        try {
          writeFileAtomic(this.file, kept.map((r) => JSON.stringify(r) + "\n").join(""));
        } catch (error) {
          throw writeFailure(error, this.file);
        }
        this.lineCount = kept.length;
        this.endsWithNewline = true;
        if (fd === undefined) return [];
        // Lines appended to the old file between our read and the rename.
        const late = readFrom(fd, before.length);
        if (late.length === 0) return [];
        const lateRecords = parseLines(late.toString("utf8"), this.check).records;
        if (lateRecords.length > 0) {
          fs.appendFileSync(this.file, lateRecords.map((r) => JSON.stringify(r) + "\n").join(""));
          this.lineCount += lateRecords.length;
        }
        return lateRecords;
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
    });
  }
}

function readFrom(fd: number, start: number): Buffer {
  const chunks: Buffer[] = [];
  let position = start;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, chunk, 0, chunk.length, position);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    position += n;
  }
  return Buffer.concat(chunks);
}

/** Folds records into the latest per key: a later time wins; equal times go to the one later in the file. */
export function latestByKey<R extends JournalRecord>(
  records: Iterable<R>,
  into = new Map<string, R>(),
): Map<string, R> {
  for (const record of records) {
    const current = into.get(record.u);
    if (!current || record.t >= current.t) into.set(record.u, record);
  }
  return into;
}
