// Workspaces for the export tests: the demo agreement (WorkspaceService seedDemo), then negotiated
// the way the app writes it — positions through recordPosition on the clause's real hash, a comment
// thread with a reply through startThread/replyToThread, a pending suggestion as the editor's marks
// with its authorship — each change appended to the workspace's update log.
import { toBase64 } from 'lib0/buffer';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { Store } from '../../electron/store/store.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { clausesOf } from '../../shared/schema/clauseIds.ts';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { clauseHash, normaliseContent } from '../../shared/negotiation/clauseText.ts';
import { recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import { replyToThread, startThread } from '../../shared/negotiation/comments.ts';
import { recordSuggestionAuthors } from '../../shared/negotiation/suggestionsDoc.ts';
import type { NegotiationSide } from '../../shared/negotiation/position.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { setSectionRequirements } from '../../shared/structure/requirements.ts';
import { REQUIREMENTS_2009 } from '../../shared/requirements/bekendtgoerelse2009.ts';
import { internalDocId, sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';

export const TEMPLATES = fileURLToPath(new URL('../../resources/templates', import.meta.url));

/** A new workspace file in `dir` holding the demo agreement; returns its path and the agreement's id. */
export function demoWorkspace(dir: string, name = 'demo.sqlite'): { file: string; agreementId: string } {
  const file = path.join(dir, name);
  const service = WorkspaceService.open({ workspacePath: file, templatesDir: TEMPLATES, seedDemo: true });
  const agreementId = service.listAgreements()[0]!.id;
  service.close();
  return { file, agreementId };
}

const REGION = { name: 'Rikke Region', organisation: 'Region Midtjylland' };
const KOMMUNE = { name: 'Karl Kommune', organisation: 'Aarhus Kommune' };

/** Changes a stored document and appends what changed to its log. */
function change(store: Store, docId: string, edit: (doc: Y.Doc) => void): void {
  const doc = store.loadYDoc(docId);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  edit(doc);
  store.appendUpdate(docId, Y.mergeUpdates(updates));
  doc.destroy();
}

function clauses(doc: Y.Doc) {
  return clausesOf(yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(SECTION_FRAGMENT), schema));
}

function take(doc: Y.Doc, clause: { id: string | null; node: import('prosemirror-model').Node }, side: NegotiationSide, stance: 'enig' | 'uenig', extra: { reason?: string; alternative?: string } = {}): void {
  recordPosition(doc, {
    clauseId: clause.id!,
    side,
    stance,
    textHash: clauseHash(clause.node),
    text: normaliseContent(clause.node),
    by: side === 'region' ? REGION : KOMMUNE,
    at: '2010-05-20T10:00:00.000Z',
    ...extra,
  });
}

/** Both sides agree on every clause of the agreement. */
export function agreeAll(file: string, agreementId: string): void {
  const store = Store.open(file);
  try {
    const agreement = readAgreement(store.loadYDoc(structureDocId(agreementId)))!;
    for (const section of agreement.sections) {
      change(store, sectionDocId(agreementId, section.id), (doc) => {
        for (const c of clauses(doc)) {
          take(doc, c, 'region', 'enig');
          take(doc, c, 'kommune', 'enig');
        }
      });
    }
  } finally {
    store.close();
  }
}

export const DISPUTE = { reason: 'Kommunerne kan ikke nå det på to hverdage.', alternative: 'Hospitalet giver besked senest tre hverdage før udskrivning.' };
export const THREAD = { text: 'Hvad gælder i weekenden?', reply: 'Weekender tæller ikke som hverdage.' };
export const SUGGESTION = { inserted: ' – og sender en kopi til den praktiserende læge', id: 'kommune-sugg1' };

/**
 * In the first section ("indlaeggelse-politisk"): clause 1.1 disputed by the municipalities (the
 * region agrees), a shared thread with a reply on it, and a pending insertion on clause 1.2 by the
 * municipalities. Returns the clause ids of 1.1 and 1.2.
 */
export function negotiateFirstSection(file: string, agreementId: string): { disputed: string; suggested: string; sectionId: string } {
  const sectionId = 'indlaeggelse-politisk';
  const store = Store.open(file);
  let ids: [string, string] = ['', ''];
  try {
    change(store, sectionDocId(agreementId, sectionId), (doc) => {
      const [first, second] = clauses(doc);
      ids = [first!.id!, second!.id!];
      take(doc, first!, 'region', 'enig');
      take(doc, first!, 'kommune', 'uenig', DISPUTE);
      const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
      const anchor = (index: number) => toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(fragment, index)));
      const threadId = startThread(doc, { anchor: { start: anchor(0), end: anchor(0), quote: 'Hospitalet', clauseId: first!.id! }, text: THREAD.text, by: { ...KOMMUNE, side: 'kommune' }, at: '2010-05-21T09:00:00.000Z' });
      replyToThread(doc, { threadId, text: THREAD.reply, by: { ...REGION, side: 'region' }, at: '2010-05-21T10:00:00.000Z' });
      // The second clause's first paragraph text: a suggested insertion at its end.
      const clauseElement = fragment.toArray().filter((e) => e instanceof Y.XmlElement && e.nodeName === 'clause')[1] as Y.XmlElement;
      const paragraph = clauseElement.get(0) as Y.XmlElement;
      const text = paragraph.get(0) as Y.XmlText;
      text.insert(text.length, SUGGESTION.inserted, { insertion: { id: SUGGESTION.id } });
      recordSuggestionAuthors(doc, [SUGGESTION.id], { ...KOMMUNE, side: 'kommune' }, new Date('2010-05-22T08:00:00.000Z'));
    });
  } finally {
    store.close();
  }
  return { disputed: ids[0], suggested: ids[1], sectionId };
}

export const INTERNAL = { text: 'Internt: vi kan give os på tre hverdage, hvis regionen betaler.' };

/** An internal thread of the municipalities on `clauseId` (their internal document of the section). */
export function addInternalThread(file: string, agreementId: string, sectionId: string, clauseId: string): void {
  const store = Store.open(file);
  try {
    const section = store.loadYDoc(sectionDocId(agreementId, sectionId));
    const anchor = toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(section.getXmlFragment(SECTION_FRAGMENT), 0)));
    change(store, internalDocId(agreementId, 'kommune', sectionId), (doc) => {
      startThread(doc, { anchor: { start: anchor, end: anchor, quote: '', clauseId }, text: INTERNAL.text, by: { ...KOMMUNE, side: 'kommune' }, at: '2010-05-23T08:00:00.000Z' });
    });
  } finally {
    store.close();
  }
}

/** The secretariat links sections to requirements of the 2009 order (setSectionRequirements, as the
 *  setup screen does), appended to the workspace's log. */
export function linkRequirements(file: string, agreementId: string, links: Record<string, string[]>): void {
  const store = Store.open(file);
  try {
    change(store, structureDocId(agreementId), (doc) => {
      for (const [sectionId, ids] of Object.entries(links)) {
        setSectionRequirements(doc, sectionId, ids, REQUIREMENTS_2009, { by: { name: 'Sara Sekretær', organisation: 'Region Midtjylland' }, at: '2010-05-25T09:00:00.000Z' });
      }
    });
  } finally {
    store.close();
  }
}
