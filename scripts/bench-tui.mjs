// Terminal benchmarks, in a real pseudo-terminal with the built bin/reader.js and @xterm/headless as the screen:
// start-up against a bare `node -e`, keypress → frame latency, bytes per scroll against a plain full repaint,
// held keys, resident memory, keys during a refresh of 50 slow channels, and keys in a list of 10,000 items. Each figure is printed beside its
// baseline and its goal (issue 6), measured in the same run.
// Usage: node scripts/bench-tui.mjs [--smoke] [--json] [--only=memory,...]      node scripts/bench-tui.mjs --write-fixture
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import pty from "node-pty";
import xterm from "@xterm/headless";
import { scale } from "./bench-scale.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const readerBin = path.join(root, "bin", "reader.js");
const fixturePath = path.join(root, "tests", "fixtures", "bench", "long-article.html");
const smoke = process.argv.includes("--smoke");
// --only=startup,latency,bytes,held,memory,refresh,biglist,prefetch,scale runs some of the figures (all by default).
const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const want = (name) => only === undefined || only.includes(name);
const ERASE_LINE = "\u001b[K";
// What our writer sends after every frame (src/tui/output.ts FRAME_END).
const FRAME_END = "\u001b[?25l";
const DOWN = "j";
const UP = "k";
const PAGE_DOWN = " ";
const PAGE_UP = "b";

// ---- the 100 KB article: the sample feature's paragraphs repeated (each repeat marked) to 100 KB of text ----
export function makeLongArticle(targetBytes = 100_000) {
  const source = readFileSync(path.join(root, "sample-site/GB/n1/2025/0820/c1012-40512364.html"), "utf8");
  const start = source.indexOf('<div class="rm_txt_con cf">') + '<div class="rm_txt_con cf">'.length;
  const end = source.indexOf('<div class="edit cf">');
  const paragraphs = source.slice(start, end).match(/<p>.*?<\/p>/g) ?? [];
  const text = (p) => p.replace(/<[^>]+>/g, "");
  const out = [];
  let bytes = 0;
  for (let round = 1; bytes < targetBytes; round++) {
    for (const p of paragraphs) {
      if (bytes >= targetBytes) break;
      const marked = round === 1 ? p : p.replace("</p>", `（第${round}遍）</p>`);
      out.push(marked);
      bytes += Buffer.byteLength(text(marked));
    }
  }
  return (
    source.slice(0, start).replace(/东屿岛十年：一座渔港的转身/g, "东屿岛十年（长文）") +
    "\n" +
    out.join("\n") +
    "\n" +
    source.slice(end)
  );
}

if (process.argv.includes("--write-fixture")) {
  writeFileSync(fixturePath, makeLongArticle());
  console.log(`wrote ${path.relative(root, fixturePath)}`);
  process.exit(0);
}

// ---- statistics ----
const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
const ms = (x) => `${x.toFixed(1)} ms`;

