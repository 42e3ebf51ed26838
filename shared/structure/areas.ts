// Commands on the agreement's areas (indsatsområder). The mandatory areas come from the executive
// order with the template; the secretariat adds the voluntary ones the region chose.
import type * as Y from 'yjs';
import type { Area } from '../domain/agreement.ts';
import { entities, entity, has, put, StructureError, transact, type Change } from './change.ts';
import { checkedName } from './validation.ts';

const missing = 'Området findes ikke (længere) i aftalen.';

function refuseDuplicate(doc: Y.Doc, name: string, exceptId: string | null): void {
  const lower = name.toLocaleLowerCase('da');
  if (entities(doc, 'areas').some((a) => a.id !== exceptId && a.name.toLocaleLowerCase('da') === lower)) {
    throw new StructureError(`Der findes allerede et område med navnet «${name}».`);
  }
}

/** Adds a voluntary area. */
export function addArea(doc: Y.Doc, input: { id: string; name: string }, change: Change): void {
  const name = checkedName(input.name, 'områdets navn');
  refuseDuplicate(doc, name, null);
  if (has(doc, 'areas', input.id)) throw new StructureError('Området findes allerede.');
  transact(doc, () => put(doc, 'areas', { id: input.id, name, mandatory: false } satisfies Area, change));
}

export function renameArea(doc: Y.Doc, id: string, newName: string, change: Change): void {
  const area = entity(doc, 'areas', id, missing);
  const name = checkedName(newName, 'områdets navn');
  refuseDuplicate(doc, name, id);
  transact(doc, () => put(doc, 'areas', { ...area, name }, change));
}
