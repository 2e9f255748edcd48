// The interface's state as a pure reducer: screens on a stack (back restores selection and scroll exactly),
// overlays, and what each command does. Everything that depends on the current layout comes in with the action
// as a View, so the reducer never lays text out itself.
import type { ReadingPosition } from "../text/article.js";
import type { Command } from "./keymap.js";

export interface ListScreen {
  kind: "channels" | "articles";
  /** For "articles": the channel shown. */
  channelId?: string;
  selected: number;
  top: number;
  /** Titles filtered by what was typed after `/`. */
  filter?: string;
  /** Where the selection was when the filter began: clearing the filter goes back there. */
  beforeFilter?: { selected: number; top: number };
  /** A row was picked (the selection moved) in the filtered list: clearing the filter keeps that row. */
  picked?: boolean;
  /** For the results of a search of everything kept: what was searched (Esc returns to it). */
  query?: string;
  /** For a section opened from an article's breadcrumb that is no saved channel: its page, and its name. */
  section?: { url: string; title: string };
}

export interface ArticleScreen {
  kind: "article";
  url: string;
  /** First visible line. */
  scroll: number;
  /** The same place, independent of width: kept across resizes. */
  position: ReadingPosition;
  /** Selected link (a breadcrumb step or a 推薦閱讀 item, as ArticleView counts them), or -1. */
  link: number;
  /** Text searched with `/`, and which match is current. */
  search?: { query: string; index: number };
}

export type Screen = ListScreen | ArticleScreen;

/** A one-line input in the status line: a URL to add, a yes/no question, a search. */
export interface Prompt {
  kind: "add" | "confirmRemove" | "search" | "filter" | "searchAll";
  text: string;
  /** What the prompt is about (the channel to remove). */
  target?: string;
}

export interface State {
  stack: Screen[];
  help: boolean;
  /** First line of the help shown (it scrolls when taller than the screen). */
  helpTop: number;
  quitting: boolean;
  prompt?: Prompt;
  /** A short message in the status line until the next key. */
  message?: { text: string; error: boolean };
}

/** What the current screen looks like right now (from the layout the App computed). */
export interface ListView {
  kind: "list";
  count: number;
  height: number;
  /** Ids/urls of the rows, to open the selected one. */
  keyOf: (index: number) => string | undefined;
  /** Where the reader left an article last time (opening it resumes there). */
  resume?: (url: string) => ReadingPosition | undefined;
  /** The list without its filter: its length, and where a row (by key) is in it. */
  unfiltered?: { count: number; indexOf: (key: string) => number };
}

export interface ArticleView {
  kind: "article";
  lineCount: number;
  height: number;
  /** The links Tab selects, in the order of the page: the breadcrumb's steps, then the 推薦閱讀 items. */
  linkCount: number;
  /** Which of them is the first 推薦閱讀 item (1–9 count from it). */
  firstRecommended: number;
  /** The first and last line a link is drawn on. */
  linkLines: (index: number) => { first: number; last: number };
  linkTarget: (index: number) => LinkTarget | undefined;
  /** First line of each match of the current search. */
  matchLines: number[];
  positionOf: (line: number) => ReadingPosition;
  lineOf: (position: ReadingPosition) => number;
  resume?: (url: string) => ReadingPosition | undefined;
  /** Whether a line is a row of readings over the line below it (ruby above the line). */
  readingRow?: (line: number) => boolean;
}

export type View = ListView | ArticleView;

/** What a link opens: an article (推薦閱讀), or a section as a list (a breadcrumb step). */
export type LinkTarget =
  | { kind: "article"; url: string }
  /** A section that is a saved channel: that channel. */
  | { kind: "channel"; channelId: string }
  /** Any other section: its page read as a list. */
  | { kind: "section"; url: string; title: string };

/** The list id of a section opened from a breadcrumb (never a saved channel's: those are slugs of titles). */
export function sectionListId(url: string): string {
  return `reader:section:${url}`;
}

/** The help overlay as drawn: its line count and the rows it has. */
export interface HelpView {
  lineCount: number;
  height: number;
}

export type Action =
  | { type: "command"; command: Command; view: View; help?: HelpView }
  | { type: "relayout"; view: View }
  | { type: "openArticle"; url: string; position?: ReadingPosition }
  | { type: "prompt"; prompt: Prompt | undefined }
  | { type: "promptInput"; text: string }
  | { type: "promptBackspace" }
  | { type: "message"; text: string | undefined; error?: boolean }
  /** Search the article / filter the list as the query is typed; undefined clears it. */
  | { type: "search"; query: string | undefined; view: View }
  /** The channel list changed (added/removed): keep the selection on a valid row. */
  | { type: "select"; index: number; view: View }
  /** Shows the results of searching everything kept, as the list `channelId`. */
  | { type: "openSearch"; query: string; channelId: string };

