// What the screens show, derived from the loaded data and cached: articles in the display script (簡⇄繁, display
// only — the stored text is never converted), their layouts per width, search matches, and list items after a
// filter. Segmentation is done once per article and script; a resize only re-runs the cheap per-width pass.
import type { Article, ArticleRef, Link } from "../model.js";
import {
  layoutArticle,
  pieceHidden,
  pieceTexts,
  prepareArticle,
  type ArticleLayout,
  type PreparedArticle,
} from "../text/article.js";
import { convertArticle, needsConversion, type DisplayScript } from "../text/script.js";
import { filterTitles, rangeSpans, searchLayout, type SearchMatch } from "../text/search.js";
import type { LayoutOptions, RubyMode } from "../text/wrap.js";
import type { DataSnapshot } from "./data.js";

type Convert = (text: string) => string;

/** A breadcrumb step a reader can select and open, and the columns of each line it is drawn on. */
export interface Crumb {
  link: Link;
  spans: SearchMatch["spans"];
}

/** A Map that forgets its oldest entries past `limit`: bounded memory however many articles are opened. */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (this.has(key)) this.delete(key);
    super.set(key, value);
    while (this.size > this.limit) {
      const oldest = this.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    return this;
  }
}

export class Display {
  private script: DisplayScript = "original";
  private readonly converters = new Map<"hans" | "hant", Convert>();
  private readonly prepared = new BoundedMap<string, { source: Article; prepared: PreparedArticle }>(4);
  private readonly layouts = new BoundedMap<string, { prepared: PreparedArticle; layout: ArticleLayout }>(6);
  private readonly matches = new BoundedMap<string, SearchMatch[]>(16);
  private readonly titles = new BoundedMap<string, string>(5_000);
  // By list (the array of items a list holds): a list dropped takes its converted and filtered copies with it.
  private readonly convertedLists = new WeakMap<ArticleRef[], { convert: Convert; items: ArticleRef[] }>();
  private readonly filteredLists = new WeakMap<ArticleRef[], { needle: string; items: ArticleRef[] }>();
  // By layout: a layout dropped from its cache takes its crumbs with it.
  private readonly crumbSpans = new WeakMap<ArticleLayout, Crumb[]>();

  private ruby: RubyMode;

  constructor(private readonly options: LayoutOptions) {
    this.ruby = options.ruby;
  }

  get currentScript(): DisplayScript {
    return this.script;
  }

  get currentRuby(): RubyMode {
    return this.ruby;
  }

  /** Shows ruby readings hidden, inline or above the line (articles are laid out again). */
  setRuby(mode: RubyMode): void {
    this.ruby = mode;
  }

  /** Shows text in `script`; returns false while its converter is not loaded yet (shown as original). */
  setScript(script: DisplayScript): boolean {
    if (script !== this.script) {
      this.script = script;
      this.titles.clear();
    }
    return script === "original" || this.converters.has(script);
  }

  addConverter(target: "hans" | "hant", convert: Convert): void {
    this.converters.set(target, convert);
    this.titles.clear();
  }

  private converter(): Convert | undefined {
    return this.script === "original" ? undefined : this.converters.get(this.script);
  }

  /** The article as displayed: converted when the script asks for it and the page is not already in it. */
  article(data: DataSnapshot, url: string): Article | undefined {
    const load = data.articles.get(url);
    if (load?.status !== "ready") return undefined;
    return this.preparedFor(load.value)?.article;
  }

  private preparedFor(original: Article): PreparedArticle {
    const convert = this.converter();
    const target = this.script === "original" ? undefined : this.script;
    const converted = convert && target && needsConversion(original, target);
    const key = `${converted ? this.script : "original"}\u0000${this.ruby}\u0000${original.url}`;
    let entry = this.prepared.get(key);
    if (!entry || entry.source !== original) {
      const shown = converted ? convertArticle(original, convert) : original;
      entry = { source: original, prepared: prepareArticle(shown, { ...this.options, ruby: this.ruby }) };
      this.prepared.set(key, entry);
    }
    return entry.prepared;
  }

