// The terminal for the interface's lifetime, without Ink: raw mode and the alternate screen at once, the frame
// writer, and a restore that leaves the terminal exactly as it was (main screen, cursor shown, raw mode off).
// Kept free of Ink and React so the first frame can be painted while they load.
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { debugLogPath } from "../store/paths.js";
import { sanitizeInline, stripControls } from "../text/sanitize.js";
import { trace } from "../trace.js";
import { writeErr } from "../writer.js";
import { compileWasmWithLiftoffOnly } from "../liftoff.js";
import { optimiseWhatStaysHot } from "../tiering.js";
import { keepYoungGenerationSmall, MemoryKeeper } from "./memory.js";
import { TerminalOutput, type OutputMode } from "./output.js";

// Autowrap is off while the interface is up: a row that is too wide for the terminal (a frame laid out for the
// size before a resize) is cut at the edge instead of wrapping and scrolling every row below it.
const ENTER_ALT_SCREEN = "\u001b[?1049h\u001b[H\u001b[2J\u001b[?25l\u001b[?7l";
const LEAVE_ALT_SCREEN = "\u001b[?7h\u001b[?25h\u001b[?1049l";

/** `READER_OUTPUT=full` repaints every frame and `ink` uses Ink's own writer: baselines for `npm run bench`. */
function outputMode(): OutputMode | "ink" {
  const mode = process.env["READER_OUTPUT"];
  return mode === "full" || mode === "ink" ? mode : "diff";
}

/** Appends an error (with its stack) to the debug log; returns the log's path, if it could be written. */
export function logError(error: unknown): string | undefined {
  try {
    const file = debugLogPath();
    mkdirSync(path.dirname(file), { recursive: true });
    // A person reads the log in a terminal (`cat`, `tail -f`): an error quoting content is cleaned like output.
    const text = stripControls(error instanceof Error ? (error.stack ?? error.message) : String(error));
    appendFileSync(file, `${new Date().toISOString()} ${text}\n`);
    return file;
  } catch {
    return undefined;
  }
}

/** Each collection, its pause and what it freed, in the READER_TRACE file. */
function traceCollect(info: { ms: number; before: number; after: number }): void {
  const mb = (n: number) => (n / 1048576).toFixed(1);
  trace(`memory collected ${mb(info.before)} → ${mb(info.after)} MB in ${info.ms.toFixed(1)} ms`);
}

export interface ScreenSession {
  /** The frame writer, or undefined when Ink writes itself (READER_OUTPUT=ink). */
  output: TerminalOutput | undefined;
  /** Draws a frame at once (the first frame, before Ink has loaded). */
  paint(frame: string): void;
  /** Leaves the terminal as it was. Safe to call more than once. */
  restore(): void;
  /** Restores, logs the error, prints one line, exits 1. */
  crash(error: unknown): never;
  /** Replaces the signal and crash handlers (the interface installs its own once running). */
  detachHandlers(): void;
  /** A key arrived (memory is given back in the gaps between keys). */
  keyPressed(): void;
  /** Many lists are loading at once, or no longer (see MemoryKeeper.loadingMany). */
  loadingMany(many: boolean): void;
}

export function openScreen(): ScreenSession {
  const { stdout, stdin } = process;
  const mode = outputMode();
  // Frames and keys mark activity: memory is given back in the pauses between them. The memory settings wait until the
  // first frame is out (they load node:v8).
  const memory = new MemoryKeeper({ onCollect: traceCollect });
  // Before Ink loads (its layout engine is WebAssembly, compiled as it loads).
  const memorySettings = () => {
    keepYoungGenerationSmall();
    compileWasmWithLiftoffOnly();
    optimiseWhatStaysHot();
  };
  let framesWritten = 0;
  const onWrite = () => {
    if (framesWritten++ === 0) memorySettings();
    memory.touch();
  };
  if (mode === "ink") memorySettings();
  const output = mode === "ink" ? undefined : new TerminalOutput(stdout, { mode, onWrite });
  let restored = false;
  /** Line mode, main screen, cursor shown: the terminal as the shell left it. */
  const leaveTerminal = () => {
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      // stdin may already be closed (SIGHUP): nothing left to restore there.
    }
    try {
      stdout.write(LEAVE_ALT_SCREEN);
    } catch {
      // The terminal is gone.
    }
  };
  const restore = () => {
    if (restored) return;
    restored = true;
    memory.stop();
    output?.close();
    leaveTerminal();
  };
  const crash = (error: unknown): never => {
    restore();
    const file = logError(error);
    const message = sanitizeInline(error instanceof Error ? error.message : String(error));
    writeErr(`reader: ${message}${file ? ` (details in ${file})` : ""}\n`);
    process.exit(1);
  };
  // Until the interface is up, a signal or a crash still leaves the terminal as it was.
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.exit(128 + (signal === "SIGHUP" ? 1 : signal === "SIGINT" ? 2 : 15));
  };
  const signals: NodeJS.Signals[] = ["SIGTERM", "SIGHUP", "SIGINT"];
  for (const signal of signals) process.on(signal, onSignal);
  // Suspend (SIGTSTP: the shell's Ctrl-Z, `kill -TSTP`): the shell gets its screen back in line mode with the
  // cursor shown; then the process stops itself, as the default action would have. SIGCONT (`fg`, or after a
  // SIGSTOP that could not be caught) takes the screen and raw mode again and repaints the whole frame.
  const suspend = () => {
    if (restored) return;
    output?.hold(true);
    leaveTerminal();
    process.kill(process.pid, "SIGSTOP");
  };
  const resume = () => {
    if (restored) return;
    try {
      // Off, then on: libuv skips setting a mode it believes is set, and the shell may have changed it meanwhile.
      if (stdin.isTTY) {
        stdin.setRawMode(false);
        stdin.setRawMode(true);
      }
      stdout.write(ENTER_ALT_SCREEN);
    } catch {
      return; // the terminal is gone
    }
    output?.hold(false);
  };
  process.on("SIGTSTP", suspend);
  process.on("SIGCONT", resume);
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);

  // Raw mode at once, before any frame: keys typed during start-up are neither echoed over the screen nor turned
  // into signals by the tty; they wait in stdin for the interface.
  if (stdin.isTTY) stdin.setRawMode(true);
  stdout.write(ENTER_ALT_SCREEN);
  if (output) stdout.on("resize", () => output.resize(stdout.columns || 80, stdout.rows || 24));

  return {
    output,
    paint: (frame) => output?.paint(frame),
    restore,
    crash,
    keyPressed: () => memory.keyPressed(),
    loadingMany: (many) => memory.loadingMany(many),
    detachHandlers() {
      for (const signal of signals) process.off(signal, onSignal);
      process.off("uncaughtException", crash);
      process.off("unhandledRejection", crash);
    },
  };
}
