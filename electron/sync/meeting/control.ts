// The workspace's one meeting at a time: which session is running (or being started), what the
// user must be told afterwards, and the rules the service's handlers ask about. The service keeps
// only the calls; everything meeting-specific is here and in session.ts.
import type { MeetingInfo, MeetingState } from '../../../shared/api/contract.ts';
import { UserFacingError } from '../../../shared/api/dispatch.ts';
import type { Side } from '../../../shared/domain/agreement.ts';
import type { SyncClient, SyncTarget } from '../syncClient.ts';
import { meetingInterfaces } from './interfaces.ts';
import type { JoinClaim } from './joiner.ts';
import { MeetingSession } from './session.ts';

export interface MeetingHost {
  /** Whether the workspace holds anything a meeting would carry (an agreement). */
  hasDocuments(): boolean;
  /** Replaces the workspace's sync connection with one to `target` carrying meeting documents only. */
  connectMeeting(target: SyncTarget): SyncClient;
  /** Back to the configured server, if any (the meeting connection is dropped). */
  resumeSync(): void;
  /** Tells every window the meeting state. */
  broadcast(state: MeetingState): void;
}

export class MeetingControl {
  private session: MeetingSession | null = null;
  /** Being started or joined: the host has not answered yet. */
  private pending = false;
  /** Told to the user after a meeting ended without them (e.g. the host ended it). */
  private notice: string | null = null;

  constructor(private readonly host: MeetingHost) {}

  /** True while a meeting runs or is being set up: the configured server waits until it ends. */
  get active(): boolean {
    return this.session !== null || this.pending;
  }

  state(): MeetingState {
    return { meeting: this.session?.info() ?? null, notice: this.notice };
  }

  /** Hosts a meeting on one of this computer's addresses. */
  async hostOn(address: string): Promise<MeetingInfo> {
    this.requireNone();
    if (!meetingInterfaces().some((i) => i.address === address)) {
      throw new UserFacingError(`Adressen ${address} hører ikke til denne computer.`);
    }
    return this.enter(() => MeetingSession.host(address, this.connector()));
  }

  /** Joins another computer's meeting as the person in `profile` (null: not filled in yet), proving
   *  the directory participant `claim` signs for (joiner.ts), if any. */
  async join(
    target: { url: string; code: string; fingerprint: string },
    profile: { name: string; side: Side } | null,
    claim?: (fingerprint: string) => JoinClaim | null,
  ): Promise<MeetingInfo> {
    this.requireNone();
    const guest = { name: profile?.name ?? 'Unavngiven deltager', side: profile?.side ?? null };
    return this.enter(() => MeetingSession.join(target, guest, this.connector(), claim?.(target.fingerprint) ?? undefined));
  }

  /** Ends (host) or leaves (guest) the meeting; see MeetingSession.end. */
  async end(): Promise<void> {
    this.notice = null;
    await this.session?.end();
  }

  /** The workspace is closing. */
  abandon(): void {
    void this.session?.abandon();
    this.session = null;
  }

  private requireNone(): void {
    if (this.active) throw new UserFacingError('Der er allerede et møde i gang.');
  }

  private async enter(start: () => Promise<MeetingSession>): Promise<MeetingInfo> {
    this.pending = true;
    try {
      this.session = await start();
    } finally {
      this.pending = false;
    }
    this.notice = null;
    this.host.broadcast(this.state());
    return this.session.info();
  }

  private connector() {
    return {
      hasDocuments: () => this.host.hasDocuments(),
      connect: (target: SyncTarget) => this.host.connectMeeting(target),
      resume: () => {
        this.session = null;
        this.host.resumeSync();
      },
      changed: (notice?: string) => {
        if (notice) this.notice = notice;
        this.host.broadcast(this.state());
      },
    };
  }
}
