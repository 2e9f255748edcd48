// READER_TRACE=<file>: milestones (ms since the process started) appended to that file — start-up steps, memory
// collections. For measuring a real run without a debugger; nothing is written when it is unset.
import { appendFileSync } from "node:fs";

export function trace(label: string): void {
  const file = process.env["READER_TRACE"];
  if (file) appendFileSync(file, `${performance.now().toFixed(1)} ${label}\n`);
}