  layout(data: DataSnapshot, url: string, width: number): ArticleLayout | undefined {
    const load = data.articles.get(url);
    if (load?.status !== "ready") return undefined;
    const prepared = this.preparedFor(load.value);
    const key = `${this.script}\u0000${this.ruby}\u0000${width}\u0000${url}`;
    let entry = this.layouts.get(key);
    if (!entry || entry.prepared !== prepared) {
      entry = { prepared, layout: layoutArticle(prepared, width) };
      this.layouts.set(key, entry);
    }
    return entry.layout;
  }

  /** The breadcrumb steps that open a section, each with where it is on screen at `width`. */
  crumbs(data: DataSnapshot, url: string, width: number): Crumb[] {
    const layout = this.layout(data, url, width);
    const load = data.articles.get(url);
    if (!layout || load?.status !== "ready") return [];
    let found = this.crumbSpans.get(layout);
    if (!found) {
      const prepared = this.preparedFor(load.value);
      const { crumbs } = prepared;
      const spans = crumbs.length
        ? rangeSpans(pieceTexts(prepared), layout, crumbs, this.options.ambiguous)
        : [];
      found = crumbs.map((crumb, i) => ({ link: crumb.link, spans: spans[i] ?? [] }));
      this.crumbSpans.set(layout, found);
    }
    return found;
  }

  /** Matches of `query` in the article as laid out at `width` (the query in the display script too). */
  search(data: DataSnapshot, url: string, width: number, query: string): SearchMatch[] {
    const layout = this.layout(data, url, width);
    const load = data.articles.get(url);
    if (!layout || load?.status !== "ready") return [];
    const prepared = this.preparedFor(load.value);
    const convert = this.converter();
    // The words as typed and in the display script: a page already in the script is shown as written, so
    // `巡回督導組` must match as typed even though its 繁體 conversion is `巡迴督導組`.
    const needles = [...new Set([query, convert ? convert(query) : query])];
    const key = `${this.script}\u0000${this.ruby}\u0000${width}\u0000${url}\u0000${needles.join("\u0000")}`;
    let found = this.matches.get(key);
    if (!found) {
      const texts = pieceTexts(prepared);
      const hidden = pieceHidden(prepared);
      found = inTextOrder(
        needles.flatMap((n) => searchLayout(texts, layout, n, this.options.ambiguous, hidden)),
      );
      this.matches.set(key, found);
    }
    return found;
  }

  /**
   * A list's items as displayed: titles in the display script, filtered by what was typed after `/`. The same
   * list gives the same array from key to key (converted and filtered once, not for every key: a list may hold
   * 10,000 items), made of the same items (their rows' texts are kept by item).
   */
  items(items: ArticleRef[], filter: string | undefined): ArticleRef[] {
    const convert = this.converter();
    let shown = items;
    if (convert) {
      const converted = this.convertedLists.get(items);
      if (converted?.convert === convert) shown = converted.items;
      else {
        shown = items.map((item) => ({
          ...item,
          title: this.title(item.title, convert),
          ...(item.source ? { source: this.title(item.source, convert) } : {}),
        }));
        this.convertedLists.set(items, { convert, items: shown });
      }
    }
    if (!filter) return shown;
    const needle = convert ? convert(filter) : filter;
    const filtered = this.filteredLists.get(shown);
    if (filtered?.needle === needle) return filtered.items;
    const found = filterTitles(shown, needle);
    this.filteredLists.set(shown, { needle, items: found });
    return found;
  }

  private title(title: string, convert: Convert): string {
    let shown = this.titles.get(title);
    if (shown === undefined) {
      shown = convert(title);
      this.titles.set(title, shown);
    }
    return shown;
  }
}

/** Matches in the order of the text, each place once (two needles may match at the same place). */
function inTextOrder(matches: SearchMatch[]): SearchMatch[] {
  const at = (m: SearchMatch) => [m.spans[0]?.line ?? 0, m.spans[0]?.from ?? 0] as const;
  const sorted = [...matches].sort((a, b) => at(a)[0] - at(b)[0] || at(a)[1] - at(b)[1]);
  return sorted.filter((m, i) => {
    const before = sorted[i - 1];
    return !before || at(before)[0] !== at(m)[0] || at(before)[1] !== at(m)[1];
  });
}
