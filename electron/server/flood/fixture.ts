// A small agreement on a fresh server workspace, and an access file for the people who use it:
// for the server's tests and the flood tool. One theme group writes section s1; another writes s2.
import * as Y from 'yjs';
import type { Agreement } from '../../../shared/domain/agreement.ts';
import { writeAgreement } from '../../../shared/structure/structureDoc.ts';
import { structureDocId } from '../../../shared/structure/docIds.ts';
import { Store } from '../../store/store.ts';
import { hashToken, newToken, type AccessFile, type Grant } from '../../sync/access.ts';

export const FIXTURE_AGREEMENT = 'a1';

export const fixtureAgreement: Agreement = {
  id: FIXTURE_AGREEMENT,
  title: 'Prøveaftale',
  generation: 2,
  period: { from: 2011, to: 2014 },
  regionPartyId: 'rm',
  createdAt: new Date(0).toISOString(),
  parties: [],
  areas: [{ id: 'omr', name: 'Træning', mandatory: true, ordinal: 2 }],
  themeGroups: ['g1', 'g2'].map((id, order) => ({
    id,
    name: `Temagruppe ${id}`,
    areaId: 'omr',
    order,
    coChairs: { region: null, kommune: null },
    members: [],
  })),
  sections: ['s1', 's2'].map((id, order) => ({
    id,
    title: `Afsnit ${id}`,
    part: 'politisk' as const,
    level: 'generel' as const,
    order,
    themeGroupId: id === 's1' ? 'g1' : 'g2',
    partyIds: [],
  })),
};

/** Names in the access file, by role. */
export type FixturePerson = 'secretariat' | 'alice' | 'bob' | 'observer' | 'mallory' | 'ghost';

export interface Fixture {
  access: AccessFile;
  tokens: Record<FixturePerson, string>;
  names: Record<FixturePerson, string>;
}

/**
 * Writes the agreement's structure into the (new) workspace at `workspacePath` and returns an
 * access file: alice and bob write s1 (theme group g1), mallory writes s2, the observer reads, and
 * ghost's grant names an agreement the server does not have.
 */
export function seedFixture(workspacePath: string): Fixture {
  const store = Store.open(workspacePath);
  try {
    const doc = new Y.Doc();
    writeAgreement(doc, fixtureAgreement);
    store.insertAgreement(FIXTURE_AGREEMENT, new Date(0).toISOString());
    store.appendUpdate(structureDocId(FIXTURE_AGREEMENT), Y.encodeStateAsUpdate(doc));
  } finally {
    store.close();
  }
  const tokens = { secretariat: newToken(), alice: newToken(), bob: newToken(), observer: newToken(), mallory: newToken(), ghost: newToken() };
  const names: Record<FixturePerson, string> = {
    secretariat: 'Sekretariatet',
    alice: 'Alice Region',
    bob: 'Bo Kommune',
    observer: 'Pia Praksis',
    mallory: 'Mads Mallory',
    ghost: 'Gitte Genfærd',
  };
  const grant = (person: FixturePerson, partial: Partial<Grant>): Grant => ({
    tokenSha256: hashToken(tokens[person]),
    name: names[person],
    organisation: 'Prøve',
    side: 'region',
    rights: 'member',
    themeGroupIds: [],
    agreementIds: [FIXTURE_AGREEMENT],
    ...partial,
  });
  const access: AccessFile = {
    version: 1,
    grants: [
      grant('secretariat', { rights: 'secretariat' }),
      grant('alice', { themeGroupIds: ['g1'] }),
      grant('bob', { side: 'kommune', themeGroupIds: ['g1'] }),
      grant('observer', { side: 'praksis', rights: 'observer' }),
      grant('mallory', { themeGroupIds: ['g2'] }),
      grant('ghost', { themeGroupIds: ['g1'], agreementIds: [FIXTURE_AGREEMENT, 'spoegelse'] }),
    ],
  };
  return { access, tokens, names };
}
