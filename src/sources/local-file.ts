// Local input is as hostile as the network's: a file argument may be /dev/zero, a FIFO, `<(yes)` or a 300 MB
// page. It is read up to the same body limit as a download, never further, and what was cut is said.
import fs from "node:fs/promises";
import { ReaderError } from "../model.js";

/** The most bytes read of one body, downloaded or local (10 MB). */
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export interface LocalBody {
  body: Uint8Array;
  /** Set when the file went on past the limit: what was kept, to show the user. */
  cut?: string;
}

const READ_CHUNK = 256 * 1024;

/** In words a person can act on: why `file` could not be read. */
function readFailure(file: string, error: unknown): ReaderError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why =
    code === "ENOENT"
      ? "no such file"
      : code === "EISDIR"
        ? "it is a directory"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : (code ?? (error instanceof Error ? error.message : String(error)));
  return new ReaderError(`cannot read ${file}: ${why}`);
}

/**
 * Reads at most `limit` bytes of `file` (a regular file, a device, a FIFO: whatever it is, nothing beyond the
 * limit is read or kept). Throws ReaderError with the reason when it cannot be opened.
 */
export async function readLocalFile(file: string, limit = BODY_LIMIT_BYTES): Promise<LocalBody> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (error) {
    throw readFailure(file, error);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw readFailure(file, Object.assign(new Error(), { code: "EISDIR" }));
    // A regular file's size is known: one buffer of the right size. Others (devices, pipes) grow by chunks.
    const buffer = new Uint8Array(stat.isFile() ? Math.min(stat.size, limit) + 1 : READ_CHUNK);
    let length = 0;
    let body = buffer;
    for (;;) {
      if (length === body.length) {
        if (length > limit) break;
        const grown = new Uint8Array(Math.min(body.length * 2, limit + 1));
        grown.set(body);
        body = grown;
      }
      const { bytesRead } = await handle.read(body, length, body.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length <= limit) return { body: body.subarray(0, length) };
    const size = stat.isFile() ? ` of ${formatBytes(stat.size)}` : "";
    return {
      body: body.subarray(0, limit),
      cut: `${file} is larger than ${formatBytes(limit)}: only the first ${formatBytes(limit)}${size} were read`,
    };
  } catch (error) {
    throw error instanceof ReaderError ? error : readFailure(file, error);
  } finally {
    await handle.close();
  }
}
