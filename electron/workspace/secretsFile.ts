// This machine's secrets for membership.ts — a device key per server identity and the device token
// the server issued — in one file beside the workspace (`<workspace>.secrets`), never in the
// workspace's settings. Each value is sealed with `seal` (Electron's safeStorage where the OS
// offers it); without one (the browser test host, plain Node) the file is readable by its owner
// only (0600), as shared/identity/ARCHITECTURE.md allows.
// TODO(h1): when electron/identity/deviceKeyStore.ts lands, the device keys move there and this
// file keeps only the tokens through the same sealing.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { exportPrivateKey, generateKeyPair, importPrivateKey, type KeyPair } from '../identity/ed25519.ts';
import type { Secrets } from './membership.ts';

/** Seals and opens secret bytes (safeStorage.encryptString/decryptString in Electron). */
export interface Sealer {
  seal(plain: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

const FileShape = z.object({
  v: z.literal(1),
  sealed: z.boolean(),
  /** base64 of each (sealed) value, by name: `key:<server>` and `token:<server>`. */
  values: z.record(z.string().max(600), z.string().max(20_000)),
});
type FileShape = z.infer<typeof FileShape>;

/** The server identity a key or token belongs to: its address without path or trailing slash. */
function serverIdentity(server: string): string {
  try {
    const url = new URL(server);
    return `${url.protocol}//${url.host}`.toLowerCase();
  } catch {
    return server.toLowerCase();
  }
}

export function secretsFile(workspacePath: string, sealer: Sealer | null): Secrets {
  const file = `${workspacePath}.secrets`;
  const read = (): FileShape => {
    if (!fs.existsSync(file)) return { v: 1, sealed: sealer !== null, values: {} };
    const parsed = FileShape.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`Filen med denne computers nøgler (${file}) kan ikke læses.`);
    if (parsed.data.sealed !== (sealer !== null)) throw new Error(`Filen med denne computers nøgler (${file}) er gemt på en anden måde end denne installation bruger.`);
    return parsed.data;
  };
  const get = (name: string): Buffer | null => {
    const value = read().values[name];
    if (value === undefined) return null;
    const bytes = Buffer.from(value, 'base64');
    return sealer ? sealer.open(bytes) : bytes;
  };
  const put = (name: string, plain: Buffer): void => {
    const current = read();
    const sealed = sealer ? sealer.seal(plain) : plain;
    const next: FileShape = { ...current, values: { ...current.values, [name]: sealed.toString('base64') } };
    // Written whole to a temporary file (owner-only from its creation) and renamed over the old one.
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(next), { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  };
  return {
    deviceKey: (server) => {
      const name = `key:${serverIdentity(server)}`;
      const stored = get(name);
      if (stored) return importPrivateKey(new Uint8Array(stored));
      const made: KeyPair = generateKeyPair();
      put(name, Buffer.from(exportPrivateKey(made.privateKey)));
      return made;
    },
    saveToken: (server, token) => put(`token:${serverIdentity(server)}`, Buffer.from(token, 'utf8')),
    token: (server) => get(`token:${serverIdentity(server)}`)?.toString('utf8') ?? null,
  };
}
