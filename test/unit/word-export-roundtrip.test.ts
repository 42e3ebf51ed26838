// The round trip of issue 11 through the real export: the negotiation draft Enighed writes
// (electron/export), changed as a Word user would change it — the test edits its document XML: a
// tracked insertion in one clause, a tracked deletion and a new comment in another, one clause changed without track
// changes, one clause deleted — and read back with *Indlæs rettelser fra Word …*
// (electron/word/corrections.ts): the suggestion, the comment and the diff land on exactly those
// clauses, the deleted one is listed, and nothing else in the agreement changes.
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { clausesOf } from '../../shared/schema/clauseIds.ts';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { readThreads } from '../../shared/negotiation/comments.ts';
import { suggestionAuthors } from '../../shared/negotiation/suggestionsDoc.ts';
import { clauseBookmarkName } from '../../shared/print/bookmarks.ts';
import { exportAgreement } from '../../electron/export/exportAgreement.ts';
import { applyCorrections, previewCorrections } from '../../electron/word/corrections.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { tempDir } from '../helpers/tempDir.ts';

let SECTION = '';
let service: WorkspaceService;
let agreementId: string;
let ids: string[];

/** Where the paragraph holding `at` starts and where the paragraph holding `end` ends. */
function paragraphsAround(xml: string, at: number, end = at): { from: number; to: number } {
  const from = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at));
  return { from, to: xml.indexOf('</w:p>', end) + '</w:p>'.length };
}

function bookmark(xml: string, clauseId: string): { start: number; end: number } {
  const start = xml.indexOf(`w:name="${clauseBookmarkName(clauseId)}"`);
  if (start < 0) throw new Error(`no bookmark for ${clauseId} in the draft`);
  const id = /w:id="(\d+)"/.exec(xml.slice(xml.lastIndexOf('<w:bookmarkStart', start), start + 200))![1];
  return { start, end: xml.indexOf(`<w:bookmarkEnd w:id="${id}"/>`, start) };
}

beforeAll(async () => {
  service = WorkspaceService.open({ workspacePath: path.join(tempDir('enighed-export-roundtrip-'), 'ws.sqlite'), templatesDir: path.join(repoRoot, 'resources/templates'), seedDemo: true });
  agreementId = service.listAgreements()[0].id;
  // The demo section with the most clauses (four are edited).
  const port = service.wordImportPort();
  const clauseIds = (sectionId: string) => clausesOf(yXmlFragmentToProseMirrorRootNode(port.doc(sectionDocId(agreementId, sectionId)).getXmlFragment(SECTION_FRAGMENT), schema)).map((c) => c.id!);
  const sections = readAgreement(port.doc(structureDocId(agreementId)))!.sections.map((s) => ({ id: s.id, clauses: clauseIds(s.id) }));
  const most = sections.sort((x, y) => y.clauses.length - x.clauses.length)[0];
  SECTION = most.id;
  // Clauses enough for four kinds of change: add one as the editor would store it.
  const fragment = port.doc(sectionDocId(agreementId, SECTION)).getXmlFragment(SECTION_FRAGMENT);
  const clause = new Y.XmlElement('clause');
  clause.setAttribute('id', 'kekstraklausul');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('Parterne mødes to gange årligt.')]);
  clause.insert(0, [paragraph]);
  fragment.insert(fragment.length, [clause]);
  ids = clauseIds(SECTION);
  expect(ids.length).toBeGreaterThanOrEqual(4);
}, 60_000);
afterAll(() => service?.close());

