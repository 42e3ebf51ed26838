// Whether a position counts: every rule of ARCHITECTURE.md ("Signed positions and the decision log")
// in one function, used by every replica, the server, the meeting host, the bundle importer and the
// UI. Only 'verified' positions count in an agreement with a root key; 'local' ones count in an
// agreement without one (a workspace that never joined a server).
import type { Position } from '../negotiation/position.ts';
import type { Directory } from './directory.ts';
import { certProblem, standingProblem } from './directory.ts';
import { positionSignatureCheck } from './signedBytes.ts';
import { signatureHolds, type Endorsements, type OwnSignature } from './endorsement.ts';
import type { ParticipantEntry } from './shapes.ts';
import type { VerdictCache, Verify } from './verifier.ts';

export type PositionVerdict =
  | { status: 'verified'; participant: ParticipantEntry }
  /** Counts nowhere. `pending`: the signature is still being checked (asynchronous verifier). */
  | { status: 'unverified'; reason: string; pending?: true; revoked?: true }
  /** Taken before signatures (no `sig`) in an agreement with a root key: *taget før underskrifter*. */
  | { status: 'legacy' }
  /** An agreement without a root key: taken with the local profile, *ikke bekræftet*. */
  | { status: 'local' };

export interface VerdictContext {
  agreementId: string;
  sectionId: string;
  directory: Directory;
  verify?: Verify;
  cache?: VerdictCache;
  /** The clause and side whose position this is taken to be (the key it is stored under); a position
   *  stored under another clause's or side's key is a replay. */
  clauseId?: string;
  side?: Position['side'];
  /** The section document's endorsements (endorsement.ts): a position whose own signature is not
   *  checked yet may hold through a later entry of the same device. Without them, every position's
   *  own signature is checked (what the write checks do with one new position). */
  endorsements?: Endorsements;
}

/** Whether a position with this verdict counts towards a clause's status. */
export function counts(verdict: PositionVerdict): boolean {
  return verdict.status === 'verified' || verdict.status === 'local';
}

const unverified = (reason: string): PositionVerdict => ({ status: 'unverified', reason });
const PENDING: PositionVerdict = { status: 'unverified', reason: 'Underskriften kontrolleres …', pending: true };

// The check of a position's own signature through `cache`, one function per cache and verifier
// (judging an agreement asks it for every position; a new closure each time showed in profiles).
const ownSignatures = new WeakMap<VerdictCache, { verify: Verify; own: OwnSignature }>();

function ownSignature(cache: VerdictCache, verify: Verify): OwnSignature {
  const known = ownSignatures.get(cache);
  if (known?.verify === verify) return known.own;
  const own: OwnSignature = (p) => {
    const check = positionSignatureCheck(p)!;
    return cache.check(verify, check.publicKey, check.bytes, check.signature);
  };
  ownSignatures.set(cache, { verify, own });
  return own;
}

/** The verdict on one position (see ARCHITECTURE.md for each rule). */
export function positionVerdict(position: Position, ctx: VerdictContext): PositionVerdict {
  const { directory } = ctx;
  const verify = ctx.verify ?? directory.verify;
  const cache = ctx.cache ?? directory.cache;
  if (ctx.clauseId !== undefined && position.clauseId !== ctx.clauseId) return unverified('Standpunktet hører til en anden klausul.');
  if (ctx.side !== undefined && position.side !== ctx.side) return unverified('Standpunktet er gemt som den anden sides.');
  if (directory.distrust !== null) return unverified(`Kan ikke verificeres: ${directory.distrust}.`);
  if (directory.rootKey === null) return { status: 'local' };
  const sig = position.sig;
  if (!sig) return { status: 'legacy' };
  if (sig.agreementId !== ctx.agreementId || sig.agreementId !== directory.agreementId) return unverified('Underskriften hører til en anden aftale.');
  if (sig.sectionId !== ctx.sectionId) return unverified('Underskriften hører til et andet afsnit.');
  if (sig.deviceCert.participantId !== sig.participantId) return unverified('Enhedscertifikatet tilhører en anden deltager.');
  const participant = directory.participants.get(sig.participantId);
  if (!participant) {
    const why = directory.rejected.get(sig.participantId);
    if (why === 'underskriften kontrolleres') return PENDING;
    return unverified(why ? `Deltagerens post er ikke gyldig: ${why}.` : 'Underskriveren findes ikke i aftalens deltagerliste.');
  }
  if (participant.role !== 'formand' && participant.role !== 'medlem') {
    return unverified('Sekretariatet og observatører tager ikke stilling; standpunktet er underskrevet af en, der ikke forhandler for en side.');
  }
  if (participant.side !== position.side) return unverified(`Underskrevet af ${participant.name}, som ikke hører til den side, standpunktet er taget for.`);
  const cert = certProblem(directory, participant, sig.deviceCert);
  if (cert === 'pending') return PENDING;
  if (cert !== null) return unverified(`Enheden er ikke godkendt: ${cert}.`);
  const ok = signatureHolds(position, ownSignature(cache, verify), ctx.endorsements);
  if (ok === 'pending') return PENDING;
  if (!ok) return unverified('Underskriften passer ikke til standpunktet: det er ændret, efter det blev underskrevet.');
  const standing = standingProblem(participant, sig.deviceCert.deviceKey, position);
  // Genuinely signed, by a key since revoked (or a member since removed): kept, counts nowhere.
  if (standing !== null) return { status: 'unverified', reason: `Tæller ikke: ${standing}.`, revoked: true };
  return { status: 'verified', participant };
}
