// Quitting while the prefetch worker still has pages in flight (their hosts not answering): the reader ends at
// once with the terminal as it was, and the articles the worker kept before are in the archive, found by search.
// Nothing the worker thread writes (Node's warnings) reaches the screen.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { loadNormaliser, openArchive } from "../../src/store/archive.js";
import { reply, startTestServer } from "../helpers/test-server.js";
import { addChannel, cleanupAfterEach, startReader } from "./harness.js";

const PAGE = readFileSync(new URL("../fixtures/politics-2024-04-24.html", import.meta.url), "utf8");
const TITLE = "促进航天技术更好惠及人民";
/** Words of the page's body only. */
const BODY_WORDS = "高水平中拉航天合作伙伴关系";

const track = cleanupAfterEach();

it("q while prefetched pages hang: the reader ends, the terminal is restored, what was kept stays kept", async () => {
  // Two pages answer, two never do (the prefetch takes two at a time, in the feed's order).
  const page = (n: number) => `/n1/2024/0424/c1001-${n}.html`;
  const server = track(
    await startTestServer({
      [page(1)]: reply.body(PAGE.replaceAll(TITLE, `第1篇：${TITLE}`), { "content-type": "text/html" }),
      [page(2)]: reply.body(PAGE.replaceAll(TITLE, `第2篇：${TITLE}`), { "content-type": "text/html" }),
      [page(3)]: reply.never(),
      [page(4)]: reply.never(),
    }),
  );
  const feed = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>航天頻道</title>${[
    1, 2, 3, 4,
  ]
    .map((n) => `<item><title>航天第${n}篇</title><link>${server.url(page(n))}</link></item>`)
    .join("")}</channel></rss>`;
  server.route("/feed.xml", reply.body(feed, { "content-type": "application/rss+xml; charset=utf-8" }));
  const dir = track.dir("prefetch-quit");
  const s = track(
    startReader({
      args: [],
      shell: `$READER config set prefetch on >/dev/null; stty -g > '${dir}/before'; $READER; echo "exit=$?" > '${dir}/code'; stty -g > '${dir}/after'; echo done-$$`,
    }),
  );
  await s.waitFor("山東頻道");
  await addChannel(s, server.url("/feed.xml"));
  await s.waitFor("航天頻道");
  // The two that hang hold both of the prefetch's places (it takes them last: the list came last); then the
  // status line says everything else is done (the sample site's items too).
  const hanging = () => server.requests.filter((r) => r.url === page(3) || r.url === page(4)).length;
  await new Promise<void>((resolve) => {
    const check = () => hanging() === 2 && (server.events.off("request", check), resolve());
    server.events.on("request", check);
    check();
  });
  await s.waitFor((t) => {
    const shown = /預取 (\d+)\/(\d+)/.exec(t);
    return shown !== null && Number(shown[1]) === Number(shown[2]) - 2;
  });
  s.press("q");
  await s.waitFor(/done-\d+/);
  await s.exited;
  expect(readFileSync(`${dir}/code`, "utf8").trim()).toBe("exit=0");
  expect(readFileSync(`${dir}/after`, "utf8")).toBe(readFileSync(`${dir}/before`, "utf8"));
  expect(s.term.buffer.active.type).toBe("normal");
  // Nothing of the worker's own output (Node's warnings: the test's proxy agent is "experimental") on screen.
  expect(s.raw()).not.toContain("Warning");

  const { archive } = await openArchive({ dir: s.cacheDir, normalise: await loadNormaliser() });
  try {
    expect(archive!.db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(
      archive!
        .search(BODY_WORDS)
        .map((h) => h.url)
        .sort(),
    ).toEqual([server.url(page(1)), server.url(page(2))]);
  } finally {
    archive?.close();
  }
});
