// The Library as the program wires it: the network through the on-disk HTTP cache, with READER_TIMEOUT_MS and
// one limiter of request slots. The same wiring for the interface, the commands and the prefetch worker (which
// borrows the interface's slots, so the per-host bounds hold across both threads).
import { HttpCache, offlineSource } from "./cache.js";
import type { Keeper, Library } from "./library.js";
import { RequestLimiter } from "./limiter.js";

export interface NetworkLibraryOptions {
  offline: boolean;
  keep?: Keeper;
  /** The HTTP cache's directory (default: the cache directory's `http`). */
  httpCacheDir?: string;
  /** Request slots from elsewhere (the prefetch worker's are the interface's); default a limiter of its own. */
  slots?: Pick<RequestLimiter, "acquire">;
}

export async function makeLibrary(options: NetworkLibraryOptions): Promise<Library> {
  const { Library } = await import("./library.js");
  const { offline, keep } = options;
  const cache = new HttpCache(options.httpCacheDir ? { dir: options.httpCacheDir } : {});
  const slots = options.slots ?? new RequestLimiter();
  const timeout = Number(process.env["READER_TIMEOUT_MS"]);
  return new Library({
    offline,
    cache,
    requestSlots: slots,
    ...(keep ? { keep } : {}),
    // The further pages of an article share one deadline: the same as one request's. A channel's section page is
    // asked for once its feed has taken half of it.
    ...(timeout > 0 ? { morePagesMs: timeout, fallbackAfterMs: timeout / 2 } : {}),
    network: async () => {
      if (offline) return offlineSource(cache);
      const { HttpSource } = await import("./http.js");
      // READER_TIMEOUT_MS shortens the total timeout per request (default 30 s), e.g. on a slow link or in tests.
      return new HttpSource({
        cache,
        offline,
        limiter: slots,
        ...(timeout > 0 ? { totalTimeoutMs: timeout, connectTimeoutMs: Math.min(timeout, 10_000) } : {}),
      });
    },
  });
}
