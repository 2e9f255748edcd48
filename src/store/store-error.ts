// Why a write to the settings directory failed, in words a person can act on.
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

/** Wraps a failed write of `file` as a StoreWriteError with a message that names the cause. */
export function writeFailure(error: unknown, file: string): StoreWriteError {
  if (error instanceof StoreWriteError) return error;
  const code = errnoCode(error);
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
    default:
      why = error instanceof Error ? error.message : String(error);
  }
  return new StoreWriteError(`Could not save ${file}: ${why}. The change lasts until you quit.`, code);
}

export function isMissingFile(error: unknown): boolean {
  return errnoCode(error) === "ENOENT";
}
