// "Senest redigeret af …": who last edited a section, stored in the section document's meta map so it
// travels with the text. Written at most once per interval while someone types (leading and trailing
// edge, so the stored time is at most one interval old), never for changes received from elsewhere.
import * as Y from 'yjs';
import type { Profile } from '../../../shared/domain/agreement.ts';
import { SECTION_META_LAST_EDIT as LAST_EDIT_KEY } from '../../../shared/documents/keys.ts';
import { LastEdit } from '../../../shared/negotiation/lastEdit.ts';
import { SECTION_META } from '../../../shared/structure/docIds.ts';
import { SECTION_FRAGMENT } from '../../../shared/schema/schema.ts';
import { REMOTE_ORIGIN } from './DocConnection.ts';

export { LastEdit };
export const ATTRIBUTION_INTERVAL_MS = 10_000;

/** Origin of the attribution write itself, so it does not count as an edit. */
const ATTRIBUTION_ORIGIN = Symbol('enighed:attribution');

export function readLastEdit(doc: Y.Doc): LastEdit | null {
  const parsed = LastEdit.safeParse(doc.getMap(SECTION_META).get(LAST_EDIT_KEY));
  return parsed.success ? parsed.data : null;
}

/**
 * Watches local edits of a section's text and records the editor's profile as its last editor.
 * `profile` is read at write time, so a profile changed meanwhile is used. Call dispose() before the
 * document's connection is released: it writes a pending record first.
 */
export function trackAttribution(
  doc: Y.Doc,
  profile: () => Profile | null,
  { intervalMs = ATTRIBUTION_INTERVAL_MS, now = () => Date.now() } = {},
): () => void {
  const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
  let lastWrite = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let dirty = false;

  const write = () => {
    const who = profile();
    dirty = false;
    if (!who) return;
    lastWrite = now();
    const record: LastEdit = { name: who.name, organisation: who.organisation, side: who.side, at: new Date(lastWrite).toISOString() };
    doc.transact(() => doc.getMap(SECTION_META).set(LAST_EDIT_KEY, record), ATTRIBUTION_ORIGIN);
  };

  const onChange = (_events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    if (!transaction.local || transaction.origin === REMOTE_ORIGIN || transaction.origin === ATTRIBUTION_ORIGIN) return;
    dirty = true;
    if (timer) return;
    const wait = Math.max(0, lastWrite + intervalMs - now());
    // Even with no wait, write outside the observer: this runs while Yjs finishes a transaction.
    timer = setTimeout(() => {
      timer = null;
      if (dirty) write();
    }, wait);
  };

  fragment.observeDeep(onChange);
  return () => {
    fragment.unobserveDeep(onChange);
    if (timer) clearTimeout(timer);
    timer = null;
    if (dirty) write();
  };
}