// ---- a local server: the long article, a feed of 100 articles, and slow feeds ----
const article = readFileSync(fixturePath, "utf8");
function feed(title, items) {
  const entries = items
    .map(
      ({ title: t, url, summary }) =>
        `<item><title>${t}</title><link>${url}</link><pubDate>Wed, 20 Aug 2025 06:30:00 +0800</pubDate>` +
        `${summary ? `<description>${summary}</description>` : ""}</item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title><link>http://127.0.0.1/</link>${entries}</channel></rss>`;
}
// A feed of 10,000 items (2,000 with --smoke), each with a summary of a feed's usual length.
const BIG_LIST = smoke ? 2000 : 10_000;
let bigFeedXml;
const bigFeed = () =>
  (bigFeedXml ??= feed(
    "一萬篇",
    Array.from({ length: BIG_LIST }, (_, i) => ({
      title: `第${i + 1}篇 东屿岛的渔港十年间转身为观光小镇`,
      url: `${base}/a/${i + 1}.html`,
      summary: `第${i + 1}篇报道：东屿岛的渔港十年间转身为观光小镇，居民讲述这些年来的变化与期待。`.repeat(2),
    })),
  ));
const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const send = (type, body) => {
    res.writeHead(200, { "content-type": `${type}; charset=utf-8` });
    res.end(body);
  };
  if (url.pathname === "/long-article.html") return send("text/html", article);
  const a = /^\/a\/(\d+)\.html$/.exec(url.pathname);
  if (a) return send("text/html", article.replace(/东屿岛十年（长文）/g, `东屿岛十年（长文 ${a[1]}）`));
  if (url.pathname === "/many.xml")
    return send(
      "application/rss+xml",
      feed(
        "一百篇",
        Array.from({ length: 100 }, (_, i) => ({
          title: `第${i + 1}篇 东屿岛`,
          url: `${base}/a/${i + 1}.html`,
        })),
      ),
    );
  if (url.pathname === "/big.xml") return send("application/rss+xml", bigFeed());
  const slow = /^\/slow\/(\d+)\.xml$/.exec(url.pathname);
  if (slow)
    return setTimeout(
      () =>
        send(
          "application/rss+xml",
          feed(`慢頻道 ${slow[1]}`, [{ title: `慢文章 ${slow[1]}`, url: `${base}/a/${slow[1]}.html` }]),
        ),
      100,
    );
  res.writeHead(404);
  res.end("not found");
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

// ---- pty sessions ----
const baseEnv = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: os.tmpdir(),
  TERM: "xterm-256color",
  LANG: "C.UTF-8",
  TZ: "Asia/Shanghai",
  // Nothing may reach the internet: any host but the local server goes to a closed port.
  http_proxy: "http://127.0.0.1:9",
  https_proxy: "http://127.0.0.1:9",
  no_proxy: "127.0.0.1",
  // For investigations: options for the reader's node (e.g. --require a memory logger).
  ...(process.env.BENCH_READER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_READER_NODE_OPTIONS } : {}),
  // …and glibc's allocator settings (MALLOC_ARENA_MAX=1, GLIBC_TUNABLES=…), to see what the allocator keeps.
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(MALLOC_|GLIBC_TUNABLES$)/.test(k))),
  // …and a READER_TRACE file for every reader started (milestones, the memory keeper's collections).
  ...(process.env.BENCH_READER_TRACE ? { READER_TRACE: process.env.BENCH_READER_TRACE } : {}),
};

