// config.json (the settings) and channels.json (the channel list), in the layout conf kept them in (earlier versions
// of reader used it, and read what this writes): a broken file is moved aside (never overwritten), invalid values
// are reset with a kept copy of the original, every change is a read-merge-write under a lock so concurrent reader
// processes all land, and a read-only directory still gives a working (unsaved) document. conf itself is not used:
// its schema validator (ajv) is ~200 KB of code and it imports node:crypto and node:util whole, which cost ~13 ms of
// the main thread in the middle of every cold refresh (bench-tui --only=scale); a change is written the way conf
// wrote it (same locking, same atomic rename, same JSON), and a file broken by hand is refused as conf refused it.
import fs from "node:fs";
import path from "node:path";
import { ReaderError } from "../model.js";
import { writeFileAtomic } from "./atomic-write.js";
import { channelFromJson, CHANNELS_SCHEMA } from "./channel-list.js";
import { withFileLock } from "./file-lock.js";
import { SETTINGS_SCHEMA, SETTING_KEYS, validateSetting } from "./settings.js";
import { isMissingFile, StoreWriteError, writeFailure } from "./store-error.js";

export type ConfigDoc = Record<string, unknown>;

/** Version of the config.json layout; the migrations up to it are applied as a file is read. */
export const CONFIG_FORMAT_VERSION = "1.0.0";

/** Keyed by the format version that introduced them; each upgrades a document in place. */
interface MigrationStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  has(key: string): boolean;
  delete(key: string): void;
}

const MIGRATIONS: Record<string, (store: MigrationStore) => void> = {
  // 1.0.0: the first layout. Versions before it kept the channel list as `sources`.
  "1.0.0": (store) => {
    const legacy = store.get("sources");
    if (Array.isArray(legacy) && !store.has("channels")) {
      store.set("channels", legacy);
      store.delete("sources");
    }
  },
};

function versionParts(version: string): number[] {
  return version.split(".").map((part) => Number.parseInt(part, 10) || 0);
}

function versionBefore(a: string, b: string): boolean {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
}

/** The migrations conf would run on the file, applied to a document read without conf. */
function migrateInMemory(doc: ConfigDoc, kind: DocumentKind): void {
  if (!kind.migrations) return;
  const internal = doc["__internal__"] as { migrations?: { version?: unknown } } | undefined;
  const done = typeof internal?.migrations?.version === "string" ? internal.migrations.version : "0.0.0";
  const store: MigrationStore = {
    get: (key) => doc[key],
    set: (key, value) => void (doc[key] = value),
    has: (key) => Object.hasOwn(doc, key),
    delete: (key) => void delete doc[key],
  };
  for (const [version, migrate] of Object.entries(MIGRATIONS))
    if (versionBefore(done, version) && !versionBefore(CONFIG_FORMAT_VERSION, version)) migrate(store);
}

const CHANNEL_FILE_SCHEMA = {
  channels: CHANNELS_SCHEMA,
  knownBuiltins: { type: "array", items: { type: "string" } },
};

/** How the warning for a directory that cannot be written begins. */
export const READ_ONLY_WARNING = "Settings and sources cannot be saved";

/** Which file a ConfigDocument keeps, and what conf checks in it. */
export interface DocumentKind {
  /** The file is `<name>.json`. */
  name: string;
  schema: Record<string, unknown>;
  /** Layout migrations (config.json only). */
  migrations?: typeof MIGRATIONS;
}

/**
 * config.json: the settings, and the user's own keys. Versions before channels.json kept the channel list here
 * too (so its schema still knows the list): every settings key then rewrote every channel.
 */
export const CONFIG_FILE: DocumentKind = {
  name: "config",
  schema: { ...SETTINGS_SCHEMA, ...CHANNEL_FILE_SCHEMA },
  migrations: MIGRATIONS,
};

/** channels.json: the channel list, and which built-in channels the user has seen. */
export const CHANNELS_FILE: DocumentKind = { name: "channels", schema: CHANNEL_FILE_SCHEMA };

/** A time usable in a file name on every system (ISO 8601 with `:` replaced). */
function fileTime(now = new Date()): string {
  return now.toISOString().replace(/:/g, "-");
}

