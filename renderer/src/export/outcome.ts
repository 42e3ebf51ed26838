// What the export dialog does with exportDocument's answer: download the bytes (the browser test
// host), or report where the Node side saved the file (the app's save dialog), or that nothing was
// saved. Plain, so it is tested in Node (test/unit/export-save.test.ts).
import type { z } from 'zod';
import type { exportMethods } from '../../../shared/api/exportContract.ts';
import type { UnagreedClause } from '../../../shared/print/walk.ts';

/** exportDocument's answer, as the contract declares it. */
export type ExportAnswer = z.infer<typeof exportMethods.exportDocument.result>;

export type ExportOutcome =
  | { kind: 'gate'; clauses: UnagreedClause[] }
  | { kind: 'done'; text: string; download: { bytes: Uint8Array; fileName: string } | null }
  | { kind: 'cancelled'; text: string };

const markedNote = (marked: number) => (marked > 0 ? ` – ${marked === 1 ? 'én klausul er' : `${marked} klausuler er`} markeret som ikke endeligt aftalt` : '');

export function exportOutcome(answer: ExportAnswer): ExportOutcome {
  switch (answer.state) {
    case 'unagreed':
      return { kind: 'gate', clauses: answer.clauses };
    case 'cancelled':
      return { kind: 'cancelled', text: `${answer.fileName} er ikke gemt.` };
    case 'saved':
      return { kind: 'done', text: `Gemt: ${answer.path}${markedNote(answer.marked)}.`, download: null };
    case 'done':
      return { kind: 'done', text: `${answer.fileName} er gemt${markedNote(answer.marked)}.`, download: { bytes: answer.bytes, fileName: answer.fileName } };
  }
}
