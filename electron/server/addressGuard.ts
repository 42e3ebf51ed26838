// Per peer address: how many sockets it holds, and how many unknown tokens it has presented.
// Decides whether a new socket is admitted (connections in total and per address) and whether an
// address must wait after failed authentications (back-off that doubles with each failure).
import type { SyncLimits } from './limits.ts';

export type Admission =
  | { ok: true }
  | { ok: false; status: number; cause: 'connections' | 'connectionsPerAddress' | 'backoff'; retryAfterS: number };

interface Failures {
  count: number;
  last: number;
  blockedUntil: number;
}

export class AddressGuard {
  private readonly open = new Map<string, number>();
  private total = 0;
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly limits: Pick<
      SyncLimits,
      'maxConnections' | 'maxConnectionsPerAddress' | 'authFailuresBeforeBackoff' | 'authBackoffBaseMs' | 'authBackoffMaxMs' | 'authFailureMemoryMs'
    >,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a new socket from `address` may open now. */
  admit(address: string): Admission {
    const wait = this.waitMs(address);
    if (wait > 0) return { ok: false, status: 429, cause: 'backoff', retryAfterS: Math.ceil(wait / 1000) };
    if (this.total >= this.limits.maxConnections) return { ok: false, status: 503, cause: 'connections', retryAfterS: 5 };
    if ((this.open.get(address) ?? 0) >= this.limits.maxConnectionsPerAddress) {
      return { ok: false, status: 429, cause: 'connectionsPerAddress', retryAfterS: 5 };
    }
    return { ok: true };
  }

  opened(address: string): void {
    this.total++;
    this.open.set(address, (this.open.get(address) ?? 0) + 1);
  }

  closed(address: string): void {
    this.total--;
    const n = (this.open.get(address) ?? 1) - 1;
    if (n <= 0) this.open.delete(address);
    else this.open.set(address, n);
  }

  /** Records an unknown token from `address`. */
  authFailed(address: string): void {
    const now = this.now();
    let f = this.failures.get(address);
    if (!f || now - f.last > this.limits.authFailureMemoryMs) f = { count: 0, last: now, blockedUntil: 0 };
    f.count++;
    f.last = now;
    const over = f.count - this.limits.authFailuresBeforeBackoff;
    if (over >= 0) {
      const wait = Math.min(this.limits.authBackoffMaxMs, this.limits.authBackoffBaseMs * 2 ** Math.min(over, 30));
      f.blockedUntil = now + wait;
    }
    this.failures.set(address, f);
    this.forgetOld(now);
  }

  /** How long `address` must still wait before its tokens are looked up again (0: it need not). */
  waitMs(address: string): number {
    const f = this.failures.get(address);
    return f ? Math.max(0, f.blockedUntil - this.now()) : 0;
  }

  /** Keeps the failure table from growing without bound under many addresses. */
  private forgetOld(now: number): void {
    if (this.failures.size < 10_000) return;
    for (const [address, f] of this.failures) {
      if (now - f.last > this.limits.authFailureMemoryMs && f.blockedUntil <= now) this.failures.delete(address);
    }
    // Still full (many addresses failing at once): the oldest entries go first.
    for (const address of this.failures.keys()) {
      if (this.failures.size < 10_000) break;
      this.failures.delete(address);
    }
  }
}
