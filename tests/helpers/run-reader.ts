// Runs the built `reader` as a person runs it from a shell, without a terminal, with only the environment given
// (beside PATH): its exit code and everything it wrote.
import { execFile } from "node:child_process";
import { readerBin } from "../e2e/harness.js";

export interface ReaderRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runReader(args: string[], env: Record<string, string>): Promise<ReaderRun> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [readerBin, ...args],
      { env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}
