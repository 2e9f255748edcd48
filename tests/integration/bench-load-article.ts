// Not a test: `npx tsx tests/integration/bench-load-article.ts` prints how long Library.loadArticle takes on the
// real people.com.cn page served on 127.0.0.1 (median of 20, each a new Library so nothing is memoised), and
// how that time splits between the steps, to show what is done more than once.
import { performance } from "node:perf_hooks";
import { decodeBody } from "../../src/sources/decode.js";
import { HttpSource } from "../../src/sources/http.js";
import { Library } from "../../src/sources/library.js";
import { findNextPages, parseArticlePage } from "../../src/sources/page.js";
import { reply, startTestServer } from "../helpers/test-server.js";
import { encode, fixtureText, networkLibrary } from "./local-web.js";

const RUNS = 20;
const PATH = "/n1/2024/0424/c1001-40223222.html";
const html = fixtureText("politics-2024-04-24.html");
const gbk = encode(html.replace(/\u30fb/g, "\u00b7"), "gbk");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function timeRuns(run: () => Promise<unknown> | unknown): Promise<number> {
  await run(); // warm-up (JIT, connection)
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

const server = await startTestServer({
  [`/utf8${PATH}`]: reply.body(html, { "content-type": "text/html; charset=utf-8" }),
  [`/gbk${PATH}`]: reply.body(gbk, { "content-type": "text/html" }),
});
const source = new HttpSource();
const rows: [string, number][] = [];
for (const variant of ["utf8", "gbk"]) {
  const url = server.url(`/${variant}${PATH}`);
  rows.push([
    `loadArticle, ${variant}, no cache`,
    await timeRuns(() => new Library({ network: async () => source }).loadArticle(url)),
  ]);
  const cached = networkLibrary();
  rows.push([
    `loadArticle, ${variant}, with the disk cache`,
    await timeRuns(() =>
      new Library({ cache: cached.cache, network: async () => cached.source }).loadArticle(url),
    ),
  ]);
  await cached.dispose();
  const body = variant === "gbk" ? gbk : Buffer.from(html);
  const contentType = variant === "gbk" ? "text/html" : "text/html; charset=utf-8";
  rows.push([`  fetch only`, await timeRuns(() => source.fetch(url))]);
  rows.push([`  decodeBody`, await timeRuns(() => decodeBody(body, contentType, "html"))]);
  const text = decodeBody(body, contentType, "html").text;
  rows.push([`  parseArticlePage`, await timeRuns(() => parseArticlePage(text, url))]);
  rows.push([
    `  findNextPages (second parse of the same page)`,
    await timeRuns(() => findNextPages(new TextDecoder("latin1").decode(body), url)),
  ]);
}
await source.close();
await server.close();
const width = Math.max(...rows.map(([name]) => name.length));
for (const [name, ms] of rows) process.stdout.write(`${name.padEnd(width)}  ${ms.toFixed(2)} ms\n`);
