// Serialises read-merge-write of a document across reader processes: an O_EXCL lock file beside it.
// A lock whose owner is gone (dead pid on this host, or older than `staleMs`) is taken over.
import fs from "node:fs";
import os from "node:os";
import { StoreWriteError, writeFailure } from "./store-error.js";

export interface LockOptions {
  /** A lock older than this is considered abandoned. */
  staleMs?: number;
  /** Give up waiting after this long. */
  timeoutMs?: number;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function ownerIsGone(lockPath: string, staleMs: number): boolean {
  let text: string;
  let mtimeMs: number;
  try {
    text = fs.readFileSync(lockPath, "utf8");
    mtimeMs = fs.statSync(lockPath).mtimeMs;
  } catch {
    return false; // released meanwhile: just retry
  }
  if (Date.now() - mtimeMs > staleMs) return true;
  const [pidText, host] = text.split(" ");
  const pid = Number(pidText);
  if (host !== hostTag() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === "ESRCH";
  }
}

function hostTag(): string {
  return os.hostname().replace(/\s/g, "") || "local";
}

/** Runs `fn` while holding `<target>.lock`. Throws StoreWriteError if the lock cannot be made or had. */
export function withFileLock<T>(target: string, fn: () => T, options: LockOptions = {}): T {
  const staleMs = options.staleMs ?? 5_000;
  const timeoutMs = options.timeoutMs ?? 6_000;
  const lockPath = `${target}.lock`;
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, "wx", 0o644);
      try {
        fs.writeSync(fd, `${process.pid} ${hostTag()} ${new Date().toISOString()}\n`);
      } finally {
        fs.closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw writeFailure(error, target);
    }
    if (ownerIsGone(lockPath, staleMs)) {
      // Rename first so that two processes taking over the same stale lock cannot both delete a fresh one.
      const aside = `${lockPath}.stale-${process.pid}`;
      try {
        fs.renameSync(lockPath, aside);
        fs.rmSync(aside, { force: true });
      } catch {
        // someone else took it over first
      }
      continue;
    }
    if (Date.now() > deadline)
      throw new StoreWriteError(
        `Could not save ${target}: another reader process holds ${lockPath}. ` +
          "Try again; if no reader is running, delete that file.",
        "ELOCKED",
      );
    sleepSync(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockPath, { force: true });
  }
}
