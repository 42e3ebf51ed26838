// Electron's safeStorage as the sealer of this machine's secrets (electron/workspace/secretsFile.ts):
// the OS keychain's key where the OS offers one, else null (an owner-only file, unsealed).
import { safeStorage } from 'electron';
import type { Sealer } from '../workspace/secretsFile.ts';

export function safeSealer(): Sealer | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  return {
    seal: (plain) => safeStorage.encryptString(plain.toString('base64')),
    open: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}
