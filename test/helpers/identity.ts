// A signed agreement for identity tests: a structure document with a root key and a participant
// directory (founding secretariat, a second secretariat, co-chairs and a member of each side, an
// observer), each with a device key and certificate, and helpers to take signed positions in a
// section document. Everything is real: node:crypto keys, real Y.Docs.
import * as Y from 'yjs';
import { readDirectory, writeParticipantEntry, type Directory } from '../../shared/identity/directory.ts';
import { prevOf } from '../../shared/identity/decisionLogCheck.ts';
import type { DeviceCert, ParticipantEntry, ParticipantFields } from '../../shared/identity/shapes.ts';
import { VerdictCache } from '../../shared/identity/verifier.ts';
import { STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { recordPosition, sectionDecisionLog } from '../../shared/negotiation/positionsDoc.ts';
import type { NegotiationSide, Position } from '../../shared/negotiation/position.ts';
import { generateKeyPair, verifyBytes, type KeyPair } from '../../electron/identity/ed25519.ts';
import { inviteKeyPair } from '../../electron/identity/invite.ts';
import { rootDeviceCert, signDeviceCert, signParticipantEntry, signPosition, vouchedPrevious } from '../../electron/identity/sign.ts';
import { latestEntryPerDevice } from '../../shared/identity/endorsement.ts';

export interface Person {
  fields: ParticipantFields;
  entry: ParticipantEntry;
  device: KeyPair;
  cert: DeviceCert;
  inviteSecret: string | null;
}

export type PersonName = 'founder' | 'secretary' | 'regionChair' | 'regionMember' | 'kommuneChair' | 'observer';

const AT = '2026-12-01T09:00:00.000Z';

export interface IdentityFixture {
  agreementId: string;
  structure: Y.Doc;
  root: KeyPair;
  people: Record<PersonName, Person>;
  /** One cache for the whole fixture, as a replica keeps one. */
  cache: VerdictCache;
  directory(pinnedRootKey?: string | null): Directory;
  /** Re-signs `person`'s entry with changed fields (by the founder's root key) and stores it. */
  update(name: PersonName, change: Partial<ParticipantFields>): ParticipantEntry;
  /** A position signed by `person` (prev from the section's log), not yet recorded. */
  sign(name: PersonName, doc: Y.Doc, sectionId: string, position: Omit<Position, 'sig'>, agreementId?: string): Position;
  /** Signs and records a position for `person` on `clauseId`. */
  take(name: PersonName, doc: Y.Doc, sectionId: string, clauseId: string, stance: 'enig' | 'uenig', textHash: string, side?: NegotiationSide): Position;
}

export function unsignedPosition(clauseId: string, side: NegotiationSide, stance: 'enig' | 'uenig', textHash: string, name: string = side): Omit<Position, 'sig'> {
  return {
    clauseId,
    side,
    stance,
    ...(stance === 'uenig' ? { reason: 'Fristen er for kort' } : {}),
    textHash,
    text: 'Kommunen giver besked senest to hverdage før udskrivning.',
    by: { name, organisation: side === 'region' ? 'Region Midtjylland' : 'Aarhus Kommune' },
    at: '2026-12-01T10:00:00.000Z',
  };
}

export function identityFixture(agreementId = 'a1'): IdentityFixture {
  const root = generateKeyPair();
  const structure = new Y.Doc();
  structure.getMap(STRUCTURE_KEYS.meta).set('id', agreementId);
  structure.getMap(STRUCTURE_KEYS.meta).set('rootKey', root.publicKey);
  const rootSigner = { participantId: null, ...root };

  const base = (id: string, name: string, side: ParticipantFields['side'], role: ParticipantFields['role'], invitePublicKey: string | null): ParticipantFields => ({
    id,
    name,
    organisation: side === 'region' ? 'Region Midtjylland' : side === 'kommune' ? 'Aarhus Kommune' : 'Almen praksis',
    side,
    role,
    themeGroupIds: ['tg1'],
    invitePublicKey,
    removed: null,
    revokedDevices: [],
    version: 1,
    updatedAt: AT,
  });

  const people = {} as Record<PersonName, Person>;
  // The founding secretariat: its device key is the root key.
  {
    const fields = base('p-founder', 'Sekretariatet', 'region', 'sekretariat', null);
    const entry = signParticipantEntry(agreementId, fields, rootSigner);
    people.founder = { fields, entry, device: root, cert: rootDeviceCert('p-founder', root.publicKey, AT), inviteSecret: null };
  }
  const invited = (name: PersonName, id: string, display: string, side: ParticipantFields['side'], role: ParticipantFields['role']) => {
    const inviteSecret = `secret-${id}`;
    const fields = base(id, display, side, role, inviteKeyPair(inviteSecret).publicKey);
    const entry = signParticipantEntry(agreementId, fields, rootSigner);
    const device = generateKeyPair();
    people[name] = { fields, entry, device, cert: signDeviceCert(agreementId, id, device.publicKey, inviteSecret, AT), inviteSecret };
  };
  invited('secretary', 'p-secretary', 'Sekretær Sara', 'region', 'sekretariat');
  invited('regionChair', 'p-region', 'Søren Region', 'region', 'formand');
  invited('regionMember', 'p-region2', 'Rikke Region', 'region', 'medlem');
  invited('kommuneChair', 'p-kommune', 'Åse Kommune', 'kommune', 'formand');
  invited('observer', 'p-observer', 'Ole Observatør', 'praksis', 'observatoer');
  for (const person of Object.values(people)) writeParticipantEntry(structure, person.entry);

  const cache = new VerdictCache();
  const fixture: IdentityFixture = {
    agreementId,
    structure,
    root,
    people,
    cache,
    directory: (pinned) => readDirectory(structure, verifyBytes, pinned, cache),
    update(name, change) {
      const person = people[name];
      person.fields = { ...person.fields, ...change, version: person.fields.version + 1 };
      person.entry = signParticipantEntry(agreementId, person.fields, rootSigner);
      writeParticipantEntry(structure, person.entry);
      return person.entry;
    },
    sign(name, doc, sectionId, position, signedAgreementId = agreementId) {
      const person = people[name];
      const log = sectionDecisionLog(doc);
      return signPosition(position, {
        agreementId: signedAgreementId,
        sectionId,
        participantId: person.fields.id,
        deviceCert: person.cert,
        prev: prevOf(log, position.clauseId),
        // As the workspace signs (electron/workspace/identity.ts): naming the device's latest entry.
        prevOwn: vouchedPrevious(latestEntryPerDevice(log), { agreementId: signedAgreementId, sectionId, deviceKey: person.device.publicKey }),
        privateKey: person.device.privateKey,
      });
    },
    take(name, doc, sectionId, clauseId, stance, textHash, side) {
      const person = people[name];
      const position = fixture.sign(name, doc, sectionId, unsignedPosition(clauseId, side ?? (person.fields.side as NegotiationSide), stance, textHash, person.fields.name));
      recordPosition(doc, position);
      return position;
    },
  };
  return fixture;
}
