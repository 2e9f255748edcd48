// Drives the built `bin/reader.js` in a real pseudo-terminal, with @xterm/headless as the screen a person sees.
// Tests wait for screen content, never for a fixed time.
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync, writeSync, watch } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pty from "node-pty";
import xterm from "@xterm/headless";
import { afterEach } from "vitest";
import { FRAME_END } from "../../src/tui/output.js";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const readerBin = path.join(root, "bin", "reader.js");

export interface ReaderSession {
  term: xterm.Terminal;
  /** Everything the program wrote, as received. */
  raw(): string;
  /** The visible screen, one string per row, trailing spaces trimmed. */
  screen(): string[];
  text(): string;
  press(keys: string): void;
  /** Presses each key in turn, waiting after each for the screen to change (keys known to change it). */
  step(...keys: string[]): Promise<void>;
  /** Resolves when the predicate holds for the screen; rejects with the screen shown after the timeout. */
  waitFor(test: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<void>;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
  /** The reader process's pid (the shell's child when started through a wrapping shell). */
  readerPid(): number;
  exited: Promise<{ exitCode: number; signal?: number }>;
  configDir: string;
  cacheDir: string;
  /**
   * Resolves with the index (in traceLines) of the first line of the reader's READER_TRACE that passes `test`,
   * from the `from`th line on; started with `trace: true` only. Rejects after the timeout.
   */
  waitForTrace(
    test: (line: string) => boolean,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<number>;
  /** The trace's lines so far (milestones without their times). */
  traceLines(): string[];
  dispose(): void;
}

export const keys = {
  up: "\u001b[A",
  down: "\u001b[B",
  right: "\u001b[C",
  left: "\u001b[D",
  enter: "\r",
  escape: "\u001b",
  tab: "\t",
  shiftTab: "\u001b[Z",
  pageDown: "\u001b[6~",
  pageUp: "\u001b[5~",
  home: "\u001b[H",
  end: "\u001b[F",
  backspace: "\u007f",
  ctrlC: "\u0003",
};

export interface StartOptions {
  cols?: number;
  rows?: number;
  args?: string[];
  env?: Record<string, string>;
  /** Run through `sh -c` with this script; `$READER` is the reader command. */
  shell?: string;
  configDir?: string;
  cacheDir?: string;
  /** Writes READER_TRACE to a file of the session's (see `waitForTrace`). */
  trace?: boolean;
}

type Closable = { dispose(): void } | { close(): Promise<void> };

/** What a test file closes after each of its tests (see cleanupAfterEach). */
export interface Cleanup {
  /** Disposes of a reader session (or closes a server) after the test; gives it back. */
  <T extends Closable>(thing: T): T;
  /** A new temporary directory, removed after the test. */
  dir(prefix: string): string;
}

/**
 * Called at the top of a test file: reader sessions, servers and directories given to the returned function are
 * closed after each test, the last given first, whether the test passed or not.
 */
export function cleanupAfterEach(): Cleanup {
  const things: Array<Closable | string> = [];
  afterEach(async () => {
    for (const thing of things.splice(0).reverse()) {
      if (typeof thing === "string") rmSync(thing, { recursive: true, force: true });
      else if ("dispose" in thing) thing.dispose();
      else await thing.close();
    }
  });
  const track = <T extends Closable>(thing: T): T => {
    things.push(thing);
    return thing;
  };
  return Object.assign(track, {
    dir(prefix: string) {
      const dir = mkdtempSync(path.join(os.tmpdir(), `reader-${prefix}-`));
      things.push(dir);
      return dir;
    },
  });
}

/**
 * The environment every driven reader gets: its own settings and cache, Beijing time, UTF-8, and no way to the
 * internet (anything not on this machine goes to a closed local port, not to DNS).
 */
export function readerTestEnv(configDir: string, cacheDir: string): Record<string, string> {
  return {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: process.env["HOME"] ?? os.tmpdir(),
    LANG: "C.UTF-8",
    TZ: "Asia/Shanghai",
    HTTP_PROXY: "http://127.0.0.1:9",
    HTTPS_PROXY: "http://127.0.0.1:9",
    NO_PROXY: "127.0.0.1,localhost",
    READER_CONFIG_DIR: configDir,
    READER_CACHE_DIR: cacheDir,
  };
}

/** The text of the cells drawn in inverse video on row `y` of the screen. */
export function inverseText(s: ReaderSession, y: number): string {
  const line = s.term.buffer.active.getLine(s.term.buffer.active.viewportY + y);
  let text = "";
  for (let x = 0; line && x < s.term.cols; x++) {
    const cell = line.getCell(x);
    if (cell?.isInverse()) text += cell.getChars();
  }
  return text.trim();
}

/** Adds a channel from the channel list as a person does: `a`, the URL, Enter (the list then loads). */
export async function addChannel(s: ReaderSession, url: string): Promise<void> {
  s.press("a");
  await s.waitFor("添加頻道 URL:");
  s.press(url + keys.enter);
}

export function startReader(options: StartOptions = {}): ReaderSession {
  const cols = options.cols ?? 80;
  const rows = options.rows ?? 24;
  const configDir = options.configDir ?? mkdtempSync(path.join(os.tmpdir(), "reader-config-"));
  const cacheDir = options.cacheDir ?? mkdtempSync(path.join(os.tmpdir(), "reader-cache-"));
  const args = options.args ?? ["--offline"];
  // No CI variable at all: Ink and supports-color then behave as on a person's terminal (CI=false would
  // still switch colours and inverse video off in supports-color).
  const traceFile = options.trace
    ? path.join(mkdtempSync(path.join(os.tmpdir(), "reader-trace-")), "trace")
    : "";
  if (traceFile) writeFileSync(traceFile, "");
  const env: Record<string, string> = {
    ...readerTestEnv(configDir, cacheDir),
    TERM: "xterm-256color",
    READER: [process.execPath, readerBin, ...args].join(" "),
    ...(traceFile ? { READER_TRACE: traceFile } : {}),
    ...options.env,
  };
  const child = options.shell
    ? pty.spawn("/bin/sh", ["-c", options.shell], { cols, rows, cwd: root, env, name: env["TERM"] })
    : pty.spawn(process.execPath, [readerBin, ...args], { cols, rows, cwd: root, env, name: env["TERM"] });
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  let raw = "";
  let written = Promise.resolve();
  const watchers = new Set<() => void>();
  child.onData((data) => {
    raw += data;
    written = new Promise((resolve) => term.write(data, () => resolve()));
    void written.then(() => watchers.forEach((w) => w()));
  });
  let hasExited = false;
  let disposed = false;
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => {
    child.onExit((e) => {
      hasExited = true;
      void written.then(() => {
        resolve(e.signal ? { exitCode: e.exitCode, signal: e.signal } : { exitCode: e.exitCode });
        watchers.forEach((w) => w());
      });
    });
  });

  // Keys are written to the terminal at once, not through node-pty's write: that one queues each write to the
  // thread pool and says nothing when it is done, so a test that ended right after a key (its screen already
  // matching) had its session killed and the terminal closed before the write ran, and node-pty printed
  // "Unhandled pty write error EBADF". Written here, no key is left in flight when a session is disposed of.
  const fd = (child as unknown as { fd: number }).fd;
  let queued = false; // the terminal's input was full once: node-pty's queue takes the rest, in order
  const send = (keys: string) => {
    // Keys to a program that has ended go nowhere, as at a terminal (node-pty's write does the same).
    if (hasExited || disposed) return;
    const bytes = Buffer.from(keys);
    let offset = 0;
    try {
      while (!queued && offset < bytes.length) offset += writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // EIO: the program's side of the terminal is closed (it is ending): as above.
      if (code === "EIO") return;
      if (code !== "EAGAIN") throw error;
      queued = true;
    }
    if (offset < bytes.length) child.write(bytes.subarray(offset));
  };

  // While the interface is up, the screen is judged only between whole frames (each ends with FRAME_END), never
  // half drawn; before it starts and after it leaves, whenever output arrives.
  const atFrameBoundary = () =>
    hasExited ||
    raw.endsWith(FRAME_END) ||
    raw.lastIndexOf("\u001b[?1049l") >= raw.lastIndexOf("\u001b[?1049h");

  /** Whole lines only (the reader may be writing one), without their times. */
  const traceLines = (): string[] => {
    if (!traceFile) return [];
    const text = readFileSync(traceFile, "utf8");
    return text
      .slice(0, text.lastIndexOf("\n") + 1)
      .split("\n")
      .slice(0, -1)
      .map((line) => line.slice(line.indexOf(" ") + 1));
  };

  const screen = (): string[] => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < term.rows; y++)
      lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? "");
    return lines;
  };
  const matches = (test: string | RegExp | ((screen: string) => boolean)) => {
    const text = screen().join("\n");
    if (typeof test === "string") return text.includes(test);
    if (test instanceof RegExp) return test.test(text);
    return test(text);
  };

  return {
    term,
    raw: () => raw,
    screen,
    text: () => screen().join("\n"),
    press: (k) => send(k),
    async step(...keys) {
      for (const k of keys) {
        const before = screen().join("\n");
        send(k);
        await this.waitFor((text) => text !== before);
      }
    },
    waitFor(test, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (atFrameBoundary() && matches(test)) {
            cleanup();
            resolve();
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${String(test)}; screen:\n${screen().join("\n")}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      });
    },
    resize(c, r) {
      child.resize(c, r);
      term.resize(c, r);
    },
    kill(signal = "SIGTERM") {
      process.kill(this.readerPid(), signal);
    },
    readerPid() {
      if (!options.shell) return child.pid;
      const file = `/proc/${child.pid}/task/${child.pid}/children`;
      const children = existsSync(file) ? readFileSync(file, "utf8").trim().split(/\s+/).filter(Boolean) : [];
      const pid = Number(children[0]);
      if (!pid) throw new Error("the reader process is not running");
      return pid;
    },
    exited,
    configDir,
    cacheDir,
    traceLines,
    waitForTrace(test, { from = 0, timeoutMs = 10_000 } = {}) {
      if (!traceFile) return Promise.reject(new Error("started without trace: true"));
      return new Promise((resolve, reject) => {
        const check = () => {
          const at = traceLines().findIndex((line, i) => i >= from && test(line));
          if (at < 0) return;
          done();
          resolve(at);
        };
        const watcher = watch(traceFile, check);
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`timed out waiting for a trace line; the last: ${traceLines().slice(-5).join(" | ")}`),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          watcher.close();
        };
        check();
      });
    },
    dispose() {
      // Once: a test may end a session itself before the cleanup after it does.
      if (disposed) return;
      disposed = true;
      try {
        child.kill("SIGKILL");
      } catch {
        // Already gone.
      }
      term.dispose();
      if (!options.configDir) rmSync(configDir, { recursive: true, force: true });
      if (!options.cacheDir) rmSync(cacheDir, { recursive: true, force: true });
      if (traceFile) rmSync(path.dirname(traceFile), { recursive: true, force: true });
    },
  };
}
