/* eslint-disable no-control-regex -- these tests are about control characters */
// Every path by which text reaches the terminal, fed escape sequences: argument echoes, file names in ENOENT
// and EISDIR messages, JSON parse errors quoting the bytes around the fault (a local file, a feed from the
// network, config.json, bookmarks.json), commander's own errors, and the interface's header and status line.
// Nothing written — stdout, stderr, the screen — holds an escape sequence or control the reader did not make.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sanitizeFrame, stripControls } from "../../src/text/sanitize.js";
import { jsonText } from "../../src/writer.js";
import { startReader } from "../e2e/harness.js";
import { runReader } from "../helpers/run-reader.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";

// OSC 0 (title), OSC 52 (clipboard), CSI 6n (cursor report: answered into the shell's input), DCS, C1 CSI,
// BEL, a BiDi override, and a lone ESC.
const PAYLOAD =
  "\u001b]0;PWNED\u0007\u001b]52;c;cHduZWQ=\u0007\u001b[6n\u001bP1$qm\u001b\\\u009b2J\u0007\u202e\u001b";
// What must never be written (TAB, LF and the reader's own CSI aside).
const FORBIDDEN =
  /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\u001b[^[]/;

let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "reader-output-paths-"));
  server = await startTestServer({
    "/broken.json": reply.body(`{"version":"https://jsonfeed.org/version/1.1","items":[${PAYLOAD}`, {
      "content-type": "application/feed+json",
    }),
  });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const reader = (args: string[], configDir = path.join(dir, "config")) =>
  runReader(args, {
    READER_CONFIG_DIR: configDir,
    READER_CACHE_DIR: path.join(dir, "cache"),
    READER_TIMEOUT_MS: "5000",
  });

describe("the command line writes no escape from any path", () => {
  const local = (name: string) => path.join(dir, `${name}${PAYLOAD}`);
  const cases: Array<[string, () => Promise<string[]>]> = [
    ["`add` echoing a bad URL", async () => [`http://x${PAYLOAD}.com/`, "add"]],
    ["`import` of a missing file (ENOENT)", async () => ["import", local("missing.opml")]],
    [
      "`import` of a directory (EISDIR)",
      async () => {
        fs.mkdirSync(local("dir.opml"), { recursive: true });
        return ["import", local("dir.opml")];
      },
    ],
    [
      "`export` onto a directory",
      async () => {
        fs.mkdirSync(local("out"), { recursive: true });
        return ["export", local("out")];
      },
    ],
    ["`print` of a missing file", async () => ["print", local("missing.html")]],
    [
      "`list` of a local JSON Feed that does not parse",
      async () => {
        const file = path.join(dir, "broken.json");
        fs.writeFileSync(file, `{"version":"https://jsonfeed.org/version/1.1","items":[${PAYLOAD}`);
        return ["list", file];
      },
    ],
    [
      "`list` of a JSON Feed from the network that does not parse",
      async () => ["list", server.url("/broken.json")],
    ],
    ["an unknown option (commander's message)", async () => ["list", `--x${PAYLOAD}`]],
    ["`config get` of an unknown key", async () => ["config", "get", `k${PAYLOAD}`]],
    ["`rename` of an unknown id", async () => ["rename", `id${PAYLOAD}`, `name${PAYLOAD}`]],
    ["`move` with bad steps", async () => ["move", "sample-yaowen", `x${PAYLOAD}`]],
  ];
  for (const [name, setUp] of cases)
    it(name, async () => {
      const args = await setUp();
      const run = await reader(args[1] === "add" ? ["add", args[0]!] : args);
      expect(run.stdout + run.stderr).not.toMatch(FORBIDDEN);
      expect(run.stdout + run.stderr).not.toContain("PWNED");
    });

  it("a config.json and a bookmarks.json that do not parse: their warnings quote no escape", async () => {
    const configDir = path.join(dir, "broken-config");
    fs.mkdirSync(configDir, { recursive: true });
    fs.writeFileSync(path.join(configDir, "config.json"), `{"theme": ${PAYLOAD}`);
    fs.writeFileSync(path.join(configDir, "bookmarks.json"), `{"bookmarks": ${PAYLOAD}`);
    const run = await reader(["sources"], configDir);
    expect(run.stderr).toMatch(/config\.json could not be read/);
    expect(run.stderr).toMatch(/bookmarks\.json could not be read/);
    expect(run.stdout + run.stderr).not.toMatch(FORBIDDEN);
  });
});

