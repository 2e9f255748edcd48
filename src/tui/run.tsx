// Runs the interface on a screen session (src/tui/session.ts): Ink renders whole frames into the session's
// writer, which sends the terminal only what changed. On q, Ctrl-C, SIGTERM, SIGHUP or an uncaught error the
// terminal is left exactly as it was; all but the error then return to the caller, with the exit code.
import { render } from "ink";
import { App, type AppProps } from "./App.js";
import { frameSink, oneRowShort } from "./output.js";
import { logError, openScreen, type ScreenSession } from "./session.js";

/** How long after a signal the process ends whatever else is going on (its own bounded work is shorter). */
const SIGNAL_EXIT_MS = 5_000;

export async function runInterface(
  props: Omit<AppProps, "onQuit"> & { onQuit: () => void },
  session: ScreenSession = openScreen(),
): Promise<number> {
  const { stdout } = process;
  const { output } = session;
  const instance = render(
    <App
      {...props}
      onRedraw={() => output?.invalidate()}
      onKey={session.keyPressed}
      onLoadingMany={session.loadingMany}
    />,
    output
      ? { stdout: frameSink(stdout, output), debug: true, exitOnCtrlC: false, patchConsole: false }
      : { stdout: oneRowShort(stdout), exitOnCtrlC: false, patchConsole: false, maxFps: 60 },
  );

  // A signal ends the interface as `q` does, with the signal's exit code: the caller then finishes what it must
  // (the archive's writes still waiting, within a bound) with the terminal already restored.
  let signalled: number | undefined;
  const finish = (code: number) => {
    // The same signal again changes nothing (a file writer may raise it again once it has cleaned up).
    if (signalled !== undefined) return;
    signalled = code;
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
    session.restore();
    // Should the interface not come back from unmounting, the signal still ends the process.
    setTimeout(() => process.exit(code), SIGNAL_EXIT_MS).unref();
  };
  const onCrash = (error: unknown) => {
    try {
      instance.unmount();
    } catch {
      // The crash may have come from Ink itself.
    }
    session.crash(error);
  };
  session.detachHandlers();
  process.on("SIGTERM", () => finish(143));
  process.on("SIGHUP", () => finish(129));
  process.on("SIGINT", () => finish(130));
  process.on("uncaughtException", onCrash);
  // A promise nobody awaited failed (a background load, an encoder): logged, and reading goes on — ending the
  // program for it would lose the reading position.
  process.on("unhandledRejection", (error) => {
    logError(error);
  });
  // Node's warnings (e.g. undici's "experimental" proxy agent) would print over the screen: log them instead.
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    logError(warning);
  });

  try {
    await instance.waitUntilExit();
  } catch (error) {
    onCrash(error);
  }
  session.restore();
  return signalled ?? 0;
}
