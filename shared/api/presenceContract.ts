// The part of the API contract (contract.ts) for presence: who else is on a section and where their
// cursor is. Both directions carry encoded y-protocols awareness updates, bounded; the Node side
// (electron/sync/presence.ts) relays them to and from the sync server. Spread into `methods` and
// `events` there.
import { z } from 'zod';
import { parseDocId } from '../structure/docIds.ts';
import { MAX_PRESENCE_UPDATE_BYTES } from '../presence/presenceState.ts';

const method = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });

const SectionDocId = z.string().max(300).refine((id) => parseDocId(id)?.kind === 'section', 'ikke et afsnits dokument-id');
const AwarenessBytes = (max: number) =>
  z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'forventede binære data').refine((b) => b.byteLength <= max, 'tilstedeværelsen fylder for meget');

/** What the Node side sends: the others on several sections at once (up to 64 people each). */
const MAX_RELAYED_BYTES = 64 * MAX_PRESENCE_UPDATE_BYTES;

export const presenceMethods = {
  /** This window's own awareness entry for a section it has open (one entry; a null state: gone). */
  setPresence: method(z.object({ docId: SectionDocId, update: AwarenessBytes(MAX_PRESENCE_UPDATE_BYTES) }).strict(), z.object({})),
  /** Everyone else present on the agreement's sections now, one encoded update per section. */
  presenceSnapshot: method(
    z.object({ agreementId: z.string().min(1).max(64) }).strict(),
    z.array(z.object({ docId: z.string(), update: AwarenessBytes(MAX_RELAYED_BYTES) })),
  ),
} as const;

export const presenceEvents = {
  /** Others on a section came, moved or left (an encoded awareness update). */
  presence: z.object({ docId: SectionDocId, update: AwarenessBytes(MAX_RELAYED_BYTES) }),
} as const;
