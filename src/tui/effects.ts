// What each command does beyond the screens' state: loading, the store, the display script, the reading width,
// the share panel. One switch, command → effect, beside the pure reducer (state.ts) and the key table
// (keymap.ts): "what does `r` do" is answered here. App holds the screens and hands each command over with the
// context below (the latest state, data and size — never those of the last render).
import { hasWebLink, isSearchChannel, type ArticleRef, type Channel } from "../model.js";
import type { Library } from "../sources/library.js";
import type { Store } from "../store/store.js";
import { filterTitles } from "../text/search.js";
import type { DisplayScript } from "../text/script.js";
import type { RubyMode } from "../text/wrap.js";
import type { DataSnapshot, DataStore } from "./data.js";
import type { Display } from "./display.js";
import type { Command, Keymap } from "./keymap.js";
import { BOOKMARKS_ID, bodyHeightFor, feedChannels } from "./rows.js";
import { helpLines, helpRowsShown } from "./screens/help.js";
import type { ShareTarget } from "./screens/share.js";
import { logError } from "./session.js";
import { currentScreen, type Action, type State, type View } from "./state.js";

export const MIN_READING_WIDTH = 20;
const READING_WIDTH_STEP = 4;

export const SCRIPT_LABEL: Record<DisplayScript, string> = { original: "原文", hans: "简体", hant: "繁體" };
const RUBY_NEXT: Record<RubyMode, RubyMode> = { hidden: "inline", inline: "above", above: "hidden" };
const RUBY_LABEL: Record<RubyMode, string> = {
  hidden: "hidden 不顯示",
  inline: "inline 東京（とうきょう）",
  above: "above the line 行上",
};

export interface CommandContext {
  store: Store;
  library: Library;
  dataStore: DataStore;
  display: Display;
  keymap: Keymap;
  /** The latest state (keys arriving together each see the one before them). */
  state(): State;
  apply(action: (current: State, view: View) => Action): void;
  message(text: string, error?: boolean): void;
  /** Runs a store write; a failure becomes a message and false. */
  guard(write: () => void): boolean;
  /** The channels as listed (with Bookmarks), and reading them again from the store after a change. */
  channels(): Channel[];
  reloadChannels(): Channel[];
  /** The terminal now, and the width of the text column in it. */
  size(): { columns: number; rows: number; text: number };
  readingWidth(): number | null;
  setReadingWidth(width: number | null): void;
  setScript(script: DisplayScript): void;
  /** Re-renders once the display's ruby mode has changed. */
  setRuby(mode: RubyMode): void;
  share(): ShareTarget | undefined;
  openShare(target: ShareTarget | undefined): void;
  /** Channels being refreshed with `r`: their outcome is reported once all have answered. */
  refreshing(ids: string[]): void;
  redraw(): void;
  /** Stops the program as the shell's Ctrl-Z would; the session's SIGTSTP handler gives the terminal back. */
  suspend(): void;
  /** `/` on the channel list (and F on any list) searches everything kept: there is an archive. */
  canSearchAll: boolean;
  /** Runs a saved search again (its list shows the new results when they come). */
  searchAgain(channel: Channel & { query: string }): void;
  /** The lists as shown: the snapshot's with Bookmarks and search results. */
  lists(snapshot: DataSnapshot): DataSnapshot["lists"];
}

export function itemsOf(data: DataSnapshot, id: string | undefined): ArticleRef[] {
  const load = id ? data.lists.get(id) : undefined;
  return load?.status === "ready" ? load.value.items : [];
}

