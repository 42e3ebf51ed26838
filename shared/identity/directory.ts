// The participant directory as this replica can trust it: the structure document's `participants`
// map, each entry checked along its signature chain back to the agreement's root key
// (ARCHITECTURE.md, "The participant directory"). Entries that fail are kept out, with the reason.
import * as Y from 'yjs';
import { STRUCTURE_KEYS } from '../documents/keys.ts';
import { entryHash } from './digest.ts';
import { deviceCertMessage, participantMessage } from './messages.ts';
import { DeviceCert, ParticipantEntry, PublicKey } from './shapes.ts';
import { VerdictCache, type Verify } from './verifier.ts';

/** How many secretariat signatures may stand between an entry and the root key. */
export const MAX_CHAIN_DEPTH = 8;

export interface Directory {
  agreementId: string;
  /** The agreement's root key, or null (a local agreement: no directory, positions are *ikke bekræftet*). */
  rootKey: string | null;
  /** Why nothing in this agreement can be trusted (Danish), e.g. a root key other than the pinned one. */
  distrust: string | null;
  /** Valid participant entries by id. */
  participants: ReadonlyMap<string, ParticipantEntry>;
  /** Entries that are not valid, by id, with the reason (Danish). */
  rejected: ReadonlyMap<string, string>;
  /** Some signature is still being checked (asynchronous verifier): read the directory again when
   *  the cache reports a change. */
  pending: boolean;
  verify: Verify;
  cache: VerdictCache;
}

/** The outcome of one check: null when fine, 'pending' while a signature is being verified, else why not. */
export type Problem = string | 'pending' | null;

/** Whether `entry` (a position or participant entry this participant signed with `deviceKey`) still
 *  stands: not made with a revoked device, not made by a removed participant, unless its entryHash is
 *  listed in that revocation's or removal's `standing`. Null when it stands, else why not (Danish). */
export function standingProblem(participant: ParticipantEntry, deviceKey: string, entry: unknown): string | null {
  if (participant.removed === null && participant.revokedDevices.length === 0) return null;
  const revoked = participant.revokedDevices.find((r) => r.deviceKey === deviceKey);
  if (revoked && !revoked.standing.includes(entryHash(entry))) {
    return `enhedens nøgle blev spærret ${revoked.at}, og posten var ikke registreret før spærringen`;
  }
  if (participant.removed && !participant.removed.standing.includes(entryHash(entry))) {
    return `${participant.name} blev fjernet fra aftalen ${participant.removed.at}, og posten var ikke registreret før`;
  }
  return null;
}

/**
 * Whether `cert` is a valid device certificate of `participant`: signed by the participant's
 * invitation key, or (no invitation signature) naming the agreement's root key as device.
 */
export function certProblem(directory: Pick<Directory, 'agreementId' | 'rootKey' | 'verify' | 'cache'>, participant: ParticipantEntry, cert: DeviceCert): Problem {
  if (cert.participantId !== participant.id) return 'enhedscertifikatet tilhører en anden deltager';
  if (cert.inviteSignature === null) {
    return directory.rootKey !== null && cert.deviceKey === directory.rootKey ? null : 'enheden har intet gyldigt certifikat';
  }
  if (participant.invitePublicKey === null) return 'deltageren har ingen invitationsnøgle, der kan godkende enheder';
  const ok = directory.cache.check(directory.verify, participant.invitePublicKey, certMessage(directory.agreementId, cert), cert.inviteSignature);
  if (ok === 'pending') return 'pending';
  return ok ? null : 'enhedscertifikatets underskrift passer ikke';
}

// Every position a device signed carries the same certificate, so its message is built once: judging
// 6,000 positions of two devices builds two, and the verdict cache then finds them by identity. Found
// by the certificate's signature and used only when every field the message holds is the same.
const certMessages = new Map<string, { agreementId: string; participantId: string; deviceKey: string; at: string; bytes: Uint8Array }>();
const MAX_CERT_MESSAGES = 10_000;

function certMessage(agreementId: string, cert: DeviceCert): Uint8Array {
  const key = cert.inviteSignature ?? '';
  const known = certMessages.get(key);
  if (known && known.agreementId === agreementId && known.participantId === cert.participantId && known.deviceKey === cert.deviceKey && known.at === cert.at) {
    return known.bytes;
  }
  const bytes = deviceCertMessage(agreementId, cert);
  if (certMessages.size >= MAX_CERT_MESSAGES) certMessages.clear();
  certMessages.set(key, { agreementId, participantId: cert.participantId, deviceKey: cert.deviceKey, at: cert.at, bytes });
  return bytes;
}

function storedEntries(doc: Y.Doc): { entries: Map<string, ParticipantEntry>; rejected: Map<string, string> } {
  const entries = new Map<string, ParticipantEntry>();
  const rejected = new Map<string, string>();
  doc.getMap(STRUCTURE_KEYS.participants).forEach((value, key) => {
    if (value instanceof Y.AbstractType) {
      rejected.set(key, 'posten har ikke deltagerpostens form');
      return;
    }
    const parsed = ParticipantEntry.safeParse(value);
    if (!parsed.success) rejected.set(key, 'posten har ikke deltagerpostens form');
    else if (parsed.data.id !== key) rejected.set(key, 'posten ligger under en anden deltagers nøgle');
    else entries.set(key, parsed.data);
  });
  return { entries, rejected };
}

