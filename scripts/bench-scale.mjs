// Scale (issue 19): a local feed farm of N feeds × 50 items on 127.0.0.1 (many ports, so per-host politeness
// does not serialise it; a configurable latency), refreshed by the reader in a pty and, when installed, by
// newsboat in the same run. Figures: cold refresh CPU per item at each N, warm refresh (every feed 304) CPU per
// feed and cache bytes rewritten, RSS after the largest refresh and after a start-up from the cache, time to all
// lists loaded at that start-up, and the time and bytes of a settings key.
// Run through bench-tui.mjs: node scripts/bench-tui.mjs --only=scale [--scale=100,500,2000] [--latency=50]
// [--cold-only: the cold refresh alone, then `q`, so that a profile (node --cpu-prof in the reader's spawn) is written]
// [--no-newsboat] [--baseline=<another checkout, built>: its refreshes and start-up beside ours at each N, in the same run]
// [--profile=<dir>: CPU profiles of our sessions there (quit with q, not killed), with windows-<N>.json giving the
//   cold refresh's (first frame to all kept), the warm refresh's and the start-up's windows in the profiles' clock] [--startups=K: K start-ups at the largest N,
//   taken in turn with the baseline's, their medians reported] [--warm-runs=K: K warm refreshes in a session]
// [--no-validators: the farm sends no ETag or Last-Modified, so a warm refresh gets every feed again, the same bytes]
// [--rounds=K: K rounds at each N (default 3; with --smoke 2 at its smallest N, 1 at the others), each a session of ours, the baseline's and newsboat's,
//   in an order that turns each round (round 1: ours first, round 2: the next build first…), so that none is always
//   first; each figure is the median of the rounds' (its detail that of the median round; bytes written the most of
//   any round), each ratio the median of the rounds' ratios, and every round's figures are printed beside them]
import { spawnSync, spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";

const ITEMS = 50;
const PORTS = 24;
const TICK_MS = 10; // /proc/<pid>/stat counts CPU in clock ticks of 10 ms (USER_HZ 100 on Linux)
const FRAME_END = "\u001b[?25l"; // what our writer sends after every frame (src/tui/output.ts)

function argument(name, fallback) {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

// ---- the farm: feed i answers on port i % PORTS, with validators, and 304 to a conditional request ----
// (with `validators` false: neither, and the whole feed to every request)
export function feedXml(i) {
  const items = [];
  for (let k = 0; k < ITEMS; k++) {
    const body = `第${i}號頻道的第${k}篇報道：東屿岛的渔港十年间转身为观光小镇，居民讲述变化。`.repeat(6);
    items.push(
      `<item><title>頻道${i} 第${k}篇 東屿岛十年</title><link>http://127.0.0.1/f/${i}/${k}.html</link>` +
        `<guid>f${i}-${k}</guid><pubDate>Wed, 20 Aug 2025 06:${String(k % 60).padStart(2, "0")}:00 +0800</pubDate>` +
        `<description>${body}</description></item>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>農場 ${i}</title>` +
    `<link>http://127.0.0.1/</link><description>feed ${i}</description>${items.join("")}</channel></rss>`
  );
}

export async function startFarm(latencyMs, validators = true) {
  const bodies = new Map();
  const lastModified = "Wed, 20 Aug 2025 00:00:00 GMT";
  const counts = { full: 0, notModified: 0 };
  const handler = (req, res) => {
    const match = /^\/f\/(\d+)\.xml$/.exec(req.url ?? "");
    if (!match) {
      res.writeHead(404);
      return res.end();
    }
    const i = Number(match[1]);
    const etag = `"f${i}-v1"`;
    setTimeout(() => {
      const asked =
        req.headers["if-none-match"] === etag || req.headers["if-modified-since"] === lastModified;
      if (validators && asked) {
        counts.notModified++;
        res.writeHead(304, { etag, "last-modified": lastModified });
        return res.end();
      }
      let body = bodies.get(i);
      if (!body) bodies.set(i, (body = Buffer.from(feedXml(i))));
      counts.full++;
      res.writeHead(200, {
        "content-type": "application/rss+xml; charset=utf-8",
        "content-length": body.length,
        ...(validators ? { etag, "last-modified": lastModified } : {}),
      });
      res.end(body);
    }, latencyMs);
  };
  const servers = [];
  for (let p = 0; p < PORTS; p++) {
    const server = createServer(handler);
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
  }
  const ports = servers.map((s) => s.address().port);
  return {
    counts,
    /** Makes the bodies of feeds 0..n-1 now: made at their first request, they slowed the first build's run only. */
    prepare: (n) => {
      for (let i = 0; i < n; i++) if (!bodies.has(i)) bodies.set(i, Buffer.from(feedXml(i)));
    },
    url: (i) => `http://127.0.0.1:${ports[i % PORTS]}/f/${i}.xml`,
    close: () => servers.forEach((s) => s.close()),
  };
}

// ---- process figures from /proc ----
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
}

/**
 * CPU ms of each thread, by the order threads were made (their /proc/<pid>/task/<tid>/comm is "node" for all).
 * Node 20 makes, in this order: the main thread; V8's platform (a delayed-task thread and 4 workers: concurrent
 * marking, scavenging and compiling); the inspector's signal thread; then, at the first file or DNS call,
 * libuv's pool of 4 (UV_THREADPOOL_SIZE); later ones are worker threads (the prefetch worker) and their helpers.
 */
/** The main thread's CPU ms to the nanosecond (schedstat's run time), where the 10 ms ticks of cpuMs are too coarse. */
function mainRunMs(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return NaN;
  }
}

function threadCpu(pid) {
  const byTid = new Map();
  let tids = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return byTid;
  }
  for (const tid of tids) {
    try {
      byTid.set(tid, cpuMs(`${pid}/task/${tid}`));
    } catch {
      // ended meanwhile
    }
  }
  return byTid;
}