/** The article a command is about: the selected row of an article list, or the open article. */
export function currentRef(ctx: CommandContext): ArticleRef | undefined {
  const top = currentScreen(ctx.state());
  const snapshot = ctx.dataStore.getSnapshot();
  if (top.kind === "article") {
    const load = snapshot.articles.get(top.url);
    const article = load?.status === "ready" ? load.value : undefined;
    return article
      ? {
          title: article.title,
          url: top.url,
          ...(article.published ? { published: article.published } : {}),
          ...(article.source ? { source: article.source } : {}),
        }
      : undefined;
  }
  if (top.kind === "articles") {
    const items =
      top.channelId === BOOKMARKS_ID
        ? ctx.store.bookmarks()
        : itemsOf({ ...snapshot, lists: ctx.lists(snapshot) }, top.channelId);
    const url = ctx.display.items(items, top.filter)[top.selected]?.url;
    return items.find((item) => item.url === url);
  }
  return undefined;
}

/** The prompt for searching everything kept: empty, or the query of the results on screen to change it. */
function openSearchAll(ctx: CommandContext): void {
  const text = shownQuery(ctx) ?? "";
  ctx.apply(() => ({ type: "prompt", prompt: { kind: "searchAll", text } }));
}

/** The query of the search results on screen (a search typed, or a saved search's), if they are. */
function shownQuery(ctx: CommandContext): string | undefined {
  const top = currentScreen(ctx.state());
  if (top.kind !== "articles") return undefined;
  if (top.query !== undefined) return top.query;
  const channel = ctx.channels().find((c) => c.id === top.channelId);
  return channel && isSearchChannel(channel) ? channel.query : undefined;
}