describe("the writers remove every escape from any text", () => {
  const hostile = fc.array(
    fc.oneof(fc.constantFrom(...PAYLOAD.split(""), "\u001b[", "\u001b]", "\u009d", "\u0085"), fc.string()),
    { maxLength: 30 },
  );
  it("plain output (stripControls) and JSON output (jsonText)", () => {
    fc.assert(
      fc.property(hostile, (parts) => {
        const text = parts.join("");
        expect(stripControls(text)).not.toMatch(FORBIDDEN);
        expect(jsonText({ text, list: [text] })).not.toMatch(FORBIDDEN);
        expect(JSON.parse(jsonText(text))).toBe(text); // JSON keeps the data whole, escaped
      }),
      { numRuns: 300 },
    );
  });
  it("interface frames (sanitizeFrame) keep only the reader's SGR and OSC 8", () => {
    fc.assert(
      fc.property(hostile, (parts) => {
        const frame = `\u001b[1m${parts.join("")}\u001b[22m\n\u001b]8;;https://e.example/\u001b\\link\u001b]8;;\u001b\\`;
        const safe = sanitizeFrame(frame);
        const withoutOwn = safe.replace(/\u001b\[[0-9;:]*m|\u001b\]8;;[\u0021-\u007e]*\u001b\\/g, "");
        expect(withoutOwn).not.toMatch(FORBIDDEN);
        expect(withoutOwn).not.toContain("\u001b");
      }),
      { numRuns: 300 },
    );
  });
  it("interface frames (sanitizeFrame) with only the reader's own escapes come out as they went in", () => {
    // A frame as the screens build it: styled CJK rows and a link; then with one hostile piece anywhere in it.
    const own = fc.constantFrom(
      "第1篇 东屿岛",
      "한국어 abc",
      "\n",
      "\u001b[1m",
      "\u001b[22m",
      "\u001b[38;2;0;128:255m",
      "\u001b]8;;https://e.example/a?b=1\u001b\\",
      "\u001b]8;;\u001b\\",
    );
    fc.assert(
      fc.property(fc.array(own, { maxLength: 20 }), hostile, fc.nat(), (parts, bad, at) => {
        const frame = parts.join("");
        expect(sanitizeFrame(frame)).toBe(frame);
        const i = at % (parts.length + 1);
        const spoilt = [...parts.slice(0, i), bad.join(""), ...parts.slice(i)].join("");
        const withoutOwn = sanitizeFrame(spoilt).replace(
          /\u001b\[[0-9;:]*m|\u001b\]8;;[\u0021-\u007e]*\u001b\\/g,
          "",
        );
        expect(withoutOwn).not.toMatch(FORBIDDEN);
        expect(withoutOwn).not.toContain("\u001b");
      }),
      { numRuns: 500 },
    );
  });
});

describe("the interface writes no escape from its arguments or the store's warnings", () => {
  it("`reader <url>` with escapes in the URL, and a broken config.json: header, status line, warnings", async () => {
    const configDir = path.join(dir, "tui-config");
    fs.mkdirSync(configDir, { recursive: true });
    fs.writeFileSync(path.join(configDir, "config.json"), `{"theme": ${PAYLOAD}`);
    const s = startReader({ args: ["--offline", `http://127.0.0.1:9/a${PAYLOAD}.html`], configDir });
    try {
      // The store's warning is shown in the interface (not on stderr, behind the alternate screen).
      // (a long message takes the rows above the status line: read them as one text)
      await s.waitFor((text) => /config\.json could not be\s+read/.test(text));
      s.press("q");
      await s.exited;
      // The reader's own: CSI (cursor moves, styling, modes), OSC 8 links, CR (the tty's and the frame writer's).
      const raw = s.raw().replace(/\u001b\[[0-9;:?]*[A-Za-z]|\u001b\]8;;[\u0021-\u007e]*\u001b\\|\r/g, "");
      expect(raw).not.toMatch(FORBIDDEN);
      expect(raw).not.toContain("PWNED");
    } finally {
      s.dispose();
    }
  });
});
