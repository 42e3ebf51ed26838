// Commands on the agreement's facts (the structure's meta map): title, generation, period, region.
// Each meta field is its own entry, so two people changing two different facts at once keep both.
import type * as Y from 'yjs';
import { AgreementMeta, type Section } from '../domain/agreement.ts';
import { STRUCTURE_KEYS } from '../documents/keys.ts';
import { entities, put, StructureError, transact, type Change } from './change.ts';
import { regionParties, type Region } from './regions.ts';
import { checkedName, generationProblem, periodProblem, refuse } from './validation.ts';

type MetaPatch = Partial<Pick<AgreementMeta, 'title' | 'generation' | 'period' | 'regionPartyId'>>;

function setMeta(doc: Y.Doc, patch: MetaPatch, change: Change): void {
  const meta = doc.getMap(STRUCTURE_KEYS.meta);
  if (!meta.has('id')) throw new StructureError('Aftalens struktur er ikke indlæst endnu.');
  const fields = { ...patch, changedBy: change.by, changedAt: change.at };
  for (const [key, value] of Object.entries(fields)) meta.set(key, AgreementMeta.shape[key as keyof typeof fields].parse(value));
}

export function setTitle(doc: Y.Doc, title: string, change: Change): void {
  const checked = checkedName(title, 'aftalens titel');
  transact(doc, () => setMeta(doc, { title: checked }, change));
}

export function setGeneration(doc: Y.Doc, generation: number, change: Change): void {
  refuse(generationProblem(generation));
  transact(doc, () => setMeta(doc, { generation }, change));
}

export function setPeriod(doc: Y.Doc, period: { from: number; to: number }, change: Change): void {
  refuse(periodProblem(period.from, period.to));
  transact(doc, () => setMeta(doc, { period: { from: period.from, to: period.to } }, change));
}

/**
 * Makes `region` the agreement's region: its party and its municipalities become the agreement's
 * parties (from the regions data, resources/regions.json). Parties of another region are removed,
 * and so are their ids from the sections' parties (a cluster or local agreement must then be given
 * its parties again).
 */
export function setRegion(doc: Y.Doc, region: Region, change: Change): void {
  const parties = regionParties(region);
  const keep = new Set(parties.map((p) => p.id));
  transact(doc, () => {
    setMeta(doc, { regionPartyId: parties[0].id }, change);
    const map = doc.getMap(STRUCTURE_KEYS.parties);
    for (const id of [...map.keys()]) if (!keep.has(id)) map.delete(id);
    for (const party of parties) {
      const current = entities(doc, 'parties').find((p) => p.id === party.id);
      if (!current || current.name !== party.name || current.kind !== party.kind) put(doc, 'parties', party, change);
    }
    for (const section of entities(doc, 'sections')) {
      const partyIds = section.partyIds.filter((id) => keep.has(id));
      if (partyIds.length !== section.partyIds.length) put(doc, 'sections', { ...section, partyIds } satisfies Section, change);
    }
  });
}
