import { describe, expect, it } from "vitest";
import type { Key } from "ink";
import { commandForKey, helpRows, keyNames, makeKeymap } from "../../src/tui/keymap.js";
import {
  currentScreen,
  initialState,
  reducer,
  sectionListId,
  type ArticleScreen,
  type ArticleView,
  type LinkTarget,
  type ListView,
  type State,
} from "../../src/tui/state.js";
import type { Command } from "../../src/tui/keymap.js";

const list = (count: number, height = 5): ListView => ({
  kind: "list",
  count,
  height,
  keyOf: (i) => (i < count ? `item-${i}` : undefined),
});

// An article of `lines` lines, one piece per line, with 推薦閱讀 links starting at the given lines, after
// `crumbs` breadcrumb steps on line 0 (section-0… opening as lists).
const article = (lines: number, height = 10, linkLines: number[] = [], crumbs = 0): ArticleView => ({
  kind: "article",
  lineCount: lines,
  height,
  linkCount: crumbs + linkLines.length,
  firstRecommended: crumbs,
  linkLines: (i) => {
    if (i < crumbs) return { first: 0, last: 0 };
    const next = linkLines[i - crumbs + 1];
    return { first: linkLines[i - crumbs] ?? 0, last: next !== undefined ? next - 1 : lines - 1 };
  },
  linkTarget: (i): LinkTarget | undefined =>
    i < crumbs
      ? { kind: "section", url: `section-${i}`, title: `第${i}層` }
      : i < crumbs + linkLines.length
        ? { kind: "article", url: `link-${i - crumbs}` }
        : undefined,
  matchLines: [],
  positionOf: (line) => ({ block: line, offset: 0 }),
  lineOf: (position) => position.block,
});

function run(state: State, view: ListView | ArticleView, ...commands: Command[]): State {
  return commands.reduce((s, command) => reducer(s, { type: "command", command, view }), state);
}

const top = (s: State) => currentScreen(s);

describe("lists", () => {
  it("moves the selection and keeps it on screen", () => {
    const s = run(initialState, list(20, 5), "down", "down", "down", "down", "down", "down");
    expect(top(s)).toMatchObject({ selected: 6, top: 2 });
    expect(top(run(s, list(20, 5), "top"))).toMatchObject({ selected: 0, top: 0 });
    expect(top(run(s, list(20, 5), "bottom"))).toMatchObject({ selected: 19, top: 15 });
  });

  it("never moves past either end", () => {
    expect(top(run(initialState, list(3), "up", "up"))).toMatchObject({ selected: 0 });
    expect(top(run(initialState, list(3), "down", "down", "down", "down"))).toMatchObject({ selected: 2 });
  });

  it("pages by a screen less one row", () => {
    expect(top(run(initialState, list(100, 10), "pageDown"))).toMatchObject({ selected: 9, top: 9 });
    expect(top(run(initialState, list(100, 10), "pageDown", "pageUp"))).toMatchObject({
      selected: 0,
      top: 0,
    });
  });

  it("opens a channel's article list, then an article, and back returns to the same selection", () => {
    const channels = run(initialState, list(4), "down", "down");
    const articles = run(channels, list(4), "open");
    expect(top(articles)).toMatchObject({ kind: "articles", channelId: "item-2", selected: 0 });
    const opened = run(run(articles, list(10), "down", "down", "down"), list(10), "open");
    expect(top(opened)).toMatchObject({ kind: "article", url: "item-3", scroll: 0, link: -1 });
    const back = run(opened, article(50), "back");
    expect(top(back)).toMatchObject({ kind: "articles", selected: 3 });
    expect(top(run(back, list(10), "back"))).toMatchObject({ kind: "channels", selected: 2 });
  });

  it("does not open anything in an empty list", () => {
    expect(run(initialState, list(0), "open")).toBe(initialState);
  });
});

