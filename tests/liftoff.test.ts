// The program's WebAssembly (undici's HTTP parser, Ink's layout engine Yoga) stays with V8's baseline compiler:
// TurboFan's compilation of a hot function frees a zone of 1–2 MB, after which glibc keeps every freed block under
// that size in its arenas (15–25 MB more resident memory after a large refresh; the figures are in
// scripts/bench-tui.mjs --only=scale,memory).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * V8's trace of each WebAssembly function compiled while a child runs `contents` (TypeScript, imports from the
 * repository's root). The child is bundled as the program is: tsx would bring WebAssembly of its own into the trace.
 */
async function wasmCompiledBy(contents: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "liftoff-"));
  try {
    const child = path.join(dir, "child.mjs");
    await build({
      stdin: { contents, resolveDir: root, loader: "ts" },
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

/** Compiled (so the trace is there to read), and only by Liftoff. */
function expectLiftoffOnly(trace: string): void {
  expect(trace).toMatch(/using Liftoff/);
  expect(trace).not.toMatch(/using TurboFan/);
}

const liftoffEverywhere =
  process.platform === "linux" && (process.arch === "x64" || process.arch === "arm64");

describe.runIf(liftoffEverywhere)("WebAssembly in the reader's process", () => {
  it("undici's HTTP parser is never compiled by TurboFan once the HTTP source is loaded, over 400 responses", async () => {
    const trace = await wasmCompiledBy(`
      import "./src/sources/http.ts";
      import { createServer } from "node:http";
      import { request } from "undici";
      const body = Buffer.alloc(30000, "a");
      const server = createServer((req, res) => res.end(body));
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = "http://127.0.0.1:" + server.address().port + "/";
      for (let i = 0; i < 400; i++) await (await request(url)).body.arrayBuffer();
      server.close();`);
    expectLiftoffOnly(trace);
  });

  it("Ink's layout engine, loaded after the interface's memory settings, is never compiled by TurboFan", async () => {
    const trace = await wasmCompiledBy(`
      import { compileWasmWithLiftoffOnly } from "./src/liftoff.ts";
      compileWasmWithLiftoffOnly();
      const { default: Yoga } = await import("yoga-layout");
      for (let k = 0; k < 3000; k++) {
        const list = Yoga.Node.create();
        list.setWidth(120);
        for (let i = 0; i < 40; i++) {
          const row = Yoga.Node.create();
          row.setHeight(1);
          list.insertChild(row, i);
        }
        list.calculateLayout(120, 40);
        list.freeRecursive();
      }`);
    expectLiftoffOnly(trace);
  });
});
