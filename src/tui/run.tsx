// Owns the terminal for the interface's lifetime: alternate screen in, and — on q, Ctrl-C, SIGTERM, SIGHUP or an
// uncaught error — the terminal exactly as it was (main screen, cursor shown, raw mode off).
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { render } from "ink";
import { App, type AppProps } from "./App.js";
import { debugLogPath } from "../store/paths.js";

const ENTER_ALT_SCREEN = "\u001b[?1049h\u001b[H\u001b[2J\u001b[?25l";
const LEAVE_ALT_SCREEN = "\u001b[?25h\u001b[?1049l";

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
  const restore = () => {
    if (restored) return;
    restored = true;
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
  const instance = render(<App {...props} />, {
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
  });

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
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`reader: ${message}${file ? ` (details in ${file})` : ""}\n`);
    process.exit(1);
  };
  process.on("SIGTERM", onSigterm);
  process.on("SIGHUP", onSighup);
  process.on("SIGINT", onSigint);
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);

  try {
    await instance.waitUntilExit();
  } catch (error) {
    onCrash(error);
  }
  restore();
  return 0;
}
