// Writes a Word import into the workspace: a new agreement made from a template, or chosen empty
// sections of an existing one. The file is read and built on the Word worker (worker.ts); here the
// built ProseMirror JSON is checked against the schema, turned into Yjs updates on copies of the
// documents, checked as every write is (document rules, the local person's rights), and only then
// written — all in one SQLite transaction, so a refusal or a failure leaves the workspace as it was.
import * as Y from 'yjs';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import type { WordImportTarget } from '../../shared/api/wordContract.ts';
import type { Agreement, Side } from '../../shared/domain/agreement.ts';
import { randomId } from '../../shared/domain/ids.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { addSection } from '../../shared/structure/sections.ts';
import { StructureError, type Change } from '../../shared/structure/change.ts';
import type { SectionChoice, TargetStructure, TrackedChangesChoice } from '../../shared/word/mapping.ts';
import { runWordTask } from './workerClient.ts';

/** The workspace as the Word import sees it (WorkspaceService provides it). */
export interface WordImportPort {
  /** The structure an agreement made from the template would have (Danish error if unknown). */
  templateStructure(templateId: string): Agreement;
  /** Creates an empty agreement from the template; returns its id. */
  createAgreement(templateId: string, title: string | undefined): string;
  doc(docId: string): Y.Doc;
  /** Why the update may not be written, or null: the document rules, and with `rights` the local
   *  person's rights too (an agreement they are creating is theirs, as with *Ny aftale*). */
  refusal(docId: string, doc: Y.Doc, update: Uint8Array, rights: boolean): string | null;
  apply(docId: string, update: Uint8Array): void;
  /** Runs `write` in one SQLite transaction; on failure nothing of it stays, on disk or in memory. */
  transaction<T>(write: () => T): T;
  /** Who imports: recorded on structure changes; the side of kept suggestions. */
  author(): { change: Change; side: Side };
}

export interface ApplyInput {
  bytes: Uint8Array;
  target: WordImportTarget;
  trackedChanges: TrackedChangesChoice;
  title?: string;
  choices: SectionChoice[];
}

export interface ApplyResult {
  agreementId: string;
  sectionsCreated: number;
  sectionsFilled: number;
  clauses: number;
}

/** The structure the import is matched against, and its title. */
export function targetStructure(port: WordImportPort, target: WordImportTarget): Agreement {
  if (target.kind === 'new') return port.templateStructure(target.templateId);
  const agreement = readAgreement(port.doc(structureDocId(target.agreementId)));
  if (!agreement) throw new UserFacingError('Aftalen findes ikke (længere) i arbejdsområdet.');
  return agreement;
}

/** Only what the mapping needs: active sections and theme groups. */
export function structureForMapping(agreement: Agreement): TargetStructure {
  return {
    sections: agreement.sections.filter((s) => !s.archived).map((s) => ({ id: s.id, title: s.title, part: s.part, themeGroupId: s.themeGroupId })),
    themeGroups: agreement.themeGroups.filter((g) => !g.archived).map((g) => ({ id: g.id, name: g.name })),
  };
}

export async function applyWordImport(port: WordImportPort, input: ApplyInput): Promise<ApplyResult> {
  const agreement = targetStructure(port, input.target);
  const structure = structureForMapping(agreement);
  const { side, change } = port.author();
  const { plan, targets } = await runWordTask({
    kind: 'build',
    bytes: input.bytes,
    target: structure,
    trackedChanges: input.trackedChanges,
    choices: input.choices,
    suggestionPrefix: `${side}-${randomId('w')}-`,
    side,
  });
  if (targets.length === 0) throw new UserFacingError('Word-filen kan ikke indlæses: dokumentet indeholder ingen tekst at importere.');
  const title = input.title ?? plan.title ?? undefined;

  return port.transaction(() => {
    const agreementId = input.target.kind === 'new' ? port.createAgreement(input.target.templateId, title) : input.target.agreementId;
    // New sections first: the structure gets them in one update.
    const structureId = structureDocId(agreementId);
    const writes: { docId: string; doc: Y.Doc; update: Uint8Array }[] = [];
    const newIds = new Map<string, string>();
    const newSections = targets.filter((t) => t.existingId === null);
    if (newSections.length > 0) {
      const original = port.doc(structureId);
      const copy = copyOf(original);
      const before = Y.encodeStateVector(copy);
      for (const t of newSections) {
        const id = randomId('s-');
        newIds.set(t.key, id);
        try {
          addSection(copy, { id, title: t.choice.title, part: t.choice.part, level: 'generel', themeGroupId: t.choice.themeGroupId, partyIds: [] }, change);
        } catch (error) {
          if (error instanceof StructureError) throw new UserFacingError(`Afsnittet «${t.choice.title}» kan ikke oprettes: ${error.message}`);
          throw error;
        }
      }
      writes.push({ docId: structureId, doc: original, update: Y.encodeStateAsUpdate(copy, before) });
      copy.destroy();
    }
    let clauses = 0;
    for (const t of targets) {
      const sectionId = t.existingId ?? newIds.get(t.key)!;
      const docId = sectionDocId(agreementId, sectionId);
      const original = port.doc(docId);
      if (t.existingId && input.target.kind === 'existing' && !isEmptySection(original)) {
        throw new UserFacingError(`Afsnittet «${t.choice.title}» har allerede tekst; importér til et nyt afsnit i stedet, eller tøm det først.`);
      }
      clauses += t.clauses;
      // The worker's fresh document merged in, and the empty paragraph(s) the section held removed:
      // what remains is the imported content in its own order.
      const copy = copyOf(original);
      const before = Y.encodeStateVector(copy);
      const fragment = copy.getXmlFragment(SECTION_FRAGMENT);
      const emptyBefore = new Set(fragment.toArray());
      Y.applyUpdate(copy, t.update);
      copy.transact(() => {
        for (let i = fragment.length - 1; i >= 0; i--) if (emptyBefore.has(fragment.get(i))) fragment.delete(i, 1);
      });
      writes.push({ docId, doc: original, update: Y.encodeStateAsUpdate(copy, before) });
      copy.destroy();
    }
    // Into an existing agreement every write is checked before the first is made, so that a refusal
    // leaves the documents held in memory (and open editors) untouched. A new agreement needs no such
    // pass: each write is checked as it is applied, and a refusal rolls the whole agreement back, on
    // disk and in memory (port.transaction).
    if (input.target.kind === 'existing') {
      for (const w of writes) {
        const reason = port.refusal(w.docId, w.doc, w.update, true);
        if (reason) throw new UserFacingError(`Importen er ikke skrevet: ${reason}`);
      }
    }
    for (const w of writes) port.apply(w.docId, w.update);
    return {
      agreementId,
      sectionsCreated: newSections.length,
      sectionsFilled: targets.length - newSections.length,
      clauses,
    };
  });
}

/** A section holding nothing but empty paragraphs. */
function isEmptySection(doc: Y.Doc): boolean {
  const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
  return fragment.toArray().every((n) => n instanceof Y.XmlElement && n.nodeName === 'paragraph' && n.length === 0);
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}
