// The options every command takes, defined once: commander builds them into the program, and the start-up fast
// path reads them from a plain `reader [options] [url]` without loading commander (~10 ms of start-up before
// the first frame, measured with `npm run bench`).
import type { Command, Option as OptionClass } from "commander";
import type { LayoutOptions } from "./text/wrap.js";

export interface GlobalOptions {
  offline?: boolean;
  ambiguous?: LayoutOptions["ambiguous"];
  kinsoku?: LayoutOptions["kinsoku"];
  indent?: LayoutOptions["indent"];
  korean?: LayoutOptions["korean"];
  ruby?: LayoutOptions["ruby"];
}

type ChoiceKey = Exclude<keyof GlobalOptions, "offline">;

const CHOICES: ReadonlyArray<{
  key: ChoiceKey;
  arg: string;
  description: string;
  choices: readonly string[];
}> = [
  {
    key: "ambiguous",
    arg: "<width>",
    description: "width of East Asian Ambiguous characters",
    choices: ["narrow", "wide"],
  },
  { key: "kinsoku", arg: "<level>", description: "line-start/end rules", choices: ["basic", "strict"] },
  { key: "indent", arg: "<indent>", description: "paragraph indent", choices: ["fullwidth", "none"] },
  {
    key: "korean",
    arg: "<breaks>",
    description: "Korean: break at spaces only, or also between syllables",
    choices: ["keep-all", "normal"],
  },
  {
    key: "ruby",
    arg: "<mode>",
    description: "ruby (furigana) readings: hidden, inline in brackets, or above the line",
    choices: ["hidden", "inline", "above"],
  },
];

/** Adds the global options to commander's program. */
export function addGlobalOptions(program: Command, Option: typeof OptionClass): Command {
  program.option("--offline", "use only the cache and the bundled sample site");
  for (const { key, arg, description, choices } of CHOICES)
    program.addOption(new Option(`--${key} ${arg}`, description).choices(choices));
  return program;
}

/**
 * `reader [options] [url]` — the interface — read without commander: the options and the web address, or
 * undefined for anything else (a command, --help, a value not among the choices…), which commander then handles,
 * errors included.
 */
export function interfaceArgs(args: readonly string[]): { url?: string; options: GlobalOptions } | undefined {
  const options: GlobalOptions = {};
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--offline") {
      options.offline = true;
      continue;
    }
    const [name, inline] = arg.startsWith("--") ? splitAtEquals(arg.slice(2)) : [undefined, undefined];
    const option = CHOICES.find((c) => c.key === name);
    if (option) {
      const value = inline ?? args[++i];
      if (value === undefined || !option.choices.includes(value)) return undefined;
      (options as Record<string, string>)[option.key] = value;
      continue;
    }
    if (url === undefined && /^https?:\/\//i.test(arg)) {
      url = arg;
      continue;
    }
    return undefined;
  }
  return url === undefined ? { options } : { url, options };
}

function splitAtEquals(text: string): [string, string | undefined] {
  const at = text.indexOf("=");
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
