// The device key of a workspace: one Ed25519 key pair per workspace identity, made on this machine
// in the main process; the private key never leaves it. Stored sealed with the OS's secret store
// (Electron's safeStorage, injected as a SecretBox) where one is available, else — the browser test
// host, plain Node — as PKCS#8 DER in a file only its owner may read (mode 0600). Never as plain
// JSON, and never unsealed on disk when a SecretBox is available.
import fs from 'node:fs';
import path from 'node:path';
import { exportPrivateKey, generateKeyPair, importPrivateKey, type KeyPair } from './ed25519.ts';

/** What Electron's safeStorage offers (encryptString/decryptString over bytes). */
export interface SecretBox {
  isAvailable(): boolean;
  encrypt(plain: Buffer): Buffer;
  decrypt(sealed: Buffer): Buffer;
}

const SEALED_MAGIC = Buffer.from('ENIGHED-SEALED-KEY-1\n', 'utf8');
const PLAIN_MAGIC = Buffer.from('ENIGHED-DEVICE-KEY-1\n', 'utf8');

export class DeviceKeyStore {
  private readonly pairs = new Map<string, KeyPair>();

  /** `basePath`: the workspace file; keys go beside it (`<workspace>.device-<identity>.key`). */
  constructor(
    private readonly basePath: string,
    private readonly box: SecretBox | null = null,
  ) {}

  /** Where the key of `identity` lives. */
  fileOf(identity: string): string {
    const safe = identity.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || 'default';
    return `${this.basePath}.device-${safe}.key`;
  }

  /** Whether keys are sealed by the OS's secret store. */
  get sealed(): boolean {
    return this.box !== null && this.box.isAvailable();
  }

  /** The key pair of `identity`, made and stored on first use. */
  keyPair(identity = 'default'): KeyPair {
    let pair = this.pairs.get(identity);
    if (pair) return pair;
    const file = this.fileOf(identity);
    pair = fs.existsSync(file) ? this.load(file) : this.create(file);
    this.pairs.set(identity, pair);
    return pair;
  }

  private load(file: string): KeyPair {
    const bytes = fs.readFileSync(file);
    if (bytes.subarray(0, SEALED_MAGIC.length).equals(SEALED_MAGIC)) {
      if (!this.sealed) throw new Error('Enhedens nøgle er beskyttet af styresystemets nøglering, som ikke er tilgængelig nu.');
      return importPrivateKey(this.box!.decrypt(bytes.subarray(SEALED_MAGIC.length)));
    }
    if (bytes.subarray(0, PLAIN_MAGIC.length).equals(PLAIN_MAGIC)) {
      const pair = importPrivateKey(bytes.subarray(PLAIN_MAGIC.length));
      // A key stored before the secret store was available is sealed now.
      if (this.sealed) this.write(file, pair);
      return pair;
    }
    throw new Error(`Enhedens nøglefil ${path.basename(file)} kan ikke læses.`);
  }

  private create(file: string): KeyPair {
    const pair = generateKeyPair();
    this.write(file, pair);
    return pair;
  }

  /** Writes atomically (temporary file, then rename), readable only by the owner. */
  private write(file: string, pair: KeyPair): void {
    const der = Buffer.from(exportPrivateKey(pair.privateKey));
    const content = this.sealed ? Buffer.concat([SEALED_MAGIC, this.box!.encrypt(der)]) : Buffer.concat([PLAIN_MAGIC, der]);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, content, { mode: 0o600 });
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, file);
  }
}
