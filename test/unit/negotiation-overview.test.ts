// The disputes overview on a generated agreement: counts per part and theme group, % agreed, the
// disputed and stale clauses with both positions, and a recomputation after an edit.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { clauseHash, normaliseContent } from '../../shared/negotiation/clauseText.ts';
import type { ClauseStatusEntry } from '../../shared/negotiation/clauseStatuses.ts';
import { computeOverview, sectionClauseStatuses } from '../../shared/negotiation/overview.ts';
import { recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import type { NegotiationSide } from '../../shared/negotiation/position.ts';
import { generatedAgreement } from '../helpers/agreements.ts';
import { localDirectory } from '../../shared/identity/counted.ts';

/** These tests concern the text and statuses alone: an agreement without a root key, where every
 *  position counts (shared/identity/ARCHITECTURE.md). */
const localAgreement = localDirectory('a');

const clauseText = (s: number, c: number) => `Afsnit ${s} klausul ${c}: kommunen giver besked senest to hverdage før udskrivning.`;

function generate(sectionCount: number, clausesPerSection: number) {
  const agreement = generatedAgreement(Array.from({ length: sectionCount }, (_, s) => `s${s}`), 3);
  const docs = new Map<string, Y.Doc>();
  for (let s = 0; s < sectionCount; s++) {
    const doc = new Y.Doc();
    const clauses = Array.from({ length: clausesPerSection }, (_, c) =>
      schema.node('clause', { id: `s${s}k${c}` }, [schema.node('paragraph', null, [schema.text(clauseText(s, c))])]),
    );
    prosemirrorToYXmlFragment(schema.node('doc', null, clauses), doc.getXmlFragment(SECTION_FRAGMENT));
    // Clause c: 0 open, 1 one side agrees, 2 both agree, 3 dispute, 4 agreed on an older text.
    clauses.forEach((node, c) => {
      const take = (side: NegotiationSide, stance: 'enig' | 'uenig', hash = clauseHash(node)) =>
        recordPosition(doc, {
          clauseId: node.attrs.id as string,
          side,
          stance,
          ...(stance === 'uenig' ? { reason: 'For kort frist', alternative: 'senest tre hverdage' } : {}),
          textHash: hash,
          text: normaliseContent(node),
          by: { name: side, organisation: side },
          at: new Date(0).toISOString(),
        });
      const kind = c % 5;
      if (kind >= 1) take('region', 'enig');
      if (kind === 2) take('kommune', 'enig');
      if (kind === 3) take('kommune', 'uenig');
      if (kind === 4) take('kommune', 'enig', 'an-older-hash');
    });
    docs.set(`s${s}`, doc);
  }
  return { agreement, docs };
}

describe('disputes overview', () => {
  it('counts statuses per part and theme group and lists disputed and stale clauses', () => {
    const { agreement, docs } = generate(6, 10);
    const statuses = new Map([...docs].map(([id, doc]) => [id, sectionClauseStatuses(doc, 's', localAgreement)]));
    const overview = computeOverview(agreement, statuses);
    expect(overview.total).toEqual({ aaben: 12, afventer: 12, enighed: 12, uenighed: 12, aendret: 12, total: 60, agreedPercent: 20 });
    expect(overview.parts.map((p) => [p.key, p.counts.total])).toEqual([
      ['politisk', 30],
      ['sundhedsfaglig', 30],
    ]);
    expect(overview.themeGroups.map((g) => [g.label, g.counts.uenighed])).toEqual([
      ['Temagruppe 0', 4],
      ['Temagruppe 1', 4],
      ['Temagruppe 2', 4],
    ]);
    expect(overview.attention).toHaveLength(24);
    const first = overview.attention[0];
    expect(first).toMatchObject({ sectionId: 's0', clauseId: 's0k3', number: '1.4', status: 'uenighed' });
    expect(first.positions.kommune?.alternative).toBe('senest tre hverdage');
    expect(first.positions.region?.stance).toBe('enig');
    expect(first.text).toBe(clauseText(0, 3));
    expect(overview.attention[1]).toMatchObject({ clauseId: 's0k4', status: 'aendret', staleSides: ['kommune'] });
  });

  it('follows an edit of an agreed clause after recomputing only that section, fast on 3,000 clauses', () => {
    const { agreement, docs } = generate(30, 100);
    const statuses = new Map<string, ClauseStatusEntry[]>([...docs].map(([id, doc]) => [id, sectionClauseStatuses(doc, 's', localAgreement)]));
    expect(computeOverview(agreement, statuses).total.enighed).toBe(600);

    // Edit the agreed clause s7k2: it becomes "Ændret efter enighed".
    const doc = docs.get('s7')!;
    const clause = doc.getXmlFragment(SECTION_FRAGMENT).get(2) as Y.XmlElement;
    const text = (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const started = performance.now();
    text.insert(0, 'Nu: ');
    statuses.set('s7', sectionClauseStatuses(doc, 's', localAgreement));
    const overview = computeOverview(agreement, statuses);
    const elapsed = performance.now() - started;
    expect(overview.total.enighed).toBe(599);
    expect(overview.total.aendret).toBe(601);
    expect(overview.attention.find((a) => a.clauseId === 's7k2')?.staleSides).toEqual(['region', 'kommune']);
    // Generous bound for slow CI machines; the benchmark reports the real figure.
    expect(elapsed).toBeLessThan(500);
  });

  it('leaves a damaged section out of the counts and names it, in reading order', () => {
    const { agreement, docs } = generate(4, 10);
    const statuses = new Map([...docs].map(([id, doc]) => [id, sectionClauseStatuses(doc, 's', localAgreement)]));
    const reason = 'Dokumentet passer ikke til et afsnit: ukendt elementtype «blockquote».';
    // s2 still has (stale) statuses from before it was found damaged: they do not count either.
    const overview = computeOverview(agreement, statuses, new Map([['s2', reason]]));
    expect(overview.total.total).toBe(30);
    expect(overview.attention.some((a) => a.sectionId === 's2')).toBe(false);
    expect(overview.damaged).toEqual([{ sectionId: 's2', sectionTitle: 'Afsnit s2', number: '2', reason }]);
    expect(computeOverview(agreement, statuses).damaged).toEqual([]);
  });
});
