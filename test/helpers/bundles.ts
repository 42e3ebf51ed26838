// Helpers for the change bundle tests: workspaces made by the app's own service, their files'
// bytes, and hand-made Yjs updates.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';

export const templatesDir = path.join(repoRoot, 'resources', 'templates');

/** Creates a workspace holding one demo agreement, made by the app's own service. */
export function workspaceWithAgreement(file: string): string {
  const service = WorkspaceService.open({ workspacePath: file, templatesDir });
  try {
    return service.createAgreement('gen2-midtjylland', undefined, true);
  } finally {
    service.close();
  }
}

/** SHA-256 of the workspace file and its WAL (absent: ''), to show a refused bundle wrote nothing. */
export function workspaceBytes(file: string): { main: string; wal: string } {
  const hash = (f: string) => (fs.existsSync(f) ? crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex') : '');
  return { main: hash(file), wal: hash(`${file}-wal`) };
}

/**
 * A v1 update of `count` one-character insertions at the start of the root `root`, each its own
 * struct (no origins, so none merge): about 16 bytes each on the wire, a few hundred in a Y.Doc.
 */
export function manyStructsUpdate(count: number, root = SECTION_FRAGMENT, client = 4242): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoding.writeVarUint(encoder.restEncoder, count);
  encoder.writeClient(client);
  encoding.writeVarUint(encoder.restEncoder, 0);
  for (let i = 0; i < count; i++) {
    encoder.writeInfo(4); // string content, no origin: the parent follows
    encoder.writeParentInfo(true);
    encoder.writeString(root);
    encoder.writeString('x');
  }
  encoding.writeVarUint(encoder.restEncoder, 0); // no deletions
  return encoder.toUint8Array();
}

/** The text of every section of an agreement as stored, for comparing before and after. */
export function sectionTexts(load: (docId: string) => Y.Doc, docIds: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const docId of docIds) {
    if (!docId.includes('/section/')) continue;
    const doc = load(docId);
    out.set(docId, doc.getXmlFragment(SECTION_FRAGMENT).toString());
    doc.destroy();
  }
  return out;
}
