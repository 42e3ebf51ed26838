// Compaction of a large document never stalls the event loop: the service folds on a worker thread
// (electron/store/backgroundCompaction.ts) and only reads the parts and writes the snapshot here.
// A timer on this thread measures the longest gap while a section of 150,000 paragraphs (450,000
// Yjs items from 3,000 writers, so nothing merges; test/helpers/bigSection.ts) is compacted, and
// keystrokes keep arriving throughout; none of them is lost.
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../shared/api/dispatch.ts';
import type { Outcome } from '../../shared/api/contract.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionDocId } from '../../shared/structure/docIds.ts';
import { Store } from '../../electron/store/store.ts';
import { WorkspaceService, type Client } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { keystrokesIn, typist } from '../helpers/typing.ts';
import { bigSection, longestGap } from '../helpers/bigSection.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const dir = tempDir('enighed-compaction-thread-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const client: Client = { id: 'c1', send: () => {} };
const AGREEMENT = 'a1';
const DOC = sectionDocId(AGREEMENT, 's1');
/** Generous (a loaded 2-core machine delays any timer by ~100 ms): the fold of this document takes
 *  seconds, reading and writing its bytes here takes tens of milliseconds. */
const MAX_GAP_MS = 1500;

describe('compaction off the event loop', () => {
  it('folds a large section on a worker thread while keystrokes keep being saved', { timeout: 240_000 }, async () => {
    const file = path.join(dir, 'big.sqlite');
    const big = bigSection(3000);
    // The workspace holds the section as one snapshot; the service then appends keystrokes to it.
    const setup = Store.open(file);
    setup.insertAgreement(AGREEMENT, '2026-01-01T00:00:00.000Z');
    setup.appendUpdate(DOC, big);
    setup.snapshotFromMemory(DOC, big);
    setup.close();

    const service = WorkspaceService.open({ workspacePath: file, templatesDir, compactEvery: 20 });
    // The keystrokes come from a window: a connected client (anything else is a change from
    // elsewhere, which Nyt siden sidst reads the section's clauses for).
    service.connect(client);
    const dispatch = createDispatcher(service.handlers, () => {});
    // The service loads the section (on this thread: before the measurement); the typing replica
    // only adds keys of its own, so it need not hold the section too.
    const opened = (await dispatch('openDoc', { docId: DOC, stateVector: Y.encodeStateVector(new Y.Doc()) }, client)) as Outcome<unknown>;
    if (!opened.ok) throw new Error(opened.error.message);
    const keys = typist(new Y.Doc());
    let typed = 0;
    const keystroke = async () => {
      const outcome = await dispatch('pushUpdate', { docId: DOC, update: keys.type(typed++) }, client);
      if (!outcome.ok) throw new Error(outcome.error.message);
    };

    // Up to the 20th update the log only grows; the 20th starts the compaction.
    for (let i = 0; i < 19; i++) await keystroke();
    expect(service.docLogStats(DOC).count).toBe(19);
    let compactionMs = 0;
    const typing = (async () => {
      // Let the timer start first, so that it also sees what the 20th keystroke's call itself costs.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const started = performance.now();
      await keystroke();
      const compacted = service.whenCompacted();
      let done = false;
      void compacted.finally(() => (done = true));
      // Someone keeps typing while the fold runs.
      while (!done) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await keystroke();
      }
      await compacted;
      compactionMs = performance.now() - started;
    })();
    const gap = await longestGap(typing);
    await typing;

    // Had the fold run on this thread, the longest gap would be about as long as the compaction.
    // Elsewhere it is bounded by what this thread does (read the parts, write the snapshot) and by
    // what a loaded machine adds to any timer; both are far below the fold's seconds.
    const figures = `longest event-loop gap ${gap.toFixed(0)} ms during a compaction of ${compactionMs.toFixed(0)} ms`;
    expect(typed - 20, figures).toBeGreaterThan(5);
    expect(gap, figures).toBeLessThan(compactionMs / 3);
    expect(gap, figures).toBeLessThan(MAX_GAP_MS);
    // The 20 updates were folded; those typed during the fold are still in the log.
    expect(service.docLogStats(DOC).count).toBe(typed - 20);
    service.close();

    const reopened = Store.open(file);
    const stored = reopened.loadYDoc(DOC);
    reopened.close();
    expect(keystrokesIn(stored).size).toBe(typed);
    expect(stored.getXmlFragment(SECTION_FRAGMENT).length).toBe(3000 * 50 + 1);
  });
});
