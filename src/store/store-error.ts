// Why a write to the settings directory failed, in words a person can act on.
import fs from "node:fs";
import path from "node:path";
import { ReaderError } from "../model.js";

/** A change could not be saved (read-only or full disk, a lock held too long). Reads still work. */
export class StoreWriteError extends ReaderError {
  override name = "StoreWriteError";
  constructor(
    message: string,
    /** The errno code (EROFS, EACCES, ENOSPC, …) when the system gave one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * A recursive mkdir on a read-only disk fails with ENOENT (Node walks up and reports the first missing
 * directory): ask the nearest directory that exists why it cannot be written.
 */
function mkdirCause(error: unknown): string | undefined {
  const { syscall, path: missing } = (error ?? {}) as { syscall?: unknown; path?: unknown };
  // EEXIST from mkdir: what is there is not a directory.
  if (errnoCode(error) === "EEXIST" && syscall === "mkdir") return "ENOTDIR";
  if (errnoCode(error) !== "ENOENT" || syscall !== "mkdir" || typeof missing !== "string") return undefined;
  for (let dir = path.dirname(missing); ; dir = path.dirname(dir)) {
    try {
      if (!fs.statSync(dir).isDirectory()) return "ENOTDIR";
      fs.accessSync(dir, fs.constants.W_OK);
      return undefined;
    } catch (cause) {
      const code = errnoCode(cause);
      if (code !== "ENOENT") return code;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Wraps a failed write of `file` as a StoreWriteError with a message that names the cause. */
export function writeFailure(error: unknown, file: string): StoreWriteError {
  if (error instanceof StoreWriteError) return error;
  const code = mkdirCause(error) ?? errnoCode(error);
  let why: string;
  switch (code) {
    case "EROFS":
      why = "the disk is read-only";
      break;
    case "EACCES":
    case "EPERM":
      why = "permission denied (the directory is read-only for you)";
      break;
    case "ENOSPC":
      why = "the disk is full";
      break;
    case "EDQUOT":
      why = "your disk quota is used up";
      break;
    case "ENOTDIR":
      why = `a file stands where its directory should be (${path.dirname(file)})`;
      break;
    default:
      why = error instanceof Error ? error.message : String(error);
  }
  return new StoreWriteError(`Could not save ${file}: ${why}. The change lasts until you quit.`, code);
}

/** ENOENT, or ENOTDIR: a path under something that is not a directory does not exist either. */
export function isMissingFile(error: unknown): boolean {
  const code = errnoCode(error);
  return code === "ENOENT" || code === "ENOTDIR";
}
