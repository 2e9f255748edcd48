// Where the terminal shows no colour — CI set (chalk then styles nothing), NO_COLOR, or TERM=dumb — a person
// still sees which row is selected and where the search matches are: inverse video where the terminal draws it,
// text marks (›) where it draws no attributes at all.
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, inverseText, keys, startReader, type ReaderSession } from "./harness.js";

const SEED = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";
const track = cleanupAfterEach();

/** Opens 山東頻道's article list; resolves with the row of its first article. */
async function openList(s: ReaderSession): Promise<number> {
  await s.waitFor((t) => /山東頻道\s+\d+ 篇/.test(t) && !t.includes("更新中"));
  s.press(keys.enter);
  await s.waitFor("山東:以堅強組織領導確保取得實效");
  return 1; // the first row below the header
}

async function searchSeed(s: ReaderSession, query: string): Promise<void> {
  await s.waitFor("任何一項工作要達到預期效果");
  await s.waitFor((t) => !t.includes("更新中"));
  s.press("/");
  await s.waitFor("/▏");
  s.press(query);
  await s.waitFor(`/${query}▏`);
  s.press(keys.enter);
  await s.waitFor("處 matches");
}

const env = { CI: "1" };
describe("with CI=1", () => {
  it("draws the selected article row in inverse video, and moves it with j", async () => {
    const s = track(startReader({ env }));
    const first = await openList(s);
    await s.waitFor(() => inverseText(s, first).includes(s.screen()[first]?.slice(2, 8) ?? "?"));
    s.press("j");
    await s.waitFor(() => inverseText(s, first + 1) !== "" && inverseText(s, first) === "");
  });

  it("draws search matches in inverse video", async () => {
    const s = track(startReader({ env, args: ["--offline", SEED] }));
    await searchSeed(s, "主題教育");
    const marked = s.screen().map((_, y) => inverseText(s, y));
    expect(marked.filter((t) => t.includes("主題教育")).length).toBeGreaterThan(0);
  });
});

describe("with TERM=dumb", () => {
  it("marks the selected article row with ›, and moves the mark with j", async () => {
    const s = track(startReader({ env: { TERM: "dumb" } }));
    const first = await openList(s);
    await s.waitFor(() => s.screen()[first]?.startsWith("›") === true);
    s.press("j");
    await s.waitFor(() => s.screen()[first + 1]?.startsWith("›") === true);
    expect(s.screen().filter((row) => row.startsWith("›"))).toHaveLength(1);
  });

  it("marks the line of the current search match with › and the other matches with ·", async () => {
    const s = track(startReader({ env: { TERM: "dumb" }, args: ["--offline", SEED] }));
    await searchSeed(s, "主題教育");
    const rows = s.screen();
    const current = rows.filter((row) => row.startsWith("› "));
    expect(current).toHaveLength(1);
    expect(current[0]).toContain("主題");
    s.press("n");
    await s.waitFor((t) => t.split("\n").find((row) => row.startsWith("› ")) !== current[0]);
    expect(s.screen().some((row) => row.startsWith("· "))).toBe(true);
  });
});