/**
 * The CPU between two threadCpu readings, grouped as threadCpu says; the rest of the process's CPU is threads that
 * ended meanwhile and rounding (each thread's time is whole ticks: up to 2 ticks a thread short).
 */
function threadsText(before, after, total, pid) {
  const order = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b);
  const group = (tid) => {
    const rank = order.indexOf(tid);
    if (tid === pid) return "main";
    if (rank <= 5) return "V8 helpers";
    if (rank <= 6) return "inspector";
    if (rank <= 10) return "libuv pool";
    return "later threads";
  };
  const groups = new Map();
  let counted = 0;
  for (const [tid, ms] of after) {
    const delta = ms - (before.get(tid) ?? 0);
    counted += delta;
    if (delta > 0) groups.set(group(tid), (groups.get(group(tid)) ?? 0) + delta);
  }
  if (total - counted > 0) groups.set("ended threads and rounding", total - counted);
  return [...groups].map(([name, ms]) => `${name} ${msText(ms)}`).join(", ");
}

/**
 * name → "size inode" for every file under dir, to tell which were rewritten: the reader writes by rename (a new
 * inode) or appends (a new size); a 304 only touches the time, which writes no bytes.
 */
function fileStates(dir) {
  const states = new Map();
  const walk = (d) => {
    let names;
    try {
      names = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of names) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) walk(file);
      else {
        try {
          const s = statSync(file);
          states.set(file, { key: `${s.size} ${s.ino}`, size: s.size });
        } catch {
          // removed meanwhile
        }
      }
    }
  };
  walk(dir);
  return states;
}

/** The archive (reader.db and its WAL) lives in the cache directory; its bytes are counted by page (dbBytesWritten). */
const isDatabase = (file) => /\.db(-wal)?$/.test(file);

function bytesRewritten(before, after) {
  let bytes = 0;
  let files = 0;
  for (const [file, state] of after) {
    if (isDatabase(file)) continue;
    if (before.get(file)?.key !== state.key) {
      bytes += state.size;
      files++;
    }
  }
  return { bytes, files };
}

/** The archive's files as they are now, to count the pages a run changes in them. */
function dbSnapshot(dir) {
  const files = new Map();
  for (const file of fileStates(dir).keys()) if (isDatabase(file)) files.set(file, readFileSync(file));
  return files;
}

