// *Indlæs rettelser fra Word …* (issue 11, point 5) on a negotiation draft as Word would hand it back:
// a real .docx made with the `docx` package in which every clause sits in an `enighed_<clauseId>`
// bookmark, with a tracked insertion and a tracked deletion in two clauses (by a Word user), a new
// comment, one clause changed without track changes, one clause deleted and a paragraph outside every
// clause. The corrections come back as suggestions by the Word author and as a comment thread, on
// exactly those clauses; the untracked change is a word diff, not applied; nothing else changes.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initProseMirrorDoc } from 'y-prosemirror';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { clausesOf } from '../../shared/schema/clauseIds.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { suggestionAuthors } from '../../shared/negotiation/suggestionsDoc.ts';
import { readThreads } from '../../shared/negotiation/comments.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { applyCorrections, clauseText, previewCorrections } from '../../electron/word/corrections.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { editedDraft, zipParts } from '../helpers/wordFixtures.ts';
import { readDocx } from '../../shared/word/readDocx.ts';
import { roundTrip } from '../../shared/word/roundTrip.ts';

let SECTION = '';
let service: WorkspaceService;
let agreementId: string;
let clauses: { id: string; text: string }[];
let bytes: Uint8Array;

const sectionNode = (sectionId: string) => initProseMirrorDoc(service.wordImportPort().doc(sectionDocId(agreementId, sectionId)).getXmlFragment(SECTION_FRAGMENT), schema).doc;

beforeAll(async () => {
  service = WorkspaceService.open({ workspacePath: path.join(tempDir('enighed-roundtrip-'), 'ws.sqlite'), templatesDir: path.join(repoRoot, 'resources/templates'), seedDemo: true });
  agreementId = service.listAgreements()[0].id;
  SECTION = 'indlaeggelse-politisk';
  ({ clauses, bytes } = await editedDraft(service.wordImportPort(), agreementId, SECTION));
}, 60_000);

afterAll(() => service?.close());

describe('Indlæs rettelser fra Word', () => {
  it('reads per clause: the tracked changes with their author, the comment, the untracked change, the missing clause and the text outside', async () => {
    const result = await previewCorrections(service.wordImportPort(), agreementId, bytes);
    const [a, b, c, d] = clauses;
    const byId = new Map(result.clauses.map((x) => [x.clauseId, x]));
    expect(byId.get(a.id)!.changes).toEqual([{ type: 'ins', author: 'Karen Kommune', date: '2026-11-20T09:30:00Z', text: ' straks', at: a.text.indexOf(' ') }]);
    expect(byId.get(a.id)!.comments.map((x) => [x.author, x.text, x.from, x.to])).toEqual([['Karen Kommune', 'Kan vi skrive "straks" her?', 0, a.text.indexOf(' ')]]);
    expect(byId.get(a.id)!.untracked).toBeNull();
    expect(byId.get(b.id)!.changes.map((x) => [x.type, x.text])).toEqual([['del', `${b.text.split(' ')[1]} `]]);
    expect(byId.get(b.id)!.untracked).toBeNull();
    expect(byId.get(c.id)!.changes).toEqual([]);
    expect(byId.get(c.id)!.untracked!.filter((op) => op.kind !== 'same')).toEqual([
      { kind: 'del', text: c.text.split(' ').at(-1) },
      { kind: 'ins', text: 'ændret.' },
    ]);
    expect(result.missing.map((m) => m.clauseId)).toContain(d.id);
    expect(result.missing.every((m) => m.sectionId === SECTION)).toBe(true);
    expect(result.outside).toEqual(['Forhandlingsudkast – Indlæggelse og udskrivning', 'En ny bemærkning uden for klausulerne.']);
  });

  it('writes the tracked changes as suggestions by the Word author and the comment as a thread on exactly those clauses; nothing else changes', async () => {
    const port = service.wordImportPort();
    const agreement = readAgreement(port.doc(structureDocId(agreementId)))!;
    const before = new Map(agreement.sections.map((s) => [s.id, Y.encodeStateVector(port.doc(sectionDocId(agreementId, s.id)))]));
    const textBefore = sectionNode(SECTION);
    const applied = await applyCorrections(port, agreementId, bytes, []);
    expect(applied).toMatchObject({ suggestions: 2, comments: 1, skipped: [clauses[2].id] });

    for (const s of agreement.sections) {
      if (s.id === SECTION) continue;
      expect(Y.encodeStateVector(port.doc(sectionDocId(agreementId, s.id))), s.id).toEqual(before.get(s.id));
    }
    const doc = port.doc(sectionDocId(agreementId, SECTION));
    const node = sectionNode(SECTION);
    const marked = new Map<string, string[]>();
    for (const c of clausesOf(node)) {
      c.node.descendants((n) => {
        const m = n.marks.find((x) => x.type.name === 'insertion' || x.type.name === 'deletion');
        if (n.isText && m) marked.set(c.id!, [...(marked.get(c.id!) ?? []), `${m.type.name}:${n.text}`]);
      });
    }
    expect([...marked]).toEqual([
      [clauses[0].id, ['insertion: straks']],
      [clauses[1].id, [`deletion:${clauses[1].text.split(' ')[1]} `]],
    ]);
    expect([...suggestionAuthors(doc).values()].map((x) => `${x.by.name} (${x.by.organisation})`)).toEqual(['Karen Kommune (Word)', 'Karen Kommune (Word)']);
    const threads = readThreads(doc, 'shared');
    expect(threads.map((t) => [t.anchor.clauseId, t.anchor.quote, t.text, t.by.name])).toEqual([[clauses[0].id, clauses[0].text.split(' ')[0], 'Kan vi skrive "straks" her?', 'Karen Kommune']]);
    // Read again (as a draft exported now would print these suggestions as tracked changes), the
    // same file brings nothing new: the changes are pending suggestions already, the comment is there.
    const again = await previewCorrections(port, agreementId, bytes);
    expect(again.clauses.find((x) => x.clauseId === clauses[0].id)!.changes).toEqual([]);
    expect(again.clauses.find((x) => x.clauseId === clauses[0].id)!.untracked).toBeNull();
    expect(again.clauses.find((x) => x.clauseId === clauses[1].id)!.changes).toEqual([]);
    const second = await applyCorrections(port, agreementId, bytes, []);
    expect(second).toMatchObject({ suggestions: 0, comments: 0 });
    expect(readThreads(doc, 'shared')).toHaveLength(1);
    // The untracked clause and every other clause keep their text.
    const after = new Map(clausesOf(node).map((c) => [c.id, clauseText(c.node)]));
    for (const c of clausesOf(textBefore)) if (c.id !== clauses[0].id) expect(after.get(c.id), c.id!).toBe(clauseText(c.node));
  });
});

