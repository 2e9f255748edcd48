// A reader process for the kill -9 tests, doing what the interface does with the archive: `refresh CONFIG CACHE
// N` keeps a list of N items as a refresh does (parts of 50), `articles CONFIG CACHE N` keeps N fetched
// articles, `prefetch CONFIG CACHE N BASE` prefetches BASE0 … BASE(N-1) in the worker thread as the interface
// does, `open CONFIG CACHE` is the first start (imports today's files, brings an older database up to
// date). Before a refresh or articles it makes read marks, a position and a bookmark. In the READER_TRACE file
// the parent sees each committed write (and this process's own steps), and kills it at a point it chooses.
import { RequestLimiter } from "../../src/sources/limiter.js";
import { KeptArchive } from "../../src/store/kept.js";
import { openStore } from "../../src/store/store.js";
import { trace } from "../../src/trace.js";
import { PrefetchThread } from "../../src/tui/prefetch.js";
import { prefetchWorker } from "../helpers/ts-worker.js";
import { killArticle, killItem, MARKED } from "./kill-data.js";

const [mode, configDir, cacheDir, count = "0", base = ""] = process.argv.slice(2);
if (!mode || !configDir || !cacheDir) throw new Error("usage: kill-child MODE CONFIG CACHE [N]");
const store = openStore({ builtins: [], dir: configDir });
const kept = new KeptArchive(store, { dir: cacheDir, onError: (error) => console.error(error) });
const say = trace;

if (mode === "open") {
  await kept.open();
  say("opened");
} else {
  const keeping = kept.storeKeeping();
  keeping.setRead(MARKED.read, true);
  keeping.setPosition(MARKED.position, { block: 3, offset: 2 });
  keeping.toggleBookmark({ url: MARKED.bookmark, title: "收藏" });
  await kept.settled();
  say("marked");
  const n = Number(count);
  if (mode === "refresh")
    kept.keepItems(
      { id: "big", title: "大頻道", url: "https://example.com/big.xml", origin: "user" },
      Array.from({ length: n }, (_, i) => killItem(i)),
    );
  else if (mode === "prefetch") {
    const thread = new PrefetchThread({
      slots: new RequestLimiter(),
      turn: (work) => kept.turn(work),
      ready: () => kept.writable(),
      dir: cacheDir,
      spawn: prefetchWorker,
      onFailure: (text) => console.error(text),
    });
    say("prefetch started");
    // In lists of 30, as a refresh hands them over (PREFETCH_PER_LIST).
    for (let i = 0; i < n; i += 30)
      thread.add(Array.from({ length: Math.min(30, n - i) }, (_, k) => `${base}${i + k}`));
    await new Promise(() => undefined); // killed before it is done
  } else for (let i = 0; i < n; i++) kept.keepArticle(killArticle(i).url, killArticle(i));
  await kept.settled();
  say("done");
}
