// Time and peak memory of the built reader on unbounded or huge input (issue 17): /dev/zero, a FIFO that never
// ends, a 21 MB .txt, a 60 MB .html, an OPML of 5,000 feeds, a 20-page article of 100,000 characters a page, and
// one whose 19 further pages never answer. Each case runs with a wall-clock limit; a case that hits it is shown
// as "killed at N s". `--baseline DIR` runs another build (a checkout with dist/ built) side by side.
// Usage: node scripts/bench-hostile-bounds.mjs [--baseline DIR] [--limit SECONDS]
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const baseline = arg("--baseline");
const limitS = Number(arg("--limit") ?? 20);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "reader-bounds-"));

// Inputs.
const txt = path.join(work, "big.txt");
fs.writeFileSync(txt, "這是一段很長的文字，用來測試本機文件的上限。\n\n".repeat((21 * 1024 * 1024) / 70));
const html = path.join(work, "big.html");
fs.writeFileSync(
  html,
  `<html><body><article>${"<p>段落文字，用來測試。</p>".repeat((60 * 1024 * 1024) / 40)}</article></body></html>`,
);
const opml = path.join(work, "big.opml");
fs.writeFileSync(
  opml,
  `<?xml version="1.0"?><opml version="2.0"><body>${Array.from(
    { length: 5000 },
    (_, i) => `<outline text="Feed ${i}" xmlUrl="http://example${i}.com/feed.xml"/>`,
  ).join("\n")}</body></opml>`,
);

// A local server for the multi-page articles.
const PAGES = 20;
const pagePath = (dir, n) => `/${dir}/2024/0514/c1001-777${n === 1 ? "" : `-${n}`}.html`;
const pageHtml = (dir, text) =>
  `<html><head><meta charset="utf-8"><title>分页文章--人民网</title></head><body><div class="rm_txt"><h1>分页文章</h1>` +
  `<div class="rm_txt_con"><p>${text}</p><div class="zdfy">${Array.from(
    { length: PAGES },
    (_, i) => `<a href="${pagePath(dir, i + 1)}">${i + 1}</a>`,
  ).join("")}</div></div></div></body></html>`;
const server = http.createServer((req, res) => {
  const m = /^\/(big|hang)\/.*?c1001-777(?:-(\d+))?\.html$/.exec(req.url ?? "");
  if (!m) return res.writeHead(404).end();
  const n = Number(m[2] ?? 1);
  if (m[1] === "hang" && n > 1) return; // never answers
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(pageHtml(m[1], m[1] === "big" ? `第${n}页。${"長".repeat(100_000)}` : "第一页。"));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

function fifo(name) {
  const file = path.join(work, name);
  fs.rmSync(file, { force: true });
  execFileSync("mkfifo", [file]);
  spawn("/bin/sh", ["-c", `yes 這是一行 > '${file}' 2>/dev/null`], { stdio: "ignore" }).unref();
  return file;
}

// Unbounded input grows ~500 MB/s without the cap: those cases get a short limit on a shared machine.
const short = Math.min(limitS, 10);
const cases = [
  ["print /dev/zero", () => ["print", "/dev/zero"], short],
  ["list /dev/zero", () => ["list", "/dev/zero"], short],
  ["import /dev/zero", () => ["import", "/dev/zero"], short],
  ["print <endless FIFO>", () => ["print", fifo("endless")], short],
  ["print 21 MB .txt", () => ["print", txt]],
  ["print 60 MB .html", () => ["print", html]],
  ["import 5,000 feeds", () => ["import", opml]],
  ["print 20 pages × 100k chars", () => ["print", `${origin}${pagePath("big", 1)}`]],
  // READER_TIMEOUT_MS=2000: 2 s per request, and (this build) 2 s for all further pages together.
  [
    "print 19 hanging sub-pages",
    () => ["print", `${origin}${pagePath("hang", 1)}`],
    limitS,
    { READER_TIMEOUT_MS: "2000" },
  ],
];

/** Runs one case under /usr/bin/time; returns seconds, peak RSS (MB) and whether the limit killed it. */
function measure(dir, args, caseLimitS = limitS, env = {}) {
  const config = fs.mkdtempSync(path.join(work, "cfg-"));
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      "/usr/bin/time",
      ["-f", "%M", process.execPath, path.join(dir, "bin/reader.js"), ...args],
      {
        env: {
          ...process.env,
          ...env,
          READER_CONFIG_DIR: config,
          READER_CACHE_DIR: path.join(config, "cache"),
        },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      // The reader is /usr/bin/time's child: end it (time then reports and exits).
      try {
        const kids = fs
          .readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8")
          .trim()
          .split(/\s+/);
        for (const pid of kids.filter(Boolean)) process.kill(Number(pid), "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, caseLimitS * 1000);
    child.on("close", () => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = Number(/(\d+)\s*$/.exec(stderr)?.[1] ?? NaN) / 1024;
      resolve({ seconds, rss, killed, limit: caseLimitS });
    });
  });
}

const show = (r) =>
  `${r.killed ? `killed at ${r.limit} s` : `${r.seconds.toFixed(2)} s`}, ` +
  `${Number.isFinite(r.rss) ? r.rss.toFixed(0) : "?"} MB`;
console.log(`limit ${limitS} s per case; figures: wall time, peak RSS`);
console.log(["case".padEnd(30), baseline ? "baseline".padEnd(30) : "", "this build"].join(""));
for (const [name, args, caseLimit, env] of cases) {
  const before = baseline ? await measure(baseline, args(), caseLimit, env) : undefined;
  const after = await measure(root, args(), caseLimit, env);
  console.log([name.padEnd(30), before ? show(before).padEnd(30) : "", show(after)].join(""));
}
server.closeAllConnections();
server.close();
fs.rmSync(work, { recursive: true, force: true });
