// Network faults as a person meets them in the interface (issue 7): several channels on misbehaving sites and
// one healthy feed. Each failing channel shows its own error (`!` in the list, the message on the title line
// when selected), the healthy one loads, keys work while a channel is still pending, and `r` retries.
// The built program runs in a pty (`node scripts/build.mjs` first); READER_TIMEOUT_MS keeps timeouts short.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReplaySource, sampleSiteDir } from "../../src/sources/replay.js";
import { peopleChannels } from "../../src/sources/defaults.js";
import { openStore } from "../../src/store/store.js";
import { keys, startReader, type ReaderSession } from "../e2e/harness.js";
import { closedPort, reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { tempDir } from "./local-web.js";

const FEED = (title: string) => `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>${title}</title><item><title>${title}的第一条新闻</title><link>/a/1.html</link></item></channel></rss>`;
const TIMEOUT_MS = 5000;

describe("the interface with failing channels", () => {
  // Different sites (ports) as in life, so per-host politeness (2 at once) does not queue them behind each other.
  let quick: TestServer;
  let slow: TestServer;
  let healthy: TestServer;
  let held: TestServer;
  const gate = reply.gate(FEED("慢站"));
  let flakyCalls = 0;
  let session: ReaderSession;
  const configDir = tempDir("faults-config");
  // Titles in list order, with the message the title line must show for the failing ones.
  let expectations: { title: string; error?: RegExp }[];

  beforeAll(async () => {
    quick = await startTestServer({
      "/500.xml": reply.status(500),
      "/503.xml": reply.status(503, { retryAfter: "120" }),
      "/loop-a.xml": reply.redirect("/loop-b.xml"),
      "/loop-b.xml": reply.redirect("/loop-a.xml"),
      "/huge.xml": reply.large(50 * 1024 * 1024, { headers: { "content-type": "application/rss+xml" } }),
      "/page.html": reply.body("<html><head><title>首页</title></head><body><p>欢迎</p></body></html>", {
        "content-type": "text/html; charset=utf-8",
      }),
    });
    slow = await startTestServer({
      "/never.xml": reply.never(),
      "/drip.xml": reply.drip(FEED("滴"), 200, { "content-type": "application/rss+xml" }),
    });
    healthy = await startTestServer({
      "/feed.xml": reply.body(FEED("健康"), { "content-type": "application/rss+xml; charset=utf-8" }),
      "/flaky.xml": (req, res) => {
        flakyCalls += 1;
        const handler =
          flakyCalls === 1 ? reply.status(500) : reply.body(FEED("時好時壞"), { "content-type": "text/xml" });
        return handler(req, res);
      },
    });
    held = await startTestServer({ "/held.xml": gate });
    const refused = await closedPort();

    const channels: { title: string; url: string; error?: RegExp }[] = [
      { title: "healthy", url: healthy.url("/feed.xml") },
      { title: "flaky", url: healthy.url("/flaky.xml"), error: /127\.0\.0\.1 answered HTTP 500/ },
      { title: "pending", url: held.url("/held.xml") },
      {
        title: "refused",
        url: `http://127.0.0.1:${refused}/feed.xml`,
        error: /Could not connect to 127\.0\.0\.1: connection refused/,
      },
      { title: "never", url: slow.url("/never.xml"), error: /127\.0\.0\.1 did not answer within 5 s/ },
      {
        title: "e500",
        url: quick.url("/500.xml"),
        error: /127\.0\.0\.1 answered HTTP 500 Internal Server Error/,
      },
      {
        title: "e503",
        url: quick.url("/503.xml"),
        error: /127\.0\.0\.1 answered HTTP 503 Service Unavailable; it asks to retry in 2 min/,
      },
      { title: "loop", url: quick.url("/loop-a.xml"), error: /Redirect loop at 127\.0\.0\.1/ },
      { title: "huge", url: quick.url("/huge.xml"), error: /larger than 10 MB; stopped reading/ },
      {
        title: "html",
        url: quick.url("/page.html"),
        error: /sent a page that is neither a feed nor a list of articles/,
      },
      { title: "drip", url: slow.url("/drip.xml"), error: /127\.0\.0\.1 was too slow/ },
    ];
    expectations = channels;

    // The built-in channels (sample site, 人民網 — the internet) are removed: only the local ones remain.
    const builtins = [...new ReplaySource(sampleSiteDir()).channels(), ...peopleChannels];
    const store = openStore({ builtins, dir: configDir });
    for (const channel of store.channels()) store.removeChannel(channel.id);
    for (const channel of channels) store.addChannel(channel.url, channel.title);
    store.flush();

    session = startReader({
      cols: 140,
      rows: 24,
      args: [],
      configDir,
      env: { READER_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
  });

  afterAll(async () => {
    session?.dispose();
    for (const server of [quick, slow, healthy, held]) await server?.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  const row = (title: string): string =>
    session.screen().find((line) => new RegExp(`^[› ] ${title}\\s`).test(line)) ?? "";
  const selectedTitle = (): string =>
    /^› (\S+)/.exec(session.screen().find((l) => l.startsWith("›")) ?? "")?.[1] ?? "";

  it("the healthy channel loads and keys move the selection while another channel is still pending", async () => {
    await session.waitFor(() => /\s1 篇 1 未讀$/.test(row("healthy")));
    expect(row("pending")).toMatch(/…$/);
    expect(selectedTitle()).toBe("healthy");
    session.press(keys.down);
    await session.waitFor(() => selectedTitle() === "flaky");
    session.press("j");
    await session.waitFor(() => selectedTitle() === "pending");
    // Still pending: the keys did not wait for it.
    expect(row("pending")).toMatch(/…$/);
    expect(gate.held).toBe(1);
    gate.release();
    await session.waitFor(() => /\s1 篇 1 未讀$/.test(row("pending")));
  });

  it("each failing channel shows `!`, and its own error on the title line when selected", async () => {
    const failing = expectations.filter((c) => c.error);
    // The slow ones end at the timeout.
    await session.waitFor(() => failing.every((c) => /!$/.test(row(c.title))), TIMEOUT_MS + 10_000);
    expect(row("healthy")).toMatch(/1 篇/);
    for (const [index, channel] of expectations.entries()) {
      if (selectedTitle() !== channel.title) {
        // Move from the current selection to this row.
        const current = expectations.findIndex((c) => c.title === selectedTitle());
        session.press((index > current ? keys.down : keys.up).repeat(Math.abs(index - current)));
        await session.waitFor(() => selectedTitle() === channel.title);
      }
      if (channel.error) {
        const error = channel.error;
        await session.waitFor((screen) => screen.split("\n").some((l) => /錯誤: /.test(l) && error.test(l)));
      } else {
        await session.waitFor((screen) => !screen.includes("錯誤: "));
      }
    }
  });

  it("`r` retries: the channel that failed the first time loads", async () => {
    expect(row("flaky")).toMatch(/!$/);
    session.press("r");
    await session.waitFor(() => /\s1 篇 1 未讀$/.test(row("flaky")));
    expect(flakyCalls).toBe(2);
    // The others fail again, each with its own mark; the interface is still there.
    await session.waitFor(() => /!$/.test(row("e500")) && /!$/.test(row("refused")));
  });
});
