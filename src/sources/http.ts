// The network source: undici's dispatcher with a handler of our own (see `ask`; not its fetch: a conditional GET
// of a feed that has not changed cost ~3× the CPU through fetch's Request, Headers and web streams) with our own
// redirect handling (so loops, counts
// and the final URL are known), content decoding, timeouts, a decoded-size limit, per-host politeness, and the
// on-disk cache as a fallback. Every failure becomes a ReaderError naming the host, because the screen shows it
// per channel as is.
import type { Readable, Transform } from "node:stream";
// First: it sets how V8 compiles undici's HTTP parser, which undici does as it loads.
import "./llhttp-liftoff.js";
// undici's parts one by one, not its index: that also loads its fetch, WebSocket, EventSource, cache and mocks,
// which doubled what loading undici cost after the first frame (~40 ms of CPU). Typed in undici-parts.d.ts.
import Agent from "undici/lib/dispatcher/agent.js";
import EnvHttpProxyAgent from "undici/lib/dispatcher/env-http-proxy-agent.js";
import DispatcherClass from "undici/lib/dispatcher/dispatcher.js";
import undiciApi from "undici/lib/api/index.js";
import undiciUtil from "undici/lib/core/util.js";
import type { Dispatcher } from "undici";
import packageJson from "../../package.json" with { type: "json" };
import { lazyBuiltin } from "../builtin.js";
import {
  NoNetworkError,
  ReaderError,
  type FetchOptions,
  type Resource,
  type Source,
  type Validators,
} from "../model.js";
import { sanitizeInline } from "../text/sanitize.js";
import {
  answerOffline,
  hostOf,
  resourceFromEntry,
  type CacheMeta,
  type HttpCache,
  type Refusal,
} from "./cache.js";
import { RequestLimiter } from "./limiter.js";
import { BODY_LIMIT_BYTES, formatBytes } from "./local-file.js";

// What undici's index does as it loads: the proxy agent tunnels an https:// URL with its client's `connect`.
Object.assign(DispatcherClass.prototype, undiciApi);

export interface HttpSourceOptions {
  /** Time to establish a TCP/TLS connection. */
  connectTimeoutMs?: number;
  /** Time for the whole fetch (all redirects and the body), counted from when a request slot is had. */
  totalTimeoutMs?: number;
  maxRedirects?: number;
  /** Limit on the decoded body. */
  maxBytes?: number;
  userAgent?: string;
  /** Conditional requests and the stale fallback; none when absent. */
  cache?: HttpCache;
  /** Answer only from the cache. */
  offline?: boolean;
  /** Concurrency bounds; default a new limiter with 6 overall and 2 per host. */
  limiter?: Pick<RequestLimiter, "acquire">;
}

export interface HttpFetchOptions extends FetchOptions {
  /**
   * Redirects already followed by the caller (a `<meta http-equiv=refresh>` counts as one), so the total
   * stays within `maxRedirects`.
   */
  redirectsSoFar?: number;
}

/** An HTTP status ≥ 400. `retryAfterSeconds` is set when a 429/503 said when to come back. */
export class HttpStatusError extends ReaderError {
  override name = "HttpStatusError";
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const DEFAULT_USER_AGENT = `cjk-reader/${packageJson.version} (+terminal news reader)`;

const ACCEPT =
  "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json," +
  "application/xml;q=0.9,*/*;q=0.8";
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A request with no answer after this part of the total timeout counts as stalled (see RequestLimiter). */
const STALL_PARTS = 10;

export class HttpSource implements Source {
  private readonly connectTimeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly maxRedirects: number;
  private readonly maxBytes: number;
  private readonly userAgent: string;
  private readonly cache: HttpCache | undefined;
  private readonly offline: boolean;
  private readonly limiter: Pick<RequestLimiter, "acquire">;
  private readonly dispatcher: Dispatcher;
  /**
   * Hosts that did not answer or could not be reached, with when and why. A request asked for before that (the
   * other channels of the same refresh, queued behind the one that waited) fails at once with the same message
   * instead of waiting out the timeout again; a request asked for later tries the host again.
   */
  private readonly hostFailures = new Map<string, { at: number; error: ReaderError }>();

