// The seed page's own controls, made for a terminal: 簡⇄繁 (t), share (S: OSC 8 link, OSC 52 copy, a QR code a
// phone can scan), search (/ n N) and list filtering, and the reading width (+ - =, 小字號/大字號).
import { describe, expect, it } from "vitest";
import stringWidth from "string-width";
import { cleanupAfterEach, keys, startReader, type ReaderSession } from "./harness.js";
import { DARK, LIGHT, photograph, scan } from "../helpers/qr-scan.js";

const SEED = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";
const track = cleanupAfterEach();

async function openSeed(cols = 80, rows = 24, env: Record<string, string> = {}): Promise<ReaderSession> {
  const s = track(startReader({ cols, rows, args: ["--offline", SEED], env }));
  await s.waitFor("任何一項工作要達到預期效果");
  // Channels load in the background; keys are measured once the screen only changes because of them.
  await s.waitFor((t) => !t.includes("更新中"));
  return s;
}

describe("簡⇄繁 with t", () => {
  it("cycles original → 简体 → 繁體 → original, display only", async () => {
    const s = await openSeed();
    s.press("t");
    await s.waitFor("任何一项工作要达到预期效果");
    expect(s.text()).toContain("简体");
    expect(s.text()).toContain("山东:以坚强组织领导确保取得实效");
    s.press("t");
    // A /BIG5/ page is already Traditional: shown as it is.
    await s.waitFor((t) => t.includes("任何一項工作要達到預期效果") && t.includes("繁體"));
    s.press("t");
    await s.waitFor((t) => t.includes("任何一項工作要達到預期效果") && !t.includes("繁體"));
  });

  it("converts the article lists too", async () => {
    const s = track(startReader({ args: ["--offline"] }));
    await s.waitFor(/山東頻道\s+\d+ 篇/);
    s.press(keys.enter);
    await s.waitFor("山東:以堅強組織領導確保取得實效");
    s.press("t");
    await s.waitFor("山东:以坚强组织领导确保取得实效");
  });
});

describe("share with S", () => {
  it("shows the link as an OSC 8 hyperlink, copies it with OSC 52, and draws a QR code that scans", async () => {
    const s = await openSeed(80, 40, { TMUX: "" });
    s.press("S");
    await s.waitFor("分享 Share");
    await s.waitFor("▀▀▀▀▀▀▀▀▀▀");
    expect(s.raw()).toContain(`\u001b]8;;${SEED}\u001b\\`);
    const qrRows = s.screen().filter((row) => /^[█▀▄ ]{20,}$/.test(row));
    expect(scan(photograph(qrRows, LIGHT, DARK))).toBe(SEED);

    s.press("c");
    await s.waitFor("link copied");
    expect(s.raw()).toContain(`\u001b]52;c;${Buffer.from(SEED).toString("base64")}\u0007`);

    s.press(keys.escape);
    await s.waitFor((t) => t.includes("任何一項工作") && !t.includes("分享 Share"));
  });
});

describe("search with /", () => {
  it("finds a phrase the layout split over two lines, highlights it, and n/N move between matches", async () => {
    const s = await openSeed(80, 24);
    // At 80 columns the first paragraph breaks inside 凝聚力戰斗力 ("…事關\n基層黨組織凝聚力…").
    const screen = s.screen();
    const row = screen.findIndex((r) => r.endsWith("事關"));
    expect(row).toBeGreaterThan(0);
    expect(screen[row + 1]).toMatch(/^基層/);
    s.press("/事關基層");
    // Typed text can arrive in pieces: wait for the whole query, and its first match being current.
    await s.waitFor((t) => t.includes("/事關基層▏") && /1\/\d+ /.test(t));
    const line = s.term.buffer.active.getLine(row)!;
    // A wide character fills two cells; the first holds it.
    const lastCell = line.getCell(stringWidth(screen[row]!) - 2)!;
    expect(lastCell.getChars()).toBe("關");
    expect(lastCell.isInverse()).not.toBe(0);
    expect(
      s.term.buffer.active
        .getLine(row + 1)!
        .getCell(0)!
        .isInverse(),
    ).not.toBe(0);

    s.press(keys.enter + "/");
    await s.waitFor("/事關基層");
    for (let i = 0; i < 4; i++) s.press(keys.backspace);
    s.press("組織");
    await s.waitFor((t) => t.includes("/組織") && /1\/([2-9]|\d\d+) /.test(t));
    const total = Number(/1\/(\d+) /.exec(s.text())![1]);
    expect(total).toBeGreaterThan(5);
    s.press(keys.enter);
    s.press("n");
    await s.waitFor(`2/${total} `);
    s.press("N");
    await s.waitFor(`1/${total} `);
    s.press("N");
    await s.waitFor(`${total}/${total} `);
    // Esc clears the search; a second Esc goes back.
    s.press(keys.escape);
    await s.waitFor((t) => !t.includes(`/${total} `));
  });

  it("filters a list as you type", async () => {
    const s = track(startReader({ args: ["--offline"] }));
    await s.waitFor(/山東頻道\s+\d+ 篇/);
    s.press(keys.enter);
    await s.waitFor("山東:以堅強組織領導確保取得實效");
    s.press("/港");
    await s.waitFor((t) => t.includes("青島港") && !t.includes("山東:以堅強組織領導確保取得實效"));
    s.press(keys.enter + keys.enter);
    await s.waitFor("5G專網");
  });
});

describe("reading width with + - =", () => {
  it("narrows the text column, centred, keeps the place, and = restores the full width", async () => {
    const s = await openSeed(80, 24);
    await s.step(keys.pageDown);
    expect(s.text()).not.toContain("任何一項工作要達到預期效果");
    const firstWords = s.screen()[1]!.trim().slice(0, 6);
    await s.step(...Array<string>(10).fill("-"));
    expect(
      s
        .screen()
        .slice(1, 20)
        .every((row) => stringWidth(row) <= 80 - 20),
    ).toBe(true);
    const body = s
      .screen()
      .slice(1, 20)
      .filter((row) => row.trim() !== "");
    // Centred: every text row starts after the same left margin.
    const margin = body[0]!.length - body[0]!.trimStart().length;
    expect(margin).toBeGreaterThanOrEqual(19);
    await s.waitFor(firstWords);
    s.press("=");
    await s.waitFor(() =>
      s
        .screen()
        .slice(1, 20)
        .some((row) => stringWidth(row) > 70),
    );
  });
});
