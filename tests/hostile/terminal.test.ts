// Hostile pages and feeds served from 127.0.0.1 and read by the built reader: in the interface (a pty, screen
// by @xterm/headless) and through `list`/`print` (no terminal). Nothing from the content reaches the terminal as
// a control: the escape sequences written are only those the reader writes for a clean page.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupAfterEach, readerBin, root, startReader, type ReaderSession } from "../e2e/harness.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";

const fixture = (name: string) => readFileSync(path.join(root, "tests/fixtures/hostile", name));
const html = { "content-type": "text/html; charset=utf-8" };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    "/article.html": reply.body(fixture("article.html"), html),
    "/clean-article.html": reply.body(fixture("clean-article.html"), html),
    "/generic.html": reply.body(fixture("generic.html"), { "content-type": "text/html" }),
    "/feed.rss": reply.body(fixture("feed.rss"), { "content-type": "application/rss+xml" }),
    "/feed.atom": reply.body(fixture("feed.atom"), { "content-type": "application/atom+xml" }),
    "/feed.json": reply.body(fixture("feed.json"), { "content-type": "application/feed+json" }),
  });
});
afterAll(() => server.close());

const track = cleanupAfterEach();

// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|[\s\S])/g;
// What must never be written: OSC, DCS, SOS, PM, APC introducers, C1 controls, BiDi overrides and isolates.
// eslint-disable-next-line no-control-regex
const NEVER = /\u001b[\]PX^_]|[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** The kinds of escape sequence in output: CSI by private marker and final byte (counts vary), others as is. */
function escapeKinds(raw: string): Set<string> {
  const kinds = new Set<string>();
  for (const [seq] of raw.matchAll(ESCAPE)) {
    if (seq.startsWith("\u001b[") && !seq.startsWith("\u001b[?"))
      kinds.add(`CSI ${seq.slice(2).replace(/^[\d;:]*/, "")}`);
    else kinds.add(JSON.stringify(seq));
  }
  return kinds;
}

/** Opens an article in the interface, waits for `visible`, scrolls to the end, quits; returns the raw output. */
async function readInInterface(url: string, visible: string): Promise<ReaderSession> {
  const s = track(startReader({ args: [url], cols: 100, rows: 50 }));
  await s.waitFor(visible);
  return s;
}

describe("the interface shows a hostile article without passing its controls to the terminal", () => {
  it("writes no escape sequence the reader does not write for the same page without payloads", async () => {
    const clean = await readInInterface(server.url("/clean-article.html"), "推一前推一後");
    clean.press("q");
    await clean.exited;
    const own = escapeKinds(clean.raw());
    clean.dispose();

    const s = await readInInterface(server.url("/article.html"), "推一前推一後");
    const screen = s.text();
    s.press("q");
    await s.exited;
    const raw = s.raw();

    expect(raw).not.toMatch(NEVER);
    expect([...escapeKinds(raw)].filter((kind) => !own.has(kind))).toEqual([]);
    // The text on both sides of every removed sequence is on the screen.
    for (const text of [
      "首站前首站後",
      "引題前引題後",
      "標題前標題後",
      "副題前副題後",
      "來源前來源後",
      "提示前提示後",
    ])
      expect(screen).toContain(text);
    for (const text of [
      "正文一前正文一後",
      "正文二前正文二後危險鏈接文字",
      "引文前引文後",
      "編一前編一後、編二前編二後",
    ])
      expect(screen).toContain(text);
    expect(screen).toContain("摘一前摘一後");
    expect(screen).not.toMatch(/不應出現|pwned|evil/);
    expect(screen).not.toMatch(NEVER);
  });

  it("a generic page with escapes in its meta tags and broken UTF-8 shows its text", async () => {
    const s = await readInInterface(server.url("/generic.html"), "ちゃんと読めるはずです");
    expect(s.text()).toContain("汎用前汎用後");
    expect(s.text()).toContain("本文前本文後");
    s.press("q");
    await s.exited;
    expect(s.raw()).not.toMatch(NEVER);
  });
});

/** Runs the built reader without a terminal; resolves with its exit code and output. */
function runPlain(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const config = mkdtempSync(path.join(os.tmpdir(), "reader-config-"));
  const cache = mkdtempSync(path.join(os.tmpdir(), "reader-cache-"));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [readerBin, ...args], {
      cwd: root,
      env: {
        PATH: process.env["PATH"] ?? "/usr/bin:/bin",
        HOME: os.tmpdir(),
        LANG: "C.UTF-8",
        TZ: "Asia/Shanghai",
        READER_CONFIG_DIR: config,
        READER_CACHE_DIR: cache,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      rmSync(config, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

describe("plain output of hostile feeds and pages carries no control at all", () => {
  it.each([
    ["feed.rss", "條目一前條目一後", 3],
    ["feed.atom", "原子一前原子一後", 2],
    ["feed.json", "杰一前杰一後", 2],
  ])("`reader list` of %s", async (name, title, refused) => {
    for (const json of [false, true]) {
      const { code, stdout, stderr } = await runPlain([
        "list",
        server.url(`/${name}`),
        ...(json ? ["--json"] : []),
      ]);
      expect(code, stderr).toBe(0);
      expect(stdout).toContain(title);
      // Items with a refused link are listed, without the link (JSON: "url": null).
      expect(stdout).not.toMatch(/javascript|file:|data:/);
      if (json) expect(stdout.match(/"url": null/g)).toHaveLength(refused);
      expect(stdout).not.toMatch(ANY_CONTROL);
      expect(stderr).not.toMatch(ANY_CONTROL);
      expect(stderr.match(/not http or https/g)).toHaveLength(refused);
    }
  });

  it("`reader print` of a hostile article, as text and as JSON", async () => {
    for (const json of [false, true]) {
      const { code, stdout, stderr } = await runPlain([
        "print",
        server.url("/article.html"),
        "-w",
        "60",
        ...(json ? ["--json"] : []),
      ]);
      expect(code, stderr).toBe(0);
      for (const text of ["標題前標題後", "正文一前正文一後", "推一前推一後", "編一前編一後"])
        expect(stdout).toContain(text);
      expect(stdout).not.toMatch(/不應出現|javascript|file:|data:/);
      expect(stdout).not.toMatch(ANY_CONTROL);
      expect(stderr).not.toMatch(ANY_CONTROL);
      expect(stderr).toMatch(/5 recommended links left out: not http or https/);
    }
  });
});

describe("an uncaught error in the interface", () => {
  it("restores the terminal, logs the error to a file and says so in one line", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "reader-crash-"));
    try {
      const hook = path.join(root, "tests/hostile/crash-hook.mjs");
      const reader = `'${process.execPath}' --import '${hook}' '${readerBin}' '${server.url("/article.html")}'`;
      const s = track(
        startReader({
          shell: `stty -g > '${dir}/before'; ${reader} 2> '${dir}/stderr'; echo "exit=$?" > '${dir}/code'; stty -g > '${dir}/after'; echo done-$$`,
        }),
      );
      await s.waitFor("標題前標題後");
      s.kill("SIGUSR2");
      await s.waitFor(/done-\d+/);
      await s.exited;
      expect(readFileSync(`${dir}/code`, "utf8").trim()).toBe("exit=1");
      expect(readFileSync(`${dir}/after`, "utf8")).toBe(readFileSync(`${dir}/before`, "utf8"));
      const raw = s.raw();
      expect(raw.lastIndexOf("\u001b[?1049l")).toBeGreaterThan(raw.lastIndexOf("\u001b[?1049h"));
      expect(raw.lastIndexOf("\u001b[?25h")).toBeGreaterThan(raw.lastIndexOf("\u001b[?25l"));
      const log = path.join(s.cacheDir, "debug.log");
      const stderr = readFileSync(`${dir}/stderr`, "utf8");
      expect(stderr.trim().split("\n")).toEqual([`reader: injected crash for the test (details in ${log})`]);
      expect(existsSync(log)).toBe(true);
      expect(readFileSync(log, "utf8")).toMatch(/Error: injected crash for the test\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
