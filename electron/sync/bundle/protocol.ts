// Messages between the import (import.ts, main event loop) and its worker thread (worker.ts).
import type { CheckedBundle } from './check.ts';

export type Phase = 'reading' | 'checking';

export type ToWorker =
  | { kind: 'import'; bytes: Uint8Array; expectedAgreementId?: string }
  /** The recipient's stored documents, in chunks; `last` ends them. */
  | { kind: 'local'; known: boolean; docs: [docId: string, parts: Uint8Array[]][]; last: boolean }
  | { kind: 'restore'; docId: string; before: Uint8Array; imported: Uint8Array; current: Uint8Array[] };

export type FromWorker =
  | { kind: 'progress'; phase: Phase; done: number; total: number }
  /** The bundle's format is verified: send the recipient's state of these documents. */
  | { kind: 'needLocal'; agreementId: string; docIds: string[] }
  /** Everything is checked. `bytes` is the bundle, handed back; `spans` locate each change's update in it. */
  | { kind: 'checked'; result: CheckedBundle; bytes: Uint8Array; spans: [start: number, end: number][] }
  | { kind: 'restored'; docId: string; update: Uint8Array | null }
  /** `userFacing`: a Danish message meant for the user (a refused bundle), else a bug's message. */
  | { kind: 'failed'; message: string; userFacing: boolean };
