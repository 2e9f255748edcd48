// Searching everything kept, in a real terminal: `/` on the channel list, results with a snippet, Enter opens,
// Esc back to the results, Esc again back to the query. What was read stays searchable after quitting.
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { cleanupAfterEach, keys, readerBin, root, startReader } from "./harness.js";

const SEED = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";
const track = cleanupAfterEach();

it("/ searches from the channel list, opens a result, and Esc returns to the results and then the query", async () => {
  const s = track(startReader({ cols: 100, rows: 24, args: ["--offline", SEED] }));
  // Reading the article keeps its full text.
  await s.waitFor("任何一項工作要達到預期效果");
  await s.waitFor((t) => !t.includes("更新中"));
  s.press(keys.escape);
  await s.waitFor(/山東頻道\s+\d+ 篇/);
  // A 简体 query finds the 繁體 page by a phrase of its body, not of its title.
  s.press("/");
  await s.waitFor("搜尋全部 search all:");
  s.press("任何一项工作");
  await s.waitFor("搜尋全部 search all: 任何一项工作");
  s.press(keys.enter);
  await s.waitFor((t) => t.includes("搜尋「任何一项工作」") && t.includes("任何一項工作要達到預期效果"));
  expect(s.text()).toMatch(/搜尋 search: 任何一项工作 · 1 篇/);
  s.press(keys.enter);
  await s.waitFor((t) => t.includes("文章") && !t.includes("搜尋 search:"));
  s.press(keys.escape);
  await s.waitFor("搜尋 search: 任何一项工作 · 1 篇");
  s.press(keys.escape);
  await s.waitFor("搜尋全部 search all: 任何一项工作");
  // Titles of every list loaded are searchable too, two characters are enough.
  for (let i = 0; i < 6; i++) s.press(keys.backspace);
  s.press("青岛");
  s.press(keys.enter);
  await s.waitFor("青島港");
  s.press("q");
  await s.exited;

  // The same archive from the command line, after the interface has gone.
  const result = spawnSync(process.execPath, [readerBin, "search", "--json", "任何一項工作"], {
    cwd: root,
    env: { ...process.env, READER_CONFIG_DIR: s.configDir, READER_CACHE_DIR: s.cacheDir },
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  const hits = JSON.parse(result.stdout) as Array<{ url: string; snippet: string }>;
  expect(hits.map((h) => h.url)).toEqual([SEED]);
  expect(hits[0]!.snippet).toContain("任何一項工作");
});

it("a saved search (reader add --search) is a channel: its count on the list, its results on Enter, d removes it", async () => {
  const s = track(
    startReader({
      cols: 100,
      rows: 24,
      shell: "$READER add --search 台風 >/dev/null && exec $READER",
    }),
  );
  // Its count comes once the lists are loaded and kept: 台風10号 in 日本語ニュース, and a 台风 of 要闻 (简体).
  await s.waitFor(/搜尋「台風」\s+2 篇 2 未讀/);
  const row = s.screen().findIndex((r) => r.includes("搜尋「台風」"));
  for (let i = 1; i < row; i++) s.press("j");
  await s.waitFor((t) => t.split("\n")[row]?.startsWith("›") === true);
  s.press(keys.enter);
  await s.waitFor((t) => t.includes("搜尋 search: 台風 · 2 篇") && t.includes("台風10号"));
  s.press(keys.enter);
  await s.waitFor((t) => t.includes("文章") && !t.includes("搜尋 search:"));
  s.press(keys.escape);
  await s.waitFor("搜尋 search: 台風 · 2 篇");
  // `/` on the results changes their words (it does not filter them); Esc leaves them as they were.
  s.press("/");
  await s.waitFor("搜尋全部 search all: 台風▏");
  s.press(keys.escape);
  await s.waitFor((t) => !t.includes("▏") && t.includes("搜尋 search: 台風 · 2 篇"));
  // Back from a saved search is the channel list (not a query to edit), and d removes it there.
  s.press(keys.escape);
  await s.waitFor((t) => t.includes("頻道 Channels") && !t.includes("search all"));
  s.press("d");
  await s.waitFor("移除頻道「搜尋「台風」」");
  s.press("y");
  await s.waitFor((t) => t.includes("已移除 removed") && !/搜尋「台風」\s+\d+ 篇/.test(t));
  s.press("q");
  await s.exited;
  const sources = spawnSync(process.execPath, [readerBin, "sources"], {
    cwd: root,
    env: { ...process.env, READER_CONFIG_DIR: s.configDir, READER_CACHE_DIR: s.cacheDir },
    encoding: "utf8",
  });
  expect(sources.stdout).not.toContain("台風");
});

it("with prefetch on, an article never opened is found by its full text once the status line's 預取 is done", async () => {
  const s = track(
    startReader({
      cols: 100,
      rows: 24,
      args: [],
      shell: "$READER config set prefetch on >/dev/null && exec $READER",
    }),
  );
  await s.waitFor(/預取 \d+\/\d+/);
  await s.waitFor((t) => t.includes("頻道 Channels") && !t.includes("預取") && !t.includes("更新中"));
  // 层级下移 is in the body of 山東:以堅強組織領導確保取得實效, not in its title or its feed's summary.
  s.press("/");
  await s.waitFor("搜尋全部 search all:");
  s.press("层级下移");
  await s.waitFor("搜尋全部 search all: 层级下移");
  s.press(keys.enter);
  await s.waitFor((t) => t.includes("搜尋 search: 层级下移 · 1 篇") && t.includes("山東:以堅強組織領導"));
  s.press("q");
  expect((await s.exited).exitCode).toBe(0);
  // What the prefetch worker kept, from the command line.
  const result = spawnSync(process.execPath, [readerBin, "search", "--json", "层级下移"], {
    cwd: root,
    env: { ...process.env, READER_CONFIG_DIR: s.configDir, READER_CACHE_DIR: s.cacheDir },
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  const hits = JSON.parse(result.stdout) as Array<{ title: string; snippet: string }>;
  expect(hits.map((h) => h.title)).toEqual([expect.stringContaining("山東:以堅強組織領導")]);
  expect(hits[0]!.snippet).toContain("層級下移");
});