export const initialState: State = {
  stack: [{ kind: "channels", selected: 0, top: 0 }],
  help: false,
  helpTop: 0,
  quitting: false,
};

export function currentScreen(state: State): Screen {
  const screen = state.stack[state.stack.length - 1];
  if (!screen) throw new Error("screen stack is empty");
  return screen;
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

function replaceTop(state: State, screen: Screen): State {
  return { ...state, stack: [...state.stack.slice(0, -1), screen] };
}

function push(state: State, screen: Screen): State {
  return { ...state, stack: [...state.stack, screen] };
}

/** Keeps `selected` inside the list and visible in a window of `height` rows. */
export function fitList(screen: ListScreen, view: ListView): ListScreen {
  const count = view.count;
  const height = Math.max(1, view.height);
  const selected = count === 0 ? 0 : clamp(screen.selected, 0, count - 1);
  let top = clamp(screen.top, 0, Math.max(0, count - height));
  if (selected < top) top = selected;
  if (selected >= top + height) top = selected - height + 1;
  return { ...screen, selected, top };
}

function maxScroll(view: ArticleView): number {
  return Math.max(0, view.lineCount - view.height);
}

function scrollTo(screen: ArticleScreen, line: number, view: ArticleView): ArticleScreen {
  let scroll = clamp(line, 0, maxScroll(view));
  // A text row is not shown at the top without its readings above it: the page starts at the readings — or,
  // one line down from them, below the pair (starting at the readings again would not move).
  if (view.readingRow?.(scroll - 1)) {
    const withReadings = scroll - 1;
    scroll =
      withReadings !== screen.scroll || scroll < screen.scroll
        ? withReadings
        : Math.min(scroll + 1, maxScroll(view));
  }
  return { ...screen, scroll, position: view.positionOf(scroll) };
}

/** Scrolls so that the lines of the selected link are on screen. */
function revealLink(screen: ArticleScreen, view: ArticleView): ArticleScreen {
  const { first, last } = view.linkLines(screen.link);
  let scroll = screen.scroll;
  if (first < scroll) scroll = first;
  else if (last >= scroll + view.height) scroll = Math.min(first, last - view.height + 1);
  return scrollTo(screen, scroll, view);
}

function articleAt(url: string, position: ReadingPosition | undefined): ArticleScreen {
  return { kind: "article", url, scroll: 0, position: position ?? { block: 0, offset: 0 }, link: -1 };
}

/** Scrolls so the current match is on screen, a few lines below the top when the view moves. */
function revealMatch(screen: ArticleScreen, view: ArticleView): ArticleScreen {
  const line = view.matchLines[screen.search?.index ?? 0];
  if (line === undefined) return screen;
  if (line >= screen.scroll && line < screen.scroll + view.height) return screen;
  return scrollTo(screen, line - Math.min(3, Math.floor(view.height / 4)), view);
}

/**
 * The list without its filter: the row picked in the filtered list if one was, else the row selected before the
 * filter began.
 */
function clearFilter(screen: ListScreen, view: ListView): ListScreen {
  const { filter: _filter, beforeFilter, picked, ...rest } = screen;
  const key = picked ? view.keyOf(screen.selected) : undefined;
  const index = key !== undefined && view.unfiltered ? view.unfiltered.indexOf(key) : -1;
  const selected = index >= 0 ? index : (beforeFilter?.selected ?? 0);
  const count = view.unfiltered?.count ?? view.count;
  return fitList({ ...rest, selected, top: beforeFilter?.top ?? 0 }, { ...view, count });
}

function listCommand(state: State, screen: ListScreen, command: Command, view: ListView): State {
  const page = Math.max(1, view.height - 1);
  // A move in a filtered list picks a row there (kept when the filter is cleared).
  const movedIn = (moved: ListScreen): ListScreen =>
    moved.filter !== undefined && moved.selected !== screen.selected ? { ...moved, picked: true } : moved;
  const move = (selected: number) => replaceTop(state, movedIn(fitList({ ...screen, selected }, view)));
  switch (command) {
    case "up":
      return move(screen.selected - 1);
    case "down":
      return move(screen.selected + 1);
    case "pageDown":
      return replaceTop(
        state,
        movedIn(fitList({ ...screen, selected: screen.selected + page, top: screen.top + page }, view)),
      );
    case "pageUp":
      return replaceTop(
        state,
        movedIn(fitList({ ...screen, selected: screen.selected - page, top: screen.top - page }, view)),
      );
    case "top":
      return move(0);
    case "bottom":
      return move(view.count - 1);
    case "open": {
      const key = view.keyOf(screen.selected);
      if (key === undefined) return state;
      if (screen.kind === "channels")
        return push(state, { kind: "articles", channelId: key, selected: 0, top: 0 });
      return push(state, articleAt(key, view.resume?.(key)));
    }
    default:
      return state;
  }
}

function articleCommand(state: State, screen: ArticleScreen, command: Command, view: ArticleView): State {
  const page = Math.max(1, view.height - 1);
  const scroll = (line: number) => replaceTop(state, scrollTo(screen, line, view));
  const selectLink = (link: number) => replaceTop(state, revealLink({ ...screen, link }, view));
  const openLink = (index: number): State => {
    const target = view.linkTarget(index);
    if (target === undefined) return state;
    // Remember which link was used, so back shows it selected.
    const here = replaceTop(state, { ...screen, link: index });
    if (target.kind === "article") return push(here, articleAt(target.url, view.resume?.(target.url)));
    const list: ListScreen =
      target.kind === "channel"
        ? { kind: "articles", channelId: target.channelId, selected: 0, top: 0 }
        : {
            kind: "articles",
            channelId: sectionListId(target.url),
            section: { url: target.url, title: target.title },
            selected: 0,
            top: 0,
          };
    return push(here, list);
  };
  // With none selected, Tab starts from the page shown (the breadcrumb at the top, 推薦閱讀 at the end), as a
  // browser's Tab does from where one reads.
  const firstShown = () => {
    for (let i = 0; i < view.linkCount; i++) if (view.linkLines(i).last >= screen.scroll) return i;
    return 0;
  };
  const lastShown = () => {
    for (let i = view.linkCount - 1; i >= 0; i--)
      if (view.linkLines(i).first < screen.scroll + view.height) return i;
    return view.linkCount - 1;
  };
  // A selection scrolled out of sight (`g` after opening 推薦閱讀 [1] and coming back) counts as none.
  const selectedShown = () => {
    if (screen.link < 0 || screen.link >= view.linkCount) return false;
    const lines = view.linkLines(screen.link);
    return lines.last >= screen.scroll && lines.first < screen.scroll + view.height;
  };
  switch (command) {
    case "up":
      return scroll(screen.scroll - 1);
    case "down":
      return scroll(screen.scroll + 1);
    case "pageDown":
      return scroll(screen.scroll + page);
    case "pageUp":
      return scroll(screen.scroll - page);
    case "top":
      return scroll(0);
    case "bottom":
      return scroll(maxScroll(view));
    case "nextLink":
      if (view.linkCount === 0) return state;
      if (!selectedShown()) return selectLink(firstShown());
      return selectLink(screen.link + 1 >= view.linkCount ? 0 : screen.link + 1);
    case "prevLink":
      if (view.linkCount === 0) return state;
      if (!selectedShown()) return selectLink(lastShown());
      return selectLink(screen.link === 0 ? view.linkCount - 1 : screen.link - 1);
    case "open":
      return screen.link >= 0 ? openLink(screen.link) : state;
    case "nextMatch":
    case "prevMatch": {
      const count = view.matchLines.length;
      if (!screen.search || count === 0) return state;
      const forward = command === "nextMatch";
      const bottom = screen.scroll + view.height;
      const onScreen = (line: number | undefined) =>
        line !== undefined && line >= screen.scroll && line < bottom;
      // From the current match while it is on screen; else from the view: the first match below its top
      // (n) or the last above its bottom (N).
      let index: number;
      if (onScreen(view.matchLines[screen.search.index])) index = screen.search.index + (forward ? 1 : -1);
      else if (forward) index = view.matchLines.findIndex((line) => line >= screen.scroll);
      else index = view.matchLines.findLastIndex((line) => line < bottom);
      const wrapped = forward ? index < 0 || index >= count : index < 0;
      if (wrapped) index = forward ? 0 : count - 1;
      const moved = replaceTop(state, revealMatch({ ...screen, search: { ...screen.search, index } }, view));
      if (!wrapped) return moved;
      const text = forward ? "回到開頭 search wrapped to the top" : "回到結尾 search wrapped to the bottom";
      return { ...moved, message: { text, error: false } };
    }
    default: {
      const match = /^openLink(\d)$/.exec(command);
      if (!match) return state;
      const index = view.firstRecommended + Number(match[1]) - 1;
      return index < view.linkCount ? openLink(index) : state;
    }
  }
}

/** Scrolling the help overlay. */
function helpCommand(state: State, command: Command, view: HelpView | undefined): State {
  if (!view) return state;
  const page = Math.max(1, view.height - 1);
  const last = Math.max(0, view.lineCount - view.height);
  const moves: Partial<Record<Command, number>> = {
    up: state.helpTop - 1,
    down: state.helpTop + 1,
    pageDown: state.helpTop + page,
    pageUp: state.helpTop - page,
    top: 0,
    bottom: last,
  };
  const to = moves[command];
  if (to === undefined) return state;
  const helpTop = clamp(to, 0, last);
  return helpTop === state.helpTop ? state : { ...state, helpTop };
}

export function reducer(state: State, action: Action): State {
  const screen = currentScreen(state);
  switch (action.type) {
    case "openArticle":
      return push(state, articleAt(action.url, action.position));
    case "prompt":
      return { ...state, prompt: action.prompt, message: undefined };
    case "openSearch": {
      // A new search from the results replaces them: Esc goes back to the query, not through every search.
      const base =
        screen.kind === "articles" && screen.query !== undefined ? state.stack.slice(0, -1) : state.stack;
      const results: ListScreen = {
        kind: "articles",
        channelId: action.channelId,
        query: action.query,
        selected: 0,
        top: 0,
      };
      return { ...state, stack: [...base, results] };
    }
    case "promptInput":
      return state.prompt
        ? { ...state, prompt: { ...state.prompt, text: state.prompt.text + action.text } }
        : state;
    case "promptBackspace":
      return state.prompt
        ? { ...state, prompt: { ...state.prompt, text: Array.from(state.prompt.text).slice(0, -1).join("") } }
        : state;
    case "message":
      if (action.text === undefined) return state.message ? { ...state, message: undefined } : state;
      return { ...state, message: { text: action.text, error: action.error ?? false } };
    case "search": {
      if (screen.kind === "article" && action.view.kind === "article") {
        if (action.query === undefined || action.query === "") {
          const { search: _cleared, ...rest } = screen;
          return screen.search ? replaceTop(state, rest) : state;
        }
        const searched: ArticleScreen = { ...screen, search: { query: action.query, index: 0 } };
        // The first match at or after the top of the page.
        const first = action.view.matchLines.findIndex((line) => line >= screen.scroll);
        const index = first === -1 ? 0 : first;
        return replaceTop(
          state,
          revealMatch({ ...searched, search: { query: action.query, index } }, action.view),
        );
      }
      if (screen.kind !== "article" && action.view.kind === "list") {
        if (!action.query)
          return screen.filter === undefined ? state : replaceTop(state, clearFilter(screen, action.view));
        const beforeFilter = screen.beforeFilter ?? { selected: screen.selected, top: screen.top };
        return replaceTop(state, {
          ...screen,
          filter: action.query,
          beforeFilter,
          picked: false,
          selected: 0,
          top: 0,
        });
      }
      return state;
    }
    case "select":
      if (screen.kind === "article" || action.view.kind !== "list") return state;
      return replaceTop(state, fitList({ ...screen, selected: action.index }, action.view));
    case "relayout": {
      // A new width or height: keep the same text at the top (articles) or the selection visible (lists).
      if (screen.kind === "article" && action.view.kind === "article") {
        // Same layout (data arrived elsewhere): stay put. Blank spacer lines share their position with the
        // next line, so mapping the position back would move the view by one.
        const here = action.view.positionOf(screen.scroll);
        if (here.block === screen.position.block && here.offset === screen.position.offset) {
          const kept = clamp(screen.scroll, 0, maxScroll(action.view));
          return kept === screen.scroll ? state : replaceTop(state, { ...screen, scroll: kept });
        }
        const line = action.view.lineOf(screen.position);
        const scroll = clamp(line, 0, maxScroll(action.view));
        return scroll === screen.scroll ? state : replaceTop(state, { ...screen, scroll });
      }
      if (screen.kind !== "article" && action.view.kind === "list") {
        const fitted = fitList(screen, action.view);
        return fitted.selected === screen.selected && fitted.top === screen.top
          ? state
          : replaceTop(state, fitted);
      }
      return state;
    }
    case "command": {
      const { command, view } = action;
      if (command === "quit") return { ...state, quitting: true };
      if (command === "help") return { ...state, help: !state.help, helpTop: 0 };
      if (state.help)
        return command === "back" ? { ...state, help: false } : helpCommand(state, command, action.help);
      if (command === "back") {
        // Esc first clears a search or filter, then goes back.
        if (screen.kind === "article" && screen.search) {
          const { search: _cleared, ...rest } = screen;
          return replaceTop(state, rest);
        }
        if (screen.kind !== "article" && screen.filter !== undefined && view.kind === "list")
          return replaceTop(state, clearFilter(screen, view));
        // Search results go back to their query, to change it (a second Esc leaves it).
        if (screen.kind === "articles" && screen.query !== undefined)
          return {
            ...state,
            stack: state.stack.slice(0, -1),
            prompt: { kind: "searchAll", text: screen.query },
          };
        return state.stack.length > 1 ? { ...state, stack: state.stack.slice(0, -1) } : state;
      }
      if (screen.kind === "article" && view.kind === "article")
        return articleCommand(state, screen, command, view);
      if (screen.kind !== "article" && view.kind === "list") return listCommand(state, screen, command, view);
      return state;
    }
  }
}
