// Certificates for TLS tests: a throwaway certificate authority and a server certificate it signed
// for 127.0.0.1, or a bare self-signed one, as PEM files in a folder.
import fs from 'node:fs';
import path from 'node:path';
import selfsigned from 'selfsigned';

export interface CertificateFiles {
  caCert: string;
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

const leafExtensions = [
  { name: 'basicConstraints' as const, cA: false },
  { name: 'keyUsage' as const, digitalSignature: true, keyEncipherment: true },
  { name: 'extKeyUsage' as const, serverAuth: true },
  { name: 'subjectAltName' as const, altNames: [{ type: 7 as const, ip: '127.0.0.1' }] },
];

/** A server certificate for 127.0.0.1 signed by a fresh CA (which only the test trusts). */
export async function caSignedCertificate(dir: string): Promise<CertificateFiles> {
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'Enighed test-CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true },
    ],
  });
  const leaf = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: leafExtensions,
    ca: { key: ca.private, cert: ca.cert },
  });
  return write(dir, 'ca-signed', ca.cert, leaf.cert, leaf.private);
}

/** A self-signed server certificate for 127.0.0.1. */
export async function selfSignedCertificate(dir: string): Promise<CertificateFiles> {
  const own = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], { keyType: 'ec', algorithm: 'sha256', extensions: leafExtensions });
  return write(dir, 'self-signed', own.cert, own.cert, own.private);
}

function write(dir: string, name: string, caCert: string, cert: string, key: string): CertificateFiles {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  fs.writeFileSync(certFile, cert);
  fs.writeFileSync(keyFile, key);
  return { caCert, cert, key, certFile, keyFile };
}
