// A large section for compaction tests and the compaction bench: `writers` × 50 paragraphs, each
// writer (its own Yjs client) inserting at the start, so that nothing merges — three Yjs items per
// paragraph (element, text, string), the shape of a long section many people wrote.
import * as Y from 'yjs';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';

export function bigSection(writers: number): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
  for (let w = 0; w < writers; w++) {
    doc.clientID = 10_000 + w;
    doc.transact(() => {
      for (let i = 0; i < 50; i++) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(`afsnit ${w}.${i}`)]);
        fragment.insert(0, [paragraph]);
      }
    });
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Longest gap between ticks of this thread's event loop (1 ms timers) while `until` is pending. */
export async function longestGap(until: Promise<unknown>): Promise<number> {
  let done = false;
  void until.finally(() => (done = true));
  let last = performance.now();
  let longest = 0;
  while (!done) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }
  return longest;
}
