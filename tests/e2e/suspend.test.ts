// Suspend and resume (Ctrl-Z in a shell, `kill -TSTP`, then `fg`): while stopped the shell has its main screen
// and the cursor; once continued the interface takes the screen again, repaints it whole, and reads keys.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { cleanupAfterEach, startReader } from "./harness.js";

const track = cleanupAfterEach();

/** The process state letter from /proc (T: stopped). */
function state(pid: number): string {
  return /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, "utf8"))?.[1] ?? "?";
}

/** Resolves once `test` holds, checking as the event loop turns (a stop is not reported on the pty). */
function until(test: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (test()) resolve();
      else if (Date.now() > end) reject(new Error("timed out"));
      else setTimeout(check, 10);
    };
    check();
  });
}

it("SIGTSTP leaves the screen and raw mode and stops; SIGCONT restores, repaints, and keys work", async () => {
  const s = track(startReader());
  await s.waitFor("山東頻道");
  s.press("j");
  await s.waitFor("2/");
  const pid = s.readerPid();

  s.kill("SIGTSTP");
  await s.waitFor(() => s.term.buffer.active.type === "normal");
  await until(() => state(pid) === "T");
  const suspended = s.raw();
  expect(suspended.lastIndexOf("\u001b[?25h")).toBeGreaterThan(suspended.lastIndexOf("\u001b[?25l"));
  expect(s.text()).not.toContain("山東頻道");

  s.kill("SIGCONT");
  await s.waitFor((text) => s.term.buffer.active.type === "alternate" && text.includes("山東頻道"));
  expect(s.text()).toContain("2/"); // the same screen as before, repainted whole
  s.press("j"); // one key, no Enter: only raw mode lets it through
  await s.waitFor("3/");
  s.press("q");
  expect((await s.exited).exitCode).toBe(0);
});

it("Ctrl-Z typed in the interface suspends it as in a shell; fg brings it back reading keys", async () => {
  const s = track(startReader());
  await s.waitFor("山東頻道");
  const pid = s.readerPid();

  s.press("\u001a"); // raw mode makes Ctrl-Z a key, not the tty's signal
  await s.waitFor(() => s.term.buffer.active.type === "normal");
  await until(() => state(pid) === "T");

  s.kill("SIGCONT");
  await s.waitFor((text) => s.term.buffer.active.type === "alternate" && text.includes("山東頻道"));
  s.press("j");
  await s.waitFor("2/");
  s.press("q");
  expect((await s.exited).exitCode).toBe(0);
});

it("a frame due while stopped is not drawn on the shell's screen: after q the shell's screen holds none of it", async () => {
  const s = track(startReader());
  await s.waitFor((t) => /要闻\s+\d+ 篇/.test(t) && !t.includes("更新中"));
  s.press("j");
  await s.waitFor("2/");
  // Removing a channel saves the list: its work finishes while the reader is stopped, and its frame is due then.
  s.press("d");
  await s.waitFor("remove? (y/n)");
  s.press("y");
  await s.waitFor("已移除 removed");
  const pid = s.readerPid();
  s.press("\u001a");
  await s.waitFor(() => s.term.buffer.active.type === "normal");
  await until(() => state(pid) === "T");

  s.kill("SIGCONT");
  await s.waitFor((text) => s.term.buffer.active.type === "alternate" && text.includes("山東頻道"));
  s.press("q");
  expect((await s.exited).exitCode).toBe(0);
  expect(s.term.buffer.active.type).toBe("normal");
  expect(s.text()).not.toMatch(/頻道|說明/);
});