function isPlainObject(value: unknown): value is ConfigDoc {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Resets invalid known values in place; returns what was wrong. Unknown keys are left alone. */
function repair(doc: ConfigDoc): string[] {
  const problems: string[] = [];
  for (const key of SETTING_KEYS) {
    if (!Object.hasOwn(doc, key)) continue;
    const checked = validateSetting(key, doc[key]);
    if (!checked.ok) {
      problems.push(checked.message);
      delete doc[key];
    }
  }
  if (Object.hasOwn(doc, "channels")) {
    const raw = doc["channels"];
    if (!Array.isArray(raw)) {
      problems.push("channels: not a list");
      delete doc["channels"];
    } else {
      const kept = raw.map(channelFromJson).filter((c) => c !== undefined);
      if (kept.length !== raw.length) problems.push(`channels: ${raw.length - kept.length} unusable entries`);
      doc["channels"] = kept;
    }
  }
  const known = doc["knownBuiltins"];
  if (known !== undefined && !(Array.isArray(known) && known.every((k) => typeof k === "string"))) {
    problems.push("knownBuiltins: not a list of ids");
    delete doc["knownBuiltins"];
  }
  return problems;
}

function brokenByHand(file: string, why: string): StoreWriteError {
  return new StoreWriteError(
    `Could not save ${file}: it was changed by hand and is no longer valid (${why}). Fix or remove it; it was left as it is.`,
  );
}

export class ConfigDocument {
  /** The document as last read or written; reads are served from here. */
  doc: ConfigDoc = {};
  readonly warnings: string[] = [];
  /** Set when the directory could not be written at open: why, to show. */
  readOnlyReason: string | undefined;
  readonly file: string;

  constructor(
    readonly dir: string,
    private readonly kind: DocumentKind = CONFIG_FILE,
  ) {
    this.file = path.join(dir, `${kind.name}.json`);
    this.open();
  }

  private open(): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      withFileLock(this.file, () => this.openLocked(), { timeoutMs: 1_000 });
    } catch (error) {
      if (error instanceof StoreWriteError && error.code === "ELOCKED") {
        // Another process is writing (or stopped mid-write): read what is there; a change waits for it then.
        this.doc = this.readWithoutWriting();
        migrateInMemory(this.doc, this.kind);
        return;
      }
      const failure = writeFailure(error, this.file);
      this.readOnlyReason = failure.message
        .replace(/^Could not save /, "")
        .replace(/\.? The change lasts.*$/, "");
      this.warnings.push(`${READ_ONLY_WARNING} (${this.readOnlyReason}); changes last until you quit.`);
      this.doc = this.readWithoutWriting();
      migrateInMemory(this.doc, this.kind);
    }
  }

  private openLocked(): void {
    this.setAsideIfBroken();
    this.doc = this.readWithoutWriting();
    migrateInMemory(this.doc, this.kind);
  }

  /** Moves a file that is not JSON aside; repairs invalid values, keeping a copy of the original. */
  private setAsideIfBroken(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (error) {
      if (isMissingFile(error)) return;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.moveAside(`it is not valid JSON (${(error as Error).message})`);
      return;
    }
    if (!isPlainObject(parsed)) {
      this.moveAside("it is not a JSON object");
      return;
    }
    const problems = repair(parsed);
    if (problems.length > 0) {
      const kept = `${this.file}.corrupt-${fileTime()}`;
      fs.copyFileSync(this.file, kept, fs.constants.COPYFILE_EXCL);
      writeFileAtomic(this.file, JSON.stringify(parsed, null, "\t"));
      this.warnings.push(
        `${this.file} had invalid values, reset to their defaults: ${problems.join("; ")}. ` +
          `The original is kept as ${kept}.`,
      );
    }
  }

  private moveAside(why: string): void {
    const aside = `${this.file}.corrupt-${fileTime()}`;
    fs.renameSync(this.file, aside);
    this.warnings.push(
      `${this.file} could not be read: ${why}. It was moved to ${aside}; defaults are used.`,
    );
  }

  /** The file as it is, invalid values dropped in memory (defaults apply), or {} when missing or unreadable. */
  private readWithoutWriting(warnings = this.warnings): ConfigDoc {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file, "utf8"));
      if (isPlainObject(parsed)) {
        const problems = repair(parsed);
        if (problems.length > 0)
          this.warnings.push(`${this.file} has invalid values (defaults used): ${problems.join("; ")}`);
        return parsed;
      }
      warnings.push(`${this.file} is not a JSON object; defaults are used (the file is left as it is).`);
    } catch (error) {
      if (!isMissingFile(error))
        this.warnings.push(
          `${this.file} could not be read (${(error as Error).message}); defaults are used.`,
        );
    }
    return {};
  }

  /**
   * Applies `change` to the document as it is on disk now (so another process's changes are kept) and saves
   * it. When saving is impossible the change is applied in memory and a StoreWriteError is thrown.
   */
  update(change: (doc: ConfigDoc) => void): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      withFileLock(this.file, () => {
        // The file as it is now (another process's changes kept), refused when broken by hand meanwhile.
        const fresh = this.readForChange();
        migrateInMemory(fresh, this.kind);
        change(fresh);
        writeFileAtomic(this.file, JSON.stringify(fresh, null, "\t"));
        this.doc = fresh;
      });
    } catch (error) {
      // A refused change (bad input) is not a disk problem: nothing to apply, tell the caller as it is.
      if (error instanceof ReaderError && !(error instanceof StoreWriteError)) throw error;
      change(this.doc);
      throw writeFailure(error, this.file);
    }
  }

  /**
   * The file as it is now, for a change to be applied to, {} when it is missing. Throws, leaving it as it is, when
   * it is no longer a JSON object or holds a value its schema refuses (broken by hand meanwhile), as conf does:
   * written with that value dropped, a key binding mistyped lost all the others, a channel edited its entry.
   */
  private readForChange(): ConfigDoc {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (error) {
      if (isMissingFile(error)) return {};
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw brokenByHand(this.file, (error as Error).message);
    }
    if (!isPlainObject(parsed)) throw brokenByHand(this.file, "it is not a JSON object");
    const problems = repair(parsed);
    if (problems.length > 0) throw brokenByHand(this.file, problems.join("; "));
    return parsed;
  }

  /** Re-reads the file (changes made by another process). */
  reload(): void {
    const doc = this.readWithoutWriting([]);
    migrateInMemory(doc, this.kind);
    this.doc = doc;
  }
}