  constructor(options: HttpSourceOptions = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.totalTimeoutMs = options.totalTimeoutMs ?? 30_000;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.maxBytes = options.maxBytes ?? BODY_LIMIT_BYTES;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.cache = options.cache;
    this.offline = options.offline ?? false;
    this.limiter = options.limiter ?? new RequestLimiter();
    const connect = { timeout: this.connectTimeoutMs };
    // Node's own limit on a response's headers (http.maxHeaderSize), given so that undici does not load node:http
    // to ask for it (scripts/build.mjs).
    const maxHeaderSize = MAX_HEADER_BYTES;
    // Proxy variables are read once, here. EnvHttpProxyAgent is only built when one is set: it is marked
    // experimental and says so on stderr. proxyTunnel false: http:// URLs go to the proxy in absolute form.
    const proxy = proxyFromEnvironment();
    this.dispatcher = proxy
      ? new EnvHttpProxyAgent({
          connect,
          maxHeaderSize,
          ...proxy,
          proxyTunnel: false,
        } as EnvHttpProxyAgent.Options)
      : new Agent({ connect, maxHeaderSize });
  }

  handles(url: string): boolean {
    const protocol = protocolOf(url);
    return protocol === "http:" || protocol === "https:";
  }

  /**
   * Fetches `url`, following redirects. Resolves with the body (2xx, or a cached copy on 304, offline, or when
   * the network failed and the cache has one — then `fromCache` is set). Rejects with a ReaderError
   * (HttpStatusError for statuses ≥ 400), or with the signal's reason when the caller aborts.
   */
  async fetch(url: string, signal?: AbortSignal, options: HttpFetchOptions = {}): Promise<Resource> {
    if (!this.handles(url)) throw new ReaderError(`Not a web address: ${sanitizeInline(url)}`);
    if (this.offline) return answerOffline(url, await this.cache?.get(url));
    // Only the validators before asking: the body is read back only if it is needed (a 304, or a failure).
    const cached = await this.cache?.getMeta(url);
    try {
      // A refusal is only looked for when there is no copy (a feed grown too large keeps its last copy).
      const refused = cached ? undefined : await this.cache?.refusal(url);
      return await this.download(url, cached, signal, options, refused);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const failure = error instanceof ReaderError ? error : describeFailure(error, hostOf(url));
      const copy = cached && (await this.cache?.get(url));
      if (copy)
        return resourceFromEntry(url, copy, {
          fetchedAt: copy.meta.fetchedAt,
          error: failure.message,
          ...(failure instanceof NoNetworkError ? { noNetwork: true } : {}),
        });
      throw failure;
    }
  }

  /** Closes idle connections; in-flight requests are aborted. */
  async close(): Promise<void> {
    await this.dispatcher.destroy();
  }

