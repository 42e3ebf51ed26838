// Meeting mode: a bilateral meeting with no internet. One laptop hosts a sync server on the local
// network (bound to an interface the host picks) and shows its address, a join code and the short
// fingerprint of its certificate; the other joins with them. The host is the project's own sync
// server (electron/server/server.ts) with every message check and limit it has, serving wss:// with
// a fresh self-signed certificate, admitting guests by code (throttled) through the server's
// `authenticate` option instead of an access file,
// and keeping its documents in a temporary workspace that is deleted when the meeting ends: each
// laptop persists everything in its own workspace as it arrives.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Extension, onDisconnectPayload, connectedPayload } from '@hocuspocus/server';
import type { Participant } from '../../../shared/api/contract.ts';
import type { Side } from '../../../shared/domain/agreement.ts';
import { mayTravel } from '../../../shared/documents/routes.ts';
import { startSyncServer, type SyncServer } from '../../server/server.ts';
import type { Authenticate, AuthResult, Participant as ServerParticipant } from '../../server/authenticate.ts';
import type * as Y from 'yjs';
import { newMeetingCertificate } from './certificate.ts';
import { claimProblem, joinerActor, type JoinClaim } from './joiner.ts';
import { newJoinCode, normaliseCode, sameCode } from './code.ts';
import { GuessThrottle, type ThrottleOptions } from './throttle.ts';
import { decodeMeetingToken, encodeMeetingToken } from './token.ts';

/** The reason a guest with a wrong code gets (shown to them). */
export const WRONG_CODE_REASON = 'forkert mødekode';
/** The start of the reason a guest gets while its address (or everyone) must wait. */
export const THROTTLED_REASON = 'for mange forkerte koder';


export interface Meeting {
  /** wss://address:port */
  url: string;
  code: string;
  /** Short SHA-256 fingerprint of the certificate the host serves. */
  fingerprint: string;
  /** The token the host's own app connects with (not shown; it is not a participant). */
  hostToken: string;
  /** Guests connected now, in the order they joined. */
  participants(): Participant[];
  onParticipantsChanged(listener: (participants: Participant[]) => void): () => void;
  /** Closes every connection (guests see code 1001) and deletes the temporary workspace. */
  close(): Promise<void>;
}

export interface MeetingOptions {
  address: string;
  port?: number;
  throttle?: ThrottleOptions;
  log?: (line: string) => void;
}

/** Participant keys (the server counts quotas against them) of the host's app and of guests. */
const HOST_KEY = 'mødevært';
const GUEST_KEY = 'mødegæst:';

export async function startMeeting(options: MeetingOptions): Promise<Meeting> {
  const code = newJoinCode();
  const hostToken = crypto.randomBytes(24).toString('base64url');
  const throttle = new GuessThrottle(options.throttle);
  const certificate = await newMeetingCertificate(options.address);
  /** Per socket: the guest and how many of its document connections are open. */
  const guests = new Map<string, { participant: Participant; open: number }>();
  const listeners = new Set<(participants: Participant[]) => void>();
  const participants = () => [...guests.values()].map((g) => g.participant);
  const changed = () => {
    const list = participants();
    for (const listener of listeners) listener(list);
  };

  const authenticate: Authenticate = ({ token, documentName, address }): AuthResult => {
    if (sameSecret(token, hostToken)) return checkDocument(documentName, { key: HOST_KEY, name: 'Mødevært', side: null, namesItself: true });
    const guest = decodeMeetingToken(token);
    const given = normaliseCode(guest?.code ?? token.slice(0, 40));
    const admitted = throttle.admit(address, given);
    if (!admitted.ok) {
      const reason = `${THROTTLED_REASON} – vent ${Math.ceil(admitted.retryAfterMs / 1000)} s, og prøv igen`;
      return { ok: false, cause: 'unknown-token', reason };
    }
    if (!guest || !sameCode(guest.code, code)) {
      throttle.failed(address, given);
      return { ok: false, cause: 'unknown-token', reason: WRONG_CODE_REASON };
    }
    throttle.succeeded(address);
    // Its rights: what it proved against this meeting's challenge, judged by the structure the host
    // holds at each update (joiner.ts).
    const proven = guest.claim && !claimProblem(guest.claim, certificate.fingerprint) ? guest.claim : null;
    const actorIn = (structure: Y.Doc | null) => joinerActor(structure, proven, guest.side);
    // The quota follows the address, not the name a guest gives itself: a new name must not buy a
    // fresh storage budget.
    // Presence names a guest as its token does; only a proven directory participant counts as vouched for.
    return checkDocument(documentName, { key: `${GUEST_KEY}${address}`, name: guest.name, side: guest.side, actorIn, namesItself: proven === null });
  };

  // Who is connected: the server puts the participant `authenticate` named in each connection's context.
  const presence: Extension = {
    async connected({ socketId, context }: connectedPayload) {
      const participant = (context as { participant?: ServerParticipant }).participant;
      if (!participant?.key.startsWith(GUEST_KEY)) return;
      const known = guests.get(socketId);
      if (known) known.open++;
      else {
        guests.set(socketId, {
          participant: { name: participant.name, side: participant.side as Side | null, joinedAt: new Date().toISOString() },
          open: 1,
        });
        changed();
      }
    },
    async onDisconnect({ socketId }: onDisconnectPayload) {
      const known = guests.get(socketId);
      if (!known || --known.open > 0) return;
      guests.delete(socketId);
      changed();
    },
  };

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-meeting-'));
  let server: SyncServer;
  try {
    server = await startSyncServer({
      dataDir,
      host: options.address,
      port: options.port ?? 0,
      quiet: !options.log,
      log: options.log,
      tls: { cert: certificate.cert, key: certificate.key },
      authenticate,
      extensions: [presence],
      // Wrong codes are throttled by GuessThrottle above, which counts a code once however many
      // documents the app asks for with it. The server's own per-address back-off counts every
      // document: one mistyped code (a join asks for each of the agreement's documents) locked the
      // guest's address out (HTTP 429) when it then typed the right one.
      limits: { authFailuresBeforeBackoff: Number.MAX_SAFE_INTEGER },
    });
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    url: server.url,
    code,
    fingerprint: certificate.fingerprint,
    hostToken,
    participants,
    onParticipantsChanged: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      listeners.clear();
      try {
        await server.close();
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** The token a guest's app joins with; `claim` proves a directory participant (joiner.ts). */
export function guestToken(code: string, profile: { name: string; side: Side | null }, claim?: JoinClaim): string {
  return encodeMeetingToken({ code, name: profile.name, side: profile.side, ...(claim ? { claim } : {}) });
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function checkDocument(documentName: string, participant: ServerParticipant): AuthResult {
  // The other laptop is the other side's: one side's internal threads are never shared here.
  if (!mayTravel(documentName, 'meeting')) {
    return { ok: false, cause: 'no-access', reason: 'interne kommentarer deles ikke på møder', participant };
  }
  return { ok: true, access: 'write', participant };
}
