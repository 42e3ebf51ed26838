// Who made a change bundle: the author block of the header names a participant and their device
// certificate, and carries an Ed25519 signature by that device key over the bundle's content hash.
// The importer checks every change of the bundle against that participant's rights in the
// agreement's directory (check.ts) before anything is written. Rules in ARCHITECTURE.md.
import crypto from 'node:crypto';
import { z } from 'zod';
import { DeviceCert, SignatureB64 } from '../../../shared/identity/shapes.ts';
import { signBytes, verifyBytes } from '../../identity/ed25519.ts';

export const BundleAuthor = z
  .object({
    participantId: z.string().min(1).max(120),
    deviceCert: DeviceCert,
    /** Ed25519 by deviceCert.deviceKey over contentHash(header), base64url. */
    signature: SignatureB64,
  })
  .strict();
export type BundleAuthor = z.infer<typeof BundleAuthor>;

/** What the signature covers: the agreement, the time, and every document's id, payload hash and
 *  state vector (so every byte of every payload, through its hash). */
export interface SignedContent {
  agreementId: string;
  createdAt: string;
  docs: readonly { docId: string; sha256: string; stateVector: string }[];
}

const DOMAIN = 'enighed/bundle/v1\n';

/** SHA-256 of the bundle's signed content, in a fixed encoding (JSON of arrays: no key order). */
export function contentHash(content: SignedContent): Uint8Array {
  const canonical = JSON.stringify([content.agreementId, content.createdAt, content.docs.map((d) => [d.docId, d.sha256, d.stateVector])]);
  return new Uint8Array(crypto.createHash('sha256').update(DOMAIN).update(canonical, 'utf8').digest());
}

/** Null when the author's device key signed `hash`; else why not (Danish). Whether the device
 *  certificate and the participant hold up is the verified directory's (check.ts). */
export function authorSignatureProblem(author: BundleAuthor, hash: Uint8Array): string | null {
  if (author.deviceCert.participantId !== author.participantId) return 'afsenderens enhedscertifikat hører til en anden deltager';
  return verifyBytes(author.deviceCert.deviceKey, hash, author.signature) ? null : 'underskriften passer ikke til pakkens indhold';
}

/** The signature of `hash` with a device's Ed25519 private key (for exportBundle). */
export function signBundleHash(privateKey: crypto.KeyObject, hash: Uint8Array): string {
  return signBytes(privateKey, hash);
}