  private async download(
    url: string,
    cached: CacheMeta | undefined,
    signal: AbortSignal | undefined,
    options: HttpFetchOptions,
    refused?: Refusal,
  ): Promise<Resource> {
    const deadline = new AbortController();
    const onCallerAbort = (): void => deadline.abort(signal?.reason);
    if (signal?.aborted) throw signal.reason;
    signal?.addEventListener("abort", onCallerAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    let phase: "headers" | "body" = "headers";
    let current = url;
    const visited = new Set([url]);
    let redirects = options.redirectsSoFar ?? 0;
    const askedAt = performance.now();

    try {
      for (;;) {
        const target = new URL(current);
        const release = await this.limiter.acquire(target.host, deadline.signal);
        timer ??= setTimeout(() => {
          timedOut = true;
          deadline.abort(new Error("total timeout"));
        }, this.totalTimeoutMs);
        // Long without an answer, it lets the next host's request go meanwhile (see RequestLimiter).
        const stall = setTimeout(release.stalled, this.totalTimeoutMs / STALL_PARTS);
        try {
          const failed = this.hostFailures.get(target.host);
          if (failed && failed.at >= askedAt) throw failed.error;
          phase = "headers";
          const response = await ask(this.dispatcher, target, {
            // A refused answer's validators first: they are the newest known, and a 304 then spares the download.
            headers: this.requestHeaders(
              current === url && refused
                ? refused
                : cached
                  ? cached.finalUrl === current
                    ? cached
                    : undefined
                  : current === url
                    ? options.validators
                    : undefined,
            ),
            signal: deadline.signal,
          });
          clearTimeout(stall);
          const status = response.statusCode;

          if (REDIRECT_STATUSES.has(status)) {
            await discard(response);
            const next = redirectTarget(response, current);
            redirects += 1;
            if (visited.has(next)) {
              throw new ReaderError(
                `Redirect loop at ${target.hostname}: ${sanitizeInline(next)} was already visited`,
              );
            }
            if (redirects > this.maxRedirects) {
              throw new ReaderError(
                `Too many redirects from ${hostOf(url)} (more than ${this.maxRedirects}); stopped at ${target.hostname}`,
              );
            }
            visited.add(next);
            current = next;
            continue;
          }

          if (status === 304 && current === url && refused) {
            await discard(response);
            throw new ReaderError(refused.reason);
          }

          if (status === 304 && cached) {
            await discard(response);
            await this.refreshCache(url, response, cached);
            if (options.haveParsed) return notModified(url, cached);
            const entry = await this.cache?.get(url);
            if (entry) return { ...resourceFromEntry(url, entry), sameAsCached: true };
            // The copy went meanwhile (cleared by another reader): ask again without validators.
            cached = undefined;
            continue;
          }

          // No cached copy, but the caller keeps one elsewhere (asked with its validators): that one is current.
          if (status === 304 && !cached && current === url && options.validators) {
            await discard(response);
            return { requestedUrl: url, url, status: 304, body: new Uint8Array(0), notModified: true };
          }

          if (status >= 400) {
            await discard(response);
            throw statusError(response, target.hostname);
          }

          if (status < 200 || status > 299) {
            await discard(response);
            throw new ReaderError(`${target.hostname} answered HTTP ${status}, which the reader cannot use`);
          }

          phase = "body";
          const body = await this.readBody(url, response, target.hostname);
          if (refused) await this.cache?.forgetRefusal(url).catch(() => undefined);
          const contentType = header(response, "content-type");
          const resource: Resource = { requestedUrl: url, url: current, status, body };
          if (contentType !== undefined) resource.contentType = contentType;
          const contentLocation = header(response, "content-location");
          if (contentLocation) resource.contentLocation = contentLocation;
          const validators = validatorsOf(response);
          if (validators.etag !== undefined || validators.lastModified !== undefined)
            resource.validators = validators;
          // The body stored already, sent again whole (a server without validators): to a caller that has it parsed,
          // as a 304 would be.
          const stored = this.cache && status === 200 && (await this.store(url, resource, response, cached));
          if (stored === false && cached) {
            if (options.haveParsed) return notModified(url, cached);
            resource.sameAsCached = true;
          }
          return resource;
        } finally {
          clearTimeout(stall);
          release();
        }
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const target = new URL(current);
      if (timedOut) {
        const host = target.hostname;
        const failure = new ReaderError(
          phase === "headers"
            ? `${host} did not answer within ${formatSeconds(this.totalTimeoutMs)}`
            : `${host} was too slow: the page did not finish loading within ${formatSeconds(this.totalTimeoutMs)}`,
        );
        if (phase === "headers")
          this.hostFailures.set(target.host, { at: performance.now(), error: failure });
        throw failure;
      }
      if (error instanceof ReaderError) throw error;
      const failure = describeFailure(error, target.hostname, phase);
      if (phase === "headers" && UNREACHABLE.has(errorCode(error) ?? ""))
        this.hostFailures.set(target.host, { at: performance.now(), error: failure });
      throw failure;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onCallerAbort);
    }
  }

  /** The body within the size limit; a refused one is remembered with its validators (when it has some). */
  private async readBody(url: string, response: Answer, host: string): Promise<Uint8Array> {
    try {
      return await readLimited(response, this.maxBytes, host);
    } catch (error) {
      const validators = validatorsOf(response);
      if (error instanceof TooLargeError && (validators.etag || validators.lastModified))
        await this.cache?.refuse(url, { ...validators, reason: error.message }).catch(() => undefined);
      throw error;
    }
  }

  private requestHeaders(
    cached: { etag?: string; lastModified?: string } | undefined,
  ): Record<string, string> {
    const headers: Record<string, string> = {
      "user-agent": this.userAgent,
      accept: ACCEPT,
      "accept-encoding": "gzip, deflate, br",
    };
    if (cached?.etag) headers["if-none-match"] = cached.etag;
    if (cached?.lastModified) headers["if-modified-since"] = cached.lastModified;
    return headers;
  }

  /**
   * A cache that cannot be written (full disk, permissions) must not cost the user the page they just got.
   * Resolves with false when the body was the one stored (`cached`), which is then only marked fresh.
   */
  private async store(
    url: string,
    resource: Resource,
    response: Answer,
    cached: CacheMeta | undefined,
  ): Promise<boolean> {
    try {
      return (
        (await this.cache?.put(
          url,
          {
            finalUrl: resource.url,
            status: resource.status,
            ...definedOnly({ contentType: resource.contentType }),
            ...validatorsOf(response),
          },
          resource.body,
          cached,
        )) ?? true
      );
    } catch {
      // Not fatal: the next fetch simply has no cached copy.
      return true;
    }
  }

  // A cache that cannot be written costs only the time of the next revalidation.
  private async refreshCache(url: string, response: Answer, cached: CacheMeta): Promise<void> {
    try {
      await this.cache?.refresh(url, validatorsOf(response), cached);
    } catch {
      // Not fatal: the copy stays as it was.
    }
  }
}

// Lowercase first, as curl and undici do; an empty variable counts as unset (undici would let "" win).
function proxyFromEnvironment(): { httpProxy?: string; httpsProxy?: string; noProxy: string } | undefined {
  const read = (name: string): string | undefined =>
    process.env[name.toLowerCase()] || process.env[name.toUpperCase()] || undefined;
  const httpProxy = read("http_proxy");
  const httpsProxy = read("https_proxy");
  if (!httpProxy && !httpsProxy) return undefined;
  return { ...definedOnly({ httpProxy, httpsProxy }), noProxy: read("no_proxy") ?? "" };
}

/** The answer to a caller that has the stored body parsed (`haveParsed`) when that body is still current. */
function notModified(url: string, cached: CacheMeta): Resource {
  return {
    requestedUrl: url,
    url: cached.finalUrl,
    status: cached.status,
    body: new Uint8Array(0),
    notModified: true,
  };
}

/** What the server answered: the status, the headers (names in lower case) and, for a 2xx, the body not yet read. */
interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** A 2xx answer's body. Any other's is not kept: its bytes are dropped as they come (see `discard`). */
  body: Readable | undefined;
  /** Resolves once the whole answer has come, or its connection was given up (it always resolves). */
  ended: Promise<void>;
}

/** A body not read is dropped up to this size, so that its connection serves the next request; a longer one closes it. */
const DROPPED_BYTES_MAX = 128 * 1024;

/**
 * Asks for `url` through undici's dispatcher with a handler of our own. undici's `request` makes a stream, an
 * async resource and an abort listener of its own for every answer: for a feed that has not changed (a 304, no
 * body) that was a third of its cost, and most of the garbage a refresh of thousands of such feeds made.
 */
function ask(
  dispatcher: Dispatcher,
  url: URL,
  { headers, signal }: { headers: Record<string, string>; signal: AbortSignal },
): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    let abort: ((reason: Error) => void) | undefined;
    let answered = false;
    let finished = false;
    let body: Readable | undefined;
    let dropped = 0;
    let onEnded = (): void => {};
    const ended = new Promise<void>((resolveEnded) => (onEnded = resolveEnded));
    const reasonOf = (): Error =>
      signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
    const onAbort = (): void => abort?.(reasonOf());
    const finish = (): void => {
      finished = true;
      signal.removeEventListener("abort", onAbort);
      onEnded();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const handler: Dispatcher.DispatchHandlers = {
      onConnect(abortRequest) {
        abort = abortRequest;
        if (signal.aborted) abortRequest(reasonOf());
      },
      onHeaders(statusCode, rawHeaders, resume) {
        if (statusCode < 200) return true; // 1xx: the answer follows
        answered = true;
        if (statusCode <= 299)
          body = new (stream().Readable)({
            read: () => resume(),
            // Not read to its end (too large, an error): the request goes, and its connection with it.
            destroy: (error, callback) => {
              if (!finished) abort?.(error ?? new Error("the body was not read"));
              callback(error);
            },
          });
        resolve({ statusCode, headers: undiciUtil.parseHeaders(rawHeaders), body, ended });
        return true;
      },
      onData(chunk) {
        if (body) return body.push(chunk);
        dropped += chunk.byteLength;
        if (dropped > DROPPED_BYTES_MAX) abort?.(new Error("the body was not read"));
        return true;
      },
      onComplete() {
        finish();
        body?.push(null);
      },
      onError(error) {
        finish();
        if (!answered) reject(error);
        else body?.destroy(error);
      },
    };
    try {
      dispatcher.dispatch(
        { origin: url.origin, path: url.pathname + url.search, method: "GET", headers },
        handler,
      );
    } catch (error) {
      finish();
      reject(error as Error);
    }
  });
}