async function editedDraft(): Promise<{ bytes: Uint8Array; deletedWord: string }> {
  const port = service.wordImportPort();
  const result = await exportAgreement((docId) => port.doc(docId), { agreementId, format: 'docx', kind: 'forhandling', scope: { kind: 'section', sectionId: SECTION } }, null);
  if (result.state !== 'done') throw new Error('the draft was not exported');
  const parts = unzipSync(result.bytes);
  let xml = strFromU8(parts['word/document.xml']);
  const [a, b, c, d] = ids;
  // d: deleted (its paragraphs, bookmark and all).
  {
    const m = bookmark(xml, d);
    const { from, to } = paragraphsAround(xml, m.start, m.end);
    xml = xml.slice(0, from) + xml.slice(to);
  }
  // c: one word changed without track changes.
  {
    const m = bookmark(xml, c);
    const t = xml.indexOf('<w:t', m.start);
    const close = xml.indexOf('</w:t>', t);
    xml = `${xml.slice(0, close)} ændret${xml.slice(close)}`;
  }
  // b: a new Word comment over the clause's first paragraph (inside its bookmark).
  {
    const m = bookmark(xml, b);
    const pEnd = Math.min(xml.indexOf('</w:p>', m.start), m.end);
    const afterStart = xml.indexOf('/>', m.start) + 2;
    xml = `${xml.slice(0, afterStart)}<w:commentRangeStart w:id="9100"/>${xml.slice(afterStart, pEnd)}<w:commentRangeEnd w:id="9100"/><w:r><w:commentReference w:id="9100"/></w:r>${xml.slice(pEnd)}`;
    const comments = strFromU8(parts['word/comments.xml']);
    const comment = '<w:comment w:id="9100" w:author="Karen Kommune" w:date="2026-11-20T09:30:00Z" w:initials="KK"><w:p><w:r><w:t>Hvem har ansvaret her?</w:t></w:r></w:p></w:comment>';
    // The part may hold none yet (<w:comments …/>).
    parts['word/comments.xml'] = strToU8(
      comments.includes('</w:comments>') ? comments.replace('</w:comments>', `${comment}</w:comments>`) : comments.replace(/\/>\s*$/, `>${comment}</w:comments>`),
    );
  }
  // b: its first word deleted with track changes.
  let deletedWord = '';
  {
    const m = bookmark(xml, b);
    const t = xml.indexOf('<w:t', m.start);
    const open = xml.indexOf('>', t) + 1;
    const close = xml.indexOf('</w:t>', open);
    const text = xml.slice(open, close);
    deletedWord = text.slice(0, text.indexOf(' ') + 1);
    const run = xml.lastIndexOf('<w:r>', t);
    xml =
      xml.slice(0, run) +
      `<w:del w:id="9300" w:author="Karen Kommune" w:date="2026-11-20T09:31:00Z"><w:r><w:delText xml:space="preserve">${deletedWord}</w:delText></w:r></w:del>` +
      xml.slice(run, open) +
      text.slice(deletedWord.length) +
      xml.slice(close);
  }
  // a: a tracked insertion at the end of its first paragraph (inside its bookmark).
  {
    const m = bookmark(xml, a);
    const pEnd = Math.min(xml.indexOf('</w:p>', m.start), m.end);
    xml = `${xml.slice(0, pEnd)}<w:ins w:id="9200" w:author="Karen Kommune" w:date="2026-11-20T09:30:00Z"><w:r><w:t xml:space="preserve"> straks</w:t></w:r></w:ins>${xml.slice(pEnd)}`;
  }
  parts['word/document.xml'] = strToU8(xml);
  return { bytes: zipSync(parts), deletedWord };
}

describe('the negotiation draft, edited in Word, read back', () => {
  it('brings the suggestion, the comment and the diff to exactly those clauses, lists the deleted one, and changes nothing else', async () => {
    const { bytes, deletedWord } = await editedDraft();
    const port = service.wordImportPort();
    const [a, b, c, d] = ids;
    const preview = await previewCorrections(port, agreementId, bytes);
    const byId = new Map(preview.clauses.map((x) => [x.clauseId, x]));
    expect(byId.get(a)!.changes.map((x) => [x.type, x.author, x.text])).toEqual([['ins', 'Karen Kommune', ' straks']]);
    expect(byId.get(b)!.comments.map((x) => [x.author, x.text])).toEqual([['Karen Kommune', 'Hvem har ansvaret her?']]);
    expect(byId.get(b)!.changes.map((x) => [x.type, x.author, x.text])).toEqual([['del', 'Karen Kommune', deletedWord]]);
    expect(byId.get(c)!.untracked?.filter((op) => op.kind !== 'same').map((op) => op.kind)).toContain('ins');
    expect(preview.missing.map((m) => m.clauseId)).toEqual([d]);
    for (const [clauseId, x] of byId) {
      if (clauseId !== a && clauseId !== b) expect(x.changes, clauseId).toEqual([]);
      if (clauseId !== b) expect(x.comments, clauseId).toEqual([]);
      if (clauseId !== c) expect(x.untracked, clauseId).toBeNull();
    }

    const agreement = readAgreement(port.doc(structureDocId(agreementId)))!;
    const before = new Map(agreement.sections.map((s) => [s.id, Y.encodeStateVector(port.doc(sectionDocId(agreementId, s.id)))]));
    const applied = await applyCorrections(port, agreementId, bytes, []);
    expect(applied).toMatchObject({ suggestions: 2, comments: 1 });
    for (const s of agreement.sections) {
      if (s.id !== SECTION) expect(Y.encodeStateVector(port.doc(sectionDocId(agreementId, s.id))), s.id).toEqual(before.get(s.id));
    }
    const doc = port.doc(sectionDocId(agreementId, SECTION));
    expect([...suggestionAuthors(doc).values()].map((x) => x.by.name)).toEqual(['Karen Kommune', 'Karen Kommune']);
    expect(readThreads(doc, 'shared').filter((t) => t.text === 'Hvem har ansvaret her?').map((t) => t.anchor.clauseId)).toEqual([b]);
  });
});
