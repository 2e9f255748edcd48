// Reads a file written by scripts/bench-probe.mjs: for each part of the run between two times (ms since the
// reader started: bench-tui's BENCH_PHASES lines), the keys' time from arrival to frame inside the process, V8's
// scavenges and their time per key, what was promoted to the old generation per key, and what a key allocated
// (median over the keys with no scavenge between their arrival and their frame).
// Usage: node scripts/bench-probe-report.mjs <file> <name>=<from>-<to> [<name>=<from>-<to> …]
import { readFileSync } from "node:fs";

const [file, ...parts] = process.argv.slice(2);
const { events, collections } = JSON.parse(readFileSync(file, "utf8"));
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
for (const part of parts) {
  const [name, range] = part.split("=");
  const [from, to] = range.split("-").map(Number);
  const frames = events.filter((e) => e.type === "frame" && e.t >= from && e.t <= to);
  // A key: the first stdin event after a frame, and the frame that follows it.
  const keys = [];
  events.forEach((e, i) => {
    if (e.type !== "key" || e.t < from || e.t > to || events[i - 1]?.type !== "frame") return;
    const frame = events.slice(i).find((x) => x.type === "frame");
    if (frame)
      keys.push({ ms: frame.t - e.t, newSpace: frame.spaces.new_space - e.spaces.new_space, frame, key: e });
  });
  if (frames.length < 2 || keys.length === 0) {
    console.log(`${name}: no keys`);
    continue;
  }
  const first = frames[0];
  const last = frames.at(-1);
  const n = frames.length - 1;
  const scavenges = collections.filter((c) => c.kind === 1 && c.t >= first.t && c.t <= last.t);
  const others = collections.filter((c) => c.kind !== 1 && c.t >= first.t && c.t <= last.t);
  const allocated = keys
    .filter((k) => k.newSpace > 0)
    .map((k) => k.newSpace + Math.max(0, k.frame.spaces.old_space - k.key.spaces.old_space));
  const ms = keys.map((k) => k.ms);
  console.log(
    `${name}: ${n} keys; in-process key→frame p50 ${quantile(ms, 0.5).toFixed(1)} ms, p95 ${quantile(ms, 0.95).toFixed(1)} ms; ` +
      `${scavenges.length} scavenges (${(scavenges.reduce((s, c) => s + c.ms, 0) / n).toFixed(2)} ms/key), ${others.length} other collections; ` +
      `promoted ${kb((last.spaces.old_space - first.spaces.old_space) / n)}/key; ` +
      `allocated ${allocated.length ? kb(quantile(allocated, 0.5)) : "?"}/key`,
  );
}