/** A header's value; several of the same name are joined with ", " (as the Fetch standard's `get` does). */
function header(response: Answer, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function redirectTarget(response: Answer, current: string): string {
  const host = new URL(current).hostname;
  const location = header(response, "location");
  if (!location) throw new ReaderError(`${host} sent a redirect without saying where to`);
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    throw new ReaderError(`${host} redirected to an invalid address`);
  }
  if (next.protocol !== "http:" && next.protocol !== "https:") {
    throw new ReaderError(
      `${host} redirected to a ${sanitizeInline(next.protocol)} address, which is not followed`,
    );
  }
  next.hash = "";
  return next.href;
}

/** A body over the size limit. */
class TooLargeError extends ReaderError {
  override name = "TooLargeError";
}

/** The body, decoded (Content-Encoding), within `maxBytes` of decoded bytes. */
async function readLimited(response: Answer, maxBytes: number, host: string): Promise<Uint8Array> {
  const tooLarge = (): ReaderError =>
    new TooLargeError(`The page from ${host} is larger than ${formatBytes(maxBytes)}; stopped reading`);
  const source = response.body;
  if (!source) throw new ReaderError(`${host} sent no body`);
  const encoding = header(response, "content-encoding");
  const declared = Number(header(response, "content-length"));
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    // Content-Length counts encoded bytes; only trust it up front when there is no encoding.
    if (!encoding && Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
    const decoders = decodersFor(encoding);
    const decoded = decoders.length
      ? (stream().pipeline([source, ...decoders], () => {
          // An error here is the last decoder's too, and comes out of the loop below.
        }) as unknown as Readable)
      : source;
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } finally {
    // Stopped early (too large, an error): the connection goes, not the rest of the body.
    if (!source.readableEnded) source.destroy();
  }
  const body = Buffer.concat(chunks, total);
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

const zlib = lazyBuiltin<typeof import("node:zlib")>("node:zlib");
const stream = lazyBuiltin<typeof import("node:stream")>("node:stream");
/** More codings than this on one body is no real server's (and could make the decoding itself the attack). */
const MAX_CODINGS = 5;

/**
 * Decoders for a Content-Encoding, last coding first, as browsers (and undici's fetch) read it: gzip, deflate
 * (zlib-wrapped or raw) and br; a coding the reader does not know leaves the body as sent. Lenient at the end
 * of a stream, as curl is: servers often cut the last block short.
 */
function decodersFor(encoding: string | undefined): Transform[] {
  if (!encoding) return [];
  const codings = encoding.toLowerCase().split(",");
  if (codings.length > MAX_CODINGS)
    throw new ReaderError(
      `The answer has ${codings.length} content codings; at most ${MAX_CODINGS} are read`,
    );
  const { constants } = zlib();
  const lenient = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
  const decoders: Transform[] = [];
  for (const coding of codings.reverse().map((c) => c.trim())) {
    if (coding === "gzip" || coding === "x-gzip") decoders.push(zlib().createGunzip(lenient));
    else if (coding === "deflate") decoders.push(inflate(lenient));
    else if (coding === "br")
      decoders.push(
        zlib().createBrotliDecompress({
          flush: constants.BROTLI_OPERATION_FLUSH,
          finishFlush: constants.BROTLI_OPERATION_FLUSH,
        }),
      );
    else return [];
  }
  return decoders;
}

/** "deflate" as servers send it: zlib-wrapped (as the standard says) or raw (as some do), told by its first byte. */
function inflate(options: import("node:zlib").ZlibOptions): Transform {
  let inner: Transform | undefined;
  return new (stream().Transform)({
    transform(chunk: Buffer, _encoding, done) {
      if (!inner) {
        if (chunk.length === 0) return done();
        inner =
          (chunk[0]! & 0x0f) === 0x08 ? zlib().createInflate(options) : zlib().createInflateRaw(options);
        inner.on("data", (data: Buffer) => this.push(data));
        inner.on("end", () => this.push(null));
        inner.on("error", (error) => this.destroy(error));
      }
      inner.write(chunk, done);
    },
    final(done) {
      if (!inner) return done();
      inner.once("end", () => done());
      inner.end();
    },
  });
}

/** Waits for the rest of a body that is not needed (a redirect's, an error page's: dropped as it comes, up to a
 * bound), so that the connection can be used again; a 2xx body not wanted closes it. */
async function discard(response: Answer): Promise<void> {
  response.body?.destroy();
  await response.ended;
}

/** Node's default http.maxHeaderSize (--max-http-header-size): 16 KiB. */
const MAX_HEADER_BYTES = 16_384;

// Only for its names of the statuses, when a server answers with an error: loading node:http (and its client,
// agent and server modules) cost ~2 ms of CPU in every refresh.
const http = lazyBuiltin<typeof import("node:http")>("node:http");

function statusError(response: Answer, host: string): HttpStatusError {
  const status = response.statusCode;
  const reason = http().STATUS_CODES[status] ?? "";
  let message = `${host} answered HTTP ${status}${reason ? ` ${reason}` : ""}`;
  const retryAfter = parseRetryAfter(header(response, "retry-after") ?? null);
  if (retryAfter !== undefined)
    message +=
      retryAfter > MAX_RETRY_AFTER_S
        ? "; it asks to retry later"
        : `; it asks to retry in ${formatDuration(retryAfter)}`;
  return new HttpStatusError(message, status, retryAfter);
}

/** A wait longer than this (a day) is no figure to act on: it is said as "later", and kept at this. */
const MAX_RETRY_AFTER_S = 86_400;

/** Retry-After as seconds from now (delta-seconds or an HTTP date), at most a day and a second. */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  let seconds: number;
  if (/^\d+$/.test(trimmed)) seconds = Number(trimmed);
  else {
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return undefined;
    seconds = Math.max(0, Math.round((date - now.getTime()) / 1000));
  }
  // A site's figure of years (or digits beyond a double's precision) becomes "later", never a number.
  return Math.min(seconds, MAX_RETRY_AFTER_S + 1);
}

