// Messages between the main process and the Word worker (worker.ts). One task per worker: the main
// process starts a worker, sends one request, gets one reply (or a failure) and ends the worker.
import type { ImportPlan, SectionChoice, TargetStructure, TrackedChangesChoice } from '../../shared/word/mapping.ts';
import type { BuiltTarget } from '../../shared/word/buildTargets.ts';
import type { Side } from '../../shared/domain/agreement.ts';
import type { RoundTripInput, RoundTripResult } from '../../shared/word/roundTrip.ts';


export type ToWorker =
  | { kind: 'plan'; bytes: Uint8Array; target: TargetStructure; trackedChanges: TrackedChangesChoice }
  | { kind: 'build'; bytes: Uint8Array; target: TargetStructure; trackedChanges: TrackedChangesChoice; choices: SectionChoice[]; suggestionPrefix: string; side: Side }
  | { kind: 'roundTrip'; bytes: Uint8Array; input: RoundTripInput };

export type FromWorker =
  | { kind: 'plan'; plan: ImportPlan }
  | { kind: 'build'; plan: ImportPlan; targets: BuiltTarget[] }
  | { kind: 'roundTrip'; result: RoundTripResult }
  | { kind: 'failed'; message: string; userFacing: boolean };
