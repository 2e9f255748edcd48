// Politeness and sanity bounds on the network: at most `total` requests in flight, and `perHost` to any one
// host. Waiters are served first come, first served among those that fit, so a busy host does not block others.
// A request still waiting for its answer long after it was sent (`stalled`) gives its place in `total` to the next
// host's, up to as many again: hosts that hang would otherwise hold every place for the whole timeout, and the
// rest of a refresh would wait out a timeout of its own after theirs.

export interface RequestLimits {
  /** Requests in flight overall. */
  total: number;
  /** Requests in flight to one host (`URL.host`: name and port). */
  perHost: number;
}

/** Gives the place back (idempotent); `stalled` once the request has waited long for its answer. */
export type Release = (() => void) & { stalled(): void };

interface Waiter {
  host: string;
  grant: (release: Release) => void;
}

/** A FIFO counting semaphore keyed by host. `acquire` resolves with a release function (idempotent). */
export class RequestLimiter {
  readonly limits: RequestLimits;
  private active = 0;
  /** Requests in flight that stalled (not counted in `active`). */
  private stalledCount = 0;
  private readonly activeByHost = new Map<string, number>();
  private readonly queue: Waiter[] = [];

  constructor(limits: Partial<RequestLimits> = {}) {
    this.limits = { total: limits.total ?? 6, perHost: limits.perHost ?? 2 };
  }

  /** Waits for a slot for `host`. Rejects with the signal's reason if aborted while waiting. */
  acquire(host: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    // Every release re-dispatches, so no queued waiter fits now: one that fits is not jumping the line.
    if (this.fits(host)) return Promise.resolve(this.take(host));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        host,
        grant: (release) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
      };
      this.queue.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Runs `task` holding a slot for `host`; the slot is released when the task settles. */
  async run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(host, signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /** Requests in flight now (overall, stalled ones included; or to one host). */
  inFlight(host?: string): number {
    return host === undefined ? this.active + this.stalledCount : (this.activeByHost.get(host) ?? 0);
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  private fits(host: string): boolean {
    const { total, perHost } = this.limits;
    return (
      this.active < total &&
      this.active + this.stalledCount < 2 * total &&
      (this.activeByHost.get(host) ?? 0) < perHost
    );
  }

  private take(host: string): Release {
    this.active += 1;
    this.activeByHost.set(host, (this.activeByHost.get(host) ?? 0) + 1);
    let released = false;
    let stalled = false;
    const release = () => {
      if (released) return;
      released = true;
      if (stalled) this.stalledCount -= 1;
      else this.active -= 1;
      const left = (this.activeByHost.get(host) ?? 1) - 1;
      if (left === 0) this.activeByHost.delete(host);
      else this.activeByHost.set(host, left);
      this.dispatch();
    };
    return Object.assign(release, {
      stalled: () => {
        if (released || stalled) return;
        stalled = true;
        this.active -= 1;
        this.stalledCount += 1;
        this.dispatch();
      },
    });
  }

  private dispatch(): void {
    for (let i = 0; i < this.queue.length && this.active < this.limits.total;) {
      const waiter = this.queue[i];
      if (waiter && this.fits(waiter.host)) {
        this.queue.splice(i, 1);
        waiter.grant(this.take(waiter.host));
      } else {
        i += 1;
      }
    }
  }
}