function start(command, args, { cols = 80, rows = 24, env = {} } = {}) {
  const t0 = performance.now();
  const child = pty.spawn(command, args, {
    cols,
    rows,
    cwd: root,
    env: { ...baseEnv, ...env },
    name: "xterm-256color",
  });
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  const watchers = new Set();
  const session = { child, term, t0, bytes: 0, raw: "", tail: "", chunks: 0, exited: false };
  child.onData((data) => {
    session.bytes += Buffer.byteLength(data);
    session.raw += data;
    session.tail = (session.tail + data).slice(-FRAME_END.length);
    session.lastDataAt = performance.now();
    session.chunks++;
    term.write(data, () => watchers.forEach((w) => w()));
  });
  child.onExit(() => {
    session.exited = true;
    watchers.forEach((w) => w());
  });
  session.text = () => {
    const b = term.buffer.active;
    const out = [];
    for (let y = 0; y < term.rows; y++) out.push(b.getLine(y)?.translateToString(true) ?? "");
    return out.join("\n");
  };
  session.waitFor = (test, timeout = 20_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (test(session)) {
          cleanup();
          resolve(performance.now());
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out; screen:\n${session.text()}`));
      }, timeout);
      const cleanup = () => {
        clearTimeout(timer);
        watchers.delete(check);
      };
      watchers.add(check);
      check();
    });
  session.waitForText = (s, timeout) => session.waitFor(() => session.text().includes(s), timeout);
  // Our writer ends every frame with FRAME_END, so a key's frame counts only once it is whole: a frame that
  // arrives in several chunks must not end the wait early (and let the next key's frame merge with it). Ink's own
  // writer has no such mark; there the first change counts.
  const marksFrames = env.READER_OUTPUT !== "ink";
  /** Presses keys; resolves with ms until the screen differs from before, and the bytes that took. */
  session.key = async (keys) => {
    const before = session.text();
    const bytesBefore = session.bytes;
    const chunksBefore = session.chunks;
    const t = performance.now();
    child.write(keys);
    const whole = () => !marksFrames || (session.chunks > chunksBefore && session.tail === FRAME_END);
    // A key whose frame never arrives (Ink's own throttled writer can drop the last frame) is counted, not fatal.
    const done = await session
      .waitFor(() => whole() && session.text() !== before, 5000)
      .catch(() => undefined);
    if (done === undefined) session.lostFrames = (session.lostFrames ?? 0) + 1;
    return { ms: done === undefined ? 5000 : done - t, bytes: session.bytes - bytesBefore };
  };
  /** Waits until nothing arrives for `quiet` ms (benchmarks only: the end of a burst of frames). */
  session.settle = (quiet = 60) =>
    new Promise((resolve) => {
      let last = session.chunks;
      const tick = () => {
        if (session.chunks === last) return resolve();
        last = session.chunks;
        setTimeout(tick, quiet);
      };
      setTimeout(tick, quiet);
    });
  session.rss = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) * 1024;
    } catch {
      return NaN;
    }
  };
  /** CPU time (ms) of the reader's main thread (the interface's) and of the whole process (all threads). */
  session.cpu = () => {
    const ms = (stat) => {
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, at USER_HZ 100
    };
    try {
      return {
        main: ms(readFileSync(`/proc/${child.pid}/task/${child.pid}/stat`, "utf8")),
        all: ms(readFileSync(`/proc/${child.pid}/stat`, "utf8")),
      };
    } catch {
      return { main: NaN, all: NaN };
    }
  };
  session.dispose = () => {
    try {
      child.kill("SIGKILL");
    } catch {
      // gone
    }
    term.dispose();
  };
  return session;
}

const dirs = [];
function tempDir(name) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `reader-bench-${name}-`));
  dirs.push(dir);
  return dir;
}
// Asynchronous: the local server runs in this process and must keep answering.
async function cli(env, ...args) {
  const { stdout } = await promisify(execFile)(process.execPath, [readerBin, ...args], {
    cwd: root,
    env: { ...baseEnv, ...env },
    encoding: "utf8",
  });
  return stdout;
}
/** A configuration with no channel on the internet (the built-in 人民網 channels removed). */
const offlineConfig = await (async () => {
  const config = tempDir("config");
  const env = { READER_CONFIG_DIR: config, READER_CACHE_DIR: tempDir("cache") };
  for (const line of (await cli(env, "sources")).split("\n")) {
    const id = line.split(/\s+/)[0];
    if (id?.startsWith("people-")) await cli(env, "remove", id);
  }
  return config;
})();
function readerEnv(extra = {}) {
  const config = tempDir("config");
  cpSync(offlineConfig, config, { recursive: true });
  return { READER_CONFIG_DIR: config, READER_CACHE_DIR: tempDir("cache"), ...extra };
}
const reader = (args, options = {}) =>
  start(process.execPath, [readerBin, ...args], { ...options, env: readerEnv(options.env) });

const results = [];
const report = (figure, ours, baseline, goal, ok) => {
  results.push({ figure, ours, baseline, goal, met: ok === undefined ? "" : ok ? "yes" : "NO" });
  if (!process.argv.includes("--json")) console.error(`  ${figure}: ${ours}  [${baseline}]  goal ${goal}`);
};

// ---- 1. start-up: first frame with the channel list vs a bare node ----
async function startup() {
  const runs = smoke ? 2 : 9;
  const node = [];
  const ours = [];
  for (let i = 0; i < runs; i++) {
    const n = start(process.execPath, ["-e", "process.stdout.write('x')"]);
    node.push((await n.waitFor(() => n.text().includes("x"))) - n.t0);
    n.dispose();
    const r = reader(["--offline"]);
    ours.push((await r.waitForText("山東頻道")) - r.t0);
    r.dispose();
  }
  const ratio = median(ours) / median(node);
  report(
    "first frame (channel list, --offline)",
    ms(median(ours)),
    `node -e: ${ms(median(node))}`,
    `≤ 2× node (now ${ratio.toFixed(2)}×)`,
    ratio <= 2,
  );
}

// ---- 2. keypress → frame latency at 120×40 on the 100 KB article, and on the channel list ----
async function latency(label, extraEnv = {}) {
  const r = reader([`${base}/long-article.html`], { cols: 120, rows: 40, env: extraEnv });
  await r.waitFor(() => /东屿岛十年（长文）[\s\S]*\d+%/.test(r.text()) && !r.text().includes("更新中"));
  const n = smoke ? 10 : 120;
  const line = [];
  for (let i = 0; i < n; i++) line.push((await r.key(i % 40 < 20 ? DOWN : UP)).ms);
  const page = [];
  for (let i = 0; i < (smoke ? 4 : 40); i++) page.push((await r.key(i % 6 < 3 ? PAGE_DOWN : PAGE_UP)).ms);
  // back to the channel list: list moves
  r.child.write("h");
  await r.waitForText("山東頻道");
  await r.settle();
  const list = [];
  for (let i = 0; i < n; i++) list.push((await r.key(i % 6 < 3 ? DOWN : UP)).ms);
  r.dispose();
  if (r.lostFrames) {
    report(`keys whose frame never came (5 s), 120×40${label}`, String(r.lostFrames), "", "none", false);
  }
  for (const [name, xs] of [
    ["line scroll", line],
    ["page scroll", page],
    ["list move", list],
  ]) {
    const p95 = quantile(xs, 0.95);
    report(
      `key→frame ${name}, 120×40${label}`,
      `p50 ${ms(median(xs))}, p95 ${ms(p95)}`,
      "",
      "p95 ≤ 10 ms",
      p95 <= 10,
    );
  }
}

// ---- 3. bytes per key at 80×24: ours (diff) vs a plain full repaint (and Ink's own writer) ----
async function bytesPerKey(mode) {
  const r = reader([`${base}/long-article.html`], { cols: 80, rows: 24, env: { READER_OUTPUT: mode } });
  await r.waitFor(() => /东屿岛十年（长文）[\s\S]*\d+%/.test(r.text()) && !r.text().includes("更新中"));
  await r.settle();
  // One screen of text: what the terminal shows, as UTF-8 (no escapes, no trailing blanks).
  const textOnScreen = () => Buffer.byteLength(r.text().replace(/ +\n/g, "\n").replace(/ +$/, ""));
  const screenText = textOnScreen();
  let rowsWritten = 0;
  let rowsChanged = 0;
  let shownText = [];
  const measure = async (keys, count) => {
    const xs = [];
    rowsWritten = 0;
    rowsChanged = 0;
    shownText = [];
    for (let i = 0; i < count; i++) {
      const before = r.bytes;
      const screenBefore = r.text().split("\n");
      const rawBefore = r.raw.length;
      await r.key(keys[i % keys.length]);
      await r.settle(30);
      xs.push(r.bytes - before);
      shownText.push(textOnScreen());
      // rows the writer erased and wrote, against rows whose text differs
      rowsWritten += r.raw.slice(rawBefore).split(ERASE_LINE).length - 1;
      rowsChanged += r
        .text()
        .split("\n")
        .filter((row, y) => row !== screenBefore[y]).length;
    }
    return median(xs);
  };
  const n = smoke ? 6 : 30;
  const line = await measure([DOWN], n);
  const lineUp = await measure([UP], Math.floor(n / 2));
  const page = await measure([PAGE_DOWN, PAGE_DOWN, PAGE_UP, PAGE_UP], smoke ? 4 : 12);
  // The screens a page scroll lands on are denser than the article's first screen (title, dateline, blanks).
  const pageText = median(shownText);
  r.child.write("h");
  await r.waitForText("山東頻道");
  await r.settle();
  const list = await measure([DOWN, DOWN, UP, UP], n);
  const listRows = { written: rowsWritten / n, changed: rowsChanged / n };
  r.dispose();
  return { line, lineUp, page, pageText, list, listRows, screenText };
}

// ---- 4. held keys: 20 × j in one chunk ----
async function heldKeys(mode) {
  const r = reader([`${base}/long-article.html`], { cols: 120, rows: 40, env: { READER_OUTPUT: mode } });
  await r.waitFor(() => /东屿岛十年（长文）[\s\S]*\d+%/.test(r.text()) && !r.text().includes("更新中"));
  await r.settle();
  // The screen after 20 held keys must be the screen after 20 single steps.
  const chunksBefore = r.chunks;
  const before = r.text();
  const t = performance.now();
  r.child.write(DOWN.repeat(20));
  await r.waitFor(() => r.text() !== before, 5000);
  await r.settle(100);
  const frames = r.chunks - chunksBefore;
  const elapsed = r.lastDataAt - t;
  const held = r.text();
  r.child.write(UP.repeat(20));
  await r.waitFor(() => r.text() === before, 5000);
  for (let i = 0; i < 20; i++) await r.key(DOWN);
  await r.settle(100);
  const stepped = r.text();
  r.dispose();
  return { frames, elapsed, latest: held === stepped };
}

/** Moves to a channel on the list (its name on screen) and opens it: its first item is shown. */
async function openChannel(r, name) {
  await r.waitForText(name);
  const rows = r.text().split("\n");
  const index = rows.findIndex((l) => l.includes(name)) - 1;
  for (let i = 0; i < index; i++) await r.key(DOWN);
  await r.key("l");
  await r.waitForText("第1篇");
}

// ---- 5. memory: RSS after opening 100 articles; RSS while scrolling one article ----
async function memory(scroll) {
  const count = smoke ? 5 : 100;
  const env = readerEnv();
  await cli(env, "add", `${base}/many.xml`, "--name", "一百篇");
  const r = start(process.execPath, [readerBin], { cols: 100, rows: 30, env });
  await openChannel(r, "一百篇");
  const startRss = r.rss();
  for (let i = 1; i <= count; i++) {
    r.child.write("l");
    await r.waitForText(`长文 ${i}）`);
    r.child.write("h");
    await r.waitFor(() => !r.text().includes(`长文 ${i}）`));
    if (i < count) await r.key(DOWN);
  }
  // "After opening": once the reader has been left alone for a second, as when someone starts to read.
  await r.settle(1000);
  const afterOpen = r.rss();
  if (!scroll) {
    r.dispose();
    return { count, startRss, afterOpen };
  }
  // scroll one article for a minute (smoke: 3 s): RSS at the start and the end
  r.child.write("l");
  await r.waitFor(() => /\d+%/.test(r.text()));
  const seconds = smoke ? 3 : 60;
  const samples = [];
  const until = performance.now() + seconds * 1000;
  let i = 0;
  let nextSample = performance.now();
  while (performance.now() < until) {
    await r.key(i++ % 200 < 100 ? DOWN : UP);
    if (performance.now() >= nextSample) {
      samples.push(r.rss());
      nextSample += 1000;
    }
  }
  r.dispose();
  const firstHalf = samples.slice(0, Math.max(1, Math.floor(samples.length / 2)));
  const secondHalf = samples.slice(Math.floor(samples.length / 2));
  return {
    count,
    startRss,
    afterOpen,
    scrollStart: median(firstHalf),
    scrollEnd: median(secondHalf),
    keys: i,
    seconds,
  };
}

// ---- 6. keys during a refresh of 50 channels, each feed answering after 100 ms ----
async function duringRefresh() {
  const channels = smoke ? 10 : 50;
  const env = readerEnv();
  const opml = path.join(tempDir("opml"), "slow.opml");
  const outlines = Array.from(
    { length: channels },
    (_, i) => `<outline type="rss" text="慢頻道 ${i + 1}" xmlUrl="${base}/slow/${i + 1}.xml"/>`,
  ).join("");
  writeFileSync(opml, `<?xml version="1.0"?><opml version="2.0"><head/><body>${outlines}</body></opml>`);
  await cli(env, "import", opml);
  const r = start(process.execPath, [readerBin], { cols: 120, rows: 40, env });
  await r.waitForText("山東頻道");
  await r.waitFor(() => !r.text().includes("更新中"), 30_000);
  await r.settle();
  r.child.write("r");
  await r.waitForText("更新中");
  const xs = [];
  let i = 0;
  while (r.text().includes("更新中") && i < 400) xs.push((await r.key(i++ % 6 < 3 ? DOWN : UP)).ms);
  r.dispose();
  return { channels, keys: xs.length, p50: median(xs), p95: quantile(xs, 0.95) };
}

// ---- 7. keys in a list of 10,000 items: while the archive keeps them, and after; beside a list of 100 ----
// Each figure with the CPU the interface's thread spent per key (less sensitive to a loaded machine than the wall
// time), and beside the same keys in a list of 100 items, as many rows on the screen, in the same process.
async function bigList() {
  const env = readerEnv();
  await cli(env, "add", `${base}/many.xml`, "--name", "一百篇");
  await cli(env, "add", `${base}/big.xml`, "--name", "一萬篇");
  const r = start(process.execPath, [readerBin], { cols: 120, rows: 40, env });
  await openChannel(r, "一萬篇");
  const n = smoke ? 20 : 150;
  // BENCH_PHASES: when each part starts (ms since the reader was started), to find it in a profile or trace.
  // BENCH_SIGNAL=<phase>,…: a SIGUSR2 to the reader as those parts start, for a profiler started and stopped by
  // it (a --require'd script in BENCH_READER_NODE_OPTIONS: Node 20 refuses --cpu-prof there).
  const phase = (name) => {
    if (process.env.BENCH_PHASES)
      console.error(`  phase ${name} at ${(performance.now() - r.t0).toFixed(0)} ms`);
    if (process.env.BENCH_SIGNAL?.split(",").includes(name)) r.child.kill("SIGUSR2");
  };
  /** The keys' times, and the CPU ms the interface's thread spent per key. */
  const timed = async (keys) => {
    const xs = [];
    const before = r.cpu().main;
    for (const key of keys) xs.push((await r.key(key)).ms);
    return { xs, cpu: (r.cpu().main - before) / keys.length };
  };
  // Down and up in runs short enough for any list here (a key at the end of the list changes nothing).
  const moves = () => timed(Array.from({ length: n }, (_, i) => (i % 6 < 3 ? DOWN : UP)));
  // Pages: on through items not shown before where the list is long enough (reading down a long list: each page
  // draws rows never drawn), else down and up.
  const pageKeys = (onward) =>
    timed(Array.from({ length: smoke ? 6 : 40 }, (_, i) => (onward || i % 6 < 3 ? PAGE_DOWN : PAGE_UP)));
  phase("just opened: moves");
  const opening = await moves();
  // The archive's writes of the list are done once the reader has been quiet for a while and keys still
  // answer: wait, then measure again.
  phase("settle");
  await r.settle(2000);
  phase("moves");
  const after = await moves();
  phase("pages");
  const pages = await pageKeys(true);
  // The baseline, in the same process and under the same load: the same keys in a list of 100 items.
  r.child.write("h");
  await r.waitForText("山東頻道");
  await r.settle();
  await r.key(UP);
  await r.key("l");
  await r.waitFor(() => r.text().includes("第1篇 东屿岛") && !r.text().includes("山東頻道"));
  await r.settle();
  phase("100 items: moves");
  const short = await moves();
  phase("100 items: pages");
  const shortPages = await pageKeys(false);
  phase("quit");
  // Quit rather than kill: a profile asked for in BENCH_READER_NODE_OPTIONS (--cpu-prof) is then written.
  r.child.write("q");
  await r.waitFor(() => r.exited, 10_000).catch(() => undefined);
  r.dispose();
  const figures = ({ xs, cpu }) =>
    `p50 ${ms(median(xs))}, p95 ${ms(quantile(xs, 0.95))}, CPU ${cpu.toFixed(1)} ms/key`;
  for (const [name, ours, baseline] of [
    ["list move, just opened", opening, short],
    ["list move", after, short],
    ["list page", pages, shortPages],
  ])
    report(
      `key→frame ${name}, ${BIG_LIST.toLocaleString("en")} items, 120×40`,
      figures(ours),
      `100 items: ${figures(baseline)}`,
      "p95 ≤ 10 ms",
      quantile(ours.xs, 0.95) <= 10,
    );
}

// ---- 8. keys while `prefetch` keeps the newest 30 of 100 articles (100 KB each), beside the same keys with it off ----
async function duringPrefetch(on) {
  const env = readerEnv();
  await cli(env, "add", `${base}/many.xml`, "--name", "一百篇");
  if (on) await cli(env, "config", "set", "prefetch", "on");
  const r = start(process.execPath, [readerBin], { cols: 120, rows: 40, env });
  await r.waitForText("一百篇");
  await r.waitFor(() => !r.text().includes("更新中"), 30_000);
  if (on) await r.waitForText("預取", 30_000);
  await r.settle();
  const xs = [];
  const count = smoke ? 20 : 100;
  const cpuBefore = r.cpu();
  for (let i = 0; i < count && (!on || r.text().includes("預取")); i++)
    xs.push((await r.key(i % 6 < 3 ? DOWN : UP)).ms);
  // Keys a person reads between (0.42–0.70 s apart): work started in a pause is what a key then waits behind.
  const paused = [];
  for (let i = 0; i < (smoke ? 5 : 30) && (!on || r.text().includes("預取")); i++) {
    await new Promise((resolve) => setTimeout(resolve, 420 + ((i * 137) % 280)));
    paused.push((await r.key(i % 6 < 3 ? DOWN : UP)).ms);
  }
  // The prefetch to its end: what it cost the interface's thread, beside what the process spent in all.
  if (on) await r.waitFor(() => !r.text().includes("預取"), 60_000).catch(() => undefined);
  const cpuAfter = r.cpu();
  r.dispose();
  return {
    keys: xs.length,
    p50: median(xs),
    p95: quantile(xs, 0.95),
    paused: { keys: paused.length, p50: median(paused), p95: quantile(paused, 0.95) },
    mainCpu: cpuAfter.main - cpuBefore.main,
    allCpu: cpuAfter.all - cpuBefore.all,
  };
}

try {
  const load = () => os.loadavg()[0].toFixed(2);
  const loadBefore = load();
  if (want("startup")) await startup();
  if (want("latency")) {
    await latency("");
    await latency(", Ink's own writer", { READER_OUTPUT: "ink" });
  }

  if (want("bytes")) {
    const diff = await bytesPerKey("diff");
    const full = await bytesPerKey("full");
    const ink = await bytesPerKey("ink");
    report(
      "bytes per one-line scroll, 80×24",
      `${diff.line} B (up: ${diff.lineUp} B)`,
      `full repaint ${full.line} B; Ink ${ink.line} B; text on screen ${diff.screenText} B`,
      "≤ full repaint (moonshot ≈ one line, less ~128 B)",
      diff.line <= full.line,
    );
    report(
      "bytes per page scroll, 80×24",
      `${diff.page} B`,
      `full repaint ${full.page} B; Ink ${ink.page} B`,
      `≤ one screen of text (the screens it lands on: ${diff.pageText} B)`,
      diff.page <= diff.pageText,
    );
    report(
      "bytes per list move, 80×24",
      `${diff.list} B`,
      `full repaint ${full.list} B; Ink ${ink.list} B`,
      `only the rows that changed (rows written per move: ${diff.listRows.written.toFixed(1)}, rows changed: ${diff.listRows.changed.toFixed(1)})`,
      diff.listRows.written <= diff.listRows.changed + 0.01,
    );
  }

  if (want("held")) {
    const held = await heldKeys("diff");
    const heldInk = await heldKeys("ink");
    report(
      "held keys: 20 × j in one chunk, 120×40",
      `${held.frames} frame(s) in ${ms(held.elapsed)}, latest position: ${held.latest ? "yes" : "no"}`,
      `Ink's writer: ${heldInk.frames} frame(s) in ${ms(heldInk.elapsed)}`,
      "never queue; frame shows the latest position",
      held.latest && held.frames <= 3,
    );
  }

  if (want("memory")) {
    // Several sessions for the figure after opening (when V8 returns memory varies from run to run); the last
    // one goes on to scroll.
    // --memory-runs=N: more sessions (the figure is bimodal from run to run; 5+ to see both modes).
    const runsArg = process.argv.find((a) => a.startsWith("--memory-runs="));
    const runs = smoke ? 1 : runsArg ? Math.max(1, Number(runsArg.slice("--memory-runs=".length))) : 3;
    const sessions = [];
    for (let k = 0; k < runs; k++) sessions.push(await memory(k === runs - 1));
    const mem = sessions.at(-1);
    const mb = (x) => `${(x / 1024 / 1024).toFixed(1)} MB`;
    const afterOpen = median(sessions.map((m) => m.afterOpen));
    report(
      `RSS after opening ${mem.count} articles (100 KB each)`,
      runs > 1
        ? `${mb(afterOpen)} (median of ${sessions.map((m) => mb(m.afterOpen)).join(", ")})`
        : mb(afterOpen),
      `before opening: ${mb(median(sessions.map((m) => m.startRss)))}`,
      "≤ 120 MB",
      afterOpen <= 120 * 1024 * 1024,
    );
    const growth = mem.scrollEnd - mem.scrollStart;
    report(
      `RSS while scrolling one article ${mem.seconds} s (${mem.keys} keys)`,
      `${mb(mem.scrollStart)} → ${mb(mem.scrollEnd)} (${growth >= 0 ? "+" : ""}${mb(growth)})`,
      "",
      "no growth (< 5 MB)",
      growth < 5 * 1024 * 1024,
    );
  }

  if (want("refresh")) {
    const refresh = await duringRefresh();
    report(
      `key→frame during a refresh of ${refresh.channels} channels (100 ms each)`,
      `p50 ${ms(refresh.p50)}, p95 ${ms(refresh.p95)} (${refresh.keys} keys)`,
      "",
      "p95 ≤ 10 ms",
      refresh.p95 <= 10,
    );
  }

  if (want("biglist")) await bigList();

  if (want("prefetch")) {
    const on = await duringPrefetch(true);
    const off = await duringPrefetch(false);
    report(
      "key→frame on the channel list while prefetch keeps 30 articles (100 KB each)",
      `p50 ${ms(on.p50)}, p95 ${ms(on.p95)} (${on.keys} keys)`,
      `prefetch off: p50 ${ms(off.p50)}, p95 ${ms(off.p95)} (${off.keys} keys)`,
      "p95 ≤ 10 ms",
      on.p95 <= 10,
    );
    report(
      "key→frame, keys 0.42–0.70 s apart, while prefetch keeps them",
      `p50 ${ms(on.paused.p50)}, p95 ${ms(on.paused.p95)} (${on.paused.keys} keys)`,
      `prefetch off: p50 ${ms(off.paused.p50)}, p95 ${ms(off.paused.p95)} (${off.paused.keys} keys)`,
      "p95 ≤ 10 ms",
      on.paused.p95 <= 10,
    );
    report(
      "CPU of the interface's thread during those keys and the prefetch to its end",
      `${Math.round(on.mainCpu)} ms (the process, all threads: ${Math.round(on.allCpu)} ms)`,
      `prefetch off, the same keys: ${Math.round(off.mainCpu)} ms (all: ${Math.round(off.allCpu)} ms)`,
      "the prefetch's work off the interface's thread",
      on.mainCpu - off.mainCpu < (on.allCpu - off.allCpu) / 4,
    );
  }

  if (want("scale")) await scale({ smoke, start, readerBin, readerEnv, cli, tempDir, report });

  console.log(
    `TUI benchmarks${smoke ? " (smoke)" : ""} — ${os.cpus().length} CPUs, load average ${loadBefore} → ${load()}, node ${process.version}`,
  );
  if (process.argv.includes("--json")) console.log(JSON.stringify(results, null, 2));
  else console.table(results);
} finally {
  server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
