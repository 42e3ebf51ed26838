// Electron's safeStorage as the SecretBox that seals device keys (electron/identity/deviceKeyStore.ts).
// Binary keys go through base64, since safeStorage seals strings.
import { safeStorage } from 'electron';
import type { SecretBox } from '../identity/deviceKeyStore.ts';

export const safeStorageBox: SecretBox = {
  isAvailable: () => safeStorage.isEncryptionAvailable(),
  encrypt: (plain) => safeStorage.encryptString(plain.toString('base64')),
  decrypt: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
};
