// The messages between the verification pool (verifyPool.ts) and its threads (verifyWorker.ts).
import type { SignatureCheck } from '../../shared/identity/verifier.ts';

export interface ToVerifyWorker {
  id: number;
  checks: SignatureCheck[];
}

export type FromVerifyWorker = { kind: 'ready' } | { kind: 'done'; id: number; results: Uint8Array };