/** Errors that say the host cannot be reached at all (as opposed to one request going wrong). */
const UNREACHABLE = new Set([
  "ENOTFOUND",
  "EAI_NONAME",
  "EAI_NODATA",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "ETIMEDOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

/** Turns what undici threw into a sentence about the host. */
function describeFailure(error: unknown, host: string, phase: "headers" | "body" = "headers"): ReaderError {
  const code = errorCode(error);
  if (phase === "body") return new ReaderError(`The connection to ${host} was cut off mid-download`);
  switch (code) {
    case "ECONNREFUSED":
      return new ReaderError(`Could not connect to ${host}: connection refused`);
    case "ENOTFOUND":
    case "EAI_NONAME":
    case "EAI_NODATA":
      return new NoNetworkError(`Could not find ${host}: no such host (DNS lookup failed)`);
    case "EAI_AGAIN":
      return new NoNetworkError(`Could not look up ${host}: DNS is not answering (offline?)`);
    case "UND_ERR_CONNECT_TIMEOUT":
    case "ETIMEDOUT":
      return new ReaderError(`Could not connect to ${host}: it did not accept the connection in time`);
    case "ENETUNREACH":
    case "EHOSTUNREACH":
      return new NoNetworkError(`Could not reach ${host}: the network is unreachable`);
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
    case "EPIPE":
      return new ReaderError(`${host} closed the connection without answering`);
    case "UND_ERR_HEADERS_TIMEOUT":
      return new ReaderError(`${host} did not answer in time`);
    default:
      if (code?.startsWith("HPE_")) return new ReaderError(`${host} sent a malformed HTTP response`);
      if (code && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
        return new ReaderError(`The secure connection to ${host} could not be verified (${code})`);
      }
      return new ReaderError(`Could not load from ${host}${code ? ` (${sanitizeInline(code)})` : ""}`);
  }
}

// undici may wrap the system error (a cause), sometimes in an AggregateError of attempts.
function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string") return code;
    current = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return undefined;
}

/** The response's ETag and Last-Modified, those it has. */
function validatorsOf(response: Answer): Validators {
  return definedOnly({ etag: header(response, "etag"), lastModified: header(response, "last-modified") });
}

function definedOnly<T extends Record<string, string | undefined>>(record: T): { [K in keyof T]?: string } {
  const result: { [K in keyof T]?: string } = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined) result[key as keyof T] = value;
  }
  return result;
}

function protocolOf(url: string): string | undefined {
  try {
    return new URL(url).protocol;
  } catch {
    return undefined;
  }
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
