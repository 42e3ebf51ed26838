// Messages between the main process and the Word worker (worker.ts). One task per worker: the main
// process starts a worker, sends one request, gets one reply (or a failure) and ends the worker.
import type { ImportPlan, SectionChoice, TargetStructure, TrackedChangesChoice } from '../../shared/word/mapping.ts';
import type { PMJSON } from '../../shared/word/toProsemirror.ts';
import type { TrackedChange } from '../../shared/word/docxModel.ts';
import type { RoundTripInput, RoundTripResult } from '../../shared/word/roundTrip.ts';

/** A section's content, ready for the main process to check and write. */
export interface BuiltSection {
  choice: SectionChoice;
  doc: PMJSON;
  /** Word changes kept as suggestions, by suggestion id. */
  suggestions: [string, TrackedChange][];
}

export type ToWorker =
  | { kind: 'plan'; bytes: Uint8Array; target: TargetStructure; trackedChanges: TrackedChangesChoice }
  | { kind: 'build'; bytes: Uint8Array; target: TargetStructure; trackedChanges: TrackedChangesChoice; choices: SectionChoice[]; suggestionPrefix: string }
  | { kind: 'roundTrip'; bytes: Uint8Array; input: RoundTripInput };

export type FromWorker =
  | { kind: 'plan'; plan: ImportPlan }
  | { kind: 'build'; plan: ImportPlan; sections: BuiltSection[] }
  | { kind: 'roundTrip'; result: RoundTripResult }
  | { kind: 'failed'; message: string; userFacing: boolean };
