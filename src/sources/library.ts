// The one door the interface and the CLI use to get channels, lists and articles: it picks the source for a URL
// (the bundled sample site or the network with its cache), follows meta refreshes, joins multi-page articles,
// falls back to a channel's section page, and keeps parsed results in memory for this run.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Article, ArticleRef, Channel, FetchOptions, Resource, Source, Validators } from "../model.js";
import type { KeptArticle } from "../store/archive.js";
import type { UnchangedList } from "../store/kept.js";
import type { HttpCache } from "./cache.js";
import type { RequestLimiter } from "./limiter.js";
import { NoNetworkError, ReaderError, feedOfItemUrl, ownCopy, ownRef } from "../model.js";
import { sanitizeInline } from "../text/sanitize.js";
import { feedItemArticle, loadFeed, looksLikeFeed } from "./feed.js";
import { BODY_MAX, bodyLength, findNextPages, joinPages, loadArticle } from "./page.js";
import { findFeedLinks, findMetaRefresh } from "./section.js";
import { decodeBody } from "./decode.js";
import { ReplaySource, sampleSiteDir } from "./replay.js";

export interface ChannelList {
  title?: string;
  items: ArticleRef[];
  warnings: string[];
  /** Set when the list came from the cache because the network failed. */
  stale?: { fetchedAt: string; error?: string; noNetwork?: boolean };
  /** The address it was read from (the feed, or the channel's section page). */
  fromUrl?: string;
  /** The page the list belongs to: the feed's own `<link>` (its site or section), or the section page read. */
  link?: string;
}

export interface LibraryOptions {
  offline?: boolean;
  /** Extra sources tried before the network (tests). */
  sources?: Source[];
  /** The network source; created lazily when a non-sample URL is first asked for. */
  network?: () => Promise<Source & { close?: () => Promise<void> }>;
  /** The network source's cache: lets a fresh copy be used without asking the network, and pins bookmarks. */
  cache?: HttpCache;
  /** One deadline for all further pages of a multi-page article together (default 30 s). */
  morePagesMs?: number;
  /**
   * A channel's section page is asked for as well when its feed has not answered in this long (default 15 s, half
   * the request timeout): with every host hanging, the section page would otherwise wait out a timeout of its own
   * after the feed's. Used only if the feed fails.
   */
  fallbackAfterMs?: number;
  /** Told of every list and article had from the network (or the cache), to keep them (the archive). */
  keep?: Keeper;
  /** The network's request slots (its limiter): lent to the prefetch worker, whose requests count against them. */
  requestSlots?: Pick<RequestLimiter, "acquire">;
}

export interface Keeper {
  /** `unchanged`: the list was read back as it was, and is kept only if the archive does not hold it yet. */
  keepItems(channel: Channel, items: readonly ArticleRef[], unchanged?: UnchangedList): void;
  /** `validators`: the page's ETag/Last-Modified, to ask later whether it changed. */
  keepArticle(url: string, article: Article, validators?: Validators): void;
  /** The article kept from an earlier fetch: read when the page cannot be had, and revalidated with a 304. */
  keptArticle?(url: string): Promise<KeptArticle | undefined>;
  /** Resolves when the lists kept so far leave room for another (awaited before a feed is fetched). */
  room?(): Promise<void>;
}

export interface LoadOptions {
  signal?: AbortSignal;
  /** Use a cached copy younger than this without asking the network (start-up refresh interval). */
  maxAgeMs?: number;
  /** The list as loaded before: kept as it is when the server says nothing changed (no body read, no parse). */
  previous?: ChannelList;
  /**
   * The list as the interface keeps it (compactList), saved beside the cached feed so that the next start reads
   * it instead of parsing the feed again.
   */
  compact?: boolean;
}

const MAX_PAGES = 20;
const MAX_CACHED_ARTICLES = 8;
/** Further pages of an article asked for ahead of the one being joined (twice what a host is sent at a time). */
const MORE_PAGES_AHEAD = 4;
const MAX_META_REFRESH = 5;

