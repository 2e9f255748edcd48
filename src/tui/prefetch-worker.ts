// The prefetch worker thread (started by PrefetchThread in ./prefetch.ts): fetches, decodes, extracts and keeps
// the articles the interface hands over, so that none of that stands between a key and its frame. It has its
// own Library over the same HTTP cache, and its own connection to the archive; its requests take their slots
// from the interface's limiter and its writes wait for their turn among the interface's (both asked for by
// message). It posts back only progress.
import { readlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import type { Article, Validators } from "../model.js";
import type { Release } from "../sources/limiter.js";
import { makeLibrary } from "../sources/network-library.js";
import { loadNormaliser, openArchive } from "../store/archive.js";
import { cacheDir } from "../store/paths.js";
import { errorText } from "../writer.js";
import { Prefetcher, type FromWorker, type PrefetchWorkerData, type ToWorker } from "./prefetch.js";

if (!parentPort) throw new Error("the prefetch worker runs in a worker thread");
const port: MessagePort = parentPort;
const post = (message: FromWorker) => port.postMessage(message);

/** Answers to what was asked of the interface (a request slot, a write's turn), by id. */
const answers = new Map<number, () => void>();
let asked = 0;
function ask(message: (id: number) => FromWorker): { id: number; granted: Promise<void> } {
  const id = ++asked;
  return { id, granted: new Promise<void>((resolve) => (answers.set(id, resolve), post(message(id)))) };
}

/** Request slots from the interface's limiter: per host and overall, the bounds count both threads' requests. */
const slots = {
  acquire(host: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const { id, granted } = ask((id) => ({ type: "slot", id, host }));
    let released = false;
    const release = Object.assign(
      () => {
        if (released) return;
        released = true;
        answers.delete(id);
        post({ type: "release", id });
      },
      // Long without an answer: its place in the overall bound goes to another host's request (limiter.ts).
      { stalled: () => void (released || post({ type: "stalled", id })) },
    );
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        release();
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      void granted.then(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve(release);
      });
    });
  },
};

/**
 * Lowers this thread's scheduling priority (Linux: a thread has its own nice value, and /proc/thread-self names
 * it), so that on a busy machine the interface's thread gets the CPU before this one. Elsewhere nothing changes.
 */
function yieldCpu(): void {
  try {
    const thread = Number(path.basename(readlinkSync("/proc/thread-self")));
    if (Number.isInteger(thread) && thread > 0) os.setPriority(thread, 10);
  } catch {
    // Not Linux, or not allowed: the same priority as the interface.
  }
}

async function run({ dir = cacheDir() }: PrefetchWorkerData): Promise<void> {
  const opened = await openArchive({ dir, normalise: await loadNormaliser() });
  const archive = opened.archive;
  if (!archive || archive.readOnly) {
    archive?.close();
    post({
      type: "fatal",
      message: `預取停止 prefetch stopped: ${opened.warnings.join(" · ") || "read-only"}`,
    });
    port.close();
    return;
  }
  const library = await makeLibrary({
    offline: false,
    httpCacheDir: path.join(dir, "http"),
    slots,
    // Only read from here: the kept copy's validators for a conditional request, and the copy itself when the
    // page cannot be had (nothing to keep then). What is fetched is kept by the Prefetcher, in its turn.
    keep: {
      keepItems: () => undefined,
      keepArticle: () => undefined,
      keptArticle: async (url) => archive.keptArticle(url),
    },
  });

  let busy = false;
  let adds = 0;
  const prefetcher = new Prefetcher({
    fetch: (url, signal) => library.prefetchArticle(url, signal),
    keep: async (url: string, article: Article, validators: Validators | undefined) => {
      const { id, granted } = ask((id) => ({ type: "turn", id }));
      await granted;
      try {
        archive.putArticle(url, article, validators ?? {});
      } finally {
        post({ type: "written", id });
      }
    },
    missing: async (urls) => archive.missingArticles(urls),
    busy: () => busy,
    onProgress: (progress) => post({ type: "progress", progress }),
    onError: (error) => post({ type: "failed", message: errorText(error) }),
  });

  port.on("message", (message: ToWorker) => {
    switch (message.type) {
      case "add":
        adds++;
        prefetcher.add(message.urls);
        // Once everything handed over is done, the interface may end this thread (its memory given back).
        void prefetcher.settled().then(() => post({ type: "idle", adds }));
        return;
      case "busy":
        busy = message.busy;
        if (!busy) prefetcher.pump();
        return;
      case "granted": {
        const answer = answers.get(message.id);
        answers.delete(message.id);
        answer?.();
        return;
      }
      case "stop":
        // What runs is aborted; a write under way has finished (it is synchronous). Then the thread ends.
        void prefetcher.stop().finally(async () => {
          await library.close().catch(() => undefined);
          archive.close();
          post({ type: "stopped" });
          port.close();
        });
        return;
    }
  });
}

yieldCpu();
await run((workerData ?? {}) as PrefetchWorkerData);
