// The device tokens a server issued to this machine when it redeemed an invitation (one per server),
// kept like the device key (electron/identity/deviceKeyStore.ts): sealed with the OS's secret store
// (Electron's safeStorage, the same SecretBox) where one is available, else — the browser test host,
// plain Node — in a file only its owner may read (mode 0600). Never in the workspace's settings.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SecretBox } from '../identity/deviceKeyStore.ts';

export interface DeviceTokens {
  save(server: string, token: string): void;
  /** The token for `server`, or null. */
  get(server: string): string | null;
}

const FileShape = z.object({
  v: z.literal(1),
  sealed: z.boolean(),
  /** base64 of each (sealed) token, by server identity. */
  tokens: z.record(z.string().max(600), z.string().max(4_000)),
});
type FileShape = z.infer<typeof FileShape>;

/** The server identity a token belongs to: scheme, host and port, lower case. */
export function serverIdentity(server: string): string {
  try {
    const url = new URL(server);
    return `${url.protocol}//${url.host}`.toLowerCase();
  } catch {
    return server.trim().toLowerCase();
  }
}

/** `<workspace>.device-tokens` beside the workspace file. */
export function deviceTokens(workspacePath: string, box: SecretBox | null): DeviceTokens {
  const file = `${workspacePath}.device-tokens`;
  const sealed = () => box !== null && box.isAvailable();
  const read = (): FileShape => {
    if (!fs.existsSync(file)) return { v: 1, sealed: sealed(), tokens: {} };
    const parsed = FileShape.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`Filen med denne computers adgangsnøgler (${path.basename(file)}) kan ikke læses.`);
    if (parsed.data.sealed && !sealed()) throw new Error('Adgangsnøglerne er beskyttet af styresystemets nøglering, som ikke er tilgængelig nu.');
    return parsed.data;
  };
  return {
    save(server, token) {
      const current = read();
      // Tokens stored before the secret store was available are sealed now, with the new one.
      const open = (value: string) => (current.sealed ? box!.decrypt(Buffer.from(value, 'base64')) : Buffer.from(value, 'base64'));
      const plain: Record<string, Buffer> = Object.fromEntries(Object.entries(current.tokens).map(([k, v]) => [k, open(v)]));
      plain[serverIdentity(server)] = Buffer.from(token, 'utf8');
      const seal = sealed();
      const next: FileShape = {
        v: 1,
        sealed: seal,
        tokens: Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, (seal ? box!.encrypt(v) : v).toString('base64')])),
      };
      // Written whole to a temporary file (owner-only from its creation), then renamed over the old.
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(next), { mode: 0o600 });
      fs.chmodSync(temp, 0o600);
      fs.renameSync(temp, file);
    },
    get(server) {
      const current = read();
      const value = current.tokens[serverIdentity(server)];
      if (value === undefined) return null;
      const bytes = Buffer.from(value, 'base64');
      return (current.sealed ? box!.decrypt(bytes) : bytes).toString('utf8');
    },
  };
}
