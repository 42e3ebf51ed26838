// Commands on theme groups (temagrupper): add, rename, reorder, archive and restore, area, and the
// co-chair of each side (delt formandskab). Membership itself is the participant directory's
// (members.ts); a co-chair must be a member of the group of that side.
import type * as Y from 'yjs';
import type { ThemeGroup } from '../domain/agreement.ts';
import { byOrder } from './structureDoc.ts';
import { entities, entity, has, put, StructureError, transact, type Change } from './change.ts';
import { ordersForMove, orderAfter } from './order.ts';
import { themeGroupMembers, activeParticipants } from './members.ts';
import { checkedName } from './validation.ts';

const missing = 'Temagruppen findes ikke (længere) i aftalen.';

function refuseDuplicate(doc: Y.Doc, name: string, exceptId: string | null): void {
  const lower = name.toLocaleLowerCase('da');
  const other = entities(doc, 'themeGroups').find((g) => g.id !== exceptId && g.name.toLocaleLowerCase('da') === lower);
  if (other) throw new StructureError(`Der findes allerede en temagruppe med navnet «${name}»${other.archived ? ' (arkiveret)' : ''}.`);
}

function refuseUnknownArea(doc: Y.Doc, areaId: string): void {
  if (!entities(doc, 'areas').some((a) => a.id === areaId)) throw new StructureError('Vælg et område, som findes i aftalen.');
}

/** Adds a theme group after the others, with no co-chairs. */
export function addThemeGroup(doc: Y.Doc, input: { id: string; name: string; areaId: string }, change: Change): void {
  const name = checkedName(input.name, 'temagruppens navn');
  refuseDuplicate(doc, name, null);
  refuseUnknownArea(doc, input.areaId);
  if (has(doc, 'themeGroups', input.id)) throw new StructureError('Temagruppen findes allerede.');
  const group: ThemeGroup = {
    id: input.id,
    name,
    areaId: input.areaId,
    order: orderAfter(entities(doc, 'themeGroups')),
    coChairs: { region: null, kommune: null },
    members: [],
  };
  transact(doc, () => put(doc, 'themeGroups', group, change));
}

export function renameThemeGroup(doc: Y.Doc, id: string, newName: string, change: Change): void {
  const group = entity(doc, 'themeGroups', id, missing);
  const name = checkedName(newName, 'temagruppens navn');
  refuseDuplicate(doc, name, id);
  transact(doc, () => put(doc, 'themeGroups', { ...group, name }, change));
}

export function setThemeGroupArea(doc: Y.Doc, id: string, areaId: string, change: Change): void {
  const group = entity(doc, 'themeGroups', id, missing);
  refuseUnknownArea(doc, areaId);
  transact(doc, () => put(doc, 'themeGroups', { ...group, areaId }, change));
}

/** Moves the group to `index` among the theme groups that are not archived. */
export function moveThemeGroup(doc: Y.Doc, id: string, index: number, change: Change): void {
  const group = entity(doc, 'themeGroups', id, missing);
  if (group.archived) throw new StructureError('En arkiveret temagruppe kan ikke flyttes; gendan den først.');
  const active = entities(doc, 'themeGroups').filter((g) => !g.archived).sort(byOrder);
  const orders = ordersForMove(active, id, index);
  transact(doc, () => {
    for (const g of active) {
      const order = orders.get(g.id);
      if (order !== undefined && order !== g.order) put(doc, 'themeGroups', { ...g, order }, change);
    }
  });
}

/**
 * Archives the group (it leaves the navigator and the overview) or restores it. A group that still
 * has sections that are not archived is not archived: move or archive them first, so no section is
 * left under a group nobody sees.
 */
export function setThemeGroupArchived(doc: Y.Doc, id: string, archived: boolean, change: Change): void {
  const group = entity(doc, 'themeGroups', id, missing);
  if (archived) {
    const live = entities(doc, 'sections').filter((s) => s.themeGroupId === id && !s.archived).length;
    if (live > 0) {
      throw new StructureError(`Temagruppen har ${live} afsnit, som ikke er arkiveret. Flyt dem til en anden temagruppe, eller arkivér dem først.`);
    }
  }
  if (Boolean(group.archived) === archived) return;
  // Restored where it stood.
  transact(doc, () => put(doc, 'themeGroups', { ...group, archived }, change));
}

/**
 * Makes `memberId` the co-chair of `side` (null: none). The member must belong to the group (in
 * the participant directory, or the group's old member list) and to that side.
 */
export function setCoChair(doc: Y.Doc, id: string, side: 'region' | 'kommune', memberId: string | null, change: Change): void {
  const group = entity(doc, 'themeGroups', id, missing);
  if (memberId !== null) {
    const member = themeGroupMembers(group, activeParticipants(doc)).find((m) => m.id === memberId);
    if (!member) throw new StructureError('Formanden skal være medlem af temagruppen.');
    if (member.side !== side) {
      throw new StructureError(side === 'region' ? 'Regionens formand skal komme fra regionen.' : 'Kommunernes formand skal komme fra en kommune.');
    }
  }
  transact(doc, () => put(doc, 'themeGroups', { ...group, coChairs: { ...group.coChairs, [side]: memberId } }, change));
}
