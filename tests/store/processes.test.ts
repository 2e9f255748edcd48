// Several reader processes at once, a process killed mid-write, a directory that cannot be written.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openStore } from "../../src/store/store.js";

const child = path.join(import.meta.dirname, "store-child.ts");
const root = path.join(import.meta.dirname, "..", "..");

let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "reader-proc-"));
});
afterEach(() => {
  // A failed test must not leave a writer looping (it is busy in a synchronous loop: only SIGKILL stops it).
  for (const proc of children.splice(0))
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]): ChildProcess {
  const proc = spawn(process.execPath, ["--import", "tsx", child, ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(proc);
  return proc;
}

function exited(proc: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = "";
  proc.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => proc.on("exit", (code) => resolve({ code, stderr })));
}

it("two processes adding 20 sources each at once: all 40 are saved", async () => {
  const results = await Promise.all([
    exited(run(["add", dir, "a", "20"])),
    exited(run(["add", dir, "b", "20"])),
  ]);
  expect(results).toEqual([
    { code: 0, stderr: "" },
    { code: 0, stderr: "" },
  ]);
  const urls = openStore({ builtins: [], dir })
    .channels()
    .map((c) => c.url);
  expect(urls).toHaveLength(40);
  for (const prefix of ["a", "b"])
    for (let i = 0; i < 20; i++) expect(urls).toContain(`https://example.com/${prefix}/${i}.xml`);
});

it("two processes toggling 500 read marks each, compacting meanwhile: every last mark is kept", async () => {
  const results = await Promise.all([
    exited(run(["mark", dir, "a", "500"])),
    exited(run(["mark", dir, "b", "500"])),
  ]);
  expect(results.map((r) => r.code)).toEqual([0, 0]);
  const store = openStore({ builtins: [], dir });
  let missing = 0;
  for (const prefix of ["a", "b"])
    for (let i = 0; i < 500; i++) if (!store.isRead(`https://example.com/${prefix}/${i}`)) missing++;
  expect(missing).toBe(0);
  // It was compacted (and so rewritten under the other's appends) at least once.
  const lines = fs
    .readFileSync(path.join(dir, "state", "read.jsonl"), "utf8")
    .trim()
    .split("\n").length;
  expect(lines).toBeLessThan(7000);
});

it("a writer killed with SIGKILL mid-write leaves files that parse and state that reads back", async () => {
  for (let round = 0; round < 3; round++) {
    const proc = run(["churn", dir]);
    const done = exited(proc);
    // Let it get well into its writes (counted by its progress lines, not by time), then kill it.
    await new Promise<void>((resolve) => {
      let progress = "";
      proc.stdout?.on("data", (d: Buffer) => {
        progress += d.toString();
        if (/^(1[0-9]{2,}|[2-9][0-9]{2,})$/m.test(progress)) resolve();
      });
    });
    proc.kill("SIGKILL");
    expect((await done).code).toBeNull();
    const config = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8"));
    expect(config.refreshMinutes).toBeGreaterThanOrEqual(1);
    JSON.parse(fs.readFileSync(path.join(dir, "bookmarks.json"), "utf8"));
    const store = openStore({ builtins: [], dir });
    expect(store.warnings).toEqual([]);
    expect(store.channels().length).toBeGreaterThan(0);
    // Marks written in the churn loop: article i is read unless i % 3 === 0 at its latest write.
    const known = [...Array(500).keys()].filter(
      (i) => store.position(`https://example.com/a/${i}`) !== undefined,
    );
    expect(known.length).toBeGreaterThan(100);
  }
  // The lock left behind by a killed writer does not stop the next one.
  const store = openStore({ builtins: [], dir });
  store.addChannel("https://example.com/after-kill.xml");
  expect(
    openStore({ builtins: [], dir })
      .channels()
      .some((c) => c.url === "https://example.com/after-kill.xml"),
  ).toBe(true);
});

it("a read-only settings directory: reading works, saving gives a clear message", () => {
  const config = path.join(dir, "config");
  const seed = openStore({ builtins: [], dir: config });
  seed.setSetting("theme", "dark");
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(config, 0o555);
  // root ignores permission bits: run the check as an unprivileged user then.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const result = spawnSync(process.execPath, ["--import", "tsx", child, "readonly", config], {
    cwd: root,
    encoding: "utf8",
    ...asUser,
  });
  fs.chmodSync(config, 0o755);
  expect(result.stderr).toBe("");
  const report = JSON.parse(result.stdout);
  expect(report.readSetting).toBe("dark");
  expect(report.warnings.join("\n")).toMatch(/cannot be saved.*permission denied/);
  // The change refused is a channel added: the channel list's file is named.
  expect(report.error).toMatch(/^StoreWriteError: Could not save .*channels\.json: permission denied/);
  expect(report.channelsInMemory).toEqual(["new"]);
});
