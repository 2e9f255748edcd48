// `npm run bench` is how the team measures issue 6's goals. CI runs it once, in its quick smoke mode, so it keeps
// working: every figure is printed beside its baseline and its goal. Timings are not judged here (a loaded CI
// machine is no benchmark); only that each figure is measured and reported.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

describe("npm run bench --smoke", () => {
  it("measures every figure and prints it beside its baseline and goal", () => {
    const run = spawnSync(process.execPath, ["scripts/bench.mjs", "--smoke"], {
      cwd: root,
      encoding: "utf8",
      timeout: 170_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout + run.stderr;
    // Layout: our wrap against wrap-ansi, and the re-lay after a resize.
    expect(out).toMatch(/Wrap throughput/);
    expect(out).toMatch(/wrap-ansi MB\/s/);
    expect(out).toMatch(/Re-lay of a \d+ KB article after a width change .*p50 [\d.]+ ms/);
    // Structure: recall and widths beside w3m's (or a note that it is not installed), re-lay with tables.
    expect(out).toMatch(/structure recall: ours mean [\d.]+% .*\[(w3m: mean|w3m not installed)/);
    expect(out).toMatch(
      /re-lay of a \d+ KB article with \d+ tables .*p99 [\d.]+ ms .*\[paragraphs only: p50/,
    );
    // Terminal figures, each with a number, its baseline in [brackets] where it has one, and its goal.
    const figure = (name: RegExp) => {
      const line = out.split("\n").find((l) => name.test(l) && l.includes(" goal "));
      expect(line, `no line for ${name}`).toBeDefined();
      expect(line).toMatch(/\d/);
      return line!;
    };
    expect(figure(/first frame \(channel list/)).toMatch(/\[node -e: [\d.]+ ms\].*≤ 2× node/);
    for (const key of ["line scroll", "page scroll", "list move"]) {
      expect(figure(new RegExp(`key→frame ${key}, 120×40: `))).toMatch(/p95 [\d.]+ ms/);
    }
    expect(figure(/bytes per one-line scroll/)).toMatch(/\[full repaint \d+ B; Ink \d+ B/);
    expect(figure(/bytes per page scroll/)).toMatch(/\[full repaint \d+ B/);
    expect(figure(/bytes per list move/)).toMatch(/\[full repaint \d+ B/);
    expect(figure(/held keys/)).toMatch(/latest position: (yes|no)/);
    expect(figure(/RSS after opening \d+ articles/)).toMatch(/[\d.]+ MB/);
    expect(figure(/RSS while scrolling one article/)).toMatch(/[\d.]+ MB → [\d.]+ MB/);
    expect(figure(/key→frame during a refresh of \d+ channels/)).toMatch(/p95 [\d.]+ ms/);
    // Scale (issue 19): a local feed farm, each figure beside newsboat's (or a note that it is not installed).
    const beside = /\[(newsboat [^\]]*\d|newsboat not installed)/;
    expect(figure(/scale: cold refresh CPU per item, \d+ feeds/)).toMatch(/\d+ µs \(CPU/);
    expect(figure(/scale: cold refresh CPU per item, \d+ feeds/)).toMatch(beside);
    expect(figure(/scale: cold CPU per item, largest ÷ smallest N/)).toMatch(/[\d.]+×/);
    // Two rounds at the smallest N (one at the others): each round's figure beside the median, the rounds as run,
    // and, beside newsboat when it is installed, the median of the rounds' ratios.
    const rounds = figure(/scale: cold refresh CPU per item, 3 feeds/);
    expect(rounds).toMatch(/median of 2 rounds: \d+ \/ \d+ µs/);
    if (!rounds.includes("newsboat not installed"))
      expect(rounds).toMatch(/\([\d.]+×: the median of the rounds' ratios [\d.]+ [\d.]+\)/);
    expect(out).toMatch(
      /scale: cold refresh rounds, 3 feeds \(CPU per item, in the order run\): 1: ours \d+(, newsboat \d+)? µs; 2: (newsboat \d+, )?ours \d+ µs/,
    );
    expect(figure(/scale: warm refresh \(all 304\), \d+ feeds/)).toMatch(/[\d.]+ ms, \d+ K?B in \d+ files/);
    expect(figure(/scale: warm refresh \(all 304\), \d+ feeds/)).toMatch(
      /\d+ K?B of reader\.db .*memory keeper \d+ collections/,
    );
    expect(figure(/scale: warm refresh \(all 304\), \d+ feeds/)).toMatch(beside);
    expect(figure(/scale: RSS after a \d+ × 50 refresh/)).toMatch(/[\d.]+ MB/);
    expect(figure(/scale: start-up with \d+ cached channels/)).toMatch(
      /[\d.]+ m?s .*memory keeper \d+ collections.*[\d.]+ MB/,
    );
    expect(figure(/scale: settings key \(t\) at \d+ channels/)).toMatch(
      /write [\d.]+ ms, frame [\d.]+ ms, \d+ K?B in \d+ file/,
    );
    expect(figure(/scale: import of \d+ feeds/)).toMatch(/[\d.]+ m?s/);
  }, 180_000);
});
