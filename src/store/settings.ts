// The user's settings: their defaults, the JSON schema of config.json (conf's, as earlier versions kept it), and the
// parsing/validation that `reader config set` and a hand-edited config.json both go through, so the two can never
// disagree.

export type AmbiguousWidth = "narrow" | "wide";
export type Kinsoku = "basic" | "strict";
export type Indent = "fullwidth" | "none";
export type KoreanBreaks = "keep-all" | "normal";
export type DisplayScript = "original" | "hans" | "hant";
export type HantVariant = "tw" | "hk" | "t";
export type Theme = "auto" | "dark" | "light" | "mono";
export type RubyMode = "hidden" | "inline" | "above";
export type Prefetch = "off" | "on";

export interface Settings {
  ambiguousWidth: AmbiguousWidth;
  kinsoku: Kinsoku;
  indent: Indent;
  /** Korean line breaks: at spaces only (keep-all) or also between syllables (normal). */
  korean: KoreanBreaks;
  /** Ruby (furigana) readings: hidden, inline in brackets, or above the line (the `f` key cycles them). */
  ruby: RubyMode;
  /** Columns of text; null = the terminal's full width. */
  readingWidth: number | null;
  script: DisplayScript;
  hantVariant: HantVariant;
  theme: Theme;
  refreshMinutes: number;
  /** After a refresh, fetch and keep the full article of each new item (readable offline, searchable). */
  prefetch: Prefetch;
  /** Command name → keys that replace its default bindings. */
  keys: Record<string, string[]>;
}

export const SETTING_DEFAULTS: Readonly<Settings> = Object.freeze({
  ambiguousWidth: "narrow",
  kinsoku: "basic",
  indent: "fullwidth",
  korean: "keep-all",
  ruby: "hidden",
  readingWidth: null,
  script: "original",
  hantVariant: "tw",
  theme: "auto",
  refreshMinutes: 15,
  prefetch: "off",
  keys: {},
});

export const READING_WIDTH_MIN = 20;
export const READING_WIDTH_MAX = 400;
export const REFRESH_MINUTES_MIN = 1;
export const REFRESH_MINUTES_MAX = 1440;

const CHOICES = {
  ambiguousWidth: ["narrow", "wide"],
  kinsoku: ["basic", "strict"],
  indent: ["fullwidth", "none"],
  korean: ["keep-all", "normal"],
  ruby: ["hidden", "inline", "above"],
  script: ["original", "hans", "hant"],
  hantVariant: ["tw", "hk", "t"],
  theme: ["auto", "dark", "light", "mono"],
  prefetch: ["off", "on"],
} as const;

const DESCRIPTIONS: Record<keyof Settings, string> = {
  ambiguousWidth: "width of East Asian ambiguous characters: narrow | wide",
  kinsoku: "line-breaking rules (禁則): basic | strict",
  indent: "paragraph indent: fullwidth (two ideographic spaces) | none",
  korean: "Korean line breaks: keep-all (at spaces only) | normal (also between syllables)",
  ruby: "ruby (furigana) readings: hidden | inline (東京（とうきょう）) | above (a row over the text)",
  readingWidth: `text column width ${READING_WIDTH_MIN}..${READING_WIDTH_MAX}, or "full" for the terminal width`,
  script: "display script: original | hans (简体) | hant (繁體)",
  hantVariant: "繁體 variant when script is hant: tw | hk | t",
  theme: "colours: auto | dark | light | mono (NO_COLOR always turns colour off)",
  refreshMinutes: `minutes between feed refreshes, ${REFRESH_MINUTES_MIN}..${REFRESH_MINUTES_MAX}`,
  prefetch:
    "after a refresh, fetch the full article of each new item, a few at a time (offline, searchable): off | on",
  keys: 'key binding overrides: keys.<command> "k1,k2" (empty to restore the default)',
};

export const SETTING_KEYS = Object.keys(SETTING_DEFAULTS) as (keyof Settings)[];

export function describeSetting(key: keyof Settings): string {
  return DESCRIPTIONS[key];
}

export function isSettingKey(key: string): key is keyof Settings {
  return Object.hasOwn(SETTING_DEFAULTS, key);
}

const COMMAND_NAME = /^[A-Za-z][\w.-]{0,63}$/;

