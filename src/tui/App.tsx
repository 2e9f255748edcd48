// The interface shell: which screen is shown, what keys do there, and the frame around it (header, status line).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Box, Text, useApp, useInput, useStdin, useStdout } from "ink";
import { hasWebLink, isSearchChannel, PendingChannelError, type Channel } from "../model.js";
import { lineOfPosition, positionOfLine, type ArticleLayout } from "../text/article.js";
import { filterTitles, type SearchMatch } from "../text/search.js";
import { loadConverter, type DisplayScript } from "../text/script.js";
import { canOpenBrowser } from "../share/open-url.js";
import { Display } from "./display.js";
import { ShareScreen, type ShareTarget } from "./screens/share.js";
import { sanitizeInline } from "../text/sanitize.js";
import {
  displayWidth,
  graphemes,
  graphemeWidth,
  padToWidth,
  truncateToWidth,
  type AmbiguousWidth,
} from "../text/width.js";
import { wrapParagraph, wrapToRows, type LayoutOptions, type RubyMode } from "../text/wrap.js";
import { describeAge, type ChannelList, type Library } from "../sources/library.js";
import type { Store } from "../store/store.js";
import {
  DataStore,
  listUrls,
  manyLoading,
  messageOf,
  useData,
  type DataSnapshot,
  type ListLookup,
  type Load,
} from "./data.js";
import { isUnreadKeySequence, keyNames, makeKeymap, type Command } from "./keymap.js";
import { ArticleViewport, GUTTER_WIDTH } from "./screens/article.js";
import {
  itemsOf,
  MIN_READING_WIDTH,
  runCommand as runEffect,
  SCRIPT_LABEL,
  type CommandContext,
} from "./effects.js";
import { HelpScreen, helpLines, helpRowsShown } from "./screens/help.js";
import { ArticleRows, ChannelRows } from "./screens/lists.js";
import { SearchRows } from "./screens/search.js";
import { sectionTarget } from "./sections.js";
import type { SearchHit } from "../store/archive.js";
import { searchItems } from "../commands/search-command.js";
import { idleAfter, PrefetchThread, type PrefetchProgress } from "./prefetch.js";
import { logError } from "./session.js";
import {
  currentScreen,
  initialState,
  reducer,
  type Action,
  type Prompt,
  type Screen,
  type State,
  type View,
} from "./state.js";
import type { Theme } from "./theme.js";
import {
  BOOKMARKS_ID,
  bodyHeightFor,
  feedChannels,
  MIN_COLUMNS,
  MIN_ROWS,
  statusLineText,
  withBookmarks,
} from "./rows.js";

export interface AppProps {
  library: Library;
  store: Store;
  layoutOptions: LayoutOptions;
  theme: Theme;
  onQuit: () => void;
  /** Open this article at start (`reader <url>`); back goes to the channels. */
  initialUrl?: string;
  /** Ctrl-L: draw the whole screen again (whatever else wrote over it). */
  onRedraw?: () => void;
  /** Every key, as it arrives (the memory keeper waits for a gap in the keys). */
  onKey?: () => void;
  /** Whether many lists are loading at once (a refresh): the memory keeper collects less often meanwhile. */
  onLoadingMany?: (many: boolean) => void;
  /** Everything kept, searched with `/` on the channel list; opened once the first frame is up. */
  archive?: ArchiveAccess;
}

export interface ArchiveAccess {
  open(): Promise<unknown>;
  readonly warnings: readonly string[];
  search(query: string): Promise<SearchHit[]>;
  /** Where the database is (the prefetch worker opens it too). */
  readonly dir?: string;
  /** True once the database is open for writing. */
  writable(): Promise<boolean>;
  /** Runs a write made through another connection (the prefetch worker's) in its turn among these. */
  turn(work: () => Promise<void>): Promise<void>;
  /** How the writes of a list's items wait their turn (set here: for a pause in the keys). */
  pace?: () => Promise<void>;
}

/**
 * How long the keys must be left alone before the next part of a list is kept (each holds a few ms, and a list of
 * thousands is hundreds of parts), or the status line shows prefetch progress (a render): longer than a held key's
 * repeat, short enough that it is done while one reads.
 */
const LIST_KEEP_QUIET_MS = 120;

/** The list id of search results (never a channel's: ids of saved channels are slugs of their titles). */
const SEARCH_ID = "reader:search";

/** A search of everything kept, and where its results are. */
interface Search {
  query: string;
  load: Load<SearchHit[]>;
}

function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on("resize", onResize);
    return () => {
      stdout.off("resize", onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout]);
  return size;
}

/** The channels shown: the saved list plus the Bookmarks channel at the end. */
function listChannels(store: Store): Channel[] {
  return withBookmarks(store.channels());
}

/**
 * The text column: the reading width (小字號/大字號) if set and narrower than the screen, less the gutter of
 * text marks on a terminal without attributes.
 */
function textColumn(
  screenColumns: number,
  readingWidth: number | null,
  theme: Theme,
): { width: number; margin: number } {
  const columns = screenColumns - (theme.marks ? GUTTER_WIDTH : 0);
  const width =
    readingWidth === null ? columns : Math.max(MIN_READING_WIDTH, Math.min(columns, readingWidth));
  return { width, margin: Math.floor((columns - width) / 2) };
}

