// What one person's presence on a section says, as it travels on the Yjs awareness protocol (y-
// protocols/awareness): who (`user`: name, side, and whether the sync server vouches for the name —
// the server writes these, electron/server/awarenessPolicy.ts) and where their cursor and selection
// are (`cursor`: two Yjs relative positions, written by y-prosemirror's cursor plugin). The renderer
// says only where its cursor is; the Node side adds who from the profile; the server overwrites who
// with the connection's participant. Every state read from elsewhere is parsed here, bounded.
import { z } from 'zod';
import { Side } from '../domain/agreement.ts';

/** The largest encoded awareness update that crosses the renderer ↔ Node bridge. */
export const MAX_PRESENCE_UPDATE_BYTES = 4096;
/** Entries one update from the Node side to the renderer may carry (one per person on a section). */
export const MAX_PRESENCE_ENTRIES = 64;

const YId = z.object({ client: z.number().int().nonnegative(), clock: z.number().int().nonnegative() }).strict();
/** Y.RelativePosition as JSON (a RelativePosition object stringified, or relativePositionToJSON). */
const RelativePositionJson = z
  .object({
    type: YId.nullable().optional(),
    tname: z.string().max(200).nullable().optional(),
    item: YId.nullable().optional(),
    assoc: z.number().int().min(-1).max(1).optional(),
  })
  .strict();

export const CursorState = z.object({ anchor: RelativePositionJson, head: RelativePositionJson }).strict();
export type CursorState = z.infer<typeof CursorState>;

/** What the renderer may say about itself: only where its cursor is (null: not in the text). */
export const LocalPresence = z.object({ cursor: CursorState.nullable().optional() });
export type LocalPresence = z.infer<typeof LocalPresence>;

export const PresenceUser = z.object({
  name: z.string().min(1).max(120),
  side: z.string().max(40).nullable().optional(),
  /** False when the server could not vouch for the name (an open server, a meeting host's own app). */
  verified: z.boolean().optional(),
  color: z.string().regex(/^#[0-9a-f]{6}$/i).optional(),
});
export type PresenceUser = z.infer<typeof PresenceUser>;

/** Someone else's state as received: who, and maybe where. */
export const RemotePresence = z.object({ user: PresenceUser, cursor: CursorState.nullable().optional() });
export type RemotePresence = z.infer<typeof RemotePresence>;

/** Colours per side, the stylesheet's --region, --kommune and --praksis (white text on each passes
 *  WCAG AA, for the cursor labels and avatars). */
export const SIDE_COLOURS: Record<Side, string> = { region: '#2c5f9e', kommune: '#2c7a57', praksis: '#8a5a12' };
const NO_SIDE_COLOUR = '#5c5c5c';

export function sideColour(side: string | null | undefined): string {
  const parsed = Side.safeParse(side);
  return parsed.success ? SIDE_COLOURS[parsed.data] : NO_SIDE_COLOUR;
}

/** Initials for an avatar: "Åse Øster" → "ÅØ". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => [...w][0]?.toUpperCase() ?? '').join('') || '?';
}

/** The state to announce for the local person: who (from the profile) and their cursor. */
export function announcedState(who: { name: string; side: Side | null }, local: LocalPresence): Record<string, unknown> {
  return { user: { name: who.name, side: who.side, color: sideColour(who.side) }, cursor: local.cursor ?? null };
}
