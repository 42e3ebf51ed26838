// The Word worker thread: everything that reads a user's .docx (unzip, XML, the mapping) runs here,
// off the main event loop, under its own heap ceiling. It never opens the workspace file: the main
// process sends the target structure (and, for the round trip, the clauses' current text) and
// writes what comes back.
import { parentPort } from 'node:worker_threads';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import { readDocx } from '../../shared/word/readDocx.ts';
import { plannedContent, planImport } from '../../shared/word/mapping.ts';
import { roundTrip } from '../../shared/word/roundTrip.ts';
import { buildTargets, type BuiltSection } from '../../shared/word/buildTargets.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  try {
    const model = readDocx(message.bytes);
    if (message.kind === 'plan') {
      post({ kind: 'plan', plan: planImport(model, message.target, message.trackedChanges) });
    } else if (message.kind === 'roundTrip') {
      post({ kind: 'roundTrip', result: roundTrip(model, message.input) });
    } else {
      const plan = planImport(model, message.target, message.trackedChanges);
      const byIndex = new Map(message.choices.map((c) => [c.index, c]));
      const sections: BuiltSection[] = plan.sections.map((planned) => {
        const choice = byIndex.get(planned.index) ?? planned;
        // The very blocks and rules the plan counted, so the preview's counts are what is written.
        const content = plannedContent(model.body, plan, planned, message.trackedChanges, [], (change) => `${message.suggestionPrefix}${change.type}-${change.id}`);
        return {
          choice: { index: planned.index, title: choice.title, part: choice.part, themeGroupId: choice.themeGroupId, targetSectionId: choice.targetSectionId },
          doc: content.doc,
          suggestions: [...content.suggestions],
        };
      });
      post({ kind: 'build', plan, targets: buildTargets(sections, message.target, message.side) });
    }
  } catch (error) {
    if (error instanceof UserFacingError) post({ kind: 'failed', message: error.message, userFacing: true });
    else post({ kind: 'failed', message: String((error as Error)?.stack ?? error), userFacing: false });
  }
});
