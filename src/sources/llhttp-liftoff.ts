// undici parses HTTP with llhttp compiled to WebAssembly. V8 compiles it with Liftoff, then again with TurboFan once
// it is hot, on a background thread in a zone of ~2 MB that is freed at once. glibc's malloc, seeing a mapped chunk
// that large freed, raises its mmap threshold to that size and its trim threshold to twice it, for the rest of the
// process: from then on every block under 2 MB (bodies, SQLite's pages, V8's own zones) comes from malloc's arenas,
// which keep up to 4 MB each of what is freed, and fragment. That was 15–25 MB of resident memory after a refresh of
// 2,000 feeds or after opening 100 articles (`node scripts/bench-tui.mjs --only=scale,memory`). Liftoff's code is
// enough for llhttp here: the same CPU over 3,000 responses. Imported before undici, which compiles llhttp as it
// loads. Only where Liftoff compiles every function (x64, arm64): with this flag, one it cannot compile fails rather
// than going to TurboFan. Only on Linux, where the allocator is glibc's (or musl's, which has no such threshold).
import { setFlagsFromString } from "node:v8";

if (process.platform === "linux" && (process.arch === "x64" || process.arch === "arm64")) {
  try {
    setFlagsFromString("--liftoff-only");
  } catch {
    // A runtime that refuses flags: TurboFan stays.
  }
}
