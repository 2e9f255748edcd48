// Whole-document writes: a reader of the file sees the old bytes or the new ones, never half of each,
// even if the process is killed or the machine loses power mid-write.
import fs from "node:fs";
import path from "node:path";

// Temporary names: unique within this process by the counter, across processes by the pid; created with "wx",
// so a name in use fails rather than being shared. (Not node:crypto: loading it costs start-up ~4 ms.)
let tempCount = 0;

/** Where a write of `file` lands: the file itself, or what it links to (a dotfiles repo's config.json). */
function linkTarget(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file; // not there yet (or a dangling link: renaming over it replaces the link, as before)
  }
}

/**
 * Writes `data` to a temporary file beside `file`, fsyncs it, renames it over `file`, fsyncs the directory.
 * A symbolic link is written through: the temporary file is made beside its target and renamed over that.
 */
export function writeFileAtomic(link: string, data: string): void {
  const file = linkTarget(link);
  const temp = `${file}.tmp-${process.pid}-${(tempCount++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, "wx", 0o644);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(path.dirname(file));
}

function syncDirectory(dir: string): void {
  // The rename is only durable once the directory entry is; some systems refuse fsync on a directory.
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // not supported here: the rename is still atomic, only less durable on power loss
  }
}

/**
 * Deletes temporary files left in `dir` by writers killed mid-write (ours and conf's are `<name>.tmp-…`).
 * Only old ones: a fresh one may belong to a write in progress in another process.
 */
export function removeStaleTempFiles(dir: string, olderThanMs = 60_000, now = Date.now()): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!/\.(tmp-|lock\.stale-)/.test(name)) continue;
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > olderThanMs) fs.rmSync(file, { force: true });
    } catch {
      // gone already, or not ours to delete (read-only): harmless either way
    }
  }
}
