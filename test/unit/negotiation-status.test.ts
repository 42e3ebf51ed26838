// Normalisation, hashing and status derivation of clause positions.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { schema } from '../../shared/schema/schema.ts';
import { clauseHash, normaliseContent } from '../../shared/negotiation/clauseText.ts';
import { deriveStatus, type NegotiationSide, type Position } from '../../shared/negotiation/position.ts';
import { currentPositions, decisionLog, recordPosition } from '../../shared/negotiation/positionsDoc.ts';

const { strong, em, link } = schema.marks;

function clause(...paragraphs: (string | Node[])[]): Node {
  return schema.node(
    'clause',
    { id: 'k1' },
    paragraphs.map((p) => schema.node('paragraph', null, typeof p === 'string' ? (p ? [schema.text(p)] : []) : p)),
  );
}

function position(side: NegotiationSide, stance: 'enig' | 'uenig', textHash: string, extra: Partial<Position> = {}): Position {
  return {
    clauseId: 'k1',
    side,
    stance,
    textHash,
    text: '',
    by: { name: side === 'region' ? 'Søren' : 'Åse', organisation: 'X' },
    at: '2026-11-23T10:00:00.000Z',
    ...(stance === 'uenig' ? { reason: 'Fristen er for kort' } : {}),
    ...extra,
  };
}

