// Endorsements: a device's later entry vouching for its earlier one, so that verifying a section's
// positions from cold costs one Ed25519 verification per device rather than one per position.
//
// When a device signs a position it names, in `sig.prevOwn`, the hash of the signed bytes of its
// own latest entry in that section (signedBytes.ts: signedHash) — an entry whose signature it has
// verified (electron/identity/sign.ts: vouchedPrevious). The rule (ARCHITECTURE.md, "Signed positions
// and the decision log"): a position's signature **holds** when it verifies, or when an entry of the
// same section signed with the same device key, whose own signature holds, names its signed hash.
// The naming entry's signature covers that hash, so the key's holder vouched for exactly those bytes:
// altered content has another hash and is vouched for by nobody. Everything else a verdict checks
// (certificate, participant, side, revocation) is still checked for the position itself.
//
// Which entries may vouch: the section's current positions and its decision log (a vouching entry
// that was later superseded is still in the log, so a verdict never changes from holding to not as
// the section grows). The current positions are looked through first (validated anyway); the log
// only when they hold no voucher.
import type * as Y from 'yjs';
import { SECTION_KEYS } from '../documents/keys.ts';
import type { Position } from '../negotiation/position.ts';
import { allCurrentPositions } from '../negotiation/positionsDoc.ts';
import { storedPosition } from '../negotiation/storedPosition.ts';
import type { Digest } from './shapes.ts';
import { signedHash } from './signedBytes.ts';

/** Whether a position's own signature verifies: true, false, or 'pending' (an asynchronous verifier
 *  that does not know yet). */
export type OwnSignature = (position: Position) => boolean | 'pending';

/** The entries of one section document that name another's signed hash, indexed by it. */
export class Endorsements {
  /** prevOwn → current positions naming it (null: to be rebuilt). */
  private current: Map<Digest, Position[]> | null = null;
  /** prevOwn → log entries naming it, as stored (null: to be rebuilt). */
  private log: Map<Digest, unknown[]> | null = null;
  /** Positions whose signature is known to hold through a voucher (it never stops holding). */
  private readonly vouched = new WeakSet<Position>();
  /** Positions whose answer rests on a pending check, and that entry: asked again while it is
   *  pending, they answer at once instead of climbing the chain again (a window judging every clause
   *  of a long section before its verifier answered would otherwise climb once per position). */
  private waiting = new WeakMap<Position, Position>();

  constructor(private readonly doc: Y.Doc) {
    doc.getMap(SECTION_KEYS.positions).observe(() => {
      this.current = null;
      this.waiting = new WeakMap();
    });
    doc.getArray(SECTION_KEYS.decisionLog).observe(() => {
      this.log = null;
      this.waiting = new WeakMap();
    });
  }

  /** Whether a current position of the same device names `position` (it is vouched for if that one
   *  holds); what verifying ahead leaves out. */
  hasCurrentVoucher(position: Position): boolean {
    const hash = signedHash(position);
    const named = hash === null ? undefined : this.currentIndex().get(hash);
    return named !== undefined && named.some((p) => p !== position && sameSigner(p, position));
  }

  /**
   * Whether `position`'s signature holds (see the rule above). Climbs the chain of vouchers without
   * recursion (a device's chain in a long section has thousands of links) to an entry whose
   * signature is known or must be checked (`own`), then comes back down. 'pending' while a check
   * it rests on is pending; nothing below a pending link is checked meanwhile.
   */
  holds(position: Position, own: OwnSignature): boolean | 'pending' {
    if (!position.sig) return false;
    if (this.vouched.has(position)) return true;
    const waitingOn = this.waiting.get(position);
    if (waitingOn !== undefined && own(waitingOn) === 'pending') return 'pending';
    const path: Position[] = [position];
    const seen = new Set<Position>(path);
    let top = position;
    for (;;) {
      if (this.vouched.has(top)) break;
      const next = this.firstVoucher(top, seen);
      if (!next) break;
      path.push(next);
      seen.add(next);
      top = next;
    }
    // The top holds if known, or by its own signature (it has no voucher left to try).
    let upper: boolean | 'pending' = this.vouched.has(top) ? true : own(top);
    if (upper === true) this.vouched.add(top);
    let pendingAt = top;
    for (let i = path.length - 2; i >= 0; i--) {
      if (upper === 'pending') {
        for (let j = 0; j <= i; j++) this.waiting.set(path[j], pendingAt);
        return 'pending';
      }
      const node = path[i];
      pendingAt = node;
      if (upper !== true) {
        // Its voucher on the path does not hold: another voucher (rare: the device signed twice
        // from the same entry) or its own signature.
        const others = this.allVouchers(node).filter((v) => v !== path[i + 1] && !seen.has(v));
        upper = others.some((v) => this.holds(v, own) === true) ? true : own(node);
      }
      if (upper === true) this.vouched.add(node);
    }
    return upper;
  }

