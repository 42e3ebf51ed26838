// Compaction benchmark (issue 10, point 2): the longest event-loop gap while a large section is
// compacted, with the fold on the fold thread (what the app's service does,
// electron/store/backgroundCompaction.ts) and, for comparison, inline (Store.compact, what the
// command line does). The section: 3,000 writers × 50 paragraphs (450,000 Yjs items, none
// merged); the log holds 1,000 keystrokes on top, as when the service's threshold is reached.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { BackgroundCompaction } from '../../electron/store/backgroundCompaction.ts';
import { Store } from '../../electron/store/store.ts';
import { sectionDocId } from '../../shared/structure/docIds.ts';
import { bigSection, longestGap } from '../helpers/bigSection.ts';
import { typist } from '../helpers/typing.ts';
import { verdict } from './stats.ts';

/** Target: the longest event-loop gap while the fold runs on the fold thread (ms). */
export const GAP_TARGET_MS = 100;

export interface CompactionBenchOptions {
  writers?: number;
  dir?: string;
  log?: (line: string) => void;
}

export interface CompactionBenchResult {
  snapshotBytes: number;
  background: { gapMs: number; totalMs: number };
  inline: { gapMs: number; totalMs: number };
  targets: { gap: boolean };
}

const DOC = sectionDocId('bench', 'afsnit');

/** A workspace holding the section as a snapshot plus 1,000 keystrokes in its log. */
function workspace(file: string, section: Uint8Array): Store {
  const store = Store.open(file);
  store.insertAgreement('bench', '2026-01-01T00:00:00.000Z');
  store.appendUpdate(DOC, section);
  store.snapshotFromMemory(DOC, section);
  const keys = typist(new Y.Doc());
  for (let n = 0; n < 1000; n++) store.appendUpdate(DOC, keys.type(n));
  return store;
}

export async function runCompactionBench(options: CompactionBenchOptions = {}): Promise<CompactionBenchResult> {
  const log = options.log ?? console.log;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-compaction-bench-'));
  const section = bigSection(options.writers ?? 3000);
  log(`compaction: a section of ${(section.byteLength / 1e6).toFixed(1)} MB (${options.writers ?? 3000} writers × 50 paragraphs) + 1,000 keystrokes`);
  try {
    const background = workspace(path.join(dir, 'background.sqlite'), section);
    const compaction = new BackgroundCompaction(background);
    // Start the fold thread first, as a running app has.
    await compaction.compact(sectionDocId('bench', 'tom'));
    let started = performance.now();
    const job = new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => compaction.compact(DOC));
    const backgroundGap = await longestGap(job);
    const backgroundMs = performance.now() - started;
    compaction.close();
    background.close();

    const inline = workspace(path.join(dir, 'inline.sqlite'), section);
    started = performance.now();
    const inlineJob = new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => inline.compact(DOC));
    const inlineGap = await longestGap(inlineJob);
    const inlineMs = performance.now() - started;
    inline.close();

    const targets = { gap: backgroundGap < GAP_TARGET_MS };
    log(`  fold on the fold thread: longest event-loop gap ${backgroundGap.toFixed(0)} ms during ${backgroundMs.toFixed(0)} ms`);
    log(`  fold inline (CLI):       longest event-loop gap ${inlineGap.toFixed(0)} ms during ${inlineMs.toFixed(0)} ms`);
    log(`    gap < ${GAP_TARGET_MS} ms with the fold thread: ${verdict(targets.gap)}`);
    return {
      snapshotBytes: section.byteLength,
      background: { gapMs: backgroundGap, totalMs: backgroundMs },
      inline: { gapMs: inlineGap, totalMs: inlineMs },
      targets,
    };
  } finally {
    if (!options.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
