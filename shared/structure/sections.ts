// Commands on sections: add, rename, move between theme groups (or out of any), reorder within the
// part, part, level, the parties of a cluster or local agreement, archive and restore. A section's
// text lives in its own document (`<agreement>/section/<id>`), which no command here touches:
// archiving hides the section from the navigator, the overview and the numbering, and restoring
// brings it back with its text, positions and comments as they were. Section documents are never
// deleted (they also keep travelling with sync and bundles, which list every section).
import type * as Y from 'yjs';
import type { Level, Part, Section } from '../domain/agreement.ts';
import { byOrder } from './structureDoc.ts';
import { entities, entity, has, put, StructureError, transact, type Change } from './change.ts';
import { ordersForMove, orderAfter } from './order.ts';
import { checkedName } from './validation.ts';

const missing = 'Afsnittet findes ikke (længere) i aftalen.';

/** Why `partyIds` cannot be the parties of a section of `level` (besides the region), or null. A
 *  general section has none; a local agreement has exactly one municipality; a cluster agreement at
 *  least one. */
export function partiesProblem(level: Level, partyIds: readonly string[], municipalityIds: ReadonlySet<string>): string | null {
  if (new Set(partyIds).size !== partyIds.length) return 'En kommune er valgt to gange.';
  if (partyIds.some((id) => !municipalityIds.has(id))) return 'Vælg kun kommuner, som er parter i aftalen.';
  if (level === 'generel' && partyIds.length > 0) return 'Et afsnit i den generelle aftale gælder alle kommuner; vælg ingen enkelte kommuner.';
  if (level === 'lokal' && partyIds.length !== 1) return 'En lokalaftale indgås med netop én kommune; vælg den.';
  if (level === 'klynge' && partyIds.length === 0) return 'Vælg klyngens kommuner (mindst én).';
  return null;
}

function municipalities(doc: Y.Doc): Set<string> {
  return new Set(entities(doc, 'parties').filter((p) => p.kind === 'kommune').map((p) => p.id));
}

function refuseGroup(doc: Y.Doc, themeGroupId: string | null): void {
  if (themeGroupId === null) return;
  const group = entities(doc, 'themeGroups').find((g) => g.id === themeGroupId);
  if (!group) throw new StructureError('Temagruppen findes ikke (længere) i aftalen.');
  if (group.archived) throw new StructureError(`Temagruppen «${group.name}» er arkiveret; gendan den først, eller vælg en anden.`);
}

function refuseParties(doc: Y.Doc, level: Level, partyIds: readonly string[]): void {
  const problem = partiesProblem(level, partyIds, municipalities(doc));
  if (problem) throw new StructureError(problem);
}

export interface NewSection {
  id: string;
  title: string;
  part: Part;
  level: Level;
  themeGroupId: string | null;
  partyIds: string[];
}

/** Adds a section after its theme group's last section in its part, or else at the end of its
 *  part. Its document is made when it is first opened (the editor starts an empty section with an
 *  empty paragraph). */
export function addSection(doc: Y.Doc, input: NewSection, change: Change): void {
  const title = checkedName(input.title, 'afsnittets titel');
  if (has(doc, 'sections', input.id)) throw new StructureError('Afsnittet findes allerede.');
  refuseGroup(doc, input.themeGroupId);
  refuseParties(doc, input.level, input.partyIds);
  const orders = placeInGroup(doc, input.id, input.part, input.themeGroupId);
  const order = orders.get(input.id) ?? orderAfter(entities(doc, 'sections'));
  const section: Section = { ...input, title, partyIds: [...input.partyIds], order };
  transact(doc, () => {
    writeOrders(doc, orders, input.id, change);
    put(doc, 'sections', section, change);
  });
}

function update(doc: Y.Doc, id: string, edit: (section: Section) => Section, change: Change): void {
  const section = entity(doc, 'sections', id, missing);
  const next = edit(section);
  transact(doc, () => put(doc, 'sections', next, change));
}

