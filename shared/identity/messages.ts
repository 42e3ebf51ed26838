// The exact bytes each identity signature covers. Every signer and every verifier (main process,
// renderer, server, meeting host, bundle importer) builds them here, so they cannot drift apart.
// Each message names only the fields it signs: extra properties on the value passed in (a stored
// entry's own signature, a field a newer version adds) are left out, never silently signed.
import type { Position } from '../negotiation/position.ts';
import { signingBytes } from './canonical.ts';
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
