// Adding a channel by URL (`a`, a page that names its feed) and removing one (`d`, after a question), in the
// interface, against a local server; the change is saved for the next run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { addChannel, cleanupAfterEach, keys, startReader } from "./harness.js";
import { reply, startTestServer } from "../helpers/test-server.js";

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>濟南日報 本地新聞</title>
<item><title>大明湖畔試行夜間游船</title><link>/n/1.html</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0800</pubDate></item>
<item><title>趵突泉水位回升</title><link>/n/2.html</link><pubDate>Sun, 01 Jun 2025 08:00:00 +0800</pubDate></item>
</channel></rss>`;
const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>濟南日報</title>
<link rel="alternate" type="application/rss+xml" title="本地新聞" href="/rss.xml"></head><body><h1>濟南日報</h1></body></html>`;

const track = cleanupAfterEach();

describe("editing the channel list in the interface", () => {
  it("a adds the feed a page names; d removes a channel after asking", async () => {
    const server = track(
      await startTestServer({
        "/": reply.body(PAGE, { "content-type": "text/html; charset=utf-8" }),
        "/rss.xml": reply.body(FEED, { "content-type": "application/rss+xml; charset=utf-8" }),
      }),
    );
    const s = track(startReader({ args: [], env: { READER_TIMEOUT_MS: "3000" } }));
    await s.waitFor("山東頻道");
    await addChannel(s, server.url("/"));
    await s.waitFor("已添加 added");
    await s.waitFor(/濟南日報 本地新聞\s+2 篇 2 未讀/);

    // Select the new channel and remove it; "n" keeps it, "y" removes it.
    const row = s.screen().findIndex((r) => r.includes("濟南日報 本地新聞"));
    s.press(keys.home + "j".repeat(row - 1));
    await s.waitFor(`${row}/`);
    s.press("d");
    await s.waitFor("remove? (y/n)");
    s.press("n");
    await s.waitFor((t) => !t.includes("remove? (y/n)"));
    expect(s.text()).toContain("濟南日報 本地新聞");
    s.press("d");
    await s.waitFor("remove? (y/n)");
    s.press("y");
    await s.waitFor("已移除 removed");
    // Gone from the list (the status line still names it in the message).
    expect(
      s
        .screen()
        .slice(0, -2)
        .some((row) => row.includes("濟南日報")),
    ).toBe(false);
    s.press("q");
    expect((await s.exited).exitCode).toBe(0);
  });

  it("a with no network (--offline) adds the channel as typed; the next start with a network finds its feed", async () => {
    const server = track(
      await startTestServer({
        "/": reply.body(PAGE, { "content-type": "text/html; charset=utf-8" }),
        "/rss.xml": reply.body(FEED, { "content-type": "application/rss+xml; charset=utf-8" }),
      }),
    );
    const configDir = track.dir("add-offline-config");
    const cacheDir = track.dir("add-offline-cache");
    const offline = track(startReader({ args: ["--offline"], configDir, cacheDir }));
    await offline.waitFor("山東頻道");
    await addChannel(offline, server.url("/"));
    await offline.waitFor((text) =>
      /離線 offline: 已添加 added 127\.0\.0\.1; its feed is looked for at the next refresh/.test(
        text.replace(/\s+/g, " "),
      ),
    );
    // Listed under its host until then, and its row says why it has no list yet.
    await offline.waitFor(/^ {2}127\.0\.0\.1\s+待連網 pending$/m);
    expect(server.requests).toHaveLength(0);
    offline.press("q");
    expect((await offline.exited).exitCode).toBe(0);

    const online = track(startReader({ args: [], configDir, cacheDir, env: { READER_TIMEOUT_MS: "3000" } }));
    // The feed the page names, with its title, as `a` online would have added it.
    await online.waitFor(/濟南日報 本地新聞\s+2 篇 2 未讀/);
    expect(online.text()).not.toMatch(/127\.0\.0\.1\s/);
    online.press("q");
    expect((await online.exited).exitCode).toBe(0);
    const saved = JSON.parse(readFileSync(path.join(configDir, "channels.json"), "utf8")) as {
      channels: Array<{ url: string; pending?: string }>;
    };
    const added = saved.channels.find((c) => c.url.startsWith(server.url("/")));
    expect(added).toEqual(expect.objectContaining({ url: server.url("/rss.xml") }));
    expect(added?.pending).toBeUndefined();
  });

  it("a channel added with no network, selected while still offline, says once what comes next: no error", async () => {
    const s = track(startReader({ args: ["--offline"] }));
    await s.waitFor("山東頻道");
    await addChannel(s, "news.example.com/rss.xml");
    await s.waitFor(/^ {2}news\.example\.com\s+待連網 pending$/m);
    const row = s.screen().findIndex((line) => line.includes("news.example.com"));
    const selected = s.screen().findIndex((line) => line.startsWith("›"));
    s.press("j".repeat(row - selected));
    // Selected on the channel list: what becomes of it and how to undo it (d works here).
    await s.waitFor(() =>
      s.screen().at(-1)!.startsWith("離線 offline: its feed comes with a network · d deletes it"),
    );
    s.press(keys.enter);
    await s.waitFor("› news.example.com");
    await s.waitFor((text) =>
      text
        .replace(/\s+/g, " ")
        .includes(
          "已添加 added as typed (news.example.com/rss.xml); its feed is looked for at the next refresh with a network Esc 返回 (back) · d on the channel list deletes it",
        ),
    );
    const text = s.text().replace(/\s+/g, " ");
    expect(text).not.toContain("錯誤");
    // Said once: no second hint about --offline or retrying.
    expect(text.split("network")).toHaveLength(2);
    expect(text).not.toMatch(/retry|--offline/);
    s.press("q");
    expect((await s.exited).exitCode).toBe(0);
  });

  it("a channel added with no network waits, it has not failed: its row, the notice above and r say pending", async () => {
    // The sample channels and one added with no network (the default channels, with no cached copy offline,
    // would fail and be the notice's `!`).
    const configDir = track.dir("pending-config");
    const sample = ["shandong", "yaowen", "japanese", "korean"];
    writeFileSync(
      path.join(configDir, "channels.json"),
      JSON.stringify({
        channels: [
          ...sample.map((name) => ({
            id: `sample-${name}`,
            title: name,
            url: `http://sample.reader.invalid/rss/${name}.xml`,
            origin: "sample",
          })),
          {
            id: "news",
            title: "news.example.com",
            url: "https://news.example.com/rss.xml",
            origin: "user",
            pending: "news.example.com/rss.xml",
          },
        ],
        knownBuiltins: [
          ...sample.map((name) => `sample-${name}`),
          ...["ywkx", "politics", "world", "finance", "society", "military", "edu", "sports"].map(
            (name) => `people-${name}`,
          ),
        ],
      }),
    );
    const s = track(startReader({ args: ["--offline"], configDir }));
    await s.waitFor(/^ {2}news\.example\.com\s+待連網 pending$/m);
    await s.waitFor(() =>
      s.screen()[0]!.includes("待連網 pending: added with no network; its feed comes with one"),
    );
    expect(s.screen().some((row) => row.endsWith("!"))).toBe(false);
    expect(s.text()).not.toMatch(/could not load|failed/);
    s.press("r");
    await s.waitFor("更新 4 updated · 0 failed · 1 pending: waits for a network");
    // At 40 columns, the words that fit: on the row and above it, not cut.
    s.resize(40, 16);
    await s.waitFor(/^ {2}news\.example\.com\s+pending$/m);
    await s.waitFor(() => s.screen()[0] === "reader  pending: waits for a network");
    // Selected, the status line keeps how to undo it beside the position.
    const row = s.screen().findIndex((line) => line.includes("news.example.com"));
    const selected = s.screen().findIndex((line) => line.startsWith("›"));
    s.press("j".repeat(row - selected));
    await s.waitFor(() => /^pending · d deletes it\s+\d+\/\d+/.test(s.screen().at(-1)!));
    s.press("q");
    expect((await s.exited).exitCode).toBe(0);
  });

  it("J and K move the selected channel down and up, and the order is kept", async () => {
    const configDir = mkdtempSync(path.join(os.tmpdir(), "reader-move-"));
    const s = track(startReader({ args: ["--offline"], configDir }));
    await s.waitFor(/山東頻道\s+\d+ 篇/);
    s.press("J");
    await s.waitFor(() => s.screen()[2]!.includes("山東頻道") && s.screen()[1]!.includes("要闻"));
    await s.waitFor("2/");
    s.press("q");
    await s.exited;
    s.dispose();
    const again = track(startReader({ args: ["--offline"], configDir }));
    await again.waitFor(/山東頻道\s+\d+ 篇/);
    expect(again.screen()[2]).toContain("山東頻道");
    await again.step("j");
    again.press("K");
    await again.waitFor(() => again.screen()[1]!.includes("山東頻道"));
    again.dispose();
    rmSync(configDir, { recursive: true, force: true });
  });

  it("Ctrl-U clears the add prompt: what was typed before it is not part of the URL", async () => {
    const server = track(
      await startTestServer({
        "/": reply.body(PAGE, { "content-type": "text/html; charset=utf-8" }),
        "/rss.xml": reply.body(FEED, { "content-type": "application/rss+xml; charset=utf-8" }),
      }),
    );
    const s = track(startReader({ args: [], env: { READER_TIMEOUT_MS: "3000" } }));
    await s.waitFor("山東頻道");
    s.press("a");
    await s.waitFor("添加頻道 URL:");
    s.press("typo://not-this");
    await s.waitFor("添加頻道 URL: typo://not-this▏");
    s.press("\u0015");
    await s.waitFor((t) => t.includes("添加頻道 URL: ▏") && !t.includes("not-this"));
    s.press(server.url("/") + keys.enter);
    await s.waitFor(/濟南日報 本地新聞\s+2 篇 2 未讀/);
  });

  it("says so when a URL has no feed, and nothing is added", async () => {
    const server = track(
      await startTestServer({
        "/": reply.body("<html><body><p>nothing here</p></body></html>", { "content-type": "text/html" }),
      }),
    );
    const s = track(startReader({ args: [], env: { READER_TIMEOUT_MS: "3000" } }));
    await s.waitFor("山東頻道");
    s.press("a" + server.url("/") + keys.enter);
    await s.waitFor(/no feed or article list found|neither a feed/);
  });
});
