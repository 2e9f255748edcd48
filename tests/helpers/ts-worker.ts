// Worker threads from the TypeScript sources: the program starts its workers from dist/ (built), tests from src/
// through tsx, whose loader is registered in the thread before the module is imported.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import type { SpawnWorker } from "../../src/tui/prefetch.js";

/** tsx's ESM API (its "import" export: the CommonJS one cannot register the loader from an ES module). */
const tsxApi = (() => {
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const { exports } = JSON.parse(readFileSync(manifest, "utf8")) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(path.join(path.dirname(manifest), exports["./esm/api"]!.import.default)).href;
})();

/** A worker thread running `module` (a .ts file), or `code` given as the module's text (JavaScript). */
export function tsWorker(module: URL | { code: string }, options: WorkerOptions = {}): Worker {
  const start =
    module instanceof URL
      ? `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(module.href)});`
      : module.code;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(start)}`), options);
}

/** The prefetch worker as the interface starts it, from its source. */
export const prefetchWorker: SpawnWorker = (options) =>
  tsWorker(new URL("../../src/tui/prefetch-worker.ts", import.meta.url), options);
