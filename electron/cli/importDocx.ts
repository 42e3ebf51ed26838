// Command-line Word import (issue 11, point 4), the same calls the dialog *Importér fra Word …* makes:
//   npm run import-docx -- <arbejdsområde> <fil.docx> [--dry-run] [--template ID | --agreement ID]
//                          [--keep-changes] [--title TITEL]
// --dry-run prints the mapping as JSON and writes nothing; otherwise the import is written (a new
// agreement from the template, or the matched empty sections of --agreement) and its result printed
// as JSON. Exits 1 with a Danish message on bad input (nothing written), 2 on wrong usage; never
// creates a workspace file. Enighed must not have the workspace open (the file is locked).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDispatcher } from '../../shared/api/dispatch.ts';
import type { Outcome } from '../../shared/api/contract.ts';
import type { WordImportPreview, WordImportTarget } from '../../shared/api/wordContract.ts';
import { MAX_DOCX_BYTES } from '../../shared/word/limits.ts';
import { repoRoot } from '../workspace/paths.ts';
import { WorkspaceService, type Client } from '../workspace/service.ts';

const USAGE = [
  'Brug:',
  '  import-docx <arbejdsområde> <fil.docx> [--dry-run] [--template <skabelon-id> | --agreement <aftale-id>] [--keep-changes] [--title <titel>]',
  '      Importerer en Word-fil fra en tidligere generation: en ny aftale ud fra skabelonen (standard: den første),',
  '      eller de tomme afsnit i en eksisterende aftale (--agreement). --dry-run viser kun, hvordan filen',
  '      bliver fordelt (JSON), og skriver intet. --keep-changes beholder Words registrerede ændringer som',
  '      ændringsforslag; ellers godkendes de.',
  'Enighed må ikke have arbejdsområdet åbent imens: filen er låst, mens programmet kører.',
].join('\n');

const VALUE_FLAGS = ['--template', '--agreement', '--title'];
const BOOLEAN_FLAGS = ['--dry-run', '--keep-changes'];

export async function runImportDocxCli(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (BOOLEAN_FLAGS.includes(arg) && !flags.has(arg)) flags.set(arg, '');
    else if (VALUE_FLAGS.includes(arg) && argv[i + 1] !== undefined && !flags.has(arg)) flags.set(arg, argv[++i]);
    else if (arg.startsWith('--')) positional.length = 99;
    else positional.push(arg);
  }
  if (positional.length !== 2 || (flags.has('--template') && flags.has('--agreement'))) {
    err(USAGE);
    return 2;
  }
  const [workspace, file] = positional;
  if (!fs.existsSync(workspace)) {
    err(`Arbejdsområdet "${workspace}" findes ikke.`);
    return 1;
  }
  let bytes: Uint8Array;
  try {
    if (fs.statSync(file).size > MAX_DOCX_BYTES) {
      err(`Word-filen "${file}" er større end ${MAX_DOCX_BYTES / 1024 / 1024} MB. Den er ikke indlæst.`);
      return 1;
    }
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    err(code === 'ENOENT' ? `Filen "${file}" findes ikke.` : `Filen "${file}" kunne ikke læses: ${(error as Error).message}`);
    return 1;
  }

  const service = WorkspaceService.open({ workspacePath: workspace, templatesDir: path.join(repoRoot, 'resources', 'templates') });
  try {
    if (service.status.state === 'error') {
      err(service.status.message);
      return 1;
    }
    const dispatch = createDispatcher(service.handlers, () => {});
    const client: Client = { id: 'cli', send: () => {} };
    const call = async <T>(method: string, params: unknown): Promise<T | null> => {
      const outcome = (await dispatch(method, params, client)) as Outcome<T>;
      if (outcome.ok) return outcome.value;
      err(outcome.error.message);
      return null;
    };
    const templateId = flags.get('--template');
    const agreementId = flags.get('--agreement');
    let target: WordImportTarget;
    if (agreementId) target = { kind: 'existing', agreementId };
    else {
      const templates = await call<{ id: string }[]>('listTemplates', {});
      if (!templates) return 1;
      target = { kind: 'new', templateId: templateId ?? templates[0].id };
    }
    const trackedChanges = flags.has('--keep-changes') ? 'keep' : 'accept';
    const preview = await call<WordImportPreview>('previewWordImport', { bytes, target, trackedChanges });
    if (!preview) return 1;
    if (flags.has('--dry-run')) {
      out(JSON.stringify({ file: path.basename(file), target, agreementTitle: preview.agreementTitle, plan: preview.plan }, null, 2));
      return 0;
    }
    const title = flags.get('--title');
    const result = await call('applyWordImport', {
      bytes,
      target,
      trackedChanges,
      ...(title ? { title } : {}),
      choices: preview.plan.sections.map(({ index, title: t, part, themeGroupId, targetSectionId }) => ({ index, title: t, part, themeGroupId, targetSectionId })),
    });
    if (!result) return 1;
    out(JSON.stringify(result, null, 2));
    return 0;
  } finally {
    service.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runImportDocxCli(process.argv.slice(2), (l) => console.log(l), (l) => console.error(l)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
