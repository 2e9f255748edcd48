// No network at all (every DNS lookup fails): the channel list says so once instead of a bare `!` per row, `r`
// says what came of the refresh, and a failed channel shows its whole error and what to try.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { addChannel, cleanupAfterEach, keys, startReader, type ReaderSession } from "../e2e/harness.js";

const hook = path.join(import.meta.dirname, "no-dns-hook.mjs");
const OFFLINE = "offline: no network; showing cached copies";
const track = cleanupAfterEach();

function start(size: { cols?: number; rows?: number } = {}): ReaderSession {
  // Direct connections (no proxy), each name looked up — and failing — on this machine.
  return track(
    startReader({
      ...size,
      args: [],
      env: { HTTP_PROXY: "", HTTPS_PROXY: "", NODE_OPTIONS: `--import=${hook}` },
    }),
  );
}

describe("without a network", () => {
  it("says so once, and `r` reports what it updated and what failed", async () => {
    const s = start();
    await s.waitFor(OFFLINE);
    expect(s.text().split(OFFLINE)).toHaveLength(2);
    const failed = s.screen().filter((row) => row.endsWith("!")).length;
    const loaded = s.screen().filter((row) => / 篇 /.test(row) && !row.includes("Bookmarks")).length;
    expect(failed).toBeGreaterThan(0);
    s.press("r");
    await s.waitFor(`${loaded} updated · ${failed} failed: no network`);
  });

  it("Enter on a failed channel with no cached copy shows the whole error and what to try", async () => {
    const s = start();
    await s.waitFor(OFFLINE);
    const row = s.screen().findIndex((line) => line.endsWith("!"));
    const selected = s.screen().findIndex((line) => line.startsWith("›"));
    s.press("j".repeat(row - selected) + keys.enter);
    await s.waitFor("沒有網絡 no network: check the connection, then r to retry");
    expect(s.text()).toMatch(/錯誤: Could not find [\w.]+: no such host \(DNS lookup failed\)/);
  });
});

describe("adding a channel without a network", () => {
  it("a adds it as typed and says why (a mistyped host reads the same); selected, it says there is no network", async () => {
    const s = start();
    await s.waitFor(OFFLINE);
    await addChannel(s, "news.example.com/rss.xml");
    await s.waitFor((text) =>
      text
        .replace(/\s+/g, " ")
        .includes(
          "no such host (DNS lookup failed): 已添加 added news.example.com; its feed is looked for at the next refresh",
        ),
    );
    // Its feed was looked for again, and it is the network that is missing, not the channel.
    await s.waitFor(/^ {2}news\.example\.com\s+!$/m);
    const row = s.screen().findIndex((line) => line.includes("news.example.com"));
    const selected = s.screen().findIndex((line) => line.startsWith("›"));
    s.press("j".repeat(row - selected) + keys.enter);
    await s.waitFor("沒有網絡 no network: check the connection, then r to retry");
  });
});

describe("the notice above the channels at 40 columns", () => {
  it("says there is no network in words that fit, not cut", async () => {
    const s = start({ cols: 40, rows: 16 });
    await s.waitFor("offline: cached copies (! none)");
    expect(s.screen()[0]).not.toContain("…");
  });

  it("says what ! means in words that fit when some channels failed", async () => {
    // The default channels fail (their host refuses), the sample ones load: a `!` on some rows only.
    const s = track(startReader({ cols: 40, rows: 16, args: [], env: { READER_TIMEOUT_MS: "3000" } }));
    await s.waitFor("! failed: select it to see why");
    expect(s.screen()[0]).not.toContain("…");
    expect(s.screen().some((row) => row.endsWith("!"))).toBe(true);
  });
});

describe("with --offline", () => {
  it("a channel with no cached copy says only cached copies are read, not to use --offline", async () => {
    const s = track(startReader({ args: ["--offline"] }));
    await s.waitFor(/人民網 要聞\s+!/);
    const row = s.screen().findIndex((line) => /人民網 要聞\s+!/.test(line));
    const selected = s.screen().findIndex((line) => line.startsWith("›"));
    s.press("j".repeat(row - selected) + keys.enter);
    await s.waitFor("only cached copies are read");
    expect(s.text()).not.toContain("reader --offline reads");
  });
});
