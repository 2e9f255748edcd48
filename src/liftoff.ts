// The program's WebAssembly (undici's HTTP parser llhttp, Ink's layout engine Yoga) is compiled by V8's baseline
// compiler, Liftoff, only. V8 would compile hot functions again with TurboFan on a background thread, each in a
// zone of 1–2 MB freed at once. glibc's malloc, seeing a mapped chunk that large freed, raises its mmap threshold to
// that size and its trim threshold to twice it, for the rest of the process: from then on every block under it
// (bodies, SQLite's pages, V8's own zones) comes from malloc's arenas, which keep up to twice that of what is freed,
// and fragment. glibc's own settings (MALLOC_ARENA_MAX, MALLOC_TRIM_THRESHOLD_) are read only as a process starts,
// and starting Node again to set them would delay the first frame by a whole Node start-up.
// Measured with `node scripts/bench-tui.mjs --only=scale --scale=2000 --cold-only --baseline=<main>`: RSS after the
// refresh 121–132 MB against 133–143 MB in the same runs; `--only=memory`: 106–122 MB against 115–131 MB.
// Liftoff's code is enough for both: the same CPU over 3,000 responses, and Yoga's time goes to the calls from
// JavaScript. It applies to modules compiled after it is set. Only where Liftoff compiles every function (x64,
// arm64): with this flag, one it cannot compile fails rather than going to TurboFan. Only on Linux, where the
// allocator is glibc's (or musl's, which has no such threshold).
import { lazyBuiltin } from "./builtin.js";

const v8 = lazyBuiltin<typeof import("node:v8")>("node:v8");

export function compileWasmWithLiftoffOnly(): void {
  if (process.platform !== "linux" || (process.arch !== "x64" && process.arch !== "arm64")) return;
  try {
    v8().setFlagsFromString("--liftoff-only");
  } catch {
    // A runtime that refuses flags: TurboFan stays.
  }
}
