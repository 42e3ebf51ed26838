// Throttling of wrong meeting codes. Without it a script on the room's network tried about 33,000
// codes a second. Two limits, both checked before a code is even compared:
//  - per address: a few wrong codes are free (typos), then each further one must wait twice as long
//    as the one before (1 s, 2 s, 4 s, … up to a minute);
//  - globally: wrong codes from all addresses together draw on one bucket (a burst, then a few a
//    second), so many addresses cannot add up to a fast guesser. The bucket holds back only
//    addresses that have sent a wrong code before: the first code from an address is always
//    compared, so a guest typing the right code is never locked out by someone else's guessing.
//    (A guesser with many addresses gains one guess per new address; against a code of 74 bits,
//    code.ts, that is nothing.)
// The same wrong code sent again by one address (the app asks once per document) counts once.
// Plain data and an injectable clock: no timers, nothing to dispose.

export interface ThrottleOptions {
  /** Wrong codes an address may send before it has to wait (default 5). */
  freeFailures?: number;
  /** The first wait after those (default 1,000 ms), doubled per further wrong code… */
  baseDelayMs?: number;
  /** …up to this (default 60,000 ms). */
  maxDelayMs?: number;
  /** Wrong codes all addresses together may send at once (default 20)… */
  globalBurst?: number;
  /** …refilled at this rate per second (default 2). */
  globalPerSecond?: number;
  /** An address that sent no wrong code for this long starts afresh (default 10 minutes). */
  forgetAfterMs?: number;
  /** Addresses remembered at most (default 10,000; the oldest is forgotten first). */
  maxAddresses?: number;
  now?: () => number;
}

/** Whether a code from an address may be compared now; if not, for how long it must wait. */
export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

interface AddressState {
  failures: number;
  lastFailureAt: number;
  notBefore: number;
  /** Wrong codes this address already paid for (bounded). */
  seen: Set<string>;
}

/** A few typos per address are remembered (bounded: 10,000 addresses × 8 codes at most). */
const MAX_SEEN_PER_ADDRESS = 8;

export class GuessThrottle {
  private readonly addresses = new Map<string, AddressState>();
  private tokens: number;
  private refilledAt: number;
  private readonly o: Required<ThrottleOptions>;
  /** Codes compared and codes turned away unseen, since start (for tests and logs). */
  readonly counts = { compared: 0, refused: 0 };

  constructor(options: ThrottleOptions = {}) {
    this.o = {
      freeFailures: 5,
      baseDelayMs: 1000,
      maxDelayMs: 60_000,
      globalBurst: 20,
      globalPerSecond: 2,
      forgetAfterMs: 10 * 60_000,
      maxAddresses: 10_000,
      now: () => Date.now(),
      ...options,
    };
    this.tokens = this.o.globalBurst;
    this.refilledAt = this.o.now();
  }

  /** Call before comparing a code from `address`; `code` is the normalised code it sent. */
  admit(address: string, code: string): Admission {
    const now = this.o.now();
    this.refill(now);
    const state = this.state(address, now);
    // A code already known to be wrong is answered as wrong again without cost or comparison.
    if (state?.seen.has(code)) {
      this.counts.compared++;
      return { ok: true };
    }
    if (state && now < state.notBefore) return this.refuse(state.notBefore - now);
    if (state && this.tokens < 1) return this.refuse(Math.ceil(((1 - this.tokens) / this.o.globalPerSecond) * 1000));
    this.counts.compared++;
    return { ok: true };
  }

  /** The code from `address` was wrong. */
  failed(address: string, code: string): void {
    const now = this.o.now();
    let state = this.state(address, now);
    if (state?.seen.has(code)) return;
    if (!state) {
      if (this.addresses.size >= this.o.maxAddresses) this.addresses.delete(this.addresses.keys().next().value!);
      state = { failures: 0, lastFailureAt: now, notBefore: 0, seen: new Set() };
      this.addresses.set(address, state);
    }
    if (state.seen.size < MAX_SEEN_PER_ADDRESS) state.seen.add(code);
    state.failures++;
    state.lastFailureAt = now;
    this.tokens -= 1;
    // After the last free one, the address waits 1 s, then 2 s, 4 s, …
    const over = state.failures - this.o.freeFailures + 1;
    if (over > 0) state.notBefore = now + Math.min(this.o.baseDelayMs * 2 ** Math.min(over - 1, 30), this.o.maxDelayMs);
  }

  /** The code from `address` was right: its wrong ones are forgiven. */
  succeeded(address: string): void {
    this.addresses.delete(address);
  }

  private state(address: string, now: number): AddressState | undefined {
    const state = this.addresses.get(address);
    if (state && now - state.lastFailureAt > this.o.forgetAfterMs && now >= state.notBefore) {
      this.addresses.delete(address);
      return undefined;
    }
    return state;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.o.globalBurst, this.tokens + ((now - this.refilledAt) / 1000) * this.o.globalPerSecond);
    this.refilledAt = now;
  }

  private refuse(retryAfterMs: number): Admission {
    this.counts.refused++;
    return { ok: false, retryAfterMs };
  }
}
