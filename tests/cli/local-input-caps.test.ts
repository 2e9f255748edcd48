// Local input is capped like a download: /dev/zero, a FIFO that never ends, a file past the 10 MB body limit.
// Each is read up to the limit and no further, the command finishes, and what was cut is said.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_LIMIT_BYTES, readLocalFile } from "../../src/sources/local-file.js";
import { runReader } from "../helpers/run-reader.js";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "reader-local-caps-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A FIFO with a writer that never stops (until the reader closes it: EPIPE). */
function endlessFifo(name: string): string {
  const fifo = path.join(dir, name);
  fs.rmSync(fifo, { force: true });
  execFileSync("mkfifo", [fifo]);
  const writer = spawn("/bin/sh", ["-c", `yes 這是一行 > '${fifo}' 2>/dev/null`], { stdio: "ignore" });
  writer.unref();
  return fifo;
}

const reader = (...args: string[]) =>
  runReader(args, { READER_CONFIG_DIR: path.join(dir, "cfg"), READER_CACHE_DIR: path.join(dir, "cache") });

describe("readLocalFile", () => {
  it("reads /dev/zero only up to the limit and says it was cut", async () => {
    const { body, cut } = await readLocalFile("/dev/zero", 100_000);
    expect(body.length).toBe(100_000);
    expect(cut).toMatch(/\/dev\/zero is larger than 98 KB: only the first 98 KB were read/);
  });

  it("reads an endless FIFO only up to the limit", async () => {
    const { body, cut } = await readLocalFile(endlessFifo("endless"), 300_000);
    expect(body.length).toBe(300_000);
    expect(new TextDecoder().decode(body.subarray(0, 13))).toBe("這是一行\n");
    expect(cut).toBeDefined();
  });

  it("a regular file past the limit: the start is kept and the message gives the file's size", async () => {
    const file = path.join(dir, "big.txt");
    fs.writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, "a"));
    const { body, cut } = await readLocalFile(file, 1024 * 1024);
    expect(body.length).toBe(1024 * 1024);
    expect(cut).toMatch(/only the first 1 MB of 3 MB were read/);
  });

  it("a file within the limit is read whole, with nothing said", async () => {
    const file = path.join(dir, "small.txt");
    fs.writeFileSync(file, "一段文字");
    const { body, cut } = await readLocalFile(file);
    expect(new TextDecoder().decode(body)).toBe("一段文字");
    expect(cut).toBeUndefined();
  });

  it("a directory or a missing file is a clear error", async () => {
    await expect(readLocalFile(dir)).rejects.toThrow(/cannot read .*: it is a directory/);
    await expect(readLocalFile(path.join(dir, "nope"))).rejects.toThrow(/cannot read .*: no such file/);
  });
});

describe("the commands finish on unbounded local input", () => {
  it("`reader print /dev/zero` finishes: read up to the limit, and refused as the binary data it is", async () => {
    const run = await reader("print", "/dev/zero");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\/dev\/zero is a binary file, not an article/);
  });

  it("`reader list` and `reader import` of /dev/zero end with a message", async () => {
    const list = await reader("list", "/dev/zero");
    expect(list.stderr).toMatch(/larger than 10 MB/);
    const imported = await reader("import", "/dev/zero");
    expect(imported.stderr).toMatch(/larger than 10 MB/);
    expect(imported.code).toBe(1); // not an OPML file
  });

  it("`reader print` of an endless FIFO finishes", async () => {
    const run = await reader("print", endlessFifo("endless-print"), "--width", "40");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("這是一行");
    expect(run.stderr).toMatch(/larger than 10 MB/);
  });

  it("a .txt file past the limit is printed up to it, and the cut is said", async () => {
    const file = path.join(dir, "long.txt");
    fs.writeFileSync(file, "段落。\n\n".repeat(Math.ceil((BODY_LIMIT_BYTES * 1.2) / 11)));
    const run = await reader("print", file, "--width", "40");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/long\.txt is larger than 10 MB: only the first 10 MB of 12 MB were read/);
  });
});
