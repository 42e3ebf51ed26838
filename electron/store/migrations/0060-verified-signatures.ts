// Signatures this workspace has verified (electron/store/verifiedSignatures.ts): one digest per
// (key, message, signature) that checked out, so reopening an agreement does not verify every
// position again. Only valid verdicts are kept; a missing row only means "verify it".
import type { Migration } from './migration.ts';

export const migration0060: Migration = {
  version: 60,
  name: 'verified-signatures',
  up(db) {
    db.exec(`
      CREATE TABLE verified_signatures (
        -- shared/identity/digest.ts, verdictDigest: SHA-256 over key, signature and message, base64url.
        digest TEXT PRIMARY KEY
      ) STRICT;
    `);
  },
};