export function App({
  library,
  store,
  layoutOptions,
  theme,
  onQuit,
  initialUrl,
  onRedraw,
  onKey,
  onLoadingMany,
  archive,
}: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const { stdout } = useStdout();
  const dataStore = useMemo(
    () =>
      new DataStore(library, store.settings().refreshMinutes * 60_000, (channel) => resolvePending(channel)),
    // resolvePending reads refs and stable setters only
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [library, store],
  );
  const data = useData(dataStore);
  const [channels, setChannels] = useState(() => listChannels(store));
  const [readingWidth, setReadingWidth] = useState<number | null>(() => store.settings().readingWidth);
  const [state, setState] = useState(() => startState(initialUrl, store));
  const display = useMemo(() => new Display(layoutOptions), [layoutOptions]);
  const [script, setScript] = useState<DisplayScript>(() => store.settings().script);
  // Only re-renders: the Display holds the mode the layouts are made with.
  const [, setRuby] = useState<RubyMode>(layoutOptions.ruby);
  // Bumped when a script converter finishes loading: the screens then show the converted text.
  const [converters, setConverters] = useState(0);
  const [share, setShare] = useState<ShareTarget | undefined>(undefined);
  const shareRef = useRef<ShareTarget | undefined>(undefined);
  const openShare = (target: ShareTarget | undefined) => {
    shareRef.current = target;
    setShare(target);
  };
  const canOpen = useMemo(() => canOpenBrowser(), []);

  // The display script: converters load on first use (the 簡→繁 tables are large), then everything re-lays.
  useEffect(() => {
    if (display.setScript(script) || script === "original") {
      apply((_, view) => ({ type: "relayout", view }));
      return;
    }
    let cancelled = false;
    const variant = store.settings().hantVariant;
    loadConverter(script, variant).then(
      (convert) => {
        display.addConverter(script, convert);
        if (cancelled) return;
        setConverters((n) => n + 1);
        apply((_, view) => ({ type: "relayout", view }));
      },
      (error: unknown) => message(`簡繁轉換失敗 conversion failed: ${messageOf(error)}`, true),
    );
    return () => {
      cancelled = true;
    };
    // apply and message read refs only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [script, display, store]);
  const keymap = useMemo(() => makeKeymap(store.settings().keys), [store]);
  const screen = currentScreen(state);

  // The frame fills the terminal, the status line on its last row: Ink hands each frame to TerminalOutput whole
  // (its debug writer), which writes no newline after the last row, and autowrap is off, so nothing scrolls.
  const frameHeight = rows;
  const bodyHeight = bodyHeightFor(rows);
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  const column = textColumn(columns, readingWidth, theme);

  const bookmarkList = useCallback(
    (): Load<ChannelList> => ({
      status: "ready",
      value: { items: store.bookmarks(), warnings: [] },
    }),
    [store],
  );
  // Searches of everything kept by list id: the latest one typed (SEARCH_ID) and the saved searches' (their
  // channel ids).
  const [searches, setSearches] = useState<ReadonlyMap<string, Search>>(() => new Map());
  const searchesRef = useRef(searches);
  const searchList = (id: string): Load<ChannelList> | undefined => {
    const load = searchesRef.current.get(id)?.load;
    if (!load || load.status !== "ready") return load;
    return { status: "ready", value: { items: searchItems(load.value), warnings: [] } };
  };
  // A lookup, not a copy: copying every list per key or per finished list costs O(channels) each time.
  const listsWithBookmarks = useCallback(
    (snapshot: DataSnapshot): ListLookup => ({
      get: (id) =>
        id === BOOKMARKS_ID
          ? bookmarkList()
          : searchesRef.current.has(id)
            ? searchList(id)
            : snapshot.lists.get(id),
    }),
    // searchList reads a ref
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [bookmarkList, searches],
  );

  // Keys are applied to the latest state and the latest data and size, not to what the last render saw: keys
  // arriving between a change and its frame (`Enter` then `jjj` at once) must act on the new screen.
  const stateRef = useRef<State>(state);
  const sizeNow = useCallback(() => {
    const size = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
    return { ...size, text: textColumn(size.columns, readingWidthRef.current, theme).width };
  }, [stdout, theme]);
  const readingWidthRef = useRef(readingWidth);
  const channelsRef = useRef(channels);
  const apply = useCallback(
    (action: (current: State, view: View) => Action) => {
      const current = stateRef.current;
      const snapshot = dataStore.getSnapshot();
      const lists = listsWithBookmarks(snapshot);
      const view = viewFor(
        currentScreen(current),
        { ...snapshot, lists },
        channelsRef.current,
        sizeNow(),
        display,
        store,
      );
      let next = reducer(current, action(current, view));
      if (next === current) return;
      // Leaving an article remembers where the reader was (reopening resumes there).
      const before = currentScreen(current);
      let after = currentScreen(next);
      if (after.kind === "article" && (before.kind !== "article" || before.url !== after.url)) {
        // An article opened (or returned to) whose layout may already exist: place it at once.
        const opened = viewFor(after, { ...snapshot, lists }, channelsRef.current, sizeNow(), display, store);
        next = reducer(next, { type: "relayout", view: opened });
        after = currentScreen(next);
      }
      if (before.kind === "article" && (after.kind !== "article" || after.url !== before.url)) {
        guard(() => store.setPosition(before.url, before.position));
      }
      // The lists of the screens open are held whole (one released meanwhile is read again); others may go.
      if (next.stack !== current.stack)
        dataStore.show(
          next.stack.flatMap((s) => (s.kind === "articles" && s.channelId ? [s.channelId] : [])),
        );
      stateRef.current = next;
      setState(next);
    },
    // guard is stable in behaviour (reads refs only)
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [dataStore, display, store, sizeNow, listsWithBookmarks],
  );

  /** Runs a store write; a failure (read-only or full disk) becomes a message, and reading goes on. */
  const guard = (write: () => void): boolean => {
    try {
      write();
      return true;
    } catch (error) {
      apply(() => ({ type: "message", text: messageOf(error), error: true }));
      return false;
    }
  };

  useEffect(() => {
    for (const channel of feedChannels(channels)) dataStore.loadChannel(channel);
  }, [channels, dataStore]);

  // The archive opens after the first frame is on screen (a timer, not this render), then says what went wrong.
  useEffect(() => {
    if (!archive) return;
    const timer = setTimeout(() => {
      void archive.open().then(() => {
        if (archive.warnings.length > 0) message(archive.warnings.join(" · "), true);
        // The saved searches' counts on the channel list.
        for (const channel of channelsRef.current) if (isSearchChannel(channel)) searchFrom(channel);
      });
    }, 0);
    return () => clearTimeout(timer);
    // message reads refs only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [archive]);

  // A resize, or data arriving, re-lays the screen and keeps the reading position / selection in view.
  useEffect(() => {
    const relayout = () => apply((_, view) => ({ type: "relayout", view }));
    stdout.on("resize", relayout);
    const unsubscribe = dataStore.subscribe(relayout);
    return () => {
      stdout.off("resize", relayout);
      unsubscribe();
    };
  }, [apply, stdout, dataStore]);

  useEffect(() => {
    if (screen.kind === "article") dataStore.loadArticle(screen.url);
    else if (screen.kind === "articles" && screen.section) dataStore.loadSection(screen.section);
  }, [screen, dataStore]);

  // A saved search opened shows what it finds now (prefetched articles, lists refreshed meanwhile).
  const openedList = screen.kind === "articles" ? screen.channelId : undefined;
  useEffect(() => {
    const channel = channelsRef.current.find((c) => c.id === openedList);
    if (channel && isSearchChannel(channel)) searchFrom(channel);
    // searchFrom reads refs only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [openedList]);

  const loadingMany = manyLoading(data.loading);
  useEffect(() => onLoadingMany?.(loadingMany), [loadingMany, onLoadingMany]);

  // When a refresh is over (every list loaded and kept), the saved searches find what it brought.
  const wasLoading = useRef(false);
  useEffect(() => {
    const now = data.loading > 0;
    if (wasLoading.current && !now)
      for (const channel of channelsRef.current) if (isSearchChannel(channel)) searchFrom(channel);
    wasLoading.current = now;
    // searchFrom reads refs only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data.loading]);

  // The `prefetch` setting: each list that arrives hands its new items over, fetched a few at a time.
  const [prefetched, setPrefetched] = useState<PrefetchProgress | undefined>();
  const lastKeyAt = useRef(0);
  useEffect(() => {
    if (archive) archive.pace = idleAfter(() => lastKeyAt.current, LIST_KEEP_QUIET_MS);
  }, [archive]);
  const prefetcher = useMemo(() => {
    const slots = library.requestSlots;
    if (!archive || !slots || library.offline || store.settings().prefetch !== "on") return undefined;
    return new PrefetchThread({
      slots,
      turn: (work) => archive.turn(work),
      // Started once the archive is open: after the first frame.
      ready: () => archive.writable(),
      ...(archive.dir !== undefined ? { dir: archive.dir } : {}),
      // An article the person opened comes first.
      busy: () => [...dataStore.getSnapshot().articles.values()].some((a) => a.status === "loading"),
      onProgress: setPrefetched,
      whenIdle: idleAfter(() => lastKeyAt.current, LIST_KEEP_QUIET_MS),
      onError: logError,
      onFailure: (text) => {
        setPrefetched(undefined);
        message(text, true);
      },
    });
    // message reads refs only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [archive, library, store, dataStore]);
  const handedOver = useRef(new WeakSet<ChannelList>());
  useEffect(() => {
    if (!prefetcher) return;
    for (const channel of feedChannels(channels)) {
      const load = data.lists.get(channel.id);
      if (load?.status !== "ready" || handedOver.current.has(load.value)) continue;
      handedOver.current.add(load.value);
      prefetcher.add(listUrls(load));
    }
    prefetcher.pump();
  }, [prefetcher, channels, data]);
  useEffect(
    () => () => {
      void prefetcher?.stop();
    },
    [prefetcher],
  );

  // Once every channel has loaded, read marks of articles gone from all feeds for 90 days are forgotten.
  const pruned = useRef(false);
  useEffect(() => {
    if (pruned.current || data.loading > 0) return;
    const loads = feedChannels(channels).map((c) => data.lists.get(c.id));
    if (loads.some((l) => l?.status !== "ready")) return;
    pruned.current = true;
    const live = loads.flatMap((l) => (l?.status === "ready" ? listUrls(l) : []));
    try {
      store.pruneReadMarks([...live, ...store.bookmarks().map((b) => b.url)]);
    } catch {
      // Pruning is housekeeping; it can wait for the next run.
    }
  }, [channels, data, store]);

  // Opening an article marks it read. No re-render needed: lists read the marks when shown again.
  const openedUrl = screen.kind === "article" ? screen.url : undefined;
  useEffect(() => {
    if (openedUrl && !store.isRead(openedUrl)) {
      try {
        store.setRead(openedUrl, true);
      } catch {
        // A read mark that cannot be saved is not worth interrupting the reading for.
      }
    }
  }, [openedUrl, store]);

  useEffect(() => {
    if (state.quitting) {
      const top = currentScreen(state);
      if (top.kind === "article") {
        try {
          store.setPosition(top.url, top.position);
        } catch {
          // Quitting goes on; the position is the only thing lost.
        }
      }
      onQuit();
      exit();
    }
  }, [state, exit, onQuit, store]);

  const channelOf = (id: string | undefined) => channels.find((c) => c.id === id);
  const message = (text: string, error = false) => apply(() => ({ type: "message", text, error }));

  /** The channels as listed on screen (after a `/` filter). */
  const shownChannels = (filter: string | undefined) => (filter ? filterTitles(channels, filter) : channels);

  /** Searches everything kept for `query`, as the list `id`; what was shown stays until the results come. */
  const runSearch = (id: string, query: string) => {
    const before = searchesRef.current.get(id);
    const run: Search = {
      query,
      load: before?.query === query && before.load.status === "ready" ? before.load : { status: "loading" },
    };
    const show = (next: Search) => {
      const map = new Map(searchesRef.current);
      map.set(id, next);
      searchesRef.current = map;
      setSearches(map);
    };
    const settle = (load: Load<SearchHit[]>) => {
      // A newer search of this list may have started meanwhile: only the latest is shown.
      if (searchesRef.current.get(id) !== run) return;
      show({ query, load });
      apply((_, view) => ({ type: "relayout", view }));
      // Keys typed while it searched count now.
      onDataRef.current();
    };
    if (!archive) {
      show({ query, load: { status: "error", error: "search is off: there is no article database" } });
      return;
    }
    show(run);
    archive.search(query).then(
      (hits) => settle({ status: "ready", value: hits }),
      (error: unknown) => settle({ status: "error", error: messageOf(error) }),
    );
  };
  const searchFrom = (channel: Channel & { query: string }) => runSearch(channel.id, channel.query);

  const searchAll = (query: string) => {
    if (!archive) return;
    runSearch(SEARCH_ID, query);
    apply(() => ({ type: "openSearch", query, channelId: SEARCH_ID }));
  };

  const submitPrompt = (prompt: Prompt) => {
    apply(() => ({ type: "prompt", prompt: undefined }));
    if (prompt.kind === "searchAll") {
      const query = prompt.text.trim();
      if (query) searchAll(query);
      return;
    }
    if (prompt.kind === "search" || prompt.kind === "filter") {
      const top = currentScreen(stateRef.current);
      if (top.kind === "article" && top.search && top.search.query) {
        const count = display.search(
          dataStore.getSnapshot(),
          top.url,
          sizeNow().text,
          top.search.query,
        ).length;
        message(count === 0 ? `找不到 not found: ${top.search.query}` : `${count} 處 matches · n/N`);
      }
      return;
    }
    if (prompt.kind === "add") {
      const url = prompt.text.trim();
      if (!url) return;
      message(`正在查找 ${url} …`);
      library.feedToAdd(url).then(
        (found) => {
          let added: Channel | undefined;
          const name = sanitizeInline(found.title ?? "") || undefined;
          if (!guard(() => (added = store.addChannel(found.url, name, undefined, found.pending)))) return;
          reloadChannels();
          const title = added?.title ?? found.url;
          message(
            found.pending === undefined
              ? `已添加 added: ${title}`
              : `${found.reason === undefined ? "離線 offline" : sanitizeInline(found.reason)}: 已添加 added ${title}; its feed is looked for at the next refresh with a network (d deletes it)`,
          );
        },
        (error: unknown) => message(messageOf(error), true),
      );
    }
  };

  /** A channel added with no network: its feed found (now there is one), and the channel saved with it. */
  const resolvePending = async (channel: Channel): Promise<Channel> => {
    const saved = store.channels().find((c) => c.id === channel.id);
    if (saved && saved.pending === undefined) return saved;
    const typed = channel.pending ?? channel.url;
    if (library.offline)
      throw new PendingChannelError(
        `已添加 added as typed (${sanitizeInline(typed)}); its feed is looked for at the next refresh with a network`,
      );
    const found = await library.resolveFeed(typed);
    let resolved: Channel | undefined;
    if (guard(() => (resolved = store.resolveChannel(channel.id, found)))) reloadChannels();
    const { pending: _, ...unsaved } = channel;
    return resolved ?? { ...unsaved, url: found.url };
  };

  const reloadChannels = () => {
    const next = listChannels(store);
    channelsRef.current = next;
    setChannels(next);
    return next;
  };
  const commandContext: CommandContext = {
    store,
    library,
    dataStore,
    display,
    keymap,
    state: () => stateRef.current,
    apply,
    message,
    guard,
    channels: () => channelsRef.current,
    reloadChannels,
    size: sizeNow,
    readingWidth: () => readingWidthRef.current,
    setReadingWidth: (next) => {
      readingWidthRef.current = next;
      setReadingWidth(next);
    },
    setScript,
    setRuby,
    share: () => shareRef.current,
    openShare,
    refreshing: (ids) => (refreshing.current = ids),
    redraw: () => onRedraw?.(),
    suspend: () => process.kill(process.pid, "SIGTSTP"),
    canSearchAll: archive !== undefined,
    searchAgain: searchFrom,
    lists: listsWithBookmarks,
  };
  const runCommand = (command: Command) => runEffect(command, commandContext);

  const shareKey = (name: string) => {
    const share = shareRef.current;
    if (!share) return;
    if ((name === "c" || name === "o") && !hasWebLink(share.url)) {
      message("沒有連結 this item has no link", true);
      return;
    }
    if (name === "c") {
      void import("../share/osc.js").then(({ osc52 }) => {
        // Written straight to the terminal (not through Ink's frame): it moves no cursor. The reader's own
        // sequence, its URL made terminal-safe by osc52.
        // eslint-disable-next-line no-restricted-syntax
        process.stdout.write(osc52(share.url));
        message("已複製連結 link copied (OSC 52)");
      });
    } else if (name === "o") {
      if (!canOpen) message("沒有本機顯示器 no local display: use c to copy", true);
      else
        void import("../share/open-url.js")
          .then(({ openUrl }) => openUrl(share.url))
          .then(
            () => message("已在瀏覽器打開 opened"),
            (error: unknown) => message(messageOf(error), true),
          );
    } else if (["escape", "S", "q", "h", "left", "backspace"].includes(name)) openShare(undefined);
  };

  const removeChannel = (id: string) => {
    const channel = channels.find((c) => c.id === id);
    if (!guard(() => store.removeChannel(id))) return;
    const next = listChannels(store);
    channelsRef.current = next;
    setChannels(next);
    apply((current, view) => {
      const top = currentScreen(current);
      const index = top.kind === "channels" ? top.selected : 0;
      return { type: "select", index, view: { ...view, count: next.length } as View };
    });
    message(`已移除 removed: ${channel?.title ?? id}`);
  };

  /**
   * Searches the article (or filters the list) for `query`: the view handed to the reducer has the matches of
   * this query, not of the one searched before (typing `主題` after `主` counts the matches of `主題`).
   */
  const searchFor = (query: string | undefined) =>
    apply((current, view) => {
      const top = currentScreen(current);
      if (view.kind !== "article" || top.kind !== "article" || !query) return { type: "search", query, view };
      const matches = display.search(dataStore.getSnapshot(), top.url, sizeNow().text, query);
      return { type: "search", query, view: { ...view, matchLines: matchLinesOf(matches) } };
    });

  /** One key while the status-line prompt is open: text goes into it, Enter submits, Esc cancels. */
  const promptKey = (prompt: Prompt, name: string) => {
    const live = prompt.kind === "search" || prompt.kind === "filter";
    if (prompt.kind === "confirmRemove") {
      apply(() => ({ type: "prompt", prompt: undefined }));
      if ((name === "y" || name === "Y") && prompt.target) removeChannel(prompt.target);
      return;
    }
    if (name === "escape" || name === "ctrl-c") {
      apply(() => ({ type: "prompt", prompt: undefined }));
      if (live) searchFor(undefined);
      return;
    }
    if (name === "enter") {
      submitPrompt(prompt);
      return;
    }
    if (name === "backspace") apply(() => ({ type: "promptBackspace" }));
    // Ctrl-U clears the line, as in a shell.
    else if (name === "ctrl-u") apply(() => ({ type: "prompt", prompt: { ...prompt, text: "" } }));
    else {
      // Typed or pasted text, an IME's committed words included; never control characters.
      const text = name === "space" ? " " : [...name].length === 1 ? sanitizeInline(name) : "";
      if (text) apply(() => ({ type: "promptInput", text }));
    }
    // Search and filter follow every keystroke.
    if (live) searchFor(stateRef.current.prompt?.text);
  };

  const handleKey = (name: string) => {
    const prompt = stateRef.current.prompt;
    if (prompt) {
      promptKey(prompt, name);
      return;
    }
    if (stateRef.current.message) apply(() => ({ type: "message", text: undefined }));
    if (shareRef.current) {
      shareKey(name);
      return;
    }
    const command = keymap.commandFor(name);
    if (command) runCommand(command);
  };

  /** Whether the screen's content (an article list, an article) is still on its way. */
  const contentPending = (): boolean => {
    const current = stateRef.current;
    const top = currentScreen(current);
    if (current.help || shareRef.current) return false;
    const snapshot = dataStore.getSnapshot();
    let load: Load<unknown> | undefined;
    if (top.kind === "article") load = snapshot.articles.get(top.url);
    else if (top.kind === "articles" && searchesRef.current.has(top.channelId ?? ""))
      load = searchesRef.current.get(top.channelId ?? "")?.load;
    else if (top.kind === "articles" && top.channelId !== BOOKMARKS_ID)
      load = snapshot.lists.get(top.channelId ?? "");
    else return false;
    return load === undefined || load.status === "loading";
  };

  // Keys typed while the content is on its way wait for it and then count, in order: `Enter G` typed at once on
  // a list still loading ends on its last row. Quitting and going back act at once (back drops what waits).
  const heldKeys = useRef<string[]>([]);
  const takeKey = (name: string) => {
    const command = keymap.commandFor(name);
    if (command === "quit" && !stateRef.current.prompt) {
      heldKeys.current = [];
      handleKey(name);
    } else if (command === "back" && heldKeys.current.length > 0) {
      heldKeys.current = [];
      handleKey(name);
    } else if (heldKeys.current.length > 0 || contentPending()) heldKeys.current.push(name);
    else handleKey(name);
  };
  const replayHeldKeys = () => {
    while (heldKeys.current.length > 0 && !contentPending()) {
      const name = heldKeys.current.shift();
      if (name !== undefined) handleKey(name);
    }
  };
  // `r` on the channels: once every channel has answered, what came of it (`3 updated · 9 failed: no network`).
  const refreshing = useRef<string[] | undefined>(undefined);
  const reportRefresh = () => {
    const ids = refreshing.current;
    if (!ids) return;
    const loads = ids.map((id) => dataStore.getSnapshot().lists.get(id));
    if (loads.some((load) => !load || load.status === "loading")) return;
    refreshing.current = undefined;
    const updated = loads.filter((load) => load?.status === "ready" && !load.value.stale?.error).length;
    // A channel added with no network, still without one, has not failed: it waits.
    const pending = loads.filter((load) => load?.status === "error" && load.pending).length;
    const failed = loads.length - updated - pending;
    const noNetwork = loads.every(
      (load) =>
        (load?.status === "ready" && !load.value.stale?.error) ||
        (load?.status === "error" && (load.noNetwork || load.pending)) ||
        (load?.status === "ready" && load.value.stale?.noNetwork),
    );
    message(
      `更新 ${updated} updated · ${failed} failed${failed > 0 && noNetwork ? ": no network" : ""}${pending > 0 ? ` · ${pending} pending: waits for a network` : ""}`,
      failed > 0,
    );
  };
  const onData = () => {
    replayHeldKeys();
    reportRefresh();
  };
  const onDataRef = useRef(onData);
  useEffect(() => {
    onDataRef.current = onData;
  });
  useEffect(() => dataStore.subscribe(() => onDataRef.current()), [dataStore]);

  // Ink hands each key's sequence to useInput through this emitter; a sequence it cannot name would throw there.
  const { internal_eventEmitter: keyEvents } = useStdin();
  useEffect(() => {
    const emit = keyEvents.emit;
    keyEvents.emit = function (event: string | symbol, ...args: unknown[]) {
      const sequence = args[0];
      if (event !== "input" || typeof sequence !== "string") return emit.call(this, event, ...args);
      if (isUnreadKeySequence(sequence)) return false;
      if (sequence !== "\u001b\u001b") return emit.call(this, event, sequence);
      // Esc twice in one read (typed fast, or tmux's Alt+Esc) is two Escs, not one.
      emit.call(this, event, "\u001b");
      return emit.call(this, event, "\u001b");
    };
    return () => {
      keyEvents.emit = emit;
    };
  }, [keyEvents]);

  useInput((input, key) => {
    lastKeyAt.current = performance.now();
    onKey?.();
    for (const name of keyNames(input, key)) takeKey(name);
  });

  useEffect(() => {
    readingWidthRef.current = readingWidth;
  }, [readingWidth]);

  // The network notice walks every channel: once per change of the channels or of the data, not every frame
  // (a key press re-renders with the same snapshot).
  const notice = useMemo(() => channelNotice(channels, data.lists), [channels, data]);

  if (tooSmall) {
    return (
      <Box flexDirection="column" height={Math.max(1, frameHeight)}>
        <Text wrap="truncate">Terminal too small</Text>
        <Text wrap="truncate">{`${columns}×${rows}; need ${MIN_COLUMNS}×${MIN_ROWS}`}</Text>
        <Text wrap="truncate">q quits</Text>
      </Box>
    );
  }

  const ambiguous = layoutOptions.ambiguous;
  const isRead = (url: string) => store.isRead(url);
  const lists = listsWithBookmarks(data);
  // `converters` changes when a script converter arrives; the display then shows the converted text.
  const layout =
    screen.kind === "article" && converters >= 0 ? display.layout(data, screen.url, column.width) : undefined;
  const { title, body, position } = renderScreen();

  /** `title`: the status line's text; or its wordings, longest first, of which it shows the longest that fits. */
  function renderScreen(): { title: string | readonly string[]; body: React.ReactNode; position: string } {
    if (state.help) {
      const count = helpLines(keymap, columns).length;
      const shown = helpRowsShown(bodyHeight);
      // A resize may have left the help scrolled past its end.
      const top = Math.min(state.helpTop, Math.max(0, count - shown));
      return {
        title: "說明 Help",
        body: <HelpScreen width={columns} height={bodyHeight} theme={theme} keymap={keymap} top={top} />,
        position: helpPosition(top, count, shown),
      };
    }
    if (share) {
      return {
        title: share.title,
        body: (
          <ShareScreen target={share} width={columns} height={bodyHeight} theme={theme} canOpen={canOpen} />
        ),
        position: "",
      };
    }
    if (screen.kind === "channels") {
      const shown = shownChannels(screen.filter);
      const selected = lists.get(shown[screen.selected]?.id ?? "");
      return {
        title:
          selected?.status !== "error"
            ? "頻道 Channels"
            : selected.pending
              ? PENDING_TITLES
              : `錯誤: ${selected.error}`,
        body: (
          <ChannelRows
            screen={screen}
            height={bodyHeight}
            width={columns}
            theme={theme}
            ambiguous={ambiguous}
            channels={shown}
            lists={lists}
            isRead={isRead}
          />
        ),
        position: `${Math.min(screen.selected + 1, shown.length)}/${shown.length}`,
      };
    }
    const search = screen.kind === "articles" ? searches.get(screen.channelId ?? "") : undefined;
    if (screen.kind === "articles" && search) {
      const load = search.load;
      const hits = load.status === "ready" ? load.value : [];
      const back = screen.query !== undefined ? " (Esc 返回 back to the query)" : "";
      const fallback = messageFor(
        load,
        hits.length === 0 ? `找不到 not found: ${search.query}${back}` : undefined,
      );
      return {
        title: `搜尋 search: ${search.query} · ${hits.length} 篇`,
        body: fallback ?? (
          <SearchRows
            screen={screen}
            height={bodyHeight}
            width={columns}
            theme={theme}
            ambiguous={ambiguous}
            hits={hits}
          />
        ),
        position: hits.length ? `${screen.selected + 1}/${hits.length}` : "",
      };
    }
    if (screen.kind !== "article") {
      const channel = channelOf(screen.channelId);
      const load = screen.channelId ? lists.get(screen.channelId) : undefined;
      const list = load?.status === "ready" ? load.value : undefined;
      const items = display.items(list?.items ?? [], screen.filter);
      const notices = list ? listNotices(list) : [];
      const emptyText =
        channel?.id === BOOKMARKS_ID
          ? "還沒有書籤：在文章裡按 s (no bookmarks yet: press s)"
          : "這個頻道沒有文章 (no articles)";
      const fallback = messageFor(
        load,
        items.length === 0
          ? screen.filter
            ? `沒有符合「${screen.filter}」的標題 (no match)`
            : emptyText
          : undefined,
      );
      return {
        title: channel?.title ?? screen.section?.title ?? "",
        body: fallback ?? (
          <Box flexDirection="column">
            {notices.map((notice) => (
              <Text key={notice} color={theme.warn} wrap="truncate">
                {truncateToWidth(notice, columns, ambiguous, "…")}
              </Text>
            ))}
            <ArticleRows
              screen={screen}
              height={bodyHeight - notices.length}
              width={columns}
              theme={theme}
              ambiguous={ambiguous}
              items={items}
              isRead={isRead}
            />
          </Box>
        ),
        position: items.length ? `${screen.selected + 1}/${items.length}` : "",
      };
    }
    const load = data.articles.get(screen.url);
    const article = display.article(data, screen.url);
    const warning = article?.warnings.find((w) => w.startsWith("cached copy"));
    const matches = screen.search ? display.search(data, screen.url, column.width, screen.search.query) : [];
    // The selection counts the breadcrumb's steps first, then the 推薦閱讀 items.
    const crumbs = display.crumbs(data, screen.url, column.width);
    return {
      // A selected step is one part of a line: the status line names it (the only sign without attributes).
      title: crumbs[screen.link]
        ? `Enter: ${crumbs[screen.link]?.link.title} 列表 (list)`
        : (article?.title ?? screen.url),
      body:
        layout && article ? (
          <Box flexDirection="column">
            {warning ? (
              <Text color={theme.warn} wrap="truncate">
                {truncateToWidth(warning, columns, ambiguous, "…")}
              </Text>
            ) : null}
            <ArticleViewport
              layout={layout}
              scroll={screen.scroll}
              height={bodyHeight - (warning ? 1 : 0)}
              selectedLink={screen.link - crumbs.length}
              selectedSpans={crumbs[screen.link]?.spans}
              theme={theme}
              margin={column.margin}
              matches={matches}
              currentMatch={screen.search?.index ?? -1}
            />
          </Box>
        ) : (
          messageFor(load, undefined)
        ),
      position: layout
        ? [
            matches.length ? `${(screen.search?.index ?? 0) + 1}/${matches.length}` : "",
            percent(screen, layout, bodyHeight),
          ]
            .filter(Boolean)
            .join(" ")
        : "",
    };
  }

  function messageFor(load: Load<unknown> | undefined, empty: string | undefined): React.ReactNode {
    if (!load || load.status === "loading") return <Text dimColor>載入中… (loading)</Text>;
    if (load.status === "error" && load.pending) {
      // Not an error: what became of the channel, what happens next and how to undo it, said once.
      const lines = wrapParagraph(load.error, columns, { ambiguous, indent: "none" });
      const hint = "Esc 返回 (back) · d on the channel list deletes it";
      return (
        <Box flexDirection="column">
          <Text>{lines.join("\n")}</Text>
          <Text dimColor>{wrapParagraph(hint, columns, { ambiguous, indent: "none" }).join("\n")}</Text>
        </Box>
      );
    }
    if (load.status === "error") {
      // The whole message, wrapped: it is what the person needs to decide what to do next.
      const lines = wrapParagraph(`錯誤: ${load.error}`, columns, { ambiguous, indent: "none" });
      const hint = load.noNetwork
        ? "沒有網絡 no network: check the connection, then r to retry · Esc 返回 (back)"
        : library.offline
          ? "離線 offline: only cached copies are read; without --offline r fetches it · Esc 返回 (back)"
          : "r 重試 (retry) · Esc 返回 (back) · reader --offline reads the cached copies";
      return (
        <Box flexDirection="column">
          <Text color={theme.error}>{lines.join("\n")}</Text>
          <Text dimColor>{wrapParagraph(hint, columns, { ambiguous, indent: "none" }).join("\n")}</Text>
        </Box>
      );
    }
    return empty ? <Text dimColor>{empty}</Text> : null;
  }

  const loading = data.loading;
  const feeds = feedChannels(channels).length;
  const progress = [
    loading > 0 ? `更新中 ${feeds - loading}/${feeds}` : "",
    prefetched && prefetched.done < prefetched.total ? `預取 ${prefetched.done}/${prefetched.total}` : "",
  ]
    .filter(Boolean)
    .join("  ");
  const scriptMode = display.currentScript === "original" ? "" : SCRIPT_LABEL[display.currentScript];
  const right = [progress, scriptMode, position, "? 說明"].filter(Boolean).join("  ");
  const statusRoom = columns - displayWidth(right, ambiguous) - 2;
  // A message longer than the status line (an error at 40 columns, where a broken config.json was moved) takes
  // the rows above it too, over the body's last rows until the next key: cut to the line, it lost the part that
  // says why or where.
  const messageShown =
    !state.prompt && state.message
      ? wrapToRows(
          state.message.text,
          Math.max(1, statusRoom),
          // (at most half the body: the screen it is about stays in view)
          Math.max(1, Math.ceil(bodyHeight / 2)),
          ambiguous,
        )
      : [];
  const messageAbove = messageShown.slice(0, -1);
  const statusLeft = state.prompt
    ? promptText(state.prompt, channels, statusRoom, ambiguous)
    : (messageShown.at(-1) ?? longestFitting(title, statusRoom, ambiguous));
  const messageColour = state.message?.error ? theme.error : undefined;

  return (
    <Box flexDirection="column" width={columns} height={frameHeight}>
      <Text bold wrap="truncate">
        {headerText(
          headerFor(state, screen, channelOf),
          screen.kind === "channels" && notice ? CHANNEL_NOTICES[notice] : [],
          columns,
          ambiguous,
        )}
      </Text>
      {/* (the body keeps its own height: the message covers its last rows, it does not squeeze them; clipped only
          then, as Ink's clipping measures and slices every line of every frame) */}
      <Box
        flexDirection="column"
        height={bodyHeight - messageAbove.length}
        overflow={messageAbove.length > 0 ? "hidden" : "visible"}
      >
        <Box flexDirection="column" height={bodyHeight} flexShrink={0}>
          {body}
        </Box>
      </Box>
      {messageAbove.map((line, i) => (
        <Text key={i} inverse wrap="truncate" color={messageColour}>
          {padToWidth(line, columns, ambiguous)}
        </Text>
      ))}
      <Text inverse wrap="truncate" color={messageColour}>
        {statusLineText(statusLeft, right, columns, ambiguous)}
      </Text>
    </Box>
  );
}

/** The prompt as the status line shows it, in `room` columns: what is typed keeps its end, where the cursor is. */
function promptText(prompt: Prompt, channels: Channel[], room: number, ambiguous: AmbiguousWidth): string {
  if (prompt.kind === "confirmRemove") {
    const title = channels.find((c) => c.id === prompt.target)?.title ?? prompt.target;
    return `移除頻道「${title}」? remove? (y/n)`;
  }
  const label =
    prompt.kind === "add" ? "添加頻道 URL: " : prompt.kind === "searchAll" ? "搜尋全部 search all: " : "/";
  const cursor = "▏";
  const textRoom = room - displayWidth(label + cursor, ambiguous);
  if (displayWidth(prompt.text, ambiguous) <= textRoom) return `${label}${prompt.text}${cursor}`;
  // Too long for the line: the last characters typed, after a `…`.
  const shown = graphemes(prompt.text);
  let width = 1;
  let from = shown.length;
  while (from > 0 && width + graphemeWidth(shown[from - 1] ?? "", ambiguous) <= textRoom)
    width += graphemeWidth(shown[--from] ?? "", ambiguous);
  return `${label}…${shown.slice(from).join("")}${cursor}`;
}

/**
 * What the line above the channels says about the network: said once when there is none at all (every network
 * channel failed for want of it, or shows a cached copy for that reason); else what `!` means, when a row has one;
 * else what `pending` means (a channel added with no network, still without one), when a row has that.
 * Each from the longest wording to the shortest: the header shows the longest that fits (40 columns included).
 */
const CHANNEL_NOTICES = {
  offline: [
    "offline: no network; showing cached copies (! none cached)",
    "offline: no network; cached copies (! none)",
    "offline: cached copies (! none)",
  ],
  failed: [
    "! 無法載入 could not load: select it to see why",
    "! could not load: select it to see why",
    "! failed: select it to see why",
  ],
  pending: [
    "待連網 pending: added with no network; its feed comes with one",
    "pending: added with no network; its feed comes with one",
    "pending: its feed comes with a network",
    "pending: waits for a network",
  ],
} as const;

/**
 * The status line of a channel added with no network, selected while there is still none: what comes next and how
 * to undo it, longest first (at 40 or 60 columns the longest lost "d deletes it" to the position beside it).
 */
const PENDING_TITLES = [
  "離線 offline: its feed comes with a network · d deletes it",
  "offline: its feed comes with a network · d deletes it",
  "its feed comes with a network · d deletes it",
  "pending · d deletes it",
] as const;

/** The longest of the wordings (longest first) that fits in `room` columns; else the shortest. */
function longestFitting(
  wordings: string | readonly string[],
  room: number,
  ambiguous: LayoutOptions["ambiguous"],
): string {
  if (typeof wordings === "string") return wordings;
  return wordings.find((text) => displayWidth(text, ambiguous) <= room) ?? wordings.at(-1) ?? "";
}

/** Which notice the channel list needs: it walks every channel, so App calls it only when the data changes. */
function channelNotice(channels: Channel[], lists: ListLookup): keyof typeof CHANNEL_NOTICES | undefined {
  const all = feedChannels(channels)
    .filter((c) => c.origin !== "sample")
    .map((c) => lists.get(c.id));
  // A channel added with no network, still without one, has not failed: it waits (and says so on its row).
  const loads = all.filter((load) => !(load?.status === "error" && load.pending === true));
  const noNetwork = (load: Load<ChannelList> | undefined) =>
    (load?.status === "error" && load.noNetwork === true) ||
    (load?.status === "ready" && load.value.stale?.noNetwork === true);
  if (loads.length > 0 && loads.every(noNetwork)) return "offline";
  if (loads.some((load) => load?.status === "error")) return "failed";
  if (loads.length < all.length) return "pending";
  return undefined;
}

/** The header: where the reader is, then the longest wording of the notice that fits beside it. */
function headerText(
  path: string,
  notices: readonly string[],
  columns: number,
  ambiguous: LayoutOptions["ambiguous"],
): string {
  const notice =
    notices.length > 0 ? longestFitting(notices, columns - displayWidth(path, ambiguous) - 2, ambiguous) : "";
  return truncateToWidth(notice ? `${path}  ${notice}` : path, columns, ambiguous, "…");
}

function staleNotice(stale: { fetchedAt: string; error?: string }): string {
  return `快取 cached ${describeAge(stale.fetchedAt)}${stale.error ? ` — ${stale.error}` : ""}`;
}

/**
 * The lines above a list: that it is a stale copy, and what the feed's parse warned of (items cut at the limit,
 * items skipped), the first warning in full and how many more — `reader list` prints them all.
 */
function listNotices(list: ChannelList): string[] {
  const notices = list.stale ? [staleNotice(list.stale)] : [];
  const [first] = list.warnings;
  if (first !== undefined) {
    const more = list.warnings.length - 1;
    notices.push(`⚠ ${sanitizeInline(first)}${more > 0 ? `（另 ${more} 條 +${more} more）` : ""}`);
  }
  return notices;
}

function startState(url: string | undefined, store: Store): State {
  const start = url
    ? reducer(initialState, { type: "openArticle", url, position: store.position(url) })
    : initialState;
  // Problems met opening the store (a config file moved aside, a read-only disk) are said on the screen: on
  // stderr they would be hidden by the alternate screen.
  return store.warnings.length > 0
    ? reducer(start, { type: "message", text: store.warnings.join(" · "), error: true })
    : start;
}

/** The first line of each match. */
function matchLinesOf(matches: SearchMatch[]): number[] {
  return matches.map((m) => m.spans[0]?.line ?? 0);
}

/** What the reducer needs to know about a screen as it would be drawn now. */
function viewFor(
  screen: Screen,
  data: DataSnapshot,
  channels: Channel[],
  size: { columns: number; rows: number; text: number },
  display: Display,
  store: Store,
): View {
  const height = bodyHeightFor(size.rows);
  const resume = (url: string) => store.position(url);
  if (screen.kind === "article") {
    const layout = display.layout(data, screen.url, size.text);
    const article = display.article(data, screen.url);
    const recommended = layout ? (article?.recommended ?? []) : [];
    const crumbs = display.crumbs(data, screen.url, size.text);
    const warning = article?.warnings.some((w) => w.startsWith("cached copy"));
    const matches = screen.search ? display.search(data, screen.url, size.text, screen.search.query) : [];
    const lineCount = layout?.lines.length ?? 0;
    // Breadcrumb steps first, then the 推薦閱讀 items: the order of the page.
    const linkLines = (i: number) => {
      const crumb = crumbs[i];
      if (crumb) return { first: crumb.spans[0]?.line ?? 0, last: crumb.spans.at(-1)?.line ?? 0 };
      const item = i - crumbs.length;
      const next = layout?.linkLines[item + 1];
      return { first: layout?.linkLines[item] ?? 0, last: next !== undefined ? next - 1 : lineCount - 1 };
    };
    return {
      kind: "article",
      lineCount,
      height: height - (warning ? 1 : 0),
      linkCount: crumbs.length + recommended.length,
      firstRecommended: crumbs.length,
      linkLines,
      linkTarget: (i) => {
        const crumb = crumbs[i];
        if (crumb) return sectionTarget(crumb.link, channels, data.lists);
        const item = recommended[i - crumbs.length];
        return item ? { kind: "article", url: item.url } : undefined;
      },
      matchLines: matchLinesOf(matches),
      positionOf: (line) => (layout ? positionOfLine(layout, line) : { block: 0, offset: 0 }),
      lineOf: (position) => (layout ? lineOfPosition(layout, position) : 0),
      resume,
      readingRow: (line) => layout?.lines[line]?.kind === "ruby",
    };
  }
  if (screen.kind === "articles") {
    const load = screen.channelId ? data.lists.get(screen.channelId) : undefined;
    const all = itemsOf(data, screen.channelId);
    const items = display.items(all, screen.filter);
    const unfiltered = { count: all.length, indexOf: (key: string) => all.findIndex((i) => i.url === key) };
    // The notice lines above the list take rows from it.
    const notices = load?.status === "ready" ? listNotices(load.value).length : 0;
    return {
      kind: "list",
      count: items.length,
      height: height - notices,
      keyOf: (i) => items[i]?.url,
      resume,
      unfiltered,
    };
  }
  const shown = screen.filter ? filterTitles(channels, screen.filter) : channels;
  const unfiltered = {
    count: channels.length,
    indexOf: (key: string) => channels.findIndex((c) => c.id === key),
  };
  return {
    kind: "list",
    count: shown.length,
    height,
    keyOf: (i) => shown[i]?.id,
    resume,
    unfiltered,
  };
}

/** Which help lines are shown, when not all of them fit: `1–20/38 j/k`. */
function helpPosition(top: number, count: number, shown: number): string {
  if (count <= shown) return "";
  return `${top + 1}–${Math.min(count, top + shown)}/${count} j/k`;
}

function percent(screen: Screen, layout: ArticleLayout, height: number): string {
  if (screen.kind !== "article") return "";
  const total = layout.lines.length;
  if (total <= height) return "全文 All";
  const shown = Math.min(total, screen.scroll + height);
  return `${Math.round((100 * shown) / total)}%`;
}

function headerFor(
  state: State,
  screen: Screen,
  channelOf: (id: string | undefined) => Channel | undefined,
): string {
  const path = ["reader"];
  for (const s of state.stack) {
    if (s.kind === "articles")
      path.push(
        s.query !== undefined
          ? `搜尋「${s.query}」`
          : (channelOf(s.channelId)?.title ?? s.section?.title ?? ""),
      );
  }
  if (screen.kind === "article") path.push("文章");
  return path.join(" › ");
}
