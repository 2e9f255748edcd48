// undici's HTTP parser (llhttp, WebAssembly) stays with V8's baseline compiler once the reader's HTTP source is
// loaded: TurboFan's compilation of it frees a zone of ~2 MB, after which glibc keeps every freed block under that
// size in its arenas (15–25 MB more resident memory after a large refresh; the figure is in scripts/bench-tui.mjs).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * V8's trace of each WebAssembly function compiled while a child, with the HTTP source loaded, makes `count`
 * requests. The child is bundled as the program is (tsx would bring WebAssembly of its own into the trace).
 */
async function compiledWhileFetching(count: number): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "llhttp-liftoff-"));
  try {
    const child = path.join(dir, "child.mjs");
    await build({
      stdin: {
        contents: `
          import "./src/sources/http.ts";
          import { createServer } from "node:http";
          import { request } from "undici";
          const body = Buffer.alloc(30000, "a");
          const server = createServer((req, res) => res.end(body));
          await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
          const url = "http://127.0.0.1:" + server.address().port + "/";
          for (let i = 0; i < ${count}; i++) await (await request(url)).body.arrayBuffer();
          server.close();`,
        resolveDir: root,
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: child,
      banner: {
        js: "import { createRequire as bannerRequire } from 'node:module'; const require = bannerRequire(import.meta.url);",
      },
      logLevel: "silent",
    });
    const run = spawnSync(process.execPath, ["--trace-wasm-compilation-times", child], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const glibcTarget = process.platform === "linux" && (process.arch === "x64" || process.arch === "arm64");

describe("undici's HTTP parser", () => {
  it.runIf(glibcTarget)(
    "is never compiled by TurboFan once the HTTP source is loaded, however many responses",
    async () => {
      const trace = await compiledWhileFetching(400);
      // The parser was compiled (so the trace is there to read), and only by Liftoff.
      expect(trace).toMatch(/using Liftoff/);
      expect(trace).not.toMatch(/using TurboFan/);
    },
  );
});
