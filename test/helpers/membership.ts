// For the server's membership tests: people with real Ed25519 keys and invitation secrets, signed
// directory entries, redemption over real HTTP, and providers that record how their socket closed.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { Agreement, Role, Side } from '../../shared/domain/agreement.ts';
import { STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import type { ParticipantEntry, ParticipantFields } from '../../shared/identity/shapes.ts';
import { certAgreementId } from '../../shared/identity/invitation.ts';
import { generateKeyPair, type KeyPair } from '../../electron/identity/ed25519.ts';
import { inviteKeyPair, newInviteSecret } from '../../electron/identity/invite.ts';
import { signDeviceCert, signParticipantEntry, type EntrySigner } from '../../electron/identity/sign.ts';

export interface Person {
  id: string;
  name: string;
  organisation: string;
  side: Side;
  role: Role;
  themeGroupIds: string[];
  secret: string;
  device: KeyPair;
}

let n = 0;
export function person(partial: Partial<Person> & Pick<Person, 'name' | 'side' | 'role'>): Person {
  return { id: `p${++n}`, organisation: 'Prøve', themeGroupIds: [], secret: newInviteSecret(), device: generateKeyPair(), ...partial };
}

export function fieldsOf(p: Person, changes: Partial<ParticipantFields> = {}): ParticipantFields {
  return {
    id: p.id,
    name: p.name,
    organisation: p.organisation,
    side: p.side,
    role: p.role,
    themeGroupIds: p.themeGroupIds,
    invitePublicKey: inviteKeyPair(p.secret).publicKey,
    removed: null,
    revokedDevices: [],
    version: 1,
    updatedAt: new Date().toISOString(),
    ...changes,
  };
}

export const rootSigner = (root: KeyPair): EntrySigner => ({ participantId: null, publicKey: root.publicKey, privateKey: root.privateKey });

export function entry(agreementId: string, fields: ParticipantFields, signer: EntrySigner): ParticipantEntry {
  return signParticipantEntry(agreementId, fields, signer);
}

/** Writes directory entries into a structure document. */
export function putEntries(doc: Y.Doc, entries: ParticipantEntry[]): void {
  doc.transact(() => {
    const map = doc.getMap(STRUCTURE_KEYS.participants);
    for (const e of entries) map.set(e.id, e);
  });
}

/** A small agreement with two theme groups (g1 writes s1, g2 writes s2) and the given root key. */
export function agreementWithRoot(id: string, rootKey: string): Agreement {
  return {
    id,
    title: 'Sundhedsaftale med deltagere',
    generation: 4,
    period: { from: 2024, to: 2027 },
    regionPartyId: 'rm',
    createdAt: new Date(0).toISOString(),
    rootKey,
    parties: [],
    areas: [{ id: 'omr', name: 'Træning', mandatory: true, ordinal: 2 }],
    themeGroups: ['g1', 'g2'].map((g, order) => ({ id: g, name: `Temagruppe ${g}`, areaId: 'omr', order, coChairs: { region: null, kommune: null }, members: [] })),
    sections: ['s1', 's2'].map((s, order) => ({
      id: s,
      title: `Afsnit ${s}`,
      part: 'politisk' as const,
      level: 'generel' as const,
      order,
      themeGroupId: s === 's1' ? 'g1' : 'g2',
      partyIds: [],
    })),
  };
}

export interface RedeemResponse {
  status: number;
  body: { deviceToken?: string; participantId?: string; agreementId?: string | null; error?: string };
}

/** POSTs a redemption to the server at `wsUrl` (ws://host:port). */
export async function postRedeem(wsUrl: string, body: unknown, raw?: string): Promise<RedeemResponse> {
  const url = wsUrl.replace(/^ws/, 'http') + '/enighed/redeem';
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: raw ?? JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as RedeemResponse['body'] };
}

/** The redemption request a person's app sends for an invitation (agreementId null: server level). */
export function redeemBody(p: Person, agreementId: string | null, secret = p.secret, device = p.device) {
  return {
    v: 1 as const,
    agreementId,
    participantId: p.id,
    deviceCert: signDeviceCert(certAgreementId(agreementId), p.id, device.publicKey, secret, new Date().toISOString()),
  };
}

export interface Opened {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  outcome: 'synced' | string;
  /** Close codes the socket saw, with when. */
  closes: { code: number; reason: string; at: number }[];
  /** Reasons of refused authentications (after reconnecting, too). */
  refusals: string[];
  destroy(): void;
}

/** Opens one document with a token; resolves once synced or refused. */
export async function openDoc(url: string, docId: string, token: string, doc = new Y.Doc()): Promise<Opened> {
  const closes: Opened['closes'] = [];
  const refusals: string[] = [];
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket, delay: 50, minDelay: 50, maxDelay: 200 });
  socket.on('close', ({ event }: { event: { code: number; reason: string } }) => closes.push({ code: event.code, reason: String(event.reason), at: Date.now() }));
  let provider!: HocuspocusProvider;
  const outcome = await new Promise<string>((resolve) => {
    provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: docId,
      document: doc,
      token,
      onSynced: () => resolve('synced'),
      onAuthenticationFailed: ({ reason }) => {
        refusals.push(reason);
        resolve(reason);
      },
    });
    provider.attach();
  });
  return {
    doc,
    provider,
    socket,
    outcome,
    closes,
    refusals,
    destroy() {
      provider.destroy();
      // A socket still reconnecting (after a refusal) emits an error when closed mid-handshake;
      // nobody listens for it any more.
      (socket as unknown as { webSocket?: { on?: (event: string, f: () => void) => void } }).webSocket?.on?.('error', () => {});
      socket.destroy();
    },
  };
}