export class Library {
  readonly sample: ReplaySource;
  private readonly extra: Source[];
  /** Only the cache and the sample site (`--offline`). */
  readonly offline: boolean;
  private readonly makeNetwork: LibraryOptions["network"];
  private network: ReturnType<NonNullable<LibraryOptions["network"]>> | undefined;
  private readonly cache: HttpCache | undefined;
  private readonly morePagesMs: number;
  private readonly fallbackAfterMs: number;
  private readonly keep: Keeper | undefined;
  readonly requestSlots: Pick<RequestLimiter, "acquire"> | undefined;
  private readonly articles = new Map<string, Promise<Article>>();
  /** Articles that are a cached copy because the network failed: not kept, so a retry asks again. */
  private readonly staleArticles = new WeakSet<Article>();

  constructor(options: LibraryOptions = {}) {
    this.sample = new ReplaySource(sampleSiteDir());
    this.extra = options.sources ?? [];
    this.offline = options.offline ?? false;
    this.makeNetwork = options.network;
    this.cache = options.cache;
    this.morePagesMs = options.morePagesMs ?? 30_000;
    this.fallbackAfterMs = options.fallbackAfterMs ?? 15_000;
    this.keep = options.keep;
    this.requestSlots = options.requestSlots;
  }

  /** Closes network connections so the process can end at once. */
  async close(): Promise<void> {
    if (this.network) await (await this.network).close?.();
  }

  /** A cached copy fetched less than `maxAgeMs` ago, as a Resource (no network). */
  private async freshFromCache(url: string, maxAgeMs: number | undefined): Promise<Resource | undefined> {
    if (!this.cache || maxAgeMs === undefined || this.sample.handles(url)) return undefined;
    // A refresh's: its age first, from the meta alone (and the directory's listing, so no file is looked for that
    // is not there, as at a cold refresh); the body is read only when it is fresh enough to be used. (Any age: the
    // entry itself, which another reader over the directory may have stored since it was listed.)
    if (maxAgeMs !== Infinity) {
      const meta = await this.cache.getMeta(url);
      if (!meta || Date.now() - new Date(meta.fetchedAt).getTime() > maxAgeMs) return undefined;
    }
    const entry = await this.cache.get(url);
    if (!entry || Date.now() - new Date(entry.meta.fetchedAt).getTime() > maxAgeMs) return undefined;
    return {
      requestedUrl: url,
      url: entry.meta.finalUrl,
      status: entry.meta.status,
      body: entry.body,
      ...(entry.meta.contentType !== undefined ? { contentType: entry.meta.contentType } : {}),
      sameAsCached: true,
    };
  }

  /** The bundled sample site's channels, in their order. */
  sampleChannels(): Channel[] {
    return this.sample.channels();
  }

  private async sourceFor(url: string): Promise<Source> {
    for (const source of [this.sample, ...this.extra]) if (source.handles(url)) return source;
    if (!this.makeNetwork) {
      throw new ReaderError(
        this.offline
          ? `offline: ${url} is not in the sample site or the cache`
          : `no source can fetch ${url}`,
      );
    }
    this.network ??= this.makeNetwork();
    const network = await this.network;
    if (!network.handles(url))
      throw new ReaderError(`cannot fetch ${url}: only http and https links are followed`);
    return network;
  }

