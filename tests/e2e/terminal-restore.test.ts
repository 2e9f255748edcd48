// Every way out leaves the terminal exactly as before: main screen, cursor shown, the tty's modes unchanged.
import { readFileSync } from "node:fs";
import os from "node:os";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, keys, readerBin, root, startReader, type ReaderSession } from "./harness.js";

const track = cleanupAfterEach();

const ways: Array<[string, (s: ReaderSession) => void]> = [
  ["q", (s) => s.press("q")],
  ["Ctrl-C", (s) => s.press(keys.ctrlC)],
  ["SIGTERM", (s) => s.kill("SIGTERM")],
  ["SIGHUP", (s) => s.kill("SIGHUP")],
];

describe("leaving the reader restores the terminal", () => {
  for (const [name, leave] of ways) {
    it(`on ${name}`, async () => {
      const dir = track.dir("tty");
      // stty -g before and after, in the same pty, proves raw mode and every other tty setting came back.
      const s = track(
        startReader({
          shell: `stty -g > '${dir}/before'; $READER; echo "exit=$?" > '${dir}/code'; stty -g > '${dir}/after'; echo done-$$`,
        }),
      );
      await s.waitFor("山東頻道");
      // A key that works proves the interface is reading keys (raw mode) before we leave.
      s.press("j");
      await s.waitFor("2/");
      leave(s);
      await s.waitFor(/done-\d+/);
      await s.exited;
      expect(readFileSync(`${dir}/after`, "utf8")).toBe(readFileSync(`${dir}/before`, "utf8"));
      expect(s.term.buffer.active.type).toBe("normal");
      const raw = s.raw();
      expect(raw.lastIndexOf("\u001b[?1049l")).toBeGreaterThan(raw.lastIndexOf("\u001b[?1049h"));
      expect(raw.lastIndexOf("\u001b[?25h")).toBeGreaterThan(raw.lastIndexOf("\u001b[?25l"));
      // The shell prompt's screen shows no leftover of the interface.
      expect(s.text()).not.toContain("山東頻道");
    });
  }
});

describe("without a terminal", () => {
  it("`reader | cat` explains itself in one line and exits 2", () => {
    const result = spawnSync("/bin/sh", ["-c", `'${process.execPath}' '${readerBin}' | cat`], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, READER_CONFIG_DIR: os.tmpdir() + "/reader-none", CI: "false" },
    });
    const run = spawnSync(process.execPath, [readerBin], {
      cwd: root,
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/terminal/);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(result.stderr).toMatch(/terminal/);
  });
});
