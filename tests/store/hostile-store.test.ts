// Writes that must not be lost or faked: a lock held by a live (stopped) process, a symlinked config.json, an
// import of many feeds, a full disk mid-lock, a bookmarks.json that is a directory, a settings "directory" that
// is a file.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { withFileLock } from "../../src/store/file-lock.js";
import { StoreWriteError } from "../../src/store/store-error.js";
import { openStore } from "../../src/store/store.js";
import { runReader } from "../helpers/run-reader.js";

const child = path.join(import.meta.dirname, "store-child.ts");
const root = path.join(import.meta.dirname, "..", "..");

let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "reader-hostile-store-"));
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const proc of children.splice(0))
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A process that holds a file's lock (config.json's), stopped (SIGSTOP) once it has it, the lock made old. */
async function stoppedLockHolder(name = "config.json"): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["--import", "tsx", child, "hold", dir, name], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(proc);
  await new Promise<void>((resolve) => proc.stdout!.once("data", () => resolve()));
  proc.kill("SIGSTOP");
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(path.join(dir, `${name}.lock`), old, old);
  return proc;
}

const reader = (...args: string[]) =>
  runReader(args, { READER_CONFIG_DIR: dir, READER_CACHE_DIR: path.join(dir, "cache") });

it("a lock held by a live, stopped process is not taken, however old; once its owner is gone it is", async () => {
  const holder = await stoppedLockHolder();
  const file = path.join(dir, "config.json");
  const write = vi.fn();
  expect(() => withFileLock(file, write, { timeoutMs: 300 })).toThrow(/reader process \d+ holds/);
  expect(write).not.toHaveBeenCalled();
  holder.kill("SIGKILL");
  await new Promise((resolve) => holder.once("exit", resolve));
  withFileLock(file, write, { timeoutMs: 2_000 });
  expect(write).toHaveBeenCalledOnce();
});

it("`reader rename` while a stopped import holds the lock says it waits, then fails: no false success", async () => {
  // An import writes the channel list, which lives in channels.json.
  const holder = await stoppedLockHolder("channels.json");
  const run = await reader("rename", "sample-yaowen", "News");
  expect(run.stdout).not.toMatch(/Renamed/);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/Waiting for reader process \d+/);
  expect(run.stderr).toMatch(/Could not save .*channels\.json: reader process \d+ holds/);
  holder.kill("SIGCONT");
});

it("a symlinked config.json is written through the link, which stays a link", () => {
  const target = path.join(dir, "dotfiles", "reader.json");
  fs.mkdirSync(path.dirname(target));
  fs.writeFileSync(target, JSON.stringify({ theme: "dark" }));
  const configDir = path.join(dir, "cfg");
  fs.mkdirSync(configDir);
  fs.symlinkSync(target, path.join(configDir, "config.json"));
  const store = openStore({ builtins: [], dir: configDir });
  store.setSetting("kinsoku", "strict");
  store.addChannel("https://example.com/a.xml", "A");
  expect(fs.lstatSync(path.join(configDir, "config.json")).isSymbolicLink()).toBe(true);
  const saved = JSON.parse(fs.readFileSync(target, "utf8")) as { theme: string; kinsoku: string };
  expect(saved).toMatchObject({ theme: "dark", kinsoku: "strict" });
  // The channel list has a file of its own beside the link.
  const channels = JSON.parse(fs.readFileSync(path.join(configDir, "channels.json"), "utf8")) as {
    channels: { url: string }[];
  };
  expect(channels.channels.map((c) => c.url)).toEqual(["https://example.com/a.xml"]);
  expect(fs.readdirSync(path.dirname(target))).toEqual(["reader.json"]); // no temporary file left beside it
});

it("adding 500 channels at once (an import) writes channels.json once; present ones are counted, bad ones refused", () => {
  const store = openStore({ builtins: [], dir });
  store.addChannel("https://example.com/0.xml");
  const renames = vi.spyOn(fs, "renameSync");
  const entries = Array.from({ length: 500 }, (_, i) => ({
    url: `https://example.com/${i}.xml`,
    title: `F ${i}`,
  }));
  const result = store.addChannels([...entries, { url: "exec:ls" }]);
  expect(renames.mock.calls.filter(([, to]) => String(to).endsWith("channels.json"))).toHaveLength(1);
  expect(renames.mock.calls.filter(([, to]) => String(to).endsWith("config.json"))).toHaveLength(0);
  expect(result.added).toHaveLength(499);
  expect(result.present).toBe(1);
  expect(result.refused).toEqual([expect.stringMatching(/not an http\(s\) URL/)]);
  expect(openStore({ builtins: [], dir }).channels()).toHaveLength(500);
});

it("a lock file that could not be written (disk full) is removed, so the next write does not wait for it", () => {
  const file = path.join(dir, "config.json");
  const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  const writeSync = vi.spyOn(fs, "writeSync").mockImplementationOnce(() => {
    throw full;
  });
  expect(() => withFileLock(file, () => undefined)).toThrow(/the disk is full/);
  writeSync.mockRestore();
  expect(fs.existsSync(`${file}.lock`)).toBe(false);
  // With no time to wait, a lock left behind would fail the write at once (not a timing: no clock is read).
  expect(withFileLock(file, () => "saved", { timeoutMs: 0 })).toBe("saved");
});

it("a bookmarks.json that is a directory is moved aside; bookmarking works again", () => {
  fs.mkdirSync(path.join(dir, "bookmarks.json"));
  const store = openStore({ builtins: [], dir });
  expect(store.warnings).toEqual([
    expect.stringMatching(/bookmarks\.json could not be read \(it is a directory\)\. It was moved to/),
  ]);
  expect(store.bookmarks()).toEqual([]);
  store.toggleBookmark({ title: "T", url: "https://example.com/t" });
  expect(
    openStore({ builtins: [], dir })
      .bookmarks()
      .map((b) => b.url),
  ).toEqual(["https://example.com/t"]);
});

it("a settings directory that is a file: one clear warning, defaults, and a write fails saying why", () => {
  const file = path.join(dir, "reader");
  fs.writeFileSync(file, "not a directory");
  const store = openStore({
    builtins: [{ id: "b", title: "B", url: "https://b/", origin: "default" }],
    dir: file,
  });
  expect(store.warnings).toEqual([
    expect.stringMatching(/cannot be saved \(.*a file stands where its directory should be/),
  ]);
  expect(store.channels().map((c) => c.id)).toEqual(["b"]);
  expect(() => store.addChannel("https://example.com/a.xml")).toThrow(StoreWriteError);
  expect(fs.readFileSync(file, "utf8")).toBe("not a directory");
});
