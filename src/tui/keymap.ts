// Commands and the keys bound to them. The help overlay and the README's key map come from this one table.
import type { Key } from "ink";

export type Command =
  | "up"
  | "down"
  | "pageDown"
  | "pageUp"
  | "top"
  | "bottom"
  | "open"
  | "back"
  | "nextLink"
  | "prevLink"
  | "openLink1"
  | "openLink2"
  | "openLink3"
  | "openLink4"
  | "openLink5"
  | "openLink6"
  | "openLink7"
  | "openLink8"
  | "openLink9"
  | "refresh"
  | "toggleRead"
  | "bookmark"
  | "addChannel"
  | "removeChannel"
  | "moveChannelUp"
  | "moveChannelDown"
  | "search"
  | "searchAll"
  | "nextMatch"
  | "prevMatch"
  | "cycleScript"
  | "cycleRuby"
  | "share"
  | "wider"
  | "narrower"
  | "resetWidth"
  | "redraw"
  | "suspend"
  | "quit"
  | "help";

export interface Binding {
  command: Command;
  keys: string[];
  help: string;
  /** Shown once in help for a family of commands (openLink1..9 share one row). */
  helpKeys?: string;
  hidden?: boolean;
}

export const bindings: Binding[] = [
  { command: "up", keys: ["up", "k"], help: "move up / scroll a line" },
  { command: "down", keys: ["down", "j"], help: "move down / scroll a line" },
  { command: "pageDown", keys: ["pagedown", "space"], help: "page down" },
  { command: "pageUp", keys: ["pageup", "b"], help: "page up" },
  { command: "top", keys: ["home", "g"], help: "top (返回頂部)" },
  { command: "bottom", keys: ["end", "G"], help: "bottom" },
  { command: "open", keys: ["enter", "l", "right"], help: "open (a breadcrumb step: its section's list)" },
  { command: "back", keys: ["escape", "h", "left", "backspace"], help: "back" },
  { command: "nextLink", keys: ["tab"], help: "next link: breadcrumb step, 推薦閱讀" },
  { command: "prevLink", keys: ["shift-tab"], help: "previous link: breadcrumb step, 推薦閱讀" },
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n): Binding => ({
    command: `openLink${n}` as Command,
    keys: [String(n)],
    help: "open 推薦閱讀 item N",
    helpKeys: "1–9",
    hidden: n > 1,
  })),
  { command: "refresh", keys: ["r"], help: "refresh (all channels, this channel, or this article)" },
  { command: "toggleRead", keys: ["m"], help: "mark read / unread" },
  { command: "bookmark", keys: ["s"], help: "bookmark (kept for reading offline)" },
  { command: "addChannel", keys: ["a"], help: "add a channel by URL (feed, section page or article page)" },
  { command: "removeChannel", keys: ["d"], help: "remove the selected channel (asks first)" },
  { command: "moveChannelUp", keys: ["K"], help: "move the selected channel up" },
  { command: "moveChannelDown", keys: ["J"], help: "move the selected channel down" },
  {
    command: "search",
    keys: ["/"],
    help: "channel list: search everything kept · article: find in it · article list: filter as you type",
  },
  {
    command: "searchAll",
    keys: ["F"],
    help: "search everything kept from any list, offline (titles, full text)",
  },
  { command: "nextMatch", keys: ["n"], help: "next match" },
  { command: "prevMatch", keys: ["N"], help: "previous match" },
  { command: "cycleScript", keys: ["t"], help: "script: original → 简体 → 繁體" },
  { command: "cycleRuby", keys: ["f"], help: "ruby (furigana): hidden → inline → above the line" },
  { command: "share", keys: ["S"], help: "share (link, copy, QR code)" },
  { command: "wider", keys: ["+"], help: "wider text column (大字號)" },
  { command: "narrower", keys: ["-"], help: "narrower text column (小字號)" },
  { command: "resetWidth", keys: ["="], help: "text column to the full width" },
  { command: "redraw", keys: ["ctrl-l"], help: "redraw the screen" },
  { command: "suspend", keys: ["ctrl-z"], help: "suspend to the shell (fg comes back)" },
  { command: "help", keys: ["?"], help: "help" },
  { command: "quit", keys: ["q", "ctrl-c"], help: "quit" },
];

export interface Keymap {
  commandFor(name: string): Command | undefined;
  bindings: Binding[];
}

/** Ctrl-C quits whatever the settings say: no rebinding can lock a person in. */
const ALWAYS_QUITS = "ctrl-c";

function isCommand(name: string): name is Command {
  return bindings.some((b) => b.command === name);
}

/**
 * What is wrong with key overrides (setting `keys.<command>`), one sentence each: an unknown command name, a
 * key that another command has (a key does one thing), Ctrl-C taken from quit.
 */
export function keymapProblems(overrides: Record<string, string[]>): string[] {
  const problems: string[] = [];
  const effective = new Map<string, string[]>(bindings.map((b) => [b.command, b.keys]));
  for (const [command, keys] of Object.entries(overrides)) {
    if (!isCommand(command))
      problems.push(
        `"${command}" is not a command; the commands: ${bindings.map((b) => b.command).join(", ")}`,
      );
    else if (keys.length > 0) effective.set(command, keys);
  }
  const owner = new Map<string, string>();
  for (const [command, keys] of effective)
    for (const key of keys) {
      const other = owner.get(key);
      if (key === ALWAYS_QUITS && command !== "quit")
        problems.push(`${key} always quits; it cannot ${command}`);
      else if (other !== undefined && other !== command)
        problems.push(`${key} would be the key of both ${other} and ${command}; a key does one thing`);
      else owner.set(key, command);
    }
  return problems;
}

