// A large change bundle for the event-loop test and the bundle benchmark: the demo agreement with
// every section grown to a given size of generated Danish text, written in typing bursts at random
// places (so the text is many Yjs structs, as typed text is, not one long string per paragraph).
import path from 'node:path';
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

/** Watches the event loop of this thread: the longest time between two ticks of a short timer. */
export function watchEventLoop(intervalMs = 2): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      longest = Math.max(longest, performance.now() - last);
      return longest;
    },
  };
}
