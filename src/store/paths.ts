// Where the reader keeps things: XDG directories as `reader/` (no `-nodejs` suffix), overridable for tests.
import os from "node:os";
import path from "node:path";

function xdg(variable: string, fallback: string): string {
  const value = process.env[variable];
  return value && path.isAbsolute(value) ? value : path.join(os.homedir(), fallback);
}

/** Settings, sources, read state, bookmarks. `READER_CONFIG_DIR` overrides. */
export function configDir(): string {
  return process.env["READER_CONFIG_DIR"] || path.join(xdg("XDG_CONFIG_HOME", ".config"), "reader");
}

/** HTTP cache and bookmarked pages. `READER_CACHE_DIR` overrides. */
export function cacheDir(): string {
  return process.env["READER_CACHE_DIR"] || path.join(xdg("XDG_CACHE_HOME", ".cache"), "reader");
}

/** Debug log file, written only when `READER_DEBUG` is set. */
export function debugLogPath(): string {
  return path.join(cacheDir(), "debug.log");
}