export function renameSection(doc: Y.Doc, id: string, newTitle: string, change: Change): void {
  const title = checkedName(newTitle, 'afsnittets titel');
  update(doc, id, (s) => ({ ...s, title }), change);
}

/**
 * Moves the section into a theme group, or out of any (null). When the group already has sections
 * in the section's part, the section is placed right after the last of them, so the navigator (which
 * lists a group's sections together) shows it in number order.
 */
export function setSectionThemeGroup(doc: Y.Doc, id: string, themeGroupId: string | null, change: Change): void {
  refuseGroup(doc, themeGroupId);
  const section = entity(doc, 'sections', id, missing);
  if (section.themeGroupId === themeGroupId) return;
  const orders = section.archived ? new Map<string, number>() : placeInGroup(doc, id, section.part, themeGroupId);
  transact(doc, () => {
    writeOrders(doc, orders, id, change);
    put(doc, 'sections', { ...section, themeGroupId, order: orders.get(id) ?? section.order }, change);
  });
}

/** The orders that put section `id` right after the last active section of `themeGroupId` in
 *  `part` (empty when the group has none there, or for no group). */
function placeInGroup(doc: Y.Doc, id: string, part: Part, themeGroupId: string | null): Map<string, number> {
  if (themeGroupId === null) return new Map();
  const siblings = entities(doc, 'sections')
    .filter((s) => s.part === part && !s.archived && s.id !== id)
    .sort(byOrder);
  const last = siblings.map((s) => s.themeGroupId).lastIndexOf(themeGroupId);
  return last < 0 ? new Map() : ordersForMove(siblings, id, last + 1);
}

/** Writes the orders of the other sections a placement renumbered. */
function writeOrders(doc: Y.Doc, orders: Map<string, number>, except: string, change: Change): void {
  for (const [otherId, order] of orders) {
    if (otherId === except) continue;
    const other = entity(doc, 'sections', otherId, missing);
    if (other.order !== order) put(doc, 'sections', { ...other, order }, change);
  }
}

/** Moves the section to another part, at its end. */
export function setSectionPart(doc: Y.Doc, id: string, part: Part, change: Change): void {
  update(doc, id, (s) => (s.part === part ? s : { ...s, part, order: orderAfter(entities(doc, 'sections')) }), change);
}

/** The section's level; its parties must fit the new level (a general section has none). */
export function setSectionLevelAndParties(doc: Y.Doc, id: string, level: Level, partyIds: readonly string[], change: Change): void {
  refuseParties(doc, level, partyIds);
  update(doc, id, (s) => ({ ...s, level, partyIds: [...partyIds] }), change);
}

/** Moves the section to `index` among its part's sections that are not archived. */
export function moveSection(doc: Y.Doc, id: string, index: number, change: Change): void {
  const section = entity(doc, 'sections', id, missing);
  if (section.archived) throw new StructureError('Et arkiveret afsnit kan ikke flyttes; gendan det først.');
  const siblings = entities(doc, 'sections')
    .filter((s) => s.part === section.part && !s.archived)
    .sort(byOrder);
  const orders = ordersForMove(siblings, id, index);
  transact(doc, () => {
    for (const s of siblings) {
      const order = orders.get(s.id);
      if (order !== undefined && order !== s.order) put(doc, 'sections', { ...s, order }, change);
    }
  });
}

/**
 * Archives the section or restores it (where it stood). Its document, text and all, is untouched.
 * A section restored into an archived theme group is restored outside any group.
 */
export function setSectionArchived(doc: Y.Doc, id: string, archived: boolean, change: Change): void {
  const section = entity(doc, 'sections', id, missing);
  if (Boolean(section.archived) === archived) return;
  const group = section.themeGroupId ? entities(doc, 'themeGroups').find((g) => g.id === section.themeGroupId) : undefined;
  const themeGroupId = !archived && section.themeGroupId && (!group || group.archived) ? null : section.themeGroupId;
  transact(doc, () => put(doc, 'sections', { ...section, archived, themeGroupId }, change));
}
