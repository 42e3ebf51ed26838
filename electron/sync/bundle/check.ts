// Checks a verified bundle against the recipient's documents, without writing anything: it belongs
// to the expected (or a new, complete) agreement; it holds only the agreement's structure and the
// sections that structure lists — never a side's internal documents; every document's content is
// within what its kind may contain (shared/documents/check.ts); and every update fits what the
// recipient has. Runs on the import worker (worker.ts); plain data in and out.
import * as Y from 'yjs';
import { UserFacingError } from '../../../shared/api/dispatch.ts';
import { checkUpdate } from '../../../shared/documents/check.ts';
import { mayTravel } from '../../../shared/documents/routes.ts';
import { checkWrite } from '../../../shared/access/checkWrite.ts';
import { directoryProblemFor, positionProblemFor } from '../../../shared/access/positionCheck.ts';
import { hasDirectory } from '../../../shared/access/directory.ts';
import { directoryOf } from '../../../shared/access/verifiedDirectory.ts';
import { certProblem } from '../../../shared/identity/directory.ts';
import { verifyBytes } from '../../identity/ed25519.ts';
import { actorFromParticipant, rightsOn, type Actor } from '../../../shared/access/rules.ts';
import type { Agreement } from '../../../shared/domain/agreement.ts';
import { authorSignatureProblem } from './author.ts';
import { parseDocId, structureDocId } from '../../../shared/structure/docIds.ts';
import { readAgreement } from '../../../shared/structure/structureDoc.ts';
import { damaged, MSG_NOT_IMPORTED, otherAgreement, type ParsedBundle } from './format.ts';

/** The recipient's side of the check. */
export interface LocalDocs {
  /** Whether the workspace has the bundle's agreement. */
  known: boolean;
  /** A document's stored parts (snapshot, then log), as the store keeps them; none when new.
   *  Asked once per document, also when the agreement is not `known`. */
  parts(docId: string): readonly Uint8Array[];
}

export interface CheckOptions {
  /** Refuse a bundle of any other agreement (e.g. when importing from within an open agreement). */
  expectedAgreementId?: string;
  onProgress?: (done: number, total: number) => void;
}

/** A document the bundle changes. */
export interface CheckedDoc {
  /** Index into the bundle's docs. */
  index: number;
  docId: string;
  /** The document's whole state before the import (its stored parts merged), kept for *Fortryd import*. */
  before: Uint8Array;
}

export interface CheckedBundle {
  agreement: { id: string; createdAt: string };
  title: string | null;
  createdBy: string;
  createdAt: string;
  /** Documents in the bundle. */
  docs: number;
  /** True when the bundle brings the agreement into the workspace. */
  newAgreement: boolean;
  /** The documents that have changes the workspace lacks, the structure first. */
  changes: CheckedDoc[];
}

const EMPTY_STATE = Y.encodeStateAsUpdate(new Y.Doc());

