// The one writer of plain output: every byte the command line prints to stdout or stderr passes the sanitiser
// here, whatever it quotes (a feed's parse error, a file name, an argument). Nothing else in src/ writes to
// process.stdout/stderr (eslint forbids it); the interface's frames go through src/tui/output.ts.
import { stripControls } from "./text/sanitize.js";

/** Text for standard output, controls and escape sequences removed (line breaks and tabs kept). */
export function writeOut(text: string): void {
  process.stdout.write(stripControls(text));
}

/** Text for standard error, cleaned like writeOut. */
export function writeErr(text: string): void {
  process.stderr.write(stripControls(text));
}

// JSON.stringify escapes C0 controls but leaves DEL, C1 controls and bidi overrides raw: escaped here instead,
// so the data is kept whole and the terminal sees none of them.
const JSON_UNSAFE = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]/g;

/** `value` as indented JSON and a line break; strings keep every character, written as escapes if unsafe. */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(
    JSON_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `${text}\n`;
}

/** `value` as JSON on standard output (see jsonText). */
export function writeJson(value: unknown): void {
  writeOut(jsonText(value));
}

/** An exception as one line a person can read: its message, never its raw bytes. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
