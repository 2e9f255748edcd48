// Owns the terminal for the interface's lifetime: alternate screen in, and — on q, Ctrl-C, SIGTERM, SIGHUP or an
// uncaught error — the terminal exactly as it was (main screen, cursor shown, raw mode off).
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { render } from "ink";
import { App, type AppProps } from "./App.js";
import { debugLogPath } from "../store/paths.js";
import { sanitizeInline } from "../text/sanitize.js";
import { frameSink, TerminalOutput, type OutputMode } from "./output.js";

const ENTER_ALT_SCREEN = "\u001b[?1049h\u001b[H\u001b[2J\u001b[?25l";
const LEAVE_ALT_SCREEN = "\u001b[?25h\u001b[?1049l";

/** `READER_OUTPUT=full` repaints every frame and `ink` uses Ink's own writer: baselines for `npm run bench`. */
function outputMode(): OutputMode | "ink" {
  const mode = process.env["READER_OUTPUT"];
  return mode === "full" || mode === "ink" ? mode : "diff";
}

function logError(error: unknown): string | undefined {
  try {
    const file = debugLogPath();
    mkdirSync(path.dirname(file), { recursive: true });
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    appendFileSync(file, `${new Date().toISOString()} ${text}\n`);
    return file;
  } catch {
    return undefined;
  }
}

export async function runInterface(
  props: Omit<AppProps, "onQuit"> & { onQuit: () => void },
): Promise<number> {
  const { stdout, stdin } = process;
  let restored = false;
  const mode = outputMode();
  // Ink renders each frame to a stand-in stdout (debug mode: whole frames, no writer of its own); the frames
  // reach the terminal through TerminalOutput, which writes only what changed.
  const output = mode === "ink" ? undefined : new TerminalOutput(stdout, { mode });
  const restore = () => {
    if (restored) return;
    restored = true;
    output?.close();
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

  // Raw mode at once, before Ink's first frame: keys typed during start-up are neither echoed over the screen
  // nor turned into signals by the tty.
  if (stdin.isTTY) stdin.setRawMode(true);
  stdout.write(ENTER_ALT_SCREEN);
  // Registered before Ink's own listener: after a resize the next frame is a full repaint.
  if (output) stdout.on("resize", () => output.invalidate());
  const instance = render(
    <App {...props} />,
    output
      ? { stdout: frameSink(stdout, output), debug: true, exitOnCtrlC: false, patchConsole: false }
      : { exitOnCtrlC: false, patchConsole: false, maxFps: 60 },
  );

  const finish = (code: number) => {
    try {
      props.onQuit();
    } catch (error) {
      logError(error);
    }
    try {
      instance.unmount();
    } catch {
      // Already unmounted.
    }
    restore();
    process.exit(code);
  };
  const onSigterm = () => finish(143);
  const onSighup = () => finish(129);
  const onSigint = () => finish(130);
  const onCrash = (error: unknown) => {
    try {
      instance.unmount();
    } catch {
      // The crash may have come from Ink itself.
    }
    restore();
    const file = logError(error);
    const message = sanitizeInline(error instanceof Error ? error.message : String(error));
    process.stderr.write(`reader: ${message}${file ? ` (details in ${file})` : ""}\n`);
    process.exit(1);
  };
  process.on("SIGTERM", onSigterm);
  process.on("SIGHUP", onSighup);
  process.on("SIGINT", onSigint);
  process.on("uncaughtException", onCrash);
  // Node's warnings (e.g. undici's "experimental" proxy agent) would print over the screen: log them instead.
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    logError(warning);
  });
  process.on("unhandledRejection", onCrash);

  try {
    await instance.waitUntilExit();
  } catch (error) {
    onCrash(error);
  }
  restore();
  return 0;
}
