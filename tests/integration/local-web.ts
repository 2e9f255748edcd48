// Shared pieces of the integration tests: a Library wired to the real HttpSource and an on-disk HttpCache in a
// temp dir (as the CLI wires them), encoded bodies, and the fixture pages. Everything is served on 127.0.0.1.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { HttpCache } from "../../src/sources/cache.js";
import { HttpSource } from "../../src/sources/http.js";
import { Library, type Keeper } from "../../src/sources/library.js";

export interface NetworkLibrary {
  library: Library;
  cache: HttpCache;
  source: HttpSource;
  cacheDir: string;
  /** Closes connections and removes the cache dir (unless it was given). */
  dispose(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `reader-${prefix}-`));
}

/** A Library over the network source and cache, the way `src/cli.ts` builds it. */
export function networkLibrary(
  options: { cacheDir?: string; totalTimeoutMs?: number; offline?: boolean; keep?: Keeper } = {},
): NetworkLibrary {
  const cacheDir = options.cacheDir ?? tempDir("cache");
  const cache = new HttpCache({ dir: cacheDir });
  const source = new HttpSource({
    cache,
    offline: options.offline ?? false,
    ...(options.totalTimeoutMs ? { totalTimeoutMs: options.totalTimeoutMs } : {}),
  });
  const library = new Library({
    cache,
    offline: options.offline ?? false,
    network: async () => source,
    ...(options.keep ? { keep: options.keep } : {}),
  });
  return {
    library,
    cache,
    source,
    cacheDir,
    async dispose() {
      await library.close();
      if (!options.cacheDir) rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
}

export function fixtureJson<T>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** The text in a legacy charset (iconv-lite's encoder; what a server in that charset would send). */
export function encode(text: string, charset: string): Buffer {
  return iconv.encode(text, charset);
}

/** The page without any `<meta charset>` / `<meta http-equiv=content-type>` declaration. */
export function withoutCharsetMeta(html: string): string {
  return html.replace(/<meta\b[^>]*charset[^>]*>/gi, "");
}

/** The page declaring `charset` in a `<meta charset>` (any earlier declaration removed). */
export function withCharsetMeta(html: string, charset: string): string {
  return withoutCharsetMeta(html).replace(/<head([^>]*)>/i, `<head$1><meta charset="${charset}">`);
}

/** The same page in http-equiv form, as 人民網 writes it. */
export function withHttpEquivMeta(html: string, charset: string): string {
  return withoutCharsetMeta(html).replace(
    /<head([^>]*)>/i,
    `<head$1><meta http-equiv="content-type" content="text/html;charset=${charset}"/>`,
  );
}

export interface ExpectedPage {
  url: string;
  title: string;
  published?: string;
  paragraphs: string[];
}
