// Membership shared between server instances through Redis (--redis). Each instance keeps its own
// workspace file, so a device that redeemed its invitation on one instance must be known on the
// others, an invitation must be redeemed once across all of them, and a revoked device closed on
// every one. Redis holds the shared registry; each instance copies what it needs into its own
// SQLite (membership.ts):
//   <prefix>:membership:devices    hash: token SHA-256 → the device (JSON)
//   <prefix>:membership:bootstrap  hash: participant id → a bootstrap invitation (JSON)
//   <prefix>:membership:redeemed:<invite key>   SET NX: the one redemption of an invitation
//   <prefix>:membership:revoked    channel: token SHA-256 of a device just revoked
// Directory changes (a participant removed, a device revoked in the structure) reach the other
// instances as structure updates through Hocuspocus' Redis extension; membership.ts keeps each
// agreement's structure loaded while a device of it is connected, so that they arrive.
import type { RedisInstance } from '@hocuspocus/extension-redis';
import { z } from 'zod';
import type { BootstrapInvitationRow, DeviceRow } from '../store/membership.ts';

const SharedDevice = z.object({
  agreementId: z.string().max(120).nullable(),
  participantId: z.string().min(1).max(120),
  deviceKey: z.string().max(100),
  tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string().max(300).nullable(),
  organisation: z.string().max(300).nullable(),
  createdAt: z.string().max(40),
  revokedAt: z.string().max(40).nullable(),
});
export type SharedDevice = z.infer<typeof SharedDevice>;

const SharedBootstrap = z.object({
  inviteKey: z.string().max(100),
  participantId: z.string().min(1).max(120),
  name: z.string().max(300),
  organisation: z.string().max(300),
  createdAt: z.string().max(40),
});

const parse = <T>(schema: z.ZodType<T>, text: string | null): T | null => {
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

export class MembershipRelay {
  private readonly sub: RedisInstance;
  private readonly key: (name: string) => string;

  /** `pub` is a command connection (the Redis extension's); a subscriber is made beside it. */
  constructor(
    private readonly pub: RedisInstance,
    prefix: string,
    onRevoked: (tokenSha256: string) => void,
  ) {
    this.key = (name) => `${prefix}:membership:${name}`;
    this.sub = pub.duplicate();
    // Reconnects by itself; the extension's connections log the outage (server.ts).
    this.sub.on('error', () => {});
    this.sub.on('message', (channel: string, message: string) => {
      if (channel === this.key('revoked') && /^[0-9a-f]{64}$/.test(message)) onRevoked(message);
    });
    void this.sub.subscribe(this.key('revoked')).catch(() => {});
  }

  /** Resolves once the subscriber listens (tests wait for it). */
  async ready(): Promise<void> {
    await this.sub.subscribe(this.key('revoked'));
  }

  /** Claims the one redemption of an invitation key across instances; false when already claimed. */
  async claimRedemption(inviteKey: string, tokenSha256: string): Promise<boolean> {
    return (await this.pub.set(this.key(`redeemed:${inviteKey}`), tokenSha256, 'NX')) === 'OK';
  }

  async shareDevice(device: Omit<DeviceRow, 'id'>): Promise<void> {
    await this.pub.hset(this.key('devices'), device.tokenSha256, JSON.stringify(SharedDevice.parse(device)));
  }

  async findDevice(tokenSha256: string): Promise<SharedDevice | null> {
    return parse(SharedDevice, await this.pub.hget(this.key('devices'), tokenSha256));
  }

  /** Marks the device revoked in the registry and tells every instance. */
  async revoke(device: Omit<DeviceRow, 'id'>, at: string): Promise<void> {
    await this.shareDevice({ ...device, revokedAt: device.revokedAt ?? at });
    await this.pub.publish(this.key('revoked'), device.tokenSha256);
  }

  /** Offers this instance's bootstrap invitations to the others (an existing entry is kept). */
  async shareBootstrap(rows: BootstrapInvitationRow[]): Promise<void> {
    for (const row of rows) await this.pub.hsetnx(this.key('bootstrap'), row.participantId, JSON.stringify(row));
  }

  async findBootstrap(participantId: string): Promise<BootstrapInvitationRow | null> {
    return parse(SharedBootstrap, await this.pub.hget(this.key('bootstrap'), participantId));
  }

  close(): void {
    this.sub.disconnect(false);
  }
}
