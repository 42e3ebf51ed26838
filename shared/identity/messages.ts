// The exact bytes each identity signature covers. Every signer and every verifier (main process,
// renderer, server, meeting host, bundle importer) builds them here, so they cannot drift apart.
// Each message names only the fields it signs: extra properties on the value passed in (a stored
// entry's own signature, a field a newer version adds) are left out, never silently signed.
import type { Position } from '../negotiation/position.ts';
import { signingBytes, signingBytesOfJson } from './canonical.ts';
import type { DeviceCert, ParticipantFields, PositionSignature } from './shapes.ts';

/** The bytes the secretariat (root key or a secretariat device) signs for a participant entry. */
export function participantMessage(agreementId: string, fields: ParticipantFields): Uint8Array {
  return signingBytes('participant', {
    agreementId,
    fields: {
      id: fields.id,
      name: fields.name,
      organisation: fields.organisation,
      side: fields.side,
      role: fields.role,
      themeGroupIds: fields.themeGroupIds,
      invitePublicKey: fields.invitePublicKey,
      removed: fields.removed === null ? null : { at: fields.removed.at, standing: fields.removed.standing },
      revokedDevices: fields.revokedDevices.map((r) => ({ deviceKey: r.deviceKey, at: r.at, standing: r.standing })),
      version: fields.version,
      updatedAt: fields.updatedAt,
    },
  });
}

/** The bytes an invitation key signs to vouch for a device key. */
export function deviceCertMessage(agreementId: string, cert: Omit<DeviceCert, 'inviteSignature'>): Uint8Array {
  return signingBytes('device', { agreementId, participantId: cert.participantId, deviceKey: cert.deviceKey, at: cert.at });
}

/** The bytes a device key signs for a position: the position's fields and the signature's other
 *  fields (agreement, section, participant, certificate, prev). */
export function positionMessage(position: Omit<Position, 'sig'>, sig: Omit<PositionSignature, 'signature'>): Uint8Array {
  return positionMessageFast(position, sig) ?? positionMessageGeneric(position, sig);
}

/** positionMessage through canonicalJson: the definition (and what any unexpected value takes). */
export function positionMessageGeneric(position: Omit<Position, 'sig'>, sig: Omit<PositionSignature, 'signature'>): Uint8Array {
  return signingBytes('position', {
    position: {
      clauseId: position.clauseId,
      side: position.side,
      stance: position.stance,
      reason: position.reason,
      alternative: position.alternative,
      textHash: position.textHash,
      text: position.text,
      by: { name: position.by.name, organisation: position.by.organisation },
      at: position.at,
    },
    sig: {
      v: sig.v,
      agreementId: sig.agreementId,
      sectionId: sig.sectionId,
      participantId: sig.participantId,
      deviceCert: {
        participantId: sig.deviceCert.participantId,
        deviceKey: sig.deviceCert.deviceKey,
        at: sig.deviceCert.at,
        inviteSignature: sig.deviceCert.inviteSignature,
      },
      prev: sig.prev,
    },
  });
}

// The same bytes as positionMessageGeneric, written out field by field with the keys already in
// canonical order (a verifier builds one per signature: ~6,000 for a 3,000-clause agreement, and the
// generic encoder's sorting was a third of verifying them). Any value that is not a string, a finite
// number or null (or absent) makes it give up (null), and the generic encoder decides.
const GIVE_UP = Symbol('give up');
function scalar(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && Number.isFinite(value)) return JSON.stringify(value);
  throw GIVE_UP;
}

function object(entries: [string, string | undefined][]): string {
  let out = '{';
  for (const [key, encoded] of entries) {
    if (encoded === undefined) continue;
    if (out.length > 1) out += ',';
    out += `"${key}":${encoded}`;
  }
  return out + '}';
}

function positionMessageFast(position: Omit<Position, 'sig'>, sig: Omit<PositionSignature, 'signature'>): Uint8Array | null {
  try {
    const by = position.by as { name?: unknown; organisation?: unknown } | undefined;
    const cert = sig.deviceCert as Partial<DeviceCert> | undefined;
    if (typeof by !== 'object' || by === null || typeof cert !== 'object' || cert === null) return null;
    const json = object([
      [
        'position',
        object([
          ['alternative', scalar(position.alternative)],
          ['at', scalar(position.at)],
          ['by', object([['name', scalar(by.name)], ['organisation', scalar(by.organisation)]])],
          ['clauseId', scalar(position.clauseId)],
          ['reason', scalar(position.reason)],
          ['side', scalar(position.side)],
          ['stance', scalar(position.stance)],
          ['text', scalar(position.text)],
          ['textHash', scalar(position.textHash)],
        ]),
      ],
      [
        'sig',
        object([
          ['agreementId', scalar(sig.agreementId)],
          ['deviceCert', object([['at', scalar(cert.at)], ['deviceKey', scalar(cert.deviceKey)], ['inviteSignature', scalar(cert.inviteSignature)], ['participantId', scalar(cert.participantId)]])],
          ['participantId', scalar(sig.participantId)],
          ['prev', scalar(sig.prev)],
          ['sectionId', scalar(sig.sectionId)],
          ['v', scalar(sig.v)],
        ]),
      ],
    ]);
    return signingBytesOfJson('position', json);
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  }
}
