// What every structure command shares: who changes and when (the attribution each changed entity
// records), the Danish error a refused command throws, and reading and writing one entity of the
// structure document. A command is `(doc, input, change) => void`: plain data in, one Y.Doc
// transaction out; the caller's DocConnection pushes the update like any other local change.
import * as Y from 'yjs';
import type { z } from 'zod';
import type { ChangedBy } from '../domain/agreement.ts';
import { STRUCTURE_COLLECTIONS, type StructureCollection } from './shape.ts';

/** Who makes a change, and when (ISO 8601): recorded on every entity the change touches. */
export interface Change {
  by: ChangedBy;
  at: string;
}

/** A command refused because its input does not fit the structure; the message is Danish and is
 *  shown to the user as is. Nothing was written. */
export class StructureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StructureError';
  }
}

export type Entity<C extends StructureCollection> = z.infer<(typeof STRUCTURE_COLLECTIONS)[C]>;

/** Every valid entry of a collection (as readAgreement reads them). */
export function entities<C extends StructureCollection>(doc: Y.Doc, collection: C): Entity<C>[] {
  return [...doc.getMap(collection).values()].flatMap((value) => {
    const parsed = STRUCTURE_COLLECTIONS[collection].safeParse(value);
    return parsed.success ? [parsed.data as Entity<C>] : [];
  });
}

/** One entity by id; a missing (or unreadable) one is refused with `missing` (Danish). */
export function entity<C extends StructureCollection>(doc: Y.Doc, collection: C, id: string, missing: string): Entity<C> {
  const parsed = STRUCTURE_COLLECTIONS[collection].safeParse(doc.getMap(collection).get(id));
  if (!parsed.success) throw new StructureError(missing);
  return parsed.data as Entity<C>;
}

/** Whether the collection has an entry under `id` (valid or not: an id is never reused). */
export function has(doc: Y.Doc, collection: StructureCollection, id: string): boolean {
  return doc.getMap(collection).has(id);
}

/** Writes `value` (validated by the collection's shape, so the document check accepts it) with the
 *  change's attribution. Call inside a transaction. */
export function put<C extends StructureCollection>(doc: Y.Doc, collection: C, value: Entity<C>, change: Change): void {
  const attributed = STRUCTURE_COLLECTIONS[collection].parse({ ...value, changedBy: change.by, changedAt: change.at });
  doc.getMap(collection).set(value.id, attributed);
}

/** Runs `write` as one transaction: every entity a command changes arrives on other replicas at once. */
export function transact(doc: Y.Doc, write: () => void): void {
  doc.transact(write);
}
