// The interface shell: which screen is shown, what keys do there, and the frame around it (header, status line).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Box, Text, useApp, useInput, useStdout } from "ink";
import type { ArticleRef, Channel } from "../model.js";
import {
  layoutArticle,
  lineOfPosition,
  positionOfLine,
  prepareArticle,
  type ArticleLayout,
  type PreparedArticle,
} from "../text/article.js";
import { truncateToWidth, displayWidth } from "../text/width.js";
import type { LayoutOptions } from "../text/wrap.js";
import { DataStore, useData, type DataSnapshot, type Load } from "./data.js";
import { commandForKey, keyNames } from "./keymap.js";
import { ArticleViewport } from "./screens/article.js";
import { HelpScreen } from "./screens/help.js";
import { ArticleRows, ChannelRows } from "./screens/lists.js";
import {
  currentScreen,
  initialState,
  reducer,
  type Action,
  type Screen,
  type State,
  type View,
} from "./state.js";
import type { Theme } from "./theme.js";
import type { Library } from "../sources/library.js";

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 12;

/** What the interface needs from saved state. */
export interface ReadState {
  isRead(url: string): boolean;
  setRead(url: string, read: boolean): void;
}

export interface AppProps {
  library: Library;
  channels: Channel[];
  readState: ReadState;
  layoutOptions: LayoutOptions;
  theme: Theme;
  onQuit: () => void;
  /** Open this article at start (`reader <url>`); back goes to the channels. */
  initialUrl?: string;
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

/** Lays out each opened article once per width; preparation (segmentation) once per article. */
function useArticleLayouts(options: LayoutOptions) {
  const prepared = useRef(new Map<string, PreparedArticle>());
  const layouts = useRef(new Map<string, ArticleLayout>());
  return useCallback(
    (data: DataSnapshot, url: string, width: number): ArticleLayout | undefined => {
      const load = data.articles.get(url);
      if (load?.status !== "ready") return undefined;
      let prep = prepared.current.get(url);
      if (!prep || prep.article !== load.value) {
        prep = prepareArticle(load.value, options);
        prepared.current.set(url, prep);
        layouts.current.delete(url);
      }
      let layout = layouts.current.get(url);
      if (!layout || layout.width !== width) {
        layout = layoutArticle(prep, width);
        layouts.current.set(url, layout);
      }
      return layout;
    },
    [options],
  );
}

export function App({ library, channels, readState, layoutOptions, theme, onQuit, initialUrl }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const { stdout } = useStdout();
  const store = useMemo(() => new DataStore(library), [library]);
  const data = useData(store);
  const [state, setState] = useState(() => startState(initialUrl));
  const layoutFor = useArticleLayouts(layoutOptions);
  const screen = currentScreen(state);

  // The frame is one row shorter than the terminal: Ink 6 clears the whole screen on every render otherwise.
  const frameHeight = rows - 1;
  const bodyHeight = bodyHeightFor(rows);
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;

  // Keys are applied to the latest state and the latest data and size, not to what the last render saw: keys
  // arriving between a change and its frame (`Enter` then `jjj` at once) must act on the new screen.
  const stateRef = useRef<State>(state);
  const apply = useCallback(
    (action: (current: State, view: View) => Action) => {
      const current = stateRef.current;
      const size = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
      const view = viewFor(currentScreen(current), store.getSnapshot(), channels, size, layoutFor);
      const next = reducer(current, action(current, view));
      if (next !== current) {
        stateRef.current = next;
        setState(next);
      }
    },
    [stdout, store, channels, layoutFor],
  );

  useEffect(() => {
    for (const channel of channels) store.loadChannel(channel);
  }, [channels, store]);

  // A resize, or data arriving, re-lays the screen and keeps the reading position / selection in view.
  useEffect(() => {
    const relayout = () => apply((_, view) => ({ type: "relayout", view }));
    stdout.on("resize", relayout);
    const unsubscribe = store.subscribe(relayout);
    return () => {
      stdout.off("resize", relayout);
      unsubscribe();
    };
  }, [apply, stdout, store]);

  const channelOf = (id: string | undefined) => channels.find((c) => c.id === id);

  useEffect(() => {
    if (screen.kind === "article") store.loadArticle(screen.url);
  }, [screen, store]);

  // Opening an article marks it read.
  const openedUrl = screen.kind === "article" ? screen.url : undefined;
  useEffect(() => {
    // No re-render needed: lists read the marks when they are shown again.
    if (openedUrl && !readState.isRead(openedUrl)) readState.setRead(openedUrl, true);
  }, [openedUrl, readState]);

  const layout = screen.kind === "article" ? layoutFor(data, screen.url, columns) : undefined;

  useEffect(() => {
    if (state.quitting) {
      onQuit();
      exit();
    }
  }, [state.quitting, exit, onQuit]);

  useInput((input, key) => {
    for (const name of keyNames(input, key)) {
      const command = commandForKey(name);
      if (!command) continue;
      if (command === "refresh") {
        const current = currentScreen(stateRef.current);
        if (current.kind === "article") store.loadArticle(current.url, true);
        else if (current.kind === "articles") {
          const channel = channelOf(current.channelId);
          if (channel) store.loadChannel(channel, true);
        } else for (const channel of channels) store.loadChannel(channel, true);
        continue;
      }
      apply((_, view) => ({ type: "command", command, view }));
    }
  });

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
  const isRead = (url: string) => readState.isRead(url);
  const { title, body, position } = renderScreen();

  function renderScreen(): { title: string; body: React.ReactNode; position: string } {
    if (state.help)
      return {
        title: "說明 Help",
        body: <HelpScreen width={columns} height={bodyHeight} theme={theme} />,
        position: "",
      };
    if (screen.kind === "channels") {
      return {
        title: "頻道 Channels",
        body: (
          <ChannelRows
            screen={screen}
            height={bodyHeight}
            width={columns}
            theme={theme}
            ambiguous={ambiguous}
            channels={channels}
            lists={data.lists}
            unread={(items) => items.filter((i) => !isRead(i.url)).length}
          />
        ),
        position: `${Math.min(screen.selected + 1, channels.length)}/${channels.length}`,
      };
    }
    if (screen.kind !== "article") {
      const channel = channelOf(screen.channelId);
      const load = screen.channelId ? data.lists.get(screen.channelId) : undefined;
      const items = itemsOf(data, screen.channelId);
      const message = messageFor(load, items.length === 0 ? "這個頻道沒有文章 (no articles)" : undefined);
      return {
        title: channel?.title ?? "",
        body: message ?? (
          <ArticleRows
            screen={screen}
            height={bodyHeight}
            width={columns}
            theme={theme}
            ambiguous={ambiguous}
            items={items}
            isRead={isRead}
          />
        ),
        position: items.length ? `${screen.selected + 1}/${items.length}` : "",
      };
    }
    const load = data.articles.get(screen.url);
    const article = load?.status === "ready" ? load.value : undefined;
    const warnings = article?.warnings.filter((w) => w.startsWith("cached copy")) ?? [];
    return {
      title: article?.title ?? screen.url,
      body:
        layout && article ? (
          <Box flexDirection="column">
            <ArticleViewport
              layout={layout}
              scroll={screen.scroll}
              height={bodyHeight - warnings.length}
              selectedLink={screen.link}
              theme={theme}
              margin={0}
            />
          </Box>
        ) : (
          messageFor(load, undefined)
        ),
      position: layout ? percent(screen, layout, bodyHeight) : "",
    };
  }

  function messageFor(load: Load<unknown> | undefined, empty: string | undefined): React.ReactNode {
    if (!load || load.status === "loading") return <Text dimColor>載入中… (loading)</Text>;
    if (load.status === "error")
      return (
        <Box flexDirection="column">
          <Text color={theme.error} wrap="truncate">
            {truncateToWidth(`錯誤: ${load.error}`, columns, ambiguous, "…")}
          </Text>
          <Text dimColor>r 重試 (retry) · Esc 返回 (back)</Text>
        </Box>
      );
    return empty ? <Text dimColor>{empty}</Text> : null;
  }

  const hint = "? 說明";
  const right = [position, hint].filter(Boolean).join("  ");
  const left = truncateToWidth(title, Math.max(0, columns - displayWidth(right) - 2), ambiguous, "…");
  const gap = Math.max(1, columns - displayWidth(left, ambiguous) - displayWidth(right));

  return (
    <Box flexDirection="column" width={columns} height={frameHeight}>
      <Text bold wrap="truncate">
        {truncateToWidth(headerFor(state, screen, channelOf), columns, ambiguous, "…")}
      </Text>
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        {body}
      </Box>
      <Text inverse wrap="truncate">
        {left}
        {" ".repeat(gap)}
        {right}
      </Text>
    </Box>
  );
}

function startState(url: string | undefined): State {
  return url ? reducer(initialState, { type: "openArticle", url }) : initialState;
}

function bodyHeightFor(rows: number): number {
  return Math.max(1, rows - 3);
}

function itemsOf(data: DataSnapshot, id: string | undefined): ArticleRef[] {
  const load = id ? data.lists.get(id) : undefined;
  return load?.status === "ready" ? load.value.items : [];
}

/** What the reducer needs to know about a screen as it would be drawn now. */
function viewFor(
  screen: Screen,
  data: DataSnapshot,
  channels: Channel[],
  size: { columns: number; rows: number },
  layoutFor: (data: DataSnapshot, url: string, width: number) => ArticleLayout | undefined,
): View {
  const height = bodyHeightFor(size.rows);
  if (screen.kind === "article") {
    const layout = layoutFor(data, screen.url, size.columns);
    const article = data.articles.get(screen.url);
    const recommended = article?.status === "ready" ? article.value.recommended : [];
    return {
      kind: "article",
      lineCount: layout?.lines.length ?? 0,
      height,
      linkCount: layout ? recommended.length : 0,
      linkLine: (i) => layout?.linkLines[i] ?? 0,
      linkUrl: (i) => recommended[i]?.url,
      positionOf: (line) => (layout ? positionOfLine(layout, line) : { block: 0, offset: 0 }),
      lineOf: (position) => (layout ? lineOfPosition(layout, position) : 0),
    };
  }
  if (screen.kind === "articles") {
    const items = itemsOf(data, screen.channelId);
    return { kind: "list", count: items.length, height, keyOf: (i) => items[i]?.url };
  }
  return { kind: "list", count: channels.length, height, keyOf: (i) => channels[i]?.id };
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
    if (s.kind === "articles") path.push(channelOf(s.channelId)?.title ?? "");
  }
  if (screen.kind === "article") path.push("文章");
  return path.join(" › ");
}