/** Throws UserFacingError (Danish) at the first document that does not pass. */
export function checkBundle(bundle: ParsedBundle, local: LocalDocs, options: CheckOptions = {}): CheckedBundle {
  if (options.expectedAgreementId !== undefined && bundle.agreementId !== options.expectedAgreementId) {
    throw otherAgreement(bundle);
  }
  // Ids first: a side's internal notes are refused before any content is looked at.
  for (const { docId } of bundle.docs) {
    if (!mayTravel(docId, 'bundle')) {
      throw new UserFacingError(
        `Ændringspakken indeholder "${docId}", som er en parts interne noter; de må aldrig sendes i en ændringspakke. ${MSG_NOT_IMPORTED}`,
      );
    }
  }
  const structureId = structureDocId(bundle.agreementId);
  const order = bundle.docs.map((_, i) => i);
  order.sort((a, b) => Number(bundle.docs[b].docId === structureId) - Number(bundle.docs[a].docId === structureId));

  let agreement: { id: string; createdAt: string } | null = null;
  let sections = new Set<string>();
  // The author's rights (author.ts): from the directory of the structure as it will be after the
  // import, except for the structure's own change, judged by the directory the recipient has.
  const author = authorOf(bundle);
  let read: Agreement | null = null;
  let sectionWriter: Actor | null = null;
  const changes: CheckedDoc[] = [];
  let structureAfter: Y.Doc | null = null;
  for (const [n, index] of order.entries()) {
    const { docId, update, stateVector } = bundle.docs[index];
    const parsed = parseDocId(docId);
    if (parsed?.kind === 'section' && !sections.has(parsed.sectionId)) {
      throw new UserFacingError(`Dokumentet "${docId}" i ændringspakken hører ikke til aftalens struktur. ${MSG_NOT_IMPORTED}`);
    }
    const scratch = new Y.Doc();
    try {
      // What the workspace holds of the document even when it does not have the agreement yet (a
      // late joiner may hold part of its structure, e.g. changes held back as pending): the check
      // is of what the document will be once the bundle is in.
      const parts = local.parts(docId);
      Y.transact(scratch, () => {
        for (const part of parts) Y.applyUpdate(scratch, part);
      });
      // Only what the document lacks: applying it is the same as applying the whole update, and
      // far cheaper when most of it is known already (the same full bundle received twice).
      let fresh: Uint8Array;
      try {
        fresh = parts.length > 0 ? Y.diffUpdate(update, Y.encodeStateVector(scratch)) : update;
      } catch {
        throw damaged(`Dokumentet "${docId}" kan ikke læses.`);
      }
      // Before the content check: an update that builds on changes this workspace lacks would
      // also fail it (where its items land cannot be known), but with a reason about the content;
      // the user needs the real one (ask for a full bundle). The structure of an agreement the
      // workspace does not have is left to the clearer "not the whole agreement" below.
      if ((local.known || docId !== structureId) && !updateCoversStateVector(scratch, fresh, stateVector)) throw missingEarlierChanges();
      const verdict = checkUpdate(docId, scratch, fresh);
      if (!verdict.ok) throw new UserFacingError(`Dokumentet "${docId}" i ændringspakken er afvist: ${verdict.reason} ${MSG_NOT_IMPORTED}`);
      const hadDirectory = docId === structureId && hasDirectory(scratch);
      const writer = docId === structureId ? (hadDirectory ? author.actorIn(scratch) : null) : sectionWriter;
      if (writer) {
        const write = checkWrite(docId, scratch, fresh, rightsOn(writer, docId, docId === structureId ? readAgreement(scratch) : read), {
          positionProblem: positionProblemFor(() => structureAfter, verifyBytes),
          directoryProblem: directoryProblemFor(verifyBytes),
        });
        if (!write.ok) throw new UserFacingError(`Dokumentet "${docId}" i ændringspakken er afvist: ${write.reason} ${MSG_NOT_IMPORTED}`);
      }
      const beforeSnapshot = Y.snapshot(scratch);
      try {
        Y.applyUpdate(scratch, fresh);
      } catch {
        throw damaged(`Dokumentet "${docId}" kan ikke læses.`);
      }
      if (docId === structureId) {
        // Kept for the sections' checks: their positions are judged by this directory.
        structureAfter = new Y.Doc();
        Y.applyUpdate(structureAfter, Y.encodeStateAsUpdate(scratch));
        read = readAgreement(scratch);
        if (!read) {
          throw new UserFacingError(
            'Ændringspakken indeholder ikke hele aftalen, og aftalen findes ikke i dette arbejdsområde. Bed afsenderen om en fuld ændringspakke.',
          );
        }
        // Catches a bundle whose ids were rewritten to another agreement's, checksums and all.
        if (read.id !== bundle.agreementId) throw otherAgreement(bundle);
        agreement = { id: read.id, createdAt: read.createdAt };
        sections = new Set(read.sections.map((s) => s.id));
        if (hasDirectory(scratch)) {
          sectionWriter = author.actorIn(scratch);
          // A directory the recipient did not have comes with this bundle: only its secretariat
          // may have written it (whether its root key is the pinned one is shared/identity's).
          if (!hadDirectory && !Y.equalSnapshots(beforeSnapshot, Y.snapshot(scratch)) && !rightsOn(sectionWriter, docId, read).writeStructure) {
            throw new UserFacingError(`Dokumentet "${docId}" i ændringspakken er afvist: kun sekretariatet ændrer aftalens struktur. ${MSG_NOT_IMPORTED}`);
          }
        }
      }
      // Everything the sender had integrated must now be integrated here too. If not, the update
      // builds on changes this workspace lacks (the sender assumed we had them). Changes the sender
      // itself held as pending may stay pending here: they were never part of its state.
      if (!coversStateVector(scratch, stateVector)) throw missingEarlierChanges();
      if (!Y.equalSnapshots(beforeSnapshot, Y.snapshot(scratch))) changes.push({ index, docId, before: stateOf(parts) });
    } finally {
      scratch.destroy();
    }
    options.onProgress?.(n + 1, order.length);
  }
  if (agreement === null) throw damaged('Aftalens struktur mangler.');
  return {
    agreement,
    title: bundle.title,
    createdBy: bundle.createdBy,
    createdAt: bundle.createdAt,
    docs: bundle.docs.length,
    newAgreement: !local.known,
    changes,
  };
}

