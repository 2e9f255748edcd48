// A probe for the reader under `bench-tui.mjs` (investigations, not a figure of its own): preloaded with
//   BENCH_READER_NODE_OPTIONS='--import ./scripts/bench-probe.mjs' BENCH_PHASES=1 node scripts/bench-tui.mjs --only=biglist
// it records, in the interface's process, each key's arrival (stdin), each frame written, V8's collections and the
// heap's spaces at both, and writes them at exit to $TMPDIR/reader-probe-<pid>.json for scripts/bench-probe-report.mjs.
// Only the interface is probed (a command such as `reader add` has arguments).
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PerformanceObserver, performance } from "node:perf_hooks";
import v8 from "node:v8";

if (process.argv.length === 2) {
  const FRAME_END = "\u001b[?25l"; // src/tui/output.ts
  const events = [];
  const collections = [];
  const spaces = () => {
    const used = {};
    for (const space of v8.getHeapSpaceStatistics()) used[space.space_name] = space.space_used_size;
    return used;
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      collections.push({ t: e.startTime, ms: e.duration, kind: e.detail?.kind });
  }).observe({ entryTypes: ["gc"] });
  const emit = process.stdin.emit;
  process.stdin.emit = function (event, ...args) {
    if (event === "data" || event === "readable")
      events.push({ t: performance.now(), type: "key", spaces: spaces() });
    return emit.call(this, event, ...args);
  };
  const write = process.stdout.write;
  process.stdout.write = function (chunk, ...args) {
    if (String(chunk).endsWith(FRAME_END))
      events.push({ t: performance.now(), type: "frame", spaces: spaces() });
    return write.call(this, chunk, ...args);
  };
  process.on("exit", () =>
    writeFileSync(
      path.join(tmpdir(), `reader-probe-${process.pid}.json`),
      JSON.stringify({ events, collections }),
    ),
  );
}
