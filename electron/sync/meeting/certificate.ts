// A fresh self-signed certificate for each meeting: the host serves wss:// with it and shows the
// short form of its SHA-256 fingerprint, which the guest pins (see electron/sync/pinnedSocket.ts).
// Nobody else vouches for it, so the fingerprint read across the table is the whole trust.
import crypto from 'node:crypto';
import selfsigned from 'selfsigned';
import { certificateSha256, shortFingerprint } from './code.ts';

export interface MeetingCertificate {
  /** PEM. */
  cert: string;
  /** PEM, never leaves this process. */
  key: string;
  /** Short form of the SHA-256 fingerprint, as shown to the guest ("5D2K8-HQWM3-XP7TT"). */
  fingerprint: string;
}

/** Valid for a day: a meeting ends the same day, and a new meeting makes a new certificate. */
export async function newMeetingCertificate(address: string): Promise<MeetingCertificate> {
  const now = new Date();
  const ip = /^[\d.]+$/.test(address) || address.includes(':');
  const generated = await selfsigned.generate([{ name: 'commonName', value: `Enighed-møde ${address}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [ip ? { type: 7, ip: address } : { type: 2, value: address }] },
    ],
  });
  const der = new crypto.X509Certificate(generated.cert).raw;
  return { cert: generated.cert, key: generated.private, fingerprint: shortFingerprint(certificateSha256(der)) };
}