describe('normalisation and hashing', () => {
  const base = clause('Kommunen giver besked senest to hverdage før udskrivning.');

  it('ignores whitespace runs, leading and trailing space and empty paragraphs', () => {
    const spaced = clause('  Kommunen   giver besked senest to\u00a0hverdage før  udskrivning. ', '');
    expect(normaliseContent(spaced)).toBe(normaliseContent(base));
    expect(clauseHash(spaced)).toBe(clauseHash(base));
  });

  it('changes with any change of wording, of meaningful marks, or of structure', () => {
    const variants = [
      clause('Kommunen giver besked senest tre hverdage før udskrivning.'),
      clause('Kommunen giver besked senest to hverdage før udskrivning'),
      clause([schema.text('Kommunen giver besked senest '), schema.text('to', [strong.create()]), schema.text(' hverdage før udskrivning.')]),
      clause([schema.text('Kommunen giver besked senest '), schema.text('to', [em.create()]), schema.text(' hverdage før udskrivning.')]),
      clause('Kommunen giver besked senest to hverdage', 'før udskrivning.'),
      schema.node('clause', { id: 'k1' }, [schema.node('bullet_list', null, [schema.node('list_item', null, [schema.node('paragraph', null, [schema.text('Kommunen giver besked senest to hverdage før udskrivning.')])])])]),
    ];
    const hashes = new Set([clauseHash(base), ...variants.map(clauseHash)]);
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('counts a link target as meaning, and marks on whitespace as nothing', () => {
    const a = clause([schema.text('Se '), schema.text('vejledningen', [link.create({ href: 'https://a.dk' })])]);
    const b = clause([schema.text('Se '), schema.text('vejledningen', [link.create({ href: 'https://b.dk' })])]);
    expect(clauseHash(a)).not.toBe(clauseHash(b));
    const boldSpace = clause([schema.text('Se'), schema.text(' ', [strong.create()]), schema.text('her')]);
    expect(clauseHash(boldSpace)).toBe(clauseHash(clause('Se her')));
  });

  it('keeps the exact normalised form that recorded hashes were taken of', () => {
    // Every stored position holds a hash of this form: any change to it would make every agreed
    // clause read as changed after agreement.
    const t = (text: string, marks: ReturnType<typeof strong.create>[] = []) => schema.text(text, marks);
    const mixed = schema.node('clause', { id: 'k1' }, [
      schema.node('paragraph', null, [
        t(' Kommunen\u200B  giver'),
        t(' besked ', [strong.create()]),
        t('senest', [strong.create(), em.create()]),
        schema.node('hard_break'),
        t('\tto\u00a0', [em.create()]),
        t('hverdage', [link.create({ href: 'https://sundhed.dk' })]),
        t(' før.  '),
      ]),
      schema.node('paragraph', null, [t('\u200B')]),
      schema.node('bullet_list', null, [schema.node('list_item', null, [schema.node('paragraph', null, [t('første'), t(' ', [strong.create()]), t('punkt', [strong.create()])])])]),
    ]);
    expect(normaliseContent(mixed)).toBe(
      'paragraph:Kommunen giver ⟦strong⟧besked ⟦em+strong⟧senest ⟦em⟧to ⟦link(https://sundhed.dk)⟧hverdage ⟦⟧før.\n' +
        'bullet_list[list_item[paragraph:første ⟦strong⟧punkt]]',
    );
  });

  it('does not depend on the clause id', () => {
    const other = schema.node('clause', { id: 'k2' }, base.content);
    expect(clauseHash(other)).toBe(clauseHash(base));
  });

  it('reads pending suggestions as rejected: insertions absent, deletions present, zero-width anchors ignored', () => {
    const ins = (text: string) => schema.text(text, [schema.marks.insertion.create({ id: 'kommune-a' })]);
    const del = (text: string) => schema.text(text, [schema.marks.deletion.create({ id: 'region-b' })]);
    const pending = clause([
      schema.text('Kommunen giver besked senest '),
      del('to'),
      ins('tre'),
      schema.text(' hverdage før udskrivning'),
      ins(' eller ved første kontakt\u200B'),
      schema.text('.'),
    ]);
    expect(normaliseContent(pending)).toBe(normaliseContent(base));
    expect(clauseHash(pending)).toBe(clauseHash(base));
    // A suggested paragraph split (anchors at both sides of the new boundary) is not a split yet.
    const split = clause(
      [schema.text('Kommunen giver besked senest to hverdage'), ins('\u200B')],
      [ins('\u200B'), schema.text(' før udskrivning.')],
    );
    expect(clauseHash(split)).toBe(clauseHash(base));
    // The same text with the suggestions accepted is another text.
    expect(clauseHash(clause('Kommunen giver besked senest tre hverdage før udskrivning eller ved første kontakt.'))).not.toBe(clauseHash(base));
  });
});

describe('status', () => {
  const h = 'hash-now';
  it('derives each status', () => {
    expect(deriveStatus({}, h).status).toBe('aaben');
    expect(deriveStatus({ region: position('region', 'enig', h) }, h).status).toBe('afventer');
    expect(deriveStatus({ region: position('region', 'enig', h), kommune: position('kommune', 'enig', h) }, h).status).toBe('enighed');
    expect(deriveStatus({ region: position('region', 'enig', h), kommune: position('kommune', 'uenig', h) }, h).status).toBe('uenighed');
    const stale = deriveStatus({ region: position('region', 'enig', 'old'), kommune: position('kommune', 'enig', h) }, h);
    expect(stale).toEqual({ status: 'aendret', staleSides: ['region'] });
    expect(deriveStatus({ region: position('region', 'enig', 'old') }, h).status).toBe('aendret');
  });

  it('requires a reason for a dispute', () => {
    expect(() => recordPosition(new Y.Doc(), position('kommune', 'uenig', h, { reason: '' }))).toThrow(/begrundelse/);
  });

  it('merges concurrent positions from both sides to the right status, with both in the log', () => {
    const regionDoc = new Y.Doc();
    const kommuneDoc = new Y.Doc();
    recordPosition(regionDoc, position('region', 'enig', h));
    recordPosition(kommuneDoc, position('kommune', 'enig', h));
    Y.applyUpdate(regionDoc, Y.encodeStateAsUpdate(kommuneDoc));
    Y.applyUpdate(kommuneDoc, Y.encodeStateAsUpdate(regionDoc));
    for (const doc of [regionDoc, kommuneDoc]) {
      expect(deriveStatus(currentPositions(doc, 'k1'), h).status).toBe('enighed');
      expect(decisionLog(doc, 'k1').map((p) => p.side).sort()).toEqual(['kommune', 'region']);
    }
    // A later dispute by one side wins over its earlier agreement; the log keeps both.
    recordPosition(kommuneDoc, position('kommune', 'uenig', h, { alternative: 'senest tre hverdage' }));
    Y.applyUpdate(regionDoc, Y.encodeStateAsUpdate(kommuneDoc));
    expect(deriveStatus(currentPositions(regionDoc, 'k1'), h).status).toBe('uenighed');
    expect(decisionLog(regionDoc, 'k1')).toHaveLength(3);
  });
});
