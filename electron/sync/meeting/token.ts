// What a guest's app sends as its Hocuspocus token when it joins a meeting: the code it was told and
// who it is (the name and side from its profile, and optionally the directory participant it proves
// to be: joiner.ts), so the host can show who joined and hold it to its rights. JSON, checked
// with zod and bounded: anything else is treated as a wrong code.
import { z } from 'zod';
import { Side } from '../../../shared/domain/agreement.ts';
import { JoinClaim } from './joiner.ts';

export const MeetingToken = z
  .object({
    code: z.string().max(40),
    name: z.string().trim().min(1).max(120),
    /** Null when the guest has not filled in a profile yet. */
    side: Side.nullable(),
    /** The directory participant the guest proves to be (joiner.ts); absent for a local profile. */
    claim: JoinClaim.optional(),
  })
  .strict();
export type MeetingToken = z.infer<typeof MeetingToken>;

/** Longest token the host reads; a longer one is refused unparsed. */
const MAX_TOKEN_LENGTH = 2000;

export function encodeMeetingToken(token: MeetingToken): string {
  return JSON.stringify(MeetingToken.parse(token));
}

/** The token, or null for anything that is not one. */
export function decodeMeetingToken(text: string): MeetingToken | null {
  if (text.length > MAX_TOKEN_LENGTH) return null;
  try {
    const parsed = MeetingToken.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