/**
 * The key table with the user's overrides (setting `keys.<command>`): an override replaces that command's keys.
 * Unknown command names are ignored, and so is an override key another command has (the settings file may have
 * been edited by hand): the other command keeps it. Ctrl-C always quits.
 */
export function makeKeymap(overrides: Record<string, string[]> = {}): Keymap {
  const overridden = (b: Binding) => {
    const keys = overrides[b.command];
    return keys !== undefined && keys.length > 0 ? keys : undefined;
  };
  // Keys no override may take: those of commands keeping their defaults, and Ctrl-C.
  const kept = new Set<string>([ALWAYS_QUITS]);
  for (const b of bindings) if (!overridden(b)) for (const key of b.keys) kept.add(key);
  const taken = new Set<string>();
  const table = bindings.map((b): Binding => {
    const wanted = overridden(b);
    if (!wanted) return b;
    const keys = wanted.filter((key) => !kept.has(key) && !taken.has(key));
    // Nothing usable left: the command keeps its default keys.
    if (keys.length === 0) return b;
    for (const key of keys) taken.add(key);
    if (b.command === "quit") keys.push(ALWAYS_QUITS);
    return { ...b, keys, helpKeys: undefined };
  });
  const byKey = new Map<string, Command>();
  for (const binding of table)
    for (const key of binding.keys) if (!byKey.has(key)) byKey.set(key, binding.command);
  byKey.set(ALWAYS_QUITS, "quit");
  return { commandFor: (name) => byKey.get(name), bindings: table };
}

/** The keys of a command as they are in effect with these overrides (`reader config get keys.quit`). */
export function effectiveKeys(command: string, overrides: Record<string, string[]>): string[] | undefined {
  return makeKeymap(overrides).bindings.find((b) => b.command === command)?.keys;
}

const defaultKeymap = makeKeymap();

export function commandForKey(name: string): Command | undefined {
  return defaultKeymap.commandFor(name);
}

const charNames: Record<string, string> = {
  "\r": "enter",
  "\n": "enter",
  "\t": "tab",
  " ": "space",
  "\u007f": "backspace",
  "\b": "backspace",
  "\u0003": "ctrl-c",
  "\u001b": "escape",
};

// The terminal sequences of the keys the reader reads: arrows, Home/End (also as ESC [ 1~ … 8~), PgUp/PgDn,
// Delete, back-tab, with or without modifiers and a leading Alt ESC.
// eslint-disable-next-line no-control-regex
const KNOWN_KEY_SEQUENCE = /^\u001b?\u001b(?:\[[0-9;]*[ABCDHFZ]|\[[1-8](?:;[0-9]+)?~|O[ABCDHF])$/;

/**
 * True for a terminal sequence (CSI or SS3) that is no key the reader reads: a function key with Ctrl (Ctrl-F1 is
 * `ESC [1;5P`), a mouse or focus report, or escape codes pasted into a prompt. Ink 6.8 throws on such a sequence
 * it cannot name (and the reader would end): these never reach it.
 */
export function isUnreadKeySequence(sequence: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^\u001b?\u001b[[O]./su.test(sequence) && !KNOWN_KEY_SEQUENCE.test(sequence);
}

/**
 * Names of the keys in one input event. Keys typed quickly arrive as one chunk (`jjj`): each character counts.
 */
export function keyNames(input: string, key: Key): string[] {
  if (key.ctrl && input === "c") return ["ctrl-c"];
  if (key.ctrl && input === "l") return ["ctrl-l"];
  if (key.ctrl && input === "u") return ["ctrl-u"];
  // Raw mode turns the tty's suspend character into a key: Ctrl-Z must still suspend, as in any shell program.
  if (key.ctrl && input === "z") return ["ctrl-z"];
  if (key.upArrow) return ["up"];
  if (key.downArrow) return ["down"];
  if (key.leftArrow) return ["left"];
  if (key.rightArrow) return ["right"];
  if (key.pageDown) return ["pagedown"];
  if (key.pageUp) return ["pageup"];
  if (key.home) return ["home"];
  if (key.end) return ["end"];
  if (key.tab) return [key.shift ? "shift-tab" : "tab"];
  if (key.return) return ["enter"];
  if (key.backspace || key.delete) return ["backspace"];
  if (key.escape) return ["escape"];
  if (input === "[Z") return ["shift-tab"]; // CSI Z (back-tab) arrives with the ESC stripped
  if (key.ctrl) return [];
  const chars = Array.from(input, (ch) => charNames[ch] ?? ch);
  // Esc and the next key in one read arrive as Alt+key: typed quickly, over a slow link, or through tmux (which
  // sends Esc then a key pressed within its escape-time as Alt+key). Both count; the reader binds no Alt keys.
  if (key.meta) return chars.length > 0 ? ["escape", ...chars] : [];
  return chars;
}

/** Rows for the help overlay: keys and what they do. */
export function helpRows(keymap: Keymap = defaultKeymap): Array<{ keys: string; help: string }> {
  const pretty: Record<string, string> = {
    up: "↑",
    down: "↓",
    left: "←",
    right: "→",
    pagedown: "PgDn",
    pageup: "PgUp",
    home: "Home",
    end: "End",
    enter: "Enter",
    escape: "Esc",
    backspace: "Backspace",
    space: "Space",
    tab: "Tab",
    "shift-tab": "Shift-Tab",
    "ctrl-c": "Ctrl-C",
    "ctrl-l": "Ctrl-L",
    "ctrl-z": "Ctrl-Z",
  };
  return keymap.bindings
    .filter((b) => !b.hidden)
    .map((b) => ({ keys: b.helpKeys ?? b.keys.map((k) => pretty[k] ?? k).join(" "), help: b.help }));
}
