// Opening an article in the user's browser. Only where a browser would show up in front of the user (a local
// graphical session), never through a shell (a URL is content from the network), and only http(s).
import { lazyBuiltin } from "../builtin.js";
import { ReaderError } from "../model.js";
import { terminalSafeUrl } from "./osc.js";

// Loaded when a browser is opened: the interface imports this module for canOpenBrowser.
const childProcess = lazyBuiltin<typeof import("node:child_process")>("node:child_process");

function overSsh(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.SSH_CONNECTION || env.SSH_CLIENT || env.SSH_TTY);
}

/**
 * Whether a browser opened now would appear on the user's screen: a display (X11 or Wayland, which over SSH
 * means X forwarding), or macOS or Windows used locally.
 */
export function canOpenBrowser(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return true;
  if (platform === "darwin" || platform === "win32") return !overSsh(env);
  return false;
}

/** The program and arguments that open `url`: the first entry of $BROWSER (a `%s` in it is the URL), else the
 * platform's opener. No shell is involved: $BROWSER is split on whitespace, not interpreted. */
export function browserCommand(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): { command: string; args: string[] } {
  // $BROWSER is a colon-separated list by convention (the first that works wins); we take the first.
  const first = (env.BROWSER ?? "").split(":")[0]?.trim() ?? "";
  if (first !== "") {
    const [command, ...rest] = first.split(/\s+/);
    const hasPlaceholder = rest.some((arg) => arg.includes("%s"));
    const args = rest.map((arg) => arg.replaceAll("%s", url));
    return { command: command!, args: hasPlaceholder ? args : [...args, url] };
  }
  if (platform === "darwin") return { command: "open", args: [url] };
  if (platform === "win32") return { command: "rundll32", args: ["url.dll,FileProtocolHandler", url] };
  return { command: "xdg-open", args: [url] };
}

/**
 * Opens an http(s) URL in the browser, detached from the reader. Resolves once the browser process has
 * started; rejects with a ReaderError for other URLs, when there is no local display, or when the browser
 * cannot be started.
 */
export function openUrl(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  const safe = terminalSafeUrl(url);
  if (safe === undefined) return Promise.reject(new ReaderError(`Not a web address: ${JSON.stringify(url)}`));
  if (!canOpenBrowser(env, platform))
    return Promise.reject(new ReaderError("No local display to open a browser on (copy the link instead)"));
  const { command, args } = browserCommand(safe, env, platform);
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn(command, args, { detached: true, stdio: "ignore", shell: false, env });
    child.once("error", (error) => reject(new ReaderError(`Could not start ${command}: ${error.message}`)));
    child.once("spawn", () => {
      child.unref();
      resolve();
    });
  });
}