describe("articles", () => {
  const opened = reducer(initialState, { type: "openArticle", url: "a" });

  it("scrolls by lines and pages, and stops at the last page", () => {
    const view = article(100, 10);
    expect(top(run(opened, view, "down", "down"))).toMatchObject({ scroll: 2 });
    expect(top(run(opened, view, "pageDown"))).toMatchObject({ scroll: 9 });
    expect(top(run(opened, view, "bottom"))).toMatchObject({ scroll: 90 });
    expect(top(run(opened, view, "bottom", "pageDown", "down"))).toMatchObject({ scroll: 90 });
    expect(top(run(opened, view, "pageDown", "top"))).toMatchObject({ scroll: 0 });
  });

  it("does not scroll an article shorter than the screen", () => {
    expect(top(run(opened, article(5, 10), "down", "pageDown"))).toMatchObject({ scroll: 0 });
  });

  it("Tab selects 推薦閱讀 links in turn, wrapping around, and scrolls each into view", () => {
    const view = article(100, 10, [60, 70, 80]);
    const one = run(opened, view, "nextLink");
    expect(top(one)).toMatchObject({ link: 0 });
    expect((top(one) as ArticleScreen).scroll).toBeLessThanOrEqual(60);
    expect((top(one) as ArticleScreen).scroll + 10).toBeGreaterThan(69);
    expect(top(run(opened, view, "nextLink", "nextLink", "nextLink", "nextLink"))).toMatchObject({ link: 0 });
    expect(top(run(opened, view, "prevLink"))).toMatchObject({ link: 2 });
  });

  it("Tab reaches the breadcrumb's steps at the top of the page, and 推薦閱讀 first from its end", () => {
    const view = article(100, 10, [60, 70, 80], 3);
    expect(top(run(opened, view, "nextLink"))).toMatchObject({ link: 0, scroll: 0 });
    expect(top(run(opened, view, "nextLink", "nextLink", "nextLink", "nextLink"))).toMatchObject({ link: 3 });
    // From the end of the article, Tab starts at the 推薦閱讀 item shown; past the last it wraps to the breadcrumb.
    const end = article(100, 10, [85, 90, 95], 3);
    const atEnd = run(opened, end, "bottom");
    expect(top(run(atEnd, end, "nextLink"))).toMatchObject({ link: 4, scroll: 90 });
    expect(top(run(atEnd, end, "prevLink"))).toMatchObject({ link: 5, scroll: 90 });
    expect(top(run(atEnd, end, "nextLink", "nextLink", "nextLink"))).toMatchObject({ link: 0, scroll: 0 });
  });

  it("Tab from a selection scrolled out of sight starts from the page shown", () => {
    const view = article(100, 10, [60, 70, 80], 3);
    // 推薦閱讀 [1] selected, then back to the top (`g`): Tab goes to the breadcrumb, not to [2] far below.
    const selected = run(opened, view, "nextLink", "nextLink", "nextLink", "nextLink");
    expect(top(selected)).toMatchObject({ link: 3 });
    expect(top(run(selected, view, "top", "nextLink"))).toMatchObject({ link: 0, scroll: 0 });
    // While it is on screen, Tab goes on from it.
    expect(top(run(selected, view, "nextLink"))).toMatchObject({ link: 4 });
  });

  it("Enter on a breadcrumb step opens its section as a list; back returns to the same place and step", () => {
    const view = article(100, 10, [60, 70, 80], 3);
    const selected = run(opened, view, "nextLink", "nextLink", "down");
    expect(top(selected)).toMatchObject({ link: 1, scroll: 1 });
    const section = run(selected, view, "open");
    expect(top(section)).toMatchObject({
      kind: "articles",
      channelId: sectionListId("section-1"),
      section: { url: "section-1", title: "第1層" },
      selected: 0,
    });
    expect(top(run(section, list(5), "back"))).toEqual(top(selected));
    // 1–9 still count the 推薦閱讀 items.
    expect(top(run(opened, view, "openLink2"))).toMatchObject({ kind: "article", url: "link-1" });
  });

  it("Enter on a step that is a saved channel opens that channel", () => {
    const view: ArticleView = {
      ...article(100, 10, [], 1),
      linkTarget: () => ({ kind: "channel", channelId: "sample-shandong" }),
    };
    const opened2 = run(opened, view, "nextLink", "open");
    expect(top(opened2)).toEqual({ kind: "articles", channelId: "sample-shandong", selected: 0, top: 0 });
  });

  it("Enter opens the selected link; a digit opens item N; back restores scroll and selection", () => {
    const view = article(100, 10, [60, 70, 80]);
    const selected = run(opened, view, "nextLink", "nextLink");
    const inner = run(selected, view, "open");
    expect(top(inner)).toMatchObject({ kind: "article", url: "link-1" });
    expect(top(run(inner, article(20), "back"))).toEqual(top(selected));

    const scrolled = run(opened, view, "pageDown");
    const viaDigit = run(scrolled, view, "openLink3");
    expect(top(viaDigit)).toMatchObject({ url: "link-2" });
    expect(top(run(viaDigit, article(20), "back"))).toMatchObject({ scroll: 9, link: 2 });
  });

  it("with ruby above the line, a page never starts with a text row whose readings are on the page before", () => {
    // Even lines are rows of readings over the odd line below them (a passage of ruby throughout).
    const view: ArticleView = { ...article(100, 10), readingRow: (line) => line % 2 === 0 };
    const scrolls = (...commands: Command[]) =>
      commands.map(
        (_, i) => (top(run(opened, view, ...commands.slice(0, i + 1))) as { scroll: number }).scroll,
      );
    // A page down of 9 lines would start at text row 9 (its readings, row 8, on the page before): it starts at 8.
    expect(scrolls("pageDown", "pageDown", "pageUp")).toEqual([8, 16, 6]);
    // One line down from a row of readings goes below the pair; one up takes the pair above.
    expect(scrolls("down", "down", "up")).toEqual([2, 4, 2]);
    expect(scrolls("bottom")).toEqual([90]);
    for (const scroll of scrolls("pageDown", "down", "pageDown", "up", "pageUp", "bottom", "pageUp"))
      expect(view.readingRow!(scroll - 1), `scroll ${scroll}`).toBe(false);
  });

  it("ignores a digit with no such link and Enter with no link selected", () => {
    const view = article(100, 10, [60]);
    expect(run(opened, view, "openLink5")).toBe(opened);
    expect(run(opened, view, "open")).toBe(opened);
  });

  it("keeps the reading position across a re-layout at another width", () => {
    const scrolled = run(opened, article(100, 10), "pageDown", "down"); // line 10 = block 10
    const narrower: ArticleView = {
      ...article(200, 10),
      lineOf: (p) => p.block * 2,
      positionOf: (line) => ({ block: Math.floor(line / 2), offset: 0 }),
    };
    const relaid = reducer(scrolled, { type: "relayout", view: narrower });
    expect(top(relaid)).toMatchObject({ scroll: 20, position: { block: 10 } });
  });
});