/** The JSON schema of config.json, as conf (earlier versions) validated it (extra keys are allowed and kept). */
export const SETTINGS_SCHEMA = {
  ambiguousWidth: { enum: [...CHOICES.ambiguousWidth], default: SETTING_DEFAULTS.ambiguousWidth },
  kinsoku: { enum: [...CHOICES.kinsoku], default: SETTING_DEFAULTS.kinsoku },
  indent: { enum: [...CHOICES.indent], default: SETTING_DEFAULTS.indent },
  korean: { enum: [...CHOICES.korean], default: SETTING_DEFAULTS.korean },
  ruby: { enum: [...CHOICES.ruby], default: SETTING_DEFAULTS.ruby },
  readingWidth: {
    anyOf: [{ type: "integer", minimum: READING_WIDTH_MIN, maximum: READING_WIDTH_MAX }, { type: "null" }],
    default: null,
  },
  script: { enum: [...CHOICES.script], default: SETTING_DEFAULTS.script },
  hantVariant: { enum: [...CHOICES.hantVariant], default: SETTING_DEFAULTS.hantVariant },
  theme: { enum: [...CHOICES.theme], default: SETTING_DEFAULTS.theme },
  refreshMinutes: {
    type: "number",
    minimum: REFRESH_MINUTES_MIN,
    maximum: REFRESH_MINUTES_MAX,
    default: SETTING_DEFAULTS.refreshMinutes,
  },
  prefetch: { enum: [...CHOICES.prefetch], default: SETTING_DEFAULTS.prefetch },
  keys: {
    type: "object",
    propertyNames: { pattern: COMMAND_NAME.source },
    additionalProperties: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
    default: {},
  },
} as const;

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

/** Checks a value of any type (from JSON or from code) for a setting. */
export function validateSetting<K extends keyof Settings>(key: K, value: unknown): Validation<Settings[K]> {
  const fail = (why: string): Validation<Settings[K]> => ({
    ok: false,
    message: `${key}: ${why} (${DESCRIPTIONS[key]})`,
  });
  const ok = (v: unknown): Validation<Settings[K]> => ({ ok: true, value: v as Settings[K] });
  switch (key) {
    case "readingWidth":
      if (value === null) return ok(null);
      if (typeof value !== "number" || !Number.isInteger(value))
        return fail(`${JSON.stringify(value)} is not a whole number`);
      if (value < READING_WIDTH_MIN || value > READING_WIDTH_MAX) return fail(`${value} is out of range`);
      return ok(value);
    case "refreshMinutes":
      if (typeof value !== "number" || !Number.isFinite(value))
        return fail(`${JSON.stringify(value)} is not a number`);
      if (value < REFRESH_MINUTES_MIN || value > REFRESH_MINUTES_MAX) return fail(`${value} is out of range`);
      return ok(value);
    case "keys": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("not an object");
      for (const [command, keys] of Object.entries(value)) {
        if (!COMMAND_NAME.test(command)) return fail(`"${command}" is not a command name`);
        if (
          !Array.isArray(keys) ||
          keys.length === 0 ||
          !keys.every((k) => typeof k === "string" && k !== "")
        )
          return fail(`keys.${command} must be a non-empty list of keys`);
      }
      return ok(value);
    }
    default: {
      const choices = CHOICES[key as keyof typeof CHOICES] as readonly string[];
      if (typeof value !== "string" || !choices.includes(value))
        return { ok: false, message: `${key}: ${JSON.stringify(value)} is not one of ${choices.join(", ")}` };
      return ok(value);
    }
  }
}

/** Parses a value typed on the command line (`reader config set readingWidth 72`). */
export function parseSettingValue<K extends keyof Settings>(key: K, text: string): Validation<Settings[K]> {
  const trimmed = text.trim();
  switch (key) {
    case "readingWidth":
      if (/^(full|none|null|off)$/i.test(trimmed)) return validateSetting(key, null);
      return validateSetting(key, /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed);
    case "refreshMinutes":
      return validateSetting(key, /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed);
    case "keys": {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        return { ok: false, message: 'keys: expects a JSON object, e.g. {"open":["enter","l"]}' };
      }
      return validateSetting(key, parsed);
    }
    default:
      return validateSetting(key, trimmed);
  }
}

/** Splits `"enter, l"` into a key list for `keys.<command>`; empty means "remove the override". */
export function parseKeyList(text: string): string[] {
  return text
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "");
}

export function isCommandName(name: string): boolean {
  return COMMAND_NAME.test(name);
}

/** Settings from a parsed document: valid values kept, invalid or missing ones replaced by their defaults. */
export function settingsFrom(doc: Record<string, unknown>): { settings: Settings; invalid: string[] } {
  const settings = { ...SETTING_DEFAULTS, keys: {} } as Settings;
  const invalid: string[] = [];
  for (const key of SETTING_KEYS) {
    if (!Object.hasOwn(doc, key)) continue;
    const checked = validateSetting(key, doc[key]);
    if (checked.ok) (settings as unknown as Record<string, unknown>)[key] = checked.value;
    else invalid.push(checked.message);
  }
  return { settings, invalid };
}

/** How a setting is shown by `reader config get/list`. */
export function formatSettingValue(value: unknown): string {
  if (value === null) return "full";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Colour is off when NO_COLOR is set (https://no-color.org, whatever the theme) or the theme is mono. */
export function colorEnabled(
  settings: Pick<Settings, "theme">,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const noColor = env["NO_COLOR"];
  if (noColor !== undefined && noColor !== "") return false;
  return settings.theme !== "mono";
}
