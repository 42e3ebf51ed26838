// Signature verification as seen by shared code: the Ed25519 check is injected (the main process and
// the server pass electron/identity/ed25519.ts's verifyBytes; the renderer passes its WebCrypto
// verifier, renderer/src/identity/), and every outcome is remembered per signature, so a replica
// verifies each entry once however often the overview, the chips and the log are recomputed. A
// cache may also be given the digests of signatures verified in an earlier run (remember; the
// window gets them from its workspace): a check that matches one counts as verified without
// verifying again, and what is newly verified is handed out to be kept (takeNewlyVerified).
import { verdictDigest } from './digest.ts';

/**
 * Whether `signature` is `publicKey`'s Ed25519 signature of `bytes`. Never throws. A verifier that
 * checks asynchronously (WebCrypto in the renderer) answers 'pending' until it knows; a pending
 * signature counts as not verified (yet), and the verifier stores the answer in the cache when done.
 */
export type Verify = (publicKey: string, bytes: Uint8Array, signature: string) => boolean | 'pending';

/** One Ed25519 check: whether `signature` is `publicKey`'s signature of `bytes`. */
export interface SignatureCheck {
  publicKey: string;
  bytes: Uint8Array;
  signature: string;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface Remembered {
  publicKey: string;
  bytes: Uint8Array;
  ok: boolean;
}

/**
 * Verdicts of signature checks, keyed by the signature string. A verdict is reused only for the same
 * key and the same message bytes: a valid signature copied onto altered content is a different
 * message, so it is verified (and fails) instead of inheriting the verdict. Bounded: the oldest half
 * is forgotten when it grows past `max`.
 */
export class VerdictCache {
  private readonly verdicts = new Map<string, Remembered>();
  private listeners = new Set<() => void>();
  /** Digests of signatures verified before (verdictDigest). */
  private readonly known = new Set<string>();
  /** Digests of signatures verified since the last takeNewlyVerified. */
  private fresh: string[] = [];

  /** `collectVerified`: hand newly verified signatures out (takeNewlyVerified) — the window's cache,
   *  whose verdicts its workspace keeps; a digest costs a SHA-256, so others do not. */
  constructor(
    private readonly max = 200_000,
    private readonly collectVerified = false,
  ) {}

  /** The remembered verdict, or undefined when this exact check was never made. */
  lookup(publicKey: string, bytes: Uint8Array, signature: string): boolean | undefined {
    const known = this.verdicts.get(signature);
    if (known !== undefined && known.publicKey === publicKey && sameBytes(known.bytes, bytes)) return known.ok;
    if (this.known.size > 0 && this.known.has(verdictDigest(publicKey, bytes, signature))) {
      this.keep(publicKey, bytes, signature, true);
      return true;
    }
    return undefined;
  }

  /** Digests of signatures verified in an earlier run (verdictDigest). */
  remember(digests: Iterable<string>): void {
    for (const d of digests) this.known.add(d);
  }

  /** The digests of the signatures verified valid since the last call (to be kept for next time). */
  takeNewlyVerified(): string[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }

  /** A verdict just made by a verifier. */
  store(publicKey: string, bytes: Uint8Array, signature: string, ok: boolean): void {
    if (ok && this.collectVerified && this.fresh.length < this.max) this.fresh.push(verdictDigest(publicKey, bytes, signature));
    this.keep(publicKey, bytes, signature, ok);
  }

  private keep(publicKey: string, bytes: Uint8Array, signature: string, ok: boolean): void {
    if (this.verdicts.size >= this.max) {
      let drop = this.verdicts.size / 2;
      for (const key of this.verdicts.keys()) {
        if (drop-- <= 0) break;
        this.verdicts.delete(key);
      }
    }
    this.verdicts.set(signature, { publicKey, bytes, ok });
  }

  /** The verdict from the cache, else from `verify` (remembered unless pending). */
  check(verify: Verify, publicKey: string, bytes: Uint8Array, signature: string): boolean | 'pending' {
    const known = this.lookup(publicKey, bytes, signature);
    if (known !== undefined) return known;
    const ok = verify(publicKey, bytes, signature);
    if (ok !== 'pending') this.store(publicKey, bytes, signature, ok);
    return ok;
  }

  /** How many verdicts are remembered (tests, the benchmark). */
  get size(): number {
    return this.verdicts.size;
  }

  /** Called after an asynchronous verifier stored verdicts, so views derive statuses again. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells the listeners that verdicts were added (asynchronous verifiers call this). */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
