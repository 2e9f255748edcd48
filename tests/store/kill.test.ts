// kill -9 while the archive writes: during a refresh, during writes of fetched articles, during a prefetch (its
// worker thread writing), during the first start's import of today's files, and while an older database is
// brought up to date. Each time a real reader
// process is killed at a point seen in its trace (no timing); then nothing committed is lost, the next start is
// clean (the database opens where it was, nothing is imported twice), and read marks and bookmarks are intact.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { HttpCache } from "../../src/sources/cache.js";
import { DATABASE_NAME, type Archive } from "../../src/store/archive.js";
import { importOnce } from "../../src/store/archive-import.js";
import { KeptArchive } from "../../src/store/kept.js";
import { openStore } from "../../src/store/store.js";
import { killArticle, killPage, MARKED } from "./kill-data.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";

const child = path.join(import.meta.dirname, "kill-child.ts");
const root = path.join(import.meta.dirname, "..", "..");
let dir: string;
let configDir: string;
let cacheDir: string;
const children: ChildProcess[] = [];
let server: TestServer | undefined;
const open: Archive[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "reader-kill-"));
  configDir = path.join(dir, "config");
  cacheDir = path.join(dir, "cache");
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const archive of open.splice(0)) archive.close();
  for (const proc of children.splice(0))
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the child until a line of its trace (each committed write, in the READER_TRACE file) passes `killAt`,
 * then kills it with SIGKILL. Resolves with the lines seen before the kill; fails if it ended by itself first.
 */
function killWhen(args: string[], killAt: (line: string) => boolean): Promise<string[]> {
  const traceFile = path.join(dir, "trace");
  fs.writeFileSync(traceFile, "");
  const proc = spawn(process.execPath, ["--import", "tsx", child, ...args], {
    cwd: root,
    env: { ...process.env, READER_TRACE: traceFile },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(proc);
  let stderr = "";
  proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    let read = 0;
    let killed = false;
    // Each line is "<ms> <what>"; read as the file grows.
    const readMore = () => {
      if (killed) return;
      const text = fs.readFileSync(traceFile, "utf8");
      const end = text.lastIndexOf("\n") + 1;
      for (const line of text.slice(read, end).split("\n").slice(0, -1)) {
        seen.push(line.slice(line.indexOf(" ") + 1));
        if (killAt(seen.at(-1)!)) {
          killed = true;
          proc.kill("SIGKILL");
          break;
        }
      }
      read = Math.max(read, end);
    };
    const watcher = fs.watch(traceFile, readMore);
    proc.on("exit", (code, signal) => {
      watcher.close();
      if (signal === "SIGKILL" && killed) resolve(seen);
      else reject(new Error(`the child ended before the kill (${code}): ${seen.at(-1)}\n${stderr}`));
    });
  });
}

/** The next start: the database opens in place (nothing moved aside), whole, with nothing to import. */
async function nextStart(): Promise<Archive> {
  const store = openStore({ builtins: [], dir: configDir });
  const kept = new KeptArchive(store, { dir: cacheDir, onWarning: (w) => expect.fail(w) });
  const archive = await kept.open();
  if (!archive) return expect.fail(kept.warnings.join(" · ") || "the archive did not open");
  open.push(archive);
  expect(kept.warnings).toEqual([]);
  expect(fs.readdirSync(cacheDir).filter((f) => f.includes("broken"))).toEqual([]);
  expect(archive.db.pragma("integrity_check", { simple: true })).toBe("ok");
  expect(await importOnce(archive, store, path.join(cacheDir, "http"))).toBeUndefined();
  return archive;
}

function expectMarks(archive: Archive): void {
  const store = openStore({ builtins: [], dir: configDir });
  expect(store.isRead(MARKED.read)).toBe(true);
  expect(store.position(MARKED.position)).toEqual({ block: 3, offset: 2 });
  expect(store.bookmarks().map((b) => b.url)).toEqual([MARKED.bookmark]);
  expect(archive.itemState(MARKED.read).read).toBe(true);
  expect(archive.itemState(MARKED.position).position).toEqual({ block: 3, offset: 2 });
  expect(archive.itemState(MARKED.bookmark).bookmarked).toBe(true);
}

const count = (archive: Archive, sql: string) => archive.db.prepare(sql).pluck().get() as number;

it("killed during a refresh's writes: every part it kept is there, whole, and the marks made before", async () => {
  const part = /^archive kept (\d+) items$/;
  let parts = 0;
  const seen = await killWhen(
    ["refresh", configDir, cacheDir, "5000"],
    (line) => part.test(line) && ++parts >= 5,
  );
  expect(seen).toContain("marked");
  const sizes = seen.flatMap((line) => (part.test(line) ? [Number(part.exec(line)![1])] : []));
  const archive = await nextStart();
  const kept = count(archive, "SELECT count(*) FROM items WHERE channel = 'big'");
  // At least the parts it said were kept; never part of a part; never all (it was killed).
  expect(kept).toBeGreaterThanOrEqual(sizes.reduce((n, size) => n + size, 0));
  expect(kept % sizes[0]!).toBe(0);
  expect(kept).toBeLessThan(5000);
  expect(count(archive, "SELECT count(*) FROM docs WHERE channel = 'big'")).toBe(kept);
  expect(archive.search("颱風第0報")).toHaveLength(1);
  expectMarks(archive);
});

