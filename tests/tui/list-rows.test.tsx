// An article list draws its visible rows as one styled string, each row's text made once per item. What the
// reader sees must be what one Ink <Text> per row (and one per part of it) gives — same characters, colours,
// bold, dim and inverse, in every theme and width — and the rows must follow the keys: the page shown after a
// page key, the selection, an item just read, a resize.
import { stripVTControlCharacters } from "node:util";
import { EventEmitter } from "node:events";
import { Box, Text, render, renderToString } from "ink";
import { describe, expect, it } from "vitest";
import { UNTITLED, type ArticleRef } from "../../src/model.js";
import { formatLocalTime } from "../../src/text/article.js";
import { fit } from "../../src/tui/rows.js";
import { ArticleRows } from "../../src/tui/screens/lists.js";
import {
  currentScreen,
  initialState,
  reducer,
  type ListScreen,
  type State,
  type View,
} from "../../src/tui/state.js";
import { makeTheme, type Theme } from "../../src/tui/theme.js";
import { THEMES, withFullColour } from "../helpers/themes.js";

const items: ArticleRef[] = Array.from({ length: 60 }, (_, i) => ({
  title:
    i % 3 === 0
      ? `第${i + 1}篇 东屿岛的渔港十年间转身为观光小镇，居民讲述这些年来的变化与期待`
      : i % 3 === 1
        ? `Item ${i + 1}: a Latin title`
        : "",
  url: `http://example.test/a/${i + 1}.html`,
  ...(i % 4 === 0 ? {} : { published: `2025-08-${String((i % 28) + 1).padStart(2, "0")}T06:30:00+08:00` }),
  ...(i % 5 === 0 ? {} : { source: i % 2 ? "人民網 山東頻道 原創稿件" : "Example News" }),
}));

/** The rows as they were drawn before they became one string: a <Text> per row, one per part inside it. */
function reference(
  screen: ListScreen,
  height: number,
  width: number,
  theme: Theme,
  isRead: (url: string) => boolean,
) {
  const dateWidth = width >= 56 ? 16 : 0;
  const sourceWidth = width >= 100 ? 14 : width >= 70 ? 10 : 0;
  const titleWidth = width - 2 - (dateWidth ? dateWidth + 1 : 0) - (sourceWidth ? sourceWidth + 1 : 0);
  return (
    <Box flexDirection="column">
      {items.slice(screen.top, screen.top + height).map((item, i) => {
        const selected = screen.top + i === screen.selected;
        const read = isRead(item.url);
        const mark = theme.marks ? `${selected ? "›" : " "}${read ? " " : "●"}` : read ? "  " : "● ";
        const date = item.published ? formatLocalTime(item.published) : "";
        return (
          <Text key={i} inverse={selected} wrap="truncate">
            <Text color={read ? undefined : theme.accent}>{mark}</Text>
            <Text bold={!read}>{fit(item.title || UNTITLED, titleWidth, "narrow")}</Text>
            {dateWidth ? <Text dimColor={theme.dim}> {fit(date, dateWidth, "narrow")}</Text> : null}
            {sourceWidth ? (
              <Text dimColor={theme.dim}> {fit(item.source ?? "", sourceWidth, "narrow")}</Text>
            ) : null}
          </Text>
        );
      })}
    </Box>
  );
}

const drawn = (
  screen: ListScreen,
  height: number,
  width: number,
  theme: Theme,
  isRead: (url: string) => boolean,
  list: ArticleRef[] = items,
) =>
  renderToString(
    <ArticleRows
      screen={screen}
      height={height}
      width={width}
      theme={theme}
      ambiguous="narrow"
      items={list}
      isRead={isRead}
    />,
    { columns: width },
  );

withFullColour();

const screenAt = (top: number, selected: number): ListScreen => ({
  kind: "articles",
  channelId: "c",
  top,
  selected,
});