/**
 * The directory of the agreement in `structureDoc`. `pinnedRootKey` is the root key this workspace
 * pinned for the agreement (undefined or null: none pinned yet); a structure whose root key differs,
 * or that lost its root key, is not trusted. Pass the replica's long-lived cache so signatures are
 * verified once.
 */
export function readDirectory(structureDoc: Y.Doc, verify: Verify, pinnedRootKey?: string | null, cache: VerdictCache = new VerdictCache()): Directory {
  const meta = structureDoc.getMap(STRUCTURE_KEYS.meta);
  const agreementId = typeof meta.get('id') === 'string' ? (meta.get('id') as string) : '';
  const storedRoot = meta.get('rootKey');
  const rootKey = PublicKey.safeParse(storedRoot).success ? (storedRoot as string) : null;
  let distrust: string | null = null;
  if (storedRoot !== undefined && rootKey === null) distrust = 'aftalens rodnøgle er ugyldig';
  else if (pinnedRootKey && rootKey !== pinnedRootKey) {
    distrust = rootKey === null
      ? 'aftalens rodnøgle mangler, men dette arbejdsområde kender aftalen med en rodnøgle'
      : 'aftalens rodnøgle er ikke den, dette arbejdsområde kender aftalen med';
  }
  const base = { agreementId, rootKey: distrust === null ? rootKey : (rootKey ?? pinnedRootKey ?? null), verify, cache };
  const { entries, rejected } = storedEntries(structureDoc);
  const valid = new Map<string, ParticipantEntry>();
  if (rootKey === null || distrust !== null) {
    for (const id of entries.keys()) rejected.set(id, distrust ?? 'aftalen har ingen rodnøgle');
    return { ...base, distrust, participants: valid, rejected, pending: false };
  }
  let pending = false;
  const outcome = new Map<string, Problem>();
  const visiting = new Set<string>();

  const check = (id: string, depth: number): Problem => {
    const known = outcome.get(id);
    if (known !== undefined) return known;
    const entry = entries.get(id);
    if (!entry) return rejected.get(id) ?? 'deltageren findes ikke i deltagerlisten';
    if (depth > MAX_CHAIN_DEPTH) return 'for mange underskrifter mellem posten og aftalens rodnøgle';
    if (visiting.has(id)) return 'posterne underskriver hinanden i ring';
    visiting.add(id);
    const problem = entryProblem(entry, depth);
    visiting.delete(id);
    // A result inside a cycle depends on where the walk entered it; only remember final answers
    // reached outside any walk in progress.
    if (visiting.size === 0 || problem === null) outcome.set(id, problem);
    return problem;
  };

  const signatureProblem = (entry: ParticipantEntry): Problem => {
    const ok = cache.check(verify, entry.signerKey, participantMessage(agreementId, entry), entry.signature);
    if (ok === 'pending') return 'pending';
    return ok ? null : 'sekretariatets underskrift på posten passer ikke';
  };

  const entryProblem = (entry: ParticipantEntry, depth: number): Problem => {
    if (entry.signedBy === null) {
      if (entry.signerKey !== rootKey) return 'posten er ikke underskrevet med aftalens rodnøgle';
      return signatureProblem(entry);
    }
    if (entry.signedBy === entry.id) return 'posten er underskrevet af deltageren selv';
    const signerProblem = check(entry.signedBy, depth + 1);
    if (signerProblem === 'pending') return 'pending';
    if (signerProblem !== null) return `underskriveren (${entry.signedBy}) er ikke gyldig: ${signerProblem}`;
    const signer = entries.get(entry.signedBy)!;
    if (signer.role !== 'sekretariat') return 'posten er underskrevet af en, der ikke er sekretariat';
    const cert = entry.signerCert;
    if (!cert || cert.deviceKey !== entry.signerKey) return 'underskriverens enhed har intet certifikat';
    const problem = certProblem(base, signer, cert);
    if (problem !== null) return problem;
    const standing = standingProblem(signer, entry.signerKey, entry);
    if (standing !== null) return `underskriveren: ${standing}`;
    return signatureProblem(entry);
  };

  for (const id of entries.keys()) {
    const problem = check(id, 0);
    if (problem === null) valid.set(id, entries.get(id)!);
    else if (problem === 'pending') {
      pending = true;
      rejected.set(id, 'underskriften kontrolleres');
    } else rejected.set(id, problem);
  }
  return { ...base, distrust, participants: valid, rejected, pending };
}

/** Writes (or replaces) a signed participant entry in the structure's directory. */
export function writeParticipantEntry(structureDoc: Y.Doc, entry: ParticipantEntry): void {
  const parsed = ParticipantEntry.parse(entry);
  structureDoc.getMap(STRUCTURE_KEYS.participants).set(parsed.id, parsed);
}
