// A large change bundle for the event-loop test and the bundle benchmark: the demo agreement with
// every section grown to a given size of generated Danish text, written in typing bursts at random
// places (so the text is many Yjs structs, as typed text is, not one long string per paragraph).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { Store } from '../../electron/store/store.ts';
import { exportBundle, storeSource } from '../../electron/sync/bundle/export.ts';
import { sentence } from '../bench/danishText.ts';
import { workspaceWithAgreement } from './bundles.ts';

export interface LargeBundle {
  agreementId: string;
  bytes: Uint8Array;
  /** Sections grown. */
  sections: number;
}

/**
 * Builds the sender's workspace in `dir` and returns its full bundle. `bytesPerSection` of text
 * go into each section, in bursts of about `burstChars` characters.
 */
export function buildLargeBundle(dir: string, options: { bytesPerSection: number; burstChars: number; seed: number }): LargeBundle {
  const gen = prng.create(options.seed);
  const file = path.join(dir, 'afsender.sqlite');
  const agreementId = workspaceWithAgreement(file);
  const store = Store.open(file);
  try {
    const source = storeSource(store);
    const sections = source.listDocs(agreementId).filter((id) => id.includes('/section/'));
    for (const docId of sections) {
      const doc = store.loadYDoc(docId);
      doc.clientID = prng.uint32(gen, 1, 2 ** 31);
      const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
      const sv = Y.encodeStateVector(doc);
      let written = 0;
      while (written < options.bytesPerSection) {
        doc.transact(() => {
          const text = new Y.XmlText();
          const paragraph = new Y.XmlElement('paragraph');
          paragraph.insert(0, [text]);
          fragment.insert(fragment.length, [paragraph]);
          for (let burst = 0; burst < 24 && written < options.bytesPerSection; burst++) {
            let words = sentence(gen);
            while (words.length < options.burstChars) words += ` ${sentence(gen)}`;
            words = words.slice(0, options.burstChars);
            text.insert(prng.int32(gen, 0, text.length), words);
            written += words.length;
          }
        });
      }
      store.appendUpdate(docId, Y.encodeStateAsUpdate(doc, sv));
      doc.destroy();
    }
    return { agreementId, bytes: exportBundle(source, { agreementId, createdBy: 'Anna Andersen' }), sections: sections.length };
  } finally {
    store.close();
  }
}

/** This thread's time on a CPU in ms (Linux: /proc/thread-self/schedstat, in ns), else null. */
function threadCpuMs(): number | null {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/**
 * Watches the event loop of this thread with a short timer. `gap`: the longest time between two
 * ticks. `busy`: the longest time the loop was busy between two ticks (event-loop utilisation's
 * active time). `cpu`: the longest time this thread spent on a CPU between two ticks (Linux; null
 * elsewhere) — a block by this thread's own work. On a loaded machine the first two also count
 * time in which the operating system ran other processes; the third does not.
 */
export function watchEventLoop(intervalMs = 2): { stop(): { gap: number; busy: number; cpu: number | null } } {
  let last = performance.now();
  let lastElu = performance.eventLoopUtilization();
  let lastCpu = threadCpuMs();
  let gap = 0;
  let busy = 0;
  let cpu: number | null = lastCpu === null ? null : 0;
  const tick = () => {
    const now = performance.now();
    const elu = performance.eventLoopUtilization();
    gap = Math.max(gap, now - last);
    busy = Math.max(busy, performance.eventLoopUtilization(elu, lastElu).active);
    const onCpu = threadCpuMs();
    if (cpu !== null && onCpu !== null && lastCpu !== null) cpu = Math.max(cpu, onCpu - lastCpu);
    last = now;
    lastElu = elu;
    lastCpu = onCpu;
  };
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return { gap, busy, cpu };
    },
  };
}