/** The bundle's author, as far as its signature proves it; `actorIn` is their actor in a directory,
 *  and throws (Danish) when the bundle is unsigned, its signature fails, or the directory does not
 *  name them (or revoked their device). */
function authorOf(bundle: ParsedBundle): { actorIn(structure: Y.Doc): Actor } {
  const problem = bundle.author ? authorSignatureProblem(bundle.author, bundle.contentHash) : 'pakken er ikke underskrevet af sin afsender';
  const refuse = (why: string) =>
    new UserFacingError(`Ændringspakken er afvist: ${why}. Aftalen har en deltagerliste, så en pakke skal være underskrevet af en deltager. ${MSG_NOT_IMPORTED}`);
  return {
    actorIn(structure) {
      if (problem) throw refuse(problem);
      const { participantId, deviceCert } = bundle.author!;
      // The directory as shared/identity verifies it: a forged entry names nobody.
      const directory = directoryOf(structure, verifyBytes);
      if (directory.distrust) throw refuse(directory.distrust);
      const entry = directory.participants.get(participantId);
      if (!entry) {
        const why = directory.rejected.get(participantId);
        throw refuse(why ? `afsenderens post i deltagerlisten er ikke gyldig (${why})` : 'afsenderen findes ikke i aftalens deltagerliste');
      }
      const cert = certProblem(directory, entry, deviceCert);
      if (cert !== null) throw refuse(`afsenderens enhed er ikke godkendt (${cert === 'pending' ? 'kontrolleres' : cert})`);
      if (entry.revokedDevices.some((r) => r.deviceKey === deviceCert.deviceKey)) throw refuse('afsenderens enhed er spærret');
      return actorFromParticipant(entry);
    },
  };
}

/** The document's state before the import, from its stored parts (no Y.Doc needed). */
function stateOf(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 0) return EMPTY_STATE.slice();
  return parts.length === 1 ? parts[0] : Y.mergeUpdates(parts as Uint8Array[]);
}

function missingEarlierChanges(): UserFacingError {
  return new UserFacingError('Ændringspakken bygger på ændringer, som dette arbejdsområde ikke har. Bed afsenderen om en fuld ændringspakke.');
}

/** Whether `doc` with `update` applied could reach `stateVector`, judged without applying it: for
 *  every client, the doc already has that far, or the update's run of that client starts where the
 *  doc's ends (no gap) and goes that far. A necessary condition for coversStateVector after the
 *  apply, so it refuses nothing that check would pass. */
function updateCoversStateVector(doc: Y.Doc, update: Uint8Array, stateVector: Uint8Array): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  const { from, to } = Y.parseUpdateMeta(update);
  for (const [client, clock] of Y.decodeStateVector(stateVector)) {
    const had = have.get(client) ?? 0;
    if (had >= clock) continue;
    const start = from.get(client);
    if (start === undefined || start > had || (to.get(client) ?? 0) < clock) return false;
  }
  return true;
}

function coversStateVector(doc: Y.Doc, stateVector: Uint8Array): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of Y.decodeStateVector(stateVector)) if ((have.get(client) ?? 0) < clock) return false;
  return true;
}
