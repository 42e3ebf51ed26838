// The one way statuses see positions: each side's current position on a clause together with its
// verdict, and only the positions that count. Chips, the overview, the CSV and the server's and
// importers' checks all derive from here, so a position that does not count cannot count anywhere.
import type * as Y from 'yjs';
import { currentPositions } from '../negotiation/positionsDoc.ts';
import { NegotiationSide, type Position } from '../negotiation/position.ts';
import type { Directory } from './directory.ts';
import { endorsementsOf } from './endorsement.ts';
import { counts, positionVerdict, type PositionVerdict } from './positionVerdict.ts';
import { VerdictCache, type Verify } from './verifier.ts';

export interface JudgedPosition {
  position: Position;
  verdict: PositionVerdict;
}

interface Remembered {
  directory: Directory;
  sectionId: string;
  clauseId: string;
  side: NegotiationSide;
  verdict: PositionVerdict;
}

// currentPositions gives the same object for a stored value until it is replaced, so a verdict is
// remembered per position object and directory: the overview's recompute after a keystroke judges
// nothing again. A pending verdict is not remembered, nor one that does not count for another
// reason than a revocation: a later entry of the same device may yet vouch for it (endorsement.ts).
const judged = new WeakMap<Position, Remembered>();

/** The verdict on a position stored under `clauseId`/`side` of section document `doc` (`sectionId`),
 *  remembered. */
function judge(doc: Y.Doc, position: Position, directory: Directory, sectionId: string, clauseId: string, side: NegotiationSide): PositionVerdict {
  const known = judged.get(position);
  if (known && known.directory === directory && known.sectionId === sectionId && known.clauseId === clauseId && known.side === side) {
    return known.verdict;
  }
  const verdict = positionVerdict(position, { agreementId: directory.agreementId, sectionId, directory, clauseId, side, endorsements: endorsementsOf(doc) });
  if (verdict.status !== 'unverified' || verdict.revoked) judged.set(position, { directory, sectionId, clauseId, side, verdict });
  return verdict;
}

/** Each side's current position on a clause with its verdict. */
export function judgedPositions(doc: Y.Doc, sectionId: string, directory: Directory, clauseId: string): Partial<Record<NegotiationSide, JudgedPosition>> {
  const out: Partial<Record<NegotiationSide, JudgedPosition>> = {};
  const current = currentPositions(doc, clauseId);
  for (const side of NegotiationSide.options) {
    const position = current[side];
    if (position) out[side] = { position, verdict: judge(doc, position, directory, sectionId, clauseId, side) };
  }
  return out;
}

/** Each side's current position on a clause that counts (see `counts`). */
export function countedPositions(doc: Y.Doc, sectionId: string, directory: Directory, clauseId: string): Partial<Record<NegotiationSide, Position>> {
  const out: Partial<Record<NegotiationSide, Position>> = {};
  const current = currentPositions(doc, clauseId);
  for (const side of NegotiationSide.options) {
    const position = current[side];
    if (position && counts(judge(doc, position, directory, sectionId, clauseId, side))) out[side] = position;
  }
  return out;
}

/** countedPositions as a PositionsOf for clauseStatuses and the chips. */
export function countedPositionsOf(doc: Y.Doc, sectionId: string, directory: Directory): (clauseId: string) => Partial<Record<NegotiationSide, Position>> {
  return (clauseId) => countedPositions(doc, sectionId, directory, clauseId);
}

/** A short Danish note when a current position on the clause does not count (for its chip), else null.
 *  Positions still being verified are not flagged. */
export function notCountedFlag(judged: Partial<Record<NegotiationSide, JudgedPosition>>): string | null {
  const notes: string[] = [];
  for (const side of NegotiationSide.options) {
    const verdict = judged[side]?.verdict;
    if (verdict?.status === 'legacy') notes.push(`${side === 'region' ? 'Regionens' : 'Kommunens'} standpunkt er taget før underskrifter og tæller ikke.`);
    if (verdict?.status === 'unverified' && !verdict.pending) notes.push(`${side === 'region' ? 'Regionens' : 'Kommunens'} standpunkt er ikke verificeret og tæller ikke.`);
  }
  return notes.length > 0 ? notes.join(' ') : null;
}

const neverVerify: Verify = () => false;

/** The directory of an agreement without a root key (a local workspace, the demo, tests of the text
 *  alone): every well-formed position counts, as *ikke bekræftet*. */
export function localDirectory(agreementId: string): Directory {
  return {
    agreementId,
    rootKey: null,
    distrust: null,
    participants: new Map(),
    rejected: new Map(),
    pending: false,
    verify: neverVerify,
    cache: new VerdictCache(1),
  };
}
