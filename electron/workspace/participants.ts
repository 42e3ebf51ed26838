// The secretariat's changes to the participant directory, made in the main process: each one is a
// new version of the participant's entry (shared/identity/shapes.ts), signed with this machine's
// key (electron/identity/sign.ts) and returned as a Yjs update of the structure document, which the
// service writes through its one write path, so it syncs like any other edit.
// Removal and device revocation carry `standing`: the hashes of every decision-log entry of that
// participant (or device) this replica holds (shared/identity/ARCHITECTURE.md).
import * as Y from 'yjs';
import type { ParticipantInput } from '../../shared/api/participantsContract.ts';
import { SECTION_KEYS } from '../../shared/documents/keys.ts';
import { entryHash } from '../../shared/identity/digest.ts';
import { PositionSignature, type Digest, type ParticipantEntry, type ParticipantFields, type PublicKey } from '../../shared/identity/shapes.ts';
import { randomId } from '../../shared/domain/ids.ts';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import { readParticipant, writeParticipant } from '../../shared/structure/participantsDoc.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { signParticipantEntry, type EntrySigner } from '../identity/sign.ts';

/** What the directory edits need of the workspace. */
export interface DirectoryHost {
  /** The agreement's structure document (loaded). */
  structure(agreementId: string): Y.Doc;
  /** Every section document of the agreement (loaded), for the decision logs. */
  sections(agreementId: string): Y.Doc[];
  /** Writes an update to the structure document through the service's write path. */
  writeStructure(agreementId: string, update: Uint8Array): void;
  /** This machine's signing key for the agreement and the secretariat participant it belongs to;
   *  throws a UserFacingError when this machine may not sign the directory. */
  signer(agreementId: string): EntrySigner;
}

/** Signs `fields` and writes the entry; returns the entry written. */
function commit(host: DirectoryHost, agreementId: string, fields: ParticipantFields): ParticipantEntry {
  const entry = signParticipantEntry(agreementId, fields, host.signer(agreementId));
  host.writeStructure(agreementId, entryUpdate(host.structure(agreementId), entry));
  return entry;
}

/** The Yjs update that puts `entry` into the directory of `doc` (built on a copy, so the caller's
 *  write path decides whether it is applied). */
export function entryUpdate(doc: Y.Doc, entry: ParticipantEntry): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  writeParticipant(copy, entry);
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  return update;
}

function existing(host: DirectoryHost, agreementId: string, participantId: string): ParticipantEntry {
  const entry = readParticipant(host.structure(agreementId), participantId);
  if (!entry) throw new UserFacingError('Deltageren findes ikke i aftalens deltagerliste.');
  return entry;
}

function nextVersion(entry: ParticipantEntry, at: Date, change: Partial<ParticipantFields>): ParticipantFields {
  const { signedBy: _s, signerKey: _k, signature: _sig, ...fields } = entry;
  return { ...fields, ...change, version: entry.version + 1, updatedAt: at.toISOString() };
}

/** Adds a participant (no id) or edits one; returns the participant's id. */
export function saveParticipant(host: DirectoryHost, input: ParticipantInput, at = new Date()): string {
  const { agreementId, participantId, ...details } = input;
  const themeGroupIds = [...new Set(details.themeGroupIds)];
  const groups = new Set(readAgreement(host.structure(agreementId))?.themeGroups.map((g) => g.id) ?? []);
  const unknown = themeGroupIds.filter((id) => !groups.has(id));
  if (unknown.length > 0) throw new UserFacingError(`Temagruppen «${unknown[0]}» findes ikke i aftalen.`);
  if (participantId === undefined) {
    const id = randomId('p');
    commit(host, agreementId, {
      id,
      ...details,
      themeGroupIds,
      invitePublicKey: null,
      removed: null,
      revokedDevices: [],
      version: 1,
      updatedAt: at.toISOString(),
    });
    return id;
  }
  const entry = existing(host, agreementId, participantId);
  if (entry.removed) throw new UserFacingError(`${entry.name} er fjernet fra aftalen og kan ikke rettes.`);
  commit(host, agreementId, nextVersion(entry, at, { ...details, themeGroupIds }));
  return participantId;
}

/** Puts a new invitation key into the participant's entry (a new invitation voids the old one). */
export function setInviteKey(host: DirectoryHost, agreementId: string, participantId: string, invitePublicKey: PublicKey, at = new Date()): ParticipantEntry {
  const entry = existing(host, agreementId, participantId);
  if (entry.removed) throw new UserFacingError(`${entry.name} er fjernet fra aftalen og kan ikke inviteres.`);
  return commit(host, agreementId, nextVersion(entry, at, { invitePublicKey }));
}

/** *Fjern adgang* for the participant: removed, with what this replica holds of theirs standing. */
export function removeParticipant(host: DirectoryHost, agreementId: string, participantId: string, at = new Date()): number {
  const entry = existing(host, agreementId, participantId);
  if (entry.removed) throw new UserFacingError(`${entry.name} er allerede fjernet.`);
  if (host.signer(agreementId).participantId === participantId) throw new UserFacingError('Du kan ikke fjerne din egen adgang.');
  const standing = signedEntries(host.sections(agreementId), (sig) => sig.participantId === participantId);
  commit(host, agreementId, nextVersion(entry, at, { removed: { at: at.toISOString(), standing } }));
  return standing.length;
}

/** Revokes one device key of the participant, with what this replica holds from it standing. */
export function revokeDevice(host: DirectoryHost, agreementId: string, participantId: string, deviceKey: PublicKey, at = new Date()): number {
  const entry = existing(host, agreementId, participantId);
  if (entry.revokedDevices.some((d) => d.deviceKey === deviceKey)) throw new UserFacingError('Enheden er allerede spærret.');
  const standing = signedEntries(
    host.sections(agreementId),
    (sig) => sig.participantId === participantId && sig.deviceCert.deviceKey === deviceKey,
  );
  commit(host, agreementId, nextVersion(entry, at, { revokedDevices: [...entry.revokedDevices, { deviceKey, at: at.toISOString(), standing }] }));
  return standing.length;
}

/** The hashes of the decision-log entries whose signature `matches`, over the given sections. */
export function signedEntries(sections: readonly Y.Doc[], matches: (sig: PositionSignature) => boolean): Digest[] {
  const hashes = new Set<Digest>();
  for (const doc of sections) {
    for (const raw of doc.getArray(SECTION_KEYS.decisionLog).toArray()) {
      const sig = signatureOf(raw);
      if (sig && matches(sig)) hashes.add(entryHash(raw));
    }
  }
  return [...hashes];
}

/** Device keys seen per participant in the agreement's decision logs. */
export function knownDevices(sections: readonly Y.Doc[]): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const doc of sections) {
    for (const raw of doc.getArray(SECTION_KEYS.decisionLog).toArray()) {
      const sig = signatureOf(raw);
      if (sig) (out[sig.participantId] ??= new Set()).add(sig.deviceCert.deviceKey);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([id, keys]) => [id, [...keys]]));
}

function signatureOf(raw: unknown): PositionSignature | null {
  if (typeof raw !== 'object' || raw === null || !('sig' in raw)) return null;
  const parsed = PositionSignature.safeParse((raw as { sig: unknown }).sig);
  return parsed.success ? parsed.data : null;
}