/** Carries out `command`: its effect here, or the reducer's screen change. */
export function runCommand(command: Command, ctx: CommandContext): void {
  const top = currentScreen(ctx.state());
  switch (command) {
    case "refresh":
      if (top.kind === "article") ctx.dataStore.loadArticle(top.url, true);
      else if (top.kind === "articles" && top.section) ctx.dataStore.loadSection(top.section, true);
      else if (top.kind === "articles") {
        const channel = ctx.channels().find((c) => c.id === top.channelId);
        if (channel && isSearchChannel(channel)) ctx.searchAgain(channel);
        else if (channel && channel.id !== BOOKMARKS_ID) ctx.dataStore.loadChannel(channel, true);
      } else {
        // Another `reader` may have added or removed channels meanwhile.
        ctx.store.reload();
        const next = ctx.reloadChannels();
        const refreshed = feedChannels(next);
        ctx.refreshing(refreshed.map((channel) => channel.id));
        for (const channel of refreshed) ctx.dataStore.loadChannel(channel, true);
        for (const channel of next) if (isSearchChannel(channel)) ctx.searchAgain(channel);
      }
      return;
    case "toggleRead": {
      const ref = currentRef(ctx);
      if (!ref) return;
      const read = !ctx.store.isRead(ref.url);
      if (ctx.guard(() => ctx.store.setRead(ref.url, read)))
        ctx.message(read ? "已讀 marked read" : "未讀 marked unread");
      return;
    }
    case "bookmark": {
      const ref = currentRef(ctx);
      if (!ref) return;
      let added = false;
      // The channel of a feed's list (search results are no item's channel).
      const channel =
        top.kind === "articles" ? ctx.channels().find((c) => c.id === top.channelId) : undefined;
      const channelId = channel && !isSearchChannel(channel) ? channel.id : undefined;
      if (!ctx.guard(() => (added = ctx.store.toggleBookmark(channelId ? { ...ref, channelId } : ref))))
        return;
      if (added) void ctx.library.keepOffline(ref.url).catch(() => undefined);
      ctx.message(added ? "★ 已加入書籤 bookmarked" : "已移除書籤 bookmark removed");
      return;
    }
    case "addChannel":
      if (top.kind === "channels") ctx.apply(() => ({ type: "prompt", prompt: { kind: "add", text: "" } }));
      return;
    case "removeChannel": {
      if (top.kind !== "channels") return;
      const channel = (top.filter ? filterTitles(ctx.channels(), top.filter) : ctx.channels())[top.selected];
      if (!channel || channel.id === BOOKMARKS_ID) return;
      ctx.apply(() => ({ type: "prompt", prompt: { kind: "confirmRemove", text: "", target: channel.id } }));
      return;
    }
    case "moveChannelUp":
    case "moveChannelDown": {
      if (top.kind !== "channels" || top.filter) return;
      const channels = ctx.channels();
      const channel = channels[top.selected];
      const delta = command === "moveChannelUp" ? -1 : 1;
      const target = top.selected + delta;
      // The Bookmarks channel stays last; saved channels move among themselves.
      if (!channel || channel.id === BOOKMARKS_ID || target < 0 || target >= channels.length - 1) return;
      if (!ctx.guard(() => ctx.store.moveChannel(channel.id, delta))) return;
      ctx.reloadChannels();
      ctx.apply((_, view) => ({ type: "select", index: target, view }));
      return;
    }
    case "wider":
    case "narrower":
    case "resetWidth": {
      if (top.kind !== "article") return;
      const size = ctx.size();
      const current = ctx.readingWidth() ?? size.columns;
      let next: number | null =
        command === "resetWidth"
          ? null
          : Math.max(
              MIN_READING_WIDTH,
              current + (command === "wider" ? READING_WIDTH_STEP : -READING_WIDTH_STEP),
            );
      if (next !== null && next >= size.columns) next = null;
      ctx.setReadingWidth(next);
      ctx.guard(() => ctx.store.setSetting("readingWidth", next));
      ctx.apply((_, view) => ({ type: "relayout", view }));
      return;
    }
    case "searchAll":
      // Everything kept, from any list (in an article list `/` filters the list itself).
      if (top.kind !== "article" && ctx.canSearchAll) openSearchAll(ctx);
      return;
    case "search": {
      // On the channel list and on search results, `/` searches everything kept (the results' own query to
      // change); in an article list it filters the titles, in an article it finds in the text.
      if ((top.kind === "channels" || shownQuery(ctx) !== undefined) && ctx.canSearchAll) {
        openSearchAll(ctx);
        return;
      }
      const query = top.kind === "article" ? (top.search?.query ?? "") : (top.filter ?? "");
      ctx.apply(() => ({
        type: "prompt",
        prompt: { kind: top.kind === "article" ? "search" : "filter", text: query },
      }));
      return;
    }
    case "cycleScript": {
      // The script shown now, not the one of the last render: `t t` typed at once goes two steps.
      const shown = ctx.display.currentScript;
      const next: DisplayScript = shown === "original" ? "hans" : shown === "hans" ? "hant" : "original";
      // Switch now (the status line shows it at once); a converter still loading shows the original meanwhile.
      ctx.display.setScript(next);
      ctx.setScript(next);
      ctx.guard(() => ctx.store.setSetting("script", next));
      ctx.message(`顯示 script: ${SCRIPT_LABEL[next]}`);
      return;
    }
    case "cycleRuby": {
      const next = RUBY_NEXT[ctx.display.currentRuby];
      ctx.display.setRuby(next);
      ctx.setRuby(next);
      ctx.guard(() => ctx.store.setSetting("ruby", next));
      ctx.apply((_, view) => ({ type: "relayout", view }));
      ctx.message(`ruby: ${RUBY_LABEL[next]}`);
      return;
    }
    case "redraw":
      ctx.redraw();
      return;
    case "suspend":
      ctx.suspend();
      return;
    case "share": {
      const ref = currentRef(ctx);
      if (!ref) return;
      ctx.openShare({ title: ref.title, url: ref.url });
      if (!hasWebLink(ref.url)) return; // the panel says the item has no link
      void import("../share/qr.js")
        .then(({ qrLines }) => {
          const open = ctx.share();
          if (open?.url === ref.url) ctx.openShare({ ...open, qr: qrLines(ref.url) });
        })
        .catch(logError);
      return;
    }
    default: {
      const help = ctx.state().help
        ? {
            lineCount: helpLines(ctx.keymap, ctx.size().columns).length,
            height: helpRowsShown(bodyHeightFor(ctx.size().rows)),
          }
        : undefined;
      ctx.apply((_, view) => ({ type: "command", command, view, ...(help ? { help } : {}) }));
    }
  }
}