it("killed while keeping fetched articles: each one kept reads back whole and is found", async () => {
  let articles = 0;
  const seen = await killWhen(
    ["articles", configDir, cacheDir, "2000"],
    (line) => line === "archive kept an article" && ++articles >= 20,
  );
  const archive = await nextStart();
  const kept = count(archive, "SELECT count(*) FROM articles");
  expect(kept).toBeGreaterThanOrEqual(seen.filter((l) => l === "archive kept an article").length);
  expect(kept).toBeLessThan(2000);
  expect(count(archive, "SELECT count(*) FROM docs WHERE full = 1")).toBe(kept);
  for (let i = 0; i < kept; i++) expect(archive.article(killArticle(i).url)).toEqual(killArticle(i));
  expect(archive.search(`第${kept - 1}篇第11段`)).toHaveLength(1);
  expectMarks(archive);
});

it("killed during a prefetch: each article its worker kept reads back whole and is found, the marks intact", async () => {
  const pages = 200;
  const routes: Record<string, ReturnType<typeof reply.body>> = {};
  for (let i = 0; i < pages; i++)
    routes[`/article/${i}`] = reply.body(killPage(i), { "content-type": "text/html; charset=utf-8" });
  server = await startTestServer(routes);
  let articles = 0;
  const seen = await killWhen(
    ["prefetch", configDir, cacheDir, String(pages), server.url("/article/")],
    (line) => line === "archive kept an article" && ++articles >= 10,
  );
  expect(seen).toContain("prefetch started");
  const archive = await nextStart();
  const urls = archive.db.prepare("SELECT url FROM articles").pluck().all() as string[];
  expect(urls.length).toBeGreaterThanOrEqual(seen.filter((l) => l === "archive kept an article").length);
  expect(urls.length).toBeLessThan(pages);
  expect(count(archive, "SELECT count(*) FROM docs WHERE full = 1")).toBe(urls.length);
  for (const url of urls) {
    const i = Number(url.split("/").pop());
    const article = archive.article(url);
    expect(article?.title).toBe(killArticle(i).title);
    expect(article?.body.map((b) => b.text)).toEqual(killArticle(i).body.map((b) => b.text));
    expect(archive.search(`第${i}篇第11段`, 500).map((h) => h.url)).toContain(url);
  }
  expectMarks(archive);
});

it("killed during the first start's import of today's files: the next start imports them, once", async () => {
  // Today's files: read marks, a position, a bookmark, and 150 cached pages.
  const store = openStore({ builtins: [], dir: configDir });
  store.setRead(MARKED.read, true);
  store.setPosition(MARKED.position, { block: 3, offset: 2 });
  store.toggleBookmark({ url: MARKED.bookmark, title: "收藏" });
  const cache = new HttpCache({ dir: path.join(cacheDir, "http") });
  const pages = 150;
  for (let i = 0; i < pages; i++) {
    const a = killArticle(i);
    await cache.put(
      a.url,
      { finalUrl: a.url, status: 200, contentType: "text/html; charset=utf-8" },
      new TextEncoder().encode(killPage(i)),
    );
  }
  const seen = await killWhen(["open", configDir, cacheDir], (line) =>
    line.startsWith(`archive importing 30/`),
  );
  expect(seen).not.toContain("archive imported");
  const archive = await nextStart();
  expect(count(archive, "SELECT count(*) FROM articles")).toBe(pages);
  expect(archive.search("颱風過境", 500)).toHaveLength(pages);
  expectMarks(archive);
});

it("killed while an older database is brought up to date: the next start finishes it, nothing lost", async () => {
  fs.mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, DATABASE_NAME);
  fs.copyFileSync(path.join(import.meta.dirname, "..", "fixtures", "archive-v1", DATABASE_NAME), file);
  // The first version's database, grown to 1,002 articles (each of the two, 500 times more).
  const old = new Database(file);
  old.exec(`WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 500)
    INSERT INTO docs (id, url, channel, title, published, sort_at, full, text)
      SELECT id + k, url || '/' || k, channel, title, published, sort_at, full, text FROM docs, n WHERE full = 1;
    WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 500)
    INSERT INTO articles (url, article, etag, last_modified, fetched_at)
      SELECT url || '/' || k, article, etag, last_modified, fetched_at FROM articles, n;`);
  old.close();
  const seen = await killWhen(["open", configDir, cacheDir], (line) =>
    // Half way through its articles, after every document is indexed again.
    /^archive upgrading 500\/\d+ articles$/.test(line),
  );
  expect(seen).not.toContain("opened");
  const archive = await nextStart();
  expect(archive.db.pragma("user_version", { simple: true })).toBe(5);
  expect(archive.search("疫苗", 1000)).toHaveLength(501);
  expect(archive.search("颱風警報", 1000)).toHaveLength(501);
  expect(archive.article("https://tw.example/typhoon/77")?.body[0]?.text).toBe(
    "中央氣象局發布颱風警報，各地學校停課。",
  );
  expect(archive.itemState("https://tw.example/typhoon").read).toBe(true);
  expect(archive.itemState("https://cn.example/vaccine").bookmarked).toBe(true);
});
