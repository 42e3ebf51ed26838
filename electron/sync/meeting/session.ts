// One meeting as this computer takes part in it, host or guest: the pinned connection to the host,
// what the UI is shown, and how it ends. The workspace service owns the sync connection; a session
// asks it for one through MeetingConnector and hands it back when the meeting is over.
import type { MeetingInfo, Participant } from '../../../shared/api/contract.ts';
import { UserFacingError } from '../../../shared/api/dispatch.ts';
import type { Side } from '../../../shared/domain/agreement.ts';
import type { SyncClient, SyncTarget } from '../syncClient.ts';
import type { JoinClaim } from './joiner.ts';
import { guestToken, startMeeting, THROTTLED_REASON, WRONG_CODE_REASON, type Meeting } from './host.ts';

export interface MeetingConnector {
  /** Whether the workspace holds anything a meeting would carry (an agreement). */
  hasDocuments(): boolean;
  /** Replaces the workspace's sync connection with one to `target` that carries meeting documents only. */
  connect(target: SyncTarget): SyncClient;
  /** Drops the meeting connection and returns to the configured server, if any. */
  resume(): void;
  /** What the UI shows changed (participants, or the meeting ended with a notice). */
  changed(notice?: string): void;
}

/** What the user sees when the host ends the meeting (or the host's app quits). */
export const HOST_ENDED_NOTICE = 'Værten har afsluttet mødet. Alt, hvad der nåede frem, er gemt på denne computer.';

/** How long a join waits for the host to answer. */
const ADMISSION_TIMEOUT_MS = 15_000;
/**
 * Ending waits at most this long for the last changes to go out, and only while connected and
 * behind (when everything is exchanged it does not wait at all). A guest leaves quickly; the host,
 * whose server is on its own machine, can afford to wait for stragglers.
 */
const FLUSH_MS = { host: 5000, guest: 2000 };

export class MeetingSession {
  private ended = false;

  private constructor(
    private readonly role: 'host' | 'guest',
    private readonly address: { url: string; code: string; fingerprint: string },
    private readonly client: SyncClient,
    private readonly meeting: Meeting | null,
    private readonly connector: MeetingConnector,
  ) {}

  /** Hosts a meeting on `address` and syncs this computer with it. */
  static async host(address: string, connector: MeetingConnector): Promise<MeetingSession> {
    requireDocuments(connector);
    const meeting = await startMeeting({ address });
    const client = connector.connect({ url: meeting.url, token: meeting.hostToken, fingerprint: meeting.fingerprint });
    const session = new MeetingSession('host', meeting, client, meeting, connector);
    const admitted = await client.whenAdmitted(ADMISSION_TIMEOUT_MS);
    if (!admitted.ok) {
      connector.resume();
      await meeting.close();
      throw new UserFacingError(`Mødet kunne ikke startes: ${admitted.reason}`);
    }
    meeting.onParticipantsChanged(() => connector.changed());
    return session;
  }

  /** Joins the meeting at `url`; throws (Danish) unless the host admits this computer. */
  static async join(
    target: { url: string; code: string; fingerprint: string },
    profile: { name: string; side: Side | null },
    connector: MeetingConnector,
    claim?: JoinClaim,
  ): Promise<MeetingSession> {
    requireDocuments(connector);
    const client = connector.connect({
      url: target.url,
      token: guestToken(target.code, profile, claim),
      fingerprint: target.fingerprint,
    });
    const admitted = await client.whenAdmitted(ADMISSION_TIMEOUT_MS);
    if (!admitted.ok) {
      connector.resume();
      throw new UserFacingError(joinRefusal(admitted.reason));
    }
    const session = new MeetingSession('guest', target, client, null, connector);
    client.onGoingAway(() => session.finish(HOST_ENDED_NOTICE));
    return session;
  }

  info(): MeetingInfo {
    const participants: Participant[] = this.meeting?.participants() ?? [];
    return { ...this.address, role: this.role, participants };
  }

  /**
   * Ends (host) or leaves (guest) the meeting. While connected it first lets the last changes go
   * out, briefly: everything is saved locally anyway and goes out with the next sync.
   */
  async end(): Promise<void> {
    if (this.ended) return;
    if (this.client.status().state !== 'offline') await this.client.whenSynced(FLUSH_MS[this.role]).catch(() => {});
    await this.finish();
  }

  /** The workspace is closing: stop hosting at once, hand nothing back (the service drops its sync). */
  async abandon(): Promise<void> {
    this.ended = true;
    await this.meeting?.close();
  }

  private async finish(notice?: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.connector.resume();
    this.connector.changed(notice);
    await this.meeting?.close();
  }
}

/** Without a document the host could not even be asked to admit the code. */
function requireDocuments(connector: MeetingConnector): void {
  if (!connector.hasDocuments()) {
    throw new UserFacingError('Der er ingen aftale på denne computer at holde møde om. Opret aftalen, eller indlæs en ændringspakke fra den anden part først.');
  }
}

/** The Danish message for a join the host did not admit. */
function joinRefusal(reason: string): string {
  if (reason === WRONG_CODE_REASON) return 'Forkert mødekode. Tjek koden med værten, og prøv igen.';
  if (reason.startsWith(THROTTLED_REASON)) return `Værten afviser forsøg lige nu: ${reason}.`;
  return `Kunne ikke deltage i mødet. ${reason}`;
}