function dbBytesWritten(snapshot, dir) {
  let bytes = 0;
  for (const file of fileStates(dir).keys())
    if (isDatabase(file)) bytes += pagesChanged(snapshot.get(file) ?? Buffer.alloc(0), file);
  return bytes;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const mb = (x) => `${(x / 1024 / 1024).toFixed(1)} MB`;
const kb = (x) => (x < 10_240 ? `${x} B` : `${(x / 1024).toFixed(0)} KB`);
const msText = (x) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(1)} ms`);

// ---- newsboat: the same farm, `-x reload` (cold, then warm), `-x print-unread` as its start from the cache ----
function newsboatAvailable() {
  return spawnSync("newsboat", ["--version"], { encoding: "utf8" }).status === 0;
}

/** Runs newsboat under /usr/bin/time: wall ms, CPU ms, max RSS bytes. */
function newsboatRun(dir, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      "/usr/bin/time",
      ["-f", "TIME %U %S %M", "newsboat", "-u", "urls", "-c", "cache.db", "-C", "config", ...args],
      { cwd: dir, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, LANG: "C.UTF-8" } },
    );
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.stdout.resume();
    child.on("error", reject);
    child.on("close", () => {
      const m = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(err);
      if (!m) return reject(new Error(`newsboat: ${err}`));
      resolve({
        wall: performance.now() - t0,
        cpu: (Number(m[1]) + Number(m[2])) * 1000,
        sys: Number(m[2]) * 1000,
        rss: Number(m[3]) * 1024,
      });
    });
  });
}

/** Bytes of newsboat's database that differ (4 KB pages), plus whatever its journal files hold. */
function pagesChanged(before, afterFile) {
  const after = readFileSync(afterFile);
  let bytes = 0;
  for (let offset = 0; offset < Math.max(before.length, after.length); offset += 4096) {
    const a = before.subarray(offset, offset + 4096);
    const b = after.subarray(offset, offset + 4096);
    if (!a.equals(b)) bytes += 4096;
  }
  return bytes;
}

async function newsboatSize(tempDir, farm, n) {
  const dir = tempDir(`newsboat-${n}`);
  writeFileSync(path.join(dir, "urls"), Array.from({ length: n }, (_, i) => farm.url(i)).join("\n") + "\n");
  // Six at a time, as the reader fetches (newsboat's default is one).
  writeFileSync(path.join(dir, "config"), "reload-threads 6\nshow-read-feeds yes\n");
  const cold = await newsboatRun(dir, ["-x", "reload"]);
  const db = path.join(dir, "cache.db");
  const snapshot = readFileSync(db);
  const warm = await newsboatRun(dir, ["-x", "reload"]);
  const warmBytes = pagesChanged(snapshot, db);
  const startup = await newsboatRun(dir, ["-x", "print-unread"]);
  return { cold, warm, warmBytes, startup };
}

/**
 * Items the reader's archive holds (read from here, costing the reader nothing): the refresh's CPU counts until
 * every item listed is kept, not only until the lists are on screen (keeping goes on after, in parts).
 */
function keptItems(cacheDir) {
  let db;
  try {
    const Database = createRequire(import.meta.url)("better-sqlite3");
    db = new Database(path.join(cacheDir, "reader.db"), { readonly: true, fileMustExist: true });
    return db.prepare("SELECT count(*) FROM items").pluck().get();
  } catch {
    return 0; // not made yet, or busy
  } finally {
    db?.close();
  }
}

/** A READER_TRACE file's text so far ("" when there is none: an older build). */
function traceText(traceFile) {
  try {
    return readFileSync(traceFile, "utf8");
  } catch {
    return "";
  }
}

/** The memory keeper's collections in (a stretch of) a READER_TRACE file: how many, and their ms together. */
function keeperCollections(text) {
  const ms = [...text.matchAll(/memory collected .* in ([\d.]+) ms/g)].map((m) => Number(m[1]));
  // …and how often the archive's backlog was full (fetches waited for its writes).
  const backlogFull = [...text.matchAll(/archive backlog full/g)].length;
  return { count: ms.length, ms: ms.reduce((a, b) => a + b, 0), backlogFull };
}

/** Waits until the archive holds all n × ITEMS items, or has kept none more for 10 s (search off, say). */
async function allKept(cacheDir, n, timeout) {
  const t0 = performance.now();
  let last = -1;
  let lastChange = t0;
  for (;;) {
    const kept = keptItems(cacheDir);
    const now = performance.now();
    if (kept !== last) [last, lastChange] = [kept, now];
    if (kept >= n * ITEMS || now - t0 >= timeout || now - lastChange >= 10_000) return now;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ---- the reader: N channels imported, a pty session refreshing them ----
async function readerSize(
  tools,
  farm,
  n,
  coldOnly = process.argv.includes("--cold-only"),
  profileDir = undefined,
  round = 0,
) {
  const { start, readerBin, readerEnv, cli, tempDir } = tools;
  // A profile is written when the process exits by itself: such sessions are quit, not killed.
  // BENCH_READER_NODE_ARGS: V8 flags for the readers' node (ours and the baseline) that NODE_OPTIONS refuses (--min-semi-space-size=4…).
  const nodeArgs = [
    ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
    ...(process.env.BENCH_READER_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
  ];
  const now = () => Number(process.hrtime.bigint() / 1000n); // µs, the clock of a profile's timestamps
  const windows = {};
  const end = async (session) => {
    if (profileDir) {
      session.child.write("q");
      await session.waitFor(() => session.exited, 20_000).catch(() => undefined);
    }
    session.dispose();
  };
  const env = readerEnv();
  const opml = path.join(tempDir("scale-opml"), `farm-${n}.opml`);
  const outlines = Array.from(
    { length: n },
    (_, i) => `<outline type="rss" text="農場 ${i}" xmlUrl="${farm.url(i)}"/>`,
  ).join("");
  writeFileSync(opml, `<?xml version="1.0"?><opml version="2.0"><head/><body>${outlines}</body></opml>`);
  const tImport = performance.now();
  await cli(env, "import", opml);
  const importMs = performance.now() - tImport;

  const loaded = async (r, timeout) => {
    // The status line shows 更新中 while any list is loading; a fast start may never paint it.
    await r.waitForText("更新中", 3000).catch(() => undefined);
    return r.waitFor(() => !r.text().includes("更新中") && r.text().includes("頻道"), timeout);
  };
  const timeout = 120_000 + n * 200;

  // Cold: an empty cache.
  // Traced: the memory keeper's collections during the refresh are part of its CPU.
  const coldTrace = path.join(tempDir("cold-trace"), "trace.txt");
  const r = start(process.execPath, [...nodeArgs, readerBin], {
    cols: 120,
    rows: 40,
    env: { ...env, READER_TRACE: coldTrace },
  });
  // CPU from the first frame on is the refresh's (before it: loading the program, the same at any N).
  await r.waitForText("頻道", timeout);
  windows.cold = [now()];
  const cpuAtFirstFrame = cpuMs(r.child.pid);
  const threadsAtFirstFrame = threadCpu(r.child.pid);
  const mainAtFirstFrame = mainRunMs(r.child.pid);
  // Frames drawn while the lists arrive (each ends with our writer's FRAME_END).
  const frames = () => r.raw.split(FRAME_END).length - 1;
  const framesAtFirstFrame = frames();
  const bytesAtFirstFrame = r.bytes;
  const coldDone = await loaded(r, timeout);
  const framesWhileLoading = { frames: frames() - framesAtFirstFrame, bytes: r.bytes - bytesAtFirstFrame };
  const cpuAtLoaded = cpuMs(r.child.pid);
  const keptDone = await allKept(env.READER_CACHE_DIR, n, timeout);
  const coldCpu = cpuMs(r.child.pid) - cpuAtFirstFrame;
  windows.cold.push(now());
  const cold = {
    wall: coldDone - r.t0,
    cpu: coldCpu,
    threads: threadsText(threadsAtFirstFrame, threadCpu(r.child.pid), coldCpu, r.child.pid),
    mainExact: mainRunMs(r.child.pid) - mainAtFirstFrame,
    ...framesWhileLoading,
    startCpu: cpuAtFirstFrame,
    // Of the CPU, what came after the lists were loaded (keeping them in the archive), and how long that took.
    afterLoaded: cpuMs(r.child.pid) - cpuAtLoaded,
    keptWall: keptDone - coldDone,
    collections: keeperCollections(traceText(coldTrace)),
  };
  if (coldOnly) {
    // The baseline's RSS after its refresh too, for the figure below (same settle as ours).
    await r.settle(1000);
    const rssAfterRefresh = r.rss();
    if (profileDir)
      writeFileSync(
        path.join(profileDir, `windows-${n}${round ? `-round${round + 1}` : ""}.json`),
        JSON.stringify(windows),
      );
    r.child.write("q");
    await r.waitFor((session) => session.exited, 30_000).catch(() => undefined);
    r.dispose();
    return { n, importMs, cold, rssAfterRefresh };
  }
  await r.settle(1000);
  const rssAfterRefresh = r.rss();

  // Warm: `r` on the channel list revalidates every feed; the farm answers 304 to each.
  const traceBefore = traceText(coldTrace).length;
  const cacheBefore = fileStates(env.READER_CACHE_DIR);
  const dbBefore = dbSnapshot(env.READER_CACHE_DIR);
  const cpuBefore = cpuMs(r.child.pid);
  const mainBefore = r.cpu().main;
  const notModifiedBefore = farm.counts.notModified;
  const fullBefore = farm.counts.full;
  const tWarm = performance.now();
  windows.warm = [now()];
  r.child.write("r");
  await r.waitForText("更新中", 5000).catch(() => undefined);
  await r.waitFor(() => !r.text().includes("更新中"), timeout);
  windows.warm.push(now());
  const warm = {
    wall: performance.now() - tWarm,
    cpu: cpuMs(r.child.pid) - cpuBefore,
    // The interface's thread alone (the rest: V8's collector threads, the prefetch worker)
    mainCpu: r.cpu().main - mainBefore,
    notModified: farm.counts.notModified - notModifiedBefore,
    sentAgain: farm.counts.full - fullBefore,
    ...bytesRewritten(cacheBefore, fileStates(env.READER_CACHE_DIR)),
    collections: keeperCollections(traceText(coldTrace).slice(traceBefore)),
  };
  // Archive writes the refresh asked for (a list kept again) are paced by pauses in the keys: a second of none
  // lets them through.
  await r.settle(1000);
  warm.dbBytes = dbBytesWritten(dbBefore, env.READER_CACHE_DIR);
  // More warm refreshes (--warm-runs=K) in the same session: the median CPU is reported beside the first's.
  warm.runs = [warm.cpu];
  for (let k = 1; k < Number(argument("warm-runs", "1")); k++) {
    const before = cpuMs(r.child.pid);
    r.child.write("r");
    await r.waitForText("更新中", 5000).catch(() => undefined);
    await r.waitFor(() => !r.text().includes("更新中"), timeout);
    warm.runs.push(cpuMs(r.child.pid) - before);
    await r.settle(1000);
  }
  await end(r);

  // Start-up with the cache fresh (within the refresh interval): every list from the cache, none from the farm.
  const startUp = async (args, withSettings) => {
    const traceFile = path.join(tempDir("scale-trace"), "trace.txt");
    const s = start(process.execPath, [...args, readerBin], {
      cols: 120,
      rows: 40,
      env: { ...env, READER_TRACE: traceFile },
    });
    const startDone = await loaded(s, timeout);
    const startup = { toLoaded: startDone - s.t0, cpu: cpuMs(s.child.pid) };
    await s.settle(1000);
    startup.rss = s.rss();
    startup.collections = keeperCollections(traceText(traceFile));
    if (withSettings) startup.settings = await settingsKey(s, env, traceFile);
    await end(s);
    return startup;
  };
  windows.startup = [now()];
  const { settings, ...startup } = await startUp(nodeArgs, true);
  windows.startup.push(now());
  if (profileDir)
    writeFileSync(
      path.join(profileDir, `windows-${n}${round ? `-round${round + 1}` : ""}.json`),
      JSON.stringify(windows),
    );
  const startups = [startup];
  // More start-ups (--startups=K), taken in turn with the baseline's: their medians are reported.
  const startAgain = async () => startups.push(await startUp([], false));
  return { n, importMs, cold, rssAfterRefresh, warm, startup, startups, startAgain, settings };
}

/**
 * `t` (script) on the channel list: key → frame, the time the store took to write it (READER_TRACE), and which
 * files it wrote. Converters loaded first.
 */
async function settingsKey(session, env, traceFile) {
  for (let i = 0; i < 3; i++) {
    await session.key("t");
    await session.settle(200);
  }
  const times = [];
  let written = { bytes: 0, files: 0 };
  for (let i = 0; i < 9; i++) {
    const before = fileStates(env.READER_CONFIG_DIR);
    times.push((await session.key("t")).ms);
    await session.settle(50);
    const w = bytesRewritten(before, fileStates(env.READER_CONFIG_DIR));
    written = { bytes: Math.max(written.bytes, w.bytes), files: Math.max(written.files, w.files) };
  }
  let writes = [];
  try {
    writes = [...readFileSync(traceFile, "utf8").matchAll(/setting \w+ written in ([\d.]+) ms/g)].map((m) =>
      Number(m[1]),
    );
  } catch {
    // a reader without the trace (an older build): the key→frame time only
  }
  return { median: median(times), write: writes.length ? median(writes.slice(3)) : NaN, ...written };
}

/** The round whose figure `of` is the median of all rounds' (the median() above picks one of them). */
function medianRound(rounds, of) {
  const middle = median(rounds.map(of));
  return rounds.find((r) => of(r) === middle) ?? rounds[0];
}

/**
 * One reader build's rounds at one N as one result: each figure the median of the rounds', its detail (threads,
 * collections…) the detail of the round whose figure is that median; bytes rewritten the most any round wrote.
 */
function readerRounds(rounds) {
  if (rounds.length === 1) return { ...rounds[0], rounds };
  const first = rounds[0];
  const combined = {
    ...first,
    rounds,
    importMs: median(rounds.map((r) => r.importMs)),
    cold: medianRound(rounds, (r) => r.cold.cpu).cold,
    rssAfterRefresh: median(rounds.map((r) => r.rssAfterRefresh)),
  };
  if (first.warm) {
    const most = (of) => Math.max(...rounds.map((r) => of(r.warm)));
    combined.warm = {
      ...medianRound(rounds, (r) => r.warm.cpu).warm,
      bytes: most((w) => w.bytes),
      files: most((w) => w.files),
      dbBytes: most((w) => w.dbBytes),
    };
    // Every round's start-up: more than one, and the figure below reports their medians.
    combined.startups = rounds.flatMap((r) => r.startups);
    const lastRound = rounds.at(-1);
    combined.startAgain = async () => {
      await lastRound.startAgain();
      combined.startups.push(lastRound.startups.at(-1));
    };
    const settings = medianRound(rounds, (r) => r.settings.write).settings;
    combined.settings = {
      ...settings,
      bytes: Math.max(...rounds.map((r) => r.settings.bytes)),
      files: Math.max(...rounds.map((r) => r.settings.files)),
    };
  }
  return combined;
}

/** Newsboat's rounds at one N, as readerRounds does it. */
function newsboatRounds(rounds) {
  if (rounds.length === 1) return { ...rounds[0], rounds };
  return {
    rounds,
    cold: medianRound(rounds, (r) => r.cold.cpu).cold,
    warm: medianRound(rounds, (r) => r.warm.cpu).warm,
    warmBytes: Math.max(...rounds.map((r) => r.warmBytes)),
    startup: medianRound(rounds, (r) => r.startup.wall).startup,
  };
}

export async function scale(tools) {
  const { smoke, report } = tools;
  const sizes = argument("scale", smoke ? "3,6" : "100,500,2000")
    .split(",")
    .map(Number)
    .filter((n) => n > 0);
  const latency = Number(argument("latency", smoke ? "0" : "50"));
  const validators = !process.argv.includes("--no-validators");
  // The machine's load moves between runs: K rounds of every build, in an order that turns each round.
  const roundCount = Math.max(1, Math.floor(Number(argument("rounds", smoke ? "2" : "3"))) || 1);
  // The smoke run (CI) goes through the rounds' code at its smallest N only: a round there costs ~6 s.
  const roundsAt = (n) => (smoke && !argument("rounds", "") && n !== sizes[0] ? 1 : roundCount);
  const farm = await startFarm(latency, validators);
  farm.prepare(Math.max(...sizes));
  const withNewsboat = newsboatAvailable() && !process.argv.includes("--no-newsboat");
  const baseline = argument("baseline", "");
  const profileDir = argument("profile", "");
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  try {
    const runs = [];
    for (const n of sizes) {
      const builds = [
        { name: "ours", run: (k) => readerSize(tools, farm, n, undefined, profileDir || undefined, k) },
        ...(baseline
          ? [
              {
                name: "baseline",
                run: () =>
                  readerSize({ ...tools, readerBin: path.resolve(baseline, "bin", "reader.js") }, farm, n),
              },
            ]
          : []),
        ...(withNewsboat ? [{ name: "newsboat", run: () => newsboatSize(tools.tempDir, farm, n) }] : []),
      ];
      const done = new Map(builds.map((b) => [b.name, []]));
      const orders = [];
      for (let k = 0; k < roundsAt(n); k++) {
        // Round k starts with build k (mod the builds), so that none is always first.
        const order = builds.map((_, i) => builds[(i + k) % builds.length]);
        orders.push(order.map((b) => b.name));
        for (const build of order) done.get(build.name).push(await build.run(k));
      }
      runs.push({
        n,
        orders,
        ours: readerRounds(done.get("ours")),
        before: baseline ? readerRounds(done.get("baseline")) : undefined,
        theirs: withNewsboat ? newsboatRounds(done.get("newsboat")) : undefined,
      });
    }
    const last = runs.at(-1);
    for (let k = 1; k < Number(argument("startups", "1")); k++) {
      await last.ours.startAgain?.();
      await last.before?.startAgain?.();
    }
    for (const reader of [last.ours, last.before]) {
      if (!reader?.startups || reader.startups.length < 2) continue;
      const middle = (of) => [...reader.startups].map(of).sort((a, b) => a - b)[reader.startups.length >> 1];
      reader.startup = {
        toLoaded: middle((s) => s.toLoaded),
        cpu: middle((s) => s.cpu),
        rss: middle((s) => s.rss),
        collections: { count: middle((s) => s.collections.count), ms: middle((s) => s.collections.ms) },
        runs: reader.startups.length,
      };
    }
    const largest = runs.at(-1);
    const items = (n) => n * ITEMS;
    const perItem = (cpu, n) => (cpu * 1000) / items(n); // µs
    const nb = (text) => (withNewsboat ? text : "newsboat not installed");
    const ratio = (a, b) => (b > 0 ? ` (${(a / b).toFixed(2)}×)` : "");
    /**
     * Ours ÷ another's, round by round (each round ran both under the same load), and their median: what a
     * figure's ratio is when there are rounds.
     */
    const roundRatios = (mine, other, of) => {
      const each = mine.rounds.map((r, k) => of(r) / of(other.rounds[k]));
      return { each, median: median(each) };
    };
    const ratioText = (mine, other, of) => {
      if (mine.rounds.length === 1) return ratio(of(mine), of(other));
      const { each, median: middle } = roundRatios(mine, other, of);
      return ` (${middle.toFixed(2)}×: the median of the rounds' ratios ${each.map((x) => x.toFixed(2)).join(" ")})`;
    };
    /** Each round's figure, in the order of the rounds, when there are more than one. */
    const eachRound = (build, of, unit) =>
      build.rounds.length > 1
        ? `; median of ${build.rounds.length} rounds: ${build.rounds.map(of).join(" / ")}${unit}`
        : "";
    const coldPerItem = (n) => (r) => perItem(r.cold.cpu, n);
    for (const { n, ours, before, theirs, orders } of runs) {
      const mine = perItem(ours.cold.cpu, n);
      const rounded = (of) => (r) => of(r).toFixed(0);
      if (before) {
        const was = perItem(before.cold.cpu, n);
        report(
          `scale: cold refresh CPU per item, ${n} feeds, the baseline build (${baseline})`,
          `${was.toFixed(0)} µs (CPU ${msText(before.cold.cpu)}; ${msText(before.cold.afterLoaded)} of it keeping after the lists loaded; memory keeper ${before.cold.collections.count} collections, ${msText(before.cold.collections.ms)}; wall ${msText(before.cold.wall)}; by thread: ${before.cold.threads}; main thread exactly ${msText(before.cold.mainExact)}${eachRound(before, rounded(coldPerItem(n)), " µs")})`,
          `ours ${mine.toFixed(0)} µs${ratioText(ours, before, coldPerItem(n))}`,
          "",
        );
      }
      const their = theirs ? perItem(theirs.cold.cpu, n) : NaN;
      const versus = theirs && roundRatios(ours, theirs, coldPerItem(n)).median;
      report(
        `scale: cold refresh CPU per item, ${n} feeds × ${ITEMS}, ${latency} ms latency`,
        `${mine.toFixed(0)} µs (CPU ${msText(ours.cold.cpu)} after the first frame, ${msText(ours.cold.startCpu)} before; ${msText(ours.cold.afterLoaded)} of it keeping after the lists loaded (${msText(ours.cold.keptWall)}); memory keeper ${ours.cold.collections.count} collections, ${msText(ours.cold.collections.ms)}; archive backlog full ${ours.cold.collections.backlogFull}×; wall ${msText(ours.cold.wall)}; by thread: ${ours.cold.threads}; main thread exactly ${msText(ours.cold.mainExact)}; ${ours.cold.frames} frames, ${kb(ours.cold.bytes)}, while the lists loaded${eachRound(ours, rounded(coldPerItem(n)), " µs")})${theirs ? ratioText(ours, theirs, coldPerItem(n)) : ""}`,
        nb(
          theirs
            ? `newsboat ${their.toFixed(0)} µs (CPU ${msText(theirs.cold.cpu)}, of it the kernel's ${msText(theirs.cold.sys)}; wall ${msText(theirs.cold.wall)}${eachRound(theirs, rounded(coldPerItem(n)), " µs")})`
            : "",
        ),
        "≤ newsboat, flat in N (±20%)",
        theirs ? versus <= 1 : undefined,
      );
      if (orders.length > 1) {
        // Every round as it ran, in its order: the figures above are these rounds' medians.
        const figures = { ours: ours.rounds, baseline: before?.rounds, newsboat: theirs?.rounds };
        report(
          `scale: cold refresh rounds, ${n} feeds (CPU per item, in the order run)`,
          orders
            .map(
              (order, k) =>
                `${k + 1}: ${order.map((name) => `${name} ${coldPerItem(n)(figures[name][k]).toFixed(0)}`).join(", ")} µs`,
            )
            .join("; "),
          "each build first in turn",
          "",
        );
      }
    }
    const flat = runs.map((r) => perItem(r.ours.cold.cpu, r.n));
    const spread = Math.max(...flat) / Math.min(...flat);
    report(
      "scale: cold CPU per item, largest ÷ smallest N",
      `${spread.toFixed(2)}× (${flat.map((x) => x.toFixed(0)).join(" / ")} µs)`,
      nb(
        largest.theirs
          ? `newsboat ${runs.map((r) => perItem(r.theirs.cold.cpu, r.n).toFixed(0)).join(" / ")} µs`
          : "",
      ),
      "≤ 1.2×",
      spread <= 1.2,
    );
    // RSS after the refresh is printed with --cold-only too (the figure the memory work watches).
    const big = largest.ours;
    report(
      `scale: RSS after a ${largest.n} × ${ITEMS} refresh`,
      `${mb(big.rssAfterRefresh)}${eachRound(big, (r) => mb(r.rssAfterRefresh).slice(0, -3), " MB")}`,
      [
        largest.before
          ? `baseline build ${mb(largest.before.rssAfterRefresh)}${eachRound(largest.before, (r) => mb(r.rssAfterRefresh).slice(0, -3), " MB")}`
          : "",
        nb(largest.theirs ? `newsboat max RSS ${mb(largest.theirs.cold.rss)}` : ""),
      ]
        .filter(Boolean)
        .join("; "),
      "≤ 150 MB",
      big.rssAfterRefresh <= 150 * 1024 * 1024,
    );
    if (process.argv.includes("--cold-only")) return;
    /** The baseline build's figure, when there is one, then newsboat's. */
    const beside = (was, text) => [was, text].filter(Boolean).join("; ");
    const warmPerFeed = (n) => (r) => (r.warm.cpu / n).toFixed(2);
    // With rounds: the bytes are the most any round wrote.
    const warmText = (build, n) => {
      const warm = build.warm;
      return `${(warm.cpu / n).toFixed(2)} ms${warm.runs.length > 1 ? ` (median of ${warm.runs.length} refreshes ${(median(warm.runs) / n).toFixed(2)} ms: ${warm.runs.map((cpu) => (cpu / n).toFixed(2)).join(" ")})` : ""}, ${kb(warm.bytes)} in ${warm.files} files, ${kb(warm.dbBytes)} of reader.db (main thread ${(warm.mainCpu / n).toFixed(2)} ms; ${warm.notModified} × 304, ${warm.sentAgain} sent whole, wall ${msText(warm.wall)}; memory keeper ${warm.collections.count} collections, ${msText(warm.collections.ms)}${eachRound(build, warmPerFeed(n), " ms")})`;
    };
    for (const { n, ours, before, theirs } of runs) {
      const perFeed = ours.warm.cpu / n;
      report(
        `scale: warm refresh (${validators ? "all 304" : "no validators: every feed sent again, the same"}), ${n} feeds: CPU per feed, cache bytes rewritten, archive bytes written`,
        `${warmText(ours, n)}${before ? ratioText(ours, before, (r) => r.warm.cpu) : ""}`,
        beside(
          before && `baseline ${warmText(before, n)}`,
          nb(
            theirs
              ? `newsboat ${(theirs.warm.cpu / n).toFixed(2)} ms, ${kb(theirs.warmBytes)} of cache.db${theirs.rounds.length > 1 ? ` (${theirs.rounds.map(warmPerFeed(n)).join(" / ")} ms)` : ""}`
              : "",
          ),
        ),
        "≤ 1 ms and 0 B per feed",
        perFeed <= 1 && ours.warm.bytes === 0,
      );
    }
    const startupText = (startup) =>
      `${msText(startup.toLoaded)} (CPU ${msText(startup.cpu)}; memory keeper ${startup.collections.count} collections, ${msText(startup.collections.ms)}), ${mb(startup.rss)}${startup.runs ? ` (medians of ${startup.runs})` : ""}`;
    report(
      `scale: start-up with ${largest.n} cached channels: all lists loaded, RSS`,
      startupText(big.startup),
      beside(
        largest.before && `baseline ${startupText(largest.before.startup)}`,
        nb(
          largest.theirs
            ? `newsboat -x print-unread (reads its cache) ${msText(largest.theirs.startup.wall)}, max RSS ${mb(largest.theirs.startup.rss)}`
            : "",
        ),
      ),
      "≤ 2 s, ≤ 120 MB",
      big.startup.toLoaded <= 2000 && big.startup.rss <= 120 * 1024 * 1024,
    );
    const small = runs[0].ours;
    report(
      `scale: settings key (t) at ${largest.n} channels: write, key→frame, bytes written`,
      `write ${msText(big.settings.write)}, frame ${msText(big.settings.median)}, ${kb(big.settings.bytes)} in ${big.settings.files} file(s)`,
      `at ${runs[0].n} channels: write ${msText(small.settings.write)}, frame ${msText(small.settings.median)}, ${kb(small.settings.bytes)}`,
      "write ≤ 10 ms; writes only the settings",
      big.settings.write <= 10 && big.settings.bytes <= Math.max(small.settings.bytes, 4096),
    );
    report(
      `scale: import of ${largest.n} feeds (OPML)`,
      msText(big.importMs),
      `${runs[0].n} feeds: ${msText(small.importMs)}`,
      "≤ 1 s (issue 17)",
      big.importMs <= 1000,
    );
  } finally {
    farm.close();
  }
}
