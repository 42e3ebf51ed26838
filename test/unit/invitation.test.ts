// The invitation text: round trip, and every kind of bad input refused with a Danish message.
import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import { decodeInvitation, encodeInvitation, INVITATION_PREFIX, MAX_INVITATION_CHARS, type Invitation } from '../../shared/identity/invitation.ts';

const bootstrap: Invitation = {
  v: 1,
  server: 'wss://aftaler.example.dk:7420',
  agreementId: null,
  participantId: 'p-sekretariat',
  secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ',
  rootKey: null,
  title: null,
};
const agreement: Invitation = { ...bootstrap, agreementId: 'a1', rootKey: 'A'.repeat(43), title: 'Sundhedsaftale 2024–2027 – Region Ærø' };

describe('invitation text', () => {
  it('round-trips a bootstrap and an agreement invitation (Danish letters included)', () => {
    for (const inv of [bootstrap, agreement]) {
      const text = encodeInvitation(inv);
      expect(text.startsWith(INVITATION_PREFIX)).toBe(true);
      expect(text).toMatch(/^enighed-invitation:[A-Za-z0-9_-]+$/);
      expect(decodeInvitation(`  ${text}\n`)).toEqual(inv);
    }
  });

  it('refuses garbage, a wrong prefix, bad JSON, a bad shape and oversized text with a Danish UserFacingError', () => {
    const body = (value: unknown) => INVITATION_PREFIX + Buffer.from(JSON.stringify(value)).toString('base64url');
    const bad = [
      '',
      'hej',
      encodeInvitation(bootstrap).replace(INVITATION_PREFIX, 'enighed-invite:'),
      INVITATION_PREFIX + 'ikke base64!',
      INVITATION_PREFIX + Buffer.from('{ikke json').toString('base64url'),
      body({ ...bootstrap, v: 2 }),
      body({ ...bootstrap, server: 'http://x' }),
      body({ ...bootstrap, secret: 'kort' }),
      body({ ...bootstrap, rootKey: 'A'.repeat(43) }),
      body({ ...agreement, rootKey: null }),
      INVITATION_PREFIX + 'A'.repeat(MAX_INVITATION_CHARS),
    ];
    for (const text of bad) {
      let error: unknown;
      try {
        decodeInvitation(text);
      } catch (e) {
        error = e;
      }
      expect(error, text.slice(0, 40)).toBeInstanceOf(UserFacingError);
      expect((error as Error).message).toMatch(/invitation/i);
    }
  });
});