  /** A voucher to climb to: a current position naming `position` if there is one (the log is not
   *  read then), else a log entry. */
  private firstVoucher(position: Position, seen: ReadonlySet<Position>): Position | undefined {
    return this.currentVouchers(position).find((v) => !seen.has(v)) ?? this.logVouchers(position).find((v) => !seen.has(v));
  }

  /** Every entry of the same device and section naming `position`'s signed hash. */
  private allVouchers(position: Position): Position[] {
    return [...this.currentVouchers(position), ...this.logVouchers(position)];
  }

  private logVouchers(position: Position): Position[] {
    const hash = signedHash(position);
    if (hash === null) return [];
    const raw = this.logIndex().get(hash) ?? [];
    return raw.map(storedPosition).filter((p): p is Position => p !== null && sameSigner(p, position));
  }

  private currentVouchers(position: Position): Position[] {
    const hash = signedHash(position);
    if (hash === null) return [];
    return (this.currentIndex().get(hash) ?? []).filter((p) => p !== position && sameSigner(p, position));
  }

  private currentIndex(): Map<Digest, Position[]> {
    if (this.current) return this.current;
    const index = new Map<Digest, Position[]>();
    for (const p of allCurrentPositions(this.doc)) {
      const named = p.sig?.prevOwn;
      if (named) pushTo(index, named, p);
    }
    this.current = index;
    return index;
  }

  private logIndex(): Map<Digest, unknown[]> {
    if (this.log) return this.log;
    const index = new Map<Digest, unknown[]>();
    for (const entry of this.doc.getArray(SECTION_KEYS.decisionLog).toArray()) {
      const named = (entry as { sig?: { prevOwn?: unknown } } | null)?.sig?.prevOwn;
      if (typeof named === 'string') pushTo(index, named, entry);
    }
    this.log = index;
    return index;
  }
}

function pushTo<T>(index: Map<Digest, T[]>, key: Digest, value: T): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

/** Signed with the same device key, for the same agreement and section. */
function sameSigner(a: Position, b: Position): boolean {
  return (
    a.sig !== undefined &&
    b.sig !== undefined &&
    a.sig.deviceCert.deviceKey === b.sig.deviceCert.deviceKey &&
    a.sig.agreementId === b.sig.agreementId &&
    a.sig.sectionId === b.sig.sectionId
  );
}

const indexes = new WeakMap<Y.Doc, Endorsements>();

/** The endorsements of section document `doc` (one per document, kept up to date as it changes). */
export function endorsementsOf(doc: Y.Doc): Endorsements {
  let index = indexes.get(doc);
  if (!index) {
    index = new Endorsements(doc);
    indexes.set(doc, index);
  }
  return index;
}

/** Whether `position`'s signature holds: by a voucher of the same device when `endorsements` are
 *  given (the section's), else by its own signature alone. */
export function signatureHolds(position: Position, own: OwnSignature, endorsements?: Endorsements): boolean | 'pending' {
  return endorsements ? endorsements.holds(position, own) : own(position);
}

/**
 * For signing: each device's latest entry in a section's decision log (oldest device first). The
 * signing process takes the one of its own key, checks its signature and names its signed hash.
 */
export function latestEntryPerDevice(log: readonly Position[], max = 200): Position[] {
  const latest = new Map<string, Position>();
  for (const entry of log) {
    const key = entry.sig?.deviceCert.deviceKey;
    if (!key) continue;
    latest.delete(key);
    latest.set(key, entry);
  }
  return [...latest.values()].slice(-max);
}