describe("the article list's rows", () => {
  const readEvery3 = (url: string) => Number(/(\d+)\.html$/.exec(url)?.[1]) % 3 === 2;
  for (const [name, makeIt] of THEMES)
    it(`are drawn as a <Text> per row and part would draw them (${name} theme, 40 to 120 columns)`, () => {
      const theme = makeIt();
      if (name === "dark") expect(theme.accent).toBe("cyan");
      for (const width of [40, 60, 80, 120])
        for (const [top, selected] of [
          [0, 0],
          [0, 5],
          [17, 30],
        ] as const) {
          const ours = drawn(screenAt(top, selected), 20, width, theme, readEvery3);
          const theirs = renderToString(reference(screenAt(top, selected), 20, width, theme, readEvery3), {
            columns: width,
          });
          expect(ours, `${width} columns, top ${top}, selected ${selected}`).toBe(theirs);
        }
    });

  it("show the page a page key lands on, the selection on its row", () => {
    const theme = makeTheme("dark");
    const view: View = {
      kind: "list",
      count: items.length,
      height: 10,
      keyOf: (i) => items[i]?.url,
      resume: () => undefined,
    };
    let state: State = { ...initialState, stack: [...initialState.stack, screenAt(0, 0)] };
    const pages: string[] = [];
    for (const command of ["pageDown", "pageDown", "pageUp", "down", "pageDown"] as const) {
      state = reducer(state, { type: "command", command, view });
      const screen = currentScreen(state) as ListScreen;
      const rows = drawn(screen, 10, 80, theme, () => false).split("\n");
      pages.push(`${screen.top}/${screen.selected}`);
      expect(rows).toHaveLength(10);
      // Each row is its item's, in order from the top of the page; the selected one alone is inverse.
      rows.forEach((row, i) => {
        const item = items[screen.top + i]!;
        const text = stripVTControlCharacters(row);
        expect(text, `row ${i} after ${command}`).toBe(
          `● ${fit(item.title || UNTITLED, 50, "narrow")} ${fit(item.published ? formatLocalTime(item.published) : "", 16, "narrow")} ${fit(item.source ?? "", 10, "narrow")}`,
        );
        expect(row.startsWith("\u001b[7m"), `row ${i} inverse after ${command}`).toBe(
          screen.top + i === screen.selected,
        );
      });
    }
    expect(pages).toEqual(["9/9", "18/18", "9/9", "9/10", "18/19"]);
  });

  it("draw an item read since its row was drawn as read, and re-fit the rows at a new width", () => {
    const theme = makeTheme("dark");
    const read = new Set<string>();
    const isRead = (url: string) => read.has(url);
    const screen = screenAt(0, 1);
    drawn(screen, 5, 80, theme, isRead);
    read.add(items[0]!.url);
    expect(drawn(screen, 5, 80, theme, isRead)).toBe(
      renderToString(reference(screen, 5, 80, theme, isRead), { columns: 80 }),
    );
    expect(drawn(screen, 5, 60, theme, isRead)).toBe(
      renderToString(reference(screen, 5, 60, theme, isRead), { columns: 60 }),
    );
    // Selected and then not: the row loses its inverse.
    expect(drawn(screenAt(0, 2), 5, 60, theme, isRead)).toBe(
      renderToString(reference(screenAt(0, 2), 5, 60, theme, isRead), { columns: 60 }),
    );
  });

  it("show the page a page key lands on as it is now, when its rows were made ahead of the key", async () => {
    // Mounted, as in the reader: once a page is drawn, the rows of the pages beside it are made while the program
    // is idle. Between that and the page key, items are read and the selection moves onto the new page.
    for (const theme of [makeTheme("dark"), { dim: false, marks: true } satisfies Theme]) {
      const read = new Set<string>();
      const isRead = (url: string) => read.has(url);
      const frames: string[] = [];
      const stdout = Object.assign(new EventEmitter(), {
        columns: 80,
        rows: 12,
        write: (frame: string) => frames.push(frame) > 0,
      });
      const rows = (screen: ListScreen) => (
        <ArticleRows
          screen={screen}
          height={10}
          width={80}
          theme={theme}
          ambiguous="narrow"
          items={items}
          isRead={isRead}
        />
      );
      const instance = render(rows(screenAt(10, 10)), {
        stdout: stdout as unknown as NodeJS.WriteStream,
        debug: true,
        patchConsole: false,
      });
      // Turns of the event loop enough for both pages beside this one (a few rows a turn).
      for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
      read.add(items[21]!.url);
      read.add(items[5]!.url);
      for (const screen of [screenAt(20, 21), screenAt(0, 5)]) {
        instance.rerender(rows(screen));
        const theirs = renderToString(reference(screen, 10, 80, theme, isRead), { columns: 80 });
        expect(frames.at(-1), `top ${screen.top}`).toBe(theirs);
      }
      instance.unmount();
    }
  });
});
