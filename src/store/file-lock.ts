// Serialises read-merge-write of a document across reader processes: an O_EXCL lock file beside it.
// A lock is taken over only when its owner is gone: its pid is not alive on this host. A live owner is waited
// for, however long it has held the lock (it may be stopped with Ctrl-Z mid-import): taking its lock would let
// its later write undo ours. A lock from another host, or one without a readable owner, counts as abandoned
// only after `staleMs`.
import fs from "node:fs";
import os from "node:os";
import { StoreWriteError, writeFailure } from "./store-error.js";

export interface LockOptions {
  /** A lock whose owner cannot be checked (another host, no pid in it) older than this is abandoned. */
  staleMs?: number;
  /** Give up waiting after this long. */
  timeoutMs?: number;
}

/** How long a wait goes on before the person is told what it waits for. */
const SAY_WAITING_AFTER_MS = 1_000;

let waitListener: ((message: string) => void) | undefined;

/** Who to tell when a write waits for another reader process (the command line: stderr). */
export function onLockWait(listener: ((message: string) => void) | undefined): void {
  waitListener = listener;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

interface LockOwner {
  gone: boolean;
  /** The owner's pid, when the lock names one on this host. */
  pid?: number;
}

function lockOwner(lockPath: string, staleMs: number): LockOwner {
  let text: string;
  let mtimeMs: number;
  try {
    text = fs.readFileSync(lockPath, "utf8");
    mtimeMs = fs.statSync(lockPath).mtimeMs;
  } catch {
    return { gone: false }; // released meanwhile: just retry
  }
  const [pidText, host] = text.split(" ");
  const pid = Number(pidText);
  if (host !== hostTag() || !Number.isInteger(pid) || pid <= 0)
    return { gone: Date.now() - mtimeMs > staleMs };
  if (pid === process.pid) return { gone: false, pid };
  try {
    process.kill(pid, 0);
    return { gone: false, pid };
  } catch (error) {
    // EPERM: alive, someone else's process.
    return { gone: (error as { code?: string }).code === "ESRCH", pid };
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
  const started = Date.now();
  const deadline = started + timeoutMs;
  let delay = 1;
  let told = false;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(lockPath, "wx", 0o644);
      fs.writeSync(fd, `${process.pid} ${hostTag()} ${new Date().toISOString()}\n`);
      fs.closeSync(fd);
      break;
    } catch (error) {
      if (fd !== undefined) {
        // Made but not written (a full disk): an empty lock would stall the next writer. Nothing to keep.
        fs.closeSync(fd);
        fs.rmSync(lockPath, { force: true });
      }
      if ((error as { code?: string }).code !== "EEXIST") throw writeFailure(error, target);
    }
    const owner = lockOwner(lockPath, staleMs);
    if (owner.gone) {
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
    const now = Date.now();
    const holder = owner.pid === undefined ? "another reader process" : `reader process ${owner.pid}`;
    if (now > deadline)
      throw new StoreWriteError(
        `Could not save ${target}: ${holder} holds ${lockPath} (is it stopped? \`fg\` resumes it). ` +
          "Nothing was changed: try again once it has finished (if no reader is running, delete that file).",
        "ELOCKED",
      );
    if (!told && now - started > SAY_WAITING_AFTER_MS) {
      told = true;
      waitListener?.(`Waiting for ${holder} to finish saving ${target}…`);
    }
    sleepSync(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockPath, { force: true });
  }
}
