// Drives the built `bin/reader.js` inside tmux — a real terminal emulator, with its own idea of what a resize
// does to the rows on screen — on a tmux server of the test's own (`tmux -L <unique>`), killed at the end.
// Tests wait for what tmux shows (capture-pane), never for a fixed time.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readerBin, readerTestEnv, root } from "./harness.js";

export interface TmuxSession {
  /** The visible rows, trailing spaces trimmed (tmux's own rendering of what the program wrote). */
  screen(): string[];
  /** Sends keys as tmux names them (`Enter`, `C-l`, `j`); `literal` sends text as typed. */
  send(...keys: string[]): void;
  literal(text: string): void;
  resize(columns: number, rows: number): void;
  /** Writes to the terminal behind the program's back (another process sharing the terminal). */
  writeToTerminal(bytes: string): void;
  /** Resolves when `test` holds for the screen; rejects with the screen after `timeoutMs`. */
  waitFor(test: (rows: string[]) => boolean, timeoutMs?: number): Promise<string[]>;
  configDir: string;
  cacheDir: string;
  dispose(): void;
}

export interface TmuxOptions {
  columns?: number;
  rows?: number;
  args?: string[];
  env?: Record<string, string>;
}

let sessions = 0;
const POLL_MS = 20;

export function startInTmux(options: TmuxOptions = {}): TmuxSession {
  const server = `reader-test-${process.pid}-${++sessions}`;
  const configDir = mkdtempSync(path.join(os.tmpdir(), "reader-config-"));
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), "reader-cache-"));
  const env: Record<string, string> = { ...readerTestEnv(configDir, cacheDir), ...options.env };
  const tmux = (...args: string[]) =>
    execFileSync("tmux", ["-L", server, "-f", "/dev/null", ...args], { encoding: "utf8", cwd: root });
  const command = [
    "env",
    "-i",
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    process.execPath,
    readerBin,
    ...(options.args ?? ["--offline"]),
  ];
  tmux(
    "new-session",
    "-d",
    "-s",
    "reader",
    "-x",
    String(options.columns ?? 80),
    "-y",
    String(options.rows ?? 24),
    ...command,
  );
  // The window keeps the size it is given (not the size of a client that never attaches).
  tmux("set-option", "-g", "window-size", "manual");
  tmux("set-option", "-g", "remain-on-exit", "on");

  const screen = () => tmux("capture-pane", "-p", "-t", "reader").replace(/\n$/, "").split("\n");
  return {
    screen,
    send: (...keys) => void tmux("send-keys", "-t", "reader", ...keys),
    literal: (text) => void tmux("send-keys", "-t", "reader", "-l", text),
    resize: (columns, rows) =>
      void tmux("resize-window", "-t", "reader", "-x", String(columns), "-y", String(rows)),
    writeToTerminal: (bytes) =>
      writeFileSync(tmux("display-message", "-p", "-t", "reader", "#{pane_tty}").trim(), bytes),
    waitFor(test, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        const poll = () => {
          const rows = screen();
          if (test(rows)) resolve(rows);
          else if (Date.now() > until)
            reject(new Error(`timed out waiting for the screen; it shows:\n${rows.join("\n")}`));
          // tmux has no "screen changed" event to wait on: look again shortly.
          else setTimeout(poll, POLL_MS);
        };
        poll();
      });
    },
    configDir,
    cacheDir,
    dispose() {
      spawnSync("tmux", ["-L", server, "kill-server"]);
      rmSync(configDir, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