describe("help and quit", () => {
  it("help scrolls within its lines and stops at both ends", () => {
    const help = run(initialState, list(4), "help");
    const view = { lineCount: 30, height: 10 };
    const step = (state: State, command: Command) =>
      reducer(state, { type: "command", command, view: list(4), help: view });
    expect(step(help, "up").helpTop).toBe(0);
    expect(step(help, "pageDown").helpTop).toBe(9);
    expect(step(help, "bottom").helpTop).toBe(20);
    expect(step(step(help, "bottom"), "down").helpTop).toBe(20);
    expect(run(step(help, "bottom"), list(4), "help").help).toBe(false);
  });

  it("? toggles help; Esc closes it without leaving the screen", () => {
    const inList = run(initialState, list(4), "down");
    const help = run(inList, list(4), "help");
    expect(help.help).toBe(true);
    expect(run(help, list(4), "down")).toBe(help);
    const closed = run(help, list(4), "back");
    expect(closed.help).toBe(false);
    expect(top(closed)).toEqual(top(inList));
  });

  it("q quits from anywhere", () => {
    expect(run(initialState, list(4), "quit").quitting).toBe(true);
  });
});

describe("keys", () => {
  const none: Key = {
    upArrow: false,
    downArrow: false,
    leftArrow: false,
    rightArrow: false,
    pageDown: false,
    pageUp: false,
    home: false,
    end: false,
    return: false,
    escape: false,
    ctrl: false,
    shift: false,
    tab: false,
    backspace: false,
    delete: false,
    meta: false,
    super: false,
    hyper: false,
    capsLock: false,
    numLock: false,
  };

  it("counts every key of a chunk typed quickly", () => {
    expect(keyNames("jjj", none).map(commandForKey)).toEqual(["down", "down", "down"]);
    expect(keyNames("j k", none)).toEqual(["j", "space", "k"]);
  });

  it("maps special keys and their aliases to the same command", () => {
    expect(commandForKey(keyNames("", { ...none, downArrow: true })[0]!)).toBe("down");
    expect(commandForKey(keyNames("", { ...none, tab: true, shift: true })[0]!)).toBe("prevLink");
    expect(commandForKey(keyNames("c", { ...none, ctrl: true })[0]!)).toBe("quit");
    expect(["escape", "h", "left", "backspace"].map(commandForKey)).toEqual(["back", "back", "back", "back"]);
    expect(["g", "home", "G", "end"].map(commandForKey)).toEqual(["top", "top", "bottom", "bottom"]);
  });

  it("a hand-edited key override cannot take another command's key or Ctrl-C from quit", () => {
    const keymap = makeKeymap({ quit: ["j"], search: ["ctrl-c", "x"], nosuch: ["z"] });
    expect(keymap.commandFor("j")).toBe("down");
    expect(keymap.commandFor("ctrl-c")).toBe("quit");
    expect(keymap.commandFor("x")).toBe("search");
    expect(keymap.commandFor("z")).toBeUndefined();
    // quit had nothing left but its defaults.
    expect(keymap.commandFor("q")).toBe("quit");
  });

  it("lists every command in help, with 返回頂部 for top", () => {
    const rows = helpRows();
    expect(rows.find((r) => r.help.includes("返回頂部"))?.keys).toContain("g");
    expect(rows.some((r) => r.keys === "1–9")).toBe(true);
  });
});

