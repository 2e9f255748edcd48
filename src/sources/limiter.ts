// Politeness and sanity bounds on the network: at most `total` requests in flight, and `perHost` to any one
// host. Waiters are served first come, first served among those that fit, so a busy host does not block others.

export interface RequestLimits {
  /** Requests in flight overall. */
  total: number;
  /** Requests in flight to one host (`URL.host`: name and port). */
  perHost: number;
}

interface Waiter {
  host: string;
  grant: (release: () => void) => void;
}

/** A FIFO counting semaphore keyed by host. `acquire` resolves with a release function (idempotent). */
export class RequestLimiter {
  readonly limits: RequestLimits;
  private active = 0;
  private readonly activeByHost = new Map<string, number>();
  private readonly queue: Waiter[] = [];

  constructor(limits: Partial<RequestLimits> = {}) {
    this.limits = { total: limits.total ?? 6, perHost: limits.perHost ?? 2 };
  }

  /** Waits for a slot for `host`. Rejects with the signal's reason if aborted while waiting. */
  acquire(host: string, signal?: AbortSignal): Promise<() => void> {
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

  /** Requests in flight now (overall, or to one host). */
  inFlight(host?: string): number {
    return host === undefined ? this.active : (this.activeByHost.get(host) ?? 0);
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  private fits(host: string): boolean {
    return this.active < this.limits.total && (this.activeByHost.get(host) ?? 0) < this.limits.perHost;
  }

  private take(host: string): () => void {
    this.active += 1;
    this.activeByHost.set(host, (this.activeByHost.get(host) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      const left = (this.activeByHost.get(host) ?? 1) - 1;
      if (left === 0) this.activeByHost.delete(host);
      else this.activeByHost.set(host, left);
      this.dispatch();
    };
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