describe('Indlæs rettelser fra Word: an untracked change accepted', () => {
  it('writes it as suggestions on that clause only when the user accepts it', async () => {
    const own = WorkspaceService.open({ workspacePath: path.join(tempDir('enighed-roundtrip-'), 'ws.sqlite'), templatesDir: path.join(repoRoot, 'resources/templates'), seedDemo: true });
    try {
      const id = own.listAgreements()[0].id;
      const port = own.wordImportPort();
      const draft = await editedDraft(port, id, 'indlaeggelse-politisk');
      const applied = await applyCorrections(port, id, draft.bytes, [draft.clauses[2].id], [draft.clauses[2].id]);
      expect(applied).toMatchObject({ suggestions: 2, comments: 0, skipped: [] });
      const node = initProseMirrorDoc(port.doc(sectionDocId(id, 'indlaeggelse-politisk')).getXmlFragment(SECTION_FRAGMENT), schema).doc;
      const marked: string[] = [];
      for (const c of clausesOf(node)) {
        c.node.descendants((n) => {
          const m = n.marks.find((x) => x.type.name === 'insertion' || x.type.name === 'deletion');
          if (n.isText && m) marked.push(`${c.id === draft.clauses[2].id ? 'c' : 'other'}:${m.type.name}:${n.text}`);
        });
      }
      expect(marked).toEqual(['c:deletion:år', 'c:insertion:ændret']);
    } finally {
      own.close();
    }
  });
});

describe('Word comment replies (commentsExtended.xml)', () => {
  it('come back as replies of their thread, not as threads of their own', () => {
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"';
    const docx = zipParts({
      'word/document.xml': `<w:document ${W}><w:body><w:p><w:bookmarkStart w:id="0" w:name="enighed_k1"/><w:commentRangeStart w:id="5"/><w:r><w:t>Aftalen gælder alle.</w:t></w:r><w:commentRangeEnd w:id="5"/><w:r><w:commentReference w:id="5"/></w:r><w:commentRangeStart w:id="6"/><w:commentRangeEnd w:id="6"/><w:r><w:commentReference w:id="6"/></w:r><w:bookmarkEnd w:id="0"/></w:p></w:body></w:document>`,
      'word/comments.xml': `<w:comments ${W}><w:comment w:id="5" w:author="Karen Kommune" w:date="2026-11-20T09:30:00Z"><w:p w14:paraId="0000AAAA"><w:r><w:t>Også praksis?</w:t></w:r></w:p></w:comment><w:comment w:id="6" w:author="Rikke Region" w:date="2026-11-20T10:00:00Z"><w:p w14:paraId="0000BBBB"><w:r><w:t>Ja, det mener vi.</w:t></w:r></w:p></w:comment></w:comments>`,
      'word/commentsExtended.xml': `<w15:commentsEx ${W}><w15:commentEx w15:paraId="0000AAAA" w15:done="0"/><w15:commentEx w15:paraId="0000BBBB" w15:paraIdParent="0000AAAA" w15:done="0"/></w15:commentsEx>`,
    });
    const result = roundTrip(readDocx(docx), { clauses: [{ clauseId: 'k1', sectionId: 's', text: 'Aftalen gælder alle.' }] });
    expect(result.clauses[0].comments).toEqual([
      {
        id: '5',
        author: 'Karen Kommune',
        date: '2026-11-20T09:30:00Z',
        text: 'Også praksis?',
        from: 0,
        to: 'Aftalen gælder alle.'.length,
        replies: [{ id: '6', author: 'Rikke Region', date: '2026-11-20T10:00:00Z', text: 'Ja, det mener vi.' }],
      },
    ]);
    expect(result.clauses[0].untracked).toBeNull();
    expect(result.missing).toEqual([]);
  });
});
