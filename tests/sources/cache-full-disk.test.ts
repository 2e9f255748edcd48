// The HTTP cache on a disk that fills up as it writes: node:fs's writeSync fails as on a full disk (ENOSPC) when
// the test says so (no test can fill a real disk).
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { HttpCache } from "../../src/sources/cache.js";

const disk = vi.hoisted(() => ({ full: false }));
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  const writeSync = ((...args: Parameters<typeof actual.writeSync>) => {
    if (disk.full)
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    return actual.writeSync(...args);
  }) as typeof actual.writeSync;
  return { ...actual, default: { ...actual, writeSync }, writeSync };
});

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "reader-cache-full-"));
  disk.full = false;
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

it("a saved list the full disk has no room for leaves its feed as old as it was, not taken as fetched now", async () => {
  const url = "https://news.example/rss.xml";
  const fetched = new Date(Date.now() - 3_600_000); // an hour ago
  const cache = new HttpCache({ dir, now: () => fetched });
  await cache.put(
    url,
    { finalUrl: url, status: 200, contentType: "application/rss+xml" },
    Buffer.from("<rss/>"),
  );
  disk.full = true;
  await cache.putParsed(url, { items: [{ title: "第一條", url: "https://news.example/1" }] });
  disk.full = false;

  const next = new HttpCache({ dir }); // the next run's
  expect((await next.getMeta(url))?.fetchedAt).toBe(fetched.toISOString());
  expect(await next.getParsed(url)).toBeUndefined();
  expect(new TextDecoder().decode((await next.get(url))?.body)).toBe("<rss/>");
});
