// The exact bytes each identity signature covers. Every signer and every verifier (main process,
// renderer, server, meeting host, bundle importer) builds them here, so they cannot drift apart.
// Each message names only the fields it signs: extra properties on the value passed in (a stored
// entry's own signature, a field a newer version adds) are left out, never silently signed.
import type { Position } from '../negotiation/position.ts';
import { signingBytes, signingText, signingTextBytes } from './canonical.ts';
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
 *  fields (agreement, section, participant, certificate, prev, prevOwn). */
export function positionMessage(position: Omit<Position, 'sig'>, sig: Omit<PositionSignature, 'signature'>): Uint8Array {
  const text = positionMessageFast(position, sig);
  return text === null ? positionMessageGeneric(position, sig) : signingTextBytes(text);
}

/** positionMessage as the text whose UTF-8 it is, for hashing it without encoding it
 *  (signedBytes.ts: signedHash); null when only the generic encoder can write these fields. */
export function positionMessageText(position: Omit<Position, 'sig'>, sig: Omit<PositionSignature, 'signature'>): string | null {
  return positionMessageFast(position, sig);
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
      prevOwn: sig.prevOwn,
    },
  });
}

// The text whose UTF-8 is positionMessageGeneric's bytes, made by one JSON.stringify of the fields
// placed in canonical key order (a verifier builds one per signature: ~6,000 for a 3,000-clause agreement, and
// the generic encoder's sorting was a third of verifying them). JSON.stringify writes strings and
// finite numbers as canonicalJson does and leaves absent fields out; any value that is not a
// string, a finite number or null (or absent) makes it give up (null), and the generic encoder
// decides.
const plain = (value: unknown): boolean =>
  value === undefined || value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

function positionMessageFast(position: Omit<Position, 'sig'>, sig: Omit<PositionSignature, 'signature'>): string | null {
  const by = position.by as { name?: unknown; organisation?: unknown } | undefined;
  const cert = sig.deviceCert as Partial<DeviceCert> | undefined;
  if (typeof by !== 'object' || by === null || typeof cert !== 'object' || cert === null) return null;
  const p = position as Record<string, unknown>;
  const g = sig as Record<string, unknown>;
  if (
    !plain(p.alternative) || !plain(p.at) || !plain(by.name) || !plain(by.organisation) || !plain(p.clauseId) || !plain(p.reason) ||
    !plain(p.side) || !plain(p.stance) || !plain(p.text) || !plain(p.textHash) || !plain(g.agreementId) || !plain(cert.at) ||
    !plain(cert.deviceKey) || !plain(cert.inviteSignature) || !plain(cert.participantId) || !plain(g.participantId) || !plain(g.prev) ||
    !plain(g.prevOwn) || !plain(g.sectionId) || !plain(g.v)
  ) {
    return null;
  }
  const json = JSON.stringify({
    position: {
      alternative: p.alternative,
      at: p.at,
      by: { name: by.name, organisation: by.organisation },
      clauseId: p.clauseId,
      reason: p.reason,
      side: p.side,
      stance: p.stance,
      text: p.text,
      textHash: p.textHash,
    },
    sig: {
      agreementId: g.agreementId,
      deviceCert: { at: cert.at, deviceKey: cert.deviceKey, inviteSignature: cert.inviteSignature, participantId: cert.participantId },
      participantId: g.participantId,
      prev: g.prev,
      prevOwn: g.prevOwn,
      sectionId: g.sectionId,
      v: g.v,
    },
  });
  return signingText('position', json);
}
