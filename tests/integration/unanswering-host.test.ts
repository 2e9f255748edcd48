// A host that accepts connections and never answers: its channels fail together once it has timed out, so a
// refresh takes the timeout and a little, not the timeout once per channel queued behind the others. Counted, not
// timed: only the requests let through at once reach the host; the channels queued behind them fail with the
// same message without asking (and without waiting out a timeout of their own).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReplaySource, sampleSiteDir } from "../../src/sources/replay.js";
import { peopleChannels } from "../../src/sources/defaults.js";
import { openStore } from "../../src/store/store.js";
import { startReader, type ReaderSession } from "../e2e/harness.js";
import { reply, startTestServer, type TestServer } from "../helpers/test-server.js";
import { tempDir } from "./local-web.js";

const TIMEOUT_MS = 3000;
// Five channels, two requests at a time to one host: waiting out the timeout per pair would take three times it.
const CHANNELS = ["要聞", "社會", "軍事", "教育", "體育"];

describe("a refresh against a host that never answers", () => {
  let server: TestServer;
  let session: ReaderSession;
  const configDir = tempDir("never-config");

  beforeAll(async () => {
    server = await startTestServer({ "/never.xml": reply.never() });
    const builtins = [...new ReplaySource(sampleSiteDir()).channels(), ...peopleChannels];
    const store = openStore({ builtins, dir: configDir });
    for (const channel of store.channels()) store.removeChannel(channel.id);
    for (const title of CHANNELS)
      store.addChannel(server.url(`/never.xml?${encodeURIComponent(title)}`), title);
    store.flush();
    session = startReader({ args: [], configDir, env: { READER_TIMEOUT_MS: String(TIMEOUT_MS) } });
  });

  afterAll(async () => {
    session?.dispose();
    await server?.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  const failed = () =>
    CHANNELS.every((title) => session.screen().some((row) => new RegExp(`^[› ] ${title}\\s.*!$`).test(row)));

  // Long enough for each channel to wait out a timeout of its own: the counts below say whether they did.
  const HANG_GUARD_MS = TIMEOUT_MS * (CHANNELS.length + 2);

  it("fails every channel of the host once the first requests time out, each with the same message", async () => {
    await session.waitFor(CHANNELS[0] ?? "");
    await session.waitFor(failed, HANG_GUARD_MS);
    await session.waitFor("127.0.0.1 did not answer within 3 s");
    // The two let through at once (two a host); the other three failed without a request of their own.
    expect(server.requests).toHaveLength(2);
  });

  it("`r` refreshes them all the same way again", async () => {
    session.press("r");
    await session.waitFor((t) => t.includes("更新中"));
    await session.waitFor((t) => failed() && !t.includes("更新中"), HANG_GUARD_MS);
    expect(server.requests).toHaveLength(4);
  });
});

// Every host hangs (a proxy or a network that takes connections and never answers): the built-in 人民網 channels
// each have a feed on one host and a section page on another. The section pages are asked for while the feeds are
// still waited for, so the refresh ends with their timeout — not a feed's timeout, then a section page's, six at a
// time. Counted, not timed: when the first request times out, every section page has been asked for.
describe("a refresh when every host hangs", () => {
  let server: TestServer;
  let session: ReaderSession;
  const failed = () =>
    peopleChannels.every((c) =>
      session.screen().some((row) => new RegExp(`^[› ] ${c.title}\\s.*!$`).test(row)),
    );

  beforeAll(async () => {
    server = await startTestServer();
    const paths = peopleChannels.flatMap((c) =>
      [c.url, c.fallbackUrl ?? c.url].map((u) => new URL(u).pathname),
    );
    for (const path of new Set(paths)) server.route(path, reply.never());
  });

  afterAll(async () => {
    session?.dispose();
    await server?.close();
  });

  it("asks every channel's section page before the first timeout; they all fail once those time out", async () => {
    let askedByFirstTimeout: number | undefined;
    server.events.once("settled", () => (askedByFirstTimeout = server.requests.length));
    session = startReader({
      args: [],
      env: { READER_TIMEOUT_MS: String(TIMEOUT_MS), HTTP_PROXY: server.origin, HTTPS_PROXY: server.origin },
    });
    await session.waitFor(failed, TIMEOUT_MS * (peopleChannels.length + 2));
    const hosts = server.requests.map((r) => new URL(r.url).host);
    const feedHost = new URL(peopleChannels[0]!.url).host;
    // Section pages on other hosts than the feeds' (one is on the feeds' host, and fails with them).
    const sectionHosts = peopleChannels
      .map((c) => new URL(c.fallbackUrl!).host)
      .filter((h) => h !== feedHost);
    // Two requests let through to the feeds' host; the rest there failed with them, without a request of their own.
    expect(hosts.filter((h) => h === feedHost)).toHaveLength(2);
    expect(hosts.filter((h) => h !== feedHost).sort()).toEqual(sectionHosts.sort());
    expect(askedByFirstTimeout).toBe(2 + sectionHosts.length);
  });
});
