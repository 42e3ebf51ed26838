// The editor benchmark's section and its positions, chosen the same way in Node (editor-bench.ts, which
// signs them) and in the page (editor-page.ts, which records the signed ones and judges them): pure
// and deterministic from the seed.
import * as prng from 'lib0/prng';
import type { Node as PMNode } from 'prosemirror-model';
import { schema } from '../../shared/schema/schema.ts';
import { clausesOf } from '../../shared/schema/clauseIds.ts';
import { clauseHash, normaliseContent } from '../../shared/negotiation/clauseText.ts';
import type { NegotiationSide, Position } from '../../shared/negotiation/position.ts';
import { generateSection, type GeneratedSection } from './danishText.ts';

/** The section's id (what each position's signature names). */
export const BENCH_SECTION_ID = 'bench-section';

export interface BenchSection {
  generated: GeneratedSection;
  /** Seeds of the positions and of the comment threads. */
  positionsSeed: number;
  threadsSeed: number;
}

/** The section of `clauses` clauses the page opens for `seed`, and the seeds it draws from it. */
export function benchSection(seed: number, clauses: number): BenchSection {
  const gen = prng.create(seed);
  const generated = generateSection(gen, clauses, 'k');
  const positionsSeed = prng.uint32(gen, 0, 2 ** 31);
  const threadsSeed = prng.uint32(gen, 0, 2 ** 31);
  return { generated, positionsSeed, threadsSeed };
}

/** What a position is taken on: a clause's current text and hash, and an older text of it (for
 *  positions taken before the clause changed). */
export interface PositionClause {
  id: string;
  hash: string;
  text: string;
  olderHash: string;
  olderText: string;
}

/** Every clause of `doc`, with its hashes. */
export function positionClauses(doc: PMNode): PositionClause[] {
  return clausesOf(doc).map(({ id, node }) => {
    const first = node.child(0);
    const older = node.copy(node.content.replaceChild(0, first.copy(first.content.addToStart(schema.text('Fremover ')))));
    return { id: id!, hash: clauseHash(node), text: normaliseContent(node), olderHash: clauseHash(older), olderText: normaliseContent(older) };
  });
}

const sides: NegotiationSide[] = ['region', 'kommune'];

/** Who takes a side's positions in the bench (the signing participant's name and organisation). */
export type AuthorOf = (side: NegotiationSide) => Position['by'];

/**
 * The positions taken, unsigned, in the order they are taken: mixed statuses, 30 % open, 15 %
 * awaiting, 30 % agreed, 12 % disputed, 13 % changed after agreement.
 */
export function choosePositions(clauses: readonly PositionClause[], seed: number, authorOf: AuthorOf): Omit<Position, 'sig'>[] {
  const gen = prng.create(seed);
  const out: Omit<Position, 'sig'>[] = [];
  let at = Date.UTC(2011, 2, 1);
  const take = (clauseId: string, side: NegotiationSide, stance: 'enig' | 'uenig', textHash: string, text: string) =>
    out.push({
      clauseId,
      side,
      stance,
      ...(stance === 'uenig' ? { reason: 'Fristen er for kort til, at kommunen kan nå at visitere.', alternative: 'senest tre hverdage' } : {}),
      textHash,
      text,
      by: authorOf(side),
      at: new Date((at += 3_600_000)).toISOString(),
    });
  for (const c of clauses) {
    const side = prng.oneOf(gen, sides);
    const other = side === 'region' ? 'kommune' : 'region';
    const roll = prng.int32(gen, 0, 99);
    if (roll < 30) continue;
    if (roll < 45) take(c.id, side, 'enig', c.hash, c.text);
    else if (roll < 75) {
      take(c.id, side, 'enig', c.hash, c.text);
      take(c.id, other, 'enig', c.hash, c.text);
    } else if (roll < 87) take(c.id, other, 'uenig', c.hash, c.text);
    else {
      take(c.id, side, 'enig', c.olderHash, c.olderText);
      take(c.id, other, 'enig', c.hash, c.text);
    }
  }
  return out;
}