describe("resuming", () => {
  it("opens an article from a list where the reader left it", () => {
    const view: ListView = {
      ...list(3),
      resume: (url) => (url === "item-1" ? { block: 7, offset: 12 } : undefined),
    };
    const s = run(run(initialState, list(3), "open"), view, "down", "open");
    expect(top(s)).toMatchObject({ kind: "article", url: "item-1", position: { block: 7, offset: 12 } });
    const placed = reducer(s, { type: "relayout", view: article(100, 10) });
    expect(top(placed)).toMatchObject({ scroll: 7 });
  });
});

describe("search", () => {
  const opened = reducer(initialState, { type: "openArticle", url: "a" });
  const view: ArticleView = { ...article(200, 10), matchLines: [5, 50, 120] };

  it("jumps to the first match below the top as the query is typed, n/N cycle through matches", () => {
    const searched = reducer(opened, { type: "search", query: "x", view });
    expect(top(searched)).toMatchObject({ search: { query: "x", index: 0 }, scroll: 0 });
    const second = run(searched, view, "nextMatch");
    expect(top(second)).toMatchObject({ search: { index: 1 } });
    expect((top(second) as ArticleScreen).scroll).toBeLessThanOrEqual(50);
    expect((top(second) as ArticleScreen).scroll + 10).toBeGreaterThan(50);
    expect(top(run(second, view, "nextMatch", "nextMatch"))).toMatchObject({ search: { index: 0 } });
    expect(top(run(searched, view, "prevMatch"))).toMatchObject({ search: { index: 2 } });
  });

  it("Esc clears the search before going back", () => {
    const searched = reducer(opened, { type: "search", query: "x", view });
    const cleared = run(searched, view, "back");
    expect(top(cleared)).toMatchObject({ kind: "article" });
    expect((top(cleared) as ArticleScreen).search).toBeUndefined();
    expect(top(run(cleared, view, "back")).kind).toBe("channels");
  });

  it("filters a list and resets the selection; Esc clears the filter", () => {
    const moved = run(initialState, list(10), "down", "down");
    const filtered = reducer(moved, { type: "search", query: "山東", view: list(10) });
    expect(top(filtered)).toMatchObject({ filter: "山東", selected: 0 });
    expect(top(run(filtered, list(2), "back"))).not.toHaveProperty("filter");
  });
});