  /** Fetches a URL and follows `<meta http-equiv=refresh>` redirects of HTML pages. */
  async fetch(url: string, signal?: AbortSignal, options?: FetchOptions): Promise<Resource> {
    let resource = await (await this.sourceFor(url)).fetch(url, signal, options);
    if (resource.notModified) return resource;
    for (let hops = 0; hops < MAX_META_REFRESH; hops++) {
      if (resource.status >= 400) {
        throw new ReaderError(`${resource.url}: HTTP ${resource.status}`);
      }
      const head = asLatin1(resource.body.subarray(0, 8192));
      // The regex spares the HTML parse on the (most) pages without a refresh. Only an HTML page's own refresh
      // counts: one inside a feed item's HTML is the item's text, and must not take the reader away from the feed.
      const target =
        /^\s*</.test(head) && /http-equiv\s*=\s*["']?refresh/i.test(head) && !looksLikeFeed(head)
          ? findMetaRefresh(head, resource.url)
          : undefined;
      if (!target || target === resource.url) return resource;
      resource = await (await this.sourceFor(target)).fetch(target, signal);
    }
    throw new ReaderError(`${url}: too many redirects`);
  }

  /**
   * Fetches a list's source, or gives `unchanged`: the list kept before (or saved at the last run) when the server
   * answers that nothing changed, or when the saved one is younger than `maxAgeMs`.
   */
  private async fetchList(
    url: string,
    options: LoadOptions,
  ): Promise<
    { resource: Resource; unchanged?: undefined; kept: boolean } | { unchanged: ChannelList; kept: boolean }
  > {
    let previous = options.previous?.fromUrl === url ? options.previous : undefined;
    // The list given was kept (or asked to be) when it was loaded in this run; whether a saved one is held, only
    // the archive knows (its writes may have been cut short).
    const kept = previous !== undefined;
    if (!previous && options.compact) {
      const saved = await this.savedList(url);
      const { maxAgeMs } = options;
      if (saved && maxAgeMs !== undefined && Date.now() - Date.parse(saved.fetchedAt) <= maxAgeMs)
        return { unchanged: saved.list, kept };
      previous = saved?.list;
    }
    let resource = await this.freshFromCache(url, options.maxAgeMs);
    if (!resource) {
      // A refresh of thousands of feeds brings items faster than the archive writes them: the next feed waits
      // until those waiting leave room, rather than all of them waiting in memory.
      await this.keep?.room?.();
      resource = await this.fetch(url, options.signal, { haveParsed: previous !== undefined });
    }
    if (!resource.notModified || !previous) return { resource, kept };
    const { stale: _, ...current } = previous;
    return { unchanged: previous.stale ? current : previous, kept };
  }

  /** The items of a list read back unchanged as parsed from its cached copy (with their summaries), if it is there. */
  private async parsedAgain(list: ChannelList): Promise<readonly ArticleRef[] | undefined> {
    const resource = list.fromUrl && (await this.freshFromCache(list.fromUrl, Infinity));
    return resource ? loadFeed(resource).items : undefined;
  }

  /** The list saved for `url` beside its cached copy (see LoadOptions.compact), when that copy is still there. */
  private async savedList(url: string): Promise<{ list: ChannelList; fetchedAt: string } | undefined> {
    if (!this.cache || this.sample.handles(url)) return undefined;
    const saved = await this.cache.getParsed(url).catch(() => undefined);
    const list = saved && listFromJson(saved.value, url);
    return list && { list, fetchedAt: saved.meta.fetchedAt };
  }

  /** The list as the caller asked for it; a compact one is saved for the next start. */
  private finish(list: ChannelList, resource: Resource, options: LoadOptions): ChannelList {
    if (!options.compact) return list;
    const compact = compactList(list);
    if (this.cache && !this.sample.handles(resource.requestedUrl)) {
      const { stale: _, ...kept } = compact;
      void this.cache.putParsed(resource.requestedUrl, kept).catch(() => undefined);
    }
    return compact;
  }

  async loadChannel(channel: Channel, options: LoadOptions = {}): Promise<ChannelList> {
    const { list, kept, parsed, again } = await this.readChannel(channel, options);
    // A list just parsed is kept whole: the compact one the interface holds has no summaries to search. One that
    // did not change is kept only if the archive does not hold it: keeping it again re-indexed every item of every
    // feed at each start and each refresh (most of a refresh's work when nothing changed).
    // So is one parsed again after a list loaded in this run: a server without validators sends the feed again
    // (often with only its date changed), and the list loaded before may be one released from memory, which has
    // no items to compare with. And so is one parsed from the copy the cache held (offline, a 304, a fresh copy):
    // at the first start the archive imports every cached feed, and each list was then kept a second time.
    // The archive's check compares the items and their summaries.
    if (parsed)
      this.keep?.keepItems(channel, parsed, kept || again ? { reread: async () => parsed } : undefined);
    else if (!kept) this.keep?.keepItems(channel, list.items, { reread: () => this.parsedAgain(list) });
    return list;
  }

  private async readChannel(
    channel: Channel,
    options: LoadOptions,
  ): Promise<{ list: ChannelList; kept?: boolean; parsed?: readonly ArticleRef[]; again?: boolean }> {
    const { signal } = options;
    // Why the feed was not used, for the message when the section page fails too.
    let feedProblem: string;
    let feedError: unknown;
    const fallback = channel.fallbackUrl ? this.fallbackIfSlow(channel.fallbackUrl, options) : undefined;
    try {
      const fetched = await this.fetchList(channel.url, options);
      if (fetched.unchanged) return { list: fetched.unchanged, kept: fetched.kept };
      const { resource, kept } = fetched;
      const feed = loadFeed(resource);
      if (feed.items.length === 0 && feed.fromPage && !channel.fallbackUrl) throw notAList(resource);
      if (feed.items.length > 0 || !channel.fallbackUrl) {
        const list: ChannelList = {
          title: feed.title,
          items: feed.items,
          warnings: feed.warnings,
          fromUrl: channel.url,
          ...(feed.link ? { link: feed.link } : {}),
          ...(resource.fromCache ? { stale: resource.fromCache } : {}),
        };
        return {
          list: this.finish(list, resource, options),
          parsed: list.items,
          kept,
          again: isCopy(resource),
        };
      }
      feedProblem = "the feed has no items";
    } catch (error) {
      if (!channel.fallbackUrl || signal?.aborted) throw error;
      feedProblem = `feed: ${messageOf(error)}`;
      feedError = error;
    } finally {
      fallback?.stop();
    }
    let resource: Resource;
    let kept: boolean;
    try {
      const fetched = await (fallback?.started() ?? this.fetchList(channel.fallbackUrl, options));
      if (fetched.unchanged) return { list: fetched.unchanged, kept: fetched.kept };
      ({ resource, kept } = fetched);
    } catch (error) {
      if (signal?.aborted) throw error;
      // Both failed for want of a network: still that, and said once.
      if (error instanceof NoNetworkError && feedError instanceof NoNetworkError) throw error;
      throw new ReaderError(`${feedProblem}; section page: ${messageOf(error)}`);
    }
    const section = loadFeed(resource);
    if (section.items.length === 0 && section.fromPage) {
      throw new ReaderError(`${feedProblem}; section page: ${notAList(resource).message}`);
    }
    const list: ChannelList = {
      title: section.title,
      items: section.items,
      warnings: section.warnings,
      fromUrl: channel.fallbackUrl,
      ...(section.link ? { link: section.link } : {}),
      ...(resource.fromCache ? { stale: resource.fromCache } : {}),
    };
    return { list: this.finish(list, resource, options), parsed: list.items, kept, again: isCopy(resource) };
  }

  /**
   * The section page of a channel, asked for once its feed has been waited for `fallbackAfterMs`; `stop` when the
   * feed is done. One asked for while the feed then answered is left to finish (into the cache): a host slow to
   * answer is no reason to drop it.
   */
  private fallbackIfSlow(url: string, options: LoadOptions) {
    let early: ReturnType<Library["fetchList"]> | undefined;
    const timer = setTimeout(() => {
      early = this.fetchList(url, options);
      early.catch(() => undefined);
    }, this.fallbackAfterMs);
    return { stop: () => clearTimeout(timer), started: () => early };
  }

  /**
   * A section opened from an article's breadcrumb, as a list: the articles its page lists, else those of the feed
   * the page names (`<link rel="alternate">`).
   */
  async loadSection(section: Channel, options: LoadOptions = {}): Promise<ChannelList> {
    try {
      return await this.loadChannel(section, options);
    } catch (error) {
      if (!(error instanceof NotAListError) || options.signal?.aborted) throw error;
      const found = await this.resolveFeed(section.url, options.signal);
      return this.loadChannel({ ...section, url: found.url }, options);
    }
  }

  /**
   * What to subscribe to for a URL a person typed: the feed itself, the feed a page names in
   * `<link rel="alternate">`, or a section list page that lists articles.
   */
  async resolveFeed(url: string, signal?: AbortSignal): Promise<{ url: string; title: string }> {
    const typed = url.trim();
    const bare = hostWithoutScheme(typed);
    if (bare) {
      // `people.com.cn/rss/politics.xml`, as people type addresses: https first, then http (many news sites'
      // feeds are still served on http alone).
      try {
        return await this.resolveFeed(`https://${bare}`, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        try {
          return await this.resolveFeed(`http://${bare}`, signal);
        } catch {
          throw error;
        }
      }
    }
    const resource = await this.fetch(webAddress(typed), signal);
    const feed = loadFeed(resource);
    const html = decodeBody(resource.body, resource.contentType, "html").text;
    const alternates =
      /^\s*</.test(html) && !/^\s*<\?xml|<(rss|feed|rdf:RDF)\b/i.test(html.slice(0, 2048))
        ? findFeedLinks(html, resource.url)
        : [];
    for (const link of alternates) {
      try {
        const linked = loadFeed(await this.fetch(link.url, signal));
        if (linked.items.length > 0) return { url: link.url, title: linked.title || link.title };
      } catch {
        // Try the next alternate, then the page itself.
      }
    }
    if (feed.items.length > 0) return { url: resource.url, title: feed.title || resource.url };
    throw new ReaderError(`no feed or article list found at ${url}`);
  }

  /**
   * What to add for a typed address (`a`, `reader add`): resolveFeed's feed; or, with no network (`--offline`, or
   * none at all: on a plane), the address itself with `pending` the text as typed — its feed is looked for at the
   * channel's first load with a network (Channel.pending).
   */
  async feedToAdd(
    text: string,
    signal?: AbortSignal,
  ): Promise<{ url: string; title?: string; pending?: string; reason?: string }> {
    try {
      return await this.resolveFeed(text, signal);
    } catch (error) {
      if (signal?.aborted || !(this.offline || error instanceof NoNetworkError)) throw error;
      const typed = text.trim();
      const bare = hostWithoutScheme(typed);
      // (https first, as resolveFeed tries it)
      return {
        url: bare ? new URL(`https://${bare}`).href : webAddress(typed),
        pending: typed,
        // Online, why it is pending: "no such host" is also what a mistyped host gives, which the person then sees.
        ...(this.offline ? {} : { reason: error instanceof Error ? error.message : String(error) }),
      };
    }
  }

  /** Keeps an article readable offline (bookmarks): pins it in the network cache. */
  async keepOffline(url: string): Promise<void> {
    // An item without a link is read from its feed: the feed is what must stay.
    const page = feedOfItemUrl(url) ?? url;
    if (this.sample.handles(page) || !this.cache) return;
    await this.cache.pin(page);
  }

  /**
   * Loads and parses an article, joining its further pages (`-2.html` …). Kept for the run, except a cached copy
   * given because the network failed: the next call asks the network again. `reload` asks again in any case.
   */
  loadArticle(
    url: string,
    signal?: AbortSignal,
    options: {
      reload?: boolean;
      /** Called with the first page of a multi-page article while its further pages load (to show it). */
      onFirstPage?: (article: Article) => void;
    } = {},
  ): Promise<Article> {
    let pending = options.reload ? undefined : this.articles.get(url);
    if (!pending) {
      const loading = this.fetchArticle(url, signal, options.onFirstPage);
      const forget = () => {
        if (this.articles.get(url) === loading) this.articles.delete(url);
      };
      loading.then((article) => {
        if (this.staleArticles.has(article)) forget();
      }, forget);
      this.articles.set(url, loading);
      // Parsed articles are kept for the run, up to a bound (the sample site and the cache can give them again).
      for (const oldest of this.articles.keys()) {
        if (this.articles.size <= MAX_CACHED_ARTICLES) break;
        this.articles.delete(oldest);
      }
      pending = loading;
    }
    return pending;
  }

  /**
   * Fetches and extracts an article for the `prefetch` setting, without holding it for the run (what the person
   * opens meanwhile stays in memory) and without keeping it: the caller keeps it when the interface is idle.
   * `beforeParse` is waited for between the download and the parse (the work that holds the event loop).
   * Undefined when there is nothing new to keep (the page could not be had, or only as a stale copy).
   */
  async prefetchArticle(
    url: string,
    signal?: AbortSignal,
    beforeParse?: () => Promise<void>,
  ): Promise<{ article: Article; validators?: Validators } | undefined> {
    let fetched: { article: Article; validators?: Validators } | undefined;
    await this.fetchArticle(url, signal, undefined, {
      ...(beforeParse ? { beforeParse } : {}),
      keep: (article, validators) => (fetched = { article, ...(validators ? { validators } : {}) }),
    });
    return fetched;
  }

  private async fetchArticle(
    url: string,
    signal?: AbortSignal,
    onFirstPage?: (article: Article) => void,
    hooks: {
      beforeParse?: () => Promise<void>;
      /** Instead of the keeper: what to do with an article fetched from the network. */
      keep?: (article: Article, validators: Validators | undefined) => void;
    } = {},
  ): Promise<Article> {
    const keep =
      hooks.keep ??
      ((article: Article, validators: Validators | undefined) =>
        this.keep?.keepArticle(url, article, validators));
    const feedUrl = feedOfItemUrl(url);
    if (feedUrl !== undefined) return this.fetchFeedItem(feedUrl, url, signal);
    // The page's copy in the archive when the HTTP cache has none (evicted, cleared): asked for with its
    // validators, and read when the page cannot be had.
    const kept = await this.keptWithoutCache(url);
    let resource: Resource;
    try {
      const validators = kept && validatorsOf(kept);
      resource = await this.fetch(url, signal, validators ? { validators } : undefined);
    } catch (error) {
      if (signal?.aborted) throw error;
      const copy = kept ?? (this.sample.handles(url) ? undefined : await this.keep?.keptArticle?.(url));
      if (!copy) throw error;
      return this.keptCopy(copy, this.offline ? undefined : messageOf(error));
    }
    if (resource.notModified && kept) {
      // Still current: kept as fetched now (so not pruned), and shown without fetching or parsing it again.
      keep(kept.article, validatorsOf(kept));
      return { ...kept.article, warnings: [] };
    }
    await hooks.beforeParse?.();
    let article = loadArticle(resource);
    const more = mayHaveMorePages(resource)
      ? findNextPages(asLatin1(resource.body), resource.url).slice(0, MAX_PAGES - 1)
      : [];
    if (more.length > 0) {
      onFirstPage?.({
        ...article,
        warnings: [...article.warnings, `loading pages 2–${more.length + 1}…`],
      });
      article = await this.withMorePages(article, more, signal);
    }
    // Kept before the warnings below are added: they describe this load, not the article.
    if (!resource.fromCache) keep(article, resource.validators);
    if (resource.fromCache) {
      if (resource.fromCache.error) this.staleArticles.add(article);
      const age = describeAge(resource.fromCache.fetchedAt);
      article.warnings.unshift(
        `cached copy from ${age}${resource.fromCache.error ? ` — ${resource.fromCache.error}` : ""}`,
      );
    }
    return article;
  }

  /**
   * The article with its further pages joined, in order. They are fetched a few ahead of the one joined (the
   * host's limiter decides how many at a time) under one deadline for them all, and no page is fetched or read
   * once the body is at BODY_MAX: a site with twenty hanging pages costs one wait, not twenty.
   */
  private async withMorePages(first: Article, urls: string[], signal?: AbortSignal): Promise<Article> {
    const stop = new AbortController();
    const onCallerAbort = () => stop.abort(signal?.reason);
    signal?.addEventListener("abort", onCallerAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop.abort(new ReaderError("the further pages took too long"));
    }, this.morePagesMs);
    type Fetched = { resource: Resource } | { error: unknown };
    const fetches: Promise<Fetched>[] = [];
    // Asked for a few pages ahead of the one joined: as fast as fetching all at once (the host's limiter lets two
    // through at a time), and once the body is at BODY_MAX no more than these few were downloaded for nothing.
    const askAhead = (from: number) => {
      for (let j = fetches.length; j < Math.min(urls.length, from + MORE_PAGES_AHEAD); j++)
        fetches.push(
          this.fetch(urls[j]!, stop.signal).then(
            (resource) => ({ resource }),
            (error: unknown) => ({ error }),
          ),
        );
    };
    const pages: Article[] = [];
    let total = bodyLength(first.body);
    try {
      for (const [i, url] of urls.entries()) {
        const left = `page${urls.length - i > 1 ? `s ${i + 2}–${urls.length + 1}` : ` ${i + 2}`}`;
        if (total >= BODY_MAX) {
          first.warnings.push(
            `${left} not loaded: the article is already ${BODY_MAX.toLocaleString("en")} characters`,
          );
          break;
        }
        askAhead(i);
        const result = await fetches[i]!;
        if (signal?.aborted) throw signal.reason;
        if (timedOut && "error" in result) {
          first.warnings.push(
            `${left} not loaded: no answer within ${Math.round(this.morePagesMs / 1000)} s`,
          );
          break;
        }
        if ("error" in result) {
          first.warnings.push(`page ${url} could not be loaded: ${messageOf(result.error)}`);
          continue;
        }
        const page = loadArticle(result.resource);
        pages.push(page);
        total += bodyLength(page.body);
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onCallerAbort);
      stop.abort(); // pages not needed after all (the cap was reached)
    }
    return joinPages(first, pages);
  }

  /** The archive's copy of a page the HTTP cache has no copy of (a network page, when there is an archive). */
  private async keptWithoutCache(url: string): Promise<KeptArticle | undefined> {
    if (!this.keep?.keptArticle || this.offline || this.sample.handles(url) || !/^https?:/i.test(url))
      return undefined;
    if (this.cache && (await this.cache.getMeta(url))) return undefined;
    return this.keep.keptArticle(url);
  }

  /** A kept article shown because the page could not be had: said so, and asked for again next time. */
  private keptCopy(kept: KeptArticle, error: string | undefined): Article {
    const age = describeAge(new Date(kept.fetchedAt).toISOString());
    const article: Article = {
      ...kept.article,
      warnings: [`cached copy from ${age}, kept for offline reading${error ? ` — ${error}` : ""}`],
    };
    this.staleArticles.add(article);
    return article;
  }

  /** An item without a link: its text from its feed (the cached copy when offline or the network fails). */
  private async fetchFeedItem(feedUrl: string, url: string, signal?: AbortSignal): Promise<Article> {
    const resource =
      (await this.freshFromCache(feedUrl, Number.POSITIVE_INFINITY)) ?? (await this.fetch(feedUrl, signal));
    const article = feedItemArticle(resource, url);
    if (!article) throw new ReaderError(`the feed no longer has this item (${feedUrl})`);
    return article;
  }
}

/**
 * False when the page cannot link to a further page of itself (`…-2.html`): its name followed by "-" is
 * nowhere in the bytes. Spares a second parse of every single-page article.
 */
function mayHaveMorePages(resource: Resource): boolean {
  let stem: string;
  try {
    const name = new URL(resource.url).pathname.split("/").pop() ?? "";
    stem = name.replace(/\.s?html?$/i, "").replace(/-\d{1,2}$/, "");
  } catch {
    return false;
  }
  if (!stem) return false;
  return Buffer.from(resource.body.buffer, resource.body.byteOffset, resource.body.byteLength).includes(
    `${stem}-`,
  );
}

/**
 * A list as the interface keeps it, for as long as it runs: what the rows show (no summaries), in strings of its
 * own (see ownCopy).
 */
export function compactList(list: ChannelList): ChannelList {
  // The item's identity in the archive (its guid) stays, so that keeping the list again finds the same rows.
  const items = list.items.map((item) => ownRef(item));
  const compact: ChannelList = { ...list, items, warnings: list.warnings.map(ownCopy) };
  if (list.title !== undefined) compact.title = ownCopy(list.title);
  return compact;
}

/**
 * Bytes as Latin-1 text, to look for ASCII markup in a body of any charset. Node's own reading: as its TextDecoder
 * gives "latin1" (0x80–0x9F as C1 controls too), at a seventieth of the cost (86 against 1.2 µs for 8 KB, and
 * every feed fetched was read so).
 */
function asLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** A list saved by `finish`, read back; undefined unless it has the expected shape. Text is sanitised again. */
function listFromJson(value: unknown, url: string): ChannelList | undefined {
  const v = value as {
    title?: unknown;
    items?: unknown;
    warnings?: unknown;
    fromUrl?: unknown;
    link?: unknown;
  } | null;
  if (!v || !Array.isArray(v.items) || !Array.isArray(v.warnings) || v.fromUrl !== url) return undefined;
  const text = (x: unknown): string | undefined => (typeof x === "string" ? sanitizeInline(x) : undefined);
  const items: ArticleRef[] = [];
  for (const raw of v.items as unknown[]) {
    const item = raw as Record<string, unknown> | null;
    const title = text(item?.["title"]);
    if (!item || title === undefined || typeof item["url"] !== "string") return undefined;
    const ref: ArticleRef = { title, url: item["url"] };
    const published = text(item["published"]);
    const source = text(item["source"]);
    // Identity only (never shown), as the feed parser kept it.
    if (typeof item["id"] === "string") ref.id = item["id"];
    if (published !== undefined) ref.published = published;
    if (source !== undefined) ref.source = source;
    items.push(ref);
  }
  const list: ChannelList = {
    items,
    warnings: (v.warnings as unknown[]).map((w) => text(w) ?? ""),
    fromUrl: url,
  };
  const title = text(v.title);
  if (title !== undefined) list.title = title;
  if (typeof v.link === "string" && /^https?:\/\//i.test(v.link)) list.link = v.link;
  return list;
}

/** An HTML page where a feed or a section list was expected, with no article links on it. */
class NotAListError extends ReaderError {
  override name = "NotAListError";
}

function notAList(resource: Resource): ReaderError {
  let host = resource.url;
  try {
    host = new URL(resource.url).hostname;
  } catch {
    // keep the URL as given
  }
  return new NotAListError(`${host} sent a page that is neither a feed nor a list of articles`);
}

/** The validators kept with an article, when it has any. */
function validatorsOf(kept: KeptArticle): Validators | undefined {
  if (kept.etag === undefined && kept.lastModified === undefined) return undefined;
  return {
    ...(kept.etag !== undefined ? { etag: kept.etag } : {}),
    ...(kept.lastModified !== undefined ? { lastModified: kept.lastModified } : {}),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "3 h ago", "2 d ago". */
export function describeAge(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} d ago`;
}

/** A web address typed without its scheme (`example.com/feed.xml`, `www.x.cn`): the host and path, else undefined. */
function hostWithoutScheme(text: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^/:]+:\d+(\/|$)/.test(text)) return undefined;
  // A host name with a dot and a letter in its last label (not `a.b` of a file, not a path): then anything.
  const match =
    /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}|localhost|\d{1,3}(?:\.\d{1,3}){3})(:\d+)?(?=[/?#]|$)/i.exec(
      text,
    );
  if (!match || /\s/.test(text)) return undefined;
  if (existsSync(text)) return undefined;
  return text;
}

/** A typed http(s) address, parsed; a ReaderError saying why when it is none. */
function webAddress(typed: string): string {
  let parsed: URL;
  try {
    parsed = new URL(typed);
  } catch {
    throw new ReaderError(notAnAddress(typed));
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ReaderError(
      parsed.protocol === "file:"
        ? notAnAddress(typed)
        : `only http and https URLs can be added: ${sanitizeInline(typed)}`,
    );
  }
  return parsed.href;
}

/** The body is one the cache held before: a list made of it may be in the archive already. */
function isCopy(resource: Resource): boolean {
  return resource.sameAsCached === true || resource.fromCache !== undefined;
}

/** Why a typed text is not a feed's address, with the way to read a feed file when it is one. */
function notAnAddress(typed: string): string {
  const shown = sanitizeInline(typed);
  const file = typed.startsWith("file:") ? safeFilePath(typed) : typed;
  if (file !== undefined && existsSync(file))
    return `${shown} is a file: a channel is added by its feed's web address (http:// or https://); \`reader list ${shown}\` reads a feed file`;
  return `not a web address: ${shown} (a feed's address starts with http:// or https://)`;
}

function safeFilePath(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}
