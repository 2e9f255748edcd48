// The bundled sample site as a Source: a manifest maps paths under a made-up origin to files, statuses and
// redirects, so the reader works (and is tested) with no network.
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ReaderError, type Channel, type FetchOptions, type Resource, type Source } from "../model.js";
import { sanitizeInline } from "../text/sanitize.js";

interface ManifestResource {
  file?: string;
  status?: number;
  contentType?: string;
  location?: string;
}

interface Manifest {
  origin: string;
  channels: { id: string; title: string; url: string }[];
  resources: Record<string, ManifestResource>;
}

const MAX_REDIRECTS = 5;

/** `<package root>/sample-site`, found by walking up from this file (works from src/ and from dist/cli.js). */
export function sampleSiteDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "sample-site", "manifest.json"))) return path.join(dir, "sample-site");
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new ReaderError("the bundled sample site (sample-site/manifest.json) is missing");
    dir = parent;
  }
}

function parseManifest(text: string, file: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ReaderError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const m = data as Partial<Manifest> | null;
  if (!m || typeof m.origin !== "string" || typeof m.resources !== "object" || m.resources === null) {
    throw new ReaderError(`${file}: needs "origin" and "resources"`);
  }
  return {
    origin: m.origin.replace(/\/+$/, ""),
    channels: Array.isArray(m.channels) ? m.channels : [],
    resources: m.resources,
  };
}

export class ReplaySource implements Source {
  private manifest: Manifest | undefined;
  private manifestLoad: Promise<Manifest> | undefined;

  constructor(private readonly siteDir: string) {}

  private async load(): Promise<Manifest> {
    if (this.manifest) return this.manifest;
    this.manifestLoad ??= (async () => {
      const file = path.join(this.siteDir, "manifest.json");
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (e) {
        throw new ReaderError(
          `cannot read the sample site manifest ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`,
        );
      }
      this.manifest = parseManifest(text, file);
      return this.manifest;
    })();
    try {
      return await this.manifestLoad;
    } catch (e) {
      this.manifestLoad = undefined;
      throw e;
    }
  }

  // channels() and handles() are synchronous in the Source contract; the manifest is small, so read it at once.
  private loadSync(): Manifest {
    if (this.manifest) return this.manifest;
    const file = path.join(this.siteDir, "manifest.json");
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new ReaderError(
        `cannot read the sample site manifest ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`,
      );
    }
    this.manifest = parseManifest(text, file);
    return this.manifest;
  }

  handles(url: string): boolean {
    try {
      return new URL(url).origin === new URL(this.loadSync().origin).origin;
    } catch {
      return false;
    }
  }

  channels(): Channel[] {
    return this.loadSync().channels.map((c) => ({
      id: sanitizeInline(c.id),
      title: sanitizeInline(c.title),
      url: c.url,
      origin: "sample" as const,
    }));
  }

  /**
   * `haveParsed`: the bundled files do not change while the program runs, so a copy the caller parsed before is
   * current (a refresh of every channel reads and parses none of them again).
   */
  async fetch(url: string, signal?: AbortSignal, options?: FetchOptions): Promise<Resource> {
    const manifest = await this.load();
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      signal?.throwIfAborted();
      const parsed = new URL(current);
      const key = parsed.pathname + parsed.search;
      const entry =
        manifest.resources[key] ?? (parsed.search ? undefined : manifest.resources[parsed.pathname]);
      if (!entry || new URL(manifest.origin).origin !== parsed.origin) {
        return { requestedUrl: url, url: current, status: 404, body: new Uint8Array() };
      }
      const status = entry.status ?? 200;
      if (status >= 300 && status < 400 && entry.location) {
        current = new URL(entry.location, current).href;
        continue;
      }
      if (options?.haveParsed && status === 200)
        return { requestedUrl: url, url: current, status, body: new Uint8Array(), notModified: true };
      let body = new Uint8Array();
      if (entry.file) {
        const file = path.join(this.siteDir, entry.file);
        try {
          body = new Uint8Array(await readFile(file, { signal }));
        } catch (e) {
          if ((e as Error).name === "AbortError") throw e;
          throw new ReaderError(`sample site file missing for ${key}: ${file}`);
        }
      }
      const resource: Resource = { requestedUrl: url, url: current, status, body };
      if (entry.contentType) resource.contentType = entry.contentType;
      return resource;
    }
    throw new ReaderError(`${url}: more than ${MAX_REDIRECTS} redirects`);
  }
}
