// The certificate and key the server serves wss:// with (`--tls-cert`, `--tls-key`): read and
// checked at start, so a wrong path or a key that does not belong to the certificate stops the
// server with a Danish message instead of failing every handshake later.
import fs from 'node:fs';
import tls from 'node:tls';
import type { TlsOptions } from './options.ts';

/** Largest certificate (chain) or key file read: real ones are a few KB. */
const MAX_PEM_BYTES = 1024 * 1024;

export class TlsFilesError extends Error {
  override name = 'TlsFilesError';
}

/** Both paths or neither: the server serves TLS only with a certificate and its key. */
export function readTlsFiles(certPath: string | undefined, keyPath: string | undefined): TlsOptions | undefined {
  if (!certPath && !keyPath) return undefined;
  if (!certPath || !keyPath) throw new TlsFilesError('Angiv både --tls-cert <fil> og --tls-key <fil> (eller ingen af dem).');
  const cert = readPem(certPath, 'Certifikatfilen');
  const key = readPem(keyPath, 'Nøglefilen');
  try {
    // Fails when the key does not belong to the certificate, or either is not PEM.
    tls.createSecureContext({ cert, key });
  } catch (error) {
    throw new TlsFilesError(`Certifikatet og nøglen kan ikke bruges sammen (${(error as Error).message}).`);
  }
  return { cert, key };
}

function readPem(file: string, what: string): Buffer {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new TlsFilesError(`${what} ${JSON.stringify(file)} findes ikke eller kan ikke læses.`);
  }
  if (size > MAX_PEM_BYTES) throw new TlsFilesError(`${what} ${JSON.stringify(file)} er for stor til at være et certifikat eller en nøgle.`);
  return fs.readFileSync(file);
}
