// The seed page's own navigation: each step of the breadcrumb (人民網 » 山東頻道 » …) is a link Tab selects, Enter
// opens that section as an article list (the saved channel it is, else the section's page read as a list), and
// Esc comes back to the article exactly as it was. On the bundled sample site offline, and on the real
// people.com.cn page served by a local server standing in for the site (as the proxy the reader is told to use).
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, inverseText, keys, startReader, type ReaderSession } from "./harness.js";
import { reply, startTestServer } from "../helpers/test-server.js";
import { fixtureJson, fixtureText } from "../integration/local-web.js";

const SEED = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";
const BREADCRUMB_ROW = 1;

const track = cleanupAfterEach();

async function openSeed(env: Record<string, string> = {}): Promise<ReaderSession> {
  const s = track(startReader({ args: ["--offline", SEED], env }));
  await s.waitFor((t) => t.includes("任何一項工作要達到預期效果") && !t.includes("更新中"));
  return s;
}

/** Presses Tab; resolves with the breadcrumb step then drawn selected (the text on screen stays the same). */
async function tab(s: ReaderSession): Promise<string> {
  const before = inverseText(s, BREADCRUMB_ROW);
  s.press(keys.tab);
  await s.waitFor(() => inverseText(s, BREADCRUMB_ROW) !== before);
  return inverseText(s, BREADCRUMB_ROW);
}

/** Tab until the breadcrumb step `title` is the one drawn selected. */
async function selectStep(s: ReaderSession, title: string): Promise<void> {
  for (let i = 0; i < 6 && inverseText(s, BREADCRUMB_ROW) !== title; i++) await tab(s);
  expect(inverseText(s, BREADCRUMB_ROW)).toBe(title);
}

describe("the breadcrumb on the sample site", () => {
  it("Tab selects its steps in turn; a step that is a saved channel opens it; Esc returns as it was", async () => {
    const s = await openSeed();
    expect(await tab(s)).toBe("人民網");
    expect(await tab(s)).toBe("山東頻道");
    const article = s.text();

    s.press(keys.enter);
    await s.waitFor("reader › 山東頻道");
    // The 山東頻道 channel itself: all its articles, not only the seed's section.
    await s.waitFor("威海海上風電與海洋牧場");
    expect(s.text()).toContain("青島港自動化碼頭");

    s.press(keys.escape);
    await s.waitFor((t) => t === article);
    expect(inverseText(s, BREADCRUMB_ROW)).toBe("山東頻道");
  });

  it("a step that is no saved channel opens its section page as a list, and its articles open", async () => {
    const s = await openSeed();
    await selectStep(s, "中國共產黨新聞網山東分網");
    const article = s.text();
    s.press(keys.enter);
    await s.waitFor("reader › 中國共產黨新聞網山東分網");
    await s.waitFor(/山東:以堅強組織領導確保取得實效 +2023-09-18 08:40/);
    // Only that section's articles: the channel's others are not in it.
    expect(s.text()).not.toContain("威海海上風電");
    s.press(keys.enter);
    await s.waitFor(
      (t) => t.includes("任何一項工作要達到預期效果") && t.includes("reader › 中國共產黨新聞網"),
    );
    s.press(keys.escape);
    await s.waitFor(/山東:以堅強組織領導確保取得實效 +2023-09-18 08:40/);
    s.press(keys.escape);
    await s.waitFor((t) => t === article);
  });

  it("the site's own step (人民網) opens the front page's newest articles", async () => {
    const s = await openSeed();
    await selectStep(s, "人民網");
    s.press(keys.enter);
    await s.waitFor("reader › 人民網");
    await s.waitFor("东屿岛十年：一座渔港的转身");
  });

  it("at 40 columns a step the layout split over two lines is drawn selected on both", async () => {
    const s = track(startReader({ cols: 40, rows: 16, args: ["--offline", SEED] }));
    await s.waitFor((t) => t.includes("任何一項工作要達到") && !t.includes("更新中"));
    const step = "學習貫徹習近平新時代中國特色社會主義思想主題教育";
    for (let i = 0; i < 4; i++) await tab(s);
    const rows = [1, 2, 3, 4].map((y) => inverseText(s, y)).filter(Boolean);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.join("")).toBe(step);
    s.press(keys.enter);
    await s.waitFor(`reader › ${step.slice(0, 10)}`);
  });

  it("with TERM=dumb the selected step's line is marked with ›", async () => {
    const s = await openSeed({ TERM: "dumb" });
    expect(s.screen()[BREADCRUMB_ROW]).toMatch(/^ {2}人民網 » 山東頻道/);
    await s.step(keys.tab);
    expect(s.screen()[BREADCRUMB_ROW]).toMatch(/^› 人民網 » 山東頻道/);
    // Which step of the line is selected: the status line names it.
    expect(s.screen().at(-1)).toMatch(/^Enter: 人民網 列表/);
    await s.step(keys.tab);
    expect(s.screen().at(-1)).toMatch(/^Enter: 山東頻道 列表/);
    s.press(keys.enter);
    await s.waitFor("reader › 山東頻道");
  });
});

describe("the breadcrumb of the real people.com.cn page", () => {
  const ARTICLE = "http://www.people.com.cn/n1/2024/0424/c1001-40223222.html";
  // The section its breadcrumb names (人民网 → http://www.people.com.cn/), as a 人民網 list page writes it.
  const FRONT = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>人民网</title></head><body>
<div class="ej_list_box clear"><ul class="list_16 mt10">
<li><a href="/n1/2024/0424/c1001-40223222.html" target="_blank">习近平在重庆考察时强调</a><em>2024-04-24 15:52</em></li>
<li><a href="/n1/2024/0424/c1001-40223999.html" target="_blank">第二十届北京国际汽车展览会开幕</a><em>2024-04-24 10:01</em></li>
</ul></div></body></html>`;

  it("Tab selects 人民网, Enter lists that section, and Esc returns to the article", async () => {
    const truth = fixtureJson<{ title: string }>("politics-2024-04-24.expected.json");
    const html = { "content-type": "text/html; charset=utf-8" };
    const server = track(
      await startTestServer({
        "/n1/2024/0424/c1001-40223222.html": reply.body(fixtureText("politics-2024-04-24.html"), html),
        "/": reply.body(FRONT, html),
      }),
    );
    const s = track(
      startReader({
        args: [ARTICLE],
        env: { HTTP_PROXY: server.origin, READER_TIMEOUT_MS: "3000" },
      }),
    );
    await s.waitFor(truth.title.slice(0, 8));
    await s.waitFor((t) => !t.includes("更新中"));
    expect(s.screen()[BREADCRUMB_ROW]).toBe("人民网");
    expect(await tab(s)).toBe("人民网");
    const article = s.text();

    s.press(keys.enter);
    await s.waitFor("reader › 人民网");
    await s.waitFor("第二十届北京国际汽车展览会开幕");
    expect(server.requests.some((r) => r.url === "http://www.people.com.cn/")).toBe(true);
    s.press(keys.escape);
    await s.waitFor((t) => t === article);
    expect(inverseText(s, BREADCRUMB_ROW)).toBe("人民网");
  });
});
