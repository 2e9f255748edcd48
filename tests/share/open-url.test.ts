import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { browserCommand, canOpenBrowser, openUrl } from "../../src/share/open-url.js";
import { ReaderError } from "../../src/model.js";

describe("canOpenBrowser", () => {
  it("says yes with a local X11 or Wayland display", () => {
    expect(canOpenBrowser({ DISPLAY: ":0" }, "linux")).toBe(true);
    expect(canOpenBrowser({ WAYLAND_DISPLAY: "wayland-0" }, "linux")).toBe(true);
  });
  it("says no on a Linux console or over SSH without a forwarded display", () => {
    expect(canOpenBrowser({}, "linux")).toBe(false);
    expect(canOpenBrowser({ SSH_CONNECTION: "10.0.0.2 50000 10.0.0.1 22" }, "linux")).toBe(false);
    expect(canOpenBrowser({ SSH_TTY: "/dev/pts/1" }, "darwin")).toBe(false);
  });
  it("says yes over SSH with X forwarding, and on a Mac used locally", () => {
    expect(canOpenBrowser({ SSH_CONNECTION: "a 1 b 22", DISPLAY: "localhost:10.0" }, "linux")).toBe(true);
    expect(canOpenBrowser({}, "darwin")).toBe(true);
  });
});

describe("browserCommand", () => {
  const url = "http://example.org/a";
  it("uses $BROWSER (first of a colon list), splitting its arguments without a shell", () => {
    expect(browserCommand(url, { BROWSER: "firefox --new-window:chromium" }, "linux")).toEqual({
      command: "firefox",
      args: ["--new-window", url],
    });
    expect(browserCommand(url, { BROWSER: "w3m-ish -o %s -x" }, "linux")).toEqual({
      command: "w3m-ish",
      args: ["-o", url, "-x"],
    });
  });
  it("falls back to the platform opener", () => {
    expect(browserCommand(url, {}, "linux")).toEqual({ command: "xdg-open", args: [url] });
    expect(browserCommand(url, {}, "darwin")).toEqual({ command: "open", args: [url] });
  });
});

describe("openUrl", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "reader-open-url-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A fake browser that records the arguments it was started with. */
  function fakeBrowser(name: string): { program: string; record: string } {
    const program = path.join(dir, name);
    const record = path.join(dir, `${name}.json`);
    writeFileSync(
      program,
      `#!${process.execPath}\nrequire("node:fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\n`,
    );
    chmodSync(program, 0o755);
    return { program, record };
  }

  async function recorded(file: string): Promise<string[]> {
    const deadline = Date.now() + 10_000;
    while (!existsSync(file) || readFileSync(file, "utf8") === "") {
      if (Date.now() > deadline) throw new Error("the browser was not started");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return JSON.parse(readFileSync(file, "utf8")) as string[];
  }

  it("starts $BROWSER with the URL as one argument, shell characters and all, never through a shell", async () => {
    const { program, record } = fakeBrowser("browser-a");
    const marker = path.join(dir, "pwned");
    const url = `http://example.org/?a=1;touch$\{IFS}${marker};b=$(touch$\{IFS}${marker})|c\`id\``;
    await openUrl(url, { BROWSER: program, DISPLAY: ":0", PATH: process.env.PATH }, "linux");
    expect(await recorded(record)).toEqual([url]);
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses anything but http(s) without starting anything", async () => {
    const { program, record } = fakeBrowser("browser-b");
    for (const bad of ["file:///etc/passwd", "javascript:alert(1)", "--help", "-e http://x"]) {
      await expect(openUrl(bad, { BROWSER: program, DISPLAY: ":0" }, "linux")).rejects.toBeInstanceOf(
        ReaderError,
      );
    }
    expect(existsSync(record)).toBe(false);
  });

  it("refuses when there is no local display (over SSH)", async () => {
    await expect(
      openUrl("https://example.org/", { SSH_CONNECTION: "a 1 b 22", BROWSER: "true" }, "linux"),
    ).rejects.toThrow(/No local display/);
  });

  it("rejects with a ReaderError when the browser does not exist", async () => {
    await expect(
      openUrl("https://example.org/", { BROWSER: path.join(dir, "no-such-browser"), DISPLAY: ":0" }, "linux"),
    ).rejects.toThrow(/Could not start/);
  });
});
